"""The "article" layout: one policy reported in one piece of writing.

Policy tickers, commentaries, compliance briefs, news stories on a policy and the header block of a translation
("Chinese title:", "Issuing body:", "Document number:", "Promulgation date:", "Effective date:", "Source:") all
report one document, or one above all others. The reader takes that document with its issuers, date, status,
document number, effective date and source link, and the targets of the whole text ("By 2025: ..." bullets).
Stamps ("Updated: ...", "3 min read"), photo captions and what follows "Related stories" are never read for facts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .. import resolve
from ..doctypes import document_type
from ..errors import DigestSyntaxError
from ..extract.issuers import issuer_field, issuer_prefix, issuers_in_text
from ..extract.mentions import (
    RELEASE,
    Context,
    Mention,
    date_kind,
    dates_in,
    find_mentions,
    is_stamp,
    is_title,
    sentences,
    targets_in,
    title_key,
    title_spans,
    units,
)
from ..extract.reported import with_report
from ..extract.sectors import tag_sectors
from ..extract.status import is_draft
from ..model import Digest, NewsItem, PolicyEntry, Problem, Ref, Span, Target
from .base import CJK, Document, Line

ORDER = 60
LABELS = {
    "title": r"(?:english\s+|translated\s+)?title|translation|policy(?:\s+name)?|document(?:\s+title)?|name",
    "title_zh": r"chinese(?:\s+(?:title|name))?|original(?:\s+chinese)?\s+title|中文(?:标题|名称)|标题|名称",
    "issuers": r"issuing\s+(?:bod(?:y|ies)|authorit(?:y|ies)|agenc(?:y|ies)|departments?|organs?)|issued\s+by|"
               r"promulgated\s+by|promulgati(?:ng|on)\s+(?:authorit(?:y|ies)|bod(?:y|ies)|entit(?:y|ies))|issuers?|"
               r"发文机关|发布机关",
    "doc_number": r"document\s+(?:number|no\.?)|doc\.?\s+no\.?|issuing\s+number|reference\s+number|文号|发文字号",
    "date": r"promulgation\s+date|date\s+of\s+(?:promulgation|issuance|issue|release)|date\s+(?:issued|promulgated)|"
            r"(?:issue|issuing|release|publication|promulgated)\s+date|original(?:ly)?\s+published|"
            r"(?:date\s+)?promulgated|发布日期|成文日期|印发日期",
    "effective": r"effective(?:\s+(?:date|from|as\s+of))?|date\s+(?:effective|of\s+implementation)|"
                 r"implementation\s+date|in\s+force\s+(?:from|since)|施行日期|实施日期",
    "source": r"source(?:\s+url)?|original(?:\s+(?:text|chinese|source))?|link|chinese\s+source|原文链接|来源",
    "status": r"status|validity|时效性",
    "digest_date": r"translation\s+(?:published|posted|date)|published(?:\s+on)?|posted(?:\s+on)?|date",
    "authors": r"by|authors?|translat(?:or|ors|ed\s+by)|written\s+by",
    "publisher": r"publisher",
}
FIELD = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in LABELS.items()) + r")\s*[:：]\s*(?P<value>.+)$", re.I)
END = re.compile(r"^(?:related\s+(?:stories|articles|content|posts|news|reading)|read\s+(?:more|next)|more\s+from|"
                 r"you\s+may\s+also\s+like|most\s+(?:viewed|read|popular)|share\s+this|copyright|©|tags?\s*:|"
                 r"recommended|about\s+the\s+authors?|sign\s+up|subscribe)\b", re.I)
DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40},\s+(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)\s*"
                      r"(?:\((?:Xinhua|Reuters|AFP|AP|Bloomberg|CGTN|China Daily)\)\s*)?(?:--|—|–|-)")
URL = re.compile(r"https?://\S+")
MONTH_YEAR = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December)\s+((?:19|20)\d\d)\b")
BYLINE = re.compile(r"^[Bb]y\s+(?P<names>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+"
                    r"(?:\s+[A-Z][\w.'’-]+){1,3})*)\s*$")


@dataclass
class Header:
    """The labelled fields at the top of an article or translation, each with its line."""

    values: dict[str, tuple[str, Line]] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)

    def get(self, name: str) -> str | None:
        """The value of field ``name``, or None."""
        return self.values[name][0] if name in self.values else None


class Article:
    """Reads one policy reported in an article, a commentary, a brief or a translation's header."""

    name = "article"
    #: the highest score :meth:`recognise` gives: a layout surer than this is never outranked by this one
    ceiling = 0.7
    summary = ("one policy reported in one article: a ticker item, commentary, compliance brief, news story or a "
               "translation's header block (title, Chinese title, issuing body, document number, dates, source)")

    def recognise(self, doc: Document) -> float:
        """Sure on a translation header or a headline naming the document; fairly sure on one document named."""
        header = read_header(doc.content[:40])
        if header.get("title") and len(set(header.values) & {"issuers", "doc_number", "date", "effective",
                                                            "title_zh", "source"}) >= 2:
            return 0.7
        if _prefix_mention(doc):
            return 0.6
        found = find_mentions(body_lines(doc, header), doc.form, context(doc, header))
        if not found.mentions:
            return 0.2 if _untitled_release(body_lines(doc, header), doc.form) else 0.0
        if len(_headed(found.mentions, doc)) == 1:
            return 0.65  # a translation of one document's text: the laws its articles cite are not reported
        main = main_mention(found.mentions, doc)
        if len(found.mentions) <= 3 and _in_head(main, doc) and (
                main.count > 1 or len(found.mentions) == 1 or _named_again(main, found.mentions)):
            return 0.6
        return 0.5 if len(found.mentions) == 1 else 0.0

    def read(self, doc: Document) -> Digest:
        """The digest in ``doc``; raises DigestSyntaxError when no policy is named."""
        return _read(doc)


LAYOUT = Article()


# --------------------------------------------------------------------------- header


def read_header(lines: list[Line]) -> Header:
    """Labelled fields ("Issuing body: ...") among ``lines``, the first of each label kept."""
    header = Header()
    for ln in lines:
        m = FIELD.match(ln.text)
        if not m or len(m["label"]) > 40:
            continue
        name = next(k for k in LABELS if m.group(k))
        value = m["value"].strip()
        if name == "source" and ln.links:
            value = ln.links[0]
        if name == "title" and m["label"].lower() == "translation" and not re.search(r"[A-Z]", value[:1]):
            continue
        header.values.setdefault(name, (value, ln))
        header.lines.add(ln.no)
    facts = set(header.values) & {"issuers", "doc_number", "date", "effective"}
    if "title" not in header.values and len(facts) >= 2 and lines and is_title(lines[0].text):
        header.values["title"] = (lines[0].text, lines[0])
        header.lines.add(lines[0].no)
    return header


def body_lines(doc: Document, header: Header) -> list[Line]:
    """The lines that speak of the policy: no header fields, stamps or captions, nothing after "Related stories"."""
    out: list[Line] = []
    head = {ln.no for ln in doc.content[:8]}
    for ln in doc.lines:
        if ln.text and END.match(ln.text):
            if ln.no in head:  # a paywall or sign-up box above the story ("Subscribe to keep reading") is chrome
                out.append(Line(ln.no, "", False))
                continue
            break
        if ln.no in header.lines or (ln.text and is_stamp(ln.text)):
            out.append(Line(ln.no, "", False))
            continue
        out.append(ln)
    return out


def context(doc: Document, header: Header) -> Context:
    """The article's own date (a labelled date, a dateline or a bare date line; never a stamp) and year."""
    today = _header_date(header) or _dateline(doc.content[:12], _year_hint(doc.content[:12]))
    if today is None:
        for ln in doc.content[:8]:
            if not is_stamp(ln.text) and len(ln.text) < 80 and ln.no not in header.lines:
                found = dates_in(ln.text, Context())
                if found:
                    today = found[0][2]
                    break
    return Context(today=today, year=today.year if today else _year_hint(doc.content[:12]))


def _header_date(header: Header) -> dt.date | None:
    value = header.get("digest_date")
    found = dates_in(value, Context()) if value else []
    return found[0][2] if found else None


def _year_hint(lines: list[Line]) -> int | None:
    """The year of the first full date near the top, stamps included, else of a month the title names ("September
    2022 Documents"): only to place a "Dec. 29" dateline or a "(September 19)"."""
    for ln in lines:
        found = dates_in(ln.text, Context())
        if found:
            return found[0][2].year
    for ln in lines[:3]:
        m = MONTH_YEAR.search(ln.text)
        if m:
            return int(m.group(1))
    return None


def _dateline(lines: list[Line], year: int | None) -> dt.date | None:
    for ln in lines:
        m = DATELINE.match(ln.text)
        if m:
            found = dates_in(m["when"], Context(year=year))
            if found:
                return found[0][2]
    return None


# --------------------------------------------------------------------------- the policy


def main_mention(mentions: list[Mention], doc: Document) -> Mention:
    """The document the article is about: the one in its headline, else the most named, else the first."""
    head = [m for m in mentions if _in_head(m, doc)]
    if head:
        return max(head, key=_weight)
    return max(mentions, key=lambda m: (_weight(m), -mentions.index(m)))


#: where the text of a law or rule begins: "Article 1", "Chapter I General Provisions"
LEGAL_LINE = re.compile(r"^(?:Article\s+\d+|Chapter\s+(?:[IVXLC]+|\d+))\b")


def _prefix_mention(doc: Document) -> Mention | None:
    """The document of a brief headed "Issuers: Title" ("Emergency Management Department: “14th Five-Year Plan” for
    the Work Safety of Hazardous Chemicals"), when it is the only such heading of the text; else None."""
    headed = [(ln, m) for ln in doc.content if len(ln.text) < 250 and (m := issuer_prefix(ln.text))]
    if len(headed) != 1 or headed[0][0] not in doc.content[:6]:
        return None
    ln, m = headed[0]
    title = _prefixed_title(ln.text[m.end():])
    if not is_title(title):
        return None
    issuers, count = issuers_in_text(m.group("who"))
    said = [s for x in doc.content if x.no > ln.no for _, s in sentences(x.text) if RELEASE.search(s)][:6]
    release = next((s for s in said if title_key(title) in title_key(s)), None) or next(
        (s for s in said if not title_spans(s)), "")  # the sentence on this document, never one on another
    issuers = [*issuers, *(r for r in issuers_in_text(release)[0] if r.key not in {i.key for i in issuers})]
    return Mention(title, None, ln.no, ln.no, issuers=tuple(issuers), issuer_count=count)


def _prefixed_title(rest: str) -> str:
    """The title after an "Issuers:" prefix: the quoted name, unless the quotes open a longer title
    ("“14th Five-Year Plan” for ..."), else the whole rest without quotes."""
    quoted = re.search(r"[“\"]([^”\"]{6,})[”\"]", rest)
    opens = re.match(r"^[“\"][^”\"]+[”\"]\s+(?:for|on|of|in)\b", rest)
    return quoted.group(1).strip() if quoted and not opens else re.sub(r"[“”\"]", "", rest).strip()


def _headed(mentions: list[Mention], doc: Document) -> list[Mention]:
    """In the text of a law or rule (two or more "Article n" or "Chapter n" lines), the distinct documents named
    above its first article: the one the page translates. Empty for any other text."""
    legal = [ln.no for ln in doc.content if LEGAL_LINE.match(ln.text)]
    if len(legal) < 2:
        return []
    above = [m for m in mentions if m.first_line < legal[0] and not LEGAL_LINE.match(m.title_en or "")]
    return list({m.key: m for m in reversed(above)}.values())[::-1]


def _named_again(main: Mention, mentions: list[Mention]) -> bool:
    """Whether the body names the headline's document again in longer words: "14th Five-Year Plan for ICT" over
    "the 14th Five Year Plan (FYP) for the Information and Communications Industry"."""
    return any(m is not main and _same_document(main.title_en, m.title_en) for m in mentions)


def _same_document(short: str | None, long: str | None) -> bool:
    if not short or not long:
        return False
    a, b = _words(short), _words(long)
    numbers = {w for w in a if w[:1].isdigit()}
    kinds = a & {"plan", "measures", "notice", "opinions", "guidelines", "law", "regulations", "rules", "provisions",
                 "outline", "strategy", "programme", "program", "catalogue", "list"}
    return bool(kinds) and kinds <= b and numbers <= b and len(a & b) >= max(2, len(a) // 2)


def _words(title: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", title_key(title).replace("-", " ")))


def _weight(m: Mention) -> int:
    """How much the text says of a document: how often it names it, and whether it says who issued it and when."""
    return m.count + 2 * bool(m.issuers) + 2 * bool(m.date) + bool(m.doc_number)


def _in_head(mention: Mention, doc: Document) -> bool:
    first = doc.content[0].no if doc.content else 0
    return mention.first_line <= first + 3


def _read(doc: Document) -> Digest:
    header = read_header(doc.content[:40])
    ctx = context(doc, header)
    body = body_lines(doc, header)
    found = find_mentions(body, doc.form, ctx)
    problems: list[Problem] = []
    headed = _headed(found.mentions, doc)
    mentions = headed if len(headed) == 1 else found.mentions
    main = _header_mention(header, mentions, problems) or _prefix_mention(doc) or (
        main_mention(mentions, doc) if mentions else None)
    if main is None:
        news = _untitled_news(body, doc, ctx)
        if news is None:
            raise DigestSyntaxError("no policy document is named in this article", doc.path)
        return Digest(source=doc.path.name, publisher=header.get("publisher"), title=_title(doc, header),
                      date=ctx.today, period=None, authors=tuple(_authors(doc.content[:15], header)), editors=(),
                      policies=(), news=(news,), checksum=doc.checksum, problems=(), layout=LAYOUT.name)
    main = _with_orphan(main, found.orphans, ctx)
    policy = _policy(main, header, body, doc, ctx, problems)
    return Digest(
        source=doc.path.name,
        publisher=header.get("publisher"),
        title=_title(doc, header),
        date=ctx.today,
        period=None,
        authors=tuple(_authors(doc.content[:15], header)),
        editors=(),
        policies=(policy,),
        news=(),
        checksum=doc.checksum,
        problems=tuple(p for p in found.problems if p.line != main.first_line) if header.values else (),
        layout=LAYOUT.name,
    )


#: a document reported without its title: "MIIT has revised its management measures for ..."
UNTITLED_OBJECT = re.compile(r"^[^.;]{0,40}?\b(?:measures|rules|regulations?|plan|guidelines?|guidance|opinions|"
                             r"notice|circular|provisions|standards?|catalogue|list|law)\b")


def _untitled_release(body: list[Line], form: str) -> tuple[str, int] | None:
    """The sentence of the story's first paragraphs in which a named agency releases or revises a document that
    the story never names by title, with its line; None where there is none."""
    for unit in units(body, form)[:4]:
        for offset, sentence in sentences(unit.text):
            verb = RELEASE.search(sentence)
            if verb and UNTITLED_OBJECT.match(sentence[verb.end():]) and issuers_in_text(sentence)[0]:
                return sentence, unit.line_at(offset)
    return None


def _untitled_news(body: list[Line], doc: Document, ctx: Context) -> NewsItem | None:
    """A story on a document it never names by title: a news item of the agencies that released it (the
    document is not invented), dated by the story."""
    found = _untitled_release(body, doc.form)
    if found is None:
        return None
    sentence, line = found
    text = " ".join(ln.text for ln in body if ln.text)
    agencies = tuple(issuers_in_text(sentence)[0])
    return with_report(NewsItem(
        kind="policy", date=_issue_date(sentence, ctx) or ctx.today, text=text, agencies=agencies,
        companies=tuple(resolve.companies().find(text)),
        sectors=tag_sectors([("headline", _title(doc, Header()) or ""), ("text", sentence)]),
        targets=(), candidates=(), lead_agency=agencies[0], span=Span("Article", line, _last_line(body))))


def _with_orphan(main: Mention, orphans: list[tuple[str, int, str]], ctx: Context) -> Mention:
    """In an article about one document, a lone document number without a title is that document's."""
    numbers = {number for number, _, _ in orphans}
    if main.doc_number or len(numbers) != 1:
        return main
    number, _, sentence = orphans[0]
    dated = {date_kind(sentence[:s]): when for s, _, when in reversed(dates_in(sentence, ctx))}
    return replace(main, doc_number=number, date=main.date or dated.get("issued"),
                   effective=main.effective or dated.get("effective"))


def _header_mention(header: Header, mentions: list[Mention], problems: list[Problem]) -> Mention | None:
    """The policy a translation's header names, joined to its mention in the text where there is one."""
    title = header.get("title")
    if not title and not header.get("title_zh"):
        return None
    line = header.values.get("title", header.values.get("title_zh", ("", Line(1, "", False))))[1].no
    title = re.sub(r"\s*[-–—|]\s*(?:[A-Z][a-z]{2,8}\.?\s+)?\d{4}\s*$", "", title).strip(" “”\"") if title else None
    same = next((m for m in mentions if title and m.key == title_key(title)), None)
    issuers: tuple[Ref, ...] = ()
    if header.get("issuers"):
        value, ln = header.values["issuers"]
        issuers = tuple(issuer_field(value, ln.no, problems))
    base = same or Mention(title, None, line, line)
    return Mention(
        title_en=title or base.title_en,
        title_zh=_zh(header.get("title_zh")) or base.title_zh,
        first_line=min(line, base.first_line), last_line=max(line, base.last_line),
        issuers=issuers or base.issuers, issuer_count=base.issuer_count,
        date=_field_date(header, "date") or base.date,
        effective=_field_date(header, "effective") or base.effective,
        draft=is_draft(" ".join(filter(None, [title, header.get("title_zh"), header.get("status")]))) or base.draft,
        doc_number=header.get("doc_number") or base.doc_number,
        targets=base.targets, companies=base.companies, count=base.count, text=base.text,
    )


def _zh(value: str | None) -> str | None:
    if not value or not re.search(f"[{CJK}]", value):
        return None
    return value.strip().strip("《》")


def _field_date(header: Header, name: str) -> dt.date | None:
    value = header.get(name)
    found = dates_in(value, Context()) if value else []
    return found[0][2] if found else None


def _policy(main: Mention, header: Header, body: list[Line], doc: Document, ctx: Context,
            problems: list[Problem]) -> PolicyEntry:
    """The policy entry: the main mention, with the facts the rest of the article adds where it lacks them."""
    issuers, count, date = main.issuers, main.issuer_count, main.date
    if not issuers or date is None:
        for text in _release_sentences(body, doc.form):
            if not issuers:
                found, n = issuers_in_text(text)
                issuers, count = tuple(found), n if n and n > len(found) else count
            date = date or _issue_date(text, ctx)
    targets = _all_targets(body, doc.form)
    sectors = tag_sectors([("title", main.title_en or ""), ("title", main.title_zh or "")]
                          + [("target", t.text) for t in targets] + [("bullet", main.text)])
    if date is None:
        problems.append(Problem(main.first_line, "no issue date is stated for this policy"))
    return PolicyEntry(
        rank=1, headline=_title(doc, header), title_en=main.title_en, title_zh=main.title_zh,
        span=Span("Article", main.first_line, max(main.last_line, _last_line(body))),
        issuers=issuers, date=date, status="draft-for-comment" if main.draft else "issued",
        document_type=document_type(main.title_en, main.title_zh), sectors=sectors,
        companies=tuple(resolve.companies().find(" ".join(ln.text for ln in body if ln.text))),
        targets=tuple(targets), summary=main.text, problems=tuple(problems), doc_number=main.doc_number,
        effective=main.effective, source_url=_source_url(header), issuer_count=count,
    )


def _release_sentences(body: list[Line], form: str) -> list[str]:
    """The sentences of the first paragraphs that report a release ("made public on Friday", "issued by ...")."""
    out = []
    for unit in units(body, form)[:6]:
        out += [s for _, s in sentences(unit.text) if RELEASE.search(s)]
    return out


def _issue_date(text: str, ctx: Context) -> dt.date | None:
    for start, _, when in dates_in(text, ctx):
        if date_kind(text[:start]) == "issued":
            return when
    return None


def _all_targets(body: list[Line], form: str) -> list[Target]:
    """Targets of every sentence and bullet of the article; a bullet takes the years of the lead-in before it."""
    out: list[Target] = []
    lead = ""
    for unit in units(body, form):
        if unit.bullet:
            out += targets_in([(unit.text, -unit.lines[0])], lead=lead)
            continue
        lead = unit.text
        out += targets_in([(s, unit.line_at(o)) for o, s in sentences(unit.text)])
    return out


def _last_line(body: list[Line]) -> int:
    return max((ln.no for ln in body if ln.text), default=1)


def _source_url(header: Header) -> str | None:
    value = header.get("source")
    m = URL.search(value) if value else None
    return m.group(0).rstrip(").,") if m else None


def _title(doc: Document, header: Header) -> str | None:
    """The article's headline: the first line of several words that is neither a stamp nor a menu."""
    named = header.values.get("title")
    if named and doc.content and named[1] is doc.content[0]:
        return named[0]  # the page's first line, taken as the title its labelled fields belong to
    for ln in doc.content[:10]:
        if ln.no in header.lines or is_stamp(ln.text) or ln.text.count("|") >= 2 or len(ln.text.split()) < 4:
            continue
        if _date_line(ln.text) or END.match(ln.text) or re.fullmatch(r"\[[^\[\]]*\]", ln.text):
            continue
        return re.sub(r"^(?:translation|title)\s*:\s*", "", ln.text, flags=re.I)
    return None


def _date_line(text: str) -> bool:
    """A line that is a date and a word or two of page chrome ("Logo 17 Nov 2021"), not a headline."""
    found = dates_in(text, Context())
    rest = text
    for start, end, _ in reversed(found):
        rest = rest[:start] + rest[end:]
    return bool(found) and len(rest.split()) < 3


def _authors(lines: list[Line], header: Header) -> list[str]:
    value = header.get("authors")
    if value is None:
        for ln in lines:
            m = BYLINE.match(ln.text)
            if m:
                value = m["names"]
                break
    if not value:
        return []
    return [n.strip() for n in re.split(r",|\band\b|&", value) if n.strip()]
