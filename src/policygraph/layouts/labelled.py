"""Labelled lists: items whose facts stand in labelled fields, one item after another or one item a table row.

Law firms' monthly "laws and regulations" updates, policy databases and policy-list sites present each document as
a title (English, Chinese or both), fields such as "Promulgated by", "Issuing Agency:", "Promulgation date:",
"Effective date:", "Document No.:", "Status:", "Link:" (or 发文机关, 发文字号, 成文日期, 发布日期, 施行日期), then a
summary. Labels vary in case, language and order, and a field may be missing. Policy lists give one document a row:
English title, Chinese title, document number and date in the columns of a Markdown or pipe-separated table.

What a field does not state stays None: "Effective date" goes to ``effective``, never to ``date``; a document number
is taken only where a field or the title gives one; a date without a year takes the digest's year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import resolve
from ..dates import MONTHS, BadDate, date_in_year, find_date, find_month_day
from ..doctypes import document_type
from ..errors import DigestSyntaxError
from ..extract.docnumbers import find_doc_numbers
from ..extract.issuers import agency_spans, issuer_field, issuers_in_text
from ..extract.sectors import tag_sectors
from ..extract.status import is_draft
from ..model import Digest, NewsItem, PolicyEntry, Problem, Ref, Span, Target
from ..targets import lead_in_years, read_targets
from .base import CJK, Document, Line, join

ORDER = 40

#: field labels (regular expressions, matched whole and case-insensitively) by the kind of fact they give
LABELS: dict[str, tuple[str, ...]] = {
    "issuer": (r"(?:jointly\s+)?promulgated\s+by", r"(?:jointly\s+)?issued\s+by", r"released\s+by",
               r"promulgati(?:ng|on)\s+(?:authority|authorities|entity|entities|bod(?:y|ies)|department|organ)",
               r"issuing\s+(?:agency|agencies|authority|authorities|bod(?:y|ies)|departments?|organ|unit)",
               r"issuers?", r"agency", r"agencies", r"authority", r"departments?", "发文机关", "发布机关", "发布单位",
               "发文单位", "颁布单位", "颁布机关", "制定机关", "发布机构", "发布部门", "发文部门", "印发机关",
               "联合发文单位"),
    "publisher": (r"published\s+by",),
    "date": (r"promulgation\s+date", r"date\s+of\s+promulgation", r"promulgated\s+(?:date|on)", r"promulgated",
             r"date\s+issued", r"date\s+of\s+issu(?:e|ance)", r"issu(?:e|ance|ing)\s+date", r"issued\s+on",
             r"issued", r"adopted\s+on", r"adoption\s+date", r"signed\s+on", "成文日期", "成文时间", "颁布日期",
             "印发日期", "发文日期"),
    "pubdate": (r"release\s+date", r"date\s+of\s+release", r"released\s+on", r"released", r"publication\s+date",
                r"date\s+of\s+publication", r"published\s+on", r"date\s+published", "发布日期", "公布日期",
                "发布时间", "公开日期"),
    "generic-date": (r"date", "日期", "时间"),
    "effective": (r"effective\s+date", r"date\s+effective", r"date\s+of\s+effect", r"effective\s+(?:from|on|as\s+of)",
                  r"effective", r"implementation\s+date", r"date\s+of\s+implementation",
                  r"implemented\s+(?:on|from)", r"implementation", r"(?:entry|came|comes)\s+into\s+(?:force|effect)",
                  r"in\s+force\s+(?:from|since)", r"commencement\s+date", r"date\s+of\s+commencement", "施行日期",
                  "实施日期", "生效日期", "施行时间", "实施时间", "生效时间"),
    "docno": (r"document\s+(?:number|no\.?)", r"doc\.?\s*(?:number|no\.?|#)", r"file\s+(?:number|no\.?)",
              r"order\s+no\.?", r"decree\s+no\.?", "发文字号", "文号", "字号", "发文号", "文件编号"),
    "status": (r"status", r"validity(?:\s+status)?", r"legal\s+status", r"current\s+status", r"timeliness",
               "时效性", "有效性", "效力状态", "时效状态", "状态"),
    "deadline": (r"comments?\s+deadline", r"deadline\s+for\s+(?:public\s+)?comments?", r"comments?\s+due",
                 r"feedback\s+deadline", r"consultation\s+(?:deadline|ends|period)", r"deadline",
                 "意见反馈截止日期", "意见反馈截止时间", "征求意见截止日期", "征求意见截止时间", "反馈截止日期",
                 "截止日期", "征求意见期限"),
    "url": (r"link", r"url", r"source\s+(?:url|link)", r"original\s+(?:link|text)", r"full[\s-]text(?:\s+link)?",
            r"web\s+link", r"source\s+of\s+text", "原文链接", "原文地址", "链接", "网址"),
    "source": (r"source", "来源", "信息来源"),
    "title": (r"title", r"name", r"document\s+(?:title|name)", r"policy(?:\s+(?:title|name))?", r"document",
              "标题", "名称", "文件名称", "政策名称", "文件标题"),
    "title_en": (r"english\s+(?:title|name)", r"title\s+\(english\)", r"title\s+in\s+english", r"translated\s+title",
                 r"english", "英文标题", "英文名称"),
    "title_zh": (r"chinese\s+(?:title|name)", r"title\s+\(chinese\)", r"title\s+in\s+chinese", r"original\s+title",
                 r"chinese", "中文标题", "中文名称", "原标题", "原文标题"),
    "summary": (r"summary", r"main\s+contents?", r"key\s+(?:points|contents)", r"overview", r"abstract",
                r"description", r"highlights", r"brief", "摘要", "主要内容", "内容摘要", "内容提要", "要点", "简介"),
    "ignore": (r"area\s+of\s+law", r"level\s+of\s+authority", r"clp\s+reference", r"reference",
               r"index\s+(?:no\.?|number)", r"categor(?:y|ies)", r"topics?", r"tags?", r"sectors?", r"industry",
               r"related\s+(?:legislation|documents|laws)", r"(?:expiration|expiry|repeal)\s+date", r"area",
               r"region", r"subject", r"keywords?",
               r"no\.?", r"#", "序号", "索引号", "主题分类", "分类", "主题词", "关键词", "文种", "效力级别", "失效日期",
               "废止日期", "所属行业", "行业", "地区", "相关法规", "附件"),
    "header": (r"publisher", r"posted(?:\s+on)?", r"last\s+updated", r"updated", r"edited\s+by", r"editors?",
               r"compiled\s+by", r"prepared\s+by", r"authors?", r"coverage", "编者", "编辑", "出版日期", "出版者",
               "更新日期", "作者", "主编"),
}
#: labels too common in running text to start a second field inside a line
NOT_INLINE = {"date", "日期", "时间", "name", "名称", "policy(?:\\s+(?:title|name))?", "document", "source", "来源",
              "area", "region", "subject", "industry", "sectors?", "english", "chinese", "authority", "agency",
              "agencies", "departments?", "description", "brief", "reference", "no\\.?", "#", "implementation",
              "issued", "released", "promulgated", "effective", "status", "link", "url", "deadline", "tags?",
              "topics?", "summary", "overview", "highlights", "abstract", "updated", "authors?", "editors?"}


def _alternation(patterns: list[str]) -> str:
    """Patterns joined longest first, so "issued by" is tried before "issued"."""
    return "|".join(sorted(patterns, key=len, reverse=True))


_ALL = [p for ps in LABELS.values() for p in ps]
_INLINE = [p for p in _ALL if p not in NOT_INLINE]
FIELD_LABEL = re.compile(
    rf"^(?:[【\[]\s*)?(?:(?P<prefix>[{CJK}]{{2,8}})\s+)?(?P<label>{_alternation(_ALL)})"
    rf"(?:(?<=[.号#])|(?=[\s:：】\]]|$))\s*[】\]]?\s*(?P<colon>[:：])?\s*", re.I)
INLINE_LABEL = re.compile(rf"(?:(?<=\s)|(?<=[;；|]))(?P<label>{_alternation(_INLINE)})\s*[:：]", re.I)
_COMPILED = {kind: re.compile(rf"(?:{_alternation(list(ps))})", re.I) for kind, ps in LABELS.items()}
HEADER_DATE = re.compile(r"(?:\b(?:published|posted|last\s+updated|updated|date|issue\s+date|release\s+date)\b|"
                         r"出版日期|更新日期|发布日期)\s*(?:on\b)?\s*[:：]?\s*", re.I)
PUBLISHER_LABEL = re.compile(r"^(?:publisher|published\s+by|compiled\s+by|prepared\s+by|edited\s+by|editors?|编者|编辑|"
                             r"出版者|主编)(?:\s+[A-Za-z]+)?\s*[:：]?\s+(?P<rest>\S.*)$", re.I)
JUNK = re.compile(r"^(?:©|\(c\)\s|copyright\b|all rights reserved|this (?:update|newsletter|publication|alert|"
                  r"material|document|briefing) (?:is|does|has)\b|disclaimer\b|subscribe\b|unsubscribe\b|"
                  r"share this\b|back to top\b|related (?:articles|posts|content)\b|免责声明|版权所有)", re.I)
PLACEHOLDER = re.compile(r"[-–—/]+|n/?a|none|无|暂无|待定|tbc|tbd", re.I)
STATUS_WORDS = re.compile(r"(?:in force|effective|not yet (?:in force|effective)|repealed|revised|expired|现行有效|"
                          r"尚未生效|已失效|已废止|已被修改|部分失效)", re.I)
#: a Chinese label spaced out to fill a table cell: "标 题：", "索 引 号："
SPACED_LABEL = re.compile(rf"(?:^|(?<=\s))[{CJK}](?: [{CJK}]){{1,5}}(?=\s*[:：])")
COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*"
                       r"([^.©]+?)\s*(?:\.\s|\.?$|\ball rights reserved)", re.I)
NUMBERED = re.compile(r"^\s*(?:\d{1,3}\s*[.)、．](?!\d)\s*|[一二三四五六七八九十]+\s*[、.．]\s*|"
                      r"[（(](?:[一二三四五六七八九十]+|\d{1,3})[)）]\s*)(?=\S)")


def label_kind(label: str, prefix: str | None) -> str:
    """The kind of fact a label gives; a known Chinese label before an English one ("出版日期 Date:") decides."""
    for text in filter(None, [prefix, label]):
        for kind, pattern in _COMPILED.items():
            if pattern.fullmatch(text.strip()):
                return kind
    return "ignore"


def column_kind(cell: str) -> str | None:
    """The kind of a table column from its header cell, or None when the cell is no known label."""
    text = re.sub(r"[*_:：]", "", cell).strip()
    if not text:
        return None
    for kind, pattern in _COMPILED.items():
        if pattern.fullmatch(text):
            return kind
    return None


ITEM_KINDS = {"issuer", "publisher", "date", "pubdate", "generic-date", "effective", "docno", "status", "deadline",
              "url", "source", "title", "title_en", "title_zh", "summary", "ignore"}
STRONG_KINDS = {"docno", "effective", "status", "deadline", "title", "title_en", "title_zh"}
DATE_ORDER = ("date", "pubdate", "generic-date")
URL = re.compile(r"https?://[^\s<>\"'）)]+")
SOURCE_NOTE = re.compile(r"\s*\((?:source|来源)\s*[:：][^()]*\)\s*$|\s*（来源[:：][^（）]*）\s*$", re.I)
BOILERPLATE = re.compile(r"\s*(?:read (?:the )?(?:full text|more)[^.]*?(?:>|›|»)?|阅读原文|查看原文|详情>+|"
                         r"details\s*>+.*)\s*$", re.I)
COMMENT = re.compile(r"\b(?:our (?:note|comment|view|take)|comment|analyst(?:'s)? note|editor'?s note|"
                     r"note from the editor|编者按|点评)\s*[:：]", re.I)
ZH_COUNT = re.compile(r"等\s*([0-9一二三四五六七八九十]+)\s*(?:个)?(?:部门|部委|单位|机构)")
ZH_NUMBERS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu",
            "fri", "sat", "sun")
DATE_PARTS = re.compile(rf"\b(?:{'|'.join([*MONTHS, *WEEKDAYS])})\b\.?|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}:\d{{2}}|"
                        r"\b(?:19|20)\d\d\b|\d{1,2}|[年月日,()（）\s]", re.I)
#: a document number closing a title line: "... 国发〔2023〕11号.", "... Guo Fa [2023] No. 11."
TRAILING_NUMBER = re.compile(rf"\s*[{CJK}]{{1,16}}\s*[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*第?\s*\d{{1,4}}\s*号"
                             r"\.?$|\s*\b(?:[A-Z][a-z]{0,5}\s){1,6}\[\s*(?:19|20)\d\d\s*\]\s*No\.\s*\d{1,4}\.?$")
#: "Notice of the <issuer> on ...": the issuer an English title names
TITLE_OF_ISSUER = re.compile(r"^[A-Z][\w\s,]{0,40}?\bof\s+(?:the\s+)?(.{2,160}?)\s+(?:on|concerning|regarding|for)\s")
DRAFT_LABEL_VALUES = re.compile(r"\bdraft\b|征求意见|草案|exposure", re.I)
UPON_ISSUE = re.compile(r"upon (?:issuance|promulgation|publication|release)|(?:as of|from) (?:the )?date of "
                        r"(?:issue|issuance|promulgation|publication)|自(?:发布|公布|印发)之日起", re.I)


@dataclass
class Item:
    """One listed document before it is read: its title lines, labelled fields and summary lines."""

    titles: list[Line] = field(default_factory=list)
    fields: list[tuple[str, str, Line]] = field(default_factory=list)  # (kind, value, line)
    summary: list[Line] = field(default_factory=list)
    extra: list[Line] = field(default_factory=list)  # continuation lines of a labelled summary

    def values(self, kind: str) -> list[tuple[str, Line]]:
        """The values of every field of ``kind``, in order."""
        return [(value, ln) for k, value, ln in self.fields if k == kind and value]

    @property
    def lines(self) -> list[Line]:
        """Every line of the item, in order."""
        return sorted({ln.no: ln for ln in [*self.titles, *(f[2] for f in self.fields), *self.summary,
                                              *self.extra]}.values(),
                      key=lambda ln: ln.no)


class LabelledList:
    """Reads lists of documents with labelled fields, and policy tables of one document a row."""

    name = "labelled-list"
    summary = ("Labelled lists: law-firm 'laws and regulations' updates and policy databases (title, 'Promulgated "
               "by', 'Promulgation date', 'Effective date', 'Document No.', 发文机关/发文字号/成文日期 ...) and "
               "policy tables of English title, Chinese title, document number and date")

    def recognise(self, doc: Document) -> float:
        """Sure on three or more items with dates, numbers or status in labelled fields (or table rows); unsure on
        one, or where the only label is the issuer; never on MERICS issues."""
        if any(re.match(r"(?:at a glance|merics comment)\b", ln.text, re.I) for ln in doc.content[:400]):
            return 0.1
        _, items = find_items(doc.content)
        strong = [item for item in items if _is_strong(item)]
        rich = sum(1 for item in strong if {k for k, _, _ in item.fields} - {"issuer", "ignore", "summary", "url",
                                                                              "source", "publisher"})
        if not rich:
            return 0.4 if strong else 0.0  # titles with an issuer line only: news items rather than a list
        return {1: 0.45, 2: 0.65}.get(rich, 0.85)

    def read(self, doc: Document) -> Digest:
        """The digest in ``doc``; raises DigestSyntaxError when it lists no labelled items."""
        header, items = find_items(doc.content)
        if not any(_is_strong(item) for item in items):
            raise DigestSyntaxError("no items with labelled fields (issuer, date, document number) or policy table "
                                    "rows found: this is not a labelled list", doc.path)
        return _digest(doc, header, items)


LAYOUT = LabelledList()


# --------------------------------------------------------------------------- finding items


def find_items(content: list[Line]) -> tuple[list[Line], list[Item]]:
    """The header lines and the items of a document: the rows of its table, or its labelled blocks where they are
    more."""
    blocks = _block_items(content)
    table = _table_items(content)
    if table is None or sum(map(_is_strong, blocks[1])) > len(table[1]):
        return blocks
    return table


def _is_strong(item: Item) -> bool:
    """An item that is surely a listed document: two fields, or one that only documents have."""
    kinds = {k for k, _, _ in item.fields if k not in {"ignore", "summary", "source", "url"}}
    if not item.titles and not kinds & {"title", "title_en", "title_zh"}:
        return False
    if len(kinds) >= 2 or kinds & STRONG_KINDS:
        return True
    if "issuer" in kinds and any(agency_spans(v) for v, _ in item.values("issuer")):
        return True
    return any(_bilingual_title(ln.text) and (kinds or find_doc_numbers(ln.text)) for ln in item.titles)


def _field_parts(ln: Line) -> list[tuple[str, str]] | None:
    """The (kind, value) fields a line holds, or None when it is not a field line."""
    text = SPACED_LABEL.sub(lambda m: m.group(0).replace(" ", ""), ln.text) if "：" in ln.text else ln.text
    m = FIELD_LABEL.match(text)
    if not m:
        return _suffix_fields(text)
    kind = label_kind(m["label"], m["prefix"])
    rest = text[m.end():].strip()
    if not m["colon"] and not _colonless_ok(kind, m["label"], rest):
        return None
    if kind in {"summary"}:
        return [(kind, rest)]
    parts: list[tuple[str, str]] = []
    for sub in _split_inline(rest):
        parts.append(sub if sub[0] else (kind, sub[1]))
    return parts


def _suffix_fields(text: str) -> list[tuple[str, str]] | None:
    """Dates labelled after them, as Chinese law databases list them: "现行有效/2021年2月2日发布/2021年6月1日施行"."""
    parts = [p.strip() for p in re.split(r"\s*[/|｜]\s*", text) if p.strip()]
    out = []
    for part in parts:
        m = re.fullmatch(r"(.{6,20}?)\s*(发布|公布|印发|施行|实施|生效)", part)
        if m and _only_date(m.group(1)):
            out.append(("pubdate" if m.group(2) in "发布公布印发" else "effective", m.group(1)))
        elif STATUS_WORDS.fullmatch(part):
            out.append(("status", part))
        else:
            return None
    return out if any(k != "status" for k, _ in out) else None


def _colonless_ok(kind: str, label: str, rest: str) -> bool:
    """A label without a colon ("Promulgated by MIIT", "File No. No.4 Order") is a field only with a short value."""
    if not rest or len(rest) > 160:
        return False
    if label.lower().endswith("by"):
        return not re.search(r"[.;。]\s*$", rest) or rest.endswith("etc.")
    if re.search(r"no\.?$|号$", label, re.I):
        return bool(re.search(r"\d", rest)) and len(rest) < 80
    return kind in {"date", "pubdate", "effective", "generic-date"} and len(rest) < 40 and _has_date(rest)


def _split_inline(rest: str) -> list[tuple[str, str]]:
    """A field value split at further labels on the same line ("Promulgated: 2006-12-22 Effective: 2007-01-01")."""
    out: list[tuple[str, str]] = []
    last, kind = 0, ""
    for m in INLINE_LABEL.finditer(rest):
        out.append((kind, rest[last:m.start()].strip(" ;；|,")))
        kind, last = label_kind(m["label"], None), m.end()
    out.append((kind, rest[last:].strip(" ;；|")))
    return [(k, v) for k, v in out if k or v]


def _block_items(content: list[Line]) -> tuple[list[Line], list[Item]]:
    """Items of a list of labelled blocks: each run of field lines with the title lines above it."""
    parts = [_field_parts(ln) for ln in content]
    parts = [p if p is None or any(k in ITEM_KINDS for k, _ in p) else None for p in parts]
    parts = _agency_lines(content, parts)
    spans: list[tuple[int, int, int]] = []  # (title start, title end, first field line)
    floor = 0
    for first, end in _runs(parts):
        titled = _has_title_field(parts, first, end)
        start, title_end = (first, first) if titled else _title_span(content, parts, first, floor)
        if titled or title_end > start or not spans:
            spans.append((start, title_end, first))  # an untitled run ("Source: ...") belongs to the item above
        floor = end
    items = []
    for n, (start, title_end, first) in enumerate(spans):
        stop = spans[n + 1][0] if n + 1 < len(spans) else len(content)
        items.append(_block(content, parts, (start, title_end, first), stop))
    lead = next((n for n, item in enumerate(items) if _is_strong(item)), None)
    if lead is None:
        return _bare_items(content)
    return content[: spans[lead][0]], items[lead:]  # weak items above the first sure one are the header's


def _runs(parts: list[list[tuple[str, str]] | None]) -> list[tuple[int, int]]:
    """(first, end) index ranges of consecutive field lines."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(parts):
        if parts[i] is None:
            i += 1
            continue
        first = i
        while i < len(parts) and parts[i] is not None:
            i += 1
        runs.append((first, i))
    return runs


def _has_title_field(parts: list, first: int, end: int) -> bool:
    """Whether the field run holds a "Title:" field (the title is then not above it)."""
    return any(k == "title" for p in parts[first:end] if p for k, _ in p)


def _agency_lines(content: list[Line], parts: list) -> list:
    """Mark a line that only names agencies, just below a title line, as an unlabelled issuer field."""
    out = list(parts)
    for i, ln in enumerate(content):
        if parts[i] is None and i > 0 and parts[i - 1] is None and _title_like(content[i - 1]) and _only_agencies(
                ln.text):
            out[i] = [("issuer", ln.text)]
    return out


def _only_agencies(text: str) -> bool:
    """A short text that names agencies and nothing else ("MOFCOM", "NEA and NDRC")."""
    if len(text) > 160 or not text.strip():
        return False
    spans = agency_spans(text)
    if not spans:
        return False
    rest = text
    for start, end, _ in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = re.sub(r"\((?:[A-Z]{2,8})\)|\band\b|\bthe\b|[,;、&/()（）\s]", "", rest, flags=re.I)
    return not rest


def _title_like(ln: Line) -> bool:
    """A line that can be (part of) a document title: short, no closing full stop, not a link or a source note."""
    text = ln.text
    if len(text) > 300 or URL.match(text) or JUNK.match(text) or SOURCE_NOTE.fullmatch(text):
        return False
    if not any(c.isalpha() for c in text):
        return False
    return not re.search(r"(?<!\b[A-Z])(?<!\bNo)(?<!\betc)[.。!?！？;；>›»]\s*$", text) or bool(NUMBERED.match(text))


def _title_span(content: list[Line], parts: list, first: int, floor: int) -> tuple[int, int]:
    """The (start, end) indexes of the title lines of the field run starting at ``first``: the title-like lines
    just above it, else the nearest line above that names a document (a teaser line may stand between)."""
    start = _title_lines_above(content, parts, first, floor)
    if start < first:
        return start, first
    return _document_line_above(content, parts, first, floor) or (first, first)


def _title_lines_above(content: list[Line], parts: list, first: int, floor: int) -> int:
    """The first of the (at most three English) title-like lines just above line ``first``, or ``first``."""
    start = first
    taken = 0
    for j in range(first - 1, floor - 1, -1):
        ln = content[j]
        below = content[start] if start < first else None
        if parts[j] is not None or not _title_like(ln) or taken >= 3 or _title_above_title(ln, below):
            break
        start, taken = j, taken + (0 if _mostly_cjk(ln.text) else 1)
        if NUMBERED.match(ln.text):
            break
    return start


def _document_line_above(content: list[Line], parts: list, first: int, floor: int) -> tuple[int, int] | None:
    """The (start, end) of the nearest lines within eight above ``first`` that name a document, with the
    Chinese title lines under them, or None."""
    for k in range(first - 1, max(floor, first - 8) - 1, -1):
        if parts[k] is not None:
            return None
        if _title_like(content[k]) and _names_document(content[k].text):
            while k - 1 >= floor and parts[k - 1] is None and _title_like(content[k - 1]) and (
                    _names_document(content[k - 1].text) and not NUMBERED.match(content[k].text)):
                k -= 1
            end = k + 1
            while end < first and _mostly_cjk(content[end].text) and _names_document(content[end].text):
                end += 1
            return k, end
    return None


def _title_above_title(ln: Line, below: Line | None) -> bool:
    """An unnumbered line above a complete title in the same language: a heading, not the title's start."""
    return (below is not None and not NUMBERED.match(ln.text) and _mostly_cjk(ln.text) == _mostly_cjk(below.text)
            and _names_document(below.text))


def _names_document(text: str) -> bool:
    """A line that names a document: its English or Chinese part has a document-type word."""
    en, zh = _split_title(NUMBERED.sub("", text, count=1))
    return document_type(en, zh) != "other"


def _block(content: list[Line], parts: list, span: tuple[int, int, int], stop: int) -> Item:
    """The item with title lines content[start:title_end], teaser lines up to ``first``, the field lines from
    ``first`` on, and summary lines up to ``stop``."""
    start, title_end, first = span
    item = Item(titles=list(content[start:title_end]), summary=list(content[title_end:first]))
    in_summary = False
    for ln, p in zip(content[first:stop], parts[first:stop], strict=True):
        if JUNK.match(ln.text):
            break
        if p is not None:
            item.fields += [(kind, value, ln) for kind, value in p]
            in_summary = p[-1][0] == "summary"
        elif in_summary and (item.extra or [item.fields[-1][2]])[-1].no + 1 == ln.no:
            kind, value, first_ln = item.fields[-1]
            item.fields[-1] = (kind, join([value, ln.text]), first_ln)
            item.extra.append(ln)
        else:
            item.summary.append(ln)
            in_summary = False
    return item


def _bare_items(content: list[Line]) -> tuple[list[Line], list[Item]]:
    """Items of a list without labels: a line with an English and a Chinese title starts an item, a line that is
    only a date gives its date (a repeat of the title line is dropped)."""
    heads = [i for i, ln in enumerate(content) if _bilingual_title(ln.text)]
    heads = [i for n, i in enumerate(heads) if n == 0 or content[i].text != content[heads[n - 1]].text]
    items = []
    for n, i in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else len(content)
        item = Item(titles=[content[i]])
        for ln in content[i + 1: stop]:
            if ln.text == content[i].text or _bilingual_prefix(ln.text, content, stop):
                continue
            if _only_date(ln.text) and not item.values("pubdate"):
                item.fields.append(("pubdate", ln.text, ln))
            elif not JUNK.match(ln.text):
                item.summary.append(ln)
        items.append(item)
    return (content[: heads[0]] if heads else content), items


def _bilingual_title(text: str) -> bool:
    """A line with an English and a Chinese title of a document."""
    en, zh = _split_title(NUMBERED.sub("", text, count=1))
    return bool(en and zh and len(en.split()) >= 3 and len(re.findall(f"[{CJK}]", zh)) >= 4
                and document_type(en, zh) != "other")


def _bilingual_prefix(text: str, content: list[Line], stop: int) -> bool:
    """An English title line repeated at the start of the next item's bilingual title line."""
    return stop < len(content) and content[stop].text.startswith(text) and not _mostly_cjk(text)


# --------------------------------------------------------------------------- tables


def _cells(text: str) -> list[str] | None:
    """The cells of a table row ("| a | b | c |" or "a | b | c"), or None for a line with fewer than three."""
    if text.count("|") < 2:
        return None
    cells = [c.strip() for c in text.strip().strip("|").split("|")]
    return cells if len(cells) >= 3 else None


def _table_items(content: list[Line]) -> tuple[list[Line], list[Item]] | None:
    """Items of the table with the most rows: its columns named by a header row (at least two known labels), or
    guessed from what the cells hold; None when there is no table with a title column."""
    rows = [_cells(ln.text) for ln in content]
    best: tuple[int, list[Item]] | None = None
    i = 0
    while i < len(rows):
        if rows[i] is None:
            i += 1
            continue
        start = i
        while i < len(rows) and rows[i] is not None:
            i += 1
        block = [(j, rows[j] or []) for j in range(start, i) if not all(re.fullmatch(r":?-{2,}:?", c) for c in
                                                                          rows[j] or [""])]
        items = _table_block(content, block)
        if items and (best is None or len(items) > len(best[1])):
            best = (start, items)
    return (content[: best[0]], best[1]) if best else None


def _table_block(content: list[Line], block: list[tuple[int, list[str]]]) -> list[Item]:
    """The items of one table: header row first if it has one."""
    if len(block) < 2:
        return []
    kinds = [column_kind(c) for c in block[0][1]]
    body = block[1:]
    if sum(k is not None for k in kinds) < 2:
        kinds, body = _guess_columns([cells for _, cells in block]), block
    if not {"title", "title_en", "title_zh"} & set(kinds):
        return []
    items = [_row_item(content[j], cells, kinds) for j, cells in body]
    return [item for item in items if item.titles]


def _guess_columns(rows: list[list[str]]) -> list[str | None]:
    """The kind of each column of a table without a header, from what most of its cells hold."""
    width = max(len(r) for r in rows)
    kinds: list[str | None] = []
    for j in range(width):
        votes = [_cell_kind(r[j]) for r in rows if len(r) > j and r[j] and not PLACEHOLDER.fullmatch(r[j])]
        top = max(set(votes), key=votes.count) if votes else None
        repeated = top in kinds and top != "title"
        kinds.append(top if top and votes.count(top) > len(votes) / 2 and not repeated else None)
    return kinds


def _cell_kind(cell: str) -> str | None:
    """What a table cell holds: a date, a link, a document number, issuers, a title or a status."""
    if _only_date(cell):
        return "date"
    if URL.fullmatch(cell):
        return "url"
    if len(cell) < 60 and find_doc_numbers(cell) and not _names_document(cell):
        return "docno"
    if _only_agencies(cell):
        return "issuer"
    if _names_document(cell):
        return "title"
    return "status" if DRAFT_LABEL_VALUES.search(cell) or STATUS_WORDS.fullmatch(cell) else None


def _row_item(ln: Line, cells: list[str], kinds: list[str | None]) -> Item:
    """One table row as an item; the title cells become title lines."""
    item = Item()
    for cell, kind in zip(cells, kinds, strict=False):
        if not cell or PLACEHOLDER.fullmatch(cell):
            continue
        if kind in {"title", "title_en", "title_zh"}:
            item.titles.append(Line(ln.no, cell, False, ln.links))
        elif kind:
            item.fields.append((kind, cell, ln))
    return item


# --------------------------------------------------------------------------- reading items


def _digest(doc: Document, header: list[Line], items: list[Item]) -> Digest:
    """The Digest of the header and the items."""
    date = _header_date(header)
    year = date.year if date else _header_year(header)
    policies: list[PolicyEntry] = []
    news: list[NewsItem] = []
    for item in items:
        entry = _entry(item, len(policies) + 1, year, date)
        (policies if isinstance(entry, PolicyEntry) else news).append(entry)
    problems = [] if date else [Problem(header[0].no if header else 1, "no digest date found in the header")]
    return Digest(
        source=doc.path.name,
        publisher=_publisher(header, doc.content),
        title=_series(header),
        date=date,
        period=None,
        authors=(),
        editors=(),
        policies=tuple(policies),
        news=tuple(news),
        checksum=doc.checksum,
        problems=tuple(problems),
        layout=LAYOUT.name,
        source_url=_header_url(header),
    )


def _entry(item: Item, rank: int, year: int | None, digest_date: dt.date | None) -> PolicyEntry | NewsItem:
    """A listed document as a PolicyEntry; an item that names only companies as a corporate NewsItem."""
    problems: list[Problem] = []
    lines = item.lines
    first = lines[0]
    title_en, title_zh = _titles(item)
    named, title_en = _issuer_prefix(title_en)
    summary = _summary(item)
    issuers, count = _issuers(item, (title_en, title_zh), named, summary, first.no, problems)
    date = _item_date(item, year, digest_date, first.no, problems)
    targets = _targets(item, summary)
    companies = tuple(resolve.companies().find(summary))
    doc_number = _doc_number(item)
    kind = document_type(title_en, title_zh)
    if companies and not issuers and not doc_number and kind == "other":
        return _corporate(item, summary, date, companies, problems)
    return PolicyEntry(
        rank=rank, headline=None, title_en=title_en, title_zh=title_zh,
        span=Span(f"Item {rank}", first.no, lines[-1].no),
        issuers=tuple(issuers), date=date, status=_status(item, title_en, title_zh), document_type=kind,
        sectors=_sectors(title_en, title_zh, summary, targets), companies=companies, targets=tuple(targets),
        summary=summary, problems=tuple(problems), doc_number=doc_number,
        effective=_effective(item, year, digest_date, date, problems), source_url=_url(item), issuer_count=count,
    )


def _corporate(item: Item, summary: str, date: dt.date | None, companies: tuple[Ref, ...],
               problems: list[Problem]) -> NewsItem:
    """An item about companies only, as a corporate news item."""
    lines = item.lines
    text = join([*(ln.text for ln in item.titles), summary])
    return NewsItem(
        kind="corporate", date=date, text=text, agencies=(), companies=companies,
        sectors=tag_sectors([("bullet", text)]), targets=(), candidates=(), lead_agency=None,
        span=Span("Corporate item", lines[0].no, lines[-1].no), problems=tuple(problems),
    )


def _titles(item: Item) -> tuple[str | None, str | None]:
    """The English and Chinese titles from labelled title fields, else from the title lines."""
    en = next((v for v, _ in item.values("title_en")), None)
    zh = next((v for v, _ in item.values("title_zh")), None)
    texts = [v for v, _ in item.values("title")] or [ln.text for ln in item.titles]
    en_parts, zh_parts = [], []
    for text in texts:
        e, z = _split_title(NUMBERED.sub("", text, count=1))
        en_parts += [e] if e else []
        zh_parts += [z] if z else []
    return _clean_title(en or join(en_parts)), _clean_title(zh or join(zh_parts))


def _split_title(text: str) -> tuple[str | None, str | None]:
    """A title line split into its English part and its Chinese part ("Plan (计划)", "Plan 计划 国发〔2023〕11号")."""
    text = re.sub(r"\(\s*link\s*\)|\[\s*link\s*\]", "", text, flags=re.I).strip()
    if _mostly_cjk(text):
        return None, text
    m = re.search(rf"[(（]\s*[“\"《「]?\s*[{CJK}]|(?<=\s)[《“]?[{CJK}]", text)
    if not m:
        return text, None
    en, zh = text[: m.start()], text[m.start():]
    if zh[:1] in "(（" and zh.rstrip(" .").endswith((")", "）")):
        zh = zh.rstrip(" .")[1:-1]
    return en, zh


def _clean_title(text: str) -> str | None:
    """A title without source note, closing document number, brackets of quotation and stray punctuation."""
    text = SOURCE_NOTE.sub("", text)
    text = TRAILING_NUMBER.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" :;,.|")
    if len(text) > 1 and text[0] in "《“\"" and text[-1] in "》”\"" and text.count(text[0]) == 1:
        text = text[1:-1]
    return text or None


def _mostly_cjk(text: str) -> bool:
    """Whether most letters of ``text`` are Chinese."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if re.match(f"[{CJK}]", c)) > 0.6 * len(letters)


def _summary(item: Item) -> str:
    """The item's own summary: labelled summary fields and the free lines, without source notes, links and
    the writer's comment."""
    parts = [v for v, _ in item.values("summary")] + [ln.text for ln in item.summary]
    kept = []
    for part in parts:
        if URL.fullmatch(part.strip()) or SOURCE_NOTE.fullmatch(part) or re.fullmatch(r"read more\W*", part, re.I):
            continue
        part = BOILERPLATE.sub("", SOURCE_NOTE.sub("", part))
        comment = COMMENT.search(part)
        kept.append(part[: comment.start()] if comment else part)
        if comment:
            break
    return join(kept).strip()


def _issuers(item: Item, titles: tuple[str | None, str | None], named: list[Ref], summary: str, line: int,
             problems: list[Problem]) -> tuple[list[Ref], int | None]:
    """The issuing bodies of the issuer fields (with a stated total where there is one), else those the title or
    the summary's opening sentence names; a Problem when none does."""
    values = item.values("issuer") + [(v, ln) for v, ln in item.values("publisher") if agency_spans(v)]
    refs: list[Ref] = []
    count = None
    for value, ln in values:
        text, stated = _issuer_text(value)
        count = count or stated or issuers_in_text(text)[1]
        refs += [r for r in issuer_field(text, ln.no, problems) if r.key not in {x.key for x in refs}]
    if values:
        return refs, count
    refs = named or _title_issuers(*titles)
    if not refs and summary:
        refs, count = issuers_in_text(re.split(r"(?<=[.!?。])\s+", summary, maxsplit=1)[0])
    if not refs:
        problems.append(Problem(line, "no issuing body ('Promulgated by', 'Issuing agency', 发文机关) for this item"))
    return refs, count


def _issuer_prefix(title: str | None) -> tuple[list[Ref], str | None]:
    """A title written "Issuer, Title" ("Ministry of Justice, Measures for ..."): the issuer and the bare title."""
    m = re.match(r"^([^,]{3,80}),\s+(\S.*)$", title or "")
    if not m or not _only_agencies(m.group(1)) or document_type(m.group(2), None) == "other":
        return [], title
    return [ref for _, _, ref in agency_spans(m.group(1))], m.group(2)


def _title_issuers(title_en: str | None, title_zh: str | None) -> list[Ref]:
    """The bodies a title names as its issuers: before 关于 in a Chinese title, "Notice of the X on" in English."""
    head = re.match(r"^(.{2,60}?)关于", title_zh or "")
    if head:
        return [ref for _, _, ref in agency_spans(head.group(1))]
    m = TITLE_OF_ISSUER.match(title_en or "")
    return [ref for _, _, ref in agency_spans(m.group(1))] if m else []


def _issuer_text(value: str) -> tuple[str, int | None]:
    """An issuer field made ready for :func:`issuer_field`: separators unified, "etc." and 等N部门 taken out (the
    latter as the stated total)."""
    count = None
    m = ZH_COUNT.search(value)
    if m:
        count = _zh_number(m.group(1))
        value = value[: m.start()] + value[m.end():]
    value = re.sub(r"\s*/\s*|\s*\|\s*", ", ", value)
    value = re.sub(r"\s+of\s+the\s+People['’]s\s+Republic\s+of\s+China\b|中华人民共和国", " ", value)
    value = re.sub(r",?\s*\b(?:etc|et al)\.?|等$", "", value.strip())
    return value, count


def _zh_number(text: str) -> int | None:
    """A small number in digits or Chinese numerals: "7", "七", "十二", "二十"."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return ZH_NUMBERS.get(text)
    return (ZH_NUMBERS.get(tens, 0) if tens else 1) * 10 + ZH_NUMBERS.get(ones, 0)


def _item_date(item: Item, year: int | None, digest_date: dt.date | None, line: int,
               problems: list[Problem]) -> dt.date | None:
    """The promulgation or issue date, else the release date, else a plain "Date"; a Problem when none is given."""
    for kind in DATE_ORDER:
        for value, ln in item.values(kind):
            date = _read_date(value, year, digest_date, ln.no, problems)
            if date:
                return date
    if not any(item.values(k) for k in DATE_ORDER):
        problems.append(Problem(line, "no date ('Promulgation date', 'Date of issue', 发布日期) for this item"))
    return None


def _effective(item: Item, year: int | None, digest_date: dt.date | None, date: dt.date | None,
               problems: list[Problem]) -> dt.date | None:
    """The date an "Effective date" field gives ("upon promulgation" is the issue date)."""
    for value, ln in item.values("effective"):
        if UPON_ISSUE.search(value):
            return date
        found = _read_date(value, year, digest_date, ln.no, problems)
        if found:
            return found
    return None


def _doc_number(item: Item) -> str | None:
    """The document number of a "Document No." field (when it holds a number), else one the title gives."""
    for value, _ in item.values("docno"):
        value = value.strip(" .;；:：()（）")
        if re.search(r"\d", value) and len(value) <= 80:
            return value.strip()
    for ln in item.titles:
        found = sorted(find_doc_numbers(ln.text), key=lambda n: not re.search(f"[{CJK}]", n))
        if found:
            return found[0]
    return None


def _status(item: Item, title_en: str | None, title_zh: str | None) -> str:
    """"draft-for-comment" when a status field or the title says draft, or a comment deadline is given."""
    status = " ".join(v for v, _ in item.values("status"))
    if item.values("deadline") or (status and DRAFT_LABEL_VALUES.search(status)):
        return "draft-for-comment"
    if is_draft(" ".join(filter(None, [title_en, title_zh]))):
        return "draft-for-comment"
    return "issued"


def _url(item: Item) -> str | None:
    """The link of a "Link:"/"URL:"/"Source:" field, else a bare link line, else a link in the summary."""
    for kind in ("url", "source"):
        for value, ln in item.values(kind):
            m = URL.search(value)
            if m or ln.links:
                return m.group(0).rstrip(".,;") if m else ln.links[0]
    for ln in item.summary:
        m = URL.fullmatch(ln.text.strip())
        if m:
            return m.group(0).rstrip(".,;")
    return next((link for ln in item.summary + item.titles for link in ln.links), None)


def _targets(item: Item, summary: str) -> list[Target]:
    """Targets read from the summary's sentences, with the years its opening states."""
    if not summary:
        return []
    line = (item.summary or [ln for _, _, ln in item.fields] or item.titles)[0].no
    target_year, baseline_year = lead_in_years(summary)
    out: list[Target] = []
    for sentence in re.split(r"(?<=[.!?。；;])\s+", summary):
        out += read_targets(sentence, line, bullet=False, target_year=target_year, baseline_year=baseline_year)
    return out


def _sectors(title_en: str | None, title_zh: str | None, summary: str, targets: list[Target]) -> tuple[Ref, ...]:
    """Sector tags from the titles, the targets and the summary's sentences."""
    parts = [("title", title_en or ""), ("title", title_zh or "")]
    parts += [("target", t.metric) for t in targets]
    parts += [("bullet", s) for s in re.split(r"(?<=[.!?。])\s+", summary) if s]
    return tag_sectors(parts)


# --------------------------------------------------------------------------- dates


def _has_date(text: str) -> bool:
    """Whether ``text`` holds a full date or a Chinese month and day."""
    try:
        return find_date(_normal_date_text(text)) is not None or bool(re.search(r"\d{1,2}\s*月\s*\d{1,2}\s*日", text))
    except BadDate:
        return True


def _normal_date_text(text: str) -> str:
    """Dates rewritten so :func:`find_date` reads them: 2023年7月10日, 2023/7/10, 2023.07.10, 06-25-2018, 28th June."""
    text = re.sub(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", r"\1-\2-\3", text)
    text = re.sub(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b", r"\1-\2-\3", text)
    text = re.sub(r"\b(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b", _us_date, text)
    text = re.sub(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    return re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text)


def _us_date(m: re.Match[str]) -> str:
    """06-25-2018 (month first, as English legal databases write it) unless the first number cannot be a month."""
    a, b, year = int(m[1]), int(m[2]), m[3]
    month, day = (b, a) if a > 12 else (a, b)
    return f"{year}-{month:02d}-{day:02d}"


def _read_date(value: str, year: int | None, digest_date: dt.date | None, line: int,
               problems: list[Problem]) -> dt.date | None:
    """A full date in ``value``; a month and day alone take the digest's year. Problems for what cannot be read."""
    text = _normal_date_text(value)
    try:
        found = find_date(text)
        if found:
            return found
        md = _month_day(text)
        if md and year:
            month_year = year - 1 if digest_date and md[0] > digest_date.month + 1 else year
            return date_in_year(md[0], md[1], month_year, value)
    except BadDate as exc:
        problems.append(Problem(line, str(exc)))
        return None
    problems.append(Problem(line, f"cannot read the date {value!r}"))
    return None


def _month_day(text: str) -> tuple[int, int] | None:
    """A month and day without a year: "8月3日", "Aug 3"."""
    m = re.search(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    return (int(m[1]), int(m[2])) if m else find_month_day(text)


# --------------------------------------------------------------------------- header


def _header_date(header: list[Line]) -> dt.date | None:
    """The digest's date: a labelled one ("Published:", "Posted", 出版日期), else a line that is only a date."""
    for ln in header[:15]:
        m = HEADER_DATE.search(ln.text)
        text = ln.text[m.end():] if m else ln.text
        if not m and len(_normal_date_text(ln.text)) > 30:
            continue
        try:
            found = find_date(_normal_date_text(text))
        except BadDate:
            continue
        if found and (m or _only_date(ln.text)):
            return found
    return None


def _only_date(text: str) -> bool:
    """A line that holds a date and nothing else (a weekday or a time at most)."""
    normal = _normal_date_text(text).strip()
    try:
        if len(normal) > 40 or not (find_date(normal) or re.search(r"\d{1,2}\s*月\s*\d{1,2}\s*日", normal)):
            return False
    except BadDate:
        return False
    return not DATE_PARTS.sub("", normal)


def _header_year(header: list[Line]) -> int | None:
    """The first year the header names ("October 2023"), for dates given without one."""
    for ln in header[:10]:
        m = re.search(r"\b(20\d\d|19\d\d)\b", ln.text)
        if m:
            return int(m.group(1))
    return None


def _publisher(header: list[Line], content: list[Line]) -> str | None:
    """The publisher a header field names ("Publisher:", "Compiled by:", 编者), else the copyright holder."""
    for ln in header[:20]:
        m = PUBLISHER_LABEL.match(ln.text)
        if m and m["rest"].strip():
            return m["rest"].strip(" .")
    for ln in content[-15:]:
        m = COPYRIGHT.search(ln.text)
        if m and 2 < len(m.group(1).strip(" .,")) < 80:
            return m.group(1).strip(" .,")
    return None


def _series(header: list[Line]) -> str | None:
    """The digest's name: its first header line that is not a field or a date, without the issue's month."""
    for ln in header[:5]:
        text = ln.text
        if _field_parts(ln) or PUBLISHER_LABEL.match(text) or HEADER_DATE.search(text) or _only_date(text):
            continue
        if len(text) > 120 or text.endswith("."):
            continue
        months = "|".join(MONTHS)
        text = re.sub(rf"\s*(?:[-–—:|,]\s*|\bin\s+)?(?:{months})\.?\s+(?:19|20)\d\d\s*$", "", text, flags=re.I)
        return text.strip(" -–—:|") or None
    return None


def _header_url(header: list[Line]) -> str | None:
    """The digest's own link, where its header gives one."""
    for ln in header[:20]:
        if re.match(r"^(?:url|link|source|原文链接)\s*[:：]", ln.text, re.I):
            m = URL.search(ln.text)
            if m:
                return m.group(0)
    return None
