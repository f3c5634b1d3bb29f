"""Networks built from the sample digests: edges, weights, the policies behind them, filters and roll-up."""

from __future__ import annotations

import datetime as dt
import doctest

import networkx as nx
import pytest
from click.testing import CliRunner

from policygraph import cli, network
from policygraph.errors import QueryParameterError
from policygraph.namespaces import AGENCY, COMPANY, SECTOR
from policygraph.network import (
    Filters,
    Taxonomy,
    agency_sector_network,
    build_network,
    co_issuance_network,
    company_sector_network,
    parse_period,
)
from policygraph.store import Store

MIIT, SAMR, NDRC, NEA = (str(AGENCY[k]) for k in ("miit", "samr", "ndrc", "nea"))
BATTERIES, LITHIUM = str(SECTOR.batteries), str(SECTOR["lithium-ion-batteries"])
#: the two lithium-ion battery policies of the samples (Nov 2021 and Nov 2022), both issued by MIIT
BATTERY_TITLES = {
    "Lithium-ion Battery Industry Regulatory Conditions (2021) (Draft for Comment)",
    "Notice on Improving the Collaborative and Stable Development of the Lithium-ion Battery Industry Supply Chain",
}


def sector_levels(graph: nx.Graph) -> set[int]:
    return {level for _, level in graph.nodes(data="level") if level is not None}


# -- agency-sector -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [None, 3])
def test_miit_is_linked_to_batteries_by_the_two_battery_policies(loaded_store: Store, level: int | None) -> None:
    graph = agency_sector_network(loaded_store, Filters(level=level))
    edge = graph.edges[MIIT, BATTERIES]
    assert edge["weight"] == 2
    assert len(edge["policies"]) == 2 and edge["policies"] == sorted(edge["policies"])
    assert set(edge["titles"]) == BATTERY_TITLES


def test_at_level_3_lithium_ion_batteries_roll_up_into_batteries(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store, Filters(level=3))
    assert LITHIUM not in graph
    assert graph.nodes[BATTERIES]["level"] == 3
    assert max(sector_levels(graph)) == 3
    assert LITHIUM in agency_sector_network(loaded_store)


def test_level_1_keeps_only_top_sectors(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store, Filters(level=1))
    assert sector_levels(graph) == {1}
    assert graph.number_of_nodes() < agency_sector_network(loaded_store).number_of_nodes()


def test_node_attributes_are_bilingual_and_typed(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store)
    miit, batteries = graph.nodes[MIIT], graph.nodes[BATTERIES]
    assert {k: miit[k] for k in ("kind", "iri", "label", "label_zh", "acronym", "bipartite")} == {
        "kind": "agency", "iri": MIIT, "label": "MIIT", "label_zh": "工业和信息化部", "acronym": "MIIT", "bipartite": 0}
    assert miit["label_en"] == "Ministry of Industry and Information Technology"
    assert (batteries["kind"], batteries["label_en"], batteries["label_zh"], batteries["bipartite"]) == (
        "sector", "Batteries", "电池", 1)
    assert "acronym" not in batteries
    assert graph.graph["kind"] == "agency-sector"


def test_every_edge_weight_counts_its_policies(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store)
    for _, _, attrs in graph.edges(data=True):
        assert attrs["weight"] == len(attrs["policies"]) == len(set(attrs["policies"])) == len(attrs["titles"])
    for node, attrs in graph.nodes(data=True):
        behind = {p for _, _, ps in graph.edges(node, data="policies") for p in ps}
        assert attrs["weight"] == len(behind)


def test_sector_filter_keeps_the_sector_and_its_sub_sectors(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store, Filters(sector="电池"))
    sectors = {n for n, kind in graph.nodes(data="kind") if kind == "sector"}
    agencies = {n for n, kind in graph.nodes(data="kind") if kind == "agency"}
    assert sectors == {BATTERIES, LITHIUM}
    assert agencies == {MIIT, SAMR}


def test_sector_filter_with_a_higher_level_stops_at_the_filter_sector(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store, Filters(sector="batteries", level=1))
    assert {n for n, kind in graph.nodes(data="kind") if kind == "sector"} == {BATTERIES}
    assert graph.edges[MIIT, BATTERIES]["weight"] == 2


def test_agency_filter_keeps_the_agency_and_its_sub_bodies(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store, Filters(agency="NDRC"))
    assert {n for n, kind in graph.nodes(data="kind") if kind == "agency"} == {NDRC, NEA}


def test_date_range_keeps_one_battery_policy_per_year(loaded_store: Store) -> None:
    for year in (2021, 2022):
        graph = agency_sector_network(loaded_store, Filters(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)))
        assert graph.edges[MIIT, BATTERIES]["weight"] == 1
    assert agency_sector_network(loaded_store, Filters(start=dt.date(2030, 1, 1))).number_of_nodes() == 0


def test_policies_only_leaves_out_the_policies_news_items_report(loaded_store: Store) -> None:
    everything = agency_sector_network(loaded_store)
    top5 = agency_sector_network(loaded_store, Filters(include_news=False))
    assert top5.number_of_edges() < everything.number_of_edges()
    assert top5.edges[MIIT, BATTERIES]["weight"] == 2
    reported = {p for _, _, ps in everything.edges(data="policies") for p in ps}
    ranked = {p for _, _, ps in top5.edges(data="policies") for p in ps}
    assert ranked < reported
    assert len(ranked) == 15, "three digests with five Top-5 entries each"


# -- co-issuance -------------------------------------------------------------------------------------------


def test_co_issuance_links_miit_with_the_bodies_the_digests_name(loaded_store: Store) -> None:
    graph = co_issuance_network(loaded_store)
    partners = set(graph[MIIT])
    assert {str(AGENCY[k]) for k in ("ndrc", "samr", "cnipa", "moe", "mct", "nrta", "gasc")} <= partners
    assert graph.edges[MIIT, SAMR]["weight"] == 1
    assert graph.edges[MIIT, SAMR]["titles"] == [
        "Notice on Improving the Collaborative and Stable Development of the Lithium-ion Battery Industry Supply Chain"]
    assert not graph.graph["bipartite"]
    assert all(kind == "agency" for _, kind in graph.nodes(data="kind"))


def test_co_issuance_filters(loaded_store: Store) -> None:
    batteries = co_issuance_network(loaded_store, Filters(sector="batteries"))
    assert set(batteries.edges) == {(MIIT, SAMR)} or set(batteries.edges) == {(SAMR, MIIT)}
    ndrc = co_issuance_network(loaded_store, Filters(agency="NDRC"))
    theirs = {p for node in (NDRC, NEA) for _, _, ps in ndrc.edges(node, data="policies") for p in ps}
    assert {p for _, _, ps in ndrc.edges(data="policies") for p in ps} == theirs
    assert MIIT in ndrc, "the agency filter keeps every issuer of the agency's policies"


# -- company-sector ----------------------------------------------------------------------------------------


def test_company_sector_links_companies_through_the_items_about_them(loaded_store: Store) -> None:
    """CATL is the subject of one news item (April 2023); the two battery policies name it only in the analyst's
    comment, so they no longer link it (see tests/test_network_views.py for the rule)."""
    catl = str(COMPANY.catl)
    graph = company_sector_network(loaded_store, Filters(level=3))
    edge = graph.edges[catl, BATTERIES]
    assert (len(edge["policies"]), len(edge["news"])) == (0, 1)
    assert edge["weight"] == 1 and len(edge["news_texts"]) == 1 and edge["dates"] == ["2023-04-19"]
    assert graph.nodes[catl]["kind"] == "company" and graph.nodes[catl]["label_zh"]
    top5 = company_sector_network(loaded_store, Filters(level=3, include_news=False))
    assert catl not in top5
    assert all(not news for _, _, news in top5.edges(data="news"))


def test_company_sector_agency_filter_keeps_items_of_that_agency(loaded_store: Store) -> None:
    """SAMR's battery policy names CATL, BYD and China Mineral Resources Group only in the comment: no links."""
    assert company_sector_network(loaded_store, Filters(agency="SAMR")).number_of_edges() == 0
    assert company_sector_network(loaded_store).number_of_edges() > 0


def test_build_network_by_name(loaded_store: Store) -> None:
    assert build_network(loaded_store, "co-issuance").graph["kind"] == "co-issuance"
    with pytest.raises(QueryParameterError, match="unknown network kind"):
        build_network(loaded_store, "nope")


# -- taxonomy ----------------------------------------------------------------------------------------------


def test_roll_up_picks_the_first_ancestor_at_the_level_in_a_polyhierarchy() -> None:
    taxonomy = Taxonomy({"top-a": (), "top-b": (), "mid-b": ("top-b",), "mid-a": ("top-a",),
                         "leaf": ("mid-b", "mid-a"), "deep": ("leaf",)})
    assert [taxonomy.level(s) for s in ("top-a", "mid-b", "leaf", "deep")] == [1, 2, 3, 4]
    assert taxonomy.roll_up("deep", 2) == "mid-a"
    assert taxonomy.roll_up("deep", 1) == "top-a"
    assert taxonomy.roll_up("mid-b", 3) == "mid-b"


def test_levels_use_the_shallowest_path() -> None:
    taxonomy = Taxonomy({"t": (), "m": ("t",), "x": ("m", "t")})
    assert taxonomy.level("x") == 2
    assert taxonomy.roll_up("x", 1) == "t"


# -- bad filters -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(agency="Ministry of Magic"), "network: parameter 'agency': no pg:Agency matches 'Ministry of Magic'"),
        (Filters(sector="unobtainium"), "network: parameter 'sector': no pg:Sector matches 'unobtainium'"),
        (Filters(sector="MIIT"), "no pg:Sector matches 'MIIT'"),
        (Filters(start=dt.date(2023, 1, 1), end=dt.date(2022, 1, 1)), "is after the end date"),
        (Filters(level=0), "the level must be 1"),
    ],
)
def test_bad_filters_are_reported(loaded_store: Store, filters: Filters, message: str) -> None:
    with pytest.raises(QueryParameterError, match=message):
        agency_sector_network(loaded_store, filters)


@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; #', "<http://x> } DELETE WHERE { ?s ?p ?o } #",
                                   "pgs:batteries> } ; DROP ALL ; <x"])
def test_filter_text_never_reaches_the_query(loaded_store: Store, value: str) -> None:
    before = loaded_store.quad_count()
    for filters in (Filters(sector=value), Filters(agency=value)):
        with pytest.raises(QueryParameterError):
            agency_sector_network(loaded_store, filters)
    assert loaded_store.quad_count() == before


def test_periods() -> None:
    assert parse_period("2021-03-01:") == (dt.date(2021, 3, 1), None)
    with pytest.raises(QueryParameterError, match="A period is START:END"):
        parse_period("2021-02-30:2022")


def test_docstring_examples() -> None:
    result = doctest.testmod(network)
    assert result.attempted > 0 and result.failed == 0


# -- the command -------------------------------------------------------------------------------------------


class _Borrowed:
    """The session's store, lent to the CLI without letting it close it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def close(self) -> None:
        return None


@pytest.fixture()
def run(loaded_store: Store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cli, "_open", lambda location: _Borrowed(loaded_store))

    def invoke(*args: str):
        return CliRunner().invoke(cli.main, ["network", *args])

    return invoke


def test_cli_writes_csv_of_the_links(run) -> None:
    result = run("--format", "csv", "--sector", "batteries", "--policies-only")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "source,source_label,target,target_label,weight,policies,titles"
    assert any(line.startswith(f"{MIIT},MIIT,{BATTERIES},Batteries,2,") for line in lines)


def test_cli_prints_measures_and_writes_the_file(run, tmp_path) -> None:
    out = tmp_path / "co.graphml"
    result = run("--kind", "co-issuance", "--analysis", "csv", "--format", "graphml", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "node,kind,label,degree,weighted_degree,betweenness,community"
    assert result.stdout.splitlines()[1].startswith(f"{MIIT},agency,MIIT,")
    assert nx.read_graphml(out).has_edge(MIIT, SAMR)


def test_cli_compares_two_periods(run) -> None:
    result = run("--compare", "2021", "2022-01-01:2022-12-31", "--analysis", "csv")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0] == "change,source,source_label,target,target_label,weight_before,weight_after,difference"
    assert f"gone,{MIIT},MIIT,{str(SECTOR['ict'])},Information and communication technology,1,0,-1" in rows


def test_cli_reports_a_bad_filter_with_exit_code_2(run) -> None:
    result = run("--agency", "Ministry of Magic")
    assert result.exit_code == 2
    assert "Error: network: parameter 'agency': no pg:Agency matches 'Ministry of Magic'" in result.output
