"""Network views that stay readable and truthful at scale: cutting to the heaviest links (and saying so), GEXF 1.2
with dates for Gephi's timeline, and company–sector links only where the company is the item's subject."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from test_network import _Borrowed

from policygraph import cli, network, visualize
from policygraph.errors import QueryParameterError
from policygraph.namespaces import COMPANY, PG, SECTOR
from policygraph.network import Filters, build_network, company_sector_network, cut, cut_text
from policygraph.store import Store

DIGEST = Path(__file__).parent / "data" / "network" / "merics-china-industries-2024-01.md"
GEXF = "{http://www.gexf.net/1.2draft}"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
META, MICROSOFT, BYD, CATL = (str(COMPANY[k]) for k in ("meta", "microsoft", "byd", "catl"))
VR, BATTERIES = str(SECTOR["virtual-reality"]), str(SECTOR.batteries)


def ladder(edges: int) -> nx.Graph:
    """``edges`` separate links a_i — s_i with weights 1..10 repeating (ties on purpose)."""
    graph = nx.Graph(kind="agency-sector", filters="test", bipartite=True)
    for i in range(edges):
        graph.add_node(f"urn:a:{i:05d}", kind="agency", label=f"A{i}", weight=1, bipartite=0)
        graph.add_node(f"urn:s:{i:05d}", kind="sector", label=f"S{i}", weight=1, bipartite=1)
        graph.add_edge(f"urn:a:{i:05d}", f"urn:s:{i:05d}", weight=i % 10 + 1, policies=[f"urn:p:{i}"],
                       titles=[f"P{i}"], dates=[f"2023-01-{i % 28 + 1:02d}"])
    return graph


# -- 1. cutting to the heaviest links ----------------------------------------------------------------------


def test_top_keeps_the_heaviest_links_with_ties_broken_by_the_node_iris() -> None:
    graph = ladder(30)  # three links of each weight 1..10
    small = cut(graph, top=5)
    # weight 10: i = 9, 19, 29; weight 9: i = 8, 18, 28 -> the two lowest IRIs of those
    assert sorted(small.edges) == sorted((f"urn:a:{i:05d}", f"urn:s:{i:05d}") for i in (9, 19, 29, 8, 18))
    assert set(small) == {n for edge in small.edges for n in edge}, "nodes left without links are dropped"
    assert (small.graph["links_total"], small.graph["links_shown"], small.graph["top"]) == (30, 5, 5)
    assert cut(graph, top=5).edges == small.edges, "the same links on every run"
    assert graph.number_of_edges() == 30, "the graph cut is not changed"


def test_min_weight_drops_lighter_links_and_the_nodes_they_leave_alone() -> None:
    graph = ladder(30)
    heavy = cut(graph, min_weight=8)
    assert heavy.number_of_edges() == 9 and all(w >= 8 for *_, w in heavy.edges(data="weight"))
    assert heavy.number_of_nodes() == 18
    both = cut(graph, min_weight=8, top=4)
    assert both.number_of_edges() == 4 and cut_text(both) == "showing the 4 heaviest of 30 links (weight ≥ 8)"
    assert cut_text(heavy) == "showing the 9 of 30 links of weight ≥ 8"
    assert cut_text(graph) == "" and cut_text(cut(graph, top=100)) == ""
    with pytest.raises(QueryParameterError):
        cut(graph, min_weight=0)


def test_the_cut_is_stated_in_the_html_header_and_page_data() -> None:
    graph = cut(ladder(6710), min_weight=3, top=200)
    assert cut_text(graph) == "showing the 200 heaviest of 6,710 links (weight ≥ 3)"
    page = visualize.to_html(graph)
    header = page[page.index("<header>"):page.index("</header>")]
    assert "Showing the 200 heaviest of 6,710 links (weight ≥ 3)." in header
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert (len(data["edges"]), data["links_total"]) == (200, 6710)
    assert "200 heaviest of 6,710" in data["cut"]
    assert 'id="cut"' not in visualize.to_html(ladder(20)), "an uncut network states no cut"


@pytest.fixture()
def run(loaded_store: Store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cli, "_open", lambda location: _Borrowed(loaded_store))
    return lambda *args: CliRunner().invoke(cli.main, ["network", *args])


def test_cli_top_and_min_weight_apply_to_every_format(run, loaded_store: Store, tmp_path: Path) -> None:
    full = build_network(loaded_store, "agency-sector")
    heaviest = sorted(full.edges(data="weight"), key=lambda e: (-e[2], *sorted(e[:2])))[:3]
    result = run("--format", "csv", "--top", "3")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 3
    assert f"showing the 3 heaviest of {full.number_of_edges()} links" in result.stderr
    out = tmp_path / "heavy.graphml"
    assert run("--format", "graphml", "--top", "3", "-o", str(out)).exit_code == 0
    assert {frozenset(e) for e in nx.read_graphml(out).edges} == {frozenset(e[:2]) for e in heaviest}
    out = tmp_path / "heavy.gexf"
    assert run("--format", "gexf", "--min-weight", "2", "-o", str(out)).exit_code == 0
    back = nx.read_gexf(out)
    assert back.number_of_edges() == sum(w >= 2 for *_, w in full.edges(data="weight")) > 0
    assert all(float(w) >= 2 for *_, w in back.edges(data="weight"))
    assert all(back.degree(n) for n in back), "nodes left without links are dropped"


def test_cli_html_shows_at_most_the_default_number_of_links_and_says_so(run, loaded_store: Store,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    total = build_network(loaded_store, "agency-sector").number_of_edges()
    monkeypatch.setattr(network, "HTML_TOP", 5)  # the samples have far fewer than 500 links
    page = tmp_path / "page.html"
    assert run("--format", "html", "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert f"Showing the 5 heaviest of {total} links." in text
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', text, re.S).group(1))
    assert len(data["edges"]) == 5
    assert run("--format", "html", "--top", "8", "-o", str(page)).exit_code == 0
    assert f"Showing the 8 heaviest of {total} links." in page.read_text(encoding="utf-8")
    graphml = tmp_path / "all.graphml"
    assert run("--format", "graphml", "-o", str(graphml)).exit_code == 0
    assert nx.read_graphml(graphml).number_of_edges() == total, "other formats keep every link"


def test_help_documents_the_cut_and_the_html_default() -> None:
    text = " ".join(CliRunner().invoke(cli.main, ["network", "--help"]).output.split())
    assert "--min-weight N" in text and "--top N" in text
    assert "at most the 500 heaviest" in text and "other formats keep every link" in text


# -- 2. GEXF 1.2 -------------------------------------------------------------------------------------------


def check_gexf(data: bytes) -> ET.Element:
    """The rules of the GEXF 1.2 schema that matter here, checked by hand (the XSD is not available offline)."""
    root = ET.fromstring(data)
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.2"
    for element in root.iter():
        assert element.tag.startswith(GEXF), f"{element.tag} is outside the GEXF 1.2 namespace"
        for key, value in element.attrib.items():
            assert value.strip(), f"empty {key}= on <{element.tag}>"
    body = root.find(f"{GEXF}graph")
    assert body is not None
    assert body.get("defaultedgetype") in {"undirected", "directed", "mutual"}
    assert body.get("mode") in {"static", "dynamic"}
    ids = [node.get("id") for node in body.iter(f"{GEXF}node")]
    assert all(ids) and len(ids) == len(set(ids))
    for edge in body.iter(f"{GEXF}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
    declared = {a.get("id") for a in body.iter(f"{GEXF}attribute")}
    assert all(v.get("for") in declared for v in body.iter(f"{GEXF}attvalue"))
    for holder in body.iter(f"{GEXF}attvalues"):
        assert len(holder), "an <attvalues> with no <attvalue>"
    for element in [*body.iter(f"{GEXF}node"), *body.iter(f"{GEXF}edge")]:
        if "start" in element.attrib:
            assert body.get("mode") == "dynamic" and body.get("timeformat") == "date"
            assert ISO_DATE.fullmatch(element.get("start"))
            dt.date.fromisoformat(element.get("start"))
    return root


@pytest.mark.parametrize("kind", network.KINDS)
def test_gexf_follows_the_1_2_schema_and_dates_every_link(loaded_store: Store, kind: str) -> None:
    graph = build_network(loaded_store, kind, Filters(level=3))
    root = check_gexf(visualize.to_gexf(graph))
    body = root.find(f"{GEXF}graph")
    assert (body.get("mode"), body.get("timeformat")) == ("dynamic", "date")
    assert "name" not in body.attrib
    starts = {frozenset((e.get("source"), e.get("target"))): e.get("start") for e in body.iter(f"{GEXF}edge")}
    assert starts == {frozenset((u, v)): min(d) for u, v, d in graph.edges(data="dates")}
    nodes = {n.get("id"): n.get("start") for n in body.iter(f"{GEXF}node")}
    for node in graph:
        assert nodes[node] == min(min(d) for *_, d in graph.edges(node, data="dates"))


def test_gexf_without_dates_is_static_and_still_read_by_networkx() -> None:
    graph = nx.Graph(kind="co-issuance", filters="")
    graph.add_node("urn:x", label="X", label_zh="")
    graph.add_node("urn:y", label="Y", label_zh="乙")
    graph.add_edge("urn:x", "urn:y", weight=2, policies=["urn:p1", "urn:p2"])
    data = visualize.to_gexf(graph)
    body = check_gexf(data).find(f"{GEXF}graph")
    assert body.get("mode") == "static" and "timeformat" not in body.attrib
    back = nx.read_gexf(io.BytesIO(data))
    assert back.edges["urn:x", "urn:y"]["weight"] == 2 and back.nodes["urn:y"]["label_zh"] == "乙"


def test_gexf_of_a_cut_network_keeps_its_dates(loaded_store: Store) -> None:
    graph = cut(build_network(loaded_store, "agency-sector"), top=4)
    body = check_gexf(visualize.to_gexf(graph)).find(f"{GEXF}graph")
    assert len(list(body.iter(f"{GEXF}edge"))) == 4
    assert all(e.get("start") for e in body.iter(f"{GEXF}edge"))


# -- 3. company–sector links only where the company is the subject ----------------------------------------


@pytest.fixture(scope="module")
def vr_store(tmp_path_factory: pytest.TempPathFactory):
    """A store with the vocabularies and one hand-written digest: a VR plan whose comment names Meta and
    Microsoft in passing, a battery pilot named after BYD whose comment names CATL, and a news item about
    Microsoft."""
    from policygraph.ingest import ingest_file
    from policygraph.store import open_store
    from policygraph.vocabularies import load_reference_graphs

    store = open_store(tmp_path_factory.mktemp("vr") / "store")
    load_reference_graphs(store)
    ingest_file(store, DIGEST, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    yield store
    store.close()


def mentioned(store: Store) -> set[tuple[str, str]]:
    rows = store.select(f"SELECT ?item ?company WHERE {{ ?item <{PG.mentionsCompany}> ?company }}", {})
    return {(str(r["item"]).rsplit("/", 2)[1], str(r["company"])) for r in rows}


def test_the_digest_records_every_mention(vr_store: Store) -> None:
    """The store still says the VR plan mentions Meta and Microsoft: only the network is stricter."""
    assert mentioned(vr_store) >= {("policy", META), ("policy", MICROSOFT), ("policy", BYD), ("policy", CATL),
                                   ("news", MICROSOFT)}


def test_a_company_named_in_a_comment_in_passing_is_not_linked(vr_store: Store) -> None:
    graph = company_sector_network(vr_store)
    assert META not in graph and CATL not in graph
    assert VR in graph


def test_a_news_item_links_the_company_named_in_its_text(vr_store: Store) -> None:
    graph = company_sector_network(vr_store)
    edge = graph.edges[MICROSOFT, VR]
    assert edge["policies"] == [] and len(edge["news"]) == 1 and edge["weight"] == 1
    assert edge["news_texts"][0].startswith("Microsoft opened a laboratory")
    assert edge["dates"] == ["2023-12-12"]
    assert MICROSOFT not in company_sector_network(vr_store, Filters(include_news=False))


def test_a_policy_links_the_company_named_in_its_headline_or_title(vr_store: Store) -> None:
    graph = company_sector_network(vr_store, Filters(include_news=False))
    assert {n for n, kind in graph.nodes(data="kind") if kind == "company"} == {BYD}
    edge = graph.edges[BYD, BATTERIES]
    assert edge["titles"] == ["Notice on the BYD Pilot for Recycling New Energy Vehicle Power Batteries"]
    assert edge["dates"] == ["2023-12-08"]


def test_subject_companies_matches_names_as_the_tagger_does() -> None:
    names = {"c:byd": ["BYD", "比亚迪"], "c:meta": ["Meta", "Facebook"]}
    assert network.subject_companies(["c:byd", "c:meta"], ["关于比亚迪试点的通知"], names) == {"c:byd"}
    assert network.subject_companies(["c:meta"], ["Facebook's VR plan"], names) == {"c:meta"}
    assert network.subject_companies(["c:meta"], ["metadata and Metaverse rules"], names) == set()
    assert network.subject_companies(["c:byd"], [], names) == set()


def test_a_png_is_never_written_to_a_terminal(tmp_path: Path) -> None:
    """Binary output refuses a terminal: one line and exit 2, nothing written to it."""
    import os
    import pty
    import subprocess
    import sys

    from click.testing import CliRunner

    from policygraph import resources
    from policygraph.cli import main

    store = tmp_path / "store"
    sample = resources.sample_digest_paths("merics-china-industries")[0]
    assert CliRunner().invoke(main, ["ingest", str(sample), "--store", str(store)]).exit_code == 0
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "policygraph.cli", "network", "--format", "png", "--store",
                               str(store)], stdout=follower, stderr=subprocess.PIPE, timeout=300)
        os.set_blocking(leader, False)
        try:
            written = os.read(leader, 1 << 16)
        except BlockingIOError:
            written = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert b"PNG" in done.stderr and b"Traceback" not in done.stderr
    assert b"\x89PNG" not in written
