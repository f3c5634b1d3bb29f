"""Namespaces and the prefix map used everywhere in policygraph."""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

from .store.terms import named_node

BASE = "https://w3id.org/policygraph/"
ID = Namespace(BASE + "id/")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
AGENCY = Namespace(BASE + "id/agency/")
SECTOR = Namespace(BASE + "id/sector/")
COMPANY = Namespace(BASE + "id/company/")
POLICY = Namespace(BASE + "id/policy/")
DIGEST = Namespace(BASE + "id/digest/")
NEWS = Namespace(BASE + "id/news/")
TARGET = Namespace(BASE + "id/target/")
PASSAGE = Namespace(BASE + "id/passage/")
TAG = Namespace(BASE + "id/tag/")
INDICATOR = Namespace(BASE + "id/indicator/")
CANDIDATE = Namespace(BASE + "id/candidate/")
GRAPH = Namespace(BASE + "id/graph/")
DOCTYPE = Namespace(BASE + "id/doc-type/")
STATUS = Namespace(BASE + "id/status/")
AKIND = Namespace(BASE + "id/agency-kind/")
QUAL = Namespace(BASE + "id/qualifier/")
OWN = Namespace(BASE + "id/ownership/")
SCHEME = Namespace(BASE + "id/scheme/")
PGSH = Namespace(BASE + "shapes#")


class PG(DefinedNamespace):
    """The policygraph ontology's own terms (kept equal to ``ontology/policygraph.ttl`` by a test)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Policy: URIRef
    Agency: URIRef
    Company: URIRef
    Sector: URIRef
    Target: URIRef
    Digest: URIRef
    NewsItem: URIRef
    PolicyNews: URIRef
    CorporateNews: URIRef
    Passage: URIRef
    DocumentType: URIRef
    PolicyStatus: URIRef
    AgencyKind: URIRef
    Qualifier: URIRef
    Ownership: URIRef
    SectorTag: URIRef
    SameAsCandidate: URIRef
    Indicator: URIRef
    # properties
    issuedBy: URIRef
    leadIssuer: URIRef
    documentType: URIRef
    status: URIRef
    concernsSector: URIRef
    withinSector: URIRef
    withinAgency: URIRef
    workKey: URIRef
    issuerMonth: URIRef
    edition: URIRef
    draftOf: URIRef
    possiblySameAs: URIRef
    candidatePolicy: URIRef
    candidateSimilarity: URIRef
    mentionsCompany: URIRef
    setsTarget: URIRef
    headline: URIRef
    rank: URIRef
    summary: URIRef
    acronym: URIRef
    agencyKind: URIRef
    country: URIRef
    ownership: URIRef
    metric: URIRef
    unit: URIRef
    baselineValue: URIRef
    baselineYear: URIRef
    targetValue: URIRef
    targetYear: URIRef
    qualifier: URIRef
    growthFactor: URIRef
    annualGrowthRate: URIRef
    series: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    author: URIRef
    editor: URIRef
    checksum: URIRef
    sourceFile: URIRef
    sourceForm: URIRef
    involvesAgency: URIRef
    reportsPolicy: URIRef
    text: URIRef
    inDigest: URIRef
    section: URIRef
    firstLine: URIRef
    lastLine: URIRef
    documentNumber: URIRef
    effectiveDate: URIRef
    statedIssuerCount: URIRef
    layout: URIRef
    hasSectorTag: URIRef
    taggedSector: URIRef
    tagBasis: URIRef
    matchedOn: URIRef
    matchSimilarity: URIRef
    measures: URIRef
    indicatorBasis: URIRef
    indicatorUnit: URIRef


#: prefix -> namespace IRI, for CURIEs in query parameters, Turtle output and messages
PREFIXES: dict[str, str] = {
    "pg": str(PG._NS),
    "pga": str(AGENCY),
    "pgs": str(SECTOR),
    "pgc": str(COMPANY),
    "policy": str(POLICY),
    "digest": str(DIGEST),
    "news": str(NEWS),
    "target": str(TARGET),
    "passage": str(PASSAGE),
    "tag": str(TAG),
    "indicator": str(INDICATOR),
    "doctype": str(DOCTYPE),
    "status": str(STATUS),
    "akind": str(AKIND),
    "qual": str(QUAL),
    "own": str(OWN),
    "scheme": str(SCHEME),
    "pgsh": str(PGSH),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "eli": str(ELI),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


# -- CURIEs -------------------------------------------------------------------------------------------------


def expand_curie(value: str) -> URIRef:
    """A CURIE with one of our prefixes, or a full IRI, as a checked URIRef.

    >>> expand_curie("pga:miit")
    rdflib.term.URIRef('https://w3id.org/policygraph/id/agency/miit')
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        text = PREFIXES[prefix] + local
    elif not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://|urn:", text):
        known = ", ".join(sorted(PREFIXES))
        raise ValueError(f"{value!r} is not a full IRI or a CURIE with a known prefix ({known})")
    return URIRef(named_node(text).value)


def curie(iri: str) -> str:
    """The shortest CURIE for ``iri`` with our prefixes, else the IRI itself."""
    matches = [(p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)]
    if not matches:
        return iri
    prefix, ns = max(matches, key=lambda m: len(m[1]))
    return f"{prefix}:{iri[len(ns):]}"
