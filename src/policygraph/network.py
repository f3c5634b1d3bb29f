"""Agency–sector, co-issuance and company–sector networks read from the store (store in, networkx out).

Every node is keyed by its IRI and carries ``kind`` (agency, sector or company), ``iri``, ``label`` (the short
name to draw: an agency's notation, else the English label), ``label_en``, ``label_zh``, ``acronym`` (agencies
that have one), ``level`` (sectors: 1 for a top concept) and ``weight`` (distinct policies or news items
behind it). Every edge carries ``weight`` (distinct policies or news items), ``policies`` (their sorted IRIs),
``titles`` (their English titles, same order) and ``dates`` (the sorted distinct ISO dates of its policies and
news items); company–sector edges also carry ``news`` and ``news_texts``. Bipartite networks mark agencies and
companies ``bipartite=0`` and sectors ``bipartite=1``. The graph's ``item_details`` maps each policy behind a
link to its first Chinese title and its date (what a drawing shows besides the English title).

A company is linked to the sectors of a policy only when one of its names occurs in the policy's own text (its
headline, titles or targets), and to those of a news item only when it is named in the item's text: a firm the
analyst's comment or a summary names in passing is not what the item is about.

:func:`cut` keeps the heaviest links (``--top``, ``--min-weight``) and records in the graph's attributes
``links_total`` (links before the cut), ``links_shown``, ``min_weight`` and ``top``; :func:`cut_text` says it
in words.

The facts come from the stored queries in ``queries/network/``; filters are bound as RDF terms, and agency
and sector names are resolved like any stored-query parameter (acronym, label, CURIE or IRI).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import combinations
from operator import attrgetter
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from .binding import resolve_iri, to_date
from .errors import QueryParameterError
from .namespaces import PG, curie
from .queries import get_query

if TYPE_CHECKING:
    from .store import PlainRow, Store

KINDS = ("agency-sector", "co-issuance", "company-sector")
EARLIEST = dt.date(1, 1, 1)
LATEST = dt.date(9999, 12, 31)

POLICY_DATES = "network/policy-dates"
ITEM_DATES = "network/item-dates"
ITEM_AGENCIES = "network/item-agencies"
ITEM_ISSUERS = "network/item-issuers"
ITEM_SECTORS = "network/item-sectors"
ITEM_TITLES = "network/item-titles"
RANKED_ITEMS = "network/ranked-items"
COMPANY_MENTIONS = "network/company-mentions"
SECTOR_TAXONOMY = "network/sector-taxonomy"
SUB_SECTORS = "network/sub-sectors-by-sector"
SUB_BODIES = "network/sub-bodies-by-agency"
NODE_LABELS = "network/node-labels"
COMPANY_TEXTS = "network/item-texts"
COMPANY_PASSAGES = "network/item-passages"
#: how many items one narrow query binds with VALUES
ITEM_BATCH = 1000
#: from how many items a narrow query reads every row of the store instead of binding the items
SCAN_FROM = 5000
COMPANY_NAMES = "network/company-names"

#: the languages a network reads titles in: English (shown first), then Chinese
TITLE_LANGUAGES = ("en", "zh")
#: the class each name filter is resolved in
FILTER_CLASSES = {"agency": PG.Agency, "sector": PG.Sector}
#: longest news text kept on an edge (for tooltips)
NEWS_TEXT_LENGTH = 160
#: links an HTML page shows at most unless --top says otherwise
HTML_TOP = 500


@dataclass(frozen=True)
class Filters:
    """What goes into a network. Agency and sector are what a user typed (acronym, label, CURIE or IRI).

    ``include_news`` False keeps only the digests' Top-5 policies (those with ``pg:rank``); True adds the
    policies that news items report and, in the company–sector network, the news items themselves.
    ``level`` rolls sectors up to that level of the taxonomy (1 = top concepts); None keeps them as named.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    sector: str | None = None
    agency: str | None = None
    include_news: bool = True
    level: int | None = None

    def check(self) -> None:
        """Raise QueryParameterError for an empty date range or a level below 1."""
        if self.start and self.end and self.start > self.end:
            raise QueryParameterError(f"the start date {self.start} is after the end date {self.end}",
                                      query="network", param="start", value=self.start.isoformat())
        if self.level is not None and self.level < 1:
            raise QueryParameterError("the level must be 1 (top sectors) or more", query="network",
                                      param="level", value=str(self.level))

    def describe(self) -> str:
        """The filters in a few words, e.g. ``2022-01-01 to 2022-12-31; sector batteries; Top-5 policies only``."""
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        parts += [f"agency {self.agency}"] if self.agency else []
        parts += [f"sector {self.sector}"] if self.sector else []
        parts.append("policies and news" if self.include_news else "Top-5 policies only")
        parts += [f"sectors at level {self.level}"] if self.level else []
        return "; ".join(parts)


@dataclass(frozen=True)
class Item:
    """A policy or news item behind an edge, with the text to show for it."""

    iri: str
    title: str
    news: bool = False
    date: str = ""
    title_zh: str = ""


@dataclass
class Fact:
    """One item and what it names: agencies, sectors and companies. ``ranked`` (a digest's Top-5 entry) is read
    only where the filters use it (a policies-only network) and is False otherwise."""

    item: Item
    ranked: bool
    agencies: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)


def parse_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """``START:END`` (YYYY-MM-DD or YYYY each, either may be empty) or a year, as a date range.

    >>> parse_period("2021:2022-06-30")
    (datetime.date(2021, 1, 1), datetime.date(2022, 6, 30))
    >>> parse_period("2022")
    (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    """
    start, sep, end = text.strip().partition(":")
    end = end if sep else start
    try:
        return _day(start, first=True), _day(end, first=False)
    except ValueError as e:
        raise QueryParameterError(f"{e}. A period is START:END (dates or years; either may be left out), "
                                  "e.g. 2021:2022-06-30", query="network", param="period", value=text) from None


def _day(text: str, first: bool) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 1, 1) if first else dt.date(int(text), 12, 31)
    return dt.date.fromisoformat(str(to_date(text)))


# -- the sector taxonomy -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taxonomy:
    """Sectors and their broader sectors; levels and roll-up to a level."""

    broader: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_store(cls, store: Store) -> Taxonomy:
        """Read the taxonomy with ``network/sector-taxonomy``."""
        parents: dict[str, list[str]] = defaultdict(list)
        for row in store.select_plain(get_query(SECTOR_TAXONOMY).text):
            parents[row["sector"]] += [row["broader"]] if "broader" in row else []
        return cls({s: tuple(sorted(set(p))) for s, p in parents.items()})

    @cached_property
    def levels(self) -> dict[str, int]:
        """Sector -> level: 1 for a sector with no broader sector, else 1 + its shallowest broader sector's."""
        narrower: dict[str, list[str]] = defaultdict(list)
        for sector, parents in self.broader.items():
            for parent in parents:
                narrower[parent].append(sector)
        levels = {s: 1 for s, parents in self.broader.items() if not parents}
        frontier = sorted(levels)
        while frontier:
            frontier = sorted({c for s in frontier for c in narrower[s] if c not in levels})
            for child in frontier:
                levels[child] = min(levels[p] for p in self.broader[child] if p in levels) + 1
        return levels

    def level(self, sector: str) -> int:
        """The level of ``sector`` (1 when it is unknown or only on a cycle)."""
        return self.levels.get(sector, 1)

    def ancestors(self, sector: str) -> set[str]:
        """Every broader sector of ``sector``, transitively."""
        seen: set[str] = set()
        todo = list(self.broader.get(sector, ()))
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(self.broader.get(parent, ()))
        return seen

    def roll_up(self, sector: str, level: int) -> str:
        """``sector`` if it is at ``level`` or above, else its ancestor at ``level`` (the first IRI if several)."""
        if self.level(sector) <= level:
            return sector
        return min((a for a in self.ancestors(sector) if self.level(a) == level), default=sector)


# -- filters -> scope --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The resolved filters: the sectors and agencies that may appear, and how sectors become nodes."""

    filters: Filters
    taxonomy: Taxonomy
    sectors: frozenset[str] | None = None
    sector_root: str | None = None
    agencies: frozenset[str] | None = None

    @classmethod
    def resolve(cls, store: Store, filters: Filters) -> Scope:
        """Resolve the agency and sector names and find their sub-bodies and sub-sectors."""
        filters.check()
        sectors = root = agencies = None
        if filters.sector:
            root = resolve(store, "sector", filters.sector)
            sectors = frozenset(_column(store, SUB_SECTORS, {"sector": root}, "sub_sector"))
        if filters.agency:
            agency = resolve(store, "agency", filters.agency)
            agencies = frozenset(_column(store, SUB_BODIES, {"agency": agency}, "body"))
        return cls(filters, Taxonomy.from_store(store), sectors, root and str(root), agencies)

    def keeps(self, fact: Fact) -> bool:
        """Whether ``fact`` passes the news, agency and sector filters."""
        if not self.filters.include_news and (fact.item.news or not fact.ranked):
            return False
        if self.agencies is not None and not fact.agencies & self.agencies:
            return False
        return self.sectors is None or bool(fact.sectors & self.sectors)

    def sector_nodes(self, sectors: Iterable[str]) -> set[str]:
        """The nodes that ``sectors`` become: within the sector filter, rolled up to the level."""
        if self.sectors is None and self.filters.level is None:
            return set(sectors)
        return {self._node(s) for s in sectors if self.sectors is None or s in self.sectors}

    def agency_nodes(self, agencies: Iterable[str]) -> set[str]:
        """The agencies that may be nodes: those under the agency filter."""
        return set(agencies) if self.agencies is None else self.agencies.intersection(agencies)

    def _node(self, sector: str) -> str:
        if self.filters.level is None:
            return sector
        node = self.taxonomy.roll_up(sector, self.filters.level)
        return node if self.sectors is None or node in self.sectors else str(self.sector_root)


def resolve(store: Store, param: str, raw: str) -> URIRef:
    """An agency or sector as a user names it (acronym, label, CURIE or IRI) -> its IRI."""
    try:
        return resolve_iri(store, raw, FILTER_CLASSES[param])
    except ValueError as e:
        raise QueryParameterError(str(e), query="network", param=param, value=raw) from None


def _column(store: Store, query: str, bindings: Mapping[str, Node], column: str) -> list[str]:
    return [row[column] for row in store.select_plain(get_query(query).text, bindings)]


# -- reading facts -----------------------------------------------------------------------------------------


def _date_params(filters: Filters) -> dict[str, str]:
    return {"start": (filters.start or EARLIEST).isoformat(), "end": (filters.end or LATEST).isoformat()}


def policy_facts(store: Store, filters: Filters) -> list[Fact]:
    """Every policy issued in the date range that has an issuer, with its issuers and sectors.

    Read with narrow queries (dates, then the issuers, sectors, titles and ranks of the policies found), which
    give the same facts as the one wide join of ``network/policy-links-by-date-range``.
    """
    return _policy_facts(store, filters, issuers=1, sectors=True)


def co_issuance_facts(store: Store, filters: Filters) -> list[Fact]:
    """The :func:`policy_facts` a co-issuance network draws on: the policies with two issuers or more (one issuer
    links no one), their sectors read only when the sector filter needs them (else left empty)."""
    return _policy_facts(store, filters, issuers=2, sectors=bool(filters.sector))


def _policy_facts(store: Store, filters: Filters, issuers: int, sectors: bool) -> list[Fact]:
    """The policies issued in the date range with ``issuers`` issuers or more; their sectors if ``sectors``."""
    dated = policy_dates(store, filters)
    issued_by = _grouped(item_rows(store, ITEM_ISSUERS, dated), "agency")
    found = [iri for iri in dated if len(issued_by.get(iri, ())) >= issuers]
    named = _grouped(item_rows(store, ITEM_SECTORS, found), "sector") if sectors else {}
    titles = titles_by_language(item_rows(store, ITEM_TITLES, found))
    ranked = _ranked(store, filters, found)
    return [Fact(Item(iri, _first_title(iri, titles), date=dated[iri], title_zh=first_of(titles["zh"].get(iri))),
                 iri in ranked, issued_by[iri], named.get(iri, set())) for iri in found]


def policy_dates(store: Store, filters: Filters) -> dict[str, str]:
    """Policy IRI -> its earliest issue date (ISO) in the filters' date range, for every policy issued in it."""
    earliest = _earliest(_dated(store, POLICY_DATES, filters), "policy", "issued")
    return {iri: date for iri, (date, *_) in earliest.items()}


def _ranked(store: Store, filters: Filters, items: Collection[str]) -> set[str]:
    """Those of ``items`` that are a digest's Top-5 entry; read only when the filters need it (policies only)."""
    if filters.include_news:
        return set()
    return {row["item"] for row in item_rows(store, RANKED_ITEMS, items)}


def _dated(store: Store, name: str, filters: Filters) -> list[PlainRow]:
    """The rows of ``name`` (a query of items and dates) in the filters' date range, in no order."""
    query = get_query(name)
    return store.select_plain(unordered(query.text), query.bind(store, _date_params(filters)))


def _earliest(rows: Iterable[PlainRow], column: str, date: str, kind: str | None = None
              ) -> dict[str, tuple[str, ...]]:
    """Item IRI -> its earliest (date, kind) among ``rows`` (the first row the wide query would give it)."""
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        iri, value = row[column], (_iso(row.get(date)), *([row[kind]] if kind else []))
        if iri not in out or value < out[iri]:
            out[iri] = value
    return out


def item_rows(store: Store, name: str, items: Collection[str]) -> list[PlainRow]:
    """The rows of the narrow query ``name`` about ``items``: bound with VALUES, :data:`ITEM_BATCH` at a time,
    when they are few; else every row of the store, those of other items left out (one scan is cheaper)."""
    text = unordered(get_query(name).text)
    if len(items) > SCAN_FROM:
        wanted = set(items)
        return [row for row in store.select_plain(text) if row["item"] in wanted]
    terms = [URIRef(iri) for iri in sorted(items)]
    return [row for start in range(0, len(terms), ITEM_BATCH)
            for row in store.select_plain(text, {"item": terms[start:start + ITEM_BATCH]})]


def unordered(text: str) -> str:
    """A stored query without its final ``ORDER BY`` line: the network needs no order, and sorting the rows by
    their IRIs costs an engine far more than reading them (twenty times more in Oxigraph).

    >>> unordered("SELECT ?s WHERE { ?s ?p ?o }\\nORDER BY ?s\\n")
    'SELECT ?s WHERE { ?s ?p ?o }\\n'
    """
    head, sep, tail = text.rpartition("\nORDER BY ")
    return head + "\n" if sep and "}" not in tail else text


def _grouped(rows: Iterable[PlainRow], column: str, keep: Callable[[PlainRow], bool] | None = None
             ) -> dict[str, set[str]]:
    """Item IRI -> the values of ``column`` in its ``rows`` (those ``keep`` accepts)."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if keep is None or keep(row):
            out[row["item"]].add(row[column])
    return out


def first_titles(rows: Iterable[Mapping[str, object]], items: Iterable[str]) -> dict[str, str]:
    """Item IRI -> the first of its English titles in code-point order (several digests may each give one;
    SPARQL engines order language-tagged titles differently), else its first Chinese title, else its CURIE."""
    titles = titles_by_language(rows)
    return {iri: _first_title(iri, titles) for iri in items}


def _first_title(iri: str, titles: Mapping[str, Mapping[str, set[str]]]) -> str:
    return min(titles["en"].get(iri) or titles["zh"].get(iri) or {curie(iri)})


def titles_in(rows: Iterable[Mapping[str, object]], language: str) -> dict[str, set[str]]:
    """Item IRI -> its titles whose language tag matches ``language`` (SPARQL ``langMatches``)."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if lang_matches(row["title"], language):
            out[str(row["item"])].add(str(row["title"]))
    return out


def titles_by_language(rows: Iterable[Mapping[str, object]]) -> dict[str, dict[str, set[str]]]:
    """``en`` and ``zh`` -> item IRI -> its titles in that language (tags matched as by :func:`lang_matches`), read
    in one pass over ``rows``.

    >>> from .store.terms import LangString
    >>> rows = [{"item": "p", "title": LangString("Plan", "en-gb")}, {"item": "p", "title": LangString("计划", "zh")}]
    >>> {language: dict(titles) for language, titles in titles_by_language(rows).items()}
    {'en': {'p': {'Plan'}}, 'zh': {'p': {'计划'}}}
    """
    out: dict[str, dict[str, set[str]]] = {language: defaultdict(set) for language in TITLE_LANGUAGES}
    for row in rows:
        title = row["title"]
        titles = out.get((getattr(title, "language", None) or "").lower().partition("-")[0])
        if titles is not None:
            titles[str(row["item"])].add(str(title))
    return out


def first_of(texts: Iterable[str] | None) -> str:
    """The first non-empty text in code-point order, else "".

    >>> first_of(["b", "", "a"]), first_of(None)
    ('a', '')
    """
    return min((t for t in texts or () if t), default="")


def lang_matches(term: object, language: str) -> bool:
    """Whether ``term`` (an rdflib literal or a plain value) is tagged ``language`` or a sub-tag of it (``en``
    matches ``en-GB``).

    >>> from rdflib import Literal
    >>> lang_matches(Literal("x", lang="en-GB"), "en"), lang_matches(Literal("x"), "en"), lang_matches("x", "en")
    (True, False, False)
    """
    tag = (getattr(term, "language", None) or "").lower()
    return tag == language or tag.startswith(f"{language}-")


def company_facts(store: Store, filters: Filters) -> list[Fact]:
    """Every policy and news item in the date range that names a company, with its sectors and agencies.

    ``companies`` keeps only the companies that are the item's subject (see :func:`subject_companies`); an item
    left with none still comes back, with no companies. Read with narrow queries, which give the same facts as
    the one wide join of ``network/company-links-by-date-range``.
    """
    date_rows = _dated(store, ITEM_DATES, filters)
    dated = _earliest(date_rows, "item", "date", "kind")
    mentioned = _grouped(item_rows(store, COMPANY_MENTIONS, dated), "company")
    found = [iri for iri in dated if mentioned.get(iri)]
    sectors = _grouped(item_rows(store, ITEM_SECTORS, found), "sector")
    agencies = _grouped(item_rows(store, ITEM_AGENCIES, found), "agency")
    title_rows = item_rows(store, ITEM_TITLES, found)
    titles = titles_by_language(title_rows)
    english, chinese = titles["en"], titles["zh"]
    ranked = _ranked(store, filters, found)
    policies = {row["item"] for row in date_rows if row["kind"] == "policy"}
    texts = item_texts(store, found, [row for row in title_rows if row["item"] in policies])
    names = company_names(store)
    facts = []
    for iri in found:
        (date, kind), own = dated[iri], texts.get(iri, {})
        text = min(english.get(iri) or own.get("text") or {curie(iri)})
        item = Item(iri, _clip(text), kind == "news", date, first_of(chinese.get(iri)))
        fact = Fact(item, iri in ranked, agencies.get(iri, set()), sectors.get(iri, set()))
        fact.companies = subject_companies(mentioned[iri], sorted(own.get("all", ())), names)
        facts.append(fact)
    return facts


def item_texts(store: Store, items: Collection[str], titles: Iterable[PlainRow] | None = None
               ) -> dict[str, dict[str, set[str]]]:
    """Item IRI -> its own texts (``network/item-texts``): ``all`` of them, and a news item's ``text``.

    Given ``titles`` (the rows of ``network/item-titles`` of those of ``items`` that are policies, already read),
    the other texts are read with ``network/item-passages`` and the titles taken from these rows.
    """
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"all": set(), "text": set()})
    for row in item_rows(store, COMPANY_TEXTS if titles is None else COMPANY_PASSAGES, items):
        texts, text = out[row["item"]], str(row["text"])  # a title keeps its language tag: the bare text
        texts["all"].add(text)
        if row["part"] == "text":
            texts["text"].add(text)
    for row in titles or ():
        out[row["item"]]["all"].add(str(row["title"]))
    return out


def company_names(store: Store) -> dict[str, list[str]]:
    """Company IRI -> its names (preferred, alternative and hidden labels), read with ``network/company-names``."""
    names: dict[str, list[str]] = defaultdict(list)
    for row in store.select_plain(get_query(COMPANY_NAMES).text):
        names[row["company"]].append(row["name"])
    return dict(names)


def subject_companies(companies: Iterable[str], texts: Iterable[str],
                      names: Mapping[str, Iterable[str]]) -> set[str]:
    """Those of ``companies`` named in one of ``texts``: English names case-sensitively as whole words, Chinese
    names as substrings (the tagger's rule).

    >>> sorted(subject_companies(["c:meta", "c:byd"], ["Meta opens a VR lab"], {"c:meta": ["Meta"], "c:byd": ["BYD"]}))
    ['c:meta']
    >>> subject_companies(["c:meta"], ["Metaverse plan"], {"c:meta": ["Meta"]})
    set()
    """
    text = "\n".join(texts)
    return {c for c in companies if any(_named(name, text) for name in names.get(c, ()))}


def _named(name: str, text: str) -> bool:
    if not name.strip() or name not in text:  # the substring test first: most names are not in most texts
        return False
    pattern = _whole_word(name)
    return pattern is None or pattern.search(text) is not None


@lru_cache(maxsize=4096)
def _whole_word(name: str) -> re.Pattern[str] | None:
    """The pattern that finds an English name as a whole word; None for a Chinese name (a substring suffices)."""
    if any("\u3400" <= ch <= "\u9fff" for ch in name):
        return None
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _iso(term: str | None) -> str:
    return str(term)[:10] if term is not None else ""


def _clip(text: str) -> str:
    """``text`` on one line, cut to :data:`NEWS_TEXT_LENGTH` characters."""
    text = " ".join(text.split())
    return text if len(text) <= NEWS_TEXT_LENGTH else text[: NEWS_TEXT_LENGTH - 1] + "…"


# -- the three networks ------------------------------------------------------------------------------------

Link = tuple[str, str, Item]


def agency_sector_network(store: Store, filters: Filters | None = None) -> nx.Graph:
    """Agencies linked to the sectors of the policies they issued; weight = distinct policies."""
    filters = filters or Filters()
    scope = Scope.resolve(store, filters)
    links = _pairs([(sorted(scope.agency_nodes(fact.agencies)), sorted(scope.sector_nodes(fact.sectors)), fact.item)
                    for fact in policy_facts(store, filters) if scope.keeps(fact)])
    return _graph("agency-sector", links, store, scope, bipartite=True)


def co_issuance_network(store: Store, filters: Filters | None = None) -> nx.Graph:
    """Agencies linked when they issued a policy together; weight = distinct policies.

    The agency filter keeps the policies issued by that agency or a body under it, with all their issuers.
    """
    filters = filters or Filters()
    scope = Scope.resolve(store, filters)
    links = [(a, b, fact.item)
             for fact in co_issuance_facts(store, filters) if scope.keeps(fact)
             for a, b in combinations(sorted(fact.agencies), 2)]
    return _graph("co-issuance", links, store, scope, bipartite=False)


def company_sector_network(store: Store, filters: Filters | None = None) -> nx.Graph:
    """Companies linked to the sectors of the policies and news items naming them; weight = distinct items.

    The agency filter keeps the items issued by (policies) or involving (news) that agency or a body under it.
    """
    filters = filters or Filters()
    scope = Scope.resolve(store, filters)
    links = _pairs([(sorted(fact.companies), sorted(scope.sector_nodes(fact.sectors)), fact.item)
                    for fact in company_facts(store, filters) if scope.keeps(fact)])
    return _graph("company-sector", links, store, scope, bipartite=True)


def _pairs(sides: Iterable[tuple[list[str], list[str], Item]]) -> list[Link]:
    """A link from each of the first nodes to each of the second, for each item, in that order."""
    return [(source, target, item) for sources, targets, item in sides for source in sources for target in targets]


BUILDERS: dict[str, Callable[[Store, Filters | None], nx.Graph]] = {
    "agency-sector": agency_sector_network,
    "co-issuance": co_issuance_network,
    "company-sector": company_sector_network,
}


def build_network(store: Store, kind: str, filters: Filters | None = None) -> nx.Graph:
    """One of :data:`KINDS` by name."""
    if kind not in BUILDERS:
        raise QueryParameterError(f"unknown network kind; use one of {', '.join(KINDS)}", query="network",
                                  param="kind", value=kind)
    with collector_paused():
        return BUILDERS[kind](store, filters)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused within the block. A network build makes millions of small objects (rows,
    sets, tuples) that hold no cycles, and each full collection walks every one still alive: at 2,000 digests
    that was a fifth of the build. The collector runs as before once the block ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- cutting a network down to its heaviest links ----------------------------------------------------------


def cut(graph: nx.Graph, *, min_weight: int | None = None, top: int | None = None) -> nx.Graph:
    """A copy of ``graph`` with only the links of weight ``min_weight`` or more, and of those the ``top`` heaviest.

    Ties in weight are broken by the two node IRIs (in sorted order), so the same links are kept on every run;
    nodes left without links are dropped. The graph's attributes record the cut: ``links_total`` (links before
    it; kept from an earlier cut), ``links_shown``, ``min_weight`` and ``top`` (None when not asked).

    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 3), ("c", "d", 1), ("b", "c", 2), ("a", "e", 2)])
    >>> small = cut(g, top=2)
    >>> sorted(small.edges), sorted(small), small.graph["links_total"]
    ([('a', 'b'), ('a', 'e')], ['a', 'b', 'e'], 4)
    >>> cut_text(small)
    'showing the 2 heaviest of 4 links'
    """
    _check_cut("min_weight", min_weight, 1)
    _check_cut("top", top, 0)
    keep = set(_heaviest(graph, min_weight, top))
    out = graph.__class__()
    out.graph.update(graph.graph)
    nodes = {n for edge in keep for n in edge}
    out.add_nodes_from((n, a) for n, a in graph.nodes(data=True) if n in nodes)
    out.add_edges_from((u, v, a) for u, v, a in graph.edges(data=True) if (u, v) in keep)
    tops = [t for t in (top, graph.graph.get("top")) if t is not None]
    out.graph.update(links_total=graph.graph.get("links_total", graph.number_of_edges()),
                     links_shown=out.number_of_edges(),
                     min_weight=max(min_weight or 0, graph.graph.get("min_weight") or 0) or None,
                     top=min(tops) if tops else None)
    return out


def _check_cut(name: str, value: int | None, least: int) -> None:
    if value is not None and value < least:
        raise QueryParameterError(f"{name.replace('_', '-')} must be {least} or more", query="network", param=name,
                                  value=str(value))


def _heaviest(graph: nx.Graph, min_weight: int | None, top: int | None) -> list[tuple[Hashable, Hashable]]:
    """The links of weight ``min_weight`` or more, heaviest first (ties by the sorted node IRIs), the first
    ``top`` of them."""
    edges = sorted(graph.edges(data="weight", default=1), key=lambda e: (-e[2], *sorted((str(e[0]), str(e[1])))))
    kept = [(u, v) for u, v, w in edges if min_weight is None or w >= min_weight]
    return kept if top is None else kept[:top]


def cut_text(graph: nx.Graph) -> str:
    """The cut in words, e.g. ``showing the 200 heaviest of 6,710 links (weight ≥ 3)``; empty when nothing was cut.

    >>> cut_text(nx.Graph(links_total=6710, links_shown=200, min_weight=3, top=200))
    'showing the 200 heaviest of 6,710 links (weight ≥ 3)'
    >>> cut_text(nx.Graph(links_total=40, links_shown=12, min_weight=2, top=None))
    'showing the 12 of 40 links of weight ≥ 2'
    """
    total, shown = graph.graph.get("links_total"), graph.graph.get("links_shown")
    if total is None or shown is None or shown == total:
        return ""
    min_weight, top = graph.graph.get("min_weight"), graph.graph.get("top")
    if top is not None:
        text = f"showing the {shown:,} heaviest of {total:,} links"
        return text + (f" (weight ≥ {min_weight})" if min_weight else "")
    if min_weight:
        return f"showing the {shown:,} of {total:,} links of weight ≥ {min_weight}"
    return f"showing {shown:,} of {total:,} links"


# -- links -> graph ----------------------------------------------------------------------------------------


def _graph(kind: str, links: list[Link], store: Store, scope: Scope, bipartite: bool) -> nx.Graph:
    graph = nx.Graph(kind=kind, filters=scope.filters.describe(), bipartite=bipartite)
    by_edge: dict[tuple[str, str], dict[str, Item]] = defaultdict(dict)
    for source, target, item in links:
        by_edge[(source, target)][item.iri] = item
    by_node: dict[str, set[str]] = defaultdict(set)
    for (source, target), items in by_edge.items():
        by_node[source].update(items)
        by_node[target].update(items)
    labels = node_labels(store)
    sides = {s: 0 for s, _ in by_edge} | {t: 1 for _, t in by_edge} if bipartite else {}
    for node in sorted(by_node, key=lambda n: (sides.get(n, 0), n)):
        graph.add_node(node, **node_attributes(node, labels, scope.taxonomy), weight=len(by_node[node]))
        if bipartite:
            graph.nodes[node]["bipartite"] = sides[node]
    for (source, target), items in sorted(by_edge.items()):
        graph.add_edge(source, target, **edge_attributes(items.values(), news=kind == "company-sector"))
    graph.graph["item_details"] = {item.iri: (item.title_zh, item.date) for _, _, item in links if not item.news}
    return graph


def edge_attributes(items: Iterable[Item], news: bool) -> dict[str, object]:
    """``weight``, ``policies``, ``titles`` and ``dates`` (and ``news``, ``news_texts``) of an edge."""
    ordered = sorted(items, key=attrgetter("iri"))
    policies = [i for i in ordered if not i.news]
    attrs: dict[str, object] = {"weight": len(ordered), "policies": [i.iri for i in policies],
                                "titles": [i.title for i in policies],
                                "dates": sorted({i.date for i in ordered if i.date})}
    if news:
        attrs |= {"news": [i.iri for i in ordered if i.news], "news_texts": [i.title for i in ordered if i.news]}
    return attrs


def node_labels(store: Store) -> dict[str, PlainRow]:
    """Term IRI -> its row of ``network/node-labels`` (kind, label, label_zh, notation, acronyms)."""
    return {r["term"]: r for r in store.select_plain(get_query(NODE_LABELS).text)}


def node_attributes(iri: str, labels: Mapping[str, Mapping[str, object]], taxonomy: Taxonomy
                    ) -> dict[str, object]:
    """``kind``, ``iri``, ``label``, ``label_en``, ``label_zh`` and, where they apply, ``acronym`` and ``level``."""
    row = labels.get(iri, {})
    kind = str(row.get("kind") or "")
    english = str(row.get("label") or "")
    attrs: dict[str, object] = {
        "kind": kind,
        "iri": iri,
        "label": str(row.get("notation") or english or curie(iri)),
        "label_en": english,
        "label_zh": str(row.get("label_zh") or ""),
    }
    acronym = _acronym(row)
    if acronym:
        attrs["acronym"] = acronym
    if kind == "sector":
        attrs["level"] = taxonomy.level(iri)
    return attrs


def _acronym(row: Mapping[str, object]) -> str:
    """The notation if it is one of the acronyms, else the first acronym; empty when there is none."""
    acronyms = sorted(str(row.get("acronyms") or "").split())
    notation = str(row.get("notation") or "")
    return notation if notation in acronyms else (acronyms[0] if acronyms else "")
