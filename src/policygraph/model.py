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


@dataclass(frozen=True)
class Ref:
    """A name resolved against a vocabulary: ``key`` is the IRI local name, ``label`` a display name."""

    key: str
    label: str
    surface: str = ""


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
    """One lead entry of a digest (rank 1-5): a policy and what the digest says of it."""

    rank: int
    headline: str
    title_en: str | None
    title_zh: str | None
    issuers: tuple[Ref, ...]
    date: dt.date | None
    status: str
    document_type: str
    sectors: tuple[Ref, ...]
    companies: tuple[Ref, ...]
    targets: tuple[Target, ...]
    summary: str
    span: Span
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class NewsItem:
    """A dated item of the digest's policy-news or corporate-news list."""

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


@dataclass(frozen=True)
class Digest:
    """One parsed digest issue."""

    source: str
    publisher: str
    title: str
    date: dt.date | None
    period: tuple[dt.date, dt.date] | None
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    policies: tuple[PolicyEntry, ...]
    news: tuple[NewsItem, ...]
    checksum: str
    problems: tuple[Problem, ...] = field(default=())
