"""One resolver for names: every name the parser resolves in a digest (``policygraph.resolve``) resolves to the
same entry as a query parameter (``policygraph.binding``), read from the vocabulary files rather than listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from policygraph import resolve, resources
from policygraph.binding import resolve_iri
from policygraph.errors import QueryParameterError
from policygraph.namespaces import PG
from policygraph.queries import get_query
from policygraph.store import Store, open_store
from policygraph.vocabularies import load_reference_graphs

#: vocabulary file stem -> the class its entries have (the classes whose names the parser resolves)
FILES = {"agencies": PG.Agency, "companies": PG.Company, "sectors": PG.Sector}


@pytest.fixture(scope="module")
def vocab_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding the ontology and the vocabularies only."""
    store = open_store(tmp_path_factory.mktemp("vocab") / "store")
    load_reference_graphs(store)
    yield store
    store.close()


def parser_names(stem: str) -> list[tuple[str, URIRef]]:
    """(name, entry) for every literal of an entry in ``data/vocab/<stem>.ttl`` that the parser's matcher
    resolves to that entry, and every shortened form the matcher knows it by."""
    graph = Graph().parse(resources.vocab_path(stem), format="turtle")
    matcher = resolve.MATCHERS[FILES[stem]]()
    names = []
    for subject in sorted(graph.subjects(RDF.type, FILES[stem])):
        literals = sorted({str(o) for o in graph.objects(subject) if isinstance(o, Literal) and str(o).strip()})
        shortened = [v for text in literals for v in resolve._agency_variants(text)] if stem == "agencies" else []
        for name in literals + shortened:
            ref = matcher.lookup(name)
            if ref is not None and matcher.iris[ref.key] == subject:
                names.append((name, URIRef(subject)))
    return names


def test_the_matchers_cover_the_vocabulary_files() -> None:
    stems = {Path(p).stem for p in resources.vocab_paths()}
    assert set(FILES) <= stems
    assert set(resolve.MATCHERS) == set(FILES.values())


@pytest.mark.parametrize("stem", sorted(FILES))
def test_every_name_the_parser_resolves_resolves_as_a_query_parameter(vocab_store: Store, stem: str) -> None:
    names = parser_names(stem)
    assert len(names) >= len(set(iri for _, iri in names)) > 10, stem
    wrong = [(name, iri, got) for name, iri in names if (got := resolve_iri(vocab_store, name, FILES[stem])) != iri]
    assert not wrong, wrong[:10]


def test_shortened_agency_names_resolve_as_the_parser_reads_them(vocab_store: Store) -> None:
    """A name digests shorten ("Securities Regulatory Commission"), which the store's labels do not hold."""
    variants = [(v, iri) for name, iri in parser_names("agencies") for v in resolve._agency_variants(name)]
    assert variants
    for name, iri in variants:
        assert resolve_iri(vocab_store, name, PG.Agency) == iri, name


def test_a_parameter_is_normalised_as_the_parser_normalises_a_name(vocab_store: Store) -> None:
    """A leading "the", doubled spaces and end punctuation, as in running text."""
    name, iri = next((n, i) for n, i in parser_names("agencies") if len(n.split()) >= 3 and n.isascii())
    for written in (f"the {name}", name.replace(" ", "  "), f"{name}."):
        assert resolve_iri(vocab_store, written, PG.Agency) == iri, written


def test_a_store_without_the_vocabularies_still_says_to_load_them(tmp_path: Path) -> None:
    """The parser's vocabulary is read from the package, but a parameter only resolves to what the store holds."""
    name, _ = parser_names("agencies")[0]
    with open_store(tmp_path / "empty") as store, pytest.raises(QueryParameterError, match="load the vocab"):
        get_query("policies-by-agency").bind(store, {"agency": name})


def test_the_stores_labels_still_resolve_what_the_parser_does_not_match(vocab_store: Store) -> None:
    """IRI keys ("lithium-ion-batteries") are not names in digests; the store's label lookup finds them."""
    keys = sorted({resolve.local_name(iri) for _, iri in parser_names("sectors")})
    unmatched = [key for key in keys if not resolve.iris_named(PG.Sector, key)]
    assert unmatched
    for key in unmatched:
        assert resolve.local_name(resolve_iri(vocab_store, key, PG.Sector)) == key
