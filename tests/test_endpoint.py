"""Endpoint settings: URL layouts, config file, environment, credentials kept out of every message, TLS."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from policygraph.errors import StoreError
from policygraph.store import open_store
from policygraph.store.endpoint import ENV, endpoint_for


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ENV.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("POLICYGRAPH_CONFIG", str(tmp_path / "absent.toml"))


@pytest.mark.parametrize(("url", "query", "update", "store", "param", "union"), [
    ("http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store", "graph", True),
    ("http://127.0.0.1:7878/", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store", "graph", True),
    ("http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql",
     "http://127.0.0.1:8890/sparql-graph-crud", "graph-uri", False),
    ("https://graph.example.org/ds/query", "https://graph.example.org/ds/query",
     "https://graph.example.org/ds/query", None, "graph", False),
], ids=["oxigraph", "oxigraph-slash", "virtuoso", "other"])
def test_a_base_url_gives_the_server_layout(url: str, query: str, update: str, store: str | None, param: str,
                                            union: bool) -> None:
    ep = endpoint_for(url)
    assert (ep.query_url, ep.update_url, ep.graph_store_url, ep.graph_parameter, ep.union_parameter) == (
        query, update, store, param, union)


def test_graph_store_urls_escape_the_graph_iri() -> None:
    ep = endpoint_for("http://127.0.0.1:8890/sparql")
    assert ep.graph_url("https://w3id.org/policygraph/id/graph/digest/a?b&c") == (
        "http://127.0.0.1:8890/sparql-graph-crud?graph-uri="
        "https%3A%2F%2Fw3id.org%2Fpolicygraph%2Fid%2Fgraph%2Fdigest%2Fa%3Fb%26c")


def test_the_config_file_sets_urls_and_credentials_and_the_environment_wins(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[endpoints."https://graph.example.org/ds/sparql"]\n'
        'update_url = "https://graph.example.org/ds/update"\n'
        'graph_store_url = "https://graph.example.org/ds/data"\n'
        'user = "analyst"\npassword = "from-file-secret"\ntimeout = 5\nretries = 1\n', encoding="utf-8")
    monkeypatch.setenv("POLICYGRAPH_CONFIG", str(config))
    ep = endpoint_for("https://graph.example.org/ds/sparql")
    assert ep.update_url == "https://graph.example.org/ds/update"
    assert ep.graph_store_url == "https://graph.example.org/ds/data"
    assert (ep.user, ep.password, ep.timeout, ep.retries) == ("analyst", "from-file-secret", 5.0, 1)
    monkeypatch.setenv("POLICYGRAPH_PASSWORD", "from-env-secret")
    monkeypatch.setenv("POLICYGRAPH_TIMEOUT", "12.5")
    ep = endpoint_for("https://graph.example.org/ds/sparql")
    assert (ep.password, ep.timeout) == ("from-env-secret", 12.5)
    assert "secret" not in repr(ep)


@pytest.mark.parametrize(("text", "message"), [
    ('[endpoints."http://h/sparql"]\npasword = "x"\n', "unknown key"),
    ('[endpoints."http://h/sparql"]\ntimeout = "soon"\n', "timeout must be a float"),
    ("[endpoints\n", "cannot read the config file"),
])
def test_a_bad_config_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                            message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("POLICYGRAPH_CONFIG", str(config))
    with pytest.raises(StoreError, match=message) as info:
        endpoint_for("http://h/sparql")
    assert str(config) in str(info.value)


def test_credentials_in_the_url_move_out_of_the_label() -> None:
    ep = endpoint_for("http://analyst:p%40ss-Word-1@127.0.0.1:7878")
    assert ep.label == "http://127.0.0.1:7878"
    assert (ep.user, ep.password) == ("analyst", "p@ss-Word-1")
    assert ep.authorization() == "Basic YW5hbHlzdDpwQHNzLVdvcmQtMQ=="
    assert ep.redact(f"echo {ep.password} and {ep.authorization()}") == "echo *** and ***"


def test_a_token_is_sent_as_bearer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_TOKEN", "tok-123456")
    assert endpoint_for("http://127.0.0.1:7878").authorization() == "Bearer tok-123456"


@pytest.mark.parametrize("url", ["ftp://example.org/sparql", "http://", "http:///sparql"])
def test_not_an_endpoint_url(url: str) -> None:
    with pytest.raises(StoreError, match="not an http"):
        endpoint_for(url)


@pytest.mark.parametrize(("var", "value"), [("POLICYGRAPH_TIMEOUT", "0"), ("POLICYGRAPH_RETRIES", "-1"),
                                            ("POLICYGRAPH_TIMEOUT", "fast")])
def test_bad_settings_in_the_environment(monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(StoreError):
        endpoint_for("http://127.0.0.1:7878")


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[str]:
    """An HTTPS server on loopback whose certificate nobody signed."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head": {}, "boolean": true}')

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_tls_certificates_are_verified(self_signed_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_RETRIES", "0")
    with pytest.raises(StoreError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        open_store(self_signed_server)


def test_update_and_graph_store_urls_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_UPDATE_URL", "http://127.0.0.1:3030/ds/update")
    monkeypatch.setenv("POLICYGRAPH_GRAPH_STORE_URL", "http://127.0.0.1:3030/ds/data")
    ep = endpoint_for("http://127.0.0.1:3030/ds/query")
    assert (ep.query_url, ep.update_url, ep.graph_store_url) == (
        "http://127.0.0.1:3030/ds/query", "http://127.0.0.1:3030/ds/update", "http://127.0.0.1:3030/ds/data")
