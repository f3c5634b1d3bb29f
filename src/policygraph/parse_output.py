"""Parsed digests as the JSON contract of ``policygraph parse --format json`` and as a review table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .model import Digest, NewsItem, PolicyEntry, Problem, Quantity, Ref, Target


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _quantity(q: Quantity | None) -> dict[str, Any] | None:
    return None if q is None else {"value": _number(q.value), "year": q.year}


def target_json(t: Target) -> dict[str, Any]:
    """One target as in the contract."""
    return {
        "metric": t.metric,
        "unit": t.unit,
        "baseline": _quantity(t.baseline),
        "target": _quantity(t.target),
        "qualifier": t.qualifier,
        "text": t.text,
        "line": t.line,
    }


def _problems(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    return [{"line": p.line, "message": p.message} for p in problems]


def _sectors(refs: tuple[Ref, ...]) -> list[dict[str, str]]:
    return [{"id": r.key, "label": r.label, "basis": r.basis} if r.basis else {"id": r.key, "label": r.label}
            for r in refs]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _companies(refs: tuple[Ref, ...]) -> list[dict[str, str]]:
    return [{"id": r.key, "name": r.label, "matched": r.surface} for r in refs]


def policy_json(p: PolicyEntry) -> dict[str, Any]:
    """One lead entry as in the contract."""
    return {
        "rank": p.rank,
        "headline": p.headline,
        "title_en": p.title_en,
        "title_zh": p.title_zh,
        "issuers": [r.label for r in p.issuers],
        "issuer_count": p.issuer_count,
        "date": _date(p.date),
        "effective": _date(p.effective),
        "doc_number": p.doc_number,
        "document_type": p.document_type,
        "status": "draft" if p.status == "draft-for-comment" else None,
        "source_url": p.source_url,
        "sectors": _sectors(p.sectors),
        "companies": _companies(p.companies),
        "targets": [target_json(t) for t in p.targets],
        "lines": [p.span.first_line, p.span.last_line],
        "problems": _problems(p.problems),
    }


def news_json(n: NewsItem) -> dict[str, Any]:
    """One news item as in the contract."""
    return {
        "kind": n.kind,
        "date": n.date.isoformat() if n.date else None,
        "text": n.text,
        "agencies": [r.label for r in n.agencies],
        "companies": _companies(n.companies),
        "sectors": _sectors(n.sectors),
        "targets": [target_json(t) for t in n.targets],
        "candidates": list(n.candidates),
        "lines": [n.span.first_line, n.span.last_line],
        "problems": _problems(n.problems),
    }


def digest_json(d: Digest) -> dict[str, Any]:
    """One digest as in ``parse-json.md``."""
    return {
        "source": d.source,
        "layout": d.layout,
        "publisher": d.publisher,
        "title": d.title,
        "date": d.date.isoformat() if d.date else None,
        "period": {"start": d.period[0].isoformat(), "end": d.period[1].isoformat()} if d.period else None,
        "authors": list(d.authors),
        "editors": list(d.editors),
        "source_url": d.source_url,
        "checksum": d.checksum,
        "policies": [policy_json(p) for p in d.policies],
        "news": [news_json(n) for n in d.news],
        "problems": _problems(d.problems),
    }


def _fmt_target(t: Target) -> str:
    base = f"{_number(t.baseline.value):,} ({t.baseline.year or '?'}) -> " if t.baseline else ""
    qual = f"{t.qualifier} " if t.qualifier else ""
    return f"{t.metric}: {base}{qual}{_number(t.target.value):,} {t.unit or ''} ({t.target.year or '?'})"


def digest_table(d: Digest) -> str:
    """A plain-text review of one digest for people checking it before loading."""
    out = [f"{d.source} ({d.layout}): {d.publisher or '-'} {d.title or '-'}, {d.date or 'no date'}"
           + (f", period {d.period[0]} to {d.period[1]}" if d.period else "")]
    out.append(f"  authors: {', '.join(d.authors) or '-'}")
    for p in d.policies:
        out.extend(_entry_lines(p))
    for n in d.news:
        who = ", ".join(r.label for r in n.agencies + n.companies) or "-"
        out.append(f"  {n.kind:9} {n.date or '?'}  [{who}] {n.text[:90]}")
        out.extend(f"      PROBLEM line {x.line}: {x.message}" for x in n.problems)
    out.extend(f"  PROBLEM line {x.line}: {x.message}" for x in d.problems)
    return "\n".join(out)


def _entry_lines(p: PolicyEntry) -> list[str]:
    """The review lines of one policy entry."""
    def names(refs: Iterable[Ref]) -> str:
        return ", ".join(r.label for r in refs) or "-"

    return [f"  [{p.rank}] {p.headline}  (lines {p.span.first_line}-{p.span.last_line})",
            f"      title:   {p.title_en or '-'}",
            f"      title@zh:{p.title_zh or '-'}",
            f"      issuers: {names(p.issuers)}   date: {p.date or '-'}   type: {p.document_type}   "
            f"status: {p.status}   doc no.: {p.doc_number or '-'}",
            f"      sectors: {names(p.sectors)}",
            f"      companies: {names(p.companies)}",
            *(f"      target:  {_fmt_target(t)}" for t in p.targets),
            *(f"      PROBLEM line {x.line}: {x.message}" for x in p.problems)]
