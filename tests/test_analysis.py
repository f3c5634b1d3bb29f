"""Network measures and the change between periods, on small hand-made graphs and on the samples."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from policygraph.analysis import (
    CHANGE_COLUMNS,
    EDGE_COLUMNS,
    MEASURE_COLUMNS,
    communities,
    compare_networks,
    edge_rows,
    measures,
)
from policygraph.namespaces import AGENCY, SECTOR
from policygraph.network import Filters, agency_sector_network, co_issuance_network
from policygraph.store import Store
from policygraph.tabular import render


def bipartite(edges: dict[tuple[str, str], int]) -> nx.Graph:
    graph = nx.Graph(kind="agency-sector", bipartite=True)
    for (agency, sector), weight in edges.items():
        graph.add_node(agency, kind="agency", label=agency.upper(), bipartite=0)
        graph.add_node(sector, kind="sector", label=sector.title(), bipartite=1)
        graph.add_edge(sector, agency, weight=weight, policies=[f"p{i}" for i in range(weight)])
    return graph


def test_compare_lists_new_grown_shrunk_and_gone_links() -> None:
    before = bipartite({("a", "x"): 1, ("a", "y"): 3, ("b", "x"): 2, ("b", "y"): 1})
    after = bipartite({("a", "x"): 2, ("a", "y"): 1, ("b", "x"): 2, ("c", "z"): 4})
    rows = compare_networks(before, after)
    assert [(str(r["change"]), str(r["source"]), str(r["target"]), r["weight_before"].toPython(),
             r["weight_after"].toPython(), r["difference"].toPython()) for r in rows] == [
        ("new", "c", "z", 0, 4, 4),
        ("up", "a", "x", 1, 2, 1),
        ("down", "a", "y", 3, 1, -2),
        ("gone", "b", "y", 1, 0, -1),
    ]
    assert set(rows[0]) == set(CHANGE_COLUMNS)


def test_measures_on_a_star() -> None:
    graph = nx.Graph()
    graph.add_edges_from([("hub", leaf, {"weight": w}) for leaf, w in (("l1", 1), ("l2", 2), ("l3", 3))])
    rows = {str(r["node"]): r for r in measures(graph)}
    assert rows["hub"]["weighted_degree"].toPython() == 6 and rows["hub"]["degree"].toPython() == 3
    assert rows["hub"]["betweenness"].toPython() == 1.0
    assert rows["l1"]["betweenness"].toPython() == 0.0
    assert [str(r["node"]) for r in measures(graph)][0] == "hub"


def test_measures_on_the_co_issuance_network(loaded_store: Store) -> None:
    graph = co_issuance_network(loaded_store)
    rows = measures(graph)
    assert len(rows) == graph.number_of_nodes()
    assert all(set(r) == set(MEASURE_COLUMNS) for r in rows)
    top = rows[0]
    assert str(top["node"]) == str(AGENCY.miit)
    assert top["betweenness"].toPython() == max(r["betweenness"].toPython() for r in rows) > 0
    assert rows == measures(graph), "Louvain runs with a fixed seed"
    assert render(rows, MEASURE_COLUMNS, "csv").splitlines()[0] == ",".join(MEASURE_COLUMNS)


def test_communities_are_numbered_from_the_largest() -> None:
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")], weight=1)
    assert communities(graph) == {"a": 1, "b": 1, "c": 1, "x": 2, "y": 2}
    assert communities(nx.Graph()) == {}


def test_edge_rows_put_the_agency_first(loaded_store: Store) -> None:
    graph = agency_sector_network(loaded_store, Filters(sector="batteries"))
    rows = edge_rows(graph)
    assert all(set(r) == set(EDGE_COLUMNS) for r in rows)
    assert all(str(r["source_label"]).isupper() or " " in str(r["source_label"]) for r in rows)
    link = next(r for r in rows if (str(r["source_label"]), str(r["target_label"])) == ("MIIT", "Batteries"))
    assert link["weight"].toPython() == 2
    assert str(link["policies"]).count(" | ") == 1


def test_compare_on_the_samples_follows_the_battery_link(loaded_store: Store) -> None:
    def year(y: int) -> nx.Graph:
        return agency_sector_network(loaded_store, Filters(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31)))

    def battery_link(rows: list) -> list[tuple[str, int, int]]:
        return [(str(r["change"]), r["weight_before"].toPython(), r["weight_after"].toPython()) for r in rows
                if (str(r["source"]), str(r["target"])) == (str(AGENCY.miit), str(SECTOR.batteries))]

    first, second = compare_networks(year(2021), year(2022)), compare_networks(year(2022), year(2023))
    assert first and battery_link(first) == [], "one battery policy each year: no change"
    assert battery_link(second) == [("gone", 1, 0)]
