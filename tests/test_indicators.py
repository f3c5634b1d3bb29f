"""Indicators: a target's metric is matched to an indicator of data/vocab/indicators.ttl, and the targets of
several policies for one indicator come back from ``indicator-series`` as one series.

The cases are in ``tests/data/indicators/cases.json``; the three digests beside it are made up, in the MERICS
markdown layout, each reporting one policy with an R&D-intensity target (one also sets a company R&D target,
which must stay out of the series).
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from policygraph import indicators, resources
from policygraph.build import build_digest
from policygraph.indicators import indicator_for, normalise
from policygraph.ingest import ingest_file
from policygraph.namespaces import INDICATOR, PG
from policygraph.parse import parse_file
from policygraph.queries import get_query
from policygraph.store import Store
from policygraph.store.embedded import EmbeddedStore
from policygraph.vocabularies import load_reference_graphs

DATA = Path(__file__).parent / "data" / "indicators"
CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))["cases"]
DIGESTS = sorted(DATA.glob("*.md"))
VOCAB = Graph().parse(resources.vocab_path("indicators"), format="turtle")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_target_is_matched_to_the_expected_indicator(case: dict) -> None:
    found = indicator_for(case["metric"], case["unit"], case["text"])
    assert (found[0] if found else None) == case["expected"]


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"]], ids=lambda c: c["id"])
def test_the_reported_label_is_a_label_of_the_indicator(case: dict) -> None:
    key, label = indicator_for(case["metric"], case["unit"], case["text"]) or ("", "")
    labels = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in VOCAB.objects(INDICATOR[key], p)}
    assert label in labels
    assert normalise(label) in normalise(case["metric"]) or normalise(label) in normalise(case["text"])


def test_docstring_examples() -> None:
    result = doctest.testmod(indicators)
    assert result.attempted > 0 and result.failed == 0


def test_every_case_names_an_indicator_that_exists() -> None:
    keys = {str(s).removeprefix(str(INDICATOR)) for s in VOCAB.subjects(RDF.type, PG.Indicator)}
    assert {c["expected"] for c in CASES if c["expected"]} <= keys


def test_the_vocabulary_is_a_concept_scheme_of_a_useful_size() -> None:
    indicators = set(VOCAB.subjects(RDF.type, PG.Indicator))
    assert 12 <= len(indicators) <= 40
    for node in indicators:
        assert (node, RDF.type, SKOS.Concept) in VOCAB
        langs = {o.language for o in VOCAB.objects(node, SKOS.prefLabel) if isinstance(o, Literal)}
        assert {"en", "zh"} <= langs, node
        assert VOCAB.value(node, SKOS.definition) is not None, node


def test_no_phrasing_is_shared_by_two_indicators() -> None:
    owners: dict[str, set[URIRef]] = {}
    for p in (SKOS.prefLabel, SKOS.altLabel):
        for s, o in VOCAB.subject_objects(p):
            owners.setdefault(normalise(str(o)), set()).add(s)
    assert not {label: s for label, s in owners.items() if len(s) > 1}


def test_the_build_records_the_indicator_and_the_label_that_matched() -> None:
    built = build_digest(parse_file(DATA / "merics-china-industries-2021-05.md")).graph
    matched = {(str(i).removeprefix(str(INDICATOR)), str(built.value(t, PG.indicatorBasis)))
               for t, i in built.subject_objects(PG.measures)}
    assert matched == {("rd-intensity", "R&D spending as a share of GDP"),
                       ("enterprise-rd-intensity", "R&D intensity of enterprises")}


@pytest.fixture(scope="module")
def series_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The vocabularies plus the three made-up digests, ingested in reverse order."""
    store = EmbeddedStore(tmp_path_factory.mktemp("indicators") / "store")
    load_reference_graphs(store)
    for path in reversed(DIGESTS):
        ingest_file(store, path, loaded_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    yield store
    store.close()


def test_indicator_series_joins_the_targets_of_three_policies_in_year_order(series_store: Store) -> None:
    rows = get_query("indicator-series").run(series_store, {"indicator": "R&D intensity"})
    assert len(DIGESTS) == 3
    assert {r["indicator"] for r in rows} == {INDICATOR["rd-intensity"]}
    assert len({r["policy"] for r in rows}) == 3
    assert [(str(r["target_year"]), str(r["issued"]), float(r["target_value"])) for r in rows] == [
        ("2025", "2021-04-22", 2.8), ("2030", "2023-03-20", 3.0), ("2030", "2026-02-02", 3.2)]
    assert [r.get("baseline_value") for r in rows] == [
        Literal("2.4", datatype=XSD.decimal), None, Literal("2.7", datatype=XSD.decimal)]
    assert [str(r["basis"]) for r in rows] == [
        "R&D spending as a share of GDP", "R&D intensity", "R&D expenditure as a share of GDP"]
    assert all(str(r["passage"]).startswith(str(r["digest"]).replace("/digest/", "/passage/")) for r in rows)


@pytest.mark.parametrize("value", ["rd-intensity", "indicator:rd-intensity", "R&D intensity", "研发经费投入强度",
                                   str(INDICATOR["rd-intensity"])])
def test_the_indicator_parameter_takes_a_key_label_curie_or_iri(series_store: Store, value: str) -> None:
    assert get_query("indicator-series").bind(series_store, {"indicator": value})["indicator"] == INDICATOR[
        "rd-intensity"]


def test_company_rd_targets_form_a_series_of_their_own(series_store: Store) -> None:
    rows = get_query("indicator-series").run(series_store, {"indicator": "enterprise-rd-intensity"})
    assert [(str(r["target_year"]), float(r["target_value"])) for r in rows] == [("2025", 1.9)]
