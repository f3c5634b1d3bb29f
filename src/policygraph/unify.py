"""Keep one node per policy across digests and sources.

A policy's IRI is derived from its strongest key (see :mod:`policygraph.identity`), so two reports that give
the same key name one node from the start. Before a digest graph is written, each policy it reports is also
compared with the policies the store holds near its date (and under its document number): where one matches,
the report takes that policy's IRI, and the report's passage records the key that matched and how similar
it was (``pg:matchedOn``, ``pg:matchSimilarity``). Each digest keeps its own claims in its own graph.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from .identity import DATE_WINDOW, Match, Report, match
from .namespaces import PG
from .queries import get_query


def unify_policies(store, graph: Graph) -> dict[URIRef, URIRef]:
    """Rename, in ``graph``, policies the store knows under another IRI; returns old -> new."""
    renames: dict[URIRef, URIRef] = {}
    for policy in sorted(set(graph.subjects(RDF.type, PG.Policy))):
        report = _report(graph, policy)
        found = _best(report, _candidates(store, report), exclude=policy)
        if found is None:
            continue
        renames[policy] = found[0]
        _record(graph, policy, found[1])
    for old, new in renames.items():
        _rename(graph, old, new)
    return renames


def _report(graph: Graph, policy: URIRef) -> Report:
    titles = {t.language: str(t) for t in graph.objects(policy, DCTERMS.title) if isinstance(t, Literal)}
    number = graph.value(policy, PG.documentNumber)
    issued = graph.value(policy, DCTERMS.issued)
    return Report(str(number) if number else None, titles.get("zh"), titles.get("en"),
                  frozenset(map(str, graph.objects(policy, PG.issuedBy))),
                  issued.toPython() if isinstance(issued, Literal) and isinstance(issued.toPython(), dt.date) else None)


def _candidates(store, report: Report) -> dict[URIRef, Report]:
    """The stored policies that could be the one ``report`` is about, each as one merged report."""
    rows = []
    if report.date:
        window = dt.timedelta(days=DATE_WINDOW)
        rows += store.select(get_query("lookup/policies-issued-between").text,
                             {"start": Literal(report.date - window, datatype=XSD.date),
                              "end": Literal(report.date + window, datatype=XSD.date)})
    if report.doc_number:
        rows += store.select(get_query("lookup/policies-by-document-number").text,
                             {"doc_number": Literal(report.doc_number)})
    merged: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for key in ("issued", "title", "title_zh", "doc_number", "issuer"):
            if row.get(key) is not None:
                merged[row["policy"]][key].add(str(row[key]))
    return {policy: _stored(fields) for policy, fields in merged.items()}


def _stored(fields: dict[str, set[str]]) -> Report:
    def first(key: str) -> str | None:
        return min(fields[key]) if fields.get(key) else None

    issued = first("issued")
    return Report(first("doc_number"), first("title_zh"), first("title"), frozenset(fields.get("issuer", ())),
                  dt.date.fromisoformat(issued[:10]) if issued else None)


def _best(report: Report, candidates: dict[URIRef, Report], exclude: URIRef) -> tuple[URIRef, Match] | None:
    found = [(m.similarity, str(iri), iri, m) for iri, other in candidates.items() if iri != exclude
             for m in [match(report, other)] if m is not None]
    if not found:
        return None
    _, _, iri, m = max(found, key=lambda t: (t[0], t[1]))
    return iri, m


def _record(graph: Graph, policy: URIRef, found: Match) -> None:
    """Note on the report's passage which key matched it to a stored policy, and how closely."""
    for passage in graph.objects(policy, PROV.wasDerivedFrom):
        graph.add((passage, PG.matchedOn, Literal(found.key)))
        graph.add((passage, PG.matchSimilarity, Literal(f"{found.similarity:.3f}", datatype=XSD.decimal)))


def _rename(graph: Graph, old: URIRef, new: URIRef) -> None:
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))
