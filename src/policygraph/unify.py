"""Keep one node per policy across digests.

A policy's IRI is derived from its Chinese title, or from its English title and date where the digest gives
no Chinese title. When one digest names a policy with its Chinese title and another without, the two IRIs
differ; before a digest graph is written, each of its policies takes the IRI the store already uses for a
policy with the same English title and issue date.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from .namespaces import PG
from .queries import get_query


def unify_policies(store, graph: Graph) -> dict[URIRef, URIRef]:
    """Rename, in ``graph``, policies the store knows under another IRI; returns old -> new."""
    query = get_query("lookup/policy-by-english-title-and-date")
    renames: dict[URIRef, URIRef] = {}
    for policy in set(graph.subjects(RDF.type, PG.Policy)):
        title = next((t for t in graph.objects(policy, DCTERMS.title)
                      if isinstance(t, Literal) and t.language == "en"), None)
        issued = graph.value(policy, DCTERMS.issued)
        if title is None or issued is None:
            continue
        rows = store.select(query.text, {"title": title, "issued": issued})
        known = sorted(r["policy"] for r in rows if r["policy"] != policy)
        if known:
            renames[policy] = known[0]
    for old, new in renames.items():
        _rename(graph, old, new)
    return renames


def _rename(graph: Graph, old: URIRef, new: URIRef) -> None:
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))
