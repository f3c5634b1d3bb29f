"""The SHACL shapes: every valid example conforms, every invalid one is caught by the shape its name gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH, SKOS

from policygraph import resources
from policygraph.namespaces import PG, PGSH
from policygraph.validate import class_facts, load_shapes, validate

DATA = Path(__file__).parent / "data" / "shapes"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: predicates whose values are shapes used inside another shape (no target of their own)
NESTING = (SH.node, SH["not"], SH.qualifiedValueShape)
#: the kinds of vocabulary entries that a digest graph links to, for the context test
VOCAB_CLASSES = (
    PG.Agency,
    PG.Sector,
    PG.Company,
    PG.DocumentType,
    PG.PolicyStatus,
    PG.AgencyKind,
    PG.Qualifier,
    PG.Ownership,
    SKOS.ConceptScheme,
)


def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _named_shape(path: Path) -> URIRef:
    return PGSH[path.stem.split("--")[0]]


def _checked_shapes(shapes: Graph) -> set[URIRef]:
    """Shapes that can report a result: node shapes with a target and their property shapes."""
    targeted = {s for p in TARGETS for s in shapes.subjects(p, None)}
    return targeted | {p for s in targeted for p in shapes.objects(s, SH.property)}


def _building_blocks(shapes: Graph) -> set[URIRef]:
    """Shapes used only inside other shapes (via sh:node, sh:not, sh:qualifiedValueShape), with their properties."""
    nested = {o for p in NESTING for o in shapes.objects(None, p)}
    return nested | {p for s in nested for p in shapes.objects(s, SH.property)}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_has_no_result(path: Path) -> None:
    report = validate(_load(path))
    assert not report.results, f"{path.name} should give no SHACL result:\n{report}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_is_caught_by_the_named_shape(path: Path) -> None:
    shape = _named_shape(path)
    severity = load_shapes().value(shape, SH.severity) or SH.Violation
    report = validate(_load(path))
    caught = [r for r in report.results if r.source_shape == shape]
    assert caught, f"{path.name}: {shape} reported nothing; results were:\n{report}"
    assert {r.severity for r in caught} == {severity}
    assert all(r.message and not r.message.startswith("failed ") for r in caught)
    if severity == SH.Violation:
        assert not report.conforms


def test_every_shape_has_an_invalid_example() -> None:
    missing = _checked_shapes(load_shapes()) - {_named_shape(p) for p in INVALID}
    assert not missing, "no tests/data/shapes/invalid/<Shape>--<what>.ttl for: " + ", ".join(sorted(missing))


def test_every_invalid_example_names_a_shape_that_can_report() -> None:
    checked = _checked_shapes(load_shapes())
    unknown = sorted(p.name for p in INVALID if _named_shape(p) not in checked)
    assert not unknown, f"these files name no shape with a target or a property shape: {unknown}"


def test_every_shape_has_an_iri_a_type_and_is_used() -> None:
    shapes = load_shapes()
    typed = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    used = {o for p in (SH.property, *NESTING) for o in shapes.objects(None, p)}
    assert not [s for s in typed | used if not isinstance(s, URIRef)], "blank-node shapes in shapes/"
    assert used <= typed, f"shapes used but not typed: {sorted(used - typed)}"
    assert typed == _checked_shapes(shapes) | _building_blocks(shapes), "shapes that are never applied"


def test_every_checked_shape_has_an_english_message() -> None:
    shapes = load_shapes()
    silent = [s for s in _checked_shapes(shapes) if not any(m.language == "en" for m in shapes.objects(s, SH.message))]
    assert not silent, f"shapes without sh:message@en: {sorted(silent)}"


def test_shapes_readme_describes_every_shape(repo: Path) -> None:
    readme = (repo / "shapes" / "README.md").read_text(encoding="utf-8")
    shapes = load_shapes()
    named = _checked_shapes(shapes) | _building_blocks(shapes)
    absent = sorted(s for s in named if f"`{s.removeprefix(str(PGSH))}`" not in readme)
    assert not absent, f"shapes/README.md does not list: {absent}"


def test_every_shapes_file_follows_the_naming_convention() -> None:
    assert resources.shape_paths(), "no shapes/*.shapes.ttl found"
    for path in resources.shape_paths():
        subjects = {s for s in _load(path).subjects() if isinstance(s, URIRef)}
        assert subjects and all(s.startswith(str(PGSH)) for s in subjects), path.name


def test_context_supplies_classes_and_is_not_validated() -> None:
    """Linked vocabulary entries need only their type in the context, and are not validated themselves."""
    full = _load(DATA / "valid" / "digest-graph.ttl")
    vocab = {s for c in VOCAB_CLASSES for s in full.subjects(RDF.type, c)}
    data = Graph()
    data += ((s, p, o) for s, p, o in full if s not in vocab)
    context = class_facts(full)
    assert not validate(data, context=context).results
    assert not validate(data).conforms, "without the context, links to the vocabulary must fail sh:class"


def test_blank_node_focus_is_validated_with_a_context() -> None:
    data = Graph()
    data.add((BNode(), RDF.type, PG.Policy))
    report = validate(data, context=Graph())
    assert PGSH["DerivedFactShape"] in {r.source_shape for r in report.violations}


def test_empty_graph_conforms() -> None:
    assert validate(Graph(), context=Graph()).conforms
    assert validate(Graph()).conforms
