"""A synthetic corpus of digests in the MERICS "China Industries" layout, deterministic from a seed.

Digest ``i`` depends only on the seed and ``i``, so a corpus of 100 is the first 100 digests of a corpus of
10,000. Each digest has a "MERICS TOP 20" list (twenty numbered entries, read by the parser as the real five
are), policy and corporate news, authors and editors; each digest is written, at random, in the Markdown
layout (headings, **bold** labels) or in the plain-text one (bare lines, ``Article:``). Agencies,
sectors and companies come from ``data/vocab``; every policy has a Chinese title of its own, so no two
policies merge. Files are written one at a time; the corpus is never held in memory.

>>> a, b = render(plan(0, 7)), render(plan(0, 7))
>>> a == b and len(plan(0, 7).entries)
20
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from policygraph import resolve, resources
from policygraph.namespaces import PG

#: bump when the generated text changes, so that a stored corpus is not reused by mistake
VERSION = 1
ENTRIES = 20
SERIES = ["Industries", "Digital", "Energy", "Mobility", "Materials", "Health", "Finance", "Trade", "Agriculture",
          "Space", "Climate", "Security"]
FIRST_DAY, LAST_DAY = dt.date(2012, 1, 1), dt.date(2025, 12, 31)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
#: relative weights of the bodies that issue most policies (every other current body weighs 1)
FREQUENT_AGENCIES = {"MIIT": 30, "NDRC": 30, "State Council": 15, "MOF": 12, "MOST": 12, "NEA": 12, "SAMR": 9,
                     "MOFCOM": 9, "CAC": 9, "MEE": 9, "SASAC": 6, "PBOC": 6, "CSRC": 6, "NHC": 6, "MOT": 6}
COUNT_WORDS = ["no", "one", "two", "three"]
FIRST_NAMES = ["Anna", "Jonas", "Lea", "Felix", "Mara", "Oskar", "Ines", "Bruno", "Clara", "Emil", "Hanna", "Linus"]
LAST_NAMES = ["Brandt", "Kessler", "Lindgren", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Serrano",
              "Tanaka", "Vogel"]
#: (English pattern, Chinese pattern) of a title; ``{x}`` is the subject
KINDS = [("Notice on {x}", "关于{x}的通知"), ("Guiding Opinions on {x}", "关于{x}的指导意见"),
         ("Action Plan for {x}", "{x}行动方案"), ("Implementation Plan for {x}", "{x}实施方案"),
         ("Measures for {x}", "{x}若干措施"), ("Development Plan for {x}", "{x}发展规划"),
         ("Work Plan for {x}", "{x}工作方案"), ("Opinions on {x}", "关于{x}的意见"),
         ("Guidelines for {x}", "{x}指南"), ("Administrative Measures for {x}", "{x}管理办法")]
VERBS = [("Promoting", "促进"), ("Accelerating", "加快"), ("Strengthening", "加强"), ("Improving", "提升"),
         ("Supporting", "支持"), ("Regulating", "规范"), ("Deepening", "深化"), ("Advancing", "推进")]
AIMS = [("High-Quality Development", "高质量发展"), ("Innovative Development", "创新发展"),
        ("Green Development", "绿色发展"), ("Digital Transformation", "数字化转型"), ("Safe Development", "安全发展"),
        ("Orderly Development", "有序发展"), ("Integrated Development", "融合发展"), ("Standardisation", "标准化建设"),
        ("Opening-up", "对外开放"), ("Cluster Building", "集群建设"), ("Supply Chain Resilience", "产业链韧性"),
        ("Technological Innovation", "技术创新")]
SCOPES = [("Nationwide", "全国"), ("in Central Enterprises", "中央企业"), ("in County Areas", "县域"),
          ("in Pilot Free Trade Zones", "自贸试验区"), ("in the Yangtze River Delta", "长三角"),
          ("in the Greater Bay Area", "粤港澳大湾区"), ("in Western Regions", "西部地区"),
          ("in Old Industrial Bases", "老工业基地"), ("among Small Firms", "中小企业"),
          ("in National High-Tech Zones", "国家高新区"), ("in Rural Areas", "农村地区"),
          ("in Border Regions", "沿边地区")]


# --------------------------------------------------------------------------- what a digest holds


@dataclass(frozen=True)
class GenTarget:
    """A target bullet and what the parser must read from it."""

    text: str
    target: float
    baseline: float | None
    baseline_year: int | None
    target_year: int
    unit: str | None
    qualifier: str | None


@dataclass(frozen=True)
class GenEntry:
    """One of the twenty numbered entries."""

    rank: int
    headline: str
    title_en: str
    title_zh: str
    issuers: tuple[str, ...]  # skos:notation, lead first
    date: dt.date
    sector: str  # English label
    lead: str  # the unlabelled first "At a glance" sentence(s)
    bullets: tuple[str, ...]
    targets: tuple[GenTarget, ...]
    comment: tuple[str, ...]


@dataclass(frozen=True)
class GenNews:
    """One dated news item."""

    kind: str  # "policy" | "corporate"
    date: dt.date
    text: str


@dataclass(frozen=True)
class GenDigest:
    """Everything one synthetic digest says, before it is written in a layout."""

    index: int
    series: str
    date: dt.date
    period: tuple[dt.date, dt.date]
    markdown: bool
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    entries: tuple[GenEntry, ...]
    news: tuple[GenNews, ...]

    @property
    def file_name(self) -> str:
        """``<index>-<series>-<date>.md|txt``: sorted names are in index order."""
        return f"{self.index:06d}-{self.series.lower()}-{self.date.isoformat()}.{'md' if self.markdown else 'txt'}"


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class Agency:
    notation: str
    name: str  # English preferred label
    weight: int


@dataclass(frozen=True)
class Sector:
    en: str
    zh: str


@dataclass(frozen=True)
class Vocab:
    """The vocabulary entries the generator writes, each checked to resolve back to itself."""

    agencies: tuple[Agency, ...]
    sectors: tuple[Sector, ...]
    companies: tuple[str, ...]


@cache
def vocab() -> Vocab:
    """Agencies (current bodies), sectors and companies from ``data/vocab`` that the parser resolves exactly."""
    return Vocab(_agencies(), _sectors(), _companies())


def _graph(stem: str) -> Graph:
    return Graph().parse(resources.vocab_path(stem))


def _label(g: Graph, node: URIRef, lang: str) -> str | None:
    return next((str(o) for o in g.objects(node, SKOS.prefLabel) if isinstance(o, Literal) and o.language == lang),
                None)


def _resolves(matcher: resolve.Matcher, text: str, node: URIRef) -> bool:
    return [r.key for r in matcher.find(text)] == [resolve.local_name(node)]


def _agencies() -> tuple[Agency, ...]:
    g, matcher = _graph("agencies"), resolve.agencies()
    out = []
    for node in sorted(g.subjects(RDF.type, PG.Agency)):
        notation, name = g.value(node, SKOS.notation), _label(g, node, "en")
        if (node, DCTERMS.isReplacedBy, None) in g or notation is None or name is None:
            continue
        if _resolves(matcher, str(notation), node) and _resolves(matcher, name, node):
            out.append(Agency(str(notation), name, FREQUENT_AGENCIES.get(str(notation), 1)))
    return tuple(out)


def _sectors() -> tuple[Sector, ...]:
    g, matcher = _graph("sectors"), resolve.sectors()
    out = []
    for node in sorted(g.subjects(RDF.type, PG.Sector)):
        en, zh = _label(g, node, "en"), _label(g, node, "zh")
        if en and zh and "(" not in en and not any(c.isdigit() for c in en) and _resolves(matcher, en, node):
            out.append(Sector(en, zh))
    return tuple(out)


def _companies() -> tuple[str, ...]:
    g, matcher = _graph("companies"), resolve.companies()
    out = []
    for node in sorted(g.subjects(RDF.type, PG.Company)):
        name = _label(g, node, "en")
        if name and _resolves(matcher, name, node) and not resolve.agencies().find(name):
            out.append(name)
    return tuple(out)


# --------------------------------------------------------------------------- unique keys


def capacity() -> int:
    """The largest corpus: one digest per series and day (its key is publisher, series and date)."""
    return len(SERIES) * ((LAST_DAY - FIRST_DAY).days + 1)


def _permute(i: int, n: int, seed: int) -> int:
    """A bijection of range(n), scattered and fixed by ``seed``."""
    rng = random.Random(f"permute:{seed}:{n}")
    a = rng.randrange(n // 3, n)
    while math.gcd(a, n) != 1:
        a += 1
    return (a * i + rng.randrange(n)) % n


def _slot(seed: int, index: int) -> tuple[str, dt.date]:
    slot = _permute(index, capacity(), seed)
    return SERIES[slot % len(SERIES)], FIRST_DAY + dt.timedelta(days=slot // len(SERIES))


def _title(seed: int, serial: int) -> tuple[str, str, str]:
    """English title, Chinese title and sector of policy ``serial``: distinct for every serial."""
    sectors = vocab().sectors
    radices = [len(KINDS), len(VERBS), len(AIMS), len(SCOPES), len(sectors)]
    rest = _permute(serial, math.prod(radices), seed)
    digits = []
    for radix in radices:
        rest, digit = divmod(rest, radix)
        digits.append(digit)
    kind, verb, aim, scope, sector = (KINDS[digits[0]], VERBS[digits[1]], AIMS[digits[2]], SCOPES[digits[3]],
                                      sectors[digits[4]])
    en = kind[0].format(x=f"{verb[0]} the {aim[0]} of {sector.en} {scope[0]}")
    zh = kind[1].format(x=f"{verb[1]}{scope[1]}{sector.zh}{aim[1]}")
    return en, zh, sector.en


# --------------------------------------------------------------------------- targets


Template = Callable[[random.Random, int, int], GenTarget]


def _n(value: float) -> str:
    """A number as a digest writes it: 40,000 / 2.5 / 18."""
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _pair(rng: random.Random, low: float, high: float, decimals: int = 1) -> tuple[float, float]:
    """A baseline between ``low`` and ``high`` and a target 1.2 to 2.5 times as large."""
    a = round(rng.uniform(low, high), decimals)
    return a, round(a * rng.uniform(1.2, 2.5), decimals)


def _pct_range(rng: random.Random, ty: int, by: int) -> GenTarget:
    a, b = _pair(rng, 5, 40, 0)
    metric = rng.choice(["the share of clean power in industrial energy use", "the digital control rate of key "
                         "processes", "the penetration of industrial robots", "the recycling rate of scrap metal"])
    return GenTarget(f"{rng.choice(['Raise', 'Lift'])} {metric} from {_n(a)} to {_n(b)} percent", b, a, by, ty,
                     "percent", None)


def _money_range(rng: random.Random, ty: int, by: int) -> GenTarget:
    a, b = _pair(rng, 0.5, 4.0)
    scale = rng.choice(["trillion", "billion"])
    factor = 1e12 if scale == "trillion" else 1e9
    metric = rng.choice(["annual investment in the industry", "the output value of core firms",
                         "the turnover of technology contracts"])
    return GenTarget(f"Grow {metric} from CNY {_n(a)} {scale} to CNY {_n(b)} {scale}", b * factor, a * factor, by,
                     ty, "CNY", None)


def _money_to(rng: random.Random, ty: int, by: int) -> GenTarget:
    b = round(rng.uniform(1, 9), 1)
    return GenTarget(f"Bring the value of data trading contracts to {_n(b)} trillion CNY, almost twice the {by} "
                     "figure", b * 1e12, None, None, ty, "CNY", None)


def _at_least_up_from(rng: random.Random, ty: int, by: int) -> GenTarget:
    a = round(rng.uniform(2, 6), 1)
    b = round(a + rng.uniform(0.5, 3), 1)
    year = by - rng.randrange(0, 2)
    return GenTarget(f"Lift the R&D intensity of leading firms to at least {_n(b)} percent, up from {_n(a)} percent "
                     f"in {year}", b, a, year, ty, "percent", "at least")


def _by_exceed(rng: random.Random, ty: int, by: int) -> GenTarget:
    a = float(rng.randrange(20, 90))
    b = float(rng.randrange(int(a * 2), int(a * 6)))
    year = ty - 1
    return GenTarget(f"By {year}, make the industry's revenue exceed CNY {_n(b)} billion (up from CNY {_n(a)} "
                     f"billion in {by})", b * 1e9, a * 1e9, by, year, "CNY", "more than")


def _count_range(rng: random.Random, ty: int, by: int) -> GenTarget:
    a = float(rng.randrange(10, 60) * 1000)
    b = a * 2 + 1000 * rng.randrange(1, 20)
    return GenTarget(f"More than double overseas patent filings by domestic firms, from {_n(a)} to {_n(b)}", b, a,
                     by, ty, None, None)


def _annual(rng: random.Random, ty: int, by: int) -> GenTarget:
    word, value = rng.choice([("three", 3.0), ("five", 5.0), ("six", 6.0), ("eight", 8.0), ("ten", 10.0)])
    return GenTarget(f"Grow exports of the sector {word} percent annually", value, None, None, ty,
                     "percent per year", None)


def _per_capita(rng: random.Random, ty: int, by: int) -> GenTarget:
    a, b = _pair(rng, 4, 30, 0)
    return GenTarget(f"Increase high-value invention patents per 10,000 people from {_n(a)} to {_n(b)}", b, a, by, ty,
                     "per 10,000 people", None)


def _exaflops(rng: random.Random, ty: int, by: int) -> GenTarget:
    a, b = _pair(rng, 50, 250, 0)
    return GenTarget(f"Expand national computing capacity from {_n(a)} to {_n(b)} ExaFLOPS", b, a, by, ty,
                     "EFLOPS", None)


def _currency(rng: random.Random, ty: int, by: int) -> GenTarget:
    b = round(rng.uniform(1, 30), 1)
    text, factor, unit = rng.choice([
        (f"Attract USD {_n(b)} billion of foreign investment in new plants", 1e9, "USD"),
        (f"Mobilize RMB {_n(b)} trillion of social capital for new infrastructure", 1e12, "CNY"),
        (f"Set up an industry guidance fund of {_n(b)} billion yuan", 1e9, "CNY"),
        (f"Sign cooperation projects worth EUR {_n(b)} billion with European partners", 1e9, "EUR"),
    ])
    return GenTarget(text, b * factor, None, None, ty, unit, None)


def _around_against(rng: random.Random, ty: int, by: int) -> GenTarget:
    a = float(rng.randrange(50, 200))
    b = a + rng.randrange(20, 100)
    return GenTarget(f"Set up around {_n(b)} pilot zones, against {_n(a)} in {by}", b, a, by, ty, "pilot zones",
                     "about")


def _compared_with(rng: random.Random, ty: int, by: int) -> GenTarget:
    a = round(rng.uniform(20, 40), 1)
    b = float(round(a + rng.uniform(3, 15)))
    return GenTarget(f"Have firms in the zones receive {_n(b)} percent of granted patents, compared with {_n(a)} "
                     f"percent in {by}", b, a, by, ty, "percent", None)


def _kwh(rng: random.Random, ty: int, by: int) -> GenTarget:
    a = float(rng.randrange(50, 80))
    b = a - rng.randrange(3, 12)
    return GenTarget(f"Cut the power used per tonne of product from {_n(a)} kWh to at most {_n(b)} kWh", b, a, by, ty,
                     "kwh", "at most")


def _millions(rng: random.Random, ty: int, by: int) -> GenTarget:
    b = float(rng.randrange(20, 120))
    return GenTarget(f"Connect more than {_n(b)} million industrial devices to shared platforms", b * 1e6, None, None,
                     ty, "industrial devices", "more than")


def _words_at_least(rng: random.Random, ty: int, by: int) -> GenTarget:
    word, value = rng.choice([("two", 2.0), ("three", 3.0), ("four", 4.0), ("five", 5.0)])
    return GenTarget(f"Require large platforms to spend at least {word} percent of their revenue on R&D", value, None,
                     None, ty, "percent", "at least")


def _gigawatts(rng: random.Random, ty: int, by: int) -> GenTarget:
    b = float(rng.randrange(5, 300))
    return GenTarget(f"Add {_n(b)} GW of new energy storage capacity", b, None, None, ty, "gw", None)


TEMPLATES: list[Template] = [_pct_range, _money_range, _money_to, _at_least_up_from, _by_exceed, _count_range,
                             _annual, _per_capita, _exaflops, _currency, _around_against, _compared_with, _kwh,
                             _millions, _words_at_least, _gigawatts]
PLAIN_BULLETS = ["Tighten supervision of new projects against hoarding and unfair competition",
                 "Give companies a bigger role in national funding programs",
                 "Bring technology and capital markets closer together",
                 "Extend purchase incentives to buyers in rural areas",
                 "Set up monitoring and early warning that draws on industry surveys"]
DESCRIPTIVE_BULLETS = ["Clarifies which local offices approve new projects",
                       "Requires firms to report supply disruptions within a set period",
                       "Encourages banks to lend against patents and other intangible assets",
                       "Names the standards that new plants have to meet"]


# --------------------------------------------------------------------------- planning a digest


def plan(seed: int, index: int) -> GenDigest:
    """What digest ``index`` of the corpus with ``seed`` says."""
    if not 0 <= index < capacity():
        raise ValueError(f"digest index {index} is outside the corpus capacity of {capacity():,}")
    rng = random.Random(f"digest:{seed}:{index}")
    series, date = _slot(seed, index)
    period = (date - dt.timedelta(days=rng.randrange(35, 45)), date - dt.timedelta(days=rng.randrange(5, 10)))
    entries = tuple(_entry(rng, seed, index * 30 + k, k + 1, period) for k in range(ENTRIES))
    news = _news(rng, seed, index, period)
    return GenDigest(index, series, date, period, rng.random() < 0.5, _people(rng, 2, 4), _people(rng, 1, 2),
                     entries, news)


def _people(rng: random.Random, low: int, high: int) -> tuple[str, ...]:
    names = [f"{f} {ln}" for f in FIRST_NAMES for ln in LAST_NAMES]
    return tuple(rng.sample(names, rng.randint(low, high)))


def _day_in(rng: random.Random, period: tuple[dt.date, dt.date]) -> dt.date:
    return period[0] + dt.timedelta(days=rng.randrange((period[1] - period[0]).days + 1))


def _issuers(rng: random.Random) -> tuple[Agency, ...]:
    agencies = vocab().agencies
    count = rng.choices([1, 2, 3, 4], weights=[5, 3, 2, 1])[0]
    chosen: list[Agency] = []
    while len(chosen) < count:
        pick = rng.choices(agencies, weights=[a.weight for a in agencies])[0]
        if pick not in chosen:
            chosen.append(pick)
    return tuple(chosen)


def _entry(rng: random.Random, seed: int, serial: int, rank: int, period: tuple[dt.date, dt.date]) -> GenEntry:
    title_en, title_zh, sector = _title(seed, serial)
    if rng.random() < 0.08:
        title_en, title_zh = f"{title_en} (Draft for Comment)", f"{title_zh}（征求意见稿）"
    date = _day_in(rng, period)
    issuers = _issuers(rng)
    ty, by = date.year + rng.randint(2, 5), date.year - rng.randint(1, 3)
    if rng.random() < 0.15:
        targets: tuple[GenTarget, ...] = ()
        bullets = tuple(rng.sample(DESCRIPTIVE_BULLETS, 3))
    else:
        targets = tuple(t(rng, ty, by) for t in rng.sample(TEMPLATES, rng.randint(2, 6)))
        bullets = tuple(t.text for t in targets) + tuple(rng.sample(PLAIN_BULLETS, rng.randint(0, 2)))
    return GenEntry(rank, _headline(rng, issuers[0], sector, ty), title_en, title_zh,
                    tuple(a.notation for a in issuers), date, sector, _lead(rng, issuers, sector, ty, by, targets),
                    bullets, targets, _comment(rng, sector))


def _headline(rng: random.Random, lead: Agency, sector: str, year: int) -> str:
    sector = sector[0].lower() + sector[1:] if sector[1:2].islower() else sector
    return rng.choice([f"{lead.notation} sets new goals for {sector}", f"A push for {sector} from the centre",
                       f"Beijing wants more from {sector} by {year}", f"New rules take aim at {sector}",
                       f"{lead.notation} puts {sector} on a tighter leash"])


def _lead(rng: random.Random, issuers: tuple[Agency, ...], sector: str, ty: int, by: int,
          targets: tuple[GenTarget, ...]) -> str:
    who = f"The {issuers[0].name} ({issuers[0].notation})"
    if len(issuers) > 1:
        who += f" and {COUNT_WORDS[len(issuers) - 1]} other {'agency' if len(issuers) == 2 else 'agencies'}"
    sector = sector[0].lower() + sector[1:] if sector[1:2].islower() else sector
    first = f"{who} issued a document on {sector}, with an eye on supply chains and local implementation."
    if not targets:
        return f"{first} It sets no numbers. Among its points:"
    return f"{first} " + rng.choice([f"Its goals are set for {ty}, with {by} as the base year:",
                                     f"Goals for {ty} include, with {by} as the base year:",
                                     f"By {ty}, compared with {by}, the document aims to:"])


def _comment(rng: random.Random, sector: str) -> tuple[str, ...]:
    firms = rng.sample(vocab().companies, 2)
    return (f"The document shows that Beijing wants {sector} to serve national goals as much as growth. Firms such "
            f"as {firms[0]} and {firms[1]} are likely to benefit, while smaller rivals face higher costs.",
            rng.choice(["Local governments will carry much of the burden, and some will struggle to pay for it.",
                        "Foreign firms should watch how the rules are applied before they commit new capital.",
                        "Much depends on how strictly local offices enforce the new requirements."]))


def _news(rng: random.Random, seed: int, index: int, period: tuple[dt.date, dt.date]) -> tuple[GenNews, ...]:
    policy = [_policy_news(rng, seed, index * 30 + ENTRIES + k, period) for k in range(rng.randint(5, 9))]
    corporate = [_corporate_news(rng, period) for _ in range(rng.randint(4, 8))]
    return tuple(sorted(policy, key=lambda n: n.date) + sorted(corporate, key=lambda n: n.date))


def _policy_news(rng: random.Random, seed: int, serial: int, period: tuple[dt.date, dt.date]) -> GenNews:
    title, _, _ = _title(seed, serial)
    issuers = _issuers(rng)
    names = " and ".join(a.name if rng.random() < 0.5 else a.notation for a in issuers[:2])
    tail = rng.choice(["", f", aiming to raise output by {rng.randint(5, 30)} percent by {period[1].year + 3}",
                       ", setting out duties for local offices"])
    return GenNews("policy", _day_in(rng, period),
                   f"{names} issued the {title}{tail} ({issuers[0].notation} notice)")


def _corporate_news(rng: random.Random, period: tuple[dt.date, dt.date]) -> GenNews:
    firm = rng.choice(vocab().companies)
    sector = rng.choice(vocab().sectors).en
    text = rng.choice([f"{firm} announced a CNY {rng.randint(2, 90)} billion investment in {sector}",
                       f"{firm} opened a new research centre for {sector}",
                       f"{firm} signed a supply agreement covering {sector} with a state-owned partner"])
    source = rng.choice(["Reuters article", "Caixin article", "Yicai article", "company press release"])
    return GenNews("corporate", _day_in(rng, period), f"{text} ({source})")


# --------------------------------------------------------------------------- rendering


def _long_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _month_day(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


def render(d: GenDigest) -> str:
    """The digest as text, in its layout (Markdown or plain text)."""
    md = d.markdown
    head, sub, bold = ("# ", "## ", "**") if md else ("", "", "")
    start, end = d.period
    lines = [f"{d.date.strftime('%B').upper()} {d.date.day}, {d.date.year} (REPORTING PERIOD: "
             f"{_month_day(start).upper()} - {_month_day(end).upper()})", "", f"{head}MERICS", "",
             f"{sub}China {d.series}", "", ", ".join(a.upper() for a in d.authors), "",
             f"{'### ' if md else ''}CONTENTS", "", f"MERICS TOP {ENTRIES} .....\t2"]
    lines += [f"{e.rank}. {e.headline}.....\t{2 + e.rank // 2}" for e in d.entries]
    news_heading = "WORTH NOTING" if md else "NOTEWORTHY"
    lines += [f"{news_heading} .....\t{3 + ENTRIES // 2}", "", f"{sub}MERICS TOP {ENTRIES}", ""]
    for e in d.entries:
        lines += _render_entry(e, md, bold)
    lines += [f"{sub}{news_heading}", "", f"{'### ' if md else ''}Policy news", ""]
    lines += [_render_news(n) for n in d.news if n.kind == "policy"]
    lines += ["", f"{'### ' if md else ''}Corporate news", ""]
    lines += [_render_news(n) for n in d.news if n.kind == "corporate"]
    lines += ["", f"{sub}{bold}AUTHORS{bold}", ""]
    for name in d.authors:
        lines += [name, "Analyst, MERICS", ""]
    lines += [f"{sub}{bold}EDITORS{bold}", ""]
    for name in d.editors:
        lines += [name, "Editor, MERICS", ""]
    lines += [f"{sub}{bold}PUBLISHER{bold}", "", "MERICS | Mercator Institute for China Studies", ""]
    return "\n".join(lines) + "\n"


def _render_entry(e: GenEntry, md: bool, bold: str) -> list[str]:
    label = "Policy name" if md else "Article"
    issuers = list(e.issuers)
    who = issuers[0] if len(issuers) == 1 else ", ".join(issuers[:-1]) + " and " + issuers[-1]
    wrapped = md and e.rank % 3 == 0
    title = f"{bold}{label}:{bold} {e.title_en}" + ("  \n" if wrapped else " ") + f"({e.title_zh}) ([Link](#))"
    return [f"{'### ' if md else ''}{e.rank}. {e.headline}", "",
            f"{bold}At a glance:{bold} {e.lead}", "", *[f"- {b}" for b in e.bullets], "",
            f"{bold}MERICS comment:{bold} {e.comment[0]}", "", e.comment[1], "", title, "",
            f"{bold}Issuing bod{'y' if len(issuers) == 1 else 'ies'}:{bold} {who}", "",
            f"{bold}Date:{bold} {_long_date(e.date)}", ""]


def _render_news(n: GenNews) -> str:
    return f"- *{_month_day(n.date)}:* {n.text}"


# --------------------------------------------------------------------------- writing


MANIFEST = "corpus.json"


def digest_path(folder: Path, d: GenDigest) -> Path:
    """Where digest ``d`` goes: a sub-folder per thousand digests."""
    return folder / f"{d.index // 1000:03d}" / d.file_name


def write_corpus(folder: Path, size: int, seed: int = 0) -> Iterator[Path]:
    """Write digests ``0 .. size-1`` one at a time (existing ones of the same seed are kept); yields each path."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / MANIFEST
    done = _manifest_size(manifest, seed)
    for index in range(size):
        d = plan(seed, index)
        path = digest_path(folder, d)
        if index >= done or not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(render(d), encoding="utf-8")
        yield path
    manifest.write_text(json.dumps({"seed": seed, "size": max(size, done), "version": VERSION}), encoding="utf-8")


def _manifest_size(manifest: Path, seed: int) -> int:
    """How many digests of ``seed`` the folder already holds (0 if none, or another seed or generator version)."""
    if not manifest.exists():
        return 0
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return int(data["size"]) if data.get("seed") == seed and data.get("version") == VERSION else 0
