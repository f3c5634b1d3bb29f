"""One store contract, run on every backend (oxigraph's abstract store test pattern).

:class:`StoreContract` holds the behaviour every :class:`policygraph.store.Store` must show; a backend
subclasses it and says how to open a store at a location: the embedded store, and a real Oxigraph server
and a real Virtuoso server on loopback (started by the fixtures in ``conftest.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from policygraph.errors import StoreError
from policygraph.store import DUMP_FORMATS, Store, open_store
from policygraph.store import embedded as embedded_module
from policygraph.store.embedded import EmbeddedStore
from policygraph.store.endpoint import endpoint_for
from policygraph.store.remote import RemoteStore
from policygraph.store.terms import LangString, ntriples, plain

EX = Namespace("http://example.org/")
G1, G2 = EX["graph/one"], EX["graph/two"]

#: literals that must come back from the store exactly as they went in
TRICKY_LITERALS = [
    Literal('quote " and backslash \\ and brace } ; DROP ALL ; #'),
    Literal("escape-looking text \\u0022 } and \\U00000022"),
    Literal("line one\nline two\r\ttab"),
    Literal("锂离子电池", lang="zh"),
    Literal("Batteries", lang="en"),
    Literal("2025", datatype=XSD.gYear),
    Literal("0.338866", datatype=XSD.decimal),
]


def small_graph(n: int = 3) -> Graph:
    """``n`` things, each with a label and a type."""
    g = Graph()
    for i in range(n):
        g.add((EX[f"thing{i}"], RDF.type, EX.Thing))
        g.add((EX[f"thing{i}"], EX.label, Literal(f"thing {i}", lang="en")))
    return g


class StoreContract:
    """What every backend must do. Subclasses implement :meth:`open`."""

    def open(self, location: Path) -> Store:
        raise NotImplementedError

    @pytest.fixture
    def location(self, tmp_path: Path) -> Path:
        return tmp_path / "store"

    @pytest.fixture
    def store(self, location: Path) -> Iterator[Store]:
        store = self.open(location)
        yield store
        store.close()

    # -- writing ------------------------------------------------------------------------------------------

    def test_a_new_store_is_empty(self, store: Store) -> None:
        assert store.quad_count() == 0
        assert store.graph_names() == []

    def test_replace_graph_loads_the_triples_into_that_graph(self, store: Store) -> None:
        store.replace_graph(G1, small_graph())
        assert store.quad_count() == 6
        assert store.graph_names() == [G1]
        assert store.has_graph(G1) and not store.has_graph(G2)

    def test_a_graph_handed_over_as_n_triples_is_stored_as_the_graph_itself(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(), ntriples(small_graph()))
        store.replace_graph(G2, small_graph())
        assert isomorphic(store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"),
                          store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}"))
        store.replace_graph(G1, small_graph(1), ntriples(small_graph(1)))  # replacing: one update
        assert store.quad_count() == 6 + 2

    def test_loading_the_same_graph_twice_leaves_the_quad_count_unchanged(self, store: Store) -> None:
        store.replace_graph(G1, small_graph())
        store.replace_graph(G1, small_graph())
        assert store.quad_count() == 6

    def test_replace_replaces_rather_than_merges(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(3))
        store.replace_graph(G1, small_graph(1))
        assert store.quad_count() == 2

    def test_replace_with_blank_nodes_is_idempotent(self, store: Store) -> None:
        g = Graph()
        node = BNode()
        g.add((EX.a, EX.has, node))
        g.add((node, EX.value, Literal(1)))
        store.replace_graph(G1, g)
        store.replace_graph(G1, g)
        assert store.quad_count() == 2
        rows = store.select("SELECT ?v WHERE { <http://example.org/a> <http://example.org/has> ?n . ?n ?p ?v }")
        assert rows == [{"v": Literal(1)}]

    def test_other_graphs_are_left_alone(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(2))
        store.replace_graph(G2, small_graph(1))
        store.replace_graph(G1, small_graph(3))
        assert store.quad_count() == 8
        assert store.graph_names() == [G1, G2]

    def test_delete_graph(self, store: Store) -> None:
        store.replace_graph(G1, small_graph())
        store.replace_graph(G2, small_graph())
        store.delete_graph(G1)
        assert store.graph_names() == [G2]
        assert store.quad_count() == 6

    def test_deleting_a_missing_graph_does_nothing(self, store: Store) -> None:
        store.delete_graph(G1)
        assert store.quad_count() == 0

    @pytest.mark.parametrize(
        "bad_triple",
        [
            (EX.a, EX.p, URIRef("http://example.org/not an iri")),
            (EX.a, URIRef("http://example.org/p> } ; DROP ALL ; <x"), Literal("x")),
            (EX.a, EX.p, Literal("x", datatype=URIRef("bad datatype iri"))),
            (EX.a, Literal("a literal predicate"), Literal("x")),
        ],
        ids=["bad-iri", "injected-iri", "bad-datatype-iri", "literal-predicate"],
    )
    def test_a_failing_replace_leaves_the_store_unchanged(self, store: Store, bad_triple: tuple) -> None:
        store.replace_graph(G1, small_graph())
        before = store.dump("nquads")
        bad = small_graph(5)
        bad.add(bad_triple)
        with pytest.raises(StoreError):
            store.replace_graph(G1, bad)
        assert store.dump("nquads") == before

    # -- reading ------------------------------------------------------------------------------------------

    def test_select_sees_the_union_of_all_graphs(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(2))
        store.replace_graph(G2, small_graph(3))
        rows = store.select("SELECT DISTINCT ?s WHERE { ?s a <http://example.org/Thing> } ORDER BY ?s")
        assert [r["s"] for r in rows] == [EX.thing0, EX.thing1, EX.thing2]

    def test_select_can_name_graphs(self, store: Store) -> None:
        store.replace_graph(G2, small_graph(1))
        rows = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert rows == [{"g": G2}]

    def test_select_returns_rdflib_terms_and_leaves_out_unbound(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(1))
        rows = store.select(
            "SELECT ?s ?label ?missing WHERE { ?s <http://example.org/label> ?label "
            "OPTIONAL { ?s <http://example.org/nothing> ?missing } }"
        )
        assert rows == [{"s": EX.thing0, "label": Literal("thing 0", lang="en")}]

    def test_plain_rows_are_the_rdflib_rows_as_plain_values(self, store: Store) -> None:
        g = small_graph(2)
        g.add((EX.thing0, EX.label, Literal("东西", lang="zh")))
        g.add((EX.thing1, EX.label, Literal("Thing", lang="en-GB")))
        g.add((EX.thing0, EX["count"], Literal(42)))
        g.add((EX.thing0, EX.issued, Literal("2022-03-01", datatype=XSD.date)))
        for literal in TRICKY_LITERALS:
            g.add((EX.thing1, EX.value, literal))
        store.replace_graph(G1, g)
        query = ("SELECT DISTINCT ?s ?type ?label ?count ?issued ?value ?missing WHERE { ?s a ?type ; "
                 "<http://example.org/label> ?label OPTIONAL { ?s <http://example.org/count> ?count } "
                 "OPTIONAL { ?s <http://example.org/issued> ?issued } "
                 "OPTIONAL { ?s <http://example.org/value> ?value } "
                 "OPTIONAL { ?s <http://example.org/nothing> ?missing } }")
        rows, plain_rows = store.select(query, {"type": EX.Thing}), store.select_plain(query, {"type": EX.Thing})
        assert len(rows) == 2 + 2 * len(TRICKY_LITERALS)
        assert sorted(map(repr, plain_rows)) == sorted(repr({k: plain(v) for k, v in row.items()}) for row in rows)
        assert {type(value) for row in plain_rows for value in row.values()} == {str, LangString}
        first = {"s": str(EX.thing0), "type": str(EX.Thing), "count": "42", "issued": "2022-03-01"}
        assert {**first, "label": LangString("东西", "zh")} in plain_rows
        assert {"s": str(EX.thing1), "type": str(EX.Thing), "label": LangString("Thing", "en-gb"),
                "value": LangString("Batteries", "en")} in plain_rows
        assert {"s": str(EX.thing1), "type": str(EX.Thing), "label": LangString("thing 1", "en"),
                "value": str(TRICKY_LITERALS[0])} in plain_rows

    def test_select_plain_binds_parameters_as_terms(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(3))
        query = "SELECT ?s WHERE { ?s <http://example.org/label> ?label }"
        assert store.select_plain(query, {"label": Literal("thing 1", lang="en")}) == [{"s": str(EX.thing1)}]
        assert store.select_plain(query, {"label": Literal('x" } ; DROP ALL ; #')}) == []
        assert store.quad_count() == 6

    @pytest.mark.parametrize("literal", TRICKY_LITERALS, ids=range(len(TRICKY_LITERALS)))
    def test_literals_round_trip_exactly(self, store: Store, literal: Literal) -> None:
        g = Graph()
        g.add((EX.a, EX.value, literal))
        store.replace_graph(G1, g)
        assert store.select("SELECT ?v WHERE { ?s <http://example.org/value> ?v }") == [{"v": literal}]

    @pytest.mark.parametrize("literal", TRICKY_LITERALS, ids=range(len(TRICKY_LITERALS)))
    def test_bindings_match_tricky_literals_exactly(self, store: Store, literal: Literal) -> None:
        g = Graph()
        g.add((EX.a, EX.value, literal))
        g.add((EX.b, EX.value, Literal("something else")))
        store.replace_graph(G1, g)
        rows = store.select("SELECT ?s WHERE { ?s <http://example.org/value> ?v }", {"v": literal})
        assert rows == [{"s": EX.a}]

    def test_bindings_reach_filter_only_variables(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(3))
        query = "SELECT ?s WHERE { ?s <http://example.org/label> ?l FILTER(STR(?l) = ?wanted) }"
        assert store.select(query, {"wanted": Literal("thing 1")}) == [{"s": EX.thing1}]

    def test_ask(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(1))
        assert store.ask("ASK WHERE { ?s a ?type }", {"type": EX.Thing})
        assert not store.ask("ASK WHERE { ?s a ?type }", {"type": EX.Nothing})

    def test_construct(self, store: Store) -> None:
        store.replace_graph(G1, small_graph(2))
        graph = store.construct(
            "CONSTRUCT { ?s <http://example.org/name> ?l } WHERE { ?s <http://example.org/label> ?l }",
            {"s": EX.thing1},
        )
        assert set(graph) == {(EX.thing1, EX.name, Literal("thing 1", lang="en"))}

    def test_a_syntax_error_is_a_store_error(self, store: Store) -> None:
        with pytest.raises(StoreError):
            store.select("SELECT ?s WHERE { ?s ?p }")

    # -- dumps --------------------------------------------------------------------------------------------

    @pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
    def test_dataset_dumps_keep_every_quad(self, store: Store, fmt: str) -> None:
        store.replace_graph(G1, small_graph(2))
        store.replace_graph(G2, small_graph(1))
        dataset = Dataset()
        dataset.parse(data=store.dump(fmt).decode(), format="json-ld" if fmt == "jsonld" else fmt)
        assert len(list(dataset.quads())) == store.quad_count()
        assert isomorphic(dataset.graph(G2), small_graph(1))

    @pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
    def test_triple_dumps_merge_all_graphs(self, store: Store, fmt: str) -> None:
        store.replace_graph(G1, small_graph(2))
        store.replace_graph(G2, small_graph(3))
        merged = Graph().parse(data=store.dump(fmt).decode(), format="nt" if fmt == "ntriples" else fmt)
        assert isomorphic(merged, small_graph(3))

    @pytest.mark.parametrize("fmt", DUMP_FORMATS)
    def test_dump_of_one_graph(self, store: Store, fmt: str) -> None:
        store.replace_graph(G1, small_graph(2))
        store.replace_graph(G2, small_graph(1))
        dataset = Dataset()
        parse_format = {"jsonld": "json-ld", "ntriples": "nt"}.get(fmt, fmt)
        dataset.parse(data=store.dump(fmt, G2).decode(), format=parse_format)
        assert len(list(dataset.quads())) == 2

    def test_dump_of_a_missing_graph_or_format_is_an_error(self, store: Store) -> None:
        with pytest.raises(StoreError, match="no graph"):
            store.dump("turtle", G1)
        with pytest.raises(StoreError, match="unknown dump format"):
            store.dump("rdfxml")

    # -- lifecycle ----------------------------------------------------------------------------------------

    def test_data_persists_after_close_and_reopen(self, location: Path) -> None:
        store = self.open(location)
        store.replace_graph(G1, small_graph())
        store.close()
        reopened = self.open(location)
        try:
            assert reopened.quad_count() == 6
            assert reopened.graph_names() == [G1]
        finally:
            reopened.close()

    def test_a_closed_store_raises_store_error(self, location: Path) -> None:
        store = self.open(location)
        store.close()
        with pytest.raises(StoreError, match="closed"):
            store.quad_count()

    def test_context_manager_closes(self, location: Path) -> None:
        with self.open(location) as store:
            store.replace_graph(G1, small_graph())
        with pytest.raises(StoreError):
            store.graph_names()


class TestEmbeddedStore(StoreContract):
    """The contract on the embedded pyoxigraph store, plus what only it can show."""

    def open(self, location: Path) -> Store:
        return EmbeddedStore(location)

    def test_it_is_a_store(self, store: Store) -> None:
        assert isinstance(store, Store)

    def test_a_failure_inside_the_replace_update_rolls_the_whole_update_back(
        self, store: Store, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.replace_graph(G1, small_graph(2))
        store.replace_graph(G2, small_graph(1))
        before = store.dump("nquads")
        real = embedded_module.replace_update

        def failing_after_drop_and_insert(name: URIRef, graph: Graph, data: bytes | None = None) -> str:
            return real(name, graph, data) + f" ;\nCREATE GRAPH <{G2}>"  # fails: G2 exists

        monkeypatch.setattr(embedded_module, "replace_update", failing_after_drop_and_insert)
        with pytest.raises(StoreError, match="nothing was written"):
            store.replace_graph(G1, small_graph(5))
        assert store.dump("nquads") == before

    def test_pyoxigraph_stores_integer_subtypes_as_xsd_integer(self, store: Store) -> None:
        """Known difference, kept visible: pyoxigraph 0.5 stores xsd:positiveInteger (and int, long, ...)
        as xsd:integer, so line numbers and ranks come back as xsd:integer."""
        g = Graph()
        g.add((EX.passage, EX.firstLine, Literal("20", datatype=XSD.positiveInteger)))
        store.replace_graph(G1, g)
        [row] = store.select("SELECT ?v WHERE { ?s ?p ?v }")
        assert row["v"] == Literal("20", datatype=XSD.integer)

    def test_a_store_in_use_gives_a_clear_error(self, store: Store, location: Path) -> None:
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(location)


def test_open_store_opens_a_directory(tmp_path: Path) -> None:
    store = open_store(tmp_path / "here")
    try:
        assert isinstance(store, EmbeddedStore)
        assert (tmp_path / "here").is_dir()
    finally:
        store.close()


def test_open_store_defaults_to_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_STORE", str(tmp_path / "from-env"))
    store = open_store(None)
    try:
        assert isinstance(store, EmbeddedStore) and store.path == tmp_path / "from-env"
    finally:
        store.close()


def test_open_store_defaults_to_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYGRAPH_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    store = open_store()
    try:
        assert (tmp_path / "policygraph-store").is_dir()
    finally:
        store.close()


class RemoteContract(StoreContract):
    """The contract on a SPARQL server. The store manages the graphs under ``http://example.org/graph/``;
    the server may hold others (Virtuoso keeps its own system graphs)."""

    server_fixture = ""

    @pytest.fixture(autouse=True)
    def _server(self, request: pytest.FixtureRequest) -> None:
        self.server = request.getfixturevalue(self.server_fixture)

    def open(self, location: Path) -> Store:
        return RemoteStore(endpoint_for(self.server.url, graph_prefix=str(EX["graph/"]), retries=0))

    @pytest.fixture
    def location(self, tmp_path: Path, _server: None) -> Path:
        """Every test starts with none of the managed graphs on the server."""
        with self.open(tmp_path) as store:
            for name in store.graph_names():
                store.delete_graph(name)
        return tmp_path / "unused"

    def test_it_is_a_store(self, store: Store) -> None:
        assert isinstance(store, Store)

    def test_select_can_name_graphs(self, store: Store) -> None:
        store.replace_graph(G2, small_graph(1))
        rows = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?ns)) }",
                            {"ns": Literal(str(EX["graph/"]))})
        assert rows == [{"g": G2}]

    def test_graphs_outside_the_prefix_are_not_the_stores(self, store: Store) -> None:
        other = RemoteStore(endpoint_for(self.server.url, graph_prefix="http://example.org/other/", retries=0))
        other.replace_graph(EX["other/g"], small_graph(1))
        try:
            store.replace_graph(G1, small_graph(2))
            assert store.graph_names() == [G1] and store.quad_count() == 4
        finally:
            other.delete_graph(EX["other/g"])


class TestOxigraphServer(RemoteContract):
    """The contract on the Oxigraph server (PyPI ``oxigraph``)."""

    server_fixture = "oxigraph_server"


class TestOxigraphServerWithoutGraphStore(RemoteContract):
    """The contract on the Oxigraph server as a plain SPARQL 1.1 endpoint: every write is a SPARQL update
    (``DROP SILENT GRAPH`` + ``INSERT DATA`` in one request) and every graph is read with a CONSTRUCT, as for a
    server whose Graph Store Protocol URL is not known."""

    server_fixture = "oxigraph_server"

    def open(self, location: Path) -> Store:
        endpoint = endpoint_for(self.server.url, graph_prefix=str(EX["graph/"]), retries=0, graph_store_url=None)
        return RemoteStore(endpoint)


class TestVirtuoso(RemoteContract):
    """The contract on Virtuoso Open Source 7 (Debian ``virtuoso-opensource``)."""

    server_fixture = "virtuoso_server"

    def test_a_graph_longer_than_the_result_limit_is_an_error_not_half_a_dump(self, store: Store) -> None:
        """The server runs with Virtuoso's default ResultSetMaxRows = 10000, which also cuts Graph Store reads."""
        g = Graph()
        for i in range(12_000):
            g.add((EX[f"s{i}"], EX.p, Literal(i)))
        store.replace_graph(G1, g)
        assert store.quad_count() == 12_000
        with pytest.raises(StoreError, match="sent 1000[01] of the 12000 triples .* ResultSetMaxRows"):
            store.dump("nquads", G1)
        with pytest.raises(StoreError, match="cut the result at 10000 rows"):
            store.select("SELECT ?s WHERE { ?s ?p ?o }")
