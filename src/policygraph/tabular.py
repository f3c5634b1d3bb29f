"""Query rows (dicts of RDF terms) as a table for people, or CSV, TSV, JSON and JSON Lines for pipes."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import shutil
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from .namespaces import curie

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
_STRING = XSD.string


def plain(term: Node | None) -> Any:
    """A JSON-friendly Python value for an RDF term."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype is None or term.datatype == _STRING:  # text, the commonest cell
            return str(term)
        value = term.toPython()
        if isinstance(value, decimal.Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, bool | int | float):
            return value
        return str(term)
    return str(term)


def render(rows: Sequence[dict[str, Node]], columns: Sequence[str], fmt: str, *,
           names: Mapping[str, str] | None = None, width: int | None = None, total: int | None = None) -> str:
    """Rows in one of :data:`FORMATS`. A table shows each IRI by its name in ``names`` (else as a CURIE),
    wraps its cells to fit ``width`` characters (default: the terminal's) and, when ``total`` is more than the
    rows given, says how many there were; the other formats keep the IRIs."""
    records = [{c: plain(row.get(c)) for c in columns} for row in rows] if fmt != "table" else []
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
    cells = [[_cell(row.get(c), names or {}) for c in columns] for row in rows]
    shown = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if total is not None and total > len(rows):
        shown = f"{len(rows)} of {total} rows; --limit cut the rest"
    return table(list(columns), cells, width or shutil.get_terminal_size((WIDTH, 24)).columns) + f"\n({shown})"


#: the width of a table when the output is not a terminal and ``COLUMNS`` is not set
WIDTH = 120
#: the narrowest a wrapped column gets, or its header's width up to MAX_HEADER
MIN_COLUMN = 8
MAX_HEADER = 12
GAP = "  "


def _cell(term: Node | None, names: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return names.get(str(term)) or curie(str(term))
    value = plain(term)
    return " ".join(str(value).split())


def table(columns: list[str], cells: list[list[str]], width: int) -> str:
    """Columns padded to their widest cell; when the whole is wider than ``width``, the widest columns are
    narrowed (to no less than :data:`MIN_COLUMN`) and their cells wrapped over several lines.

    >>> print(table(["agency", "title"], [["MIIT", "Notice on the battery industry"]], 24))
    agency  title
    ------  ----------------
    MIIT    Notice on the
            battery industry
    """
    natural = [max([text_width(c)] + [text_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    least = [max(MIN_COLUMN, min(len(c), MAX_HEADER)) for c in columns]
    widths = fit(natural, width - len(GAP) * (len(columns) - 1), least)
    lines = [_line([c[:w] for c, w in zip(columns, widths, strict=True)], widths),
             GAP.join("-" * w for w in widths)]
    for row in cells:
        wrapped = [wrap(text, w) for text, w in zip(row, widths, strict=True)]
        for k in range(max(len(part) for part in wrapped)):
            lines.append(_line([part[k] if k < len(part) else "" for part in wrapped], widths).rstrip())
    return "\n".join(line.rstrip() for line in lines)


def fit(natural: list[int], room: int, least: list[int] | None = None) -> list[int]:
    """Column widths: each column its natural width where all fit in ``room``; else the widest are cut to one
    level, the highest at which the whole fits, and never below their ``least`` (default :data:`MIN_COLUMN`).

    >>> fit([4, 50, 30], 40)
    [4, 18, 18]
    >>> fit([4, 10], 40)
    [4, 10]
    >>> fit([10, 60, 10, 60], 50)
    [10, 15, 10, 15]
    """
    least = least or [MIN_COLUMN] * len(natural)
    if sum(natural) <= room:
        return list(natural)
    level = max(natural)
    while level > 1 and sum(max(min(w, level), min(w, low)) for w, low in zip(natural, least, strict=True)) > room:
        level -= 1
    return [max(min(w, level), min(w, low)) for w, low in zip(natural, least, strict=True)]


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, broken at spaces where possible (a word or a
    run of CJK text longer than a line is cut)."""
    if text_width(text) <= width and not text.startswith(" "):
        return [text]  # what the loop below gives for a text that fits
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:
            if text_width(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
    return [*lines, line] if line or not lines else lines


def _line(values: list[str], widths: list[int]) -> str:
    return GAP.join(v + " " * (w - text_width(v)) for v, w in zip(values, widths, strict=True))
