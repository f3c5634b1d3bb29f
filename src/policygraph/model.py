"""Frozen dataclasses for what a digest holds. Knows nothing about RDF or about file formats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Where a fact was read: a section of the source file and its 1-based line range."""

    section: str
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Problem:
    """Something the parser could not read or resolve, with the line it concerns."""

    line: int
    message: str
    error: bool = False  # an error stops the digest from being loaded; other problems are reported only

    @property
    def is_error(self) -> bool:
        """True for an error: one marked so, or a date the text gives that does not exist."""
        return self.error or self.message.startswith("impossible date")


@dataclass(frozen=True)
class Ref:
    """A name resolved against a vocabulary: ``key`` is the IRI local name, ``label`` a display name."""

    key: str
    label: str
    surface: str = ""
    basis: str = ""  # where a tag was read: "title", "headline", "bullet", "target", "text"


@dataclass(frozen=True)
class Quantity:
    """A number with its scale applied and a year where the text gives one."""

    value: float
    year: int | None = None


@dataclass(frozen=True)
class Target:
    """A numeric objective read from a policy entry or a news item."""

    metric: str
    unit: str | None
    target: Quantity
    baseline: Quantity | None
    qualifier: str | None
    text: str
    line: int


@dataclass(frozen=True)
class PolicyEntry:
    """One policy a digest reports, and what the digest says of it.

    ``rank`` is the entry's number in a numbered top list, else its order of appearance. A field the digest does
    not state is None (``status`` is "draft-for-comment" only where the text says so, else "issued").
    """

    rank: int
    headline: str | None
    title_en: str | None
    title_zh: str | None
    span: Span
    issuers: tuple[Ref, ...] = ()
    date: dt.date | None = None
    status: str = "issued"
    document_type: str = "other"
    sectors: tuple[Ref, ...] = ()
    companies: tuple[Ref, ...] = ()
    targets: tuple[Target, ...] = ()
    summary: str = ""
    problems: tuple[Problem, ...] = ()
    doc_number: str | None = None
    effective: dt.date | None = None
    source_url: str | None = None
    issuer_count: int | None = None  # the number of issuers the text states ("MIIT and seven other agencies": 8)


@dataclass(frozen=True)
class ReportedPolicy:
    """The policy a policy-news item reports, as the item tells of it (its title is the item's first clause)."""

    title: str
    date: dt.date
    issuers: tuple[Ref, ...]
    lead_issuer: Ref | None
    document_type: str = "other"
    status: str = "issued"


@dataclass(frozen=True)
class NewsItem:
    """A dated item of the digest's policy-news or corporate-news list; ``reports`` is the policy a dated
    policy-news item that names its agencies reports."""

    kind: str  # "policy" | "corporate"
    date: dt.date | None
    text: str
    agencies: tuple[Ref, ...]
    companies: tuple[Ref, ...]
    sectors: tuple[Ref, ...]
    targets: tuple[Target, ...]
    candidates: tuple[str, ...]
    lead_agency: Ref | None
    span: Span
    problems: tuple[Problem, ...] = ()
    reports: ReportedPolicy | None = None


#: the forms a digest file comes in; line numbers of ``html`` and ``pdf`` count the lines of the extracted text
SOURCE_FORMS = ("text", "markdown", "html", "pdf")
#: the forms whose lines are extracted from markup or pages rather than being the file's own lines
EXTRACTED_FORMS = ("html", "pdf")


@dataclass(frozen=True)
class Digest:
    """One parsed digest issue; ``form`` is the form of its file (one of :data:`SOURCE_FORMS`)."""

    source: str
    publisher: str | None
    title: str | None
    date: dt.date | None
    period: tuple[dt.date, dt.date] | None
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    policies: tuple[PolicyEntry, ...]
    news: tuple[NewsItem, ...]
    checksum: str
    problems: tuple[Problem, ...] = field(default=())
    layout: str = ""
    source_url: str | None = None
    form: str = "text"

    def all_problems(self) -> list[Problem]:
        """Every problem found in the digest: its own, its policies' and its news items', in line order. The one
        list that every count and report of a digest's problems reads."""
        return [problem for _, problem in self.placed_problems()]

    def placed_problems(self) -> list[tuple[PolicyEntry | None, Problem]]:
        """:meth:`all_problems`, each with the policy entry it was found in (None: the digest or a news item)."""
        found: list[tuple[PolicyEntry | None, Problem]] = [(None, x) for x in self.problems]
        found += [(p, x) for p in self.policies for x in p.problems]
        found += [(None, x) for n in self.news for x in n.problems]
        return sorted(found, key=lambda t: t[1].line)
