"""The network page of ``policygraph serve``: built from the store, it carries no item lists; a link's policies
and news items come from ``/network/link`` when its tooltip opens. Tested on the real server (uvicorn on
loopback) and in headless Chromium."""

from __future__ import annotations

import json
import re
import urllib.parse

import networkx as nx
import pytest
from test_network_page import move_to, tooltip_links
from test_serve import fetch, running
from test_visualize import NETWORK_SCHEMES, page_data

from policygraph import visualize
from policygraph.namespaces import AGENCY, SECTOR
from policygraph.network import Filters, build_network
from policygraph.serve import create_app
from policygraph.store import Store

MIIT, BATTERIES = str(AGENCY.miit), str(SECTOR.batteries)


@pytest.fixture(scope="module")
def server(loaded_store: Store):
    with running(create_app(loaded_store)) as base:
        yield base


@pytest.fixture(scope="module")
def graph(loaded_store: Store) -> nx.Graph:
    """The agency-sector network at level 3, with its details, as the page at ``/network?level=3`` is built."""
    return visualize.attach_details(build_network(loaded_store, "agency-sector", Filters(level=3)), loaded_store)


def link_url(base: str, source: str, target: str, **params: str) -> str:
    query = {"kind": "agency-sector", "level": "3", **params, "source": source, "target": target}
    return f"{base}/network/link?{urllib.parse.urlencode(query)}"


def loaded(browser, selector: str) -> str:
    """How the list at ``selector`` ended: "loaded", "failed", or "timeout" after 15 s of "loading"."""
    browser.set_script_timeout(20)
    return browser.execute_async_script(
        "const selector = arguments[0], done = arguments[1], start = Date.now(); (function wait() {"
        " const list = document.querySelector(selector);"
        " if (list && list.dataset.state !== 'loading') { done(list.dataset.state); }"
        " else if (Date.now() - start > 15000) { done('timeout'); } else { setTimeout(wait, 50); } })()", selector)


def test_page_carries_no_item_lists_and_names_its_link_route(server: str, graph: nx.Graph) -> None:
    status, media, body = fetch(f"{server}/network?kind=agency-sector&level=3")
    assert status == 200 and media.startswith("text/html")
    data = page_data(body)
    assert data["items"] == [] and all(edge["items"] == [] for edge in data["edges"])
    assert len(data["edges"]) == graph.number_of_edges()
    assert data["details_url"] == "/network/link?kind=agency-sector&level=3"
    assert "connect-src 'self'" in body, "the page may fetch from its own server, and only from it"
    standalone = visualize.to_html(graph)
    assert "connect-src" not in standalone and page_data(standalone)["items"], "a file keeps its capped lists"


def test_link_route_gives_every_item_of_the_link_most_recent_first(server: str, graph: nx.Graph) -> None:
    status, media, body = fetch(link_url(server, MIIT, BATTERIES))
    assert status == 200 and media.startswith("application/json")
    answer = json.loads(body)
    edge = graph.edges[MIIT, BATTERIES]
    assert answer["weight"] == edge["weight"] == len(answer["items"]) == 2
    assert {item[0] for item in answer["items"]} == set(edge["titles"])
    dates = [item[2] for item in answer["items"]]
    assert dates == sorted(dates, reverse=True) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    assert all(item[1] and re.fullmatch(r"/policy/[A-Za-z0-9._~-]+", item[3]) for item in answer["items"])


def test_link_route_is_not_capped_like_a_file(server: str, loaded_store: Store) -> None:
    graph = build_network(loaded_store, "company-sector")
    source, target, weight = max(graph.edges(data="weight"), key=lambda e: (e[2], e[0], e[1]))
    status, _, body = fetch(link_url(server, source, target, kind="company-sector", level=""))
    assert status == 200 and len(json.loads(body)["items"]) == weight


@pytest.mark.parametrize(("params", "status"), [
    ({"source": MIIT, "target": str(SECTOR["no-such-sector"])}, 404),
    ({"source": MIIT, "target": BATTERIES, "kind": "nonsense"}, 400),
    ({"source": MIIT, "target": BATTERIES, "from": "last spring"}, 400),
    ({"source": MIIT, "target": BATTERIES, "agency": "no such agency"}, 400),
])
def test_bad_link_requests_are_refused(server: str, params: dict[str, str], status: int) -> None:
    query = {"kind": "agency-sector", "level": "3", **params}
    code, media, body = fetch(f"{server}/network/link?{urllib.parse.urlencode(query)}")
    assert code == status and media.startswith("application/json") and json.loads(body)["error"]


def test_bad_page_parameters_are_a_400_page(server: str) -> None:
    status, media, body = fetch(f"{server}/network?level=two")
    assert status == 400 and media.startswith("text/html") and "level" in body


def test_filters_and_cut_reach_the_page(server: str, graph: nx.Graph) -> None:
    status, _, body = fetch(f"{server}/network?kind=co-issuance&agency=MIIT&top=3&news=0")
    data = page_data(body)
    assert status == 200 and len(data["edges"]) == 3 and "Top-5 policies only" in data["filters"]
    assert data["details_url"] == "/network/link?kind=co-issuance&agency=MIIT&news=0&top=3"


def test_hovering_a_link_loads_its_items_from_the_server(browser, server: str, graph: nx.Graph) -> None:
    browser.get_log("performance")
    browser.get(f"{server}/network?kind=agency-sector&level=3")
    key = browser.execute_script(
        "const n = policygraphNetwork; return n.edgeKeys().find(k => n.graph.extremities(k).includes(arguments[0])"
        " && n.graph.extremities(k).includes(arguments[1]))", MIIT, BATTERIES)
    point = browser.execute_script("return policygraphNetwork.edgeMidpoint(arguments[0])", key)
    move_to(browser, point["x"], point["y"])
    hidden, _, detailed = tooltip_links(browser)
    assert not hidden and key in detailed
    selector = f"#tooltip .link[data-edge='{key}'] ul"
    assert loaded(browser, selector) == "loaded"
    text = browser.find_element("css selector", selector).text
    assert all(title in text for title in graph.edges[MIIT, BATTERIES]["titles"]) and "source passage" in text
    requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert any("/network/link?" in url for url in urls)
    assert [url for url in urls if url.lower().startswith(NETWORK_SCHEMES) and not url.startswith(server)] == []
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_node_route_gives_the_items_behind_most_of_its_links(server: str, graph: nx.Graph) -> None:
    status, _, body = fetch(f"{server}/network/link?kind=agency-sector&level=3&node={urllib.parse.quote(MIIT)}")
    items = json.loads(body)["items"]
    assert status == 200 and 0 < len(items) <= 5
    counts = {}
    for *_, attrs in graph.edges(MIIT, data=True):
        for title in attrs["titles"]:
            counts[title] = counts.get(title, 0) + 1
    assert counts[items[0][0]] == max(counts.values())
    code, _, _ = fetch(f"{server}/network/link?kind=agency-sector&node={urllib.parse.quote(MIIT + 'x')}")
    assert code == 404


def test_hovering_a_node_loads_its_top_policies(browser, server: str) -> None:
    browser.get(f"{server}/network?kind=agency-sector&level=3")
    point = browser.execute_script("return policygraphNetwork.nodePoint(arguments[0])", MIIT)
    move_to(browser, point["x"], point["y"])
    assert loaded(browser, "#tooltip ul.fetched") == "loaded"
    text = browser.find_element("id", "tooltip").text
    assert "Top policies" in text and "Top neighbours" in text and "source passage" in text
