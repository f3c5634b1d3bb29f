"""The derived hierarchy closures (pg:withinAgency, pg:withinSector) equal the property paths they replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.namespaces import AGENCY, PG, SECTOR
from policygraph.store import Store
from policygraph.vocabularies import HIERARCHY_GRAPH, hierarchy_closure

PATHS = {
    "withinSector": """
        PREFIX pg: <https://w3id.org/policygraph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?a ?b WHERE { GRAPH ?g { ?a a pg:Sector } ?a skos:broader* ?b }""",
    "withinAgency": """
        PREFIX pg: <https://w3id.org/policygraph/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT DISTINCT ?a ?b WHERE { GRAPH ?g { ?a a pg:Agency } ?a org:subOrganizationOf* ?b }""",
}
DERIVED = "SELECT ?a ?b WHERE {{ GRAPH <{graph}> {{ ?a <{prop}> ?b }} }}"


@pytest.mark.parametrize("name", sorted(PATHS))
def test_the_closure_in_the_store_equals_the_property_path(loaded_store: Store, name: str) -> None:
    path = {(r["a"], r["b"]) for r in loaded_store.select(PATHS[name])}
    derived = {(r["a"], r["b"]) for r in loaded_store.select(DERIVED.format(graph=HIERARCHY_GRAPH, prop=PG[name]))}
    assert derived == path
    assert any(a != b for a, b in derived), "the vocabulary should have a hierarchy"


def test_sub_bodies_and_sub_sectors_are_within_their_parents() -> None:
    from policygraph.vocabularies import reference_files

    closure = hierarchy_closure(reference_files().values())
    assert (AGENCY.nea, PG.withinAgency, AGENCY.ndrc) in closure
    assert (AGENCY.ndrc, PG.withinAgency, AGENCY.ndrc) in closure
    assert (SECTOR["lithium-ion-batteries"], PG.withinSector, SECTOR.batteries) in closure
    assert (SECTOR.batteries, PG.withinSector, SECTOR["lithium-ion-batteries"]) not in closure


def test_a_lone_node_is_within_itself_and_a_cycle_ends(tmp_path: Path) -> None:
    vocab = tmp_path / "tiny.ttl"
    vocab.write_text("""
        @prefix pg: <https://w3id.org/policygraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix s: <https://w3id.org/policygraph/id/sector/> .
        s:alone a pg:Sector .
        s:a a pg:Sector ; skos:broader s:b .
        s:b a pg:Sector ; skos:broader s:a .
    """)
    closure = {(str(a).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1]) for a, _, b in hierarchy_closure([vocab])}
    assert closure == {("alone", "alone"), ("a", "a"), ("a", "b"), ("b", "b"), ("b", "a")}
