"""Hypothesis strategies that write digests and target phrasings, each with what a correct parser reads back.

Used by ``tests/test_fuzz.py`` and ``scripts/fuzz.py``. The words come from small fixed lists chosen so that
they cannot be mistaken for dates, labels, agencies or numbers; everything else (layout, whitespace, bullets,
label spellings, date formats, numbers, scales, agencies, section order, line endings, encodings) is drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from hypothesis import strategies as st

from policygraph import resolve

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
BULLETS = ["-", "*", "•", "◦", "▪", "·", "–"]
METRICS = ["the share of clean power", "the rate of broadband coverage", "the share of electric cars in new sales",
           "the use of recycled steel", "the share of smart factories"]
MONEY_METRICS = ["spending on grid upgrades", "investment in charging networks", "output of the robot industry"]
VERBS = ["Raise", "Lift", "Increase", "Grow", "Push"]
WORDS = ["rules", "for", "cleaner", "grids", "chip", "makers", "get", "support", "faster", "ports", "new", "steel",
         "green", "plants", "data", "markets", "open", "wider", "local", "trials", "push", "robots"]
TITLE_KINDS = ["Measures", "Guidelines", "Notice", "Opinions", "Action Plan", "Implementation Plan"]
TITLE_TOPICS = ["Promoting", "Clean", "Steel", "Production", "Digital", "Industry", "Grid", "Upgrading",
                "Green", "Factories", "Charging", "Networks", "Rural", "Logistics"]
HANZI = "关于推进加快促进产业工业绿色数字发展建设管理办法规划意见通知方案智能制造能源交通"
DATE_START, DATE_END = dt.date(2019, 3, 1), dt.date(2031, 12, 31)


@dataclass(frozen=True)
class GenTarget:
    """A target bullet and the numbers it states."""

    text: str
    target: Decimal
    baseline: Decimal | None
    baseline_year: int | None
    unit: str


@dataclass(frozen=True)
class GenEntry:
    """One generated policy entry."""

    lines: tuple[str, ...]
    title_en: str
    title_zh: str
    issuers: tuple[str, ...]
    date: dt.date
    target_year: int
    targets: tuple[GenTarget, ...]


@dataclass(frozen=True)
class GenNews:
    """One generated news item."""

    kind: str
    date: dt.date
    line: str


@dataclass(frozen=True)
class GenDigest:
    """A generated digest: its text and what it says."""

    date: dt.date
    entries: tuple[GenEntry, ...]
    news: tuple[GenNews, ...]
    text: str


@cache
def agency_acronyms() -> dict[str, str]:
    """Acronym -> vocabulary key for every agency acronym that names exactly one agency."""
    matcher = resolve.agencies()
    out = {}
    for form, key in matcher._exact.items():  # noqa: SLF001 - the vocabulary's own surface forms
        if form.isalpha() and form.isupper() and [r.key for r in matcher.find(form)] == [key]:
            out[form] = key
    return dict(sorted(out.items()))


# -- numbers and target phrasings ------------------------------------------------------------------------------


@st.composite
def numbers(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A number as a digest writes it ("7", "1,250", "3.75") and its value; never a bare year."""
    if draw(st.booleans()):
        cents = draw(st.integers(1, 99_999))
        places = draw(st.sampled_from([1, 2]))
        value = Decimal(cents).scaleb(-places)
        return f"{value:.{places}f}", value
    whole = draw(st.integers(1, 999_999).filter(lambda n: not 1950 <= n <= 2199))
    text = f"{whole:,}" if whole >= 1000 and draw(st.booleans()) else str(whole)
    return text, Decimal(whole)


def percent_words() -> st.SearchStrategy[str]:
    return st.sampled_from(["percent", "per cent", "%"])


def _with_unit(number: str, unit: str) -> str:
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@st.composite
def from_to_percent(draw: st.DrawFn) -> GenTarget:
    """ "Raise the share of clean power from X to Y percent"."""
    (a_text, a), (b_text, b) = draw(numbers()), draw(numbers())
    unit = draw(percent_words())
    verb, metric = draw(st.sampled_from(VERBS)), draw(st.sampled_from(METRICS))
    text = f"{verb} {metric} from {a_text} to {_with_unit(b_text, unit)}"
    return GenTarget(text, b, a, None, "percent")


@st.composite
def from_to_money(draw: st.DrawFn) -> GenTarget:
    """ "Grow investment in charging networks from CNY X billion to CNY Y billion"."""
    scale, factor = draw(st.sampled_from([("million", 6), ("billion", 9), ("trillion", 12), ("bn", 9)]))
    currency = draw(st.sampled_from(["CNY", "RMB"]))
    (a_text, a), (b_text, b) = draw(numbers()), draw(numbers())
    text = (f"{draw(st.sampled_from(VERBS))} {draw(st.sampled_from(MONEY_METRICS))} from {currency} {a_text} "
            f"{scale} to {currency} {b_text} {scale}")
    return GenTarget(text, b.scaleb(factor), a.scaleb(factor), None, "CNY")


@st.composite
def at_least_up_from(draw: st.DrawFn) -> GenTarget:
    """ "Raise the share of smart factories to at least X percent, up from Y percent in 2020"."""
    (a_text, a), (b_text, b) = draw(numbers()), draw(numbers())
    unit = draw(percent_words())
    year = draw(st.integers(2005, 2020))
    text = (f"{draw(st.sampled_from(VERBS))} {draw(st.sampled_from(METRICS))} to at least {_with_unit(b_text, unit)}, "
            f"up from {_with_unit(a_text, unit)} in {year}")
    return GenTarget(text, b, a, year, "percent")


def target_phrases() -> st.SearchStrategy[GenTarget]:
    """Any of the three target phrasings."""
    return st.one_of(from_to_percent(), from_to_money(), at_least_up_from())


# -- digests ---------------------------------------------------------------------------------------------------


def dates(start: dt.date = DATE_START, end: dt.date = DATE_END) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=start, max_value=end)


@st.composite
def full_date(draw: st.DrawFn, day: dt.date) -> str:
    """``day`` in one of the spellings digests use."""
    month = MONTHS[day.month - 1]
    short = month[:3] + "." if month != "May" else "May"
    return draw(st.sampled_from([
        f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat(),
        f"{short} {day.day}, {day.year}", f"{month.upper()} {day.day}, {day.year}",
    ]))


@st.composite
def month_day(draw: st.DrawFn, day: dt.date) -> str:
    month = MONTHS[day.month - 1]
    return draw(st.sampled_from([f"{month} {day.day}", f"{day.day} {month}"]))


def words(n_min: int = 2, n_max: int = 6) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=n_min, max_size=n_max).map(" ".join)


@st.composite
def label(draw: st.DrawFn, *names: str) -> str:
    """A label as plain text or Markdown bold, with the colon inside or outside the bold."""
    name = draw(st.sampled_from(names))
    return draw(st.sampled_from([f"{name}:", f"**{name}:**", f"**{name}**:"]))


@st.composite
def entries(draw: st.DrawFn, rank: int, digest_date: dt.date) -> GenEntry:
    """One "Top 5" entry: headline, glance with target bullets, comment, title, issuers, date."""
    issued = draw(dates(digest_date - dt.timedelta(days=120), digest_date))
    target_year = draw(st.integers(2021, 2035))
    targets = draw(st.lists(target_phrases(), max_size=3))
    acronyms = draw(st.lists(st.sampled_from(list(agency_acronyms())), min_size=1, max_size=3,
                             unique_by=lambda a: agency_acronyms()[a]))
    title_en = f"{draw(st.sampled_from(TITLE_KINDS))} on {draw(words(2, 5)).title()}"
    title_zh = "".join(draw(st.lists(st.sampled_from(HANZI), min_size=4, max_size=16)))
    by_lead_in = draw(st.booleans())
    lead = f"The plan sets targets for {target_year}:" if by_lead_in else "The main points:"
    bullet = draw(st.sampled_from(BULLETS))
    bullets = [f"{draw(st.sampled_from(['', '  ']))}{bullet} "
               f"{t.text if by_lead_in else f'By {target_year}, {t.text[0].lower()}{t.text[1:]}'}" for t in targets]
    heading = draw(st.sampled_from(["", "## ", "### "]))
    joiner = draw(st.sampled_from([", ", " and ", "; "]))
    link = draw(st.sampled_from(["", " ([Link](#))", " (link)"]))
    lines = [
        f"{heading}{rank}. {draw(words()).capitalize()}",
        f"{draw(label('At a glance'))} The agency issued a plan. {lead}", *bullets,
        f"{draw(label('MERICS comment', 'MERICs comment'))} {draw(words(3, 9)).capitalize()}.",
        f"{draw(label('Article', 'Policy name'))} {title_en} ({title_zh}){link}",
        f"{draw(label('Issuing body', 'Issuing bodies', 'Issued by'))} {joiner.join(acronyms)}",
        f"{draw(label('Date'))} {draw(full_date(issued))}",
    ]
    keys = tuple(agency_acronyms()[a] for a in acronyms)
    return GenEntry(tuple(lines), title_en, title_zh, keys, issued, target_year, tuple(targets))


@st.composite
def news_items(draw: st.DrawFn, kind: str, digest_date: dt.date) -> GenNews:
    day = draw(dates(digest_date - dt.timedelta(days=55), digest_date))
    bullet = draw(st.sampled_from(BULLETS))
    stamp = draw(month_day(day))
    stamp = draw(st.sampled_from([f"*{stamp}:*", f"**{stamp}:**", f"{stamp}:"]))
    source = draw(st.sampled_from(list(agency_acronyms()))) + " notice" if kind == "policy" else "Reuters article"
    return GenNews(kind, day, f"{bullet} {stamp} {draw(words(3, 8)).capitalize()} ({source})")


@st.composite
def digests(draw: st.DrawFn) -> GenDigest:
    """A whole digest with 1-5 entries and policy and corporate news in either order."""
    day = draw(dates(DATE_START + dt.timedelta(days=130), DATE_END))
    month = MONTHS[day.month - 1]
    header = draw(st.sampled_from([f"{month.upper()} {day.day}, {day.year}", f"{day.day} {month} {day.year}"]))
    count = draw(st.integers(1, 5))
    gen_entries = [draw(entries(rank, day)) for rank in range(1, count + 1)]
    sections = {kind: draw(st.lists(news_items(kind, day), max_size=3)) for kind in ("policy", "corporate")}
    order = draw(st.permutations(["policy", "corporate"]))
    blocks: list[list[str]] = [[header], ["MERICS"], ["China Industries"], ["MERICS TOP 5"]]
    blocks += [list(e.lines) for e in gen_entries]
    blocks.append([draw(st.sampled_from(["NOTEWORTHY", "Worth noting", "## NOTEWORTHY"]))])
    for kind in order:
        blocks.append([f"{kind.capitalize()} news", *(n.line for n in sections[kind])])
    text = _layout(draw, blocks)
    news = tuple(n for kind in order for n in sections[kind])
    return GenDigest(day, tuple(gen_entries), news, text)


def _layout(draw: st.DrawFn, blocks: list[list[str]]) -> str:
    """Blocks separated by 1-3 blank lines; lines inside an entry by 0-2, with random trailing blanks."""
    out: list[str] = []
    for block in blocks:
        out += [""] * draw(st.integers(1, 3))
        for i, line in enumerate(block):
            if i and not _is_bullet(line):
                out += [""] * draw(st.integers(0, 2))
            out.append(line + draw(st.sampled_from(["", " ", "  ", "\t", " \t "])))
    return "\n".join(out) + "\n"


def _is_bullet(line: str) -> bool:
    return line.lstrip()[:1] in BULLETS


# -- noise -----------------------------------------------------------------------------------------------------


@st.composite
def mutated_digests(draw: st.DrawFn) -> str:
    """A generated digest with lines dropped, repeated, swapped or replaced by random text."""
    lines = draw(digests()).text.splitlines()
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "noise", "cut"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "noise":
            lines[at] = draw(st.text(max_size=80))
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    return "\n".join(lines)
