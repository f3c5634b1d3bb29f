"""Dumps of store content: one sorted serialisation, whatever backend the quads came from."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES

#: export format name -> pyoxigraph format
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def serialize(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """Quads in ``fmt``, sorted for stable output; a triple format gets the merged, de-duplicated triples."""
    if fmt.supports_datasets:
        items: list[ox.Quad] | list[ox.Triple] = sorted(quads, key=_quad_key)
    else:
        items = sorted({q.triple for q in quads}, key=_triple_key)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    return ox.serialize(items, format=fmt, prefixes=prefixes) or b""


def _triple_key(t: ox.Triple | ox.Quad) -> tuple[str, str, str]:
    return str(t.subject), str(t.predicate), str(t.object)


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), *_triple_key(q))
