"""The "news-updates" layout: several dated policy news items to a digest, each a heading and a paragraph.

Monthly "China policy news" columns, law firms' regulatory updates, policy tickers and standards-news lists all
write the same way: items ("On 26 August, the CAC released draft measures for ...") grouped under month headings
("August 2024") or topic headings ("Data and cybersecurity"). An item's heading may be the document's title, a
news phrase ("MIIT and SAC publish guidelines ... (26 August)") or missing; an "Issuing agency:" or bare agency
line may follow it. Each item that reports a policy document becomes a PolicyEntry (rank = order of appearance),
every other item a NewsItem.

A day and month without a year take the year of the month heading, else of the digest's date (a December item
in a January digest is from the year before). Crawl, "posted" and "updated" stamps are never dates of anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import resolve
from ..dates import MONTHS, BadDate, date_in_year, find_period
from ..doctypes import document_type
from ..errors import DigestSyntaxError
from ..extract.docnumbers import find_doc_numbers
from ..extract.issuers import agencies_named, issuer_field, issuers_in_text
from ..extract.sectors import tag_sectors
from ..extract.status import is_draft
from ..model import Digest, NewsItem, PolicyEntry, Problem, Ref, Span, Target
from ..targets import lead_in_years, read_targets
from .base import CJK, Document, Line, join

NAME = "news-updates"

# --------------------------------------------------------------------------- dates

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON})\b\.?(?:,?\s+(?P<y1>{_YEAR})\b)?"
    rf"|\b(?P<m2>{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:percent|%|per\b))(?:,?\s+(?P<y2>{_YEAR})\b)?"
    rf"|\b(?P<y3>{_YEAR})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})\b"
    rf"|\b(?P<d4>\d{{1,2}})/(?P<m4>\d{{1,2}})/(?P<y4>{_YEAR})\b"
    rf"|(?P<y5>{_YEAR})\s*年\s*(?P<m5>\d{{1,2}})\s*月\s*(?P<d5>\d{{1,2}})\s*日",
    re.I,
)
EFFECT_BEFORE = re.compile(
    r"(?:\b(?:effect|force|effective|implemented|implementation|enforced?|apply|applies|applicable|valid)\b"
    r"[\w\s]{0,12}?[:：]?|(?:^|[.;]\s*)from)\s*(?:on|from|as\s+of|since|starting)?\s*$",
    re.I,
)
DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|before|by|through|deadline(?:\s+is)?|due|end(?:s|ing)?|clos(?:es|ing)|expires?|"
    r"no\s+later\s+than|run\s+until)\s*(?:on\s+)?$",
    re.I,
)
STAMP_BEFORE = re.compile(
    r"\b(?:posted|updated|modified|retrieved|accessed|crawled|captured|fetched|archived|printed|saved|scraped)"
    r"\s*(?:on|at)?\s*[:：]?\s*$",
    re.I,
)
MONTH_HEADING = re.compile(
    rf"^(?P<m>{_MON})\.?(?:\s*(?:&|and|-|–|/)\s*(?P<m2>{_MON})\.?)?,?\s+(?P<y>{_YEAR})(?:\s+issue)?$", re.I
)


@dataclass(frozen=True)
class DateHit:
    """A date written in a text: its span, and a year only where the text gives one."""

    start: int
    end: int
    month: int
    day: int
    year: int | None


def date_hits(text: str) -> list[DateHit]:
    """Every date in ``text`` ("26 August", "Aug. 26, 2024", "2024-08-26", "26/08/2024", "2024年8月26日")."""
    hits = []
    for m in DATE.finditer(text):
        n = next(i for i in range(1, 6) if m[f"d{i}"])
        month = m[f"m{n}"]
        year = m[f"y{n}"]
        number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        hits.append(DateHit(m.start(), m.end(), number, int(m[f"d{n}"]), int(year) if year else None))
    return hits


def _before(text: str, hit: DateHit) -> str:
    return text[max(0, hit.start - 50): hit.start]


def is_effect(text: str, hit: DateHit) -> bool:
    """The date says when something takes effect ("comes into force on 1 January 2025")."""
    return bool(EFFECT_BEFORE.search(_before(text, hit)))


def is_other(text: str, hit: DateHit) -> bool:
    """The date is a deadline or a page stamp, not the date a document was issued."""
    before = _before(text, hit)
    return bool(DEADLINE_BEFORE.search(before) or STAMP_BEFORE.search(before) or EFFECT_BEFORE.search(before))


@dataclass(frozen=True)
class YearRef:
    """What gives a year to a day and month: a month heading's year and month, or the digest's date."""

    year: int | None
    month: int | None = None
    strict: bool = False  # a digest date: any later month is of the year before


def place(hit: DateHit, ref: YearRef) -> dt.date | None:
    """The date of ``hit``, its year taken from ``ref`` where the text gives none; raises BadDate."""
    year = hit.year
    if year is None:
        if ref.year is None:
            return None
        year = ref.year
        if ref.month and (hit.month > ref.month if ref.strict else hit.month - ref.month > 6):
            year -= 1
    return date_in_year(hit.month, hit.day, year)


# --------------------------------------------------------------------------- lines

JUNK = re.compile(
    r"^(?:read (?:the |more|full|our|this)|details\s*>>|click here|please click|for (?:the )?(?:full text|official|"
    r"standards list|more)|follow the links|links? (?:in|below|to)|see (?:the )?(?:full|original)|https?://|share\b|"
    r"print\b|back to top|tags?\s*:|download\b|go back|top$|home$|menu$|search$|email\b)",
    re.I,
)
JUNK_ANYWHERE = re.compile(r"\b(?:subscribe|unsubscribe|cookies?|contact us|sign up|log ?in|all rights reserved)\b",
                           re.I)
STOP = re.compile(
    r"^(?:related (?:articles|posts|content|news|publications|insights|reading)|more (?:news|insights|articles)|"
    r"about (?:us|the authors?)|authors?|key contacts?|contacts?|disclaimer|©|copyright|footnotes?|references|"
    r"share this|you may also like|recommended)\b",
    re.I,
)
SKIP_ZONE = re.compile(
    r"^(?:key\s+)?(?:highlights|takeaways|summary|overview|in (?:brief|short)|at a glance|(?:table of )?contents|"
    r"in this issue|our views?)\s*:?$",
    re.I,
)
INTRO = re.compile(r"^(?:this|our|the following|in this|welcome|here (?:is|are))\b[^.]*\b(?:newsletter|column|"
                   r"update|issue|digest|briefing|edition|page|ticker|round-?up|summar)", re.I)
NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+", re.I)
LABEL = re.compile(
    r"^(?P<label>issuing (?:agency|agencies|body|bodies|authority|department)|issued by|issuer|source|agency|"
    r"authority|department|promulgated by|released by|date(?: of (?:issue|release|promulgation))?|release date|"
    r"issue date|promulgation date|published|effective(?: date)?|implementation date|(?:document|doc\.?) (?:number|no\.?)"
    r"|status)\s*[:：]\s*(?P<rest>.+)$",
    re.I,
)
ISSUER_LABELS = re.compile(r"^(?:issu|source|agency|authority|department|promulgated|released)", re.I)
DATE_LEAD = re.compile(
    rf"^\s*(?:\(?(?:on|as of)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MON})\b|(?:{_MON})\.?\s+\d{{1,2}}\b"
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/{_YEAR}|{_YEAR}\s*年)",
    re.I,
)
DATE_TAIL = re.compile(rf"\s*[(（]\s*(?:\d{{1,2}}\s+(?:{_MON})|(?:{_MON})\.?\s+\d{{1,2}})[^()（）]{{0,12}}[)）]\s*$", re.I)


def is_junk(ln: Line) -> bool:
    """A link, share button, sign-up line or other page furniture."""
    text = ln.text
    short = len(text) < 80
    return bool(JUNK.match(text) or (short and re.search(r"(?:>|>>|»|›)\s*$", text))
                or (JUNK_ANYWHERE.search(text) and len(text) < 300) or INTRO.match(text))


def is_heading(ln: Line) -> bool:
    """A short line that does not end a sentence: a title, a news headline or a section heading."""
    text = NUMBERING.sub("", ln.text)
    return (not ln.bullet and 0 < len(text) <= 180 and len(text.split()) <= 28
            and not re.search(r"[.!?。；;:：,]$", text) and not text[:1].islower())


def dateline(ln: Line) -> tuple[str, DateHit] | None:
    """A line that is only a date, maybe labelled ("Published: 10 October 2024", "2024-06-05 | All chapters")."""
    hits = date_hits(ln.text)
    if len(hits) != 1 or hits[0].year is None:
        return None
    hit = hits[0]
    prefix, rest = ln.text[:hit.start], ln.text[hit.end:]
    if not re.fullmatch(r"(?:[A-Za-z][A-Za-z ]{0,24}[:：]?\s*)?", prefix) or len(prefix) + len(rest) > 40:
        return None
    if rest and not re.match(r"\s*(?:[|>•·,–-]|\d{1,2}:\d\d|$)", rest):
        return None
    return prefix.strip(" :：").lower(), hit


def is_stamp(label: str) -> bool:
    """A crawl or page-maintenance stamp rather than the date a digest was published."""
    return bool(re.search(r"updated|modified|crawl|retriev|access|captur|fetch|archiv|print|sav|scrap|posted", label))


# --------------------------------------------------------------------------- items


@dataclass
class Item:
    """The lines of one news item, as the segmenter gathers them."""

    heading: Line | None
    section: str | None
    year: YearRef
    dateline: DateHit | None = None
    agency_lines: list[Line] = field(default_factory=list)
    labels: list[tuple[str, str, Line]] = field(default_factory=list)
    text: list[Line] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        """Every line of the item, in order."""
        head = [self.heading] if self.heading else []
        return sorted(head + self.agency_lines + [ln for _, _, ln in self.labels] + self.text, key=lambda ln: ln.no)


@dataclass
class Segmenter:
    """Walks a digest's lines and cuts them into items under month and topic headings."""

    digest_year: YearRef
    item_datelines: bool
    items: list[Item] = field(default_factory=list)
    current: Item | None = None
    section: str | None = None
    year: YearRef | None = None
    pending_date: DateHit | None = None
    skipping: bool = False

    def run(self, lines: list[Line]) -> list[Item]:
        """The items of ``lines`` (the digest's body, after its header)."""
        for ln in lines:
            if STOP.match(ln.text) and len(ln.text) < 60 and self.items + ([self.current] if self.current else []):
                break
            if not is_junk(ln):
                self.take(ln)
        self.flush()
        return self.items

    def take(self, ln: Line) -> None:
        """One line: a month heading, a skipped summary, a label, a date line, a heading or text."""
        month = MONTH_HEADING.match(ln.text)
        if month:
            self.flush()
            last = month["m2"] or month["m"]
            self.year = YearRef(int(month["y"]), MONTHS[last.lower().rstrip(".")])
            self.section = ln.text
            self.skipping = False
        elif SKIP_ZONE.match(ln.text):
            self.flush()
            self.skipping = True
        elif self.skipping and not (is_heading(ln) or DATE_LEAD.match(ln.text)):
            return
        else:
            self.skipping = False
            self.take_content(ln)

    def take_content(self, ln: Line) -> None:
        """A line of an item, or the start of a new one."""
        label = LABEL.match(ln.text)
        stamp = dateline(ln)
        if label and self.current:
            self.current.labels.append((label["label"].lower(), label["rest"].strip(), ln))
        elif stamp and self.item_datelines and not is_stamp(stamp[0]):
            self.flush()
            self.pending_date = stamp[1]
        elif stamp:
            return
        elif is_heading(ln) and not DATE_LEAD.match(ln.text):
            self.take_heading(ln)
        else:
            self.take_text(ln)

    def take_heading(self, ln: Line) -> None:
        cur = self.current
        if cur and cur.heading and not cur.text and not cur.labels:
            if not cur.agency_lines and is_agency_line(ln.text):
                cur.agency_lines.append(ln)
                return
            if not cur.agency_lines and not looks_like_item(cur.heading.text):
                self.section, cur.heading = cur.heading.text, ln
                return
        elif cur and cur.heading and not cur.text and not cur.agency_lines and is_agency_line(ln.text):
            cur.agency_lines.append(ln)
            return
        self.start(ln)

    def take_text(self, ln: Line) -> None:
        cur = self.current
        lead = bool(DATE_LEAD.match(ln.text))
        if cur and cur.heading and not cur.text and lead and not cur.agency_lines and not cur.labels \
                and not looks_like_item(cur.heading.text):
            self.section = cur.heading.text
            cur.heading = None
        elif cur is None or (cur.text and (lead or (ln.bullet and _starts_bullet_item(cur, ln)))):
            if cur is None and not (lead or (ln.bullet and RELEASE_VERB.search(ln.text))) and self.section is None:
                return  # an introduction before the first item
            self.start(None)
        assert self.current is not None
        self.current.text.append(ln)

    def start(self, heading: Line | None) -> None:
        self.flush()
        self.current = Item(heading, self.section, self.year or self.digest_year, self.pending_date)
        self.pending_date = None

    def flush(self) -> None:
        if self.current and (self.current.text or self.current.labels or looks_like_item(
                self.current.heading.text if self.current.heading else "")):
            self.items.append(self.current)
        self.current = None


def _starts_bullet_item(cur: Item, ln: Line) -> bool:
    """A bullet opens a new item in a list of bulleted items, not in a list inside one item."""
    return cur.heading is None and not cur.text[-1].text.endswith(":") and bool(RELEASE_VERB.search(ln.text))


def is_agency_line(text: str) -> bool:
    """A line that only names issuing bodies ("Ministry of Commerce – MOFCOM", "NDRC, MOFCOM")."""
    if RELEASE_VERB.search(text) or len(text) > 200:
        return False
    rest = text
    for ref in sorted(agencies_named(text), key=lambda r: -len(r.surface)):
        rest = rest.replace(ref.surface, "")
    rest = re.sub(r"[\s,;、&()（）–—-]+|\b(?:and|the|of|jointly)\b", "", rest, flags=re.I)
    return len(rest) <= 0.35 * len(text) and rest != text.replace(" ", "")


def looks_like_item(text: str) -> bool:
    """A heading that reports something (a date, a release verb, a document title), not a topic heading."""
    return bool(text) and bool(DATE_TAIL.search(text) or DATE_LEAD.match(NUMBERING.sub("", text))
                               or RELEASE_VERB.search(text) or DOC_WORD.search(text) or NUMBERING.match(text))


# --------------------------------------------------------------------------- titles

RELEASE_VERB = re.compile(
    r"\b(?:jointly\s+)?(?:releas(?:e|es|ed|ing)|issu(?:e|es|ed|ing)|publish(?:es|ed|ing)?|publici[sz]ed|"
    r"unveil(?:s|ed)?|announc(?:e|es|ed)|promulgat(?:e|es|ed)|adopt(?:s|ed)|approv(?:e|es|ed)|pass(?:es|ed)|"
    r"launch(?:es|ed)?|introduc(?:e|es|ed)|circulat(?:e|es|ed)|finali[sz](?:e|es|ed)|revis(?:e|es|ed)|"
    r"amend(?:s|ed)|solicit(?:s|ed|ing)?|seek(?:s|ing)?|sought|invit(?:e|es|ed)|roll(?:s|ed)\s+out|"
    r"put(?:s)?\s+(?:out|forward)|drafted|formulat(?:e|es|ed)|opened\s+(?:a\s+)?"
    r"(?:public\s+)?consultation\s+(?:for|on))\b",
    re.I,
)
DOC_WORD = re.compile(
    r"\b(?:Laws?|Regulations?|Rules|Measures|Provisions|Notice|Notification|Circular|Opinions?|Guidelines?|Guidance|"
    r"Guide|Plans?|Programmes?|Programs?|Schemes?|Outline|Catalogue|Catalog|List|Standards?|Specifications?|"
    r"Decisions?|Announcement|Interpretations?|Methods|Directory|Polic(?:y|ies)|Strategy|Roadmap|Framework|"
    r"Requirements|Code|Procedures|Initiative|White Paper|Decree|Amendments?|Reply|Letter|Stipulations|Criteria|"
    r"Directives?|Action Plan)\b"
)
LOWER_DOC = re.compile(
    r"\b(?:plan|notice|circular|guidelines?|guiding opinions|opinions|measures|rules|regulations?|law|provisions|"
    r"decision|scheme|programme|program|catalogue|implementation rules|announcement|interim measures)\b",
    re.I,
)
SMALL_WORDS = {"of", "for", "on", "and", "the", "in", "to", "with", "by", "from", "at", "a", "an", "under", "into",
               "its", "or", "via", "against", "between", "as", "about", "regarding", "concerning", "towards",
               "toward", "upon", "over", "through", "&", "-", "–", "—", "than", "more", "new"}
_TOKEN = re.compile(r"\((?!the\b|hereinafter|“|\"|‘|')[^()]{1,60}\)|[“\"][^”\"]{1,80}[”\"]|[^\s()“”\"]+")
OBJECT_LEAD = re.compile(
    r"^(?:[\s,]*(?:the|a|an|its|their|jointly|new|revised|final|updated|draft|amended|public|opinions?|comments?|"
    r"feedback|views|on|for|of|version|versions|text|to|and|has|have|been|with|in|conjunction|also)\b)*[\s,]*"
)
QUOTED = re.compile(r"[“\"]([^”\"]{8,200})[”\"]|《([^》]{2,120})》")
ZH_PAREN = re.compile(rf"[(（]\s*([{CJK}][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]")
ZH_TITLE_END = re.compile(r"(?:法|条例|办法|规定|规则|通知|意见|方案|规划|计划|指南|目录|清单|标准|决定|公告|细则|措施|纲要|"
                          r"稿|版|令|\)|）)$")


def title_run(text: str) -> str | None:
    """The title-cased document name that opens ``text`` ("Guidelines for the ... (2024 Edition)"), or None."""
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if words and text[m.start() - 1: m.start()] not in (" ", "-"):
            break
        core = token.strip(",;:.")
        if token.startswith("(") or token.startswith(("“", '"')) or core[:1].isupper() or core[:1].isdigit() \
                or (words and core.lower() in SMALL_WORDS):
            words.append(core)
            if core != token and not token.startswith("("):
                break
        else:
            break
    while words and (words[-1].lower() in SMALL_WORDS or words[-1].startswith("(the")):
        words.pop()
    run = " ".join(words)
    if run.startswith("The "):
        run = run[4:]
    return run if DOC_WORD.search(run) and len(run.split()) >= 2 else None


def title_after_verb(text: str) -> str | None:
    """The document name that follows a release verb in ``text`` ("issued the Measures for ...")."""
    for verb in RELEASE_VERB.finditer(text):
        rest = text[verb.end():]
        lead = OBJECT_LEAD.match(rest)
        start = lead.end() if lead else 0
        run = title_run(rest[start:])
        if run:
            return run
    return None


def heading_title(heading: str) -> str | None:
    """The heading itself when it is a document's title, else the title a news-phrase heading names."""
    quoted = _quoted_title(heading)
    if quoted:
        return quoted
    if RELEASE_VERB.search(heading) or re.search(r"\b(?:takes?|comes?|goes?)\s+(?:into\s+)?(?:effect|force)\b",
                                                 heading, re.I):
        return title_after_verb(heading)
    words = re.findall(r"[A-Za-z][\w'-]{3,}", heading)
    capital = sum(w[0].isupper() for w in words)
    if DOC_WORD.search(heading) and words and capital >= 0.6 * len(words):
        return heading
    return None


def _quoted_title(text: str, min_words: int = 2) -> str | None:
    """A quoted document name, never a defined short form ("(the “AI Measures”)")."""
    for m in QUOTED.finditer(text):
        inner = (m.group(1) or "").strip()
        defined = re.search(r"[(（]\s*(?:the\s+|hereinafter[^“\"]*)?$", text[:m.start()], re.I)
        if inner and not defined and DOC_WORD.search(inner) and inner[:1].isupper() and len(inner.split()) >= min_words:
            return inner
    return None


def zh_title(text: str) -> str | None:
    """The Chinese title an item gives: 《...》 or a Chinese name in brackets after the English one."""
    book = re.search(r"《([^》]{2,120})》", text)
    if book:
        return book.group(1).strip()
    for m in ZH_PAREN.finditer(text):
        inner = re.sub(r"\s+", "", m.group(1))
        if len(re.findall(f"[{CJK}]", inner)) >= 4 and ZH_TITLE_END.search(inner):
            return inner
    return None


def strip_zh(text: str) -> str:
    """``text`` without Chinese titles in brackets."""
    return re.sub(r"\s{2,}", " ", re.sub(r"《[^》]*》", "", ZH_PAREN.sub("", text))).strip()
