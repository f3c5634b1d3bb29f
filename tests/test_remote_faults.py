"""Endpoint faults: down, slow, erroring, refusing credentials, cut off or killed mid-write.

Each fault gives a one-line error and exit code 3, never a credential, and never half a digest on the server.
The server is a real Oxigraph server; faults come from a proxy in front of it (``faultproxy.py``) or from
killing the server itself.
"""

from __future__ import annotations

import base64
import os
import random
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from childproc import policygraph
from click.testing import CliRunner, Result
from corpusgen import write_corpus
from faultproxy import FaultProxy
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from servers import free_port, oxigraph_server

from policygraph import resources
from policygraph.cli import main
from policygraph.errors import StoreError
from policygraph.namespaces import PG
from policygraph.store import open_store
from policygraph.store.endpoint import endpoint_for
from policygraph.store.remote import RemoteStore

EPOCH = "1767225600"
SAMPLES = [str(p) for p in resources.sample_digest_paths()]
#: server kills in the SIGKILL test (``POLICYGRAPH_SERVER_KILLS`` for a longer run)
KILLS = int(os.environ.get("POLICYGRAPH_SERVER_KILLS", "3"))
FAST = {"SOURCE_DATE_EPOCH": EPOCH, "POLICYGRAPH_RETRIES": "2", "POLICYGRAPH_BACKOFF": "0.05"}


def run(*args: str, **env: str) -> Result:
    return CliRunner().invoke(main, list(args), env={**FAST, **env}, catch_exceptions=False)


def digest_graphs(url: str) -> list[URIRef]:
    with open_store(url) as store:
        return [n for n in store.graph_names() if "/digest/" in n]


@pytest.fixture
def server(oxigraph_server) -> str:
    """The session's Oxigraph server, emptied of policygraph graphs."""
    with open_store(oxigraph_server.url) as store:
        for name in store.graph_names():
            store.delete_graph(name)
    return oxigraph_server.url


@pytest.fixture
def proxy(server: str) -> Iterator[FaultProxy]:
    p = FaultProxy(server)
    yield p
    p.close()


def test_a_server_that_is_down_gives_exit_code_3_after_the_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run("query", "stats", "--store", url)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {url}: ") and "cannot reach the server" in result.stderr
    assert "after 3 tries" in result.stderr and "Traceback" not in result.output


def test_transient_errors_are_retried_and_the_ingest_completes(proxy: FaultProxy, server: str) -> None:
    proxy.faults.fail_status, proxy.faults.fail_count = 503, 2
    result = run("ingest", *SAMPLES, "--store", proxy.url, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert len(digest_graphs(server)) == len(SAMPLES)
    assert [m for m, _ in proxy.faults.seen[:3]] == ["POST", "POST", "POST"]  # two refused, then served


@pytest.mark.parametrize("status", [500, 502, 400, 404])
def test_an_endpoint_that_keeps_failing_gives_exit_code_3_and_no_digest(proxy: FaultProxy, server: str,
                                                                          status: int) -> None:
    run("stats", "--store", proxy.url)  # the reference graphs are in place
    proxy.faults.seen.clear()
    proxy.faults.fail_status, proxy.faults.fail_count = status, -1
    result = run("ingest", *SAMPLES, "--store", proxy.url, "--jobs", "1")
    assert result.exit_code == 3
    assert f"HTTP {status}" in result.stderr and "injected fault" in result.stderr
    assert len(proxy.faults.seen) == (3 if status >= 500 else 1)  # transient statuses are tried 3 times
    assert digest_graphs(server) == []


def test_a_slow_endpoint_times_out_with_exit_code_3(proxy: FaultProxy) -> None:
    proxy.faults.delay = 2.5
    result = run("query", "stats", "--store", proxy.url, POLICYGRAPH_TIMEOUT="1", POLICYGRAPH_RETRIES="1")
    assert result.exit_code == 3
    assert "no answer within 1 s" in result.stderr and "after 2 tries" in result.stderr


@pytest.mark.parametrize("scheme", ["bearer", "basic"])
def test_wrong_credentials_are_refused_and_never_echoed(proxy: FaultProxy, server: str, scheme: str) -> None:
    good, bad = "Correct-Horse-7731", "Wrong-Battery-4410"
    if scheme == "bearer":
        proxy.faults.authorization = f"Bearer {good}"
        env_good, env_bad = {"POLICYGRAPH_TOKEN": good}, {"POLICYGRAPH_TOKEN": bad}
    else:
        proxy.faults.authorization = "Basic " + base64.b64encode(f"analyst:{good}".encode()).decode()
        env_good = {"POLICYGRAPH_USER": "analyst", "POLICYGRAPH_PASSWORD": good}
        env_bad = {"POLICYGRAPH_USER": "analyst", "POLICYGRAPH_PASSWORD": bad}
    refused = run("ingest", SAMPLES[0], "--store", proxy.url, **env_bad)
    assert refused.exit_code == 3
    assert "refused the credentials" in refused.stderr
    for secret in (bad, good, base64.b64encode(f"analyst:{bad}".encode()).decode()):
        assert secret not in refused.output
    assert digest_graphs(server) == []
    accepted = run("ingest", SAMPLES[0], "--store", proxy.url, **env_good)
    assert accepted.exit_code == 0, accepted.output
    assert len(digest_graphs(server)) == 1


def test_no_credentials_says_how_to_give_them(proxy: FaultProxy) -> None:
    proxy.faults.authorization = "Bearer something"
    result = run("stats", "--store", proxy.url)
    assert result.exit_code == 3 and "POLICYGRAPH_TOKEN" in result.stderr


def test_credentials_in_the_url_are_used_but_never_printed(proxy: FaultProxy) -> None:
    proxy.faults.authorization = "Basic " + base64.b64encode(b"analyst:Url-Secret-9").decode()
    url = proxy.url.replace("http://", "http://analyst:Url-Secret-9@")
    ok = run("stats", "--store", url)
    assert ok.exit_code == 0, ok.output
    proxy.faults.authorization = "Basic other"
    refused = run("stats", "--store", url)
    assert refused.exit_code == 3 and "Url-Secret-9" not in refused.output and proxy.url in refused.stderr


def test_help_never_shows_credentials() -> None:
    for command in ("ingest", "query", "push", "pull", "export", "network"):
        result = run(command, "--help", POLICYGRAPH_TOKEN="Help-Token-5512", POLICYGRAPH_PASSWORD="Help-Pw-1")
        assert result.exit_code == 0
        assert "Help-Token-5512" not in result.output and "Help-Pw-1" not in result.output


def test_a_result_the_server_cut_short_is_an_error(proxy: FaultProxy) -> None:
    """Virtuoso cuts results at ResultSetMaxRows and says so in ``X-SPARQL-MaxRows``: never half an answer."""
    run("stats", "--store", proxy.url)
    proxy.faults.extra_headers = {"X-SPARQL-MaxRows": "10000"}
    result = run("query", "policies-by-agency", "-p", "agency", "MIIT", "--store", proxy.url)
    assert result.exit_code == 3
    assert "cut the result at 10000 rows" in result.stderr and "ResultSetMaxRows" in result.stderr


def test_a_write_cut_off_midway_leaves_no_part_of_the_digest(proxy: FaultProxy, server: str) -> None:
    run("stats", "--store", proxy.url)
    proxy.faults.cut_writes_matching = "digest%2F"
    result = run("ingest", SAMPLES[0], "--store", proxy.url, "--jobs", "1")
    assert result.exit_code == 3, result.output
    assert digest_graphs(server) == []
    with open_store(server) as store:  # the server is fine and holds the reference graphs, whole
        assert store.has_graph(URIRef("https://w3id.org/policygraph/id/graph/ontology"))
    assert sum(1 for m, path in proxy.faults.seen if m == "PUT" and "digest%2F" in path) == 3  # all tries cut


def test_a_cut_sparql_update_also_leaves_nothing(server: str) -> None:
    """Servers without a Graph Store endpoint get one SPARQL update per graph; cut, it is not applied."""
    proxy = FaultProxy(server)
    try:
        endpoint = endpoint_for(proxy.url, graph_store_url=None, update_url=f"{proxy.url}/update", retries=0)
        store = RemoteStore(endpoint)
        g = Graph().parse(data="<http://example.org/a> <http://example.org/p> " + " , ".join(
            f'"value {i}"' for i in range(2000)) + " .", format="turtle")
        name = URIRef("https://w3id.org/policygraph/id/graph/digest/cut-update")
        proxy.faults.cut_writes_matching = "cut-update"
        with pytest.raises(StoreError, match="the SPARQL update failed"):
            store.replace_graph(name, g)
        proxy.faults.cut_writes_matching = None
        assert not store.has_graph(name)
        store.replace_graph(name, g)
        assert store.quad_count() == 2000
        store.delete_graph(name)
    finally:
        proxy.close()


def test_killing_the_server_mid_ingest_leaves_each_digest_whole_or_absent(tmp_path: Path) -> None:
    """SIGKILL the Oxigraph server at random moments of an ingest, restart it, and compare every digest graph
    on it with the same digest ingested into an embedded store."""
    files = [str(p) for p in write_corpus(tmp_path / "corpus", 24)]
    expected_store = str(tmp_path / "expected")
    assert run("ingest", *files, "--store", expected_store, "--jobs", "1").exit_code == 0
    with open_store(expected_store) as store:
        expected = {n: _graph(store, n) for n in store.graph_names() if "/digest/" in n}
    srv = oxigraph_server(tmp_path / "server", port=free_port())
    rng = random.Random(7)
    kills = interrupted = 0
    try:
        for _ in range(KILLS):
            srv.start()
            child = subprocess.Popen(
                policygraph("ingest", *files, "--store", srv.url, "--jobs", "1"),
                env={**_env(), **FAST, "POLICYGRAPH_RETRIES": "0"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            _wait_for_digests(srv.url, rng.randint(2, 20), child)
            time.sleep(rng.uniform(0.0, 0.3))
            srv.kill()
            kills += 1
            _, err = child.communicate(timeout=120)
            assert child.returncode in (0, 3), err
            if child.returncode == 3:
                interrupted += 1
                assert b"Traceback" not in err and b"cannot reach the server" in err
        srv.start()
        with open_store(srv.url) as store:
            present = [n for n in store.graph_names() if "/digest/" in n]
            for name in present:
                assert isomorphic(_graph(store, name), expected[name]), f"{name} is not whole"
        assert kills == KILLS and interrupted >= 1 and 0 < len(present) <= len(expected)
    finally:
        srv.stop()


def _wait_for_digests(url: str, count: int, child: subprocess.Popen, timeout: float = 120) -> None:
    """Until the server holds ``count`` digest graphs (or the ingest has ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if len(digest_graphs(url)) >= count:
                return
        except StoreError:
            pass
        time.sleep(0.1)


def _graph(store, name: URIRef) -> Graph:
    return Graph().parse(data=store.dump("ntriples", name).decode(), format="nt")


def _without_identity_notes(graph: Graph) -> Graph:
    """A digest graph without the identity notes a write adds, which depend on what was stored before it."""
    for predicate in (PG.matchedOn, PG.matchSimilarity):
        graph.remove((None, predicate, None))
    return graph


def _env() -> dict[str, str]:
    return dict(os.environ)


def test_two_ingests_at_once_and_readers_on_a_server_never_see_half_a_digest(server: str, tmp_path: Path) -> None:
    """Two ingests of overlapping corpora run at once against the server while this process reads: every
    digest graph a reader sees has exactly its full size, and at the end every digest is whole."""
    files = [str(p) for p in write_corpus(tmp_path / "corpus", 16)]
    expected_store = str(tmp_path / "expected")
    assert run("ingest", *files, "--store", expected_store, "--jobs", "1").exit_code == 0
    with open_store(expected_store) as store:
        expected = {n: len(_without_identity_notes(_graph(store, n))) for n in store.graph_names()
                    if "/digest/" in n}
    env = {**_env(), **FAST}
    children = [subprocess.Popen(policygraph("ingest", *part, "--store", server, "--jobs", "1"), env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for part in (files[:12], files[4:])]
    sizes = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER(CONTAINS(STR(?g), '/graph/digest/') && ?p NOT IN (<" + str(PG.matchedOn) + ">, <"
             + str(PG.matchSimilarity) + ">)) } GROUP BY ?g")
    looks = 0
    with open_store(server) as store:
        while any(c.poll() is None for c in children):
            for row in store.select(sizes):
                assert int(row["n"]) == expected[row["g"]], f"{row['g']} seen half-written"
            looks += 1
        for child in children:
            assert child.wait() == 0, child.stderr.read() if child.stderr else ""
        assert {n: len(_without_identity_notes(_graph(store, n))) for n in store.graph_names()
                if "/digest/" in n} == expected
    assert looks > 5
