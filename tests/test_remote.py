"""The same commands on the embedded store and on real SPARQL servers give the same answers.

The sample digests are ingested (with a fixed load time) into an embedded store and into each server through
the CLI; then every stored query, ``query``, ``export``, ``stats``, ``network`` and ``push``/``pull`` are
compared. The servers are real (Oxigraph server and Virtuoso, started by ``conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.term import BNode, Node

from policygraph import resources
from policygraph.cli import main
from policygraph.queries import all_queries
from policygraph.store import Store, open_store

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
QUERIES = all_queries()


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": EPOCH, "POLICYGRAPH_RETRIES": "0"},
                                catch_exceptions=False)
    return result


def wipe(url: str) -> None:
    """Remove every policygraph graph from a server."""
    with open_store(url) as store:
        for name in store.graph_names():
            store.delete_graph(name)


def ingest(location: str) -> None:
    result = run("ingest", *map(str, resources.sample_digest_paths()), "--store", location, "--jobs", "1")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("embedded") / "store")
    ingest(location)
    return location


@pytest.fixture(scope="module")
def remote(sparql_server) -> str:
    wipe(sparql_server.url)
    ingest(sparql_server.url)
    return sparql_server.url


def canonical(rows: list[dict[str, Node]]) -> list[tuple]:
    """Rows in a comparable form: sorted, blank nodes anonymous."""
    return sorted(tuple(sorted((k, "_:" if isinstance(v, BNode) else v.n3()) for k, v in row.items()))
                  for row in rows)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_stored_query_gives_the_same_rows(query, embedded: str, remote: str) -> None:
    with open_store(embedded) as local, open_store(remote) as server:
        expected = query.run(local, query.example_params())
        got = query.run(server, query.example_params())
    assert canonical(got) == canonical(expected)
    if not query.name.startswith("qc/"):
        assert expected, f"{query.name} gives no rows on the samples, so the comparison shows nothing"


def test_the_stores_hold_the_same_graphs(embedded: str, remote: str) -> None:
    with open_store(embedded) as local, open_store(remote) as server:
        assert server.graph_names() == local.graph_names()
        assert server.quad_count() == local.quad_count()
        for name in local.graph_names():
            assert isomorphic(_graph(server, name), _graph(local, name)), name


DISTINCT_OVER_OPTIONALS = """
PREFIX pg:      <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?policy ?title ?issued WHERE {
  ?policy a pg:Policy ; pg:concernsSector ?sector .
  OPTIONAL { ?policy dcterms:issued ?issued }
  OPTIONAL { ?policy dcterms:title ?title FILTER(langMatches(lang(?title), "en")) }
}
"""


def test_a_distinct_select_never_repeats_a_row(embedded: str, remote: str) -> None:
    """Virtuoso 7 repeats rows of such a query when a policy has no issue date; the remote store drops them."""
    with open_store(embedded) as local, open_store(remote) as server:
        expected, got = local.select(DISTINCT_OVER_OPTIONALS), server.select(DISTINCT_OVER_OPTIONALS)
    assert any("issued" not in row for row in expected), "the samples need a policy without an issue date"
    assert len(got) == len({frozenset(row.items()) for row in got})
    assert canonical(got) == canonical(expected)


def _graph(store: Store, name: URIRef) -> Graph:
    return Graph().parse(data=store.dump("ntriples", name).decode(), format="nt")


@pytest.mark.parametrize("args", [
    ("query", "policies-by-agency-and-sector", "-p", "agency", "MIIT", "-p", "sector", "batteries",
     "--format", "json"),
    ("query", "targets-by-year", "-p", "target_year", "2025", "--format", "csv"),
    ("stats",),
    ("network", "--kind", "agency-sector", "--format", "graphml"),
    ("network", "--kind", "co-issuance", "--analysis", "csv"),
    ("export", "--format", "turtle", "--digest", "merics-china-industries-2022-12-07", "--output", "-"),
], ids=["query-json", "query-csv", "stats", "network-graphml", "network-analysis", "export-digest-turtle"])
def test_the_same_command_prints_the_same_answer(args: tuple[str, ...], embedded: str, remote: str) -> None:
    local, server = run(*args, "--store", embedded), run(*args, "--store", remote)
    assert local.exit_code == server.exit_code == 0, (local.output, server.output)
    if args[0] == "export":
        assert isomorphic(Graph().parse(data=server.stdout, format="turtle"),
                          Graph().parse(data=local.stdout, format="turtle"))
    else:
        assert server.stdout == local.stdout
    assert local.stdout.strip()


def test_a_full_export_has_the_same_quads(embedded: str, remote: str) -> None:
    local, server = (run("export", "--format", "nquads", "--output", "-", "--store", s) for s in (embedded, remote))
    assert local.exit_code == server.exit_code == 0
    datasets = []
    for result in (local, server):
        ds = Dataset()
        ds.parse(data=result.stdout, format="nquads")
        datasets.append(ds)
    names = sorted(str(g.identifier) for g in datasets[0].graphs() if len(g))
    assert names == sorted(str(g.identifier) for g in datasets[1].graphs() if len(g))
    for name in names:
        assert isomorphic(datasets[1].graph(URIRef(name)), datasets[0].graph(URIRef(name))), name


def test_push_then_pull_round_trips(embedded: str, oxigraph_server, tmp_path: Path) -> None:
    wipe(oxigraph_server.url)
    pushed = run("push", oxigraph_server.url, "--store", embedded)
    assert pushed.exit_code == 0, pushed.output
    assert f"to {oxigraph_server.url}" in pushed.stdout
    copy = str(tmp_path / "copy")
    pulled = run("pull", oxigraph_server.url, "--store", copy)
    assert pulled.exit_code == 0, pulled.output
    with open_store(embedded) as a, open_store(copy) as b:
        assert b.graph_names() == a.graph_names() and b.quad_count() == a.quad_count()
        for name in a.graph_names():
            assert isomorphic(_graph(b, name), _graph(a, name)), name


def test_push_of_chosen_digests(embedded: str, oxigraph_server) -> None:
    wipe(oxigraph_server.url)
    digest = "merics-china-industries-2021-12-07"
    result = run("push", oxigraph_server.url, "--digest", digest, "--store", embedded)
    assert result.exit_code == 0, result.output
    with open_store(oxigraph_server.url) as server:
        digests = [n for n in server.graph_names() if "/digest/" in n]
    assert [n.rsplit("/", 1)[1] for n in digests] == [digest]
    unknown = run("push", oxigraph_server.url, "--digest", "merics-china-industries-2021-12-08", "--store", embedded)
    assert unknown.exit_code == 2  # a key that names no stored digest is bad input, with the close keys
    assert f"did you mean {digest}" in " ".join(unknown.stderr.split())


def test_ingesting_again_on_a_server_replaces_rather_than_adds(remote: str) -> None:
    with open_store(remote) as server:
        before = server.quad_count()
    ingest(remote)
    with open_store(remote) as server:
        assert server.quad_count() == before
