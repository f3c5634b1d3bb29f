"""Query rows (dicts of RDF terms) as a table for people, or CSV, TSV, JSON and JSON Lines for pipes."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from collections.abc import Sequence
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from .namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "jsonl")


def plain(term: Node | None) -> Any:
    """A JSON-friendly Python value for an RDF term."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, decimal.Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, bool | int | float):
            return value
        return str(term)
    return str(term)


def render(rows: Sequence[dict[str, Node]], columns: Sequence[str], fmt: str) -> str:
    """Rows in one of :data:`FORMATS`."""
    records = [{c: plain(row.get(c)) for c in columns} for row in rows]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if r[c] is None else r[c] for c in columns] for r in records])
        return buf.getvalue().rstrip("\n")
    return _table(records, columns)


def _table(records: list[dict[str, Any]], columns: Sequence[str], width: int = 60) -> str:
    cells = [[_short("" if r[c] is None else str(r[c]), width) for c in columns] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join([line, rule, *body, f"({len(records)} row{'s' if len(records) != 1 else ''})"])


def _short(text: str, width: int) -> str:
    for prefix, short in _PREFIXES:
        if text.startswith(prefix):
            text = short + text[len(prefix):]
            break
    return text if len(text) <= width else text[: width - 1] + "…"


_PREFIXES = sorted(((ns, f"{p}:") for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
