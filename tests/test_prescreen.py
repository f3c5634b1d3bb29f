"""The pre-screen changes nothing: a digest's report is the same with it as with pySHACL on every node."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from policygraph import resources
from policygraph.build import build_digest
from policygraph.namespaces import PG
from policygraph.parse import parse_file
from policygraph.prescreen import compile_screen
from policygraph.validate import ValidationReport, context_graph, load_shapes, validate

VALID = Path(__file__).parent / "data" / "digests" / "valid"
DIGESTS = sorted(p for p in VALID.iterdir() if p.suffix in {".txt", ".md"}) + resources.sample_digest_paths()
ID = "https://w3id.org/policygraph/id/"
#: values a mutation puts in place of an object: wrong language, datatype, lexical form, node kind or class
VALUES = (
    Literal("x"), Literal("x", lang="en"), Literal("x", lang="zh"), Literal("x", lang="de"),
    Literal("x", lang="EN-gb"), Literal(0, datatype=XSD.integer), Literal(5), Literal("abc", datatype=XSD.integer),
    Literal("2020", datatype=XSD.gYear), Literal("1999", datatype=XSD.gYear), Literal("2031", datatype=XSD.gYear),
    Literal("1.5", datatype=XSD.decimal), Literal("2020-01-01", datatype=XSD.date), Literal("ff" * 32),
    Literal("2020-13-01", datatype=XSD.date), URIRef(ID + "agency/miit"), URIRef(ID + "sector/batteries"),
    URIRef("http://example.org/x"), URIRef(ID + "policy/Bad_Name"), PG.Policy, PG.Target, PG.Passage,
)


def _key(report: ValidationReport) -> list[tuple[str, ...]]:
    return sorted(tuple(map(str, (r.focus, r.path, r.value, r.source_shape, r.severity, r.message)))
                  for r in report.results)


def _mutate(graph: Graph, rng: random.Random) -> Graph:
    """Remove, replace, add or move a few triples at random."""
    triples = sorted(graph, key=str)
    for _ in range(rng.randint(1, 5)):
        s, p, o = rng.choice(triples)
        kind = rng.randrange(5)
        if kind < 2:
            graph.remove((s, p, o))
        if kind in (1, 2):
            graph.add((s, p, rng.choice(VALUES + (BNode(),))))
        if kind == 3:
            graph.add((s, RDF.type, rng.choice((PG.Policy, PG.Target, PG.Passage, PG.NewsItem))))
        if kind == 4:
            for _, q, v in list(graph.triples((s, None, None))):
                graph.remove((s, q, v))
                graph.add((rng.choice(VALUES[15:19]), q, v))
    return graph


def _same(graph: Graph) -> None:
    before = set(graph)
    try:
        screened = _key(validate(graph, context=context_graph()))
    except Exception as e:  # noqa: BLE001 - the two runs must fail alike too
        screened = [(type(e).__name__,)]
    try:
        full = _key(validate(graph, context=context_graph(), screen=False))
    except Exception as e:  # noqa: BLE001
        full = [(type(e).__name__,)]
    assert set(graph) == before
    assert screened == full


def test_the_shapes_compile() -> None:
    screen = compile_screen(load_shapes())
    assert screen is not None
    assert {shape.node for shape, _ in screen.targets}


@pytest.mark.parametrize("path", DIGESTS, ids=lambda p: p.name)
def test_same_report_on_a_digest(path: Path) -> None:
    _same(build_digest(parse_file(path)).graph)


@pytest.mark.parametrize("seed", range(40))
def test_same_report_on_a_broken_digest(seed: int) -> None:
    rng = random.Random(seed)
    path = DIGESTS[seed % len(DIGESTS)]
    _same(_mutate(build_digest(parse_file(path)).graph, rng))
