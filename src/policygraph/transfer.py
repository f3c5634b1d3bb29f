"""Copying named graphs between stores (``policygraph push`` and ``pull``), one graph per write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from .errors import StoreError
from .store import Store


@dataclass(frozen=True)
class Copied:
    """One graph copied and its size."""

    graph: URIRef
    triples: int


def copy_graphs(source: Store, target: Store, names: Iterable[URIRef] | None = None) -> list[Copied]:
    """Copy graphs (default: all of ``source``'s) to ``target``, each replacing the graph of the same name.

    Every graph is one write on the target, so an interrupted copy leaves each graph either old or new.
    """
    chosen = list(names) if names is not None else source.graph_names()
    missing = [str(n) for n in chosen if not source.has_graph(n)]
    if missing:
        raise StoreError(f"not in the source store: {', '.join(missing)}")
    copied = []
    for name in chosen:
        graph = Graph().parse(data=source.dump("ntriples", name).decode(), format="nt")
        target.replace_graph(name, graph)
        copied.append(Copied(name, len(graph)))
    return copied
