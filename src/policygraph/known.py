"""The identity fields of stored policies, read once and kept up to date by one run of writes.

Before a digest is written, :mod:`policygraph.unify` looks up the stored policies it could be about: those
under its document numbers, work keys, dates and issuer-month keys, and the identity fields (titles, date,
document number, issuers, status, edition, work keys) of each. Asked of the store for every digest, these
lookups read more rows the more the store holds near a digest's dates. A run of writes that alone owns the
store (the embedded store's directory lock) keeps them instead in a :class:`KnownPolicies`: each value of a
key is read from the store the first time a digest needs it, each policy's fields once, and every digest the
run writes is added as it is stored. What it answers is what the store would: the fields are kept per digest
graph, so a digest is still never compared with its own earlier copy, and a digest that replaces another
empties it (the next lookups read the store again).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from .namespaces import PG
from .queries import get_query

#: the properties of a policy's identity record -> the field of a stored report they fill
FIELDS = {DCTERMS.title: "title", DCTERMS.issued: "issued", PG.documentNumber: "doc_number", PG.issuedBy: "issuer",
          PG.status: "status", PG.edition: "edition", PG.workKey: "work"}
#: the keys a policy is looked up by -> the property that holds them
KEYS = {"document-number": PG.documentNumber, "work": PG.workKey, "issued": DCTERMS.issued,
        "issuer-month": PG.issuerMonth}
#: the most policies held before the fields are dropped and read again as needed (about 2 kB each)
MAX_POLICIES = 200_000

Fields = dict[str, set[str]]


def field_of(prop: URIRef, value: object) -> str:
    """The field a value of identity property ``prop`` fills: a Chinese title is ``title_zh``."""
    field = FIELDS[prop]
    return "title_zh" if field == "title" and isinstance(value, Literal) and value.language == "zh" else field


def merge(found: dict[URIRef, Fields], policy: URIRef, prop: URIRef, value: object) -> None:
    """Add one value of ``policy``'s identity property ``prop`` to ``found``."""
    found.setdefault(policy, defaultdict(set))[field_of(prop, value)].add(str(value))


class KnownPolicies:
    """The stored policies' identity fields that one run of writes has needed, by digest graph."""

    def __init__(self, store) -> None:
        self._store = store
        self.clear()

    def clear(self) -> None:
        """Forget everything: the next lookups read the store."""
        self._under: dict[str, dict[str, set[URIRef]]] = {kind: {} for kind in KEYS}
        self._fields: dict[URIRef, dict[URIRef, Fields]] = {}
        self._merged: dict[URIRef, Fields] = {}  # a policy's fields from all its graphs, once asked for

    def find(self, kind: str, values: list[Literal], name: URIRef | None) -> dict[URIRef, Fields]:
        """The identity fields of the policies with one of ``values`` of key ``kind``, from the graphs other
        than ``name``; a policy without any there is left out."""
        self._read_keys(kind, values)
        found = set().union(*(self._under[kind].get(str(v), set()) for v in values))
        return self.fields(sorted(found), name)

    def fields(self, policies: list[URIRef], name: URIRef | None) -> dict[URIRef, Fields]:
        """The identity fields of ``policies`` from the graphs other than ``name`` (shared: not to be changed)."""
        self._read_fields([p for p in policies if p not in self._fields])
        out: dict[URIRef, Fields] = {}
        for policy in policies:
            if name in self._fields[policy]:
                merged = _merged(self._fields[policy], name)
            elif (merged := self._merged.get(policy)) is None:
                merged = self._merged[policy] = _merged(self._fields[policy], name)
            if merged:
                out[policy] = merged
        return out

    def written(self, name: URIRef, graph: Graph, replaced: bool) -> None:
        """Take in ``graph``, just stored as graph ``name`` (``replaced``: it replaced a graph of that name).
        Only a policy has identity fields, and a digest graph states the class of each policy it reports."""
        if replaced or len(self._fields) > MAX_POLICIES:
            self.clear()
            return
        policies = [p for p in set(graph.subjects(RDF.type, PG.Policy)) if isinstance(p, URIRef)]
        for policy in policies:
            for kind, prop in KEYS.items():
                for value in graph.objects(policy, prop):
                    under = self._under[kind].get(str(value)) if _bindable(kind, value) else None
                    if under is not None:
                        under.add(policy)
            if policy in self._fields:
                own: dict[URIRef, Fields] = {}
                for prop in FIELDS:
                    for value in graph.objects(policy, prop):
                        merge(own, policy, prop, value)
                if own:
                    self._fields[policy][name] = own[policy]
                    self._merged.pop(policy, None)

    def _read_keys(self, kind: str, values: list[Literal]) -> None:
        missing = sorted({v for v in values if str(v) not in self._under[kind]}, key=str)
        if not missing:
            return
        for value in missing:
            self._under[kind][str(value)] = set()
        query = get_query("lookup/policies-with-values").text
        for row in self._store.select(query, {"property": KEYS[kind], "value": missing}):
            self._under[kind][str(row["value"])].add(row["policy"])

    def _read_fields(self, policies: list[URIRef]) -> None:
        if not policies:
            return
        for policy in policies:
            self._fields[policy] = {}
        query = get_query("lookup/policy-identity").text
        by_graph: dict[URIRef, dict[URIRef, Fields]] = defaultdict(dict)
        for row in self._store.select(query, {"policy": policies}):
            merge(by_graph[row["graph"]], row["policy"], row["property"], row["value"])
        for graph, found in by_graph.items():
            for policy, fields in found.items():
                self._fields[policy][graph] = fields


def _merged(by_graph: dict[URIRef, Fields], name: URIRef | None) -> Fields:
    """The fields of one policy from its graphs other than ``name``."""
    merged: Fields = defaultdict(set)
    for graph, fields in by_graph.items():
        if graph != name:
            for field, values in fields.items():
                merged[field] |= values
    return merged


def _bindable(kind: str, value: object) -> bool:
    """Whether a stored value is one the lookups bind: a plain string, or an ``xsd:date`` for ``issued``."""
    if not isinstance(value, Literal) or value.language:
        return False
    return value.datatype == XSD.date if kind == "issued" else value.datatype in (None, XSD.string)
