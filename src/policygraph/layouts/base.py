"""What every layout reader shares: cleaned lines, the document they come from, and the reader interface."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..model import Digest

BULLET = re.compile(r"^\s*(?:[-*•◦▪·–]|\d+\))\s+")
CJK = r"\u3400-\u9fff"

_SUP = re.compile(r"<sup>([^<]*)</sup>")
_TAG = re.compile(r"<[^<>]+>")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\[\]]*\)")
_ESCAPE = re.compile(r"\\([()\[\]*_#.-])")
_STAR_WORD = re.compile(r"^\s*\*\S")
_HASHES = re.compile(r"^#+\s*")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_BLANKS = re.compile(r"[ \t]+")
_URL = re.compile(r"\[([^\[\]]*)\]\((https?://[^()\s]+)\)")


@dataclass(frozen=True)
class Line:
    """A cleaned line (Markdown, bullets and HTML tags stripped) with its 1-based number in the source."""

    no: int
    text: str
    bullet: bool
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """The cleaned lines of one input file, as every layout reader receives them."""

    path: Path
    lines: list[Line]
    checksum: str = ""
    form: str = "text"  # one of model.SOURCE_FORMS; line numbers of EXTRACTED_FORMS count extracted lines
    content: list[Line] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "content", [ln for ln in self.lines if ln.text])


class Layout(Protocol):
    """A reader for one family of digest layouts."""

    name: str
    summary: str
    # optional: ``ceiling``, the highest score ``recognise`` ever gives (1 where a layout states none); a layout
    # that cannot outrank the best so far is not asked (see :func:`policygraph.layouts.ranked`)

    def recognise(self, doc: Document) -> float:
        """How sure this reader is that ``doc`` is in its layout: 0 (not at all) to 1 (certainly)."""
        ...

    def read(self, doc: Document) -> Digest:
        """The digest read from ``doc``; raises :class:`~policygraph.errors.DigestSyntaxError` if there is none."""
        ...


def clean_line(no: int, raw: str) -> Line:
    """One raw line without Markdown emphasis, headings, links, escapes and inline HTML; bullets are noted."""
    text = raw.replace("\u00a0", " ").replace("\ufeff", "").replace("\u3000", " ")
    links: tuple[str, ...] = ()
    if "<" in text:
        text = _TAG.sub("", _SUP.sub(r"\1", text))
    if "[" in text:
        links = tuple(m.group(2) for m in _URL.finditer(text))
        text = _LINK.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    bullet = bool(BULLET.match(text)) and not _STAR_WORD.match(text)
    if bullet:
        text = BULLET.sub("", text, count=1)
    text = _HASHES.sub("", text.strip())
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", _STRONG.sub("", text))
    return Line(no, _BLANKS.sub(" ", text).strip(), bullet, links)


def clean_lines(raw_lines: list[str]) -> list[Line]:
    """Every raw line cleaned, numbered from 1."""
    return [clean_line(i + 1, raw) for i, raw in enumerate(raw_lines)]


def join(parts: list[str]) -> str:
    """Join wrapped pieces of one text with spaces, except between Chinese characters and brackets."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and re.search(f"[{CJK}（(]$", out) and re.match(f"[{CJK}）)]", part):
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out
