"""``policygraph serve``: the web explorer and its SPARQL endpoint, over real HTTP on a loopback port."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from policygraph.namespaces import AGENCY, POLICY
from policygraph.queries import get_query

uvicorn = pytest.importorskip("uvicorn")

from policygraph.serve import create_app, is_loopback  # noqa: E402
from policygraph.serve.pages import esc, link, table  # noqa: E402

#: the Top-5 policy of the December 2022 MERICS sample: five issuers led by MIIT
VR_PLAN = POLICY["bf90ee2272b1af78"]
VR_TITLE = "Virtual Reality and Manufacturing Application Integration Development Action Plan (2022-2026)"
POLICIES = "SELECT ?policy ?title WHERE { ?policy a pg:Policy ; dcterms:title ?title } ORDER BY ?policy ?title"
PREFIXES = ("PREFIX pg: <https://w3id.org/policygraph/ontology#>\n"
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n")


@contextmanager
def running(app):
    """``app`` served by uvicorn in a thread on a free loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app_server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=app_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not app_server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the explorer did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        app_server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def server(loaded_store):
    """The explorer over the MERICS samples; yields its base URL."""
    with running(create_app(loaded_store)) as base:
        yield base


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(status, content type, body) of one request; error statuses are returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def sparql_get(base: str, query: str, accept: str = "") -> tuple[int, str, str]:
    headers = {"Accept": accept} if accept else {}
    return fetch(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers=headers)


def expected_rows(store, query: str) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in store.select(PREFIXES + query)]


# -- the SPARQL endpoint ---------------------------------------------------------------------------------------


def test_sparqlwrapper_gets_the_rows_the_store_gives(server, loaded_store) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(POLICIES)
    client.setReturnFormat(JSON)
    body = client.query().convert()
    got = [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]
    assert body["head"]["vars"] == ["policy", "title"]
    assert got == expected_rows(loaded_store, POLICIES) and got


def test_sparqlwrapper_post_form_and_direct(server, loaded_store) -> None:
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

    expected = expected_rows(loaded_store, POLICIES)
    for encoding in (URLENCODED, POSTDIRECTLY):
        client = SPARQLWrapper(f"{server}/sparql")
        client.setMethod(POST)
        client.setRequestMethod(encoding)
        client.setQuery(POLICIES)
        client.setReturnFormat(JSON)
        body = client.query().convert()
        assert [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]] == expected


def test_rdflib_sparqlstore_can_query_it(server, loaded_store) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = SPARQLStore(f"{server}/sparql")
    rows = [{"policy": str(r.policy), "title": str(r.title)} for r in remote.query(PREFIXES + POLICIES)]
    assert rows == expected_rows(loaded_store, POLICIES)
    assert bool(remote.query(PREFIXES + f"ASK {{ <{VR_PLAN}> a pg:Policy }}").askAnswer) is True


def test_csv_tsv_and_xml_by_accept_header(server, loaded_store) -> None:
    expected = expected_rows(loaded_store, POLICIES)
    status, ctype, body = sparql_get(server, POLICIES, "text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(body))) == expected
    status, ctype, body = sparql_get(server, POLICIES, "text/tab-separated-values")
    assert status == 200 and ctype.startswith("text/tab-separated-values")
    lines = body.splitlines()
    assert lines[0] == "?policy\t?title" and len(lines) == len(expected) + 1
    assert f"<{expected[0]['policy']}>" in lines[1]
    status, ctype, body = sparql_get(server, POLICIES, "application/sparql-results+xml")
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    results = ET.fromstring(body).findall("r:results/r:result", ns)
    assert len(results) == len(expected)
    status, ctype, body = sparql_get(server, POLICIES)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == len(expected)


def test_form_post_and_query_body_post(server) -> None:
    query = f"ASK {{ <{VR_PLAN}> a pg:Policy }}"
    status, _, body = fetch(f"{server}/sparql", urllib.parse.urlencode({"query": query}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = fetch(f"{server}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_gives_turtle(server) -> None:
    status, ctype, body = sparql_get(server, f"CONSTRUCT {{ <{VR_PLAN}> dcterms:title ?t }} "
                                             f"WHERE {{ <{VR_PLAN}> dcterms:title ?t }}")
    assert status == 200 and ctype.startswith("text/turtle") and "Virtual Reality" in body


def test_updates_are_refused_with_403(server, loaded_store) -> None:
    before = loaded_store.quad_count()
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert sparql_get(server, update)[0] == 403
    assert fetch(f"{server}/sparql", urllib.parse.urlencode({"update": update}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert fetch(f"{server}/sparql", update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert fetch(f"{server}/sparql", b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-query"})[0] \
        == 403
    assert loaded_store.quad_count() == before


def test_federated_queries_are_refused(server) -> None:
    status, _, body = sparql_get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and "SERVICE" in body


def test_rows_serialised_by_hand_match_pyoxigraph(loaded_store) -> None:
    from policygraph.adhoc import with_prefixes
    from policygraph.serve.app import _NATIVE, _native, _native_query
    from policygraph.serve.results import serialize_rows

    query = with_prefixes("SELECT ?policy ?title ?issued ?n WHERE { ?policy a pg:Policy ; dcterms:title ?title "
                          "OPTIONAL { ?policy dcterms:issued ?issued } OPTIONAL { ?policy pg:rank ?n } } "
                          "ORDER BY ?policy ?title")
    rows = loaded_store.select(query)
    variables = ["policy", "title", "issued", "n"]
    for fmt in ("json", "csv", "tsv"):
        native = _native_query(_native(loaded_store), query).serialize(format=_NATIVE[fmt]).decode()
        mine = serialize_rows(variables, rows, fmt).decode()
        if fmt == "json":
            assert json.loads(mine) == json.loads(native)
        elif fmt == "csv":
            assert list(csv.reader(io.StringIO(mine))) == list(csv.reader(io.StringIO(native)))
        else:
            assert len(mine.splitlines()) == len(native.splitlines())
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    xml_rows = ET.fromstring(serialize_rows(variables, rows, "xml")).findall("r:results/r:result", ns)
    assert len(xml_rows) == len(rows)


def test_limit_cuts_select_results(loaded_store) -> None:
    with running(create_app(loaded_store, limit=2)) as base:
        status, _, body = sparql_get(base, POLICIES)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
        status, _, body = sparql_get(base, POLICIES, "text/csv")
        assert status == 200 and len(body.splitlines()) == 3


def test_browsers_get_an_html_table_with_escaped_values(server) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, ctype, body = sparql_get(server, 'SELECT ?v WHERE { BIND("<b>bold</b>" AS ?v) }', browser)
    assert status == 200 and ctype.startswith("text/html")
    assert "&lt;b&gt;bold&lt;/b&gt;" in body and "<b>bold" not in body and "<table>" in body
    status, _, body = fetch(f"{server}/sparql", urllib.parse.urlencode({"query": "SELECT <x", "format": "html"})
                            .encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and 'class="error"' in body and "SELECT &lt;x" in body
    status, _, body = fetch(f"{server}/sparql", headers={"Accept": browser})
    assert status == 200 and "<textarea" in body


def test_syntax_error_is_400_with_one_line(server) -> None:
    status, ctype, body = sparql_get(server, "SELECT ?x WHERE { ?x ")
    assert status == 400 and ctype.startswith("text/plain")
    assert "invalid SPARQL" in body and body.count("\n") == 1


# -- the pages -------------------------------------------------------------------------------------------------


def test_policy_page_names_titles_issuers_and_sources(server, loaded_store) -> None:
    status, ctype, body = fetch(f"{server}/policy/bf90ee2272b1af78")
    assert status == 200 and ctype.startswith("text/html")
    assert esc(VR_TITLE) in body
    assert "虚拟现实与行业应用融合发展行动计划" in body
    assert 'href="/agency/miit"' in body
    [passage, *_] = loaded_store.select(get_query("provenance-by-policy").text, {"policy": VR_PLAN})
    digest_key = str(passage["digest"]).rsplit("/", 1)[-1]
    assert f'href="/digest/{digest_key}"' in body
    assert f"lines {passage['first_line']}-{passage['last_line']}" in body


def test_agency_page_lists_the_policy(server) -> None:
    status, _, body = fetch(f"{server}/agency/miit")
    assert status == 200
    assert 'href="/policy/bf90ee2272b1af78"' in body and "<h3>2022</h3>" in body


def test_digest_sector_and_company_pages(server, loaded_store) -> None:
    status, _, body = fetch(f"{server}/")
    assert status == 200 and 'href="/digest/' in body and 'href="/queries"' in body
    key = str(loaded_store.select(get_query("digests").text)[0]["key"])
    status, _, body = fetch(f"{server}/digest/{key}")
    assert status == 200 and 'href="/policy/' in body
    status, _, body = fetch(f"{server}/sector/manufacturing")
    assert status == 200 and 'href="/policy/bf90ee2272b1af78"' in body
    status, _, body = fetch(f"{server}/company/tencent")
    assert status == 200 and 'href="/policy/bf90ee2272b1af78"' in body


def test_unknown_ids_are_404(server) -> None:
    assert fetch(f"{server}/policy/0000000000000000")[0] == 404
    assert fetch(f"{server}/agency/miit.nope")[0] == 404
    assert fetch(f"{server}/agency/%3Cscript%3E")[0] == 404
    assert fetch(f"{server}/queries/no-such-query")[0] == 404
    assert fetch(f"{server}/nothing/here")[0] == 404


def test_stored_query_form_returns_rows(server) -> None:
    status, _, body = fetch(f"{server}/queries")
    assert status == 200 and 'href="/queries/policies-by-agency"' in body
    status, _, body = fetch(f"{server}/queries/policies-by-agency")
    assert status == 200 and 'name="agency"' in body and 'placeholder="NDRC"' in body and "<table>" not in body
    status, _, body = fetch(f"{server}/queries/policies-by-agency?agency=MIIT")
    assert status == 200 and "<table>" in body and 'href="/policy/bf90ee2272b1af78"' in body
    status, _, body = fetch(f"{server}/queries/policies-by-agency?agency=%3Cb%3Enobody")
    assert status == 400 and 'class="error"' in body and "&lt;b&gt;nobody" in body and "<b>nobody" not in body


def test_html_escaping() -> None:
    assert esc('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    html = link(AGENCY["miit"], "<Title & co>")
    assert html == '<a href="/agency/miit">&lt;Title &amp; co&gt;</a>'
    cell = table([{"title": Literal("a <b> title", lang="en"), "iri": URIRef("urn:x<y")}], ["title", "iri"])
    assert "a &lt;b&gt; title" in cell and "<b>" not in cell and "urn:x&lt;y" in cell


def test_loopback_and_cli_help() -> None:
    from policygraph.cli import main

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--host" in result.output and "--port" in result.output


def test_serve_warns_when_not_loopback(tmp_path, monkeypatch) -> None:
    from policygraph.cli import main

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append((app, kwargs)))
    (tmp_path / "store").mkdir()
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), "--host", "0.0.0.0",
                                       "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "Warning: listening on 0.0.0.0" in result.output
    [(app, kwargs)] = calls
    assert kwargs["host"] == "0.0.0.0" and kwargs["port"] == 8123
    calls.clear()
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0 and "Warning" not in result.output
    assert calls[0][1]["host"] == "127.0.0.1"


def test_serve_refuses_a_missing_store(tmp_path) -> None:
    from policygraph.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "nope")])
    assert result.exit_code == 3 and "no store" in result.output


# -- over a remote store -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def remote_server(oxigraph_server):
    """The explorer over an Oxigraph server holding the MERICS samples (results built from rows)."""
    from policygraph import resources
    from policygraph.cli import main
    from policygraph.store import open_store

    def wipe() -> None:
        with open_store(oxigraph_server.url) as store:
            for name in store.graph_names():
                store.delete_graph(name)

    wipe()
    paths = [str(p) for p in resources.sample_digest_paths("merics-china-industries")]
    result = CliRunner().invoke(main, ["ingest", *paths, "--store", oxigraph_server.url, "--jobs", "1"],
                                env={"POLICYGRAPH_RETRIES": "0"})
    assert result.exit_code == 0, result.output
    store = open_store(oxigraph_server.url)
    try:
        with running(create_app(store)) as base:
            yield base
    finally:
        store.close()
        wipe()


def test_remote_store_answers_in_every_format(remote_server, loaded_store) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    expected = expected_rows(loaded_store, POLICIES)
    client = SPARQLWrapper(f"{remote_server}/sparql")
    client.setQuery(POLICIES)
    client.setReturnFormat(JSON)
    body = client.query().convert()
    assert [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]] == expected
    status, _, text = sparql_get(remote_server, POLICIES, "text/csv")
    assert status == 200 and list(csv.DictReader(io.StringIO(text))) == expected
    status, _, text = sparql_get(remote_server, POLICIES, "application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert status == 200 and len(ET.fromstring(text).findall("r:results/r:result", ns)) == len(expected)
    status, _, text = sparql_get(remote_server, POLICIES, "text/tab-separated-values")
    assert status == 200 and len(text.splitlines()) == len(expected) + 1
    status, _, text = fetch(f"{remote_server}/policy/bf90ee2272b1af78")
    assert status == 200 and esc(VR_TITLE) in text and 'href="/agency/miit"' in text


# -- the YASGUI query editor ---------------------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDOR = REPO_ROOT / "src" / "policygraph" / "serve" / "assets" / "vendor" / "yasgui"


def page_json(page: str) -> list[dict[str, str]]:
    match = re.search(r'<script type="application/json" id="stored-queries">(.*?)</script>', page, re.S)
    assert match, "the stored queries are embedded"
    return json.loads(match.group(1))


def test_yasgui_is_vendored_with_its_licence_at_the_pinned_version() -> None:
    script = (REPO_ROOT / "scripts" / "vendor-frontend.py").read_text(encoding="utf-8")
    pinned = re.search(r'^VERSION = "([0-9.]+)"$', script, re.M)
    assert pinned and re.search(r'^PACKAGE = "@zazuko/yasgui"$', script, re.M)
    assert (VENDOR / "VERSION").read_text(encoding="utf-8").strip() == pinned.group(1)
    versions = (VENDOR / "VERSIONS").read_text(encoding="utf-8")
    assert "package: @zazuko/yasgui\n" in versions and f"version: {pinned.group(1)}\n" in versions
    for name in ("yasgui.min.js", "yasgui.min.css"):
        data = (VENDOR / name).read_bytes()
        assert len(data) > 10_000 and hashlib.sha256(data).hexdigest() in versions
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "codemirror" in (VENDOR / "THIRD-PARTY-LICENSES").read_text(encoding="utf-8")
    shipped = resources.files("policygraph.serve").joinpath("assets", "vendor", "yasgui")
    assert shipped.joinpath("yasgui.min.js").is_file() and shipped.joinpath("LICENSE").is_file()


def test_yasgui_page_embeds_the_stored_queries_and_loads_only_local_files(server) -> None:
    from policygraph.queries import all_queries

    status, content_type, page = fetch(f"{server}/yasgui")
    assert status == 200 and content_type.startswith("text/html")
    embedded = page_json(page)
    assert [q["name"] for q in embedded] == [q.name for q in all_queries()] and embedded
    digests = next(q for q in embedded if q["name"] == "digests")
    assert get_query("digests").text in digests["query"]
    urls = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]*)"', page)
    assert "/assets/vendor/yasgui/yasgui.min.js" in urls and "/assets/vendor/yasgui/yasgui.min.css" in urls
    urls.remove("data:,")  # the empty icon: no request for /favicon.ico
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    for url in urls:
        status, content_type, _ = fetch(f"{server}{url}")
        assert status == 200 and content_type.startswith(("text/css", "text/javascript")), url
    script = page.rsplit("<script>", 1)[1]
    assert "http://" not in script and "https://" not in script
    assert 'href="/yasgui"' in fetch(f"{server}/")[2]
    assert 'href="/yasgui"' in fetch(f"{server}/sparql", headers={"Accept": "text/html"})[2]


def test_yasgui_page_escapes_query_text_for_the_script_tag() -> None:
    from policygraph.serve.pages import yasgui_page

    nasty = "SELECT * { ?s ?p '</script><script>alert(1)</script><!--' }"
    page = yasgui_page([("x</script>", "<b>", nasty)])
    assert page.count("</script>") == 3 and "<!--" not in page
    assert page_json(page) == [{"name": "x</script>", "summary": "<b>", "query": nasty}]


@pytest.mark.parametrize("path", ["../style.css", "yasgui/../../style.css", "yasgui/VERSIONS", "yasgui/nope.js",
                                  "yasgui/.hidden.js", "%2e%2e/app.py"])
def test_vendor_route_serves_only_vendored_js_and_css(server, path: str) -> None:
    assert fetch(f"{server}/assets/vendor/{path}")[0] == 404




def test_yasgui_runs_a_query_in_chromium_without_leaving_the_machine(browser, server, loaded_store) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get_log("performance")
    browser.get(f"{server}/yasgui")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return !!(window.policygraphYasgui && document.querySelector('.yasgui .yasqe .CodeMirror'))"))
    assert browser.execute_script("return window.policygraphYasgui.getTab().getEndpoint()") == f"{server}/sparql"
    assert browser.execute_script(  # the LOV class and property completers would ask lov.linkeddata.es
        "return [Object.keys(Yasgui.Yasqe.Autocompleters).sort(), "
        "window.policygraphYasgui.getTab().getYasqe().config.autocompleters.slice().sort()]") == [
        ["prefixes", "variables"], ["prefixes", "variables"]]
    browser.find_element(By.ID, "stored-queries-list").click()
    browser.find_element(By.CSS_SELECTOR, 'button.stored-query[data-index="0"]').click()
    assert browser.execute_script("return window.policygraphYasgui.getTab().getName()") == (
        page_json(fetch(f"{server}/yasgui")[2])[0]["name"])
    browser.execute_script("var tab = window.policygraphYasgui.getTab(); tab.setQuery(arguments[0]); "
                           "tab.getYasqe().query()", POLICIES + " LIMIT 3")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('.tabPanel.active .yasr table.dataTable tbody tr').length"))
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('.tabPanel.active .yasr table.dataTable tbody tr'))"
        ".map(tr => tr.innerText)")
    expected = expected_rows(loaded_store, POLICIES)[:3]
    assert len(rows) == 3 and all(row["title"] in text for row, text in zip(expected, rows, strict=True))

    console = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert console == []
    sent = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in sent if m["method"] == "Network.requestWillBeSent"]
    assert f"{server}/sparql" in urls and f"{server}/assets/vendor/yasgui/yasgui.min.js" in urls
    network = [url for url in urls if url.lower().startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]
    assert {urllib.parse.urlsplit(url).hostname for url in network} == {"127.0.0.1"}, network
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(url.startswith((server + "/", "data:")) for url in loaded), loaded
