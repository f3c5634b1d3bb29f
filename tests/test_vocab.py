"""The controlled vocabularies in data/vocab: they conform to the shapes and are big and sound enough."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from policygraph import resources
from policygraph.namespaces import PG
from policygraph.validate import context_graph, validate

VOCABS = resources.vocab_paths()
#: vocabulary file stem -> (class of its entries, least number of entries)
MINIMUM_SIZES = {"agencies": (PG.Agency, 40), "sectors": (PG.Sector, 80), "companies": (PG.Company, 80)}
#: notations of the issuing bodies that the sample digests name
SEED_AGENCIES = (
    "State Council",
    "MIIT",
    "NDRC",
    "MOST",
    "SAMR",
    "CAC",
    "CNIPA",
    "MOE",
    "MCT",
    "NRTA",
    "GASC",
    "MOT",
    "MOFCOM",
    "MEE",
    "NEA",
    "CSRC",
    "NMPA",
)


def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.mark.parametrize("path", VOCABS, ids=lambda p: p.stem)
def test_vocabulary_conforms_to_the_shapes(path: Path) -> None:
    report = validate(_load(path), context=context_graph())
    assert not report.results, f"{path.name}:\n{report}"


@pytest.mark.parametrize("name", sorted(MINIMUM_SIZES))
def test_vocabulary_is_big_enough(name: str) -> None:
    cls, minimum = MINIMUM_SIZES[name]
    entries = set(_load(resources.vocab_path(name)).subjects(RDF.type, cls))
    assert len(entries) >= minimum, f"{name}.ttl has {len(entries)} entries typed {cls}; at least {minimum} needed"


@pytest.mark.parametrize("notation", SEED_AGENCIES)
def test_agency_named_in_the_samples_is_present(notation: str) -> None:
    agencies = _load(resources.vocab_path("agencies"))
    found = [s for s in agencies.subjects(SKOS.notation, Literal(notation)) if (s, RDF.type, PG.Agency) in agencies]
    assert len(found) == 1, f"expected one pg:Agency with skos:notation {notation!r}, found {found}"


@pytest.mark.parametrize("path", VOCABS, ids=lambda p: p.stem)
def test_notations_are_unique(path: Path) -> None:
    holders: defaultdict[str, set[URIRef]] = defaultdict(set)
    for subject, notation in _load(path).subject_objects(SKOS.notation):
        holders[str(notation)].add(subject)
    shared = {n: sorted(s) for n, s in holders.items() if len(s) > 1}
    assert not shared, f"{path.name}: notations used more than once: {shared}"


def test_sector_hierarchy_has_no_cycles() -> None:
    sectors = _load(resources.vocab_path("sectors"))
    broader: defaultdict[URIRef, set[URIRef]] = defaultdict(set)
    for narrow, broad in sectors.subject_objects(SKOS.broader):
        broader[narrow].add(broad)
    cycles = sorted(s for s in list(broader) if s in _ancestors(s, broader))
    assert not cycles, f"sectors on a skos:broader cycle: {cycles}"


def _ancestors(start: URIRef, broader: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Every sector reachable from ``start`` by one or more skos:broader steps."""
    seen: set[URIRef] = set()
    todo = list(broader.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(broader.get(node, ()))
    return seen


@pytest.mark.parametrize(("text", "label"), [
    ("Standing Committee of National People's Congress", "NPCSC"),  # "of the" written "of"
    ("Standing Committee of the National People’s Congress", "NPCSC"),  # a curly apostrophe
    ("the Securities Regulatory Commission", "CSRC"),  # the leading "China" left out
    ("State Council Tariff Commission", "Tariff Commission"),
    ("the Ministry of Foreign Affairs", "MFA"),
    ("国务院新闻办公室", "SCIO"),
    ("the Shenzhen Stock Exchange revised its listing rules", "SZSE"),
])
def test_agency_names_as_digests_shorten_them_resolve(text: str, label: str) -> None:
    from policygraph import resolve

    assert [r.label for r in resolve.agencies().find(text)] == [label]


def test_a_short_name_without_china_is_not_made_from_two_words() -> None:
    from policygraph import resolve

    assert resolve.agencies().find("the Electricity Council met") == []


def test_a_foreign_body_is_not_read_as_the_chinese_one_without_china() -> None:
    from policygraph import resolve

    assert resolve.agencies().find("approved by the US Food and Drug Administration") == []
