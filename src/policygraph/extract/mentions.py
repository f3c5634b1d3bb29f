"""Mentions of policy documents in English prose, each with the facts its sentence states.

A mention is a document's name: a quoted or title-cased English title ("Notice on ...", "Measures for ...",
"... Action Plan (2024-2027)", "... Law", "14th Five-Year Plan for ..."), a Chinese title in 《…》 (paired with
the English title just before it), or both. For each mention the finder reads, from its own part of the
sentence: the issuers, the issue date (never a deadline, an effective date, an "updated" stamp or a photo
caption), draft status, the effective date and the document number; and from its paragraph and the bullets
after it: targets and companies. Repeated mentions of one document are merged. A document number or a
reported document without a title is a :class:`~policygraph.model.Problem`, never a mention.

>>> from policygraph.layouts.base import clean_lines
>>> found = find_mentions(clean_lines(["On 1 November 2023, the NFRA issued the revised Administrative Measures "
...                                    "for the Capital of Commercial Banks (NFRA Order No. 4)."]))
>>> m = found.mentions[0]
>>> (m.title_en, [r.label for r in m.issuers], m.date.isoformat(), m.doc_number)
('Administrative Measures for the Capital of Commercial Banks', ['NFRA'], '2023-11-01', 'NFRA Order No. 4')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .. import resolve
from ..dates import DAY_MONTH, DAY_MONTH_YEAR, ISO, MONTH_DAY, MONTH_DAY_YEAR, MONTHS, BadDate
from ..layouts.base import CJK, Line, join
from ..model import EXTRACTED_FORMS, Problem, Ref, Target
from ..targets import lead_in_years, read_targets
from .docnumbers import find_doc_numbers
from .issuers import agency_spans, issuers_in_text
from .status import is_draft

#: head nouns of document titles: a title holds one, last or followed by "on", "for", "of", ...
TYPES = {
    "notice", "notices", "circular", "measures", "measure", "opinions", "opinion", "provisions", "regulations",
    "regulation", "rules", "guidelines", "guideline", "guidance", "guide", "plan", "plans", "programme", "program",
    "scheme", "law", "decision", "outline", "catalogue", "catalog", "list", "standards", "standard", "conditions",
    "specification", "specifications", "interpretation", "announcement", "strategy", "roadmap", "code",
    "directory", "methods", "procedures", "requirements", "policies", "policy", "pilot",
}
#: words a title may consist of without naming anything: "the Plan", "the Action Plan", "Implementing Measures"
GENERIC = TYPES | {
    "action", "implementation", "implementing", "guiding", "draft", "interim", "administrative", "work", "special",
    "revised", "new", "trial", "detailed", "three-year", "five-year", "five", "year", "national", "relevant",
    "this", "these", "such", "comment", "comments", "for", "the", "of", "on", "and", "management", "key",
    "technical", "general", "basic", "overall", "supporting", "final", "official", "original", "preliminary",
    "latest", "current", "above", "said", "whole", "entire", "industry", "local", "central", "government", "state",
    "ministerial", "departmental", "regulatory", "first", "second", "third", "annual", "measure",
}
CONNECTORS = {"of", "for", "on", "and", "the", "to", "be", "in", "with", "at", "from", "a", "an", "under", "into",
              "among", "concerning", "regarding", "about", "against", "between", "through", "toward", "towards", "&"}
HEAD_FOLLOWERS = {"of", "for", "on", "to", "concerning", "regarding", "about", "against", "in", "under"}
#: capitalised words that open a sentence or name a time, never a title
STOPS = {
    "the", "a", "an", "this", "these", "that", "its", "their", "on", "in", "under", "according", "yesterday", "today",
    "recently", "meanwhile", "also", "both", "all", "as", "at", "by", "after", "before", "since", "if", "when",
    "while", "following", "with", "and", "but", "however", "for", "from", "last", "next", "earlier", "later",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", *MONTHS, "what", "which", "who",
    "how", "why", "where", "it", "we", "our", "they", "he", "she", "there", "here", "each", "every", "some", "many",
    "most", "such", "other", "another", "first", "second", "third", "finally", "then", "now", "so", "yet", "still",
    "thus", "therefore", "moreover", "although", "though", "because", "unlike", "despite", "during", "within",
    "without", "once", "until", "over", "across", "via", "whether", "those", "your",
}
TIME_WORDS = {*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
#: words before a capitalised name that make it a reference back to a document already named ("this Plan")
BACK_REFERENCES = {"this", "these", "that", "those", "such", "said", "above", "aforementioned", "same"}
NAMES_WITH_APOSTROPHE = {"people's", "people’s", "workers'", "workers’"}
SUFFIX = re.compile(
    r"\((?:\d{4}\s*[-–—~]\s*\d{2,4}(?:\s*years?)?|\d{4}(?:\s+(?:Edition|Revision|Version|Amendment))?|"
    r"(?:\d{4}\s+)?(?:Revised|Revision|Amended|Trial|Provisional|Interim|For Trial Implementation|"
    r"Trial Implementation|Draft[^()]{0,40})|[A-Z]{2,6}|\d{4} (?:Edition|Revision|Version))\)",
    re.I,
)
RELEASE = re.compile(
    r"\b(?:released?|issued?|published|unveiled?|promulgated?|announced?|adopted|approved|passed|launched|"
    r"rolled\s+out|made\s+public|put\s+out|signed\s+off|circulated|revised|amended|finali[sz]ed|introduced|"
    r"followed\s+up\s+with)\b",
    re.I,
)
EFFECTIVE_BEFORE = re.compile(
    r"(?:effect(?:ive)?|in(?:to)?\s+force|implemented|implementation|appl(?:y|ies|ied)|enforced|valid|operative)"
    r"\s*(?:date\s*)?(?:is\s+|was\s+)?(?:as\s+)?(?:of|from|on|since|starting(?:\s+from)?|beginning)?\s*(?:the\s+)?$",
    re.I,
)
DEADLINE_BEFORE = re.compile(
    r"(?:until|till|by|before|through|deadline|due|ends?|ended|closes?|closed|closing|expires?|since|"
    r"comments?(?:\s+\w+){0,3}\s+(?:on|by))\s*(?:on\s+)?(?:the\s+)?$",
    re.I,
)
STAMP = re.compile(
    r"\b(?:(?:last\s+)?updated|last\s+reviewed|posted|crawled|retrieved|accessed|captured|archived|modified|"
    r"photo|file\s+photo|taken\s+on|image|credit|min(?:ute)?s?\s+read)\b|\((?:Xinhua|Reuters|AFP|AP|VCG|IC)/|"
    r"/(?:Xinhua|Reuters|AFP|VCG)\)",
    re.I,
)
UNTITLED = re.compile(
    r"\b(?:released?|issued?|published|unveiled|promulgated|rolled\s+out|made\s+public)\s+(?:a|an|the|its|their|"
    r"new|draft)\s+(?:[a-z-]+\s+){0,3}(?:guidelines?|plan|measures|notice|regulations?|opinions|rules|law|circular|"
    r"provisions|guidance|standards?)\b",
    re.I,
)
HEADLINE_VERB = re.compile(r"^.{0,80}?\b(?:Releases?|Released|Issues?|Issued|Unveils?|Publish(?:es)?|Launch(?:es)?|"
                           r"Rolls? Out|Announces?|Adopts?|Approves?|Seeks? Comments? on|Solicits? Comments? on)"
                           r"\s+(?:(?:the|a|an|its|New|Draft)\s+)?")
#: the words after a title that say who issued it: "issued by ...", "which the State Council promulgated"
BY_PHRASE = re.compile(r"^(?:[^.;]|\bNo\.){0,80}?\b(?:(?:(?:jointly\s+)?(?:issued|released|published|promulgated|"
                       r"unveiled|adopted|drafted|formulated|approved)\s+)?by|(?:which|that)\s+(?:the\s+)?[A-Z])", re.I)
#: a short name defined right after a title: (the "Measures"), (hereinafter referred to as the "Plan")
ALIAS = re.compile(r"\s*[(（]\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?)?(?:the\s+)?"
                   r"[“\"‘]([^”\"’]{2,60})[”\"’]", re.I)
#: a sentence ends at . ! ? before a capital, and at a line that ends with ":" or ")" before a capital
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"‘(\[《\d])|(?<=[。！？])|(?<=[:)”\"])\n(?=[A-Z“\"(《])")
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}
CHINESE_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
SLASH_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})\b")
US_DATE = re.compile(r"\b(?P<month>\d{1,2})-(?P<day>\d{1,2})-(?P<year>(?:19|20)\d\d)\b")
RELATIVE = re.compile(r"\b(?:on\s+)?(?P<word>yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|"
                      r"sunday)\b", re.I)
_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
#: a day of a month, with the days or year that go with it: "October 9 and 12", "16-18 May 2024", "Oct. 3, 2021"
CALENDAR_DAYS = re.compile(
    r"\b" + _MONTH_NAME + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:and|to|[-–—])\s*\d{1,2}(?:st|nd|rd|th)?)?(?!\d)"
    r"(?:,?\s+(?:19|20)\d\d)?|\b\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:and|to|[-–—])\s*\d{1,2}(?:st|nd|rd|th)?)?\s+"
    + _MONTH_NAME + r"(?![\w])(?:,?\s+(?:19|20)\d\d)?",
    re.I,
)
#: the number of an item in a list: "1. Party Congress", "3) Central documents"
LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\D)", re.M)
ABBREVIATIONS = {"no", "nos", "art", "arts", "e.g", "i.e", "u.s", "co", "ltd", "inc", "mr", "ms", "dr", "st", "vs",
                 "etc", "para", "fig", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                 "nov", "dec", "corp", "dept", "gov", "approx"}


@dataclass(frozen=True)
class Unit:
    """A paragraph or a bullet: its lines joined, with where each line starts in the joined text."""

    text: str
    starts: tuple[int, ...]
    lines: tuple[int, ...]
    bullet: bool

    def line_at(self, offset: int) -> int:
        """The source line that holds character ``offset`` of the text."""
        k = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                k = i
        return self.lines[k]


@dataclass(frozen=True)
class Mention:
    """One policy document named in the text, with what its sentence and paragraph say of it."""

    title_en: str | None
    title_zh: str | None
    first_line: int
    last_line: int
    issuers: tuple[Ref, ...] = ()
    issuer_count: int | None = None
    date: dt.date | None = None
    effective: dt.date | None = None
    draft: bool = False
    doc_number: str | None = None
    targets: tuple[Target, ...] = ()
    companies: tuple[Ref, ...] = ()
    count: int = 1  # how often the text names the document
    text: str = ""  # the sentences the mention was read from

    @property
    def key(self) -> str:
        """What two mentions of one document share: the normalised English title, else the Chinese one."""
        return title_key(self.title_en) or (self.title_zh or "")


@dataclass
class Found:
    """What :func:`find_mentions` found: the mentions in order of first appearance, and what it could not tie."""

    mentions: list[Mention] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    orphans: list[tuple[str, int, str]] = field(default_factory=list)  # (document number, line, sentence)
    aliases: dict[str, str] = field(default_factory=dict)  # short name defined in the text -> title key


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    title_en: str | None
    title_zh: str | None


@dataclass(frozen=True)
class Context:
    """What dates in the text are read against: the text's own date (for "yesterday", "on Friday") and year."""

    today: dt.date | None = None
    year: int | None = None


def title_key(title: str | None) -> str:
    """A title folded for comparison: lower case, no quotes, no leading "the", single spaces."""
    if not title:
        return ""
    text = re.sub(r"[“”\"'‘’《》]", "", title).casefold()
    text = re.sub(r"[–—]", "-", text)
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", text)).strip()


# --------------------------------------------------------------------------- units and sentences


def units(lines: list[Line], form: str = "text") -> list[Unit]:
    """Paragraphs (runs of non-blank lines; every line in HTML and PDF text) and bullets, in order."""
    out: list[Unit] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            parts = [ln.text for ln in current]
            starts, at = [], 0
            for part in parts:
                starts.append(at)
                at += len(part) + 1
            out.append(Unit("\n".join(parts), tuple(starts), tuple(ln.no for ln in current), current[0].bullet))
            current.clear()

    for ln in lines:
        if not ln.text:
            flush()
            continue
        if current and (ln.bullet or form in EXTRACTED_FORMS or _heading(current[-1]) or _heading(ln)
                        or (current[-1].bullet and ln.text[:1].isupper())):
            flush()
        current.append(ln)
    flush()
    return out


def _heading(ln: Line) -> bool:
    """A short line without closing punctuation: a heading or a field, never part of a paragraph."""
    return len(ln.text) < 70 and not re.search(r"[.,;:!?)\]]$", ln.text) and not ln.bullet and (
        not re.search(r"[a-z]$", ln.text) or ln.text[:1].isupper())


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; "No. 4", "Dec. 28" and "U.S." do not end a sentence."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        word = re.search(r"(?:^|\s)([\w.]+)\.[\"”’)]?\s*$", text[start:m.end()])
        if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        out.append((start, text[start:m.end()].rstrip().replace("\n", " ")))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].replace("\n", " ")))
    return out


def is_stamp(text: str) -> bool:
    """A crawl or "updated" stamp, a byline with a reading time, or a photo caption: no fact of a policy there."""
    return bool(STAMP.search(text)) and (len(text) < 120 or bool(re.search(r"\((?:Xinhua|Reuters|AFP|VCG)/|"
                                                                          r"^\(?photo", text, re.I)))


# --------------------------------------------------------------------------- titles


def title_spans(sentence: str) -> list[_Span]:
    """The document titles named in one sentence: quoted, title-cased and 《…》, with Chinese titles paired."""
    masked = sentence
    spans: list[_Span] = []
    for m in re.finditer(r"[“\"‘]([^”\"’“]{4,300})[”\"’]", sentence):
        inner = m.group(1).strip()
        if _alias(sentence, m.start()):
            masked = _mask(masked, m.start(), m.end())
        elif is_title(inner):
            spans.append(_Span(m.start(), m.end(), _tidy(inner), None))
            masked = _mask(masked, m.start(), m.end())
    for start, end in _chinese_titles(masked):
        masked = _mask(masked, start, end)
        spans.append(_Span(start, end, None, sentence[start + 1:end - 1].strip()))
    if not _title_case_line(sentence):
        spans += [s for s in _chains(masked) if s.title_en]
    elif (whole := _whole_line_title(sentence)) is not None:
        spans.append(whole)
    return _pair(sorted(spans, key=lambda s: s.start), sentence)


def is_title(text: str) -> bool:
    """True when ``text`` reads as a document title: a head noun in place and a word that names something."""
    words = re.findall(r"[\w'’-]+", text)
    if len(words) < 2 or not (text[:1].isupper() or text[:1].isdigit()):
        return False
    folded = [w.lower().strip("'’") for w in words]
    if all(w in GENERIC or re.fullmatch(r"[\d-]+|\d+(?:st|nd|rd|th)", w) for w in folded):
        return False
    return any(_head_at(words, i) for i in range(len(words)))


def _head_at(words: list[str], i: int) -> bool:
    w = words[i]
    if w.lower() not in TYPES or not w[:1].isupper():
        return False
    rest = [x for x in words[i + 1:] if not re.fullmatch(r"[\d-]+|Edition|Revision|Version|Draft|Trial|[A-Z]{2,6}", x)]
    return not rest or rest[0].lower() in HEAD_FOLLOWERS or rest[0].lower() in {"draft", "for", "comment"}


def _alias(sentence: str, at: int) -> bool:
    """A quoted short name being defined: (the "Measures"), hereinafter referred to as the "Plan"."""
    return bool(re.search(r"(?:\(\s*(?:the\s+)?|\bhereinafter\b[^“\"]{0,30}|\bor\s+(?:the\s+)?)$",
                          sentence[max(0, at - 40):at], re.I))


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + "\x00" * (end - start) + text[end:]


def _tidy(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" ,;:.")
    title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.I)
    return title


def _chinese_titles(text: str) -> list[tuple[int, int]]:
    """Outermost 《…》 spans (a title may nest another)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


_TOKEN = re.compile(r"\([^()\x00]{1,60}\)|[^\s()\x00]+|\x00+|[()]")


def _chains(text: str) -> list[_Span]:
    """Runs of capitalised words joined by small words ("Measures for the Capital of Commercial Banks")."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    spans: list[_Span] = []
    i = 0
    while i < len(tokens):
        if not _starts_chain(tokens, i):
            i += 1
            continue
        j, end = _extend(tokens, i)
        if not (i and _core(tokens[i - 1][2]).lower() in BACK_REFERENCES):
            spans += _titles_in(text, tokens[i:j])
        i = max(end, i + 1)
    return spans


@lru_cache(maxsize=1 << 16)
def _core(token: str) -> str:
    return token.strip("“”\"‘’,;:.!?")


@lru_cache(maxsize=1 << 16)
def _capital(token: str) -> bool:
    core = _core(token)
    if core.lower() in NAMES_WITH_APOSTROPHE:
        return True
    if re.search(r"['’]s$|s['’]$", core):
        return False
    return bool(core) and (core[0].isupper() or bool(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)|(?:19|20)\d\d", core)))


def _starts_chain(tokens: list[tuple[int, int, str]], i: int) -> bool:
    core = _core(tokens[i][2])
    return (_capital(tokens[i][2]) and core.lower() not in STOPS and not tokens[i][2].startswith("(")
            and not re.fullmatch(r"\d{4}", core))


@lru_cache(maxsize=1 << 16)
def _ends_token(token: str) -> bool:
    return bool(re.search(r"[,;:!?][”\"’]?$|(?<![A-Z])\.[”\"’]?$", token)) and not re.search(r"\b(?:No|Nos)\.$", token)


def _extend(tokens: list[tuple[int, int, str]], i: int) -> tuple[int, int]:
    """The index after the last token of the chain that starts at ``i``, and where to resume scanning."""
    j = i + 1
    if _ends_token(tokens[i][2]):
        return j, j
    while j < len(tokens):
        tok = tokens[j][2]
        if tok.startswith("\x00") or tok in "()":
            break
        if tok.startswith("(") and SUFFIX.fullmatch(tok):
            j += 1
            if _ends_token(tok):
                break
            continue
        k = j
        while k < len(tokens) and _core(tokens[k][2]).lower() in CONNECTORS and tokens[k][2] == _core(tokens[k][2]):
            k += 1
        if k < len(tokens) and _capital(tokens[k][2]) and not tokens[k][2].startswith("(") and (
                k == j or _after_connector(_core(tokens[k][2]))):
            j = k + 1
            if _ends_token(tokens[k][2]) and not _listed(tokens, i, j):
                break
            continue
        break
    return j, j


def _listed(tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """A comma inside a title's list of capitalised words: "... of Large, Medium-sized and Small Enterprises"."""
    if not tokens[j - 1][2].endswith(",") or not any(_core(t[2]).lower() in TYPES for t in tokens[i:j]):
        return False
    ahead = [_core(t[2]) for t in tokens[j:j + 5]]
    return bool(ahead) and _capital(tokens[j][2]) and ahead[0].lower() not in STOPS and any(
        w in {"and", "or"} and n + 1 < len(ahead) and ahead[n + 1][:1].isupper() for n, w in enumerate(ahead))


@lru_cache(maxsize=1 << 16)
def _after_connector(word: str) -> bool:
    """A word that may follow "of", "on", "for" inside a title: not a month, a weekday or a bare year."""
    return word.lower() not in TIME_WORDS and not re.fullmatch(r"\d{4}", word)


def _titles_in(text: str, chain: list[tuple[int, int, str]]) -> list[_Span]:
    """The titles a chain holds: "Cybersecurity Law and the Data Security Law" holds two."""
    parts: list[list[tuple[int, int, str]]] = [[]]
    for n, tok in enumerate(chain):
        if _core(tok[2]) == "and" and parts[-1] and _both_titles(text, parts[-1], chain[n + 1:]):
            parts.append([])
            continue
        parts[-1].append(tok)
    out = []
    for part in parts:
        while part and (_core(part[-1][2]).lower() in CONNECTORS or not _core(part[-1][2])):
            part = part[:-1]
        while part and (_core(part[0][2]).lower() in CONNECTORS or _core(part[0][2]) in {"draft", "revised", "new"}):
            part = part[1:]
        if not part:
            continue
        raw = text[part[0][0]:part[-1][1]]
        title = _tidy(raw.strip("“”\"‘’"))
        if is_title(title) and not resolve.agencies().lookup(title):
            start = part[0][0] + (len(raw) - len(raw.lstrip("“\"‘")))
            out.append(_Span(start, part[-1][1], title, None))
    return out


def _both_titles(text: str, left: list[tuple[int, int, str]], right: list[tuple[int, int, str]]) -> bool:
    """Whether "X and Y" names two documents: both halves read as titles ("... Law and the Data Security Law")."""
    if not right:
        return False
    first = 1 if _core(right[0][2]).lower() == "the" else 0
    if len(right) <= first or not (first or _core(left[-1][2]).lower() in TYPES or left[-1][2].startswith("(")):
        return False
    return is_title(text[left[0][0]:left[-1][1]]) and is_title(text[right[first][0]:right[-1][1]])


def _title_case_line(sentence: str) -> bool:
    """A headline in title case ("China Unveils Action Plan for Chips"), where capitals do not mark a title."""
    words = re.findall(r"\b[A-Za-z][\w'’-]{3,}", sentence)
    if len(words) < 3 or re.search(r"[.!?]$", sentence.strip()):
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _whole_line_title(sentence: str) -> _Span | None:
    """A title-case line that is a title as a whole ("Translation: 14th Five-Year Plan for ...")."""
    m = re.match(r"\s*(?:(?:english\s+)?translation|title|document|policy)\s*[:：]\s*", sentence, re.I)
    start = m.end() if m else 0
    body = re.sub(r"\s*[-–—|]\s*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+)?\d{4}\s*$",
                  "", sentence[start:]).strip()
    verb = HEADLINE_VERB.search(body)
    if verb:
        start, body = start + verb.end(), body[verb.end():]
    chains = [s for s in _chains(" " * start + body) if s.title_en]
    if len(chains) == 1 and len(chains[0].title_en or "") >= 0.8 * len(_tidy(body)):
        return chains[0]
    return None


def _pair(spans: list[_Span], sentence: str) -> list[_Span]:
    """Join each Chinese title (in 《》 or in brackets) to the English title just before it."""
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if span.title_en is None and prev and prev.title_zh is None and prev.title_en and _near(
                sentence[prev.end:span.start]):
            out[-1] = _Span(prev.start, span.end, prev.title_en, span.title_zh)
            continue
        if span.title_en and span.title_zh is None:
            zh, end = _bracketed_chinese(sentence, span.end)
            if zh:
                span = _Span(span.start, end, span.title_en, zh)
        out.append(span)
    return out


def _near(gap: str) -> bool:
    return len(gap) <= 60 and not RELEASE.search(gap) and not re.search(r"[.;]\s", gap) and "《" not in gap


def _bracketed_chinese(text: str, at: int) -> tuple[str | None, int]:
    """A Chinese title in brackets right after ``at``: " (算力基础设施高质量发展行动计划)" or " [海警法]"."""
    m = re.match(r"\s*([(（\[［])", text[at:])
    if not m:
        return None, at
    start = at + m.end()
    depth, k = 1, start
    while k < len(text) and depth:
        if text[k] in "(（[［":
            depth += 1
        elif text[k] in ")）]］":
            depth -= 1
        k += 1
    inner = text[start:k - 1].strip() if depth == 0 else ""
    cjk = len(re.findall(f"[{CJK}]", inner))
    if cjk >= 4 and cjk >= 0.6 * len(re.sub(r"[\s（）()〔〕\d]", "", inner)):
        return inner.strip("《》“”"), k
    return None, at


# --------------------------------------------------------------------------- dates


def dates_in(text: str, ctx: Context) -> list[tuple[int, int, dt.date]]:
    """Every date written in ``text`` with its span; a month and day take ``ctx.year``; impossible dates are left."""
    found: list[tuple[int, int, dt.date]] = []
    full = [(MONTH_DAY_YEAR, False), (DAY_MONTH_YEAR, False), (ISO, True), (CHINESE_DATE, True), (SLASH_DATE, True),
            (US_DATE, True)]
    for pattern, numeric in full:
        for m in pattern.finditer(text):
            month = int(m["month"]) if numeric else MONTHS[m["month"].lower().rstrip(".")]
            _add(found, m.start(), m.end(), int(m["year"]), month, int(m["day"]))
    if ctx.year:
        for pattern in (MONTH_DAY, DAY_MONTH):
            for m in pattern.finditer(text):
                _add(found, m.start(), m.end(), ctx.year, MONTHS[m["month"].lower().rstrip(".")], int(m["day"]),
                     ctx.today)
    if ctx.today:
        for m in RELATIVE.finditer(text):
            word = m["word"].lower()
            back = 1 if word == "yesterday" else 0 if word == "today" else (ctx.today.weekday() - WEEKDAYS[word]) % 7
            found.append((m.start(), m.end(), ctx.today - dt.timedelta(days=back)))
    return sorted(found, key=lambda f: f[0])


def _add(found: list[tuple[int, int, dt.date]], start: int, end: int, year: int, month: int, day: int,
         today: dt.date | None = None) -> None:
    if any(s <= start < e or s < end <= e for s, e, _ in found):
        return
    try:
        date = dt.date(year, month, day)
    except (ValueError, BadDate):
        return
    if today and date > today + dt.timedelta(days=1):
        date = date.replace(year=year - 1) if not (month == 2 and day == 29) else date
    found.append((start, end, date))


def date_kind(before: str) -> str:
    """What a date is, from the words before it: "effective", "deadline" or "issued"."""
    before = before[-60:]
    if EFFECTIVE_BEFORE.search(before):
        return "effective"
    if DEADLINE_BEFORE.search(before):
        return "deadline"
    return "issued"


# --------------------------------------------------------------------------- facts of one mention


def _facts(sentence: str, seg: tuple[int, int], span: _Span, others: list[_Span], ctx: Context) -> dict:
    """Issuers, dates and status that one mention's part of its sentence states: the words before it (from the
    previous title on, less that title's bracket) and the words after it (up to the next title)."""
    masked = sentence
    for other in others:
        masked = masked[:other.start] + "the document".ljust(other.end - other.start) + masked[other.end:]
    lead = re.match(r"\s*\([^()]*\)", masked[seg[0]:span.start]) if seg[0] else None
    before = masked[seg[0] + (lead.end() if lead else 0):span.start]
    after = masked[span.end:seg[1]]
    issuers, count = issuers_in_text(_without_companies(before + " the document"))
    by = BY_PHRASE.match(after)
    if not issuers and by:
        issuers, count = issuers_in_text(_without_companies("the document " + after))
    date = effective = None
    for part in (before, after):
        for start, _, when in dates_in(part, ctx):
            kind = date_kind(part[:start])
            if kind == "effective" and effective is None:
                effective = when
            elif kind == "issued" and date is None:
                date = when
    draft = is_draft(" ".join(filter(None, [span.title_en, span.title_zh]))) or bool(
        re.search(r"\bdraft\b[^.,;]{0,25}$", before[-45:], re.I)
        or re.search(r"^[^.;]{0,60}\b(?:for|seeking|solicit\w*|invit\w*)\s+(?:the\s+)?(?:public\s+)?(?:to\s+)?"
                     r"(?:comments?|opinions?|feedback|consultation|comment)\b", after, re.I))
    return {"issuers": tuple(issuers), "issuer_count": count if count and count > len(issuers) else None,
            "date": date, "effective": effective, "draft": draft}


def _without_companies(text: str) -> str:
    for start, end, _ in resolve.companies().spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _numbers(sentence: str, spans: list[_Span]) -> tuple[dict[int, str], list[str]]:
    """Document numbers of the sentence given to the title before them (else after them); the rest are orphans."""
    given: dict[int, str] = {}
    orphans: list[str] = []
    inside = [(s.start, s.end) for s in spans]
    for number in find_doc_numbers(sentence):
        at = sentence.find(number)
        if any(s <= at < e for s, e in inside):
            continue
        number = _with_agency(sentence, at, number)
        before = [k for k, s in enumerate(spans) if s.end <= at]
        after = [k for k, s in enumerate(spans) if s.start > at]
        k = before[-1] if before else (after[0] if after else None)
        if k is None:
            orphans.append(number)
        else:
            given.setdefault(k, number)
    return given, orphans


def _with_agency(sentence: str, at: int, number: str) -> str:
    """ "Council Decree No. 766" grown to "State Council Decree No. 766" when the words before finish an agency."""
    kind = re.search(r"\b(?:Order|Decree|Announcement|Circular|Bulletin|Decision|Notice|Document)\b", number)
    if not kind or kind.start() == 0:
        return number
    words = re.findall(r"[A-Z][\w'’]*|of|the", sentence[max(0, at - 60):at])
    for n in range(min(len(words), 6), 0, -1):
        name = " ".join(words[-n:]) + " " + number[:kind.start()].strip()
        if sentence[:at].rstrip().endswith(" ".join(words[-n:])) and resolve.agencies().lookup(name):
            return f"{name} {number[kind.start():]}"
    return number


# --------------------------------------------------------------------------- the finder


def find_mentions(lines: list[Line], form: str = "text", ctx: Context | None = None) -> Found:
    """Every policy document the lines name, merged by title, in order of first appearance."""
    ctx = ctx or Context()
    found = Found()
    parts = units(lines, form)
    order: list[Mention] = []
    for u, unit in enumerate(parts):
        if is_stamp(unit.text):
            continue
        for offset, sentence in sentences(unit.text):
            order += _sentence_mentions(parts, u, offset, sentence, ctx, found)
    merged: dict[str, Mention] = {}
    for mention in order:
        key = found.aliases.get(mention.key, mention.key)
        merged[key] = merge(merged[key], mention) if key in merged else mention
    found.mentions = list(merged.values())
    return found


def _sentence_mentions(parts: list[Unit], u: int, offset: int, sentence: str, ctx: Context,
                       found: Found) -> list[Mention]:
    unit = parts[u]
    line = unit.line_at(offset)
    spans = title_spans(sentence)
    numbers, orphans = _numbers(sentence, spans)
    found.orphans += [(n, line, sentence) for n in orphans]
    for span in spans:
        alias = ALIAS.match(sentence[span.end:])
        if alias and span.title_en:
            found.aliases.setdefault(title_key(alias.group(1)), title_key(span.title_en))
    found.problems += [Problem(line, f"document number {n!r} is named without a document title") for n in orphans]
    if not spans:
        if UNTITLED.search(sentence):
            found.problems.append(Problem(line, f"a document is reported without a title: {sentence[:100]!r}"))
        return []
    out = []
    for k, span in enumerate(spans):
        seg = (spans[k - 1].end if k else 0, spans[k + 1].start if k + 1 < len(spans) else len(sentence))
        facts = _facts(sentence, seg, span, spans, ctx)
        scope = _scope(parts, u, offset, sentence, last=k + 1 == len(spans))
        out.append(Mention(
            title_en=span.title_en, title_zh=span.title_zh, first_line=line,
            last_line=max(p.lines[-1] for p in scope[1]) if scope[1] else line,
            issuers=facts["issuers"], issuer_count=facts["issuer_count"], date=facts["date"],
            effective=facts["effective"], draft=facts["draft"], doc_number=numbers.get(k),
            targets=tuple(targets_in(scope[0])), companies=tuple(_companies(scope[0])),
            text=" ".join(s for s, _ in scope[0]),
        ))
    return out


def _scope(parts: list[Unit], u: int, offset: int, sentence: str,
           last: bool) -> tuple[list[tuple[str, int]], list[Unit]]:
    """The sentences that speak of a mention (its own, then the rest of its paragraph until the next title) and
    the bullets right after that paragraph; only the last title of a sentence gets more than its own sentence."""
    unit = parts[u]
    own = [(sentence, unit.line_at(offset))]
    if not last:
        return own, [unit]
    for start, text in sentences(unit.text[offset + len(sentence):]):
        if title_spans(text):
            return own, [unit]
        own.append((text, unit.line_at(offset + len(sentence) + start)))
    bullets: list[Unit] = []
    for n, nxt in enumerate(parts[u + 1:]):
        lead_in = n == 0 and not nxt.bullet and nxt.text.rstrip().endswith(":")
        if not (nxt.bullet or lead_in) or title_spans(nxt.text):
            break
        if lead_in:
            own.append((nxt.text, nxt.lines[0]))
            continue
        bullets.append(nxt)
    return own + [(b.text, -b.lines[0]) for b in bullets], [unit, *bullets]


def targets_in(texts: list[tuple[str, int]], lead: str = "") -> list[Target]:
    """Targets of sentences and bullets (a negative line number marks a bullet), read with the years that the
    sentences or ``lead`` announce; titles, document numbers and bracketed years are left out of them."""
    target_year, baseline_year = lead_in_years(" ".join([lead, *(t for t, no in texts if no > 0)]))
    out: list[Target] = []
    for text, no in texts:
        out += read_targets(_unnumbered(text), abs(no), bullet=no < 0, target_year=target_year,
                            baseline_year=baseline_year)
    return out


def _unnumbered(text: str) -> str:
    """``text`` with its titles, bracketed years, document numbers, calendar dates ("October 9 and 12", "16 May")
    and list numbers ("1. Party Congress") blanked: they hold numbers, not targets."""
    for span in sorted(title_spans(text), key=lambda s: -s.start):
        text = text[:span.start] + "the document" + text[span.end:]
    for number in find_doc_numbers(text):
        text = text.replace(number, "")
    text = CALENDAR_DAYS.sub(lambda m: m.group(0) if re.search(r"\bmay\b", m.group(0)) else " ", text)
    text = LIST_NUMBER.sub("", text)
    return re.sub(r"\((?:19|20)\d\d\s*[-–—]\s*(?:19|20)?\d\d\)", "", text)


def _companies(texts: list[tuple[str, int]]) -> list[Ref]:
    return resolve.companies().find(" ".join(t for t, _ in texts))


def merge(first: Mention, later: Mention) -> Mention:
    """One mention from two of the same document: the first keeps what it states, the later fills the gaps."""
    return replace(
        first,
        title_zh=first.title_zh or later.title_zh,
        last_line=max(first.last_line, later.last_line),
        issuers=tuple({r.key: r for r in first.issuers + later.issuers}.values()),
        issuer_count=first.issuer_count or later.issuer_count,
        date=first.date or later.date,
        effective=first.effective or later.effective,
        draft=first.draft or later.draft,
        doc_number=first.doc_number or later.doc_number,
        targets=first.targets + later.targets,
        companies=tuple({r.key: r for r in first.companies + later.companies}.values()),
        count=first.count + later.count,
        text=join([first.text, later.text]),
    )


def agencies_in(text: str) -> list[Ref]:
    """Every agency named in ``text`` (companies' names left out), in order, each once."""
    return list({r.key: r for _, _, r in agency_spans(text)}.values())
