"""Exporters: the whole store, or one named graph, as Turtle, TriG, N-Quads, JSON-LD or CSV.

Every exporter has the same shape, ``(store, graph) -> bytes``, and is registered in :data:`EXPORTERS`
by format name. Turtle merges all graphs into one (it has no named graphs); the others keep them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import XSD

from .errors import PolicygraphError
from .store import Store

Exporter = Callable[[Store, URIRef | None], bytes]

CSV_COLUMNS = ("graph", "subject", "predicate", "object", "object_datatype", "object_lang")


def to_turtle(store: Store, graph: URIRef | None = None) -> bytes:
    """Turtle: one graph, or every graph merged into one."""
    return store.dump("turtle", graph)


def to_trig(store: Store, graph: URIRef | None = None) -> bytes:
    """TriG: the named graphs with their names."""
    return store.dump("trig", graph)


def to_nquads(store: Store, graph: URIRef | None = None) -> bytes:
    """N-Quads: one quad per line, sorted."""
    return store.dump("nquads", graph)


def to_jsonld(store: Store, graph: URIRef | None = None) -> bytes:
    """JSON-LD (expanded form), one ``@graph`` per named graph."""
    return store.dump("jsonld", graph)


def to_csv(store: Store, graph: URIRef | None = None) -> bytes:
    """CSV, one row per quad: graph, subject, predicate, object, then the object's datatype and language.

    IRIs are written in full, blank nodes as ``_:id`` and literals by their lexical form; the datatype
    column is empty for plain and language-tagged strings, and the graph column for the default graph.
    """
    quads = ox.parse(store.dump("nquads", graph), format=ox.RdfFormat.N_QUADS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(sorted(_csv_row(q) for q in quads))
    return out.getvalue().encode("utf-8")


def _csv_row(quad: ox.Quad) -> tuple[str, ...]:
    o = quad.object
    datatype = lang = ""
    if isinstance(o, ox.Literal):
        lang = o.language or ""
        datatype = "" if o.language or o.datatype.value == str(XSD.string) else o.datatype.value
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else _cell(quad.graph_name)
    return graph, _cell(quad.subject), _cell(quad.predicate), _cell(o), datatype, lang


def _cell(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))


EXPORTERS: dict[str, Exporter] = {
    "turtle": to_turtle,
    "trig": to_trig,
    "nquads": to_nquads,
    "jsonld": to_jsonld,
    "csv": to_csv,
}


def export(store: Store, fmt: str, graph: URIRef | None = None) -> bytes:
    """Export ``graph`` (or everything) in format ``fmt`` (a key of :data:`EXPORTERS`)."""
    if fmt not in EXPORTERS:
        raise PolicygraphError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt](store, graph)
