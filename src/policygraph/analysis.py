"""Measures on a policygraph network, and the change between two periods, as rows for ``tabular.render``.

Rows map column names to RDF terms (node IRIs as IRIs, numbers as typed literals), like query results, so
they print as a table, CSV, TSV or JSON the same way.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

#: Louvain's random seed: the same network always splits into the same communities
SEED = 42

MEASURE_COLUMNS = ("node", "kind", "label", "degree", "weighted_degree", "betweenness", "community")
CHANGE_COLUMNS = ("change", "source", "source_label", "target", "target_label", "weight_before", "weight_after",
                  "difference")
EDGE_COLUMNS = ("source", "source_label", "target", "target_label", "weight", "policies", "titles")
#: the order changes are listed in
CHANGES = ("new", "up", "down", "gone")

Row = dict[str, Node]


def communities(graph: nx.Graph, seed: int = SEED) -> dict[Hashable, int]:
    """Node -> community number (Louvain on edge weights; 1 is the largest community)."""
    if not graph.number_of_nodes():
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {node: number for number, group in enumerate(ordered, start=1) for node in group}


def betweenness(graph: nx.Graph) -> dict[Hashable, float]:
    """Normalised betweenness centrality, with 1/weight as the length of an edge (strong ties are short)."""
    distances = nx.Graph(graph.edges)
    distances.add_nodes_from(graph.nodes)
    for u, v, weight in graph.edges(data="weight", default=1):
        distances.edges[u, v]["distance"] = 1 / weight
    return nx.betweenness_centrality(distances, weight="distance", normalized=True)


def measures(graph: nx.Graph, seed: int = SEED) -> list[Row]:
    """One row per node: degree, weighted degree, betweenness and community; heaviest nodes first."""
    between, groups = betweenness(graph), communities(graph, seed)
    rows = [{
        "node": URIRef(str(node)),
        "kind": Literal(attrs.get("kind", "")),
        "label": Literal(attrs.get("label", str(node))),
        "degree": Literal(graph.degree(node)),
        "weighted_degree": Literal(graph.degree(node, weight="weight")),
        "betweenness": Literal(round(between[node], 4)),
        "community": Literal(groups[node]),
    } for node, attrs in graph.nodes(data=True)]
    return sorted(rows, key=lambda r: (-r["weighted_degree"].toPython(), str(r["label"]), str(r["node"])))


def edge_rows(graph: nx.Graph) -> list[Row]:
    """One row per edge with its weight and the policies behind it (IRIs and titles joined by `` | ``)."""
    rows = []
    for u, v, attrs in graph.edges(data=True):
        source, target = oriented(graph, u, v)
        rows.append({
            "source": URIRef(str(source)), "source_label": Literal(_label(graph, source)),
            "target": URIRef(str(target)), "target_label": Literal(_label(graph, target)),
            "weight": Literal(attrs.get("weight", 1)),
            "policies": Literal(" | ".join(attrs.get("policies", []) + attrs.get("news", []))),
            "titles": Literal(" | ".join(attrs.get("titles", []) + attrs.get("news_texts", []))),
        })
    return sorted(rows, key=lambda r: (-r["weight"].toPython(), str(r["source_label"]), str(r["target_label"])))


def compare_networks(before: nx.Graph, after: nx.Graph) -> list[Row]:
    """The edges that appear (new), grow (up), shrink (down) or vanish (gone) from ``before`` to ``after``."""
    old, new = _weights(before), _weights(after)
    rows = []
    for source, target in old.keys() | new.keys():
        w0, w1 = old.get((source, target), 0), new.get((source, target), 0)
        if w0 == w1:
            continue
        change = "new" if not w0 else "gone" if not w1 else "up" if w1 > w0 else "down"
        rows.append({
            "change": Literal(change),
            "source": URIRef(str(source)), "source_label": Literal(_label(after, source, before)),
            "target": URIRef(str(target)), "target_label": Literal(_label(after, target, before)),
            "weight_before": Literal(w0), "weight_after": Literal(w1), "difference": Literal(w1 - w0),
        })
    return sorted(rows, key=lambda r: (CHANGES.index(str(r["change"])), -abs(r["difference"].toPython()),
                                       str(r["source_label"]), str(r["target_label"])))


def oriented(graph: nx.Graph, u: Hashable, v: Hashable) -> tuple[Hashable, Hashable]:
    """An edge's ends in a stable order: agency or company before sector, else by IRI."""
    return tuple(sorted((u, v), key=lambda n: (graph.nodes[n].get("bipartite", 0), str(n))))  # type: ignore[return-value]


def _weights(graph: nx.Graph) -> dict[tuple[Hashable, Hashable], int]:
    return {oriented(graph, u, v): w for u, v, w in graph.edges(data="weight", default=1)}


def _label(graph: nx.Graph, node: Hashable, other: nx.Graph | None = None) -> str:
    for g in (graph, other):
        if g is not None and node in g:
            return str(g.nodes[node].get("label", node))
    return str(node)
