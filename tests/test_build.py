"""Digests to graphs: stable IRIs, provenance of every fact, derived growth figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from policygraph import resources
from policygraph.build import build_digest, policy_iri
from policygraph.namespaces import AGENCY, PG, SECTOR
from policygraph.parse import parse_file

LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _sample(stem: str):
    path = next(p for p in resources.sample_digest_paths() if p.stem == stem)
    return build_digest(parse_file(path), LOADED_AT)


def test_every_policy_target_and_news_item_traces_to_a_passage_with_lines() -> None:
    built = _sample("merics-china-industries-2022-12")
    g = built.graph
    facts = [s for cls in (PG.Policy, PG.Target, PG.PolicyNews, PG.CorporateNews) for s in g.subjects(RDF.type, cls)]
    assert len(facts) > 30
    for fact in facts:
        passage = g.value(fact, PROV.wasDerivedFrom)
        assert passage is not None, fact
        assert g.value(passage, PG.inDigest) == built.digest
        assert int(g.value(passage, PG.firstLine)) <= int(g.value(passage, PG.lastLine))


def test_digest_node_carries_publisher_period_authors_checksum_and_load_time() -> None:
    built = _sample("merics-china-industries-2022-12")
    g, d = built.graph, built.digest
    assert g.value(d, DCTERMS.publisher) == Literal("MERICS")
    assert g.value(d, PG.periodStart) == Literal(dt.date(2022, 10, 25), datatype=XSD.date)
    assert len(list(g.objects(d, PG.author))) >= 2
    assert len(str(g.value(d, PG.checksum))) == 64
    assert g.value(d, PROV.generatedAtTime).toPython() == LOADED_AT


def test_same_policy_gets_the_same_iri_from_its_chinese_title() -> None:
    a = policy_iri("Plan A", "关于 “十四五” 规划", dt.date(2022, 1, 1))
    b = policy_iri("Plan A, other translation", "关于“十四五”规划", None)
    assert a == b
    assert policy_iri("Plan A", None, dt.date(2022, 1, 1)) != policy_iri("Plan A", None, dt.date(2022, 1, 2))


def test_targets_carry_growth_factor_and_implied_annual_growth() -> None:
    g = _sample("merics-china-industries-2021-12").graph
    rows = {(float(g.value(t, PG.baselineValue)), float(g.value(t, PG.targetValue))): t
            for t in g.subjects(RDF.type, PG.Target) if g.value(t, PG.baselineValue) is not None}
    target = rows[(15.0, 56.0)]
    assert g.value(target, PG.growthFactor).toPython() == Decimal("3.733333")
    rate = float(g.value(target, PG.annualGrowthRate))
    assert abs((1 + rate) ** 5 - 56 / 15) < 1e-4


def test_policy_news_reports_a_policy_with_its_issuers() -> None:
    g = _sample("merics-china-industries-2022-12").graph
    reported = [(n, p) for n, p in g.subject_objects(PG.reportsPolicy)]
    assert reported
    for news, policy in reported:
        assert (policy, RDF.type, PG.Policy) in g
        assert set(g.objects(news, PG.involvesAgency)) == set(g.objects(policy, PG.issuedBy))
        assert g.value(policy, DCTERMS.issued) == g.value(news, DCTERMS.date)


def test_battery_policy_is_issued_by_miit_and_concerns_batteries() -> None:
    g = _sample("merics-china-industries-2022-12").graph
    battery = [p for p in g.subjects(PG.concernsSector, SECTOR["lithium-ion-batteries"])
               if (p, PG.issuedBy, AGENCY.miit) in g]
    assert len(battery) == 1
    assert g.value(battery[0], PG.leadIssuer) == AGENCY.miit


GOLDEN = sorted(p for p in (Path(__file__).parent / "data" / "digests" / "valid").glob("*")
                if p.suffix in {".txt", ".md"})


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_digest_builds_the_golden_graph(path: Path, update_golden: bool) -> None:
    built = build_digest(parse_file(path), LOADED_AT).graph
    expected_path = path.with_suffix(".expected.ttl")
    if update_golden:
        built.serialize(expected_path, format="turtle")
        pytest.skip(f"wrote {expected_path.name}")
    assert expected_path.exists(), f"{expected_path.name} is missing: run pytest --update-golden once"
    expected = Graph().parse(expected_path, format="turtle")
    if not isomorphic(built, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(built))
        pytest.fail(f"{path.name}: graph differs\nmissing:\n{missing.serialize(format='nt')}\n"
                    f"unexpected:\n{extra.serialize(format='nt')}")
