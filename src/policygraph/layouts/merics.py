"""The MERICS "China Industries" layout: a numbered top list of lead entries and a "Worth noting" news list.

The grammar is line based and tolerant: Markdown or bare lines, "MERICS TOP 5" or no heading, "Policy name:"
or "Article:", "WORTH NOTING" or "NOTEWORTHY", a table of contents or none, a digest cut short. What cannot
be read becomes a :class:`~policygraph.model.Problem` with its line, never an exception, unless the file is
not a digest at all.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import resolve
from ..dates import DAY_MONTH_YEAR, MONTH_DAY_YEAR, BadDate, date_in_year, find_date, find_month_day, find_period
from ..doctypes import document_type
from ..errors import DigestSyntaxError
from ..extract.issuers import agencies_named, issuer_field, issuers_in_text
from ..extract.mentions import RELEASE, sentences, title_spans
from ..extract.reported import with_report
from ..extract.sectors import tag_sectors
from ..extract.status import is_draft
from ..model import Digest, NewsItem, PolicyEntry, Problem, Ref, Span, Target
from ..targets import lead_in_years, read_targets
from .base import CJK, Document, Line, join

ORDER = 10
HEADLINE = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
# the lookbehinds and possessive quantifiers keep these linear on a line of a million dots or tabs
TOC_LINE = re.compile(r"(?:(?<!\.)\.{3,}+|(?<!…)…++)\s*+\d*+\s*$|(?<!\s)\t\s*+\d++\s*$")
LABEL = re.compile(
    r"^(?P<label>at a glance|merics['’]?s? comment|policy name|article|document|policy|title|issuing bod(?:y|ies)|"
    r"issued by|issuers?|date)\s*:\s*(?P<rest>.*)$",
    re.I,
)
TITLE_LABELS = {"policy name", "article", "document", "policy", "title"}
ISSUER_LABELS = {"issuing body", "issuing bodies", "issued by", "issuer", "issuers"}
NEWS_HEADING = re.compile(r"^(?:worth noting|noteworthy)$", re.I)
END_HEADING = re.compile(r"^(?:authors?|editorial team|editors?|publisher|imprint)$", re.I)
WEB_JUNK = re.compile(r"^(?:share this|related (?:content|articles|publications)|tags?:|read more|back to top|"
                      r"©|copyright|sign up for|subscribe to our|newsletter)", re.I)
PAYWALL = re.compile(r"subscribe|log ?in to (?:continue|read)|paywall|to continue reading|sign up to read", re.I)
GLANCE = re.compile(r"^at a glance\b", re.I)
TOP5_HEADING = re.compile(r"^merics['’]?s?\s+top\s*(?:5|five)$", re.I)
READING_TIME = re.compile(r"^\d+\s*(?:min(?:ute)?s?\.?(?:\s+read)?|minuten\s+lesedauer)$", re.I)
CONTENTS = re.compile(r"^(?:contents|table of contents|inhalt)$|\bfollowing topics\b", re.I)
SERIES_LINE = re.compile(r"^(?:merics\s+briefs?|(?:merics\s+)?china\s+industries(?:\s+briefs?)?|merics)$", re.I)
#: a web page's issue title: "Topic + Topic + Topic" or "MERICS China Industries Briefing - October 2020"
ISSUE_TITLE = re.compile(r"\S\s\+\s\S|\bchina industries\s+brief(?:ing)?\b", re.I)
#: photo captions and credits, whose dates are when a picture was taken, never the issue date
CAPTION = re.compile(r"^(?:photo|image|picture|foto|bild|credit|source|quelle)\b|picture alliance|getty images|"
                     r"\bimago\b|\breuters/|\bxinhua\b|\(photo\b", re.I)
#: a stamp that a crawler or a reader added, never the issue date
CRAWL = re.compile(r"^\W*(?:retrieved|accessed|fetched|crawled|scraped|captured|archived|saved|downloaded|"
                   r"snapshot|last[- ](?:modified|updated|crawled|accessed)|updated|page created|date\s+\d{4}-)",
                   re.I)
DATE_LEFTOVER = re.compile(r"\((?:reporting )?period[^)]*\)|reporting period:?.*$|\bmerics\b|\bchina industries\b|"
                           r"\b(?:published|publication|issue|posted|released|date|on)\b|\d+\s*min(?:ute)?s?\.?(?:\s+read)?\b|"
                           r"\bminuten\s+lesedauer\b|[|:,.·•–—-]", re.I)
#: the sentence of a web page's contents list that names the issue's authors
INTRO_AUTHORS = re.compile(r"\bChina Industries(?: Brief)?,\s+(?P<names>.+?)\s+(?:look|looks|examine|examines|"
                           r"analy[sz]e|analy[sz]es|discuss|discusses|cover|covers|explore|explores)\b")
ROLE_WORDS = re.compile(r"\b(?:analyst|director|head|fellow|researcher|intern|economist|manager|editor|"
                        r"adviser|advisor|officer|lead|program|programme|senior|associate)\b", re.I)
SOURCE_LABEL = re.compile(r"\b(?:notice|article|press release|announcement|statement|report|website|document|"
                          r"release|post|filing)s?\b", re.I)


class MericsChinaIndustries:
    """Reads MERICS China Industries issues: the PDF/newsletter text and the web page."""

    name = "merics-china-industries"
    summary = ("MERICS China Industries: numbered lead entries with Policy name/Article, Issuing body, Date and "
               "'At a glance' targets, then 'Worth noting' policy and corporate news")

    def recognise(self, doc: Document) -> float:
        """Sure on an "At a glance" entry with labelled fields or a "Worth noting" list; never on other text."""
        head = doc.content[:400]
        glance = sum(1 for ln in head if re.match(r"at a glance\b", ln.text, re.I))
        labels = sum(1 for ln in head if LABEL.match(ln.text))
        news = any(NEWS_HEADING.match(ln.text) and not ln.bullet for ln in doc.content)
        series = any(re.search(r"\bchina industries\b|^merics['’]?s?\s+top\s*5$", ln.text, re.I)
                     for ln in doc.content[:40])
        if glance and (labels >= 2 or news or series):
            return 0.95
        if glance or (news and labels >= 2):
            return 0.6
        named = any(re.search(r"\bmerics\b|^china industries$", ln.text, re.I) for ln in doc.content[:30])
        return 0.5 if named and (news or labels) else 0.0

    def read(self, doc: Document) -> Digest:
        """The digest in ``doc``."""
        return _read(doc)


LAYOUT = MericsChinaIndustries()


def _read(doc: Document) -> Digest:
    path = doc.path
    content = doc.content
    header = content[:_header_end(content)]
    header_date, period = _header_dates(header)
    news_at = _last_index(content, lambda ln: bool(NEWS_HEADING.match(ln.text)) and not ln.bullet
                          and not TOC_LINE.search(ln.text))
    end_at = _first_index(content, lambda ln: bool(END_HEADING.match(ln.text)), start=news_at or 0)
    entries_end = news_at if news_at is not None else (end_at if end_at is not None else len(content))
    problems: list[Problem] = []
    year = header_date.year if header_date else None
    policies = _entries(content[:entries_end], year, problems)
    news_end = end_at if end_at is not None else len(content)
    news = _news(content[news_at + 1: news_end], header_date) if news_at is not None else []
    if not policies and not news:
        raise DigestSyntaxError("no policy entries or news items found: this does not look like a digest", path)
    if header_date is None:
        problems.append(Problem(1, "no digest date found in the first lines"))
    if news_at is None:
        problems.append(Problem(content[-1].no, "no 'Worth noting' / 'Noteworthy' section: the digest may be cut"))
    cut = next((ln for ln in content if PAYWALL.search(ln.text) and len(ln.text) < 120), None)
    if cut:
        problems.append(Problem(cut.no, f"the text stops at a paywall or sign-up notice: {cut.text!r}"))
    return Digest(
        source=path.name,
        publisher=_publisher(content),
        title=_issue_title(header),
        date=header_date,
        period=period,
        authors=tuple(_authors(content, header)),
        editors=tuple(_people(content, r"editorial team|editors?")),
        policies=tuple(policies),
        news=tuple(news),
        checksum=doc.checksum,
        problems=tuple(problems),
        layout=LAYOUT.name,
    )


# --------------------------------------------------------------------------- lines


def _first_index(lines: list[Line], test, start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if test(lines[i])), None)


def _last_index(lines: list[Line], test) -> int | None:
    return next((i for i in range(len(lines) - 1, -1, -1) if test(lines[i])), None)


# --------------------------------------------------------------------------- header


def _header_end(content: list[Line]) -> int:
    """Where the header ends: at the contents list, the top-5 heading or the first entry (at most 25 lines)."""
    for i, ln in enumerate(content[:25]):
        if (TOP5_HEADING.match(ln.text) or CONTENTS.search(ln.text) or GLANCE.match(ln.text)
                or (HEADLINE.match(ln.text) and not TOC_LINE.search(ln.text)) or LABEL.match(ln.text)):
            return i
    return min(len(content), 25)


def _header_dates(header: list[Line]) -> tuple[dt.date | None, tuple[dt.date, dt.date] | None]:
    """The issue date: a header line that is a written-out date and little else (not a caption or crawl stamp)."""
    for ln in header:
        if CAPTION.search(ln.text) or CRAWL.match(ln.text):
            continue
        try:
            date = find_date(ln.text) if _is_date_line(ln.text) else None
        except BadDate:
            continue
        if date:
            period_line = next((x.text for x in header if re.search(r"period", x.text, re.I)), ln.text)
            try:
                return date, _period(period_line, date)
            except BadDate:
                return date, None
    return None, None


def _is_date_line(text: str) -> bool:
    """A line that states a date in words ("DECEMBER 7, 2022 (REPORTING PERIOD: ...)", "Published: 9 June 2022")."""
    rest, found = MONTH_DAY_YEAR.subn(" ", text)
    if not found:
        rest, found = DAY_MONTH_YEAR.subn(" ", text)
    return bool(found) and len(DATE_LEFTOVER.sub(" ", rest).split()) <= 2


def _period(text: str, date: dt.date) -> tuple[dt.date, dt.date] | None:
    """The reporting period, which ends before the digest: a January issue reports on the year before."""
    period = find_period(text, date.year)
    return find_period(text, date.year - 1) if period and period[1] > date else period


def _publisher(content: list[Line]) -> str | None:
    text = " ".join(ln.text for ln in content[:20] + content[-30:])
    return "MERICS" if re.search(r"\bmerics\b", text, re.I) else None


def _issue_title(header: list[Line]) -> str | None:
    """The series, with the issue's own title where the page gives one ("China Industries: A + B + C")."""
    series = "China Industries" if any(re.search(r"\bchina industries\b", ln.text, re.I) for ln in header) else None
    issue = next((ln.text for ln in header if ISSUE_TITLE.search(ln.text) and not CAPTION.search(ln.text)
                  and len(ln.text) < 160), None)
    if issue and re.search(r"\bchina industries\b", issue, re.I):
        return re.sub(r"^merics\s+", "", issue, flags=re.I)
    if issue:
        return f"{series}: {issue}" if series else issue
    return series or next((ln.text for ln in header if re.fullmatch(r"China [A-Z][a-z]+", ln.text)), None)


NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:(?:van|von|de|der|den|da|di|du|la|le|bin|al|ter)\s+)?"
                  r"[A-ZÀ-Ý][\w'’.-]+){1,3}$")


def _people(content: list[Line], heading: str) -> list[str]:
    """The names listed under the last heading matching ``heading`` ("AUTHORS", "Editorial team")."""
    start = _last_index(content, lambda ln: bool(re.fullmatch(heading, ln.text, re.I)))
    if start is None:
        return []
    names: list[str] = []
    block = content[start + 1:]
    for k, ln in enumerate(block):
        if (END_HEADING.match(ln.text) or WEB_JUNK.match(ln.text)
                or re.match(r"with support from|for more information", ln.text, re.I)):
            break
        prev = block[k - 1].text if k else ""
        nxt = block[k + 1].text if k + 1 < len(block) else ""
        if NAME.match(ln.text) and "MERICS" not in ln.text and not ROLE_WORDS.search(ln.text) and (
            not prev or prev.endswith(":") or "," in prev or bool(ROLE_WORDS.search(prev))
            or bool(ROLE_WORDS.search(nxt))
        ):
            names.append(ln.text)
    return names


def _authors(content: list[Line], header: list[Line]) -> list[str]:
    """The issue's authors: an "Authors" block, a "By A and B" line, the contents sentence or a header name line."""
    return _people(content, r"authors?") or _byline(content[:len(header) + 1]) or _header_authors(content)


def _byline(header: list[Line]) -> list[str]:
    """Names from "By A and B" or from "In this issue of MERICS China Industries, A and B look at ..."."""
    for ln in header:
        m = re.match(r"^by\s+(.+)$", ln.text, re.I) or INTRO_AUTHORS.search(ln.text)
        names = _split_names(m.group(m.lastindex or 1)) if m else []
        if names:
            return names
    return []


def _split_names(text: str) -> list[str]:
    """``text`` as a list of personal names, or [] when any part is not a name."""
    names = [n.strip(" .") for n in re.split(r",|\band\b|&|\bund\b", text) if n.strip(" .")]
    return names if names and all(NAME.match(n) and "MERICS" not in n for n in names) else []


def _header_authors(content: list[Line]) -> list[str]:
    """A line of names above the reading time ("A, B" / "5 min read"), or capitals under the masthead."""
    for i, ln in enumerate(content[1:12], start=1):
        if READING_TIME.match(ln.text) and not SERIES_LINE.match(content[i - 1].text):
            names = _split_names(content[i - 1].text)
            if names:
                return names
    for ln in content[:12]:
        if re.fullmatch(r"[A-ZÀ-Ý' -]+(?:,\s*[A-ZÀ-Ý' -]+)+", ln.text) and "," in ln.text:
            return [n.strip().title() for n in ln.text.split(",") if n.strip()]
    return []


# --------------------------------------------------------------------------- entries


def _entries(lines: list[Line], year: int | None, problems: list[Problem]) -> list[PolicyEntry]:
    """The lead entries: numbered headlines with labelled parts, and "At a glance" blocks without a number."""
    toc = _toc_lines(lines)
    blocks = _numbered_blocks(lines, toc)
    blocks += _glance_blocks(lines, toc, {j for i, end, _ in blocks for j in range(i, end)})
    blocks.sort()
    entries = [_entry(lines[i: end], n + 1, year, headed) for n, (i, end, headed) in enumerate(blocks)]
    listed = [ln for ln in lines if TOC_LINE.search(ln.text) and HEADLINE.match(ln.text)]
    if listed and len(entries) < len(listed):
        problems.append(Problem(listed[0].no, f"the table of contents lists {len(listed)} entries but only "
                                              f"{len(entries)} were found: the digest may be cut"))
    return entries


def _numbered_blocks(lines: list[Line], toc: set[int]) -> list[tuple[int, int, bool]]:
    """(first line, end, headed) of each numbered headline followed by labelled parts."""
    starts = [i for i, ln in enumerate(lines) if i not in toc and not ln.bullet and HEADLINE.match(ln.text)]
    blocks = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        if any(LABEL.match(ln.text) for ln in lines[i + 1: end]):
            blocks.append((i, end, True))
    return blocks


def _glance_blocks(lines: list[Line], toc: set[int], covered: set[int]) -> list[tuple[int, int, bool]]:
    """(first line, end, headed) of each "At a glance" block outside ``covered``, with the headline line above
    it where there is one."""
    blocks = []
    for j, ln in enumerate(lines):
        if j in covered or not GLANCE.match(ln.text):
            continue
        end = next((k for k in range(j + 1, len(lines)) if k in covered or GLANCE.match(lines[k].text)), len(lines))
        if end < len(lines) and GLANCE.match(lines[end].text) and end - 1 > j and _headline_like(lines[end - 1]):
            end -= 1  # the line above the next "At a glance" is that entry's headline
        headed = j > 0 and j - 1 not in covered and j - 1 not in toc and _headline_like(lines[j - 1])
        blocks.append((j - 1 if headed else j, end, headed))
        covered.update(range(j - 1 if headed else j, end))
    return blocks


def _toc_lines(lines: list[Line]) -> set[int]:
    """Lines of a contents list: dotted leaders, or two or more numbered lines in a row counting up (1., 2., ...)."""
    toc = {i for i, ln in enumerate(lines) if TOC_LINE.search(ln.text)}
    run: list[int] = []
    for i, ln in enumerate(lines):
        m = HEADLINE.match(ln.text)
        if m and run and int(m.group(1)) == int(HEADLINE.match(lines[run[-1]].text).group(1)) + 1 \
                and run[-1] == i - 1:
            run.append(i)
            continue
        if len(run) >= 2:
            toc.update(run)
        run = [i] if m else []
    if len(run) >= 2:
        toc.update(run)
    return toc


def _headline_like(ln: Line) -> bool:
    """Whether a line can be the headline of the entry below it (not a heading, label, date or page furniture)."""
    text = ln.text
    return not (ln.bullet or LABEL.match(text) or TOP5_HEADING.match(text) or READING_TIME.match(text)
                or CONTENTS.search(text) or SERIES_LINE.match(text) or ISSUE_TITLE.search(text)
                or TOC_LINE.search(text) or NEWS_HEADING.match(text) or _is_date_line(text) or CAPTION.search(text)
                or text.endswith(":") or len(text) > 200)


def _fields(block: list[Line]) -> dict[str, list[Line]]:
    """Split an entry block into labelled parts; the unlabelled first line is the headline."""
    fields: dict[str, list[Line]] = {"headline": [block[0]]}
    current = "headline"
    for ln in block[1:]:
        m = LABEL.match(ln.text)
        part = fields.get(current)
        if not m and part and _continues(part[-1], ln):
            prev = part[-1]
            part[-1] = Line(prev.no, join([prev.text, ln.text]), prev.bullet)
            continue
        if m:
            label = m["label"].lower()
            current = ("title" if label in TITLE_LABELS else "issuers" if label in ISSUER_LABELS else
                       "glance" if label == "at a glance" else "comment" if label.endswith("comment") else label)
            fields.setdefault(current, []).append(Line(ln.no, m["rest"].strip(), False))
        else:
            fields.setdefault(current, []).append(ln)
    return fields


def _continues(prev: Line, ln: Line) -> bool:
    """A line wrapped from the bullet above it (no blank line between, and not a new bullet)."""
    return (prev.bullet and not ln.bullet and ln.no == prev.no + 1
            and (ln.text[:1].islower() or not re.search(r"[.!?:]$", prev.text)))


def _entry(block: list[Line], ordinal: int, year: int | None, headed: bool = True) -> PolicyEntry:
    fields = _fields(block if headed else [Line(block[0].no, "", False), *block])
    head = block[0]
    m = HEADLINE.match(head.text) if headed else None
    rank = int(m.group(1)) if m else ordinal
    headline = (m.group(2) if m else head.text).rstrip(". ") if headed else None
    problems: list[Problem] = []
    title_en, title_zh = _title(fields.get("title", []))
    glance = fields.get("glance", [])
    if not title_en:
        title_en = _prose_title(_first_paragraph(glance))
    if not title_en:
        problems.append(Problem(head.no, "no policy title ('Policy name:' or 'Article:') found for this entry"))
    summary = " ".join(ln.text for ln in glance if not ln.bullet and ln.text)
    issuers, count = _entry_issuers(fields, headline, head.no, problems)
    date = _entry_date(fields.get("date", []), head.no, problems)
    targets = _entry_targets(glance, year, date)
    problems += _year_order(targets)
    glance_text = " ".join(ln.text for ln in glance)
    comment_text = " ".join(ln.text for ln in fields.get("comment", []))
    return PolicyEntry(
        rank=rank,
        headline=headline,
        title_en=title_en,
        title_zh=title_zh,
        issuers=tuple(issuers),
        issuer_count=count,
        date=date,
        status=_status(title_en, title_zh, _first_paragraph(glance)),
        document_type=document_type(title_en, title_zh),
        sectors=tag_sectors([("headline", headline or ""), ("title", title_en or ""), ("title", title_zh or ""),
                             ("bullet", " ".join(ln.text for ln in glance if ln.bullet)), ("text", summary),
                             *(("target", t.metric) for t in targets)]),
        companies=tuple(resolve.companies().find(" ".join([glance_text, comment_text]))),
        targets=tuple(targets),
        summary=summary,
        span=Span(f"Top 5, entry {rank}", head.no, block[-1].no),
        problems=tuple(problems),
    )


def _prose_title(prose: str) -> str | None:
    """The document the "At a glance" prose names as what was released, where no "Policy name" line gives it:
    "The NDRC issued the 14th Five-Year Plan for Circular Economy Development" -> that plan. A document named in
    passing, or one described in lower case ("issued an action plan to ..."), gives none."""
    for _, sentence in sentences(prose):
        spans = title_spans(sentence)
        for verb in RELEASE.finditer(sentence):
            lead = re.match(r"\s+(?:(?:the|a|an|its|their|new|revised|draft|final)\s+)*[“\"‘]?", sentence[verb.end():])
            start = verb.end() + (lead.end() if lead else 0)
            for span in spans:
                if span.start == start:
                    return sentence[span.start:span.end].strip(" “”\"‘’").rstrip(".,;:")
    return None


def _first_paragraph(glance: list[Line]) -> str:
    """The "At a glance" prose before its first bullet: where the issuing body and the document are named."""
    prose: list[str] = []
    for ln in glance:
        if ln.bullet:
            break
        prose.append(ln.text)
    return " ".join(prose)


def _status(title_en: str | None, title_zh: str | None, prose: str) -> str:
    """``draft-for-comment`` when the title or the opening prose says the document is a draft for comment."""
    prose = re.sub(r"\b(?:adopted|approved|passed|reviewed|deliberated)\s+(?:the\s+|a\s+)?draft\b", " ", prose,
                   flags=re.I)
    return "draft-for-comment" if is_draft(" ".join(filter(None, [title_en, title_zh, prose]))) else "issued"


def _year_order(targets: list[Target]) -> list[Problem]:
    """A target year not after its baseline year: the digest or the reading of it has the years swapped."""
    return [Problem(t.line, f"target year {t.target.year} is not after its baseline year {t.baseline.year}")
            for t in targets if t.baseline and t.baseline.year and t.target.year
            and t.target.year <= t.baseline.year]


def _title(lines: list[Line]) -> tuple[str | None, str | None]:
    text = join([ln.text for ln in lines])
    text = re.sub(r"\(\s*link\s*\)|\[\s*link\s*\]", "", text, flags=re.I).strip()
    if not text:
        return None, None
    m = re.search(rf"[(（]\s*[“\"《「]?\s*[{CJK}]", text)
    if not m:
        return _strip_title(text) or None, None
    depth, end = 0, len(text)
    for k in range(m.start(), len(text)):
        if text[k] in "(（":
            depth += 1
        elif text[k] in ")）":
            depth -= 1
            if depth == 0:
                end = k
                break
    zh = text[m.start() + 1: end].strip()
    return _strip_title(text[: m.start()]) or None, zh or None


def _strip_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" :;,")
    if text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:].strip()
    return text


def _entry_issuers(fields: dict[str, list[Line]], headline: str | None, line_no: int,
                   problems: list[Problem]) -> tuple[list[Ref], int | None]:
    """The issuing bodies from the "Issuing body" line, else from the "At a glance" prose, else the headline."""
    labelled = fields.get("issuers", [])
    text = join([ln.text for ln in labelled])
    if text:
        refs = issuer_field(text, labelled[0].no, problems)
        return refs, len(refs) or None
    refs, count = issuers_in_text(_first_paragraph(fields.get("glance", [])))
    if not refs and count is None and headline:
        refs, count = issuers_in_text(headline)
    found = "the issuers were read from the text" if refs else "and the text names no issuing body"
    problems.append(Problem(line_no, f"no 'Issuing body' line for this entry; {found}"))
    return refs, count if count is not None else (len(refs) or None)


def _entry_date(lines: list[Line], line_no: int, problems: list[Problem]) -> dt.date | None:
    if not lines:
        problems.append(Problem(line_no, "no 'Date:' line for this entry"))
        return None
    try:
        date = find_date(" ".join(ln.text for ln in lines))
    except BadDate as exc:
        problems.append(Problem(lines[0].no, str(exc)))
        return None
    if date is None:
        problems.append(Problem(lines[0].no, f"cannot read the date {lines[0].text!r}"))
    return date


def _entry_targets(glance: list[Line], year: int | None, date: dt.date | None) -> list[Target]:
    lead = " ".join(ln.text for ln in glance if not ln.bullet)
    target_year, baseline_year = lead_in_years(lead)
    targets: list[Target] = []
    for ln in glance:
        if ln.bullet:
            targets += read_targets(ln.text, ln.no, bullet=True, target_year=target_year,
                                    baseline_year=baseline_year)
        else:
            for sentence in re.split(r"(?<=[.!?])\s+", ln.text):
                targets += read_targets(sentence, ln.no, bullet=False, target_year=target_year,
                                        baseline_year=baseline_year)
    return targets


# --------------------------------------------------------------------------- news


def _news(lines: list[Line], digest_date: dt.date | None) -> list[NewsItem]:
    items: list[NewsItem] = []
    kind = "policy"
    current: list[Line] = []

    def flush() -> None:
        if current:
            items.append(_news_item(current, kind, digest_date))
            current.clear()

    for ln in lines:
        if re.fullmatch(r"policy news:?", ln.text, re.I):
            flush()
            kind = "policy"
        elif re.fullmatch(r"corporate news:?|company news:?|business news:?", ln.text, re.I):
            flush()
            kind = "corporate"
        elif TOC_LINE.search(ln.text):
            continue
        elif WEB_JUNK.match(ln.text) or PAYWALL.search(ln.text):
            flush()
            break
        elif ln.bullet or re.match(r"^(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)\s*:", ln.text):
            flush()
            current.append(ln)
        elif current and ln.no == current[-1].no + 1:
            current.append(ln)
    flush()
    return items


def _news_item(lines: list[Line], kind: str, digest_date: dt.date | None) -> NewsItem:
    text = join([ln.text for ln in lines])
    problems: list[Problem] = []
    date = None
    md = find_month_day(text[:25])
    head = re.match(r"^(?:[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+[A-Za-z]+)\s*:\s*", text)
    if head:
        text = text[head.end():]
    if md and digest_date:
        year = digest_date.year - 1 if md[0] > digest_date.month + 1 else digest_date.year
        try:
            date = date_in_year(md[0], md[1], year, head.group(0) if head else "")
        except BadDate as exc:
            problems.append(Problem(lines[0].no, str(exc)))
    elif not md:
        problems.append(Problem(lines[0].no, "news item without a date"))
    body, label = _split_source(text)
    agencies = agencies_named(body)
    for ref in agencies_named(label):
        if ref.key not in {a.key for a in agencies}:
            agencies.append(ref)
    led = re.search(r"\bled by (?:the )?(.{2,80})", body)
    lead = next(iter(resolve.agencies().find(led.group(1))), None) if led else None
    companies = resolve.companies().find(body)
    candidates = _candidates(body) if kind == "corporate" and not companies else []
    problems += [Problem(lines[0].no, f"unknown company name {c!r} (a candidate for the company vocabulary)")
                 for c in candidates]
    return with_report(NewsItem(
        kind=kind,
        date=date,
        text=text.strip(),
        agencies=tuple(agencies),
        companies=tuple(companies),
        sectors=tuple(resolve.sectors().find(body)),
        targets=tuple(read_targets(body, lines[0].no, bullet=False, target_year=None)),
        candidates=tuple(candidates),
        lead_agency=lead or (agencies[0] if agencies else None),
        span=Span("Policy news" if kind == "policy" else "Corporate news", lines[0].no, lines[-1].no),
        problems=tuple(problems),
    ))


def _split_source(text: str) -> tuple[str, str]:
    """Split the trailing source links "(MIIT notice (CN); Reuters article (EN))" from an item's text."""
    depth = 0
    for k in range(len(text) - 1, -1, -1):
        if text[k] == ")":
            depth += 1
        elif text[k] == "(":
            depth -= 1
            if depth == 0:
                label = text[k + 1: -1] if text.rstrip().endswith(")") else ""
                if SOURCE_LABEL.search(label) and text.rstrip().endswith(")"):
                    return text[:k].strip(), label
                break
    return text, ""


NOT_NAMES = {
    "the", "a", "an", "chinese", "china", "french", "german", "us", "american", "japanese", "korean", "european",
    "state-owned", "public", "beijing", "shanghai", "shenzhen", "hong kong", "eu", "ev", "evs", "ai", "jv",
    "ipo", "ceo", "soe", "soes", "r&d", "memorandum of understanding", "in", "on", "after", "following",
    "cny", "rmb", "usd", "eur", "gdp", "guangzhou", "nanjing", "hangzhou", "wuhan", "chengdu", "chongqing",
    "tianjin", "suzhou", "hefei", "ningbo", "xiamen", "qingdao", "dalian", "shenyang", "taiwan", "macau", "hainan",
    "guangdong", "jiangsu", "zhejiang", "shandong", "europe", "germany", "france", "hungary", "united states",
    "japan", "korea", "india", "asia", "africa", "latin america", "greater bay area", "xinjiang", "inner mongolia",
}


def _candidates(body: str) -> list[str]:
    """Capitalised names in a corporate item that no vocabulary knows: candidates for the company list."""
    found: list[str] = []
    for m in re.finditer(r"(?<![\w.])[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|de))*", body):
        name = re.sub(r"['’]s?\b.*$", "", m.group(0)).strip(" .")
        name = re.sub(r"\s+(?:of|de)$", "", name)
        while name.split(" ", 1)[0].lower() in NOT_NAMES and " " in name:
            name = name.split(" ", 1)[1]
        if name.lower() in NOT_NAMES or find_month_day(name) or len(name) < 2:
            continue
        if resolve.agencies().find(name) or name in found:
            continue
        found.append(name)
    return found[:3]
