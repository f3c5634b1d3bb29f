"""Drawings and exports of the sample networks, including a real headless-Chromium check of the HTML page."""

from __future__ import annotations

import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest

from policygraph import visualize
from policygraph.namespaces import AGENCY, SECTOR
from policygraph.network import Filters, agency_sector_network, build_network
from policygraph.store import Store
from policygraph.visualize import FontUnavailable

MIIT, BATTERIES = str(AGENCY.miit), str(SECTOR.batteries)
SVG = "{http://www.w3.org/2000/svg}"
KINDS = ["agency-sector", "co-issuance", "company-sector"]


@pytest.fixture(scope="module")
def graphs(loaded_store: Store) -> dict[str, nx.Graph]:
    """The three networks of the samples, sectors at level 3."""
    return {kind: build_network(loaded_store, kind, Filters(level=3)) for kind in KINDS}


def has_cjk_font() -> bool:
    try:
        visualize.cjk_font()
    except FontUnavailable:
        return False
    return True


needs_cjk = pytest.mark.skipif(not has_cjk_font(), reason="no CJK font (Debian: apt-get install fonts-wqy-microhei)")


def svg_texts(data: bytes) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(data).iter(f"{SVG}text")]


# -- GraphML and GEXF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_graphml_round_trips_nodes_weights_and_policies(graphs: dict[str, nx.Graph], kind: str) -> None:
    graph = graphs[kind]
    back = nx.read_graphml(io.BytesIO(visualize.to_graphml(graph)))
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e): w for *e, w in back.edges(data="weight")} == {
        frozenset(e): w for *e, w in graph.edges(data="weight")}
    for u, v, attrs in graph.edges(data=True):
        joined = back.edges[u, v]["policies"]
        assert (joined.split(visualize.JOIN) if joined else []) == attrs["policies"]
    for node, attrs in graph.nodes(data=True):
        assert back.nodes[node]["label_zh"] == attrs["label_zh"]
        assert back.nodes[node]["weight"] == attrs["weight"]


@pytest.mark.parametrize("kind", KINDS)
def test_gexf_is_read_back_by_networkx(graphs: dict[str, nx.Graph], kind: str) -> None:
    graph = graphs[kind]
    back = nx.read_gexf(io.BytesIO(visualize.to_gexf(graph)))
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e): float(w) for *e, w in back.edges(data="weight")} == {
        frozenset(e): float(w) for *e, w in graph.edges(data="weight")}
    assert {n: a["label"] for n, a in back.nodes(data=True)} == dict(graph.nodes(data="label"))


def test_flatten_leaves_only_scalars(graphs: dict[str, nx.Graph]) -> None:
    flat = visualize.flatten(graphs["company-sector"])
    values = [v for _, a in flat.nodes(data=True) for v in a.values()]
    values += [v for *_, a in flat.edges(data=True) for v in a.values()] + list(flat.graph.values())
    assert values and all(isinstance(v, bool | int | float | str) for v in values)


# -- figures -----------------------------------------------------------------------------------------------


def test_png_is_not_blank(graphs: dict[str, nx.Graph]) -> None:
    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(visualize.to_png(graphs["agency-sector"]))).convert("L")
    assert image.width > 400 and image.height > 400
    assert ImageStat.Stat(image).stddev[0] > 10


def test_svg_keeps_agency_and_sector_labels_as_text(graphs: dict[str, nx.Graph]) -> None:
    texts = svg_texts(visualize.to_svg(graphs["agency-sector"]))
    assert {"MIIT", "NDRC", "SAMR", "CNIPA", "Batteries", "Agency–sector network"} <= set(texts)


@needs_cjk
def test_cjk_labels_are_drawn_without_missing_glyphs(graphs: dict[str, nx.Graph]) -> None:
    texts = svg_texts(visualize.to_svg(graphs["agency-sector"], cjk=True))
    assert "MIIT 工业和信息化部" in texts and "Batteries 电池" in texts
    assert visualize.to_png(graphs["co-issuance"], cjk=True)  # raises FontUnavailable on a missing glyph


def test_chinese_text_without_cjk_font_is_refused_not_drawn_as_boxes() -> None:
    graph = nx.Graph(kind="agency-sector", bipartite=True)
    graph.add_node("a", kind="agency", label="电池", bipartite=0, weight=1)
    graph.add_node("s", kind="sector", label="x", bipartite=1, weight=1)
    graph.add_edge("a", "s", weight=1)
    with pytest.raises(FontUnavailable, match="no glyph"):
        visualize.to_png(graph)


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, graphs: dict[str, nx.Graph]) -> None:
    from matplotlib import font_manager

    monkeypatch.setattr(visualize, "CJK_FAMILIES", ())
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(FontUnavailable, match="apt-get install fonts-noto-cjk") as caught:
        visualize.to_png(graphs["agency-sector"], cjk=True)
    assert caught.value.exit_code == 3


@pytest.mark.parametrize(("kind", "cjk"), [("agency-sector", False), ("company-sector", False),
                                           pytest.param("agency-sector", True, marks=needs_cjk)])
def test_column_labels_do_not_overlap(graphs: dict[str, nx.Graph], kind: str, cjk: bool) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = visualize.figure(graphs[kind], cjk=cjk)
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert len(boxes) == graphs[kind].number_of_nodes()
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert all(fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 for b in boxes), "a label is cut off"


def test_an_empty_network_still_renders(loaded_store: Store) -> None:
    import datetime as dt

    empty = agency_sector_network(loaded_store, Filters(start=dt.date(2030, 1, 1)))
    for fmt in visualize.FORMATS:
        assert visualize.render(empty, fmt)


def test_bipartite_layout_puts_agencies_left_and_sectors_right(graphs: dict[str, nx.Graph]) -> None:
    graph = graphs["agency-sector"]
    pos = visualize.layout(graph)
    assert {graph.nodes[n]["kind"] for n, (x, _, _) in pos.items() if x == 0} == {"agency"}
    assert {graph.nodes[n]["kind"] for n, (x, _, _) in pos.items() if x == 1} == {"sector"}
    assert all(0 < y < 1 for _, y, _ in pos.values())


# -- HTML --------------------------------------------------------------------------------------------------


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def without_library(page: str) -> str:
    """The page less the inlined sigma.js bundle (checked on its own, against its recorded checksum)."""
    library = (resources.files("policygraph") / "assets" / "vendor" / "sigma" / "sigma.min.js").read_text(
        encoding="utf-8")
    assert page.count(library) == 1
    return page.replace(library, "")


def test_html_is_self_contained(graphs: dict[str, nx.Graph]) -> None:
    page = without_library(visualize.to_html(graphs["agency-sector"]))
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|\bhref=|@import", page, re.I)
    assert not re.search(r"\burl\(", page), "a CSS url() would fetch"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_html_carries_bilingual_names_and_the_policies_behind_each_link(graphs: dict[str, nx.Graph]) -> None:
    data = page_data(visualize.to_html(graphs["agency-sector"]))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert (nodes[MIIT]["label_zh"], nodes[MIIT]["acronym"], nodes[BATTERIES]["label_zh"]) == ("工业和信息化部", "MIIT",
                                                                                              "电池")
    edge = next(e for e in data["edges"] if {e["source"], e["target"]} == {MIIT, BATTERIES})
    assert edge["weight"] == 2 and len(edge["items"]) == 2 and len(edge["policy_dates"]) == 2
    titles = [data["items"][i][0] for i in edge["items"]]
    assert sorted(titles) == sorted(graphs["agency-sector"].edges[MIIT, BATTERIES]["titles"])


def test_html_colours_communities_with_a_bilingual_legend(graphs: dict[str, nx.Graph]) -> None:
    from policygraph.analysis import communities

    graph = graphs["co-issuance"]
    data = page_data(visualize.to_html(graph))
    groups = communities(graph)
    assert {n["id"]: n["community"] for n in data["nodes"]} == {str(n): c for n, c in groups.items()}
    assert [c["id"] for c in data["communities"]] == sorted(set(groups.values()))
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c["color"]) for c in data["communities"])
    assert data["kinds"]["agency"] == ["agency", "机构"]


def test_html_escapes_markup_in_labels() -> None:
    graph = nx.Graph(kind="co-issuance", filters="</script><script>alert(1)</script>")
    graph.add_edge("a", "b", weight=1, policies=["p"], titles=["<b>&amp;</b>"])
    graph.add_node("a", label="</script><!--", kind="agency", weight=1)
    graph.add_node("b", label="b", kind="agency", weight=1)
    page = visualize.to_html(graph)
    assert page.count("</script>") == 3 and "<!--" not in page  # the data, the library, the page script
    assert page_data(page)["nodes"][0]["label"] == "</script><!--"


# -- a real browser ----------------------------------------------------------------------------------------

LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
NETWORK_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:")


def assert_nothing_left_the_machine(driver: object) -> None:
    """The page loaded only local resources, and the browser sent no request over the network at all."""
    page_urls = driver.execute_script(  # type: ignore[attr-defined]
        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))")
    assert all(url.startswith(LOCAL_SCHEMES) for url in page_urls), page_urls
    sent = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]  # type: ignore[attr-defined]
    urls = [m["params"]["request"]["url"] for m in sent if m["method"] == "Network.requestWillBeSent"]
    assert urls, "DevTools network events are logged"
    assert not [url for url in urls if url.lower().startswith(NETWORK_SCHEMES)], urls


@pytest.mark.parametrize("kind", KINDS)
def test_page_draws_every_node_offline_in_chromium(browser, graphs: dict[str, nx.Graph], kind: str,
                                                   tmp_path: Path) -> None:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By

    graph = graphs[kind]
    page = tmp_path / f"{kind}.html"
    page.write_text(visualize.to_html(graph), encoding="utf-8")
    browser.get_log("performance")  # drop what the browser did before this page
    browser.get(page.as_uri())
    counts = browser.execute_script("const g = policygraphNetwork.graph; return [g.order, g.size, "
                                    "document.querySelectorAll('#chart canvas').length]")
    assert counts[:2] == [graph.number_of_nodes(), graph.number_of_edges()] and counts[2] > 0
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []

    node = next(n for n, a in graph.nodes(data=True) if a.get("label_zh"))
    point = browser.execute_script("return policygraphNetwork.nodePoint(arguments[0])", node)
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(round(point["x"])), int(round(point["y"])))
    actions.perform()
    tooltip = browser.find_element(By.ID, "tooltip")
    assert tooltip.is_displayed() and graph.nodes[node]["label_zh"] in tooltip.text

    browser.find_element(By.ID, "search").send_keys(graph.nodes[node]["label"])
    assert browser.execute_script("return Object.keys(policygraphNetwork.state.hits).length") >= 1
    assert re.fullmatch(r"\d+ match(es)?", browser.find_element(By.ID, "matches").text)
    browser.save_screenshot(str(tmp_path / f"{kind}.png"))
    assert (tmp_path / f"{kind}.png").stat().st_size > 10_000

    assert_nothing_left_the_machine(browser)


def test_the_offline_check_catches_a_request(browser, tmp_path: Path) -> None:
    """The check above is not vacuous: a page that asks for an http resource (on loopback) fails it."""
    page = tmp_path / "fetches.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/pixel.png" alt="">', encoding="utf-8")
    browser.get_log("performance")
    browser.get(page.as_uri())
    with pytest.raises(AssertionError):
        assert_nothing_left_the_machine(browser)
