"""Parsed digests -> RDF: one named graph per digest, in the ontology's terms, with PROV links to passages."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .identity import doc_key, edition, en_key, month_keys, work_keys, zh_key
from .indicators import indicator_for
from .model import Digest, NewsItem, PolicyEntry, Ref, ReportedPolicy, Span, Target
from .namespaces import (
    AGENCY,
    COMPANY,
    DIGEST,
    DOCTYPE,
    GRAPH,
    INDICATOR,
    NEWS,
    PASSAGE,
    PG,
    POLICY,
    QUAL,
    SECTOR,
    STATUS,
    TAG,
    TARGET,
)

#: a web address that is also a valid IRI (no spaces, quotes, angle brackets or braces)
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class DigestGraph:
    """The triples of one digest and the name of the graph they go into."""

    name: URIRef
    digest: URIRef
    graph: Graph
    source: str


def slug(text: str) -> str:
    """Lower-case ASCII slug.

    >>> slug("MERICS China Industries")
    'merics-china-industries'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def digest_key(d: Digest) -> str:
    """Stable key of a digest: publisher and series (else the file name), then the date (else the checksum)."""
    name = "-".join(slug(part) for part in (d.publisher, d.title) if part) or slug(Path(d.source).stem)
    when = d.date.isoformat() if d.date else d.checksum[:12]
    return f"{name}-{when}"


def policy_iri(title_en: str | None, title_zh: str | None, issued: dt.date | None,
               doc_number: str | None = None, entry: str = "", draft: bool = False) -> URIRef:
    """The same policy in two digests is one node: keyed by its document number, else its Chinese title, else
    its English title and date (see :mod:`policygraph.identity`; weaker matches are made when it is stored).
    A draft for comment and each edition are a node of their own. A policy the digest gives no title or number
    for is its own node, named after the ``entry`` it was read in."""
    if not (doc_number or title_zh or title_en):
        basis = f"entry:{entry}"
    elif doc_number:
        basis = "doc:" + doc_key(doc_number)
    elif title_zh:
        basis = "zh:" + zh_key(title_zh)
    else:
        basis = f"en:{en_key(title_en or '')}:{issued.isoformat() if issued else ''}"
    version = ":draft" if draft else ""
    if (year := edition(title_en, title_zh)) and not doc_number:
        version += f":edition-{year}"
    return POLICY[hashlib.sha256((basis + version).encode()).hexdigest()[:16]]


def graph_name(key: str) -> URIRef:
    """The named graph of a digest."""
    return GRAPH[f"digest/{key}"]


def build_digest(d: Digest, loaded_at: dt.datetime | None = None) -> DigestGraph:
    """All triples read from one digest."""
    key = digest_key(d)
    g = Graph()
    digest = DIGEST[key]
    _digest(g, digest, d, loaded_at or dt.datetime.now(dt.UTC).replace(microsecond=0))
    for entry in d.policies:
        _policy(g, digest, key, entry)
    for i, item in enumerate(d.news, start=1):
        _news(g, digest, key, i, item)
    return DigestGraph(graph_name(key), digest, g, d.source)


def _digest(g: Graph, node: URIRef, d: Digest, loaded_at: dt.datetime) -> None:
    g.add((node, RDF.type, PG.Digest))
    g.add((node, RDFS.label, Literal(" ".join(filter(None, [d.publisher, d.title])) or d.source)))
    if d.title:
        g.add((node, DCTERMS.title, Literal(d.title, lang="en")))
        g.add((node, PG.series, Literal(d.title)))
    if d.publisher:
        g.add((node, DCTERMS.publisher, Literal(d.publisher)))
    if d.layout:
        g.add((node, PG.layout, Literal(d.layout)))
    if d.source_url and WEB_ADDRESS.fullmatch(d.source_url):
        g.add((node, RDFS.seeAlso, URIRef(d.source_url)))
    if d.date:
        g.add((node, DCTERMS.issued, Literal(d.date, datatype=XSD.date)))
    if d.period:
        g.add((node, PG.periodStart, Literal(d.period[0], datatype=XSD.date)))
        g.add((node, PG.periodEnd, Literal(d.period[1], datatype=XSD.date)))
    for name in d.authors:
        g.add((node, PG.author, Literal(name)))
    for name in d.editors:
        g.add((node, PG.editor, Literal(name)))
    g.add((node, PG.sourceFile, Literal(d.source)))
    g.add((node, PG.sourceForm, Literal(d.form)))
    g.add((node, PG.checksum, Literal(d.checksum)))
    g.add((node, PROV.generatedAtTime, Literal(loaded_at, datatype=XSD.dateTime)))


def _passage(g: Graph, digest: URIRef, iri: URIRef, span: Span, text: str | None = None) -> URIRef:
    g.add((iri, RDF.type, PG.Passage))
    g.add((iri, PG.inDigest, digest))
    g.add((iri, PG.section, Literal(span.section)))
    g.add((iri, PG.firstLine, Literal(span.first_line, datatype=XSD.integer)))
    g.add((iri, PG.lastLine, Literal(span.last_line, datatype=XSD.integer)))
    if text:
        g.add((iri, PG.text, Literal(text)))
    return iri


def _refs(g: Graph, node: URIRef, pred: URIRef, ns, refs: tuple[Ref, ...]) -> None:
    for ref in refs:
        g.add((node, pred, ns[ref.key]))


def _policy(g: Graph, digest: URIRef, key: str, e: PolicyEntry) -> None:
    node = policy_iri(e.title_en, e.title_zh, e.date, e.doc_number, f"{key}-top-{e.rank}",
                      draft=e.status == "draft-for-comment")
    passage = _passage(g, digest, PASSAGE[f"{key}-top-{e.rank}"], e.span)
    g.add((node, RDF.type, PG.Policy))
    g.add((node, PROV.wasDerivedFrom, passage))
    if e.title_en:
        g.add((node, DCTERMS.title, Literal(e.title_en, lang="en")))
    if e.title_zh:
        g.add((node, DCTERMS.title, Literal(e.title_zh, lang="zh")))
    if e.date:
        g.add((node, DCTERMS.issued, Literal(e.date, datatype=XSD.date)))
    if e.headline:
        g.add((node, PG.headline, Literal(e.headline)))
    g.add((node, PG.rank, Literal(e.rank, datatype=XSD.integer)))
    if e.summary:
        g.add((node, PG.summary, Literal(e.summary)))
    _issuers(g, node, e.issuers, e.issuers[0] if e.issuers else None)
    g.add((node, PG.documentType, DOCTYPE[e.document_type]))
    g.add((node, PG.status, STATUS[e.status]))
    _documented(g, node, e)
    _refs(g, node, PG.concernsSector, SECTOR, e.sectors)
    _sector_tags(g, node, passage, f"{key}-top-{e.rank}", e.sectors)
    _refs(g, node, PG.mentionsCompany, COMPANY, e.companies)
    for i, t in enumerate(e.targets, start=1):
        _target(g, digest, node, TARGET[f"{key}-top-{e.rank}-{i}"],
                PASSAGE[f"{key}-line-{t.line}"], Span(e.span.section, t.line, t.line), t)


def _documented(g: Graph, node: URIRef, e: PolicyEntry) -> None:
    """Document number, effective date, stated issuer count, official page, work key and edition, where the
    digest gives them."""
    _lookup_keys(g, node, e.title_zh, e.title_en, e.issuers, e.date)
    if year := edition(e.title_en, e.title_zh):
        g.add((node, PG.edition, Literal(year, datatype=XSD.gYear)))
    if e.doc_number:
        g.add((node, PG.documentNumber, Literal(e.doc_number)))
    if e.effective:
        g.add((node, PG.effectiveDate, Literal(e.effective, datatype=XSD.date)))
    if e.issuer_count:
        g.add((node, PG.statedIssuerCount, Literal(e.issuer_count, datatype=XSD.integer)))
    if e.source_url and WEB_ADDRESS.fullmatch(e.source_url):
        g.add((node, RDFS.seeAlso, URIRef(e.source_url)))


def _lookup_keys(g: Graph, node: URIRef, title_zh: str | None, title_en: str | None, issuers: tuple[Ref, ...],
                 issued: dt.date | None) -> None:
    """The keys other digests' reports find this policy by (see :mod:`policygraph.identity`)."""
    for work in sorted(work_keys(title_zh, title_en)):
        g.add((node, PG.workKey, Literal(work)))
    for key in month_keys([i.key for i in issuers], issued):
        g.add((node, PG.issuerMonth, Literal(key)))


def _sector_tags(g: Graph, node: URIRef, passage: URIRef, stem: str, sectors: tuple[Ref, ...]) -> None:
    """One digest's reasons for each sector of a policy: the tag, its basis and the passage it was read in."""
    for ref in sectors:
        tag = TAG[f"{stem}-{ref.key}"]
        g.add((node, PG.hasSectorTag, tag))
        g.add((tag, RDF.type, PG.SectorTag))
        g.add((tag, PG.taggedSector, SECTOR[ref.key]))
        g.add((tag, PG.tagBasis, Literal(ref.basis or "text")))
        g.add((tag, PROV.wasDerivedFrom, passage))


def _issuers(g: Graph, node: URIRef, issuers: tuple[Ref, ...], lead: Ref | None) -> None:
    _refs(g, node, PG.issuedBy, AGENCY, issuers)
    if lead is not None:
        g.add((node, PG.leadIssuer, AGENCY[lead.key]))


def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` in canonical form (always with a fractional part, as Turtle writes it back)."""
    text = f"{value:.6f}".rstrip("0") if abs(value) < 1e15 else f"{value:.0f}."
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def _target(g: Graph, digest: URIRef, policy: URIRef, node: URIRef, passage: URIRef, span: Span,
            t: Target) -> None:
    _passage(g, digest, passage, span, t.text)
    g.add((policy, PG.setsTarget, node))
    g.add((node, RDF.type, PG.Target))
    g.add((node, PROV.wasDerivedFrom, passage))
    g.add((node, PG.metric, Literal(t.metric or t.text[:80])))
    if t.unit:
        g.add((node, PG.unit, Literal(t.unit)))
    if match := indicator_for(t.metric, t.unit, t.text):
        g.add((node, PG.measures, INDICATOR[match[0]]))
        g.add((node, PG.indicatorBasis, Literal(match[1])))
    g.add((node, PG.targetValue, _decimal(t.target.value)))
    if t.target.year:
        g.add((node, PG.targetYear, Literal(str(t.target.year), datatype=XSD.gYear)))
    if t.qualifier:
        g.add((node, PG.qualifier, QUAL[slug(t.qualifier)]))
    g.add((node, PG.text, Literal(t.text)))
    if t.baseline is None:
        return
    if t.baseline.year:
        g.add((node, PG.baselineYear, Literal(str(t.baseline.year), datatype=XSD.gYear)))
    g.add((node, PG.baselineValue, _decimal(t.baseline.value)))
    if t.baseline.value > 0 and t.target.value > 0:
        factor = t.target.value / t.baseline.value
        g.add((node, PG.growthFactor, _decimal(round(factor, 6))))
        years = (t.target.year or 0) - (t.baseline.year or 0)
        if t.target.year and t.baseline.year and years > 0:
            g.add((node, PG.annualGrowthRate, _decimal(round(factor ** (1 / years) - 1, 6))))


def _news(g: Graph, digest: URIRef, key: str, i: int, n: NewsItem) -> None:
    node = NEWS[f"{key}-news-{i}"]
    passage = _passage(g, digest, PASSAGE[f"{key}-news-{i}"], n.span)
    g.add((node, RDF.type, PG.PolicyNews if n.kind == "policy" else PG.CorporateNews))
    g.add((node, PG.inDigest, digest))
    g.add((node, PROV.wasDerivedFrom, passage))
    g.add((node, PG.text, Literal(n.text)))
    if n.date:
        g.add((node, DCTERMS.date, Literal(n.date, datatype=XSD.date)))
    _refs(g, node, PG.involvesAgency, AGENCY, n.agencies)
    _refs(g, node, PG.mentionsCompany, COMPANY, n.companies)
    _refs(g, node, PG.concernsSector, SECTOR, n.sectors)
    if n.reports is not None:
        _reported_policy(g, digest, key, i, node, passage, n, n.reports)


def _reported_policy(g: Graph, digest: URIRef, key: str, i: int, news: URIRef, passage: URIRef,
                     n: NewsItem, r: ReportedPolicy) -> None:
    """The policy ``r`` a policy-news item ``n`` reports, with what the item tells of it."""
    node = policy_iri(r.title, None, r.date)
    g.add((news, PG.reportsPolicy, node))
    g.add((node, RDF.type, PG.Policy))
    g.add((node, PROV.wasDerivedFrom, passage))
    g.add((node, DCTERMS.title, Literal(r.title, lang="en")))
    g.add((node, DCTERMS.issued, Literal(r.date, datatype=XSD.date)))
    _issuers(g, node, r.issuers, r.lead_issuer)
    _lookup_keys(g, node, None, r.title, r.issuers, r.date)
    g.add((node, PG.documentType, DOCTYPE[r.document_type]))
    g.add((node, PG.status, STATUS[r.status]))
    _refs(g, node, PG.concernsSector, SECTOR, n.sectors)
    _refs(g, node, PG.mentionsCompany, COMPANY, n.companies)
    for j, t in enumerate(n.targets, start=1):
        _target(g, digest, node, TARGET[f"{key}-news-{i}-{j}"], passage, n.span, t)
