"""The network page (sigma.js + graphology, WebGL) used as an analyst would, in a real headless Chromium:
the link under the pointer, filters, zoom, isolation, export, and nothing fetched. Also the vendored bundle."""

from __future__ import annotations

import ast
import hashlib
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from test_visualize import assert_nothing_left_the_machine, page_data

from policygraph import visualize
from policygraph.namespaces import AGENCY, SECTOR
from policygraph.network import Filters, build_network
from policygraph.store import Store

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "src" / "policygraph" / "assets" / "vendor" / "sigma"
KINDS = ["agency-sector", "co-issuance", "company-sector"]
MIIT, BATTERIES = str(AGENCY.miit), str(SECTOR.batteries)


@pytest.fixture(scope="module")
def graphs(loaded_store: Store) -> dict[str, nx.Graph]:
    """The three networks of the samples, sectors at level 3, with the policies' details (as the CLI does)."""
    out = {}
    for kind in KINDS:
        graph = build_network(loaded_store, kind, Filters(level=3))
        visualize.attach_details(graph, loaded_store)
        out[kind] = graph
    return out


def open_page(browser, graph: nx.Graph, path: Path) -> None:
    path.write_text(visualize.to_html(graph), encoding="utf-8")
    browser.get_log("performance")  # drop what the browser did before this page
    browser.get(path.as_uri())
    ready = "return !!(window.policygraphNetwork && window.policygraphNetwork.sigma)"
    deadline = time.monotonic() + 10  # a loaded machine may still be running the page's script
    while not browser.execute_script(ready) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.execute_script(ready), browser.execute_script("return String(window.policygraphNetwork && "
                                                                 "window.policygraphNetwork.error)")


def move_to(browser, x: float, y: float) -> None:
    """A real pointer move to a point of the page (CSS pixels from the top left of the viewport)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(round(x)), int(round(y)))
    actions.perform()


def tooltip_links(browser) -> tuple[bool, list[str], list[str]]:
    """Whether the tooltip is hidden, the links it names, and those it details (titles listed)."""
    return browser.execute_script(
        "const t = document.getElementById('tooltip');"
        "const blocks = [...t.querySelectorAll('.link')];"
        "return [t.hidden, blocks.map(b => b.dataset.edge), blocks.filter(b => b.querySelector('ul'))"
        ".map(b => b.dataset.edge)]")


def visible(browser) -> int:
    return browser.execute_script("return policygraphNetwork.visibleEdgeCount()")


def set_filter(browser, element_id: str, value: object) -> None:
    """Set a filter control as a user would leave it, and fire its change event."""
    browser.execute_script(
        "const el = document.getElementById(arguments[0]);"
        "if (el.type === 'checkbox') { el.checked = arguments[1]; } else { el.value = arguments[1]; }"
        "el.dispatchEvent(new Event('change', {bubbles: true}));", element_id, value)


# -- the vendored library ----------------------------------------------------------------------------------


def test_vendored_bundle_matches_its_recorded_checksum_and_licences() -> None:
    versions = (VENDOR / "VERSIONS").read_text(encoding="utf-8")
    digest = hashlib.sha256((VENDOR / "sigma.min.js").read_bytes()).hexdigest()
    assert f"{digest}  sigma.min.js" in versions
    assert re.search(r"^  sigma 3\.\d+\.\d+ \(MIT\) sha512-", versions, re.M)
    assert re.search(r"^  graphology 0\.\d+\.\d+ \(MIT\) sha512-", versions, re.M)
    assert (VENDOR / "VERSION").read_text(encoding="utf-8").strip() in versions
    script = (REPO / "scripts" / "vendor-frontend.py").read_text(encoding="utf-8")
    pins = next(node.value for node in ast.parse(script).body if isinstance(node, ast.Assign)
                and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["SIGMA_PACKAGES"])
    for name, version in ast.literal_eval(pins).items():
        assert f"  {name} {version} (MIT)" in versions, f"{name} {version} is not what was vendored"
    assert "Permission is hereby granted" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    third = (VENDOR / "THIRD-PARTY-LICENSES").read_text(encoding="utf-8")
    assert "graphology" in third and "@sigma/export-image" in third


def test_no_vendored_file_names_a_folder_of_the_build_machine() -> None:
    for path in VENDOR.iterdir():
        assert not re.search("/(?:work|root|home|tmp)/", path.read_text(encoding="utf-8")), path.name


def test_page_inlines_the_vendored_bundle_unchanged(graphs: dict[str, nx.Graph]) -> None:
    page = visualize.to_html(graphs["co-issuance"])
    assert (VENDOR / "sigma.min.js").read_text(encoding="utf-8") in page


def test_standalone_page_caps_details_per_link_and_keeps_every_date() -> None:
    graph = nx.Graph(kind="agency-sector", bipartite=True, filters="")
    graph.add_node("a", kind="agency", label="A", bipartite=0, weight=30)
    graph.add_node("s", kind="sector", label="S", bipartite=1, weight=30)
    iris = [f"urn:p:{i:02d}" for i in range(30)]
    graph.add_edge("a", "s", weight=30, policies=iris, titles=[f"P{i}" for i in range(30)], dates=[])
    details = {iri: visualize.Detail(f"P{i}", f"政策{i}", f"2023-01-{i + 1:02d}") for i, iri in enumerate(iris)}
    data = page_data(visualize.to_html(graph, details))
    edge = data["edges"][0]
    assert len(edge["items"]) == visualize.DETAILS_PER_LINK < edge["weight"] == 30
    assert len(edge["policy_dates"]) == 30, "the date filter counts every policy, not only those detailed"
    shown = [data["items"][i] for i in edge["items"]]
    assert shown[0] == ["P29", "政策29", "2023-01-30", "", 0], "most recent first, with both titles"
    assert len(data["items"]) == visualize.DETAILS_PER_LINK


def test_items_link_to_their_policy_page_in_serve(graphs: dict[str, nx.Graph]) -> None:
    data = page_data(visualize.to_html(graphs["agency-sector"]))
    paths = [item[3] for item in data["items"]]
    assert paths and all(re.fullmatch(r"/policy/[A-Za-z0-9._~-]+", p) for p in paths)
    assert any(item[1] for item in data["items"]), "Chinese titles are carried"


# -- a real browser ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_hovering_the_midpoint_of_every_link_shows_that_link(browser, graphs: dict[str, nx.Graph], kind: str,
                                                             tmp_path: Path) -> None:
    graph = graphs[kind]
    open_page(browser, graph, tmp_path / f"{kind}.html")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    points = browser.execute_script(
        "const n = policygraphNetwork; return n.edgeKeys().map(k => [k, n.heading(k), n.edgeMidpoint(k)])")
    assert len(points) == graph.number_of_edges() > 0
    missed = []
    for key, heading, point in points:
        move_to(browser, point["x"], point["y"])
        hidden, named, detailed = tooltip_links(browser)
        if hidden or key not in detailed:
            missed.append((heading, named))
        elif len(named) > 1:
            assert heading in browser.find_element("id", "tooltip").text
    assert missed == [], f"{len(missed)} of {len(points)} links do not show at their midpoint"
    assert_nothing_left_the_machine(browser)


def test_edge_tooltip_has_both_titles_dates_and_the_source(browser, graphs: dict[str, nx.Graph],
                                                           tmp_path: Path) -> None:
    graph = graphs["agency-sector"]
    open_page(browser, graph, tmp_path / "agency-sector.html")
    key = browser.execute_script(
        "const n = policygraphNetwork; return n.edgeKeys().find(k => n.graph.extremities(k).includes(arguments[0])"
        " && n.graph.extremities(k).includes(arguments[1]))", MIIT, BATTERIES)
    point = browser.execute_script("return policygraphNetwork.edgeMidpoint(arguments[0])", key)
    move_to(browser, point["x"], point["y"])
    block = browser.execute_script(
        "return document.querySelector(`#tooltip .link[data-edge='${arguments[0]}']`).innerText", key)
    assert "MIIT — Batteries" in block and "工业和信息化部 — 电池" in block and "2 policies" in block
    titles = graph.edges[MIIT, BATTERIES]["titles"]
    assert titles and all(title in block for title in titles)
    assert re.search(r"\d{4}-\d{2}-\d{2}", block) and "source: /policy/" in block
    details = graph.graph["details"]
    chinese = [details[p].title_zh for p in graph.edges[MIIT, BATTERIES]["policies"] if details[p].title_zh]
    assert chinese and all(t in block for t in chinese)


def test_node_tooltip_lists_top_neighbours_and_policies(browser, graphs: dict[str, nx.Graph],
                                                        tmp_path: Path) -> None:
    graph = graphs["agency-sector"]
    open_page(browser, graph, tmp_path / "agency-sector.html")
    point = browser.execute_script("return policygraphNetwork.nodePoint(arguments[0])", MIIT)
    move_to(browser, point["x"], point["y"])
    text = browser.find_element("id", "tooltip").text
    assert "工业和信息化部" in text and "Top neighbours" in text and "Top policies" in text
    heaviest = max(graph.edges(MIIT, data="weight"), key=lambda e: (e[2], str(e[1])))
    assert graph.nodes[heaviest[1]]["label"] in text


@pytest.mark.parametrize("kind", KINDS)
def test_filters_change_the_visible_links(browser, graphs: dict[str, nx.Graph], kind: str, tmp_path: Path) -> None:
    graph = graphs[kind]
    open_page(browser, graph, tmp_path / f"{kind}.html")
    total = graph.number_of_edges()
    assert visible(browser) == total
    assert browser.find_element("id", "visible").text.startswith(f"Showing {total} of {total} links")

    heavy = sum(w >= 2 for *_, w in graph.edges(data="weight"))
    field = browser.find_element("id", "min-weight")
    field.clear()
    field.send_keys("2")
    assert visible(browser) == heavy < total
    set_filter(browser, "min-weight", "1")
    assert visible(browser) == total

    details, inferred = graph.graph["details"], visualize.inferred_dates(graph)
    day = {i: details[i].date if i in details else inferred.get(i, "") for i in inferred.keys() | details.keys()}
    items = [[*a["policies"], *a.get("news", [])] for *_, a in graph.edges(data=True)]
    dates = sorted(day.get(i, "") for edge in items for i in edge)
    middle = dates[len(dates) // 2]
    assert middle, "most items have a date of their own"
    expected = sum(any(day.get(i, "") >= middle for i in edge) for edge in items)
    set_filter(browser, "date-from", middle)
    assert visible(browser) == expected < total
    set_filter(browser, "date-from", "")
    assert visible(browser) == total

    set_filter(browser, "with-policies", False)
    assert visible(browser) == sum(bool(a.get("news")) for *_, a in graph.edges(data=True))
    set_filter(browser, "with-policies", True)

    agency = next((n for n, k in graph.nodes(data="kind") if k == "agency"), None)
    if agency:
        set_filter(browser, "agency", agency)
        assert visible(browser) == links_of(graph, bodies(graph, agency)) < total
        set_filter(browser, "agency", "")
    assert visible(browser) == total
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def bodies(graph: nx.Graph, agency: str) -> set[str]:
    """The nodes the page's agency filter keeps for ``agency``: its own and those of the bodies under it."""
    return {b for option in graph.graph["agencies"] if option["id"] == agency for b in option["bodies"]}


def links_of(graph: nx.Graph, nodes: set[str]) -> int:
    return sum(u in nodes or v in nodes for u, v in graph.edges)


@pytest.mark.parametrize("kind", ["agency-sector", "co-issuance"])
def test_agency_filter_keeps_the_bodies_under_an_agency(browser, graphs: dict[str, nx.Graph], kind: str,
                                                        tmp_path: Path) -> None:
    graph = graphs[kind]
    options = page_data(visualize.to_html(graph))["agencies"]
    state_council = next(o for o in options if o["id"] == str(AGENCY["state-council"]))
    assert MIIT in state_council["bodies"] and len(state_council["bodies"]) > 2, "ministries are under it"
    open_page(browser, graph, tmp_path / f"{kind}.html")
    label = browser.execute_script(
        "return [...document.querySelectorAll('#agency option')].find(o => o.value === arguments[0]).text",
        state_council["id"])
    assert re.search(r"\+ \d+ bodies under it", label), label
    set_filter(browser, "agency", state_council["id"])
    expected = links_of(graph, set(state_council["bodies"]))
    assert visible(browser) == expected > links_of(graph, {state_council["id"]})
    set_filter(browser, "agency", MIIT)
    assert visible(browser) == links_of(graph, bodies(graph, MIIT))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_sector_level_filter_keeps_the_links_of_sectors_at_that_level(browser, graphs: dict[str, nx.Graph],
                                                                      tmp_path: Path) -> None:
    graph = graphs["agency-sector"]
    open_page(browser, graph, tmp_path / "agency-sector.html")
    levels = browser.execute_script("return [...document.querySelectorAll('#sector-level option')].map(o => o.value)")
    assert levels == ["", "1", "2", "3"]
    assert browser.find_element("id", "level-filter").is_displayed()
    counts = []
    for level in (1, 2, 3):
        set_filter(browser, "sector-level", str(level))
        expected = sum(graph.nodes[u].get("level") == level or graph.nodes[v].get("level") == level
                       for u, v in graph.edges)
        assert visible(browser) == expected > 0
        counts.append(expected)
    assert sum(counts) == graph.number_of_edges(), "each link has one sector, at one level"
    set_filter(browser, "min-weight", "2")
    heavy = [v for _, v, w in graph.edges(data="weight") if w >= 2]
    assert visible(browser) == sum(graph.nodes[v].get("level") == 3 for v in heavy)
    set_filter(browser, "sector-level", "")
    set_filter(browser, "min-weight", "1")
    assert visible(browser) == graph.number_of_edges()


def test_zoom_buttons_change_the_camera_and_fit_restores_it(browser, graphs: dict[str, nx.Graph],
                                                            tmp_path: Path) -> None:
    open_page(browser, graphs["agency-sector"], tmp_path / "agency-sector.html")

    def ratio() -> float:
        time.sleep(0.4)  # the camera animates for 200 ms
        return browser.execute_script("return policygraphNetwork.ratio()")

    start = ratio()
    browser.find_element("id", "zoom-in").click()
    zoomed = ratio()
    assert zoomed < start
    browser.find_element("id", "zoom-out").click()
    browser.find_element("id", "zoom-out").click()
    assert ratio() > zoomed
    browser.find_element("id", "fit").click()
    assert ratio() == pytest.approx(start)


def test_clicking_a_node_isolates_its_neighbourhood(browser, graphs: dict[str, nx.Graph], tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    graph = graphs["co-issuance"]
    open_page(browser, graph, tmp_path / "co-issuance.html")
    point = browser.execute_script("return policygraphNetwork.nodePoint(arguments[0])", MIIT)
    move_to(browser, point["x"], point["y"])
    ActionChains(browser).click().perform()
    assert visible(browser) == graph.degree(MIIT) < graph.number_of_edges()
    browser.find_element("id", "show-all").click()
    assert visible(browser) == graph.number_of_edges()


def test_current_view_exports_as_png_and_svg(browser, graphs: dict[str, nx.Graph], tmp_path: Path) -> None:
    graph = graphs["co-issuance"]
    open_page(browser, graph, tmp_path / "co-issuance.html")
    set_filter(browser, "min-weight", "2")
    shown = visible(browser)
    png = browser.execute_async_script(
        "const done = arguments[0]; policygraphNetwork.exportPNG().then(done, e => done(String(e)))")
    assert png["type"] == "image/png" and png["size"] > 5_000, png
    svg = ET.fromstring(browser.execute_script("return policygraphNetwork.exportSVG()"))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.findall(f"{ns}g/{ns}line")) + len(svg.findall(f"{ns}g/{ns}path")) == shown
    assert svg.findall(f"{ns}g/{ns}path"), "co-issuance links are curves, as on the page"
    assert len(svg.findall(f"{ns}g/{ns}circle")) == len({n for u, v, w in graph.edges(data="weight") if w >= 2
                                                         for n in (u, v)})
    assert_nothing_left_the_machine(browser)


def test_heat_map_shows_one_cell_per_visible_link(browser, graphs: dict[str, nx.Graph], tmp_path: Path) -> None:
    graph = graphs["agency-sector"]
    open_page(browser, graph, tmp_path / "agency-sector.html")
    browser.find_element("id", "view-heatmap").click()
    assert browser.find_element("id", "heatmap").is_displayed()
    assert browser.execute_script("return policygraphNetwork.heatmapCells()") == graph.number_of_edges()
    set_filter(browser, "min-weight", "2")
    assert browser.execute_script("return policygraphNetwork.heatmapCells()") == visible(browser) < (
        graph.number_of_edges())
    browser.find_element("id", "view-network").click()
    assert not browser.find_element("id", "heatmap").is_displayed()
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_cli_page_carries_chinese_titles_and_dates(loaded_store: Store, monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    from click.testing import CliRunner
    from test_network_views import _Borrowed

    from policygraph import cli

    monkeypatch.setattr(cli, "_open", lambda location: _Borrowed(loaded_store))
    def page(kind: str) -> dict:
        out = tmp_path / f"{kind}.html"
        result = CliRunner().invoke(cli.main, ["network", "--kind", kind, "--format", "html", "-o", str(out)])
        assert result.exit_code == 0, result.output
        return page_data(out.read_text(encoding="utf-8"))

    policies = page("agency-sector")["items"]
    assert any(item[1] for item in policies), "policies carry their Chinese titles"
    news = page("company-sector")["items"]
    assert any(item[4] for item in news), "news items are carried, marked as news"
    for item in policies + news:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item[2]), f"{item[0]} has no date of its own"
