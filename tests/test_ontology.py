"""The ontology: it parses, every term is documented, namespaces.py matches it, and HermiT finds it consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policygraph import resources
from policygraph.errors import ReasonerError
from policygraph.namespaces import PG
from policygraph.reason import run_reasoner

ONTOLOGY = Graph().parse(resources.ontology_path(), format="turtle")
NS = str(PG._NS)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TERMS = sorted({s for k in KINDS for s in ONTOLOGY.subjects(RDF.type, k) if str(s).startswith(NS)})
DATA = Path(__file__).parent / "data"
needs_java = pytest.mark.skipif(
    shutil.which(owlready2.JAVA_EXE) is None,
    reason=f"Java ({owlready2.JAVA_EXE!r}) is not on PATH; the HermiT reasoner needs a Java runtime",
)


def _english(term: URIRef, predicate: URIRef) -> list[Literal]:
    return [o for o in ONTOLOGY.objects(term, predicate) if isinstance(o, Literal) and o.language == "en"]


def test_ontology_has_a_versioned_header() -> None:
    header = URIRef(NS.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(header, OWL.versionIRI) is not None
    assert len(TERMS) > 40


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.removeprefix(NS))
def test_term_has_an_english_label_and_definition(term: URIRef) -> None:
    assert len(_english(term, RDFS.label)) == 1, f"{term}: needs exactly one rdfs:label@en"
    assert len(_english(term, SKOS.definition)) == 1, f"{term}: needs exactly one skos:definition@en"


def test_every_pg_iri_used_is_declared() -> None:
    used = {t for triple in ONTOLOGY for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used == set(TERMS), f"used but not declared: {sorted(used - set(TERMS))}"


def test_namespaces_module_declares_exactly_the_ontology_terms() -> None:
    declared = {PG[name] for name in PG.__annotations__}
    assert declared == set(TERMS), (
        f"missing from namespaces.PG: {sorted(set(TERMS) - declared)}; "
        f"not in the ontology: {sorted(declared - set(TERMS))}"
    )


@needs_java
def test_ontology_and_vocabularies_are_consistent() -> None:
    result = run_reasoner()
    assert result.consistent, result.message
    assert not result.unsatisfiable_classes, result.message


@needs_java
def test_a_digest_graph_with_dates_and_years_is_consistent() -> None:
    """HermiT does not know xsd:date or xsd:gYear; reasoning over a digest graph must still work."""
    digest = Graph().parse(DATA / "shapes" / "valid" / "digest-graph.ttl", format="turtle")
    assert run_reasoner(digest, context=ONTOLOGY).consistent


@needs_java
def test_reasoner_infers_classes_from_domains_and_ranges() -> None:
    policy, agency = URIRef("urn:example:policy"), URIRef("urn:example:agency")
    data = Graph()
    data.add((policy, PG.issuedBy, agency))
    inferred = set(run_reasoner(data, context=ONTOLOGY).inferred_types)
    assert {(policy, PG.Policy), (agency, PG.Agency)} <= inferred


@needs_java
def test_an_agency_that_is_also_a_company_is_inconsistent() -> None:
    fixture = Graph().parse(DATA / "ontology" / "agency-and-company.ttl", format="turtle")
    result = run_reasoner(fixture, context=ONTOLOGY)
    assert not result.consistent
    assert result.message.startswith("Inconsistent")


def test_missing_java_is_a_reasoner_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-for-policygraph")
    with pytest.raises(ReasonerError, match="Java is needed for the HermiT reasoner"):
        run_reasoner(context=ONTOLOGY)
