"""Which policy a report is about: identity keys, strongest first, and how two reports are matched.

1. the document number (工信部联电子〔2022〕159号 = 工信部联电子[2022]159号);
2. the Chinese title, normalised: no brackets, quotes or spaces, no edition year or draft marker, and the
   inner title of a transmitting notice (关于印发《X》的通知 -> X); a title cut short or one character off
   still matches;
3. the English title, the issuers and the date;
4. an English title at least ``FUZZY_TITLE`` similar, with an issuer in common and dates within ``DATE_WINDOW``
   days; the similarity is recorded with the match. A title at least ``CANDIDATE_TITLE`` similar on the same
   terms is not merged but kept as a candidate for a person to confirm.

The keys name a *work*; a draft for comment and its final text, or the 2018 and the 2021 edition, are versions
of one work and stay separate policies, linked by :func:`lineage`.

>>> zh_key("工业和信息化部关于印发《“十四五”信息通信行业发展规划》的通知")
'十四五信息通信行业发展规划'
>>> zh_key("数据出境安全评估办法（征求意见稿）") == zh_key("数据出境安全评估办法")
True
>>> doc_key("工信部联电子[2022] 159号") == doc_key("工信部联电子〔2022〕159号")
True
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

#: least rapidfuzz token-set ratio (0-100) of two English titles that may name one policy
FUZZY_TITLE = 90.0
#: most days between the dates two reports give for one policy matched by a fuzzy English title
DATE_WINDOW = 45
#: least similarity of two English titles (as for ``FUZZY_TITLE``) kept as a candidate match, not merged
CANDIDATE_TITLE = 75.0
#: fewest characters a Chinese title cut short must keep to match the whole title
MIN_PREFIX = 10

K = TypeVar("K")

_EDITION_YEAR = re.compile(r"[（(]\s*((?:19|20)\d\d)\s*(?:年\s*(?:版|本|修订|修正)?|\s+(?:edition|version|revision))"
                           r"\s*[）)]|\b((?:19|20)\d\d)\s+(?:edition|version|revision)\b", re.I)

_TRANSMIT = re.compile(r"^.{0,40}?关于(?:印发|发布|公布|转发)(.+?)的(?:通知|公告|决定)$")
_EDITION = re.compile(r"[（(]\s*(?:19|20)\d\d\s*年?\s*(?:版|本|修订|修正|修订版)?\s*[）)]"
                      r"|[（(]?(?:征求意见稿|草案|试行|暂行)[）)]?")
_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()（）\[\]【】〔〕,，、.。:：;；·・—–-]+")


@lru_cache(maxsize=1 << 16)
def doc_key(number: str) -> str:
    """A document number with one kind of bracket and no spaces."""
    text = unicodedata.normalize("NFKC", number)
    for opening in "[(【［":
        text = text.replace(opening, "〔")
    for closing in "])】］":
        text = text.replace(closing, "〕")
    return re.sub(r"\s+", "", text).lower()


@lru_cache(maxsize=1 << 16)
def zh_key(title: str) -> str:
    """A Chinese title reduced to what names the document."""
    text = unicodedata.normalize("NFKC", title).strip()
    inner = _TRANSMIT.match(re.sub(r"\s+", "", text))
    if inner:
        text = inner.group(1)
    text = _EDITION.sub("", text)
    return _DROP.sub("", text).lower()


@lru_cache(maxsize=1 << 16)
def en_key(title: str) -> str:
    """An English title in lower case without quotes, brackets, extra spaces, draft marker or edition year."""
    text = _EDITION_YEAR.sub("", unicodedata.normalize("NFKC", title)).lower()
    text = re.sub(r"[\"'“”‘’()（）\[\]]", "", text)
    return re.sub(r"\s+", " ", re.sub(r"\bdraft for (?:public )?comments?\b|\bdraft\b", "", text)).strip()


def edition(*titles: str | None) -> str | None:
    """The edition year a title states ("(2021 Edition)", "（2024年版）", "(2021年本)"), else None.

    >>> edition("Lithium-ion Battery Industry Standard Conditions (2024 Edition)")
    '2024'
    >>> edition(None, "锂离子电池行业规范条件（2021年本）（征求意见稿）")
    '2021'
    >>> edition("Action Plan (2021-2025)") is None
    True
    """
    for title in titles:
        found = _EDITION_YEAR.search(unicodedata.normalize("NFKC", title or ""))
        if found:
            return found.group(1) or found.group(2)
    return None


def work_keys(title_zh: str | None, title_en: str | None) -> frozenset[str]:
    """What names the work a report is about, whatever its version: its Chinese title key (prefixed ``zh:``)
    and its English one (``en:``), each where given. A document number names one version, not a work."""
    keys = set()
    if title_zh and zh_key(title_zh):
        keys.add("zh:" + zh_key(title_zh))
    if title_en and en_key(title_en):
        keys.add("en:" + en_key(title_en))
    return frozenset(keys)


def month_keys(issuers: list[str], date: dt.date | None, days: int = 0) -> list[str]:
    """The ``issuer yyyy-mm`` keys of each issuer and each month within ``days`` of ``date``: a policy is stored
    with the keys of its own month, and a report looks up those of its window, so that a fuzzy English title is
    compared only with policies of an issuer in common dated near it, found in the index.

    >>> month_keys(["miit", "samr"], dt.date(2022, 11, 18))
    ['miit 2022-11', 'samr 2022-11']
    >>> month_keys(["miit"], dt.date(2022, 11, 18), days=45)
    ['miit 2022-10', 'miit 2022-11', 'miit 2022-12', 'miit 2023-01']
    """
    if date is None:
        return []
    return [f"{issuer} {month}" for issuer in issuers for month in _months(date, days)]


@lru_cache(maxsize=1 << 12)
def _months(date: dt.date, days: int) -> list[str]:
    """The ``yyyy-mm`` of each month with a day within ``days`` of ``date``, in order."""
    first, last = date - dt.timedelta(days=days), date + dt.timedelta(days=days)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class Report:
    """What one digest says that identifies a policy."""

    doc_number: str | None
    title_zh: str | None
    title_en: str | None
    issuers: frozenset[str]
    date: dt.date | None
    draft: bool = False
    edition: str | None = None
    works: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    """Why two reports are taken to be about one policy: the key that matched and how similar it was (0-1)."""

    key: str  # "document-number" | "chinese-title" | "english-title" | "fuzzy-english-title"
    similarity: float


def match(a: Report, b: Report) -> Match | None:
    """The strongest key on which ``a`` and ``b`` name the same policy, or None (also for two versions of one
    work: a draft and its final text, or two editions)."""
    if a.draft != b.draft or (a.edition and b.edition and a.edition != b.edition):
        return None
    if a.doc_number and b.doc_number:
        return Match("document-number", 1.0) if doc_key(a.doc_number) == doc_key(b.doc_number) else None
    if a.title_zh and b.title_zh:
        return _zh_match(zh_key(a.title_zh), zh_key(b.title_zh))
    if a.title_en and b.title_en:
        return _en_match(a, b, en_key(a.title_en), en_key(b.title_en))
    return None


def _en_match(a: Report, b: Report, x: str, y: str) -> Match | None:
    """Two reports by their English titles ``x`` and ``y`` (keys): the same title, issuers and date; or a
    similar title with an issuer in common and dates within the window."""
    same_issuers = a.issuers == b.issuers or not (a.issuers and b.issuers)
    if x == y and same_issuers and a.date == b.date:
        return Match("english-title", 1.0)
    if not (a.issuers & b.issuers) or not _near(a.date, b.date):
        return None
    score = fuzz.token_set_ratio(x, y)
    if score >= FUZZY_TITLE:
        return Match("fuzzy-english-title", round(score / 100, 3))
    return Match("candidate", round(score / 100, 3)) if score >= CANDIDATE_TITLE else None


def _near(a: dt.date | None, b: dt.date | None) -> bool:
    """Whether two dates are both given and at most :data:`DATE_WINDOW` days apart."""
    return a is not None and b is not None and abs((a - b).days) <= DATE_WINDOW


def may_match(a: Report, b: Report) -> bool:
    """Whether ``a`` and ``b`` could name one policy, judged from their titles and document numbers alone: True
    wherever :func:`match` finds a key (whatever the dates, issuers, status and editions), so that the stored
    policies this is False for need not be read in full.

    >>> notice = Report(None, None, "Notice on the Lithium Battery Supply Chain", frozenset(), None)
    >>> may_match(notice, Report(None, None, "Notice on Lithium-Battery Supply Chains", frozenset(), None))
    True
    >>> may_match(notice, Report(None, None, "Hydrogen Industry Plan", frozenset(), None))
    False
    """
    if a.doc_number and b.doc_number:
        return doc_key(a.doc_number) == doc_key(b.doc_number)
    if a.title_zh and b.title_zh:
        return _zh_match(zh_key(a.title_zh), zh_key(b.title_zh)) is not None
    if not (a.title_en and b.title_en):
        return False
    x, y = en_key(a.title_en), en_key(b.title_en)
    return x == y or fuzz.token_set_ratio(x, y, score_cutoff=CANDIDATE_TITLE) >= CANDIDATE_TITLE


def could_match(reports: Iterable[Report], stored: Mapping[K, Iterable[Report]]) -> set[K]:
    """The keys of ``stored`` with a report that :func:`may_match` one of ``reports``: the answer of every pair
    compared one by one, with the titles of each kind compared all at once (rapidfuzz's ``cdist``).

    >>> notice = Report(None, None, "Notice on the Lithium Battery Supply Chain", frozenset(), None)
    >>> could_match([notice], {"a": [Report(None, None, "Notice on Lithium-Battery Supply Chains", frozenset(), None)],
    ...                        "b": [Report(None, None, "Hydrogen Industry Plan", frozenset(), None)]})
    {'a'}
    """
    ours: dict[tuple[bool, bool, bool], list[Report]] = defaultdict(list)
    theirs: dict[tuple[bool, bool, bool], list[tuple[K, Report]]] = defaultdict(list)
    for report in reports:
        ours[_given(report)].append(report)
    for key, found in stored.items():
        for report in found:
            theirs[_given(report)].append((key, report))
    matched: set[K] = set()
    for a, mine in ours.items():
        for b, others in theirs.items():
            compare = _COMPARE.get(_branch(a, b))
            if compare is not None:
                matched |= compare(mine, others)
    return matched


def _given(r: Report) -> tuple[bool, bool, bool]:
    """Which of document number, Chinese title and English title a report gives."""
    return bool(r.doc_number), bool(r.title_zh), bool(r.title_en)


def _branch(a: tuple[bool, bool, bool], b: tuple[bool, bool, bool]) -> str:
    """The key :func:`may_match` decides on for reports giving ``a`` and ``b`` (see :func:`_given`)."""
    return next((kind for kind, x, y in zip(("doc", "zh", "en"), a, b, strict=True) if x and y), "")


def _doc_pairs(mine: list[Report], others: list[tuple[K, Report]]) -> set[K]:
    keys = {doc_key(r.doc_number or "") for r in mine}
    return {key for key, r in others if doc_key(r.doc_number or "") in keys}


def _zh_pairs(mine: list[Report], others: list[tuple[K, Report]]) -> set[K]:
    xs = sorted({zh_key(r.title_zh or "") for r in mine})
    ys = sorted({zh_key(r.title_zh or "") for _, r in others})
    close = process.cdist(xs, ys, scorer=Levenshtein.distance, score_cutoff=1)
    hits = {ys[j] for i, j in zip(*(close <= 1).nonzero(), strict=True) if min(len(xs[i]), len(ys[j])) >= 6}
    hits |= (set(xs) & set(ys)) | _prefixes(xs, ys)
    return {key for key, r in others if zh_key(r.title_zh or "") in hits}


def _prefixes(xs: list[str], ys: list[str]) -> set[str]:
    """The ``ys`` that start with an ``x`` or that an ``x`` starts with, the shorter at least ``MIN_PREFIX`` long."""
    shown = set(ys)
    found = {x[:n] for x in xs for n in range(MIN_PREFIX, len(x) + 1) if x[:n] in shown}
    for x in (x for x in xs if len(x) >= MIN_PREFIX):
        at = bisect.bisect_left(ys, x)
        while at < len(ys) and ys[at].startswith(x):
            found.add(ys[at])
            at += 1
    return found


def _en_pairs(mine: list[Report], others: list[tuple[K, Report]]) -> set[K]:
    xs = sorted({en_key(r.title_en or "") for r in mine})
    ys = sorted({en_key(r.title_en or "") for _, r in others})
    similar = process.cdist(xs, ys, scorer=fuzz.token_set_ratio, score_cutoff=CANDIDATE_TITLE)
    hits = {ys[j] for j in similar.nonzero()[1]} | (set(xs) & set(ys))
    return {key for key, r in others if en_key(r.title_en or "") in hits}


_COMPARE: dict[str, Callable[[list[Report], list[tuple[K, Report]]], set[K]]] = {
    "doc": _doc_pairs, "zh": _zh_pairs, "en": _en_pairs}


def lineage(a: Report, b: Report) -> str | None:
    """How two versions of one work relate, read from ``a``'s side: "draft-of" (``a`` is the draft for comment
    of ``b``), "replaces" (``a`` is a later edition than ``b``), or None."""
    if a.edition and b.edition and a.edition != b.edition:
        return "replaces" if a.edition > b.edition else None
    if a.draft and not b.draft:
        return "draft-of"
    return None


def _zh_match(x: str, y: str) -> Match | None:
    if x == y:
        return Match("chinese-title", 1.0)
    short, long = sorted((x, y), key=len)
    if len(short) >= MIN_PREFIX and long.startswith(short):
        return Match("chinese-title", round(len(short) / len(long), 3))
    if min(len(x), len(y)) >= 6 and Levenshtein.distance(x, y) <= 1:
        return Match("chinese-title", round(Levenshtein.normalized_similarity(x, y), 3))
    return None
