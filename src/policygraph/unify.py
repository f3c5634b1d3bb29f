"""Keep one node per policy across digests and sources.

A policy's IRI is derived from its strongest key (see :mod:`policygraph.identity`), so two reports that give
the same key name one node from the start. Before a digest graph is written, each policy it reports is also
compared with the policies the store holds near its date (and under its document number): where one matches,
the report takes that policy's IRI, and the report's passage records the key that matched and how similar
it was (``pg:matchedOn``, ``pg:matchSimilarity``). A match too weak to merge becomes a
``pg:SameAsCandidate`` with its score, for a person to confirm. Versions of one work (same ``pg:workKey``) are
linked, not merged: a draft ``pg:draftOf`` its final text, a later edition ``dcterms:replaces`` an earlier one.
Each digest keeps its own claims, these links included, in its own graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from .identity import DATE_WINDOW, Match, Report, could_match, lineage, match, month_keys
from .known import Fields, KnownPolicies, merge
from .namespaces import CANDIDATE, PG, STATUS
from .queries import get_query
from .resolve import local_name

#: each kind of key the stored policies are looked up by -> the stored query and its parameter
LOOKUPS = {"document-number": ("lookup/policies-by-document-number", "doc_number"),
           "work": ("lookup/policies-by-work-key", "work"),
           "issued": ("lookup/titles-issued-on", "issued"),
           "issuer-month": ("lookup/titles-by-issuer-month", "key")}


def unify_policies(store, graph: Graph, name: URIRef | None = None, notes: Graph | None = None,
                   known: KnownPolicies | None = None) -> dict[URIRef, URIRef]:
    """Rename, in ``graph`` (to be stored as graph ``name``), policies other digests gave another IRI, note how
    each report matched one that other digests hold, and record candidates and lineage; returns old -> new.
    What the store holds in graph ``name`` itself (an earlier copy of the same digest) is never compared.
    The candidates and lineage links are added to ``graph`` and, where given, to ``notes`` too (so that a
    caller holding ``graph`` serialised needs to serialise only those). ``known``: the stored policies' fields
    a run of writes keeps (see :mod:`policygraph.known`), read instead of the store."""
    added = Graph() if notes is None else notes
    renames: dict[URIRef, URIRef] = {}
    reports = {policy: _report(graph, policy) for policy in sorted(set(graph.subjects(RDF.type, PG.Policy)))}
    stored = _candidates(known or _Lookups(store), list(reports.values()), name)
    for policy, report in reports.items():
        matches = {iri: m for iri, others in stored.items() if (m := _closest(report, others)) is not None}
        found = _best(matches)
        if found is None:
            _candidates_for_review(store, graph, added, name, policy, matches)
            continue
        if found[0] != policy:  # a report keyed like the stored policy needs no note: its key is its IRI
            renames[policy] = found[0]
            _record(graph, policy, found[1])
    for old, new in renames.items():
        _rename(graph, old, new)
    own = {p: _report(graph, p) for p in set(graph.subjects(RDF.type, PG.Policy)) if isinstance(p, URIRef)}
    _link_versions(store, added, name, own, {**stored, **{p: [r] for p, r in own.items()}})
    graph += added
    return renames


def _report(graph: Graph, policy: URIRef) -> Report:
    titles = {t.language: str(t) for t in graph.objects(policy, DCTERMS.title) if isinstance(t, Literal)}
    number = graph.value(policy, PG.documentNumber)
    issued = graph.value(policy, DCTERMS.issued)
    edition = graph.value(policy, PG.edition)
    return Report(str(number) if number else None, titles.get("zh"), titles.get("en"),
                  frozenset(map(str, graph.objects(policy, PG.issuedBy))),
                  issued.toPython() if isinstance(issued, Literal) and isinstance(issued.toPython(), dt.date) else None,
                  draft=(policy, PG.status, STATUS["draft-for-comment"]) in graph,
                  edition=str(edition)[:4] if edition else None,
                  works=frozenset(map(str, graph.objects(policy, PG.workKey))))


def _candidates(lookups: _Lookups | KnownPolicies, reports: list[Report], name: URIRef | None
                ) -> dict[URIRef, list[Report]]:
    """The stored policies that could be one that ``reports`` are about, or a version of its work: those under
    one of their document numbers or work keys, and those dated within the window of a report whose title or
    document number could match one (:func:`identity.could_match`). One lookup of each kind for all reports,
    every value bound as a term; the policies found by date are read in full only where they could match.
    Each comes as the reports it stands for."""
    numbers = sorted({r.doc_number for r in reports if r.doc_number})
    works = sorted(set().union(*(r.works for r in reports)))
    months = sorted({key for r in reports for key in month_keys([local_name(i) for i in sorted(r.issuers)],
                                                                  r.date, DATE_WINDOW)})
    keyed = {**lookups.find("document-number", [Literal(n) for n in numbers], name),
             **lookups.find("work", [Literal(w) for w in works], name)}
    near = {**lookups.find("issued", _dates({r.date for r in reports if r.date}), name),
            **lookups.find("issuer-month", [Literal(k) for k in months], name)}
    wanted = sorted(could_match(reports, {p: _stored(fields) for p, fields in near.items() if p not in keyed}))
    found = {**keyed, **lookups.fields(wanted, name)}
    return {policy: _stored(fields) for policy, fields in found.items()}


class _Lookups:
    """The lookups of :func:`_candidates`, each asked of the store (:class:`KnownPolicies` keeps them)."""

    def __init__(self, store) -> None:
        self._store = store

    def find(self, kind: str, values: list[Literal], name: URIRef | None) -> dict[URIRef, Fields]:
        """The fields of the policies with one of ``values`` of key ``kind``, from graphs other than ``name``
        (for ``issued`` and ``issuer-month``: only their titles and document numbers)."""
        query, param = LOOKUPS[kind]
        return self._select(query, {param: values}, name)

    def fields(self, policies: list[URIRef], name: URIRef | None) -> dict[URIRef, Fields]:
        """The identity fields of ``policies`` from the graphs other than ``name``."""
        return self._select("lookup/policy-identity", {"policy": policies}, name)

    def _select(self, query: str, bindings: dict[str, list], name: URIRef | None) -> dict[URIRef, Fields]:
        merged: dict[URIRef, Fields] = {}
        if not all(bindings.values()):
            return merged
        for row in self._store.select(get_query(query).text, bindings):  # a row per policy, property, value, graph
            if row["graph"] != name:
                merge(merged, row["policy"], row["property"], row["value"])
        return merged


def _dates(days: set[dt.date]) -> list[Literal]:
    return [Literal(d, datatype=XSD.date) for d in sorted(days)]


def _stored(fields: dict[str, set[str]]) -> list[Report]:
    """The reports a stored policy stands for: one per pair of the English and Chinese titles its digests gave,
    so that a new report is compared with every wording, not with one picked at random."""
    def first(key: str) -> str | None:
        return min(fields[key]) if fields.get(key) else None

    issued, edition = first("issued"), first("edition")
    return [Report(first("doc_number"), title_zh, title_en, frozenset(fields.get("issuer", ())),
                   dt.date.fromisoformat(issued[:10]) if issued else None,
                   draft=str(STATUS["draft-for-comment"]) in fields.get("status", ()),
                   edition=edition[:4] if edition else None, works=frozenset(fields.get("work", ())))
            for title_en in sorted(fields.get("title", ())) or [None]
            for title_zh in sorted(fields.get("title_zh", ())) or [None]]


def _best(matches: dict[URIRef, Match]) -> tuple[URIRef, Match] | None:
    """Of a report's matches with stored policies, the best on a key strong enough to merge, or None."""
    found = [(m.similarity, str(iri), iri, m) for iri, m in matches.items() if m.key != "candidate"]
    if not found:
        return None
    _, _, iri, m = max(found, key=lambda t: (t[0], t[1]))
    return iri, m


def _closest(report: Report, others: list[Report]) -> Match | None:
    """The best match of ``report`` with any wording of one stored policy: a merging key before a candidate."""
    found = [m for other in others if (m := match(report, other)) is not None]
    return max(found, key=lambda m: (m.key != "candidate", m.similarity), default=None)


def _candidates_for_review(store, graph: Graph, notes: Graph, name: URIRef | None, policy: URIRef,
                           matches: dict[URIRef, Match]) -> None:
    """Record in ``notes`` each stored policy a report of ``graph`` matches too weakly to merge (``matches``: its
    matches with stored policies) as a candidate for a person to confirm, unless another digest's graph records
    that pair already."""
    for other, m in sorted(matches.items()):
        if other == policy or m.key != "candidate":
            continue
        first, second = sorted((policy, other))
        node = CANDIDATE[hashlib.sha256(f"{first} {second}".encode()).hexdigest()[:16]]
        if _stated_elsewhere(store, name, node, RDF.type, PG.SameAsCandidate):
            continue
        notes.add((policy, PG.possiblySameAs, other))
        notes.add((node, RDF.type, PG.SameAsCandidate))
        notes.add((node, PG.candidatePolicy, policy))
        notes.add((node, PG.candidatePolicy, other))
        notes.add((node, PG.candidateSimilarity, Literal(f"{m.similarity:.3f}", datatype=XSD.decimal)))
        for passage in graph.objects(policy, PROV.wasDerivedFrom):
            notes.add((node, PROV.wasDerivedFrom, passage))


def _link_versions(store, notes: Graph, name: URIRef | None, own: dict[URIRef, Report],
                   known: dict[URIRef, list[Report]]) -> None:
    """Link, in ``notes``, each policy of ``own`` to the other versions of its work among ``known``: draft to
    final, later edition to the one it replaces; a link another digest's graph states already is not stated
    again."""
    for policy, report in own.items():
        for other, others in known.items():
            other_report = others[0]
            if other == policy or not report.works & other_report.works:
                continue
            if report.issuers and other_report.issuers and not report.issuers & other_report.issuers:
                continue
            for a, b, ra, rb in ((policy, other, report, other_report), (other, policy, other_report, report)):
                link = {"draft-of": PG.draftOf, "replaces": DCTERMS.replaces}.get(lineage(ra, rb) or "")
                if link is not None and not _stated_elsewhere(store, name, a, link, b):
                    notes.add((a, link, b))


def _stated_elsewhere(store, name: URIRef | None, subject: URIRef, predicate: URIRef, obj: URIRef) -> bool:
    """Whether a graph other than ``name`` states the triple."""
    rows = store.select(get_query("lookup/graphs-stating").text,
                        {"subject": subject, "predicate": predicate, "object": obj})
    return any(row["graph"] != name for row in rows)


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
