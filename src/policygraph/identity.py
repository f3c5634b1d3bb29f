"""Which policy a report is about: identity keys, strongest first, and how two reports are matched.

1. the document number (工信部联电子〔2022〕159号 = 工信部联电子[2022]159号);
2. the Chinese title, normalised: no brackets, quotes or spaces, no edition year or draft marker, and the
   inner title of a transmitting notice (关于印发《X》的通知 -> X); a title cut short or one character off
   still matches;
3. the English title, the issuers and the date;
4. an English title at least ``FUZZY_TITLE`` similar, with an issuer in common and dates within ``DATE_WINDOW``
   days; the similarity is recorded with the match.

>>> zh_key("工业和信息化部关于印发《“十四五”信息通信行业发展规划》的通知")
'十四五信息通信行业发展规划'
>>> zh_key("数据出境安全评估办法（征求意见稿）") == zh_key("数据出境安全评估办法")
True
>>> doc_key("工信部联电子[2022] 159号") == doc_key("工信部联电子〔2022〕159号")
True
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

#: least rapidfuzz token-set ratio (0-100) of two English titles that may name one policy
FUZZY_TITLE = 90.0
#: most days between the dates two reports give for one policy matched by a fuzzy English title
DATE_WINDOW = 45
#: fewest characters a Chinese title cut short must keep to match the whole title
MIN_PREFIX = 10

_TRANSMIT = re.compile(r"^.{0,40}?关于(?:印发|发布|公布|转发)(.+?)的(?:通知|公告|决定)$")
_EDITION = re.compile(r"[（(]\s*(?:19|20)\d\d\s*年?\s*(?:版|修订|修正|修订版)?\s*[）)]"
                      r"|[（(]?(?:征求意见稿|草案|试行|暂行)[）)]?")
_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()（）\[\]【】〔〕,，、.。:：;；·・—–-]+")


def doc_key(number: str) -> str:
    """A document number with one kind of bracket and no spaces."""
    text = unicodedata.normalize("NFKC", number)
    for opening in "[(【［":
        text = text.replace(opening, "〔")
    for closing in "])】］":
        text = text.replace(closing, "〕")
    return re.sub(r"\s+", "", text).lower()


def zh_key(title: str) -> str:
    """A Chinese title reduced to what names the document."""
    text = unicodedata.normalize("NFKC", title).strip()
    inner = _TRANSMIT.match(re.sub(r"\s+", "", text))
    if inner:
        text = inner.group(1)
    text = _EDITION.sub("", text)
    return _DROP.sub("", text).lower()


def en_key(title: str) -> str:
    """An English title in lower case without quotes, brackets and extra spaces."""
    text = unicodedata.normalize("NFKC", title).lower()
    text = re.sub(r"[\"'“”‘’()（）\[\]]", "", text)
    return re.sub(r"\s+", " ", re.sub(r"\(?\bdraft for comments?\)?|\bdraft\b", "", text)).strip()


@dataclass(frozen=True)
class Report:
    """What one digest says that identifies a policy."""

    doc_number: str | None
    title_zh: str | None
    title_en: str | None
    issuers: frozenset[str]
    date: dt.date | None


@dataclass(frozen=True)
class Match:
    """Why two reports are taken to be about one policy: the key that matched and how similar it was (0-1)."""

    key: str  # "document-number" | "chinese-title" | "english-title" | "fuzzy-english-title"
    similarity: float


def match(a: Report, b: Report) -> Match | None:
    """The strongest key on which ``a`` and ``b`` name the same policy, or None."""
    if a.doc_number and b.doc_number:
        return Match("document-number", 1.0) if doc_key(a.doc_number) == doc_key(b.doc_number) else None
    if a.title_zh and b.title_zh:
        return _zh_match(zh_key(a.title_zh), zh_key(b.title_zh))
    if not (a.title_en and b.title_en):
        return None
    same_issuers = a.issuers == b.issuers or not (a.issuers and b.issuers)
    if en_key(a.title_en) == en_key(b.title_en) and same_issuers and a.date == b.date:
        return Match("english-title", 1.0)
    if not (a.issuers & b.issuers) or not (a.date and b.date) or abs((a.date - b.date).days) > DATE_WINDOW:
        return None
    score = fuzz.token_set_ratio(en_key(a.title_en), en_key(b.title_en))
    return Match("fuzzy-english-title", round(score / 100, 3)) if score >= FUZZY_TITLE else None


def _zh_match(x: str, y: str) -> Match | None:
    if x == y:
        return Match("chinese-title", 1.0)
    short, long = sorted((x, y), key=len)
    if len(short) >= MIN_PREFIX and long.startswith(short):
        return Match("chinese-title", round(len(short) / len(long), 3))
    if min(len(x), len(y)) >= 6 and Levenshtein.distance(x, y) <= 1:
        return Match("chinese-title", round(Levenshtein.normalized_similarity(x, y), 3))
    return None
