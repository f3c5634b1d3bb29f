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
from dataclasses import dataclass, field, replace

from .. import resolve
from ..dates import MONTHS, BadDate, date_in_year, find_period
from ..doctypes import document_type
from ..errors import DigestSyntaxError
from ..extract.docnumbers import find_doc_numbers
from ..extract.issuers import agencies_named, issuer_field, issuer_prefix, issuers_in_text, unique
from ..extract.reported import with_report
from ..extract.sectors import tag_sectors
from ..extract.status import is_draft
from ..model import EXTRACTED_FORMS, Digest, NewsItem, PolicyEntry, Problem, Ref, Span, Target
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
    """Every date in ``text`` ("26 August", "Aug. 26, 2024", "2024-08-26", "26/08/2024", "2024年8月26日").

    >>> [(h.month, h.day, h.year) for h in date_hits("On 26th August, not 3 may; Aug. 3, 2024; 2024年9月1日")]
    [(8, 26, None), (8, 3, 2024), (9, 1, 2024)]
    """
    hits = []
    for m in DATE.finditer(text):
        n = next(i for i in range(1, 6) if m[f"d{i}"])
        month = m[f"m{n}"]
        if month[0].islower():
            continue  # "Article 5 may apply": a month's name is written with a capital
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
    """The date of ``hit``, its year taken from ``ref`` where the text gives none; raises BadDate.

    >>> place(date_hits("On 30 December")[0], YearRef(2025, 1, strict=True))  # a January digest
    datetime.date(2024, 12, 30)
    """
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
#: a tracker's line of issuer and month over an entry: "CAC | 12.2020", "State Council | 3.2021"
AGENCY_MONTH = re.compile(r"^(?P<who>[^|\d]{2,60}?)\s*\|\s*(?P<m>0?[1-9]|1[0-2])\.(?P<y>(?:19|20)\d\d)$")
#: a tracker's tag line: "Policy|Cybersecurity", "Policy | Environment"
TOPIC_TAG = re.compile(r"^[A-Z][A-Za-z&-]{1,20}\s*\|\s*[A-Z][A-Za-z&\s-]{1,30}$")
#: a site's menu bar: "App | 中文 |", "Home | News | About"
MENU = re.compile(r"^(?:[^|]{0,20}\|){2,}[^|]{0,20}$")
#: a reference to a source, not an item: 'Jane Doe (May 7, 2020). "Title." Chemical Watch'
CITATION = re.compile(r"^[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}\s*\((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+)?"
                      r"(?:19|20)\d\d\)\.?\s*[“\"‘]")
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
    r"issue date|promulgation date|published|effective(?: date)?|implementation date|"
    r"(?:document|doc\.?) (?:number|no\.?)|status)\s*[:：]\s*(?P<rest>.+)$",
    re.I,
)
ISSUER_LABELS = re.compile(r"^(?:issu|source|agency|authority|department|promulgated|released)", re.I)
TRAILING_LINK = re.compile(r"(?<=[.!?)。])\s*(?:read (?:the )?(?:full|more|list|original)[^.>]{0,40}|details|more|"
                           r"full text|link)\s*(?:>|>>|»|›)?\s*$", re.I)
DATE_LEAD = re.compile(
    rf"^\s*(?:\(?(?:on|as of)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MON})\b|(?:{_MON})\.?\s+\d{{1,2}}\b"
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/{_YEAR}|{_YEAR}\s*年)",
    re.I,
)
DATE_TAIL = re.compile(
    rf"\s*[(（]\s*(?:\d{{1,2}}\s+(?:{_MON})|(?:{_MON})\.?\s+\d{{1,2}})[^()（）]{{0,12}}[)）]\s*$", re.I
)


def is_junk(ln: Line) -> bool:
    """A link, share button, sign-up line, page stamp or other page furniture."""
    text = ln.text
    short = len(text) < 80
    stamp = len(text) < 120 and any(STAMP_BEFORE.search(text[:h.start]) for h in date_hits(text))
    return bool(JUNK.match(text) or CITATION.match(text) or (short and re.search(r"(?:>|>>|»|›)\s*$", text)) or stamp
                or (JUNK_ANYWHERE.search(text) and len(text) < 300) or INTRO.match(text))


def without_link(ln: Line) -> Line:
    """The line without a trailing "Read the full text in Chinese >" or "Details>>"."""
    text = TRAILING_LINK.sub("", ln.text)
    return ln if text == ln.text or not text else Line(ln.no, text, ln.bullet, ln.links)


def is_heading(ln: Line) -> bool:
    """A short line that does not end a sentence: a title, a news headline or a section heading."""
    text = NUMBERING.sub("", ln.text)
    return (not ln.bullet and 0 < len(text) <= 180 and len(text.split()) <= 28
            and not re.search(r"[.!?。；;:：,…]$", text) and not text[:1].islower()
            and not re.search(r"[a-z]{2}[.!?]\s+[A-Z]|[.!?。]\s*[(（][^()（）]*[)）]$", text))


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
    return bool(re.search(r"updated|modified|review|crawl|retriev|access|captur|fetch|archiv|print|sav|scrap", label))


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
    pending_agency: Line | None = None
    skipping: bool = False

    def run(self, lines: list[Line]) -> list[Item]:
        """The items of ``lines`` (the digest's body, after its header)."""
        for ln in lines:
            if STOP.match(ln.text) and len(ln.text) < 60 and (self.items or self.current):
                break
            if not is_junk(ln):
                self.take(without_link(ln))
        self.flush()
        return self.items

    def take(self, ln: Line) -> None:
        """One line: a month heading, a skipped summary, a label, a date line, a heading or text."""
        month = MONTH_HEADING.match(ln.text)
        meta = AGENCY_MONTH.match(ln.text)
        if meta and agencies_named(meta["who"]):
            self.flush()  # "CAC | 12.2020" over a tracker's entry: its issuer and the month that dates it
            self.year = YearRef(int(meta["y"]), int(meta["m"]), strict=True)
            self.pending_agency = Line(ln.no, meta["who"], False)
        elif TOPIC_TAG.match(ln.text):
            return  # "Policy|Cybersecurity": a tracker's tag line, no item
        elif month:
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
        elif stamp and self.item_datelines and not stamp[0]:
            self.take_dateline(stamp[1])
        elif stamp:
            return
        elif self.current and self.current.heading and not self.current.text and _chinese_line(ln.text):
            self.current.text.append(ln)  # the Chinese title under an English headline belongs to its item
        elif is_heading(ln):
            self.take_heading(ln)
        else:
            self.take_text(ln)

    def take_dateline(self, hit: DateHit) -> None:
        """A date line dates the item whose heading it follows, else the item below it."""
        cur = self.current
        if cur and cur.heading and not cur.text:
            cur.dateline = hit
        else:
            self.flush()
            self.pending_date = hit

    def take_heading(self, ln: Line) -> None:
        """An agency line below an item's heading, a heading below a topic heading, or a new item's heading."""
        cur = self.current
        fresh = bool(cur and cur.heading and not cur.text and not cur.agency_lines)
        if fresh and not DATE_LEAD.match(ln.text) and (is_agency_line(ln.text) or is_agency_shaped(ln.text)):
            cur.agency_lines.append(ln)
        elif fresh and not cur.labels and not cur.dateline and not looks_like_item(cur.heading.text):
            self.section, cur.heading = cur.heading.text, ln
        else:
            self.start(ln)

    def take_text(self, ln: Line) -> None:
        """A paragraph: more of the current item, or the start of an item without a heading."""
        cur = self.current
        lead = bool(DATE_LEAD.match(ln.text))
        if cur and lead and _topic_heading(cur):
            self.section, cur.heading = cur.heading.text if cur.heading else None, None
        elif cur is None or _opens_item(cur, ln, lead):
            if cur is None and self.section is None and not (lead or (ln.bullet and RELEASE_VERB.search(ln.text))):
                return  # an introduction before the first item
            self.start(None)
        assert self.current is not None
        self.current.text.append(ln)

    def start(self, heading: Line | None) -> None:
        """Close the current item and open one under ``heading``."""
        self.flush()
        self.current = Item(heading, self.section, self.year or self.digest_year, self.pending_date)
        self.pending_date = None
        if self.pending_agency:
            self.current.agency_lines.append(self.pending_agency)
            self.pending_agency = None

    def flush(self) -> None:
        """Keep the current item if it has a body, labels, an agency line, a date or a heading that reports a
        release; a bare heading (a menu entry, the page's title) is no item."""
        cur = self.current
        head = cur.heading.text if cur and cur.heading else ""
        if cur and (cur.text or cur.labels or cur.agency_lines or cur.dateline or DATE_TAIL.search(head)
                    or DATE_LEAD.match(NUMBERING.sub("", head)) or RELEASE_VERB.search(head)):
            self.items.append(cur)
        self.current = None


def _topic_heading(cur: Item) -> bool:
    """The current item is only a topic heading ("Automotive") that a dated paragraph follows."""
    return bool(cur.heading and not cur.text and not cur.agency_lines and not cur.labels
                and not looks_like_item(cur.heading.text))


def _opens_item(cur: Item, ln: Line, lead: bool) -> bool:
    """A paragraph that starts a new item: dated, a bulleted release, another document, or after a dated heading."""
    only_title = cur.heading is not None and all(_chinese_line(t.text) for t in cur.text)
    if cur.text and not only_title and (lead or (ln.bullet and _starts_bullet_item(cur, ln))
                                        or reports_another(cur, ln)):
        return True
    return lead and bool(cur.heading and DATE_LEAD.match(cur.heading.text))


def reports_another(cur: Item, ln: Line) -> bool:
    """A paragraph that reports the release of another titled document than the item so far ("The State Council
    issued the Opinions on ...", where a page lost the heading between two items)."""
    if ln.bullet or len(ln.text) < 80:
        return False
    first = sentences(ln.text)[0]
    verb = RELEASE_VERB.search(first)
    if not verb or verb.start() > 120 or not agencies_named(first[:verb.start()]):
        return False
    title = title_after_verb(strip_zh(first))
    if not title:
        return False
    before = join([cur.heading.text if cur.heading else ""] + [x.text for x in cur.text])
    earlier = [found for s in sentences(before) if (found := title_after_verb(strip_zh(s)) or heading_title(s))]
    return bool(earlier) and title not in before and all(title[:30] != e[:30] for e in earlier)


def is_agency_shaped(text: str) -> bool:
    """A short line shaped like the name of a body the vocabulary may lack ("General Administration of Taxation")."""
    return (len(text.split()) <= 14 and not RELEASE_VERB.search(text) and not DOC_WORD.search(text)
            and bool(re.search(r"\b(?:Ministry|Commission|Administration|Bureau|Office|Council|Committee|Agency|"
                               r"Customs|Court|Procuratorate|Department)\b", text)))


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


def agency_prefix(heading: str) -> re.Match[str] | None:
    """The issuers that open a heading before a colon (see :func:`~policygraph.extract.issuers.issuer_prefix`)."""
    return issuer_prefix(NUMBERING.sub("", heading))


def _chinese_line(text: str) -> bool:
    """A line written mostly in Chinese (a Chinese title under an English headline)."""
    return len(re.findall(f"[{CJK}]", text)) >= 0.6 * len(text.replace(" ", "")) > 0


def looks_like_item(text: str) -> bool:
    """A heading that reports something (a date, a release verb, a document title), not a topic heading."""
    return bool(text) and bool(DATE_TAIL.search(text) or DATE_LEAD.match(NUMBERING.sub("", text))
                               or RELEASE_VERB.search(text) or names_document(NUMBERING.sub("", text)))


def names_document(text: str) -> bool:
    """Whether a heading names a document ("Data Security Regulations"), not a kind of news ("Laws and
    regulations", "Policy", "National standards")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if w.lower() not in SMALL_WORDS]
    specific = [w for w in words if not DOC_WORD.fullmatch(w.capitalize()) and w.lower() not in GENERIC_WORDS]
    return bool(DOC_WORD.search(text.title())) and len(words) >= 2 and bool(specific)


# --------------------------------------------------------------------------- titles

RELEASE_VERB = re.compile(
    r"\b(?:jointly\s+)?(?:(?<!press\s)(?<!news\s)releas(?:es|ed|ing)|issu(?:es|ed|ing)|publish(?:es|ed|ing)?|"
    r"(?<!press\s)(?<!news\s)(?<!this\s)(?<!the\s)(?<!an\s)(?<!latest\s)(?:release|issue)(?=\s+(?:the|a|an|new|"
    r"draft|its|their|[a-z]+s)\b)|publici[sz]ed|"
    r"unveil(?:s|ed)?|announc(?:e|es|ed|ing)|promulgat(?:e|es|ed)|adopt(?:s|ed)|approv(?:e|es|ed)|pass(?:es|ed)|"
    r"launch(?:es|ed)?|introduc(?:e|es|ed)|circulat(?:e|es|ed)|finali[sz](?:e|es|ed)|revis(?:e|es|ed)|"
    r"amend(?:s|ed)|solicit(?:s|ed|ing)?|seek(?:s|ing)?|sought|invit(?:e|es|ed)|roll(?:s|ed)\s+out|"
    r"notif(?:y|ies|ied)\s+(?:the\s+)?WTO\s+of|consult(?:s|ed|ing)?\s+on|"
    r"put(?:s)?\s+(?:out|forward)|drafted|formulat(?:e|es|ed)|calls?\s+for|called\s+for|opened\s+(?:a\s+)?"
    r"(?:public\s+)?consultation\s+(?:for|on))\b",
    re.I,
)
DOC_WORD = re.compile(
    r"\b(?:Laws?|Regulations?|Rules|Measures|Provisions|Notice|Notification|Circular|Opinions?|Guidelines?|Guidance|"
    r"Guide|Plans?|Programmes?|Programs?|Schemes?|Outline|Catalogue|Catalog|List|Standards?|Specifications?|"
    r"Decisions?|Announcement|Interpretations?|Methods|Directory|Polic(?:y|ies)|Strategy|Roadmap|Framework|"
    r"Requirements|Code|Procedures|Initiative|White Paper|Decree|Amendments?|Reply|Letter|Stipulations|Criteria|"
    r"Directives?|Action Plan|Key Points|Work Points|Draft for Comments?)\b"
)
LOWER_DOC = re.compile(
    r"\b(?:plan|notice|circular|guidelines?|guiding opinions|opinions|measures|rules|regulations?|law|provisions|"
    r"decision|scheme|programme|program|catalogue|implementation rules|announcement|interim measures)\b",
    re.I,
)
GENERIC_WORDS = {"news", "update", "updates", "development", "developments", "highlights", "national", "local",
                 "industry", "industrial", "other", "key", "latest", "recent", "china", "chinese", "policy", "policies",
                 "legislative", "regulatory", "enforcement", "new", "central", "government", "watch", "tracker"}
SMALL_WORDS = {"of", "for", "on", "and", "the", "in", "to", "with", "by", "from", "at", "a", "an", "under", "into",
               "its", "or", "via", "against", "between", "as", "about", "regarding", "concerning", "towards",
               "toward", "upon", "over", "through", "&", "-", "–", "—", "than", "more", "new"}
_TOKEN = re.compile(r"\((?!the\b|hereinafter|“|\"|‘|')[^()]{1,60}\)|[“\"][^”\"]{1,80}[”\"]|[^\s()“”\"]+")
OBJECT_LEAD = re.compile(
    r"^(?:[\s,]*(?:the|a|an|its|their|jointly|new|revised|final|updated|draft|amended|public|opinions?|comments?|"
    r"feedback|views|on|for|of|version|versions|text|to|and|has|have|been|with|in|conjunction|also|call|calls|"
    r"consultation|recommended|national|mandatory|industry|standards?|edition|batch|series|first|second|two|three|"
    r"its|which|is|are|was|were|titled|entitled|called|named)\b)*[\s,]*"
)  # lower case only: "solicited public opinions on the Rules", never "issued the Opinions on ..."
RUN_DATE = re.compile(rf"\s+(?:(?:on|dated)\s+(?:\d{{1,2}}\s+(?:{_MON})|(?:{_MON})\.?\s+\d)|in\s+(?:{_MON})\b).*$",
                      re.I)
STANDARD_CODE = re.compile(r"^GB(?:/[TZ])?(?:\s+[\d.]+(?:-\d{4})?)?\s+")
CONSULTS = re.compile(r"seek|sought|invit|solicit|consult|comment|feedback|opinion", re.I)
SEEKS_COMMENT = re.compile(r"\b(?:seek|invit|solicit|call|ask)\w*\s+(?:for\s+)?(?:public\s+)?(?:comments?|opinions?|"
                           r"feedback|views)\b|\bpublic consultation\b", re.I)
COMMENT_LEAD = re.compile(r"^(?:Public\s+)?(?:Comments?|Opinions?|Views|Feedback)\s+(?:on|for|to)\s+(?:the\s+)?")
QUOTED = re.compile(r"[“\"]([^”\"]{8,200})[”\"]|《([^》]{2,120})》")
ZH_PAREN = re.compile(rf"[(（]\s*([{CJK}][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]")
ZH_TITLE_END = re.compile(r"(?:法|条例|办法|规定|规则|通知|意见|方案|规划|计划|指南|目录|清单|标准|决定|公告|"
                          r"细则|措施|纲要|稿|版|令|\)|）)$")


def title_run(text: str, any_name: bool = False) -> str | None:
    """The title-cased document name that opens ``text`` ("Guidelines for the ... (2024 Edition)"), or None.

    A run counts when it names a type of document, opens with a standard's code ("GB/T Taxonomy of ..."), or,
    with ``any_name`` (after "seeks comments on"), when it is three words or more.
    """
    run = RUN_DATE.sub("", " ".join(_title_words(text)))
    if run.startswith("The "):
        run = run[4:]
    standard = STANDARD_CODE.match(run)
    if standard and len(run.split()) >= 3:
        return run[standard.end():].strip()
    if COUNTED.match(run):
        return None  # "Two Mandatory National Standards for ...": a count of documents, not a document's name
    if any_name and len(run.split()) >= 3:
        return run
    return run if DOC_WORD.search(run) and len(run.split()) >= 2 else None


def _title_words(text: str) -> list[str]:
    """The capitalised words (with the small words between them) that open ``text``, up to a document number
    in brackets or a word that closes a quote or a clause."""
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if words and text[m.start() - 1: m.start()] not in (" ", "-"):
            break
        core = token.strip(",;:.")
        if token.startswith("(") and re.search(r"\bNo\.|[〔\[]\d{4}[〕\]]|\d{4}\s*年|号", token):
            break  # "(Guo Ban Fa [2024] No. 1)" is the number, not part of the title
        if not (token.startswith(("(", "“", '"')) or core[:1].isupper() or core[:1].isdigit()
                or (words and core.lower() in SMALL_WORDS)):
            break
        words.append(core)
        if core != token and not token.startswith("("):
            break
    while words and (words[-1].lower() in SMALL_WORDS or words[-1].startswith("(the")):
        words.pop()
    return words


COUNTED = re.compile(r"^(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple|"
                     r"dozens?\s+of|batch(?:es)?\s+of)\s+(?:\w+\s+){0,4}?\w+s\b", re.I)


def title_after_verb(text: str) -> str | None:
    """The document name that follows a release verb in ``text`` ("issued the Measures for ...").

    >>> title_after_verb("On 14 September the CAC published the Measures for Labelling AI Content (Draft for "
    ...                  "Comment), which would require providers to label what they generate.")
    'Measures for Labelling AI Content (Draft for Comment)'
    """
    for verb in RELEASE_VERB.finditer(text):
        rest = text[verb.end():]
        lead = OBJECT_LEAD.match(rest)
        consults = bool(CONSULTS.search(verb.group(0) + (lead.group(0) if lead else "")))
        run = title_run(rest[lead.end() if lead else 0:], any_name=consults)
        if run and consults:
            return COMMENT_LEAD.sub("", run) or run
        if run:
            return run
    return None


def heading_title(heading: str) -> str | None:
    """The heading itself when it is a document's title, else the title a news-phrase heading names."""
    prefix = agency_prefix(heading)
    if prefix:
        rest = heading[prefix.end():].strip()
        bare = _agency_headed_title(rest)
        if bare:
            return bare  # "Ministry of Ecology and Environment: Hazardous Waste Transfer Management Measures"
        heading = rest
    found = _marked_title(heading)
    if found is not None:
        return found or None
    if RELEASE_VERB.search(heading) or re.search(r"\b(?:takes?|comes?|goes?)\s+(?:into\s+)?(?:effect|force)\b",
                                                 heading, re.I):
        return title_after_verb(heading) or _title_before_verb(heading)
    return _title_after_about(heading) or _title_cased_heading(heading)


def _agency_headed_title(rest: str) -> str | None:
    """After an "Agency:" prefix, the rest when it is a title itself (quotes removed), else None."""
    bare = re.sub(r"[“”\"]", "", rest).strip()
    opens_quote = re.match(r"^[“\"][^”\"]+[”\"]\s+(?:for|on|of|in)\b", rest)  # "“14th Five-Year Plan” for ..."
    if (opens_quote or not _quoted_title(rest)) and names_document(bare) and (bare[:1].isupper()
                                                                              or bare[:1].isdigit()):
        return bare
    return None


def _marked_title(heading: str) -> str | None:
    """A title the heading marks: in quotes (closed, or cut before the closing quote), or after a standard's
    code; "" for a standard's code alone; None when nothing marks one."""
    quoted = _quoted_title(heading)
    if quoted:
        return quoted
    unclosed = re.search(r"[“\"]([^”\"]{10,160})$", heading)  # a heading cut before its closing quote
    if unclosed and names_document(unclosed.group(1)) and unclosed.group(1)[:1].isupper():
        return unclosed.group(1).strip()
    code = STANDARD_CODE.match(heading)
    if code:
        return heading[code.end():].strip()  # "GB 38031-2025 Safety Requirements for ...": a standard
    return None


def _title_cased_heading(heading: str) -> str | None:
    """The heading when it reads as a title (mostly capitalised, names a document), never a news phrase
    ("MIIT calls for comments on ...") or an article's headline about the country."""
    subject = resolve.agencies().spans(heading)[:1]
    if subject and subject[0][0] == 0 and re.match(r"\s+(?:and\s+\S+\s+)?[a-z]", heading[subject[0][1]:]):
        return None  # "MIIT calls for comments on ...": a news phrase
    if COUNTRY_SUBJECT.match(heading):
        return None  # "China Blockchain Policies and Standardization": an article's headline, not a title
    words = re.findall(r"[A-Za-z][\w'-]{3,}", heading)
    capital = sum(w[0].isupper() for w in words)
    if DOC_WORD.search(heading) and words and capital >= 0.6 * len(words) and names_document(heading):
        return heading
    return None


#: a headline about the country: English titles of Chinese documents never open with "China" or "Beijing"
COUNTRY_SUBJECT = re.compile(r"^(?:China|China's|China’s|Chinese|Beijing|Beijing's|Beijing’s)\s")
ABOUT = re.compile(r"\b(?:on|regarding|concerning)\s+(?:the\s+)?(?=[A-Z])")
COMMENTS_LEAD = re.compile(r"^(?:submitted\s+)?(?:comments?|feedback|lobby\s+letter|advocacy\s+letter)\b", re.I)


def _title_after_about(heading: str) -> str | None:
    """The document a news-phrase heading is about: "Comments sent to MIIT on Catalogue of Widget Chemicals",
    "Energy group commented on the Notice of ...".

    >>> _title_after_about("Comments sent to MIIT on Catalogue of Widget Chemicals")
    'Catalogue of Widget Chemicals'
    >>> _title_after_about("Notice on Further Facilitating Foreign Exchange Settlement") is None
    True
    """
    for m in ABOUT.finditer(heading):
        before = heading[:m.start()]
        plain = [w for w in re.findall(r"[A-Za-z][\w'’-]*", before) if w.lower() not in SMALL_WORDS]
        news = COMMENTS_LEAD.match(before) or any(w[:1].islower() for w in plain)
        if not news or DOC_WORD.match(before):
            continue
        rest = heading[m.end():]
        lead = resolve.agencies().spans(rest)[:1]
        if lead and lead[0][0] == 0:
            rest = re.sub(r"^['’]s\s+", "", rest[lead[0][1]:].lstrip())  # "MIIT Administrative Measure ..."
        run = title_run(rest)
        if run and names_document(run):
            return run
    return None


def _title_before_verb(heading: str) -> str | None:
    """The title of a passive headline ("MIIT Legislation Work Plan (2018) released")."""
    verb = RELEASE_VERB.search(heading)
    if not verb or heading[verb.end():].strip(" .,"):
        return None
    return title_run(heading[:verb.start()].strip())


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
    nested = re.search(r"《([^《》]{2,60}《[^《》]{2,80}》[^《》\s]{0,40})(?:》|$|(?=\s+[A-Za-z]))", text)
    if nested and (text[nested.end() - 1:nested.end()] == "》" or ZH_TITLE_END.search(nested.group(1))):
        return nested.group(1).strip()  # 《关于《...》征求意见的通知》, its outer bracket closed or not
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


# --------------------------------------------------------------------------- reading one item

ABBREVIATIONS = {"no", "nos", "art", "co", "ltd", "inc", "e.g", "i.e", "vs", "u.s", "st", "mr", "ms", "dr", "para",
                 "fig", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
CO_ISSUERS = re.compile(r"\b(?:in conjunction with|together with|jointly with|along with|in collaboration with)\b"
                        r"(?P<rest>[^.;]*)", re.I)
LOWER_DOC_OBJECT = re.compile(RELEASE_VERB.pattern + r"[^.;]{0,50}?" + LOWER_DOC.pattern + "|"
                              + r"\b(?:a|the)\s+(?:circular|notice|plan|guideline|opinion|regulation)s?\s+"
                              r"(?:released|issued|published|promulgated)\b", re.I)
DRAFTED_BY = re.compile(r"\b(?:had|has|have|was|were|been)\s+drafted\b|\bdrafted\s+(?:by|under)\b", re.I)
COMMENT = re.compile(r"^(?:in our view|we (?:expect|think|believe|note|see)|our (?:view|take)|comment\b|"
                     r"(?:\w+\s+)?(?:analysis|comment|view|take)\s*:)", re.I)
ISSUE_LABELS = re.compile(r"^(?:date of (?:issue|release|promulgation)|release date|issue date|promulgation date)",
                          re.I)
DATE_LABELS = re.compile(r"^(?:date|release date|issue date|promulgation date|published)", re.I)
EFFECT_LABELS = re.compile(r"^(?:effective|implementation date)", re.I)
DATED_BRACKET = re.compile(r"[(（][^()（）]*\d[^()（）]*[)）]")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences, not after "No." or "e.g." or a month's abbreviation."""
    out, start = [], 0
    for m in re.finditer(r"[.!?。]\s+(?=[A-Z“\"(\d])", text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        if word and word.group(1).lower() in ABBREVIATIONS:
            continue
        out.append(text[start:m.start() + 1].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def clean_heading(text: str) -> str:
    """A heading without its number and its date ("1. MIIT issues ... (26 August)" -> "MIIT issues ...")."""
    text = DATE_TAIL.sub("", NUMBERING.sub("", text))
    lead = re.match(rf"^\s*(?:\d{{1,2}}/\d{{1,2}}/{_YEAR}|{_YEAR}-\d{{1,2}}-\d{{1,2}})\s*[:|–-]?\s*", text) or re.match(
        rf"^\s*(?:\d{{1,2}}\s+(?:{_MON})|(?:{_MON})\.?\s+\d{{1,2}})(?:,?\s+{_YEAR})?\s*[:|–—-]\s*", text, re.I)
    return text[lead.end():].strip() if lead else text.strip()


@dataclass(frozen=True)
class ItemText:
    """The parts of an item a reader looks at: heading, body, its sentences and the sentence that reports a release."""

    heading: str | None
    body: str
    sentences: tuple[str, ...]
    release: str
    labels: dict[str, tuple[str, Line]]

    @property
    def whole(self) -> str:
        """Heading and body together."""
        return join(filter(None, [self.heading, self.body]))


def item_text(item: Item) -> ItemText:
    """The heading, body and release sentence of ``item``."""
    heading = _straight(clean_heading(item.heading.text)) if item.heading else None
    body = _straight(join([ln.text for ln in item.text]))
    sents = tuple(sentences(body))
    release = next((s for s in sents if RELEASE_VERB.search(s)), sents[0] if sents else "")
    labels = {label: (rest, ln) for label, rest, ln in item.labels}
    return ItemText(heading, body, sents, release, labels)


def _straight(text: str) -> str:
    """``text`` with straight apostrophes, as the vocabularies write them ("People’s Bank" -> "People's Bank")."""
    return text.replace("’", "'").replace("‘", "'")


def item_titles(t: ItemText) -> tuple[str | None, str | None]:
    """The English and Chinese titles of the document an item reports (None where it gives none)."""
    title_zh = zh_title(t.heading or "") or zh_title(t.body)
    title_en = heading_title(strip_zh(t.heading)) if t.heading else None
    in_body = _quoted_title(t.body, min_words=3) or next(
        (found for s in t.sentences if (found := title_after_verb(strip_zh(s)))), None)
    news_phrase = bool(t.heading and title_en and title_en != strip_zh(t.heading) and not agency_prefix(t.heading))
    if not title_en or (in_body and (news_phrase or _loose(in_body) == _loose(title_en))):
        title_en = in_body or title_en
    return (title_en.strip(" ,;:") if title_en else None), title_zh


def _loose(title: str) -> list[str]:
    """A title's significant words, for telling two writings of one title apart from two titles."""
    return [w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in SMALL_WORDS]


def release_sentence(t: ItemText, title_en: str | None) -> str:
    """The sentence that names the document, else the first that reports a release."""
    if title_en:
        return next((s for s in t.sentences if title_en in s), t.release)
    return t.release


def item_issuers(item: Item, t: ItemText, release: str, title: str | None,
                 problems: list[Problem]) -> tuple[list[Ref], int | None]:
    """Issuing bodies from an agency line or label, else from the heading and the release sentence."""
    fields = [ln for ln in item.agency_lines] + [ln for label, _, ln in item.labels if ISSUER_LABELS.match(label)]
    prefix = agency_prefix(item.heading.text) if item.heading and not fields else None
    if prefix:  # "15 Departments including the MEE: ...": the heading's bodies, and those the release adds
        named, stated = issuers_in_text(prefix.group("who"))
        return unique(named + issuers_in_text(release)[0]), stated
    if fields:
        text = _straight(" ; ".join(LABEL.sub(r"\g<rest>", ln.text) for ln in fields))
        text = DATED_BRACKET.sub(" ", text)  # "Source: NFRA (2025-09-05)": the date is not a body
        if not agencies_named(text):
            problems.append(Problem(fields[0].no, f"unknown issuing body {text!r}"))
            return [], None
        return issuer_field(re.sub(r"\s+[–—-]\s+", ", ", text), fields[0].no, problems), None
    refs: list[Ref] = []
    count = None
    for text in (release.replace(title, " ") if title else release, t.heading or ""):
        found, stated = issuers_in_text(text)
        count = count or stated
        if not refs:
            refs = found + [r for co in CO_ISSUERS.finditer(text) for r in agencies_named(co["rest"])]
    return list({r.key: r for r in reversed(refs)}.values())[::-1], count


def item_dates(item: Item, t: ItemText, release: str, problems: list[Problem]) -> tuple[dt.date | None, dt.date | None]:
    """The date the item's document was issued and the date it takes effect (None where the item gives none)."""
    line = (item.heading or item.lines[0]).no
    issued_date = None
    for hit in _issue_date_hits(item, t, release):
        try:
            issued_date = place(hit, item.year)
        except BadDate as exc:
            problems.append(Problem(line, str(exc)))
            break
        if issued_date:
            break  # a day and month with no year to give them is passed over for a later, fuller date
    effect_texts = [rest for label, (rest, _) in t.labels.items() if EFFECT_LABELS.match(label)]
    effect = next((h for text in effect_texts for h in date_hits(text)), None) or next(
        (h for text in (t.heading or "", t.body) for h in date_hits(text) if is_effect(text, h)), None)
    return issued_date, _effective(effect, issued_date, item.year, line, problems)


def _issue_date_hits(item: Item, t: ItemText, release: str) -> list[DateHit]:
    """Candidate issue dates, best first: a date label, the release sentence, the heading, the date line, the body."""
    labelled = [(ISSUE_LABELS.match(label) is not None, rest) for label, (rest, _) in t.labels.items()
                if DATE_LABELS.match(label)]
    places = [rest for exact, rest in labelled if exact] + [release, item.heading.text if item.heading else ""]
    places += [m.group(0) for label, (rest, _) in t.labels.items() if label == "source"
               for m in DATED_BRACKET.finditer(rest)]  # "Source: NFRA (2025-09-05)": the day the body published it
    places += [rest for exact, rest in labelled if not exact]  # "Published:", "Date:" may date the post only
    hits = [h for text in places for h in date_hits(text) if not is_other(text, h)]
    hits += [item.dateline] if item.dateline else []
    return hits + [h for h in date_hits(t.body) if not is_other(t.body, h)]


def _effective(hit: DateHit | None, issued: dt.date | None, ref: YearRef, line: int,
               problems: list[Problem]) -> dt.date | None:
    """A date of effect, after the issue date where the text gives no year."""
    if hit is None:
        return None
    try:
        if hit.year is None and issued:
            year = issued.year + (1 if hit.month < issued.month else 0)
            return date_in_year(hit.month, hit.day, year)
        return place(hit, ref)
    except BadDate as exc:
        problems.append(Problem(line, str(exc)))
        return None


def item_targets(item: Item, t: ItemText) -> list[Target]:
    """Numeric objectives in the item's own text, paragraph by paragraph."""
    target_year, baseline_year = lead_in_years(t.body)
    targets: list[Target] = []
    for para in _paragraphs(item.text):
        texts = [para[0].text] if para[0].bullet else sentences(join([ln.text for ln in para]))
        for text in texts:
            if resolve.companies().find(text):
                continue
            targets += read_targets(_without_dates(text), para[0].no, bullet=para[0].bullet,
                                    target_year=target_year, baseline_year=baseline_year)
    return targets


def _without_dates(text: str) -> str:
    """``text`` with its dates written as "that day", so that "26 Aug" is never read as a number."""
    for hit in reversed(date_hits(text)):
        text = text[:hit.start] + "that day" + text[hit.end:]
    return text


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Consecutive wrapped lines joined into paragraphs; each bullet is one."""
    paras: list[list[Line]] = []
    for ln in lines:
        if paras and not ln.bullet and not paras[-1][0].bullet and ln.no == paras[-1][-1].no + 1:
            paras[-1].append(ln)
        else:
            paras.append([ln])
    return paras


def item_sectors(t: ItemText, title_en: str | None, title_zh: str | None) -> tuple[Ref, ...]:
    """Sectors named in the title, the heading and the item's own sentences (not comments, not company news)."""
    parts = [("title", title_en or ""), ("title", title_zh or ""), ("headline", t.heading or "")]
    parts += [("text", s) for s in t.sentences if not COMMENT.match(s) and not resolve.companies().find(s)]
    return tag_sectors(parts)


def read_item(item: Item, rank: int) -> PolicyEntry | NewsItem:
    """The PolicyEntry an item reports, or a NewsItem when it reports no policy document."""
    t = item_text(item)
    problems: list[Problem] = []
    title_en, title_zh = item_titles(t)
    release = release_sentence(t, title_en)
    numbers = [rest for label, (rest, _) in t.labels.items() if label.startswith("doc")]
    numbers += [_with_issuer(t.whole, number) for number in find_doc_numbers(t.whole)]
    issued, effective = item_dates(item, t, release, problems)
    first = item.lines[0].no
    if issued is None:
        problems.append(Problem(first, "no date found for this item"))
    if not (title_en or title_zh or numbers or LOWER_DOC_OBJECT.search(t.heading or "")
            or LOWER_DOC_OBJECT.search(release)):
        return news_item(item, t, issued, problems)
    if not title_en and numbers and re.search(r"\b(?:Announcement|Order|Decree|Circular|Notice)\s+No\.", numbers[0]):
        title_en = numbers[0]  # "MOFCOM Announcement No. 46 of 2024" is the name such a document goes by
    issuers, count = item_issuers(item, t, release, title_en, problems)
    return PolicyEntry(
        rank=rank,
        headline=t.heading,
        title_en=title_en,
        title_zh=title_zh,
        span=Span(item.section or "News", first, item.lines[-1].no),
        issuers=tuple(issuers),
        date=issued,
        status=item_status(t, release, title_en, title_zh),
        document_type=document_type(title_en, title_zh),
        sectors=item_sectors(t, title_en, title_zh),
        companies=tuple(resolve.companies().find(t.whole)),
        targets=tuple(item_targets(item, t)),
        summary=t.body,
        problems=tuple(problems),
        doc_number=numbers[0] if numbers else None,
        effective=effective,
        source_url=next((url for ln in item.lines for url in ln.links), None),
        issuer_count=count,
    )


def item_status(t: ItemText, release: str, title_en: str | None, title_zh: str | None) -> str:
    """"draft-for-comment" when the title, heading or release sentence says draft or seeks comments, else "issued"."""
    text = " ".join(filter(None, [title_en, title_zh, t.heading, release, t.labels.get("status", ("",))[0]]))
    text = DRAFTED_BY.sub(" ", text)  # "the standard, which MIIT had drafted" is no draft
    return "draft-for-comment" if is_draft(text) or SEEKS_COMMENT.search(text) else "issued"


def _with_issuer(text: str, number: str) -> str:
    """A document number with the whole agency name it opens with ("Council Decree No. 790" -> "State Council ...")."""
    at = text.find(number)
    if at < 0:
        return number
    for start, end, _ in resolve.agencies().spans(text[max(0, at - 40): at + len(number)]):
        start += max(0, at - 40)
        end += max(0, at - 40)
        if start < at < end:
            return text[start:at] + number
    return number


def news_item(item: Item, t: ItemText, date: dt.date | None, problems: list[Problem]) -> NewsItem:
    """An item that reports no policy document: corporate when it names companies and no agency."""
    agencies = agencies_named(" ; ".join([ln.text for ln in item.agency_lines] + [t.whole]))
    companies = resolve.companies().find(t.whole)
    return with_report(NewsItem(
        kind="corporate" if companies and not agencies else "policy",
        date=date,
        text=t.whole,
        agencies=tuple(agencies),
        companies=tuple(companies),
        sectors=tag_sectors([("headline", t.heading or "")] + [("text", s) for s in t.sentences]),
        targets=tuple(item_targets(item, t)),
        candidates=(),
        lead_agency=agencies[0] if agencies else None,
        span=Span(item.section or "News", item.lines[0].no, item.lines[-1].no),
        problems=tuple(problems),
    ))


# --------------------------------------------------------------------------- the digest

#: how far into a digest its header (title, date, authors, introduction) may reach
HEADER_LINES = 20
#: the week or days a digest covers, closing its title: "policy moves in the past week (Aug 14-20)"
DAY_RANGE_TAIL = re.compile(rf"[(（]\s*(?P<m>{_MON})\.?\s+(?P<d1>\d{{1,2}})\s*[-–—]\s*(?P<d2>\d{{1,2}})\s*[)）]\s*$",
                            re.I)
TITLE_DATE = re.compile(rf"\b(?P<m>{_MON})\.?(?:\s*(?:&|and|-|–|/)\s*(?P<m2>{_MON})\.?)?,?\s+(?P<y>{_YEAR})\b", re.I)
AUTHORS = re.compile(r"^(?i:by|authors?|written by)\s*[:：]?\s+(?P<names>[A-Z].{2,150})$")
PUBLISHER = re.compile(r"^(?:publisher|published by)\s*[:：]?\s+(?P<name>[A-Z].{1,80})$|^©\s*(?:\d{4}\s+)?"
                       r"(?P<owner>[A-Z][^.|,]{1,60})", re.I)


@dataclass(frozen=True)
class Header:
    """What the lines before the first item say of the digest."""

    title: str | None
    date: dt.date | None
    period: tuple[dt.date, dt.date] | None
    authors: tuple[str, ...]
    year: YearRef
    body_start: int


def digest_title(content: list[Line]) -> int | None:
    """The index of the digest's title: the heading just above the digest's date line, else the first heading
    among the first lines; None when neither is a title (a menu entry, an item's headline)."""
    per_item = item_mode(content)
    first = content[:HEADER_LINES]
    dated = next((i for i, ln in enumerate(first) if _header_date(ln, per_item)), None)
    for i in (dated - 1, dated - 2) if dated else ():
        if i >= 0 and not is_junk(first[i]) and _title_like(first[i], i):
            return i
    for i, ln in enumerate(content[:4]):
        if is_junk(ln) or dateline(ln) or MONTH_HEADING.match(ln.text) or MENU.match(ln.text):
            continue
        below = content[i + 1].text if i + 1 < len(content) else ""
        if LABEL.match(below) or is_agency_line(below):
            return None  # a heading over "Issuing Agency: ..." or a bare agency line is the first item's title
        return i if _title_like(ln, i) else None
    return None


def _title_like(ln: Line, at: int) -> bool:
    """A heading that can be a digest's title: not dated, numbered, a release or a list of agencies."""
    text = ln.text
    dated_item = at > 0 and DATE_TAIL.search(text) and not DAY_RANGE_TAIL.search(text)
    return is_heading(ln) and not (DATE_LEAD.match(text) or NUMBERING.match(text) or RELEASE_VERB.search(text)
                                   or is_agency_line(text) or text.count("|") >= 2 or dated_item)


def item_mode(content: list[Line]) -> bool:
    """Whether unlabelled date lines recur, each dating the item below it (a list of dated entries)."""
    stamps = [d for ln in content if (d := dateline(ln)) and not is_stamp(d[0]) and not d[0]]
    return len(stamps) >= 2


def read_header(content: list[Line]) -> Header:
    """Title, date, period, authors and the year that dates items, from the digest's first lines."""
    title_at = digest_title(content)
    title = content[title_at].text if title_at is not None else None
    head = header_lines(content, title_at)
    per_item = item_mode(content)
    date = next((d for ln in head if (d := _header_date(ln, per_item))), None)
    if date is None and title:
        date = _header_date(Line(0, title, False), False)
    year = YearRef(date.year, date.month, strict=True) if date else _title_year(title)
    if year.year is None:
        plain = [ln for ln in head if not is_junk(ln)]  # never the year of an "updated" or crawl stamp
        year = next((y for ln in plain if (y := _title_year(ln.text)).year), None) or _intro_year(plain)
    authors = next((_names(m["names"]) for ln in head if (m := AUTHORS.match(ln.text))), ())
    return Header(title, date, _period(head, year), authors, year, (title_at + 1) if title_at is not None else 0)


def header_lines(content: list[Line], title_at: int | None) -> list[Line]:
    """The lines before the first item (at most twelve)."""
    start = title_at + 1 if title_at is not None else 0
    for i, ln in enumerate(content[:HEADER_LINES]):
        if i >= start and not dateline(ln) and (LABEL.match(ln.text) or DATE_LEAD.match(ln.text)
                                                 or MONTH_HEADING.match(ln.text)
                                                 or (is_heading(ln) and looks_like_item(ln.text))):
            return content[:i]
    return content[:HEADER_LINES]


def _header_date(ln: Line, per_item: bool) -> dt.date | None:
    """The date a short header line gives the digest ("Published: 10 October 2024", "Desk · Posted 4 April 2025");
    never a crawl or "updated" stamp, nor an entry's own date line in a list of dated entries."""
    found = dateline(ln)
    if found and per_item and not found[0]:
        return None
    hits = [h for h in date_hits(ln.text) if h.year]
    if len(ln.text) > 100 or len(hits) != 1 or is_stamp(ln.text[:hits[0].start].lower()):
        return None
    try:
        return place(hits[0], YearRef(None))
    except BadDate:
        return None


def _intro_year(head: list[Line]) -> YearRef:
    """The year an introduction says the digest covers ("In 2019, China introduced ...")."""
    for ln in head:
        m = re.search(rf"\b[Ii]n\s+({_YEAR})\b", ln.text)
        if m:
            return YearRef(int(m.group(1)))
    return YearRef(None)


def _title_year(title: str | None) -> YearRef:
    m = TITLE_DATE.search(title or "")
    if not m:
        return YearRef(None)
    return YearRef(int(m["y"]), MONTHS[(m["m2"] or m["m"]).lower().rstrip(".")])


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r",|\band\b|&", text) if n.strip())


def _period(head: list[Line], year: YearRef) -> tuple[dt.date, dt.date] | None:
    """A reporting period the header states ("25 October - 29 November", "from 28th May to 3rd June")."""
    if not year.year:
        return None
    for ln in head:
        try:
            stated = _line_period(re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", ln.text), year)
        except BadDate:
            return None
        if stated is not None:
            start, end = stated
            return (start, end) if start and end and start <= end else None
    return None


def _line_period(text: str, year: YearRef) -> tuple[dt.date | None, dt.date | None] | None:
    """The start and end of the period one header line states, or None when it states none; raises BadDate
    for a day that does not exist."""
    if found := find_period(text, year.year):
        return found
    days = DAY_RANGE_TAIL.search(text)
    if days:
        month = MONTHS[days["m"].lower()]
        return date_in_year(month, int(days["d1"]), year.year), date_in_year(month, int(days["d2"]), year.year)
    m = re.search(r"\bfrom\s+(.{4,30}?)\s+(?:to|until|through|[-–])\s+(.{4,30})", text, re.I)
    hits = [h for part in (m.groups() if m else ()) for h in date_hits(part)[:1]]
    if len(hits) != 2:
        return None
    end = place(hits[1], year)
    return place(hits[0], YearRef(end.year, end.month) if end else year), end


def publisher(content: list[Line]) -> str | None:
    """The publisher a digest names ("Publisher: ...", "© 2024 ..."), or None."""
    for ln in content[:15] + content[-20:]:
        m = PUBLISHER.match(ln.text)
        if m:
            return (m["name"] or m["owner"]).strip()
    return None


def unwrap(doc: Document) -> list[Line]:
    """The content lines with hard-wrapped paragraphs joined (text files only: an HTML block is one line)."""
    lines = doc.content
    lengths = sorted(len(ln.text) for ln in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    if doc.form in EXTRACTED_FORMS or not 40 <= width <= 160:
        return lines
    out: list[Line] = []
    last = None
    for ln in lines:
        if out and last and ln.no == last.no + 1 and not ln.bullet and not LABEL.match(ln.text) and (
                len(last.text) >= 0.7 * width or ln.text[:1].islower()) and not re.search(r"[.!?:]$", last.text):
            prev = out[-1]
            out[-1] = Line(prev.no, join([prev.text, ln.text]), prev.bullet, prev.links + ln.links)
        else:
            out.append(ln)
        last = ln
    return out


def bullet_headings(lines: list[Line]) -> list[Line]:
    """Bulleted lines that head the paragraph below them ("- SAMR issued Measures on ...") made plain headings."""
    out = list(lines)
    for i, ln in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if ln.bullet and not nxt.bullet and len(nxt.text) > 120 and is_heading(Line(ln.no, ln.text, False)):
            out[i] = Line(ln.no, ln.text, False, ln.links)
    return out


def segment(doc: Document) -> tuple[Header, list[Item]]:
    """The digest's header and its items."""
    content = bullet_headings(unwrap(doc))
    header = read_header(content)
    segmenter = Segmenter(header.year, item_mode(content))
    return header, segmenter.run(content[header.body_start:])


def read_digest(doc: Document) -> Digest:
    """The digest in ``doc``; raises DigestSyntaxError when it holds no news items."""
    header, items = segment(doc)
    read = [read_item(item, 0) for item in items]
    policies = [p for p in read if isinstance(p, PolicyEntry)]
    policies = [_ranked(p, n) for n, p in enumerate(policies, start=1)]
    news = [n for n in read if isinstance(n, NewsItem) and (n.date or n.agencies or n.companies)]
    if not policies and not news:
        raise DigestSyntaxError("no dated policy news items found: this does not look like a news digest", doc.path)
    problems = [] if header.date else [Problem(doc.content[0].no, "no digest date found in the first lines")]
    return Digest(
        source=doc.path.name,
        publisher=publisher(doc.content),
        title=header.title,
        date=header.date,
        period=header.period,
        authors=header.authors,
        editors=(),
        policies=tuple(policies),
        news=tuple(news),
        checksum=doc.checksum,
        problems=tuple(problems),
        layout=NAME,
    )


def _ranked(p: PolicyEntry, rank: int) -> PolicyEntry:
    return replace(p, rank=rank)


# --------------------------------------------------------------------------- the layout


MERICS_LINE = re.compile(
    r"(?:at a glance|policy name|merics comment)\s*:?|(?:worth noting|noteworthy|china industries)$", re.I
)


class NewsUpdates:
    """Reads digests of dated policy news items under month or topic headings."""

    name = NAME
    summary = ("news updates: dated items (a heading and a paragraph, or 'On 26 August, ...') under month or topic "
               "headings; each item that reports a policy document is a policy, the rest news")

    def recognise(self, doc: Document) -> float:
        """Sure when several items carry their own dates or release verbs; unsure on labelled or MERICS entries."""
        if any(MERICS_LINE.match(ln.text) for ln in doc.content[:400]):
            return 0.05  # a MERICS China Industries issue, even one without its top list
        _, items = segment(doc)
        reported = sum(1 for item in items if _reports(item))
        if reported < 2:
            return 0.05 * reported
        labelled = sum(1 for ln in doc.content if re.match(r"(?:promulgat|document (?:number|no)|implementation date|"
                                                           r"effective date)", ln.text, re.I))
        if reported < 0.5 * len(items):
            return 0.05
        if _issuer_labels_only(items) and reported >= 3:
            return 0.9  # "Issuing agency:" lines over prose that dates each item: news, not a labelled list
        score = 0.45 + 0.04 * min(reported, 8)
        return round(score - (0.3 if labelled >= reported else 0.0), 2)

    def read(self, doc: Document) -> Digest:
        """The digest in ``doc``."""
        return read_digest(doc)


def _issuer_labels_only(items: list[Item]) -> bool:
    """Items labelled only with their issuers, most of them dated in their own text."""
    labels = [label for item in items for label, _, _ in item.labels]
    dated = sum(1 for item in items if any(date_hits(ln.text) for ln in item.text))
    return bool(labels) and all(ISSUER_LABELS.match(label) for label in labels) and dated >= 0.6 * len(items)


def _reports(item: Item) -> bool:
    """An item that is dated, reports a release or is headed by a document's title."""
    head = item.heading.text if item.heading else ""
    first = item.text[0].text if item.text else ""
    body = " ".join(ln.text for ln in item.text)[:400]
    return bool(item.dateline or date_hits(head) or DATE_LEAD.match(first) or RELEASE_VERB.search(head)
                or RELEASE_VERB.search(first[:200]) or (head and heading_title(clean_heading(head)))
                or (_chinese_line(first) and ZH_TITLE_END.search(first.rstrip("》 ")))
                or (item.agency_lines and date_hits(body)))


LAYOUT = NewsUpdates()
