"""Sector tags that mean "this policy is about it".

A sector is tagged when the policy's title, headline, own summary or bullets, or one of its targets name it.
Callers pass only those parts, never a comment or a news list. A sector word inside a proper name ("Shenzhen
Stock Exchange", "Ping An Insurance", "Port of Ningbo") or in an example list ("such as ports and airports",
"e.g. big data") does not count. Each tag records its basis: the part that first gave it, the strongest first
(title, headline, target, then bullet and text).

>>> [(r.key, r.basis) for r in tag_sectors([("title", "Action Plan for the Battery Industry")])]
[('batteries', 'title')]
>>> tag_sectors([("bullet", "List firms on the Shenzhen Stock Exchange; insure via Ping An Insurance")])
()
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import resolve
from ..model import Ref

ORDER = ("title", "headline", "target", "bullet", "text")
#: the bases of a "core" tag: the policy is about the sector (its title, headline or a target names it); the
#: graph's pg:concernsSector holds core tags only, every tag stays a pg:SectorTag with its basis
CORE = frozenset({"title", "headline", "target"})
EXAMPLES = re.compile(r"\b(?:such as|e\.g\.|for example|for instance|like)\s", re.I)
_PROPER = re.compile(r"[A-Z][\w&'’.-]*")


def tag_sectors(parts: list[tuple[str, str]]) -> tuple[Ref, ...]:
    """Sector tags from (basis, text) pairs; pass only text that is about the policy itself."""
    tags: dict[str, Ref] = {}
    for basis, text in sorted(parts, key=lambda part: ORDER.index(part[0]) if part[0] in ORDER else len(ORDER)):
        text = text or ""
        examples = [(m.start(), _clause_end(text, m.end())) for m in EXAMPLES.finditer(text)]
        for start, end, ref in resolve.sectors().spans(text):
            if any(a <= start < b for a, b in examples):
                continue
            if not _title_case(basis, text) and _in_proper_name(text, start, end):
                continue
            tags.setdefault(ref.key, replace(ref, basis=basis))
    return tuple(tags.values())


def _clause_end(text: str, at: int) -> int:
    stop = re.search(r"[.;:)]|\band\s+(?:to|will|should|must)\b", text[at:])
    return at + (stop.start() if stop else len(text) - at)


def _title_case(basis: str, text: str) -> bool:
    """Titles, and headlines written in title case, capitalise every word: no proper-name test there."""
    if basis == "title":
        return True
    words = re.findall(r"[A-Za-z]{4,}", text)
    return basis == "headline" and bool(words) and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _in_proper_name(text: str, start: int, end: int) -> bool:
    """True when the match is capitalised mid-sentence and joined to another capitalised word."""
    if not text[start:start + 1].isupper() or _sentence_start(text, start):
        return False
    before = re.search(r"([A-Z][\w&'’.-]*)[\s-]+$", text[max(0, start - 40):start])
    after = re.match(r"[\s-]+(?:of\s+)?([A-Z][\w&'’.-]*)", text[end:end + 40])
    return bool(before and not _sentence_start(text, start - len(before.group(0)))) or bool(
        after and after.group(1) not in {"I", "A"})


def _sentence_start(text: str, at: int) -> bool:
    return not text[:at].strip() or bool(re.search(r"[.!?:;(]\s*$", text[:at]))


def core(tags: tuple[Ref, ...]) -> tuple[Ref, ...]:
    """The tags whose basis says the policy is about the sector (untagged refs count: their basis is unknown)."""
    return tuple(t for t in tags if t.basis in CORE or not t.basis)
