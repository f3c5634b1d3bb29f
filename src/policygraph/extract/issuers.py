"""Issuing bodies: from a labelled field ("Issuing body: MIIT, SAMR") or from prose ("The Ministry of Commerce
(MOFCOM) released ...", "MIIT and seven other agencies jointly issued ...").

A name inside a company's name is never an agency: "SAIC Motor" is a carmaker, not the former agency SAIC.

>>> [r.label for r in issuers_in_text("The Ministry of Commerce (MOFCOM) released new rules.")[0]]
['MOFCOM']
>>> refs, count = issuers_in_text("MIIT and seven other agencies jointly issued a plan on batteries.")
>>> ([r.label for r in refs], count)
(['MIIT'], 8)
>>> issuers_in_text("General Motors' China JV with SAIC Motor cut prices.")
([], None)
"""

from __future__ import annotations

import re

from .. import resolve
from ..model import Problem, Ref

RELEASE = re.compile(
    r"\b(?:jointly\s+)?(?:released?|issued?|issuing|published?|unveiled?|announced?|promulgated?|put\s+out|"
    r"rolled\s+out|adopted|approved|passed|launched|introduced|circulated|finali[sz]ed|revised|amended|"
    r"solicit(?:ed|s|ing)?|(?:is|are|was|were)\s+seeking|has\s+drafted|drafted)\b",
    re.I,
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_BODIES = r"(?:central\s+|government\s+|state\s+|other\s+)*(?:agencies|ministries|departments|bodies|authorities|" \
          r"regulators|organi[sz]ations|institutions|units)"
_N = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
OTHERS = re.compile(rf"\band\s+{_N}\s+other\s+{_BODIES}", re.I)
TOTAL = re.compile(rf"\b{_N}\s+{_BODIES}\b(?:,?\s*including\b|\s+(?:jointly\s+)?(?:released|issued|published))", re.I)
COMPANY_WORD = re.compile(r"^[\s-]*(?:Motor|Motors|Group|Corp|Corporation|Co\b|Company|Ltd|Limited|Holdings?|"
                          r"Bank|Securities|Volkswagen|GM|General|Maxus|Roewe)\b")
SEPARATORS = re.compile(r",|;|、|&|\band\b|\bwith\b")


def agency_spans(text: str) -> list[tuple[int, int, Ref]]:
    """Agencies named in ``text`` with their spans, leaving out names inside a longer company name ("SAIC Motor").

    A name that is an agency's and a company's alike ("GAC", "SAIC") stays an agency, unless the text also names
    that company in a longer form: after "SAIC Motor", a bare "SAIC" is the carmaker.
    """
    companies = resolve.companies().spans(text)
    out = []
    for start, end, ref in resolve.agencies().spans(text):
        inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in companies)
        same = [c.key for s, e, c in companies if (s, e) == (start, end)]
        short_for = any(c.key in same and e - s > end - start for s, e, c in companies)
        if inside or short_for or COMPANY_WORD.match(text[end:end + 14]):
            continue
        out.append((start, end, ref))
    return out


def agencies_named(text: str) -> list[Ref]:
    """Every agency named in ``text``, each once, in order (never a name inside a company's name)."""
    return unique([r for _, _, r in agency_spans(text)])


def issuers_in_text(text: str) -> tuple[list[Ref], int | None]:
    """The bodies that issue what ``text`` reports, and the number of issuers it states (None if it states none).

    Where a sentence has a release verb ("released", "issued", ...), only the agencies before that verb, or in the
    "by ..." phrase after it, count; otherwise every agency named.
    """
    spans = agency_spans(text)
    verb = RELEASE.search(text)
    if verb and spans:
        sentence_start = max(text.rfind(". ", 0, verb.start()) + 1, 0)
        by = re.match(r"\s+by\s+(?:the\s+)?", text[verb.end():])
        by_end = _phrase_end(text, verb.end()) if by else verb.end()
        chosen = [r for s, _, r in spans if sentence_start <= s < verb.start() or verb.end() <= s < by_end]
        if chosen:
            spans = [(0, 0, r) for r in chosen]
    refs = unique([r for _, _, r in spans])
    return refs, _count(text, len(refs))


def _phrase_end(text: str, at: int) -> int:
    stop = re.search(r"[.;:]\s|\bon\s+\w+\s+\d|\b(?:to|that|which|setting|requiring|calling)\b", text[at:])
    return at + (stop.start() if stop else len(text) - at)


def _count(text: str, named: int) -> int | None:
    others = OTHERS.search(text)
    if others:
        return named + _number(others.group(1))
    total = TOTAL.search(text)
    return _number(total.group(1)) if total else None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


PREFIX = re.compile(r"^(?P<who>[^:：“\"]{2,160}?)\s*[:：]\s*(?=\S)")
_COUNTED_BODIES = re.compile(r"\b(?:and\s+)?(?:other|\d+|[a-z]+teen|ten|two|three|four|five|six|seven|eight|nine)\s+"
                             r"(?:departments|ministries|agencies|authorities)(?:\s+including)?\b|^the\s+", re.I)


def issuer_prefix(heading: str) -> re.Match[str] | None:
    """The issuers that open a heading before a colon, its group ``who``; None when the words before the colon
    are not only issuing bodies.

    >>> issuer_prefix("Ministry of Ecology and Environment and Other Departments: Notice on ...").group("who")
    'Ministry of Ecology and Environment and Other Departments'
    >>> issuer_prefix("Update: MIIT issues rules") is None
    True
    """
    m = PREFIX.match(heading)
    if not m or RELEASE.search(m.group("who")):
        return None
    who = _COUNTED_BODIES.sub(" ", m.group("who"))
    rest = who
    for ref in sorted(agencies_named(who), key=lambda r: -len(r.surface)):
        rest = rest.replace(ref.surface, "")
    rest = re.sub(r"[\s,;、&()（）–—-]+|\b(?:and|the|of|jointly)\b", "", rest, flags=re.I)
    return m if rest != who.replace(" ", "") and len(rest) <= 0.35 * len(who) else None


def issuer_field(text: str, line: int, problems: list[Problem]) -> list[Ref]:
    """The agencies of a labelled issuer field; a name the vocabulary lacks becomes a Problem at ``line``."""
    matcher = resolve.agencies()
    refs = [r for _, _, r in agency_spans(text)]
    rest = text
    for ref in sorted(refs, key=lambda r: -len(r.surface)):  # longest first: "MOFCOM" before "MOF"
        rest = rest.replace(ref.surface, " ; ")
    rest = OTHERS.sub(" ; ", rest)
    for name in SEPARATORS.split(rest):
        name = name.strip(" .()（）")
        if not name or name.lower() in {"the", "and", "jointly"}:
            continue
        ref = matcher.lookup(name)
        if ref is None:
            problems.append(Problem(line, f"unknown issuing body {name!r}"))
        elif ref.key not in {r.key for r in refs}:
            refs.append(ref)
    return unique(refs)


def unique(refs: list[Ref]) -> list[Ref]:
    """``refs`` without repeats of a key, in order of first appearance."""
    seen: dict[str, Ref] = {}
    for ref in refs:
        seen.setdefault(ref.key, ref)
    return list(seen.values())
