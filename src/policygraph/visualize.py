"""Draw a policygraph network: an offline HTML page, PNG and SVG figures, and GraphML and GEXF files.

Takes the networkx graphs of :mod:`policygraph.network`; only :func:`attach_details` reads the store (each
policy's Chinese title and own date, with one stored query). The HTML page is drawn by sigma.js and graphology
(WebGL), vendored in ``assets/vendor/sigma/`` and inlined with its script and style (``assets/``), so it
fetches nothing; figures are drawn with matplotlib; GraphML and GEXF
are written by networkx after every list attribute is joined into a string, and the GEXF is then tidied to GEXF 1.2
(no empty attributes; dynamic, with each link's and node's first date, when the links carry dates). Drawings
state a cut made by :func:`policygraph.network.cut` ("showing the 500 heaviest of 6,710 links").
"""

from __future__ import annotations

import heapq
import html
import io
import json
import math
import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Container, Hashable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import networkx as nx

from .analysis import communities
from .errors import PolicygraphError
from .namespaces import ID
from .network import cut_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .store import Store

FORMATS = ("html", "png", "svg", "graphml", "gexf")
COLORS = {"agency": "#1f77b4", "sector": "#ff7f0e", "company": "#2ca02c"}
KIND_NAMES = {"agency": "agency", "sector": "sector", "company": "company"}
TITLES = {
    "agency-sector": "Agency–sector network",
    "co-issuance": "Agency co-issuance network",
    "company-sector": "Company–sector network",
}
#: CJK font families tried in this order for ``cjk=True``
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Serif CJK SC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN",
    "SimHei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
)
_CJK_FILE = re.compile(r"cjk|wqy|wenquanyi|droidsansfallback|uming|ukai|sourcehan|simhei|msyh|pingfang", re.I)
#: separator used when a list attribute is written as one string (GraphML, GEXF, CSV)
JOIN = " | "
#: label font size (points) and the height of one label row (inches) in figures
FONT_SIZE = 8
ROW_INCHES = 0.2
GEXF_NS = "http://www.gexf.net/1.2draft"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


class FontUnavailable(PolicygraphError):
    """A figure cannot show its labels: no CJK font is installed, or a glyph is missing from the font."""

    exit_code = 3


def render(graph: nx.Graph, fmt: str, *, cjk: bool = False) -> bytes:
    """``graph`` in one of :data:`FORMATS`, as bytes."""
    writers: dict[str, Callable[[], bytes]] = {
        "html": lambda: to_html(graph).encode("utf-8"),
        "png": lambda: to_png(graph, cjk=cjk),
        "svg": lambda: to_svg(graph, cjk=cjk),
        "graphml": lambda: to_graphml(graph),
        "gexf": lambda: to_gexf(graph),
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt]()


def title(graph: nx.Graph) -> str:
    """The heading of a drawing: what network it is."""
    return TITLES.get(str(graph.graph.get("kind")), "Network")


def subtitle(graph: nx.Graph, with_cut: bool = True) -> str:
    """The line under the heading: filters, size and, when links were cut, how many are shown of how many."""
    text = f"{graph.graph.get('filters', '')} — {graph.number_of_nodes()} nodes, {graph.number_of_edges()} links"
    cut = cut_text(graph) if with_cut else ""
    return f"{text} ({cut})" if cut else text


def weight_unit(graph: nx.Graph, one: bool = False) -> str:
    """What node and edge weights count (``one``: in the singular)."""
    if graph.graph.get("kind") == "company-sector":
        return "policy or news item" if one else "policies and news items"
    return "policy" if one else "policies"


# -- layout ------------------------------------------------------------------------------------------------


def columns(graph: nx.Graph) -> tuple[list[Hashable], list[Hashable]]:
    """The two columns of a bipartite network, ordered to cross few edges (barycentre heuristic)."""
    left = sorted((n for n, side in graph.nodes(data="bipartite", default=0) if side == 0),
                  key=lambda n: (-graph.nodes[n].get("weight", 0), _label(graph, n)))
    right = sorted((n for n, side in graph.nodes(data="bipartite", default=0) if side == 1),
                   key=lambda n: _label(graph, n))
    for _ in range(4):
        right = _by_barycentre(graph, right, left)
        left = _by_barycentre(graph, left, right)
    return left, right


def _by_barycentre(graph: nx.Graph, moving: list[Hashable], fixed: list[Hashable]) -> list[Hashable]:
    index = {n: i for i, n in enumerate(fixed)}

    def key(node: Hashable) -> tuple[float, str]:
        pairs = [(index[m], graph.edges[node, m].get("weight", 1)) for m in graph[node] if m in index]
        total = sum(w for _, w in pairs)
        return (sum(i * w for i, w in pairs) / total if total else len(fixed), _label(graph, node))

    return sorted(moving, key=key)


def ring(graph: nx.Graph) -> list[Hashable]:
    """The nodes around a circle: community by community, heaviest first."""
    groups = communities(graph)
    return sorted(graph, key=lambda n: (groups.get(n, 0), -graph.nodes[n].get("weight", 0), _label(graph, n)))


def layout(graph: nx.Graph) -> dict[Hashable, tuple[float, float, str]]:
    """Node -> (x, y, side) in the unit square, y downwards; side says where the label goes.

    Bipartite networks get two columns (agencies or companies left, sectors right), others a circle.
    """
    if graph.graph.get("bipartite"):
        out = {}
        for x, (column, side) in enumerate(zip(columns(graph), ("left", "right"), strict=True)):
            out |= {n: (float(x), (i + 0.5) / len(column), side) for i, n in enumerate(column)}
        return out
    order = ring(graph)
    angles = {n: 2 * math.pi * i / len(order) - math.pi / 2 for i, n in enumerate(order)}
    return {n: (0.5 + 0.5 * math.cos(a), 0.5 + 0.5 * math.sin(a), "ring") for n, a in angles.items()}


def _label(graph: nx.Graph, node: Hashable) -> str:
    return str(graph.nodes[node].get("label", node))


# -- HTML --------------------------------------------------------------------------------------------------

#: policy and news details a standalone page carries per link, most recent first (the page states the total)
DETAILS_PER_LINK = 20
#: community colours of the page (Tableau 10, then a lighter set); further communities are grey
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#a0cbe8", "#ffbe7d", "#8cd17d", "#86bcb6", "#f1ce63", "#d4a6c8")
OTHER_COLOR = "#9a9a9a"
#: graph attributes only a page uses (left out of GraphML and GEXF)
PAGE_ONLY = ("details", "agencies", "item_details")
#: the kinds of node in English and Chinese (legend and tooltips)
KIND_LABELS = {"agency": ("agency", "机构"), "sector": ("sector", "行业"), "company": ("company", "企业")}
#: the path of an entity's page in ``policygraph serve``, by the IRI's folder under the ID namespace
PAGE_KINDS = ("policy", "agency", "sector", "company", "digest")


def _asset(*parts: str) -> str:
    return resources.files("policygraph").joinpath("assets", *parts).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Detail:
    """What a page shows of one policy or news item: its titles (or text) and its date."""

    title: str = ""
    title_zh: str = ""
    date: str = ""


def item_details(store: Store, items: Iterable[str] | None = None) -> dict[str, Detail]:
    """Policy IRI -> its first English and Chinese title (code-point order) and its earliest issue date, for
    ``items`` (default: every dated policy), read with the network's narrow queries.

    An edge keeps only its policies' English titles and the set of its dates; with these a page shows both titles
    and each policy's own date. News items have no details here: see :func:`inferred_dates`.
    """
    from .network import ITEM_TITLES, Filters, first_of, item_rows, policy_dates, titles_by_language

    dates = policy_dates(store, Filters())
    wanted = sorted(dates if items is None else set(items) & dates.keys())
    titles = titles_by_language(item_rows(store, ITEM_TITLES, wanted))
    english, chinese = titles["en"], titles["zh"]
    return {iri: Detail(first_of(english.get(iri)), first_of(chinese.get(iri)), dates[iri]) for iri in wanted}


def inferred_dates(graph: nx.Graph, known: Container[str] = ()) -> dict[str, str]:
    """Item IRI -> its date where the edges' dates settle it: every edge's ``dates`` holds the date of each of
    its items, so an item whose edges have exactly one date in common was dated that day. Items left open, and
    the ``known`` ones (dated otherwise), are not in the result (a page counts the open ones only while no date
    filter is set).

    >>> g = nx.Graph()
    >>> g.add_edge("c", "s1", news=["n1", "n2"], dates=["2023-01-01", "2023-02-01"])
    >>> g.add_edge("c", "s2", news=["n1"], dates=["2023-01-01"])
    >>> inferred_dates(g)
    {'n1': '2023-01-01'}
    """
    common: dict[str, set[str]] = {}
    for *_, attrs in graph.edges(data=True):
        dates = set(attrs.get("dates") or [])
        for iri in [*(attrs.get("policies") or []), *(attrs.get("news") or [])]:
            if str(iri) not in known:
                common[str(iri)] = common[str(iri)] & dates if str(iri) in common else set(dates)
    return {iri: next(iter(dates)) for iri, dates in sorted(common.items()) if len(dates) == 1}


def attach_details(graph: nx.Graph, store: Store) -> nx.Graph:
    """Store for :func:`to_html` (kept through a cut) the :func:`item_details` of the graph's policies in
    ``graph.graph["details"]`` and, for its agency filter, the :func:`agency_options` in ``graph.graph["agencies"]``."""
    known = graph.graph.get("item_details")
    if known is None:
        policies = {str(iri) for *_, iris in graph.edges(data="policies") for iri in iris or ()}
        graph.graph["details"] = item_details(store, policies)
    else:  # what the network read already: its policies' titles and dates
        titles = {str(i): str(t) for *_, a in graph.edges(data=True)
                  for i, t in zip(a["policies"], a["titles"], strict=True)}
        graph.graph["details"] = {iri: Detail(titles.get(iri, ""), zh, date) for iri, (zh, date) in known.items()}
    graph.graph["agencies"] = agency_options(store, graph)
    return graph


def agency_options(store: Store, graph: nx.Graph) -> list[dict[str, object]]:
    """The choices of a page's agency filter: each agency that is a node of ``graph`` or has a body under it
    (``pg:withinAgency``, the closure of ``org:subOrganizationOf``) that is, with the nodes of those bodies."""
    from .network import NODE_LABELS, SUB_BODIES, unordered
    from .queries import get_query

    agencies = {str(n) for n, kind in graph.nodes(data="kind") if kind == "agency"}
    bodies: dict[str, set[str]] = {}
    for row in store.select_plain(unordered(get_query(SUB_BODIES).text)):
        if row["body"] in agencies:
            bodies.setdefault(row["agency"], set()).add(row["body"])
    for agency in agencies:
        bodies.setdefault(agency, set()).add(agency)
    labels = {r["term"]: r for r in store.select_plain(get_query(NODE_LABELS).text)}
    return [{"id": a, "label": _short(a, labels), "label_zh": str(labels.get(a, {}).get("label_zh") or ""),
             "bodies": sorted(b)} for a, b in bodies.items()]


def _short(iri: str, labels: Mapping[str, Mapping[str, object]]) -> str:
    row = labels.get(iri, {})
    return str(row.get("notation") or row.get("label") or iri.rsplit("/", 1)[-1])


def page_path(iri: str) -> str:
    """The path of ``iri``'s page in ``policygraph serve`` (``/policy/abc``), or "" when it has none.

    >>> page_path("https://w3id.org/policygraph/id/policy/6b3efffeb328e361")
    '/policy/6b3efffeb328e361'
    """
    for kind in PAGE_KINDS:
        base = f"{ID}{kind}/"
        if iri.startswith(base) and len(iri) > len(base) and "/" not in iri[len(base):]:
            return f"/{kind}/{quote(iri[len(base):], safe='')}"
    return ""


def payload(graph: nx.Graph, details: Mapping[str, Detail] | None = None,
            details_url: str = "") -> dict[str, object]:
    """The data the HTML page draws.

    Nodes carry positions (:func:`layout`), labels, a community and (sectors) a level; each edge its weight, the
    dates of all its policies and of all its news items (the page's date and item filters recount weights from
    them) and indices into ``items`` for at most :data:`DETAILS_PER_LINK` of them, most recent first. ``items``
    holds each policy or news item once: ``[English title or text, Chinese title, date, serve path, news 0/1]``.
    With ``details_url`` (within ``policygraph serve``) no items are carried: the page fetches a link's items
    from ``details_url`` when its tooltip opens (see :func:`link_items`). ``agencies`` are the choices of the
    agency filter, each with the nodes of the bodies under it.
    """
    details = details if details is not None else graph.graph.get("details") or {}
    pos = layout(graph)
    groups = communities(graph) if graph.number_of_edges() else {}
    nodes = [{
        "id": str(n), "kind": a.get("kind", ""), "label": a.get("label", str(n)), "label_en": a.get("label_en", ""),
        "label_zh": a.get("label_zh", ""), "acronym": a.get("acronym", ""), "weight": a.get("weight", 1),
        "x": round(pos[n][0], 4), "y": round(pos[n][1], 4), "side": pos[n][2],
        "community": groups.get(n, 0), "level": a.get("level", 0),
    } for n, a in graph.nodes(data=True)]
    items: list[list[object]] = []
    index: dict[str, int] = {}
    edges = []
    inferred = inferred_dates(graph, _dated(details))
    for u, v, a in graph.edges(data=True):
        entries = _edge_items(a, details, inferred)
        shown = [] if details_url else most_recent(entries, DETAILS_PER_LINK)
        for entry in shown:
            if entry[0] not in index:
                index[entry[0]] = len(items)
                items.append(item_entry(entry, details))
        edges.append({
            "source": str(u), "target": str(v), "weight": a.get("weight", len(entries)),
            "policy_dates": sorted(e[2] for e in entries if not e[3]),
            "news_dates": sorted(e[2] for e in entries if e[3]),
            "items": [index[e[0]] for e in shown],
        })
    return {"title": title(graph), "kind": graph.graph.get("kind", ""), "filters": graph.graph.get("filters", ""),
            "bipartite": bool(graph.graph.get("bipartite")), "kinds": KIND_LABELS,
            "weight_unit": weight_unit(graph), "weight_unit_one": weight_unit(graph, one=True),
            "cut": cut_text(graph), "links_total": graph.graph.get("links_total", graph.number_of_edges()),
            "details_per_link": DETAILS_PER_LINK, "communities": _communities(graph, groups),
            "nodes": nodes, "edges": edges, "items": items, "details_url": details_url,
            "agencies": _agency_choices(graph)}


Entry = tuple[str, str, str, bool]


def recent(entries: list[Entry]) -> list[Entry]:
    """Items (IRI, title, date, is news) most recent first (ISO dates), undated last; then by title and IRI.

    >>> entries = [("a", "T", "", False), ("b", "T", "2023-01-02", False), ("c", "S", "2023-01-02", False)]
    >>> [e[0] for e in recent(entries)]
    ['c', 'b', 'a']
    """
    by_title = sorted(entries, key=lambda e: (e[1], e[0]))
    return sorted(by_title, key=lambda e: e[2], reverse=True)  # stable: equal dates keep the title order


def most_recent(entries: list[Entry], count: int) -> list[Entry]:
    """The first ``count`` of :func:`recent`, sorting only the entries dated on or after the ``count``-th latest date
    (a heavy link has thousands).

    >>> entries = [("a", "T", "", False), ("b", "T", "2023-01-02", False), ("c", "S", "2023-01-02", False)]
    >>> [e[0] for e in most_recent(entries, 2)], most_recent(entries, 5) == recent(entries)
    (['c', 'b'], True)
    """
    if 0 < count < len(entries):
        latest = heapq.nlargest(count, (entry[2] for entry in entries))[-1]
        entries = [entry for entry in entries if entry[2] >= latest]
    return recent(entries)[:count]


def _dated(details: Mapping[str, Detail]) -> set[str]:
    """The items ``details`` give a date."""
    return {iri for iri, detail in details.items() if detail.date}


def item_entry(entry: Entry, details: Mapping[str, Detail]) -> list[object]:
    """What a page shows of an item: ``[English title or text, Chinese title, date, serve path, news 0/1]``."""
    iri, title_en, date, news = entry
    return [title_en, details.get(iri, Detail()).title_zh, date, page_path(iri), int(news)]


def link_items(graph: nx.Graph, source: str, target: str) -> list[list[object]]:
    """Every policy and news item of the link between ``source`` and ``target``, most recent first, as a page
    shows them (:func:`item_entry`); raises KeyError when there is no such link."""
    details = graph.graph.get("details") or {}
    entries = _edge_items(graph.edges[source, target], details, inferred_dates(graph, _dated(details)))
    return [item_entry(entry, details) for entry in recent(entries)]


def node_items(graph: nx.Graph, node: str, limit: int = 5) -> list[list[object]]:
    """The ``limit`` items behind most of ``node``'s links (then the most recent), as a page shows them."""
    details = graph.graph.get("details") or {}
    inferred = inferred_dates(graph, _dated(details))
    count: dict[str, int] = {}
    entries: dict[str, Entry] = {}
    for *_, attrs in graph.edges(node, data=True):
        for entry in _edge_items(attrs, details, inferred):
            count[entry[0]] = count.get(entry[0], 0) + 1
            entries[entry[0]] = entry
    ranked = sorted(recent(list(entries.values())), key=lambda e: -count[e[0]])[:limit]
    return [item_entry(entry, details) for entry in ranked]


def _agency_choices(graph: nx.Graph) -> list[dict[str, object]]:
    """The agency filter's choices whose bodies are nodes of ``graph`` (by label), else each agency node alone."""
    present = {str(n) for n in graph}
    options = graph.graph.get("agencies") or [
        {"id": str(n), "label": a.get("label", str(n)), "label_zh": a.get("label_zh", ""), "bodies": [str(n)]}
        for n, a in graph.nodes(data=True) if a.get("kind") == "agency"]
    kept = [{**o, "bodies": [b for b in o["bodies"] if b in present]} for o in options]
    return sorted((o for o in kept if o["bodies"]), key=lambda o: (str(o["label"]).lower(), o["id"]))


def _edge_items(attrs: Mapping[str, object], details: Mapping[str, Detail],
                inferred: Mapping[str, str]) -> list[Entry]:
    """An edge's policies and news items as (IRI, English title or text, date, is news).

    The date is the item's own (from ``details``), else the one its edges' dates settle (:func:`inferred_dates`),
    else unknown ("").
    """
    out = []
    for iris, texts, news in (("policies", "titles", False), ("news", "news_texts", True)):
        titles = list(attrs.get(texts) or [])
        for i, iri in enumerate(attrs.get(iris) or []):
            detail = details.get(str(iri))
            text = titles[i] if i < len(titles) and titles[i] else (detail.title if detail else str(iri))
            date = detail.date if detail and detail.date else inferred.get(str(iri), "")
            out.append((str(iri), text, date, news))
    return out


def _communities(graph: nx.Graph, groups: Mapping[Hashable, int]) -> list[dict[str, object]]:
    """Each community: number, colour, size and its three heaviest members' labels (for the legend)."""
    members: dict[int, list[Hashable]] = {}
    for node, group in groups.items():
        members.setdefault(group, []).append(node)
    out = []
    for group in sorted(members):
        heaviest = sorted(members[group], key=lambda n: (-graph.nodes[n].get("weight", 0), _label(graph, n)))
        out.append({"id": group, "color": PALETTE[group - 1] if 0 < group <= len(PALETTE) else OTHER_COLOR,
                    "size": len(heaviest), "top": [_label(graph, n) for n in heaviest[:3]]})
    return out


def script_text(text: str) -> str:
    """``text`` made safe inside an inline ``<script>``: no ``</script``, ``<!--`` or ``-->`` can end it early.

    >>> script_text('"</script><!--"') == '"\\\\u003c/script\\\\u003e\\\\u003c!--"'
    True
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _library() -> str:
    """The vendored sigma.js + graphology bundle (``assets/vendor/sigma/sigma.min.js``)."""
    code = _asset("vendor", "sigma", "sigma.min.js")
    if re.search(r"</script|<!--", code, re.I):  # pragma: no cover - the vendoring script refuses such a bundle
        raise ValueError("the vendored sigma bundle cannot be inlined: it holds '</script' or '<!--'")
    return code


def to_html(graph: nx.Graph, details: Mapping[str, Detail] | None = None, details_url: str = "") -> str:
    """A self-contained page drawn by sigma.js (WebGL), with the library inlined: tooltips, zoom, filters,
    isolation of a node's neighbourhood, communities, search and PNG/SVG export; nothing is fetched, except,
    with ``details_url`` (within ``policygraph serve``), a link's items from that same-origin URL."""
    data = script_text(json.dumps(payload(graph, details, details_url), ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")))
    values = {
        "TITLE": html.escape(title(graph)),
        "SUBTITLE": html.escape(subtitle(graph, with_cut=False)),
        "CUT": _cut_paragraph(graph),
        "CSS": _asset("network.css"), "JS": _asset("network.js"), "DATA": data, "LIBRARY": _library(),
        "VERSION": html.escape(_asset("vendor", "sigma", "VERSION").strip()),
        "CONNECT": "; connect-src 'self'" if details_url else "",
    }
    return re.sub(r"@@([A-Z]+)@@", lambda m: values[m.group(1)], _asset("network.html"))


def _cut_paragraph(graph: nx.Graph) -> str:
    """The header line that states a cut, e.g. "Showing the 500 heaviest of 6,710 links."; empty if none."""
    text = cut_text(graph)
    if not text:
        return ""
    sentence = f"{text[0].upper()}{text[1:]}. Lighter links are left out (policygraph network --top, --min-weight)."
    return f'<p class="cut" id="cut">{html.escape(sentence)}</p>'


# -- figures -----------------------------------------------------------------------------------------------


def cjk_font() -> str:
    """The family name of an installed CJK font; raises FontUnavailable naming packages to install."""
    from matplotlib import font_manager

    found = _known_family(font_manager)
    if found:
        return found
    for path in font_manager.findSystemFonts():  # fonts installed after matplotlib built its cache
        if _CJK_FILE.search(Path(path).name):
            font_manager.fontManager.addfont(path)
    found = _known_family(font_manager)
    if found:
        return found
    raise FontUnavailable("no CJK font is installed, so Chinese labels cannot be drawn. Install one "
                          "(Debian: apt-get install fonts-noto-cjk, or fonts-wqy-microhei) or leave out --cjk")


def _known_family(font_manager: object) -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


def static_label(attrs: Mapping[str, object], cjk: bool) -> str:
    """The label drawn in a figure: the short English name, followed by the Chinese one with ``cjk``."""
    label = str(attrs.get("label", ""))
    chinese = str(attrs.get("label_zh", ""))
    return f"{label} {chinese}" if cjk and chinese else label


def _text_inches(text: str) -> float:
    """Roughly how wide ``text`` is at FONT_SIZE (wide CJK characters count double)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return (len(text) - wide) * 0.062 + wide * 0.115


def figure(graph: nx.Graph, *, cjk: bool = False) -> Figure:
    """A matplotlib figure of ``graph``: two labelled columns for bipartite networks, else a circle."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    family = ["DejaVu Sans", cjk_font()] if cjk else ["DejaVu Sans"]
    labels = {n: static_label(a, cjk) for n, a in graph.nodes(data=True)}
    bipartite = bool(graph.graph.get("bipartite"))
    size, axes_box = _figure_geometry(graph, labels, bipartite)
    fig = Figure(figsize=size, dpi=100)
    ax = fig.add_axes(axes_box)
    ax.set_axis_off()
    pos = layout(graph)
    _draw_edges(ax, graph, pos)
    _draw_nodes(ax, graph, pos)
    _draw_labels(ax, graph, pos, labels, family)
    fig.text(0.5, 1 - 0.3 / size[1], title(graph), ha="center", va="center", fontsize=14,
             family=family)
    fig.text(0.5, 1 - 0.58 / size[1], f"{subtitle(graph)}; line width = {weight_unit(graph)}", ha="center", va="center",
             fontsize=8, color="#555555", family=family)
    kinds = [k for k in COLORS if any(a.get("kind") == k for _, a in graph.nodes(data=True))]
    handles = [Line2D([], [], marker="o", linestyle="", color=COLORS[k], label=KIND_NAMES[k]) for k in kinds]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=8)
    if not graph.number_of_nodes():
        fig.text(0.5, 0.5, "the network is empty", ha="center", va="center", color="#aa3333")
    return fig


def _figure_geometry(graph: nx.Graph, labels: Mapping[Hashable, str],
                     bipartite: bool) -> tuple[tuple[float, float], list[float]]:
    """Figure size in inches and the axes box, leaving room for the labels, title and legend."""
    top, bottom = 0.8, 0.45
    if bipartite:
        left, right = columns(graph)
        room_left = max([_text_inches(labels[n]) for n in left] or [0]) + 0.35
        room_right = max([_text_inches(labels[n]) for n in right] or [0]) + 0.35
        body_width, body_height = 4.0, max(3.0, ROW_INCHES * max(len(left), len(right), 1))
        width, height = room_left + body_width + room_right, top + body_height + bottom
        return (width, height), [room_left / width, bottom / height, body_width / width, body_height / height]
    room = max([_text_inches(t) for t in labels.values()] or [0]) + 0.35
    diameter = max(4.0, 0.19 * len(graph) / math.pi * 1.6)
    width, height = 2 * room + diameter, top + 2 * room + diameter + bottom
    return (width, height), [room / width, (bottom + room) / height, diameter / width, diameter / height]


def _xy(pos: Mapping[Hashable, tuple[float, float, str]], node: Hashable) -> tuple[float, float]:
    x, y, _ = pos[node]
    return x, 1 - y


def _draw_edges(ax: Axes, graph: nx.Graph, pos: Mapping[Hashable, tuple[float, float, str]]) -> None:
    from matplotlib.collections import LineCollection

    top = max([w for _, _, w in graph.edges(data="weight", default=1)] or [1])
    segments = [(_xy(pos, u), _xy(pos, v)) for u, v in graph.edges]
    widths = [0.6 + 3.4 * math.sqrt(w / top) for _, _, w in graph.edges(data="weight", default=1)]
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#7f7f7f", alpha=0.45, zorder=1))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)


def _draw_nodes(ax: Axes, graph: nx.Graph, pos: Mapping[Hashable, tuple[float, float, str]]) -> None:
    if not graph.number_of_nodes():
        return
    top = max(w for _, w in graph.nodes(data="weight", default=1))
    xs, ys = zip(*(_xy(pos, n) for n in graph), strict=True)
    sizes = [20 + 160 * math.sqrt(w / top) for _, w in graph.nodes(data="weight", default=1)]
    colors = [COLORS.get(str(k), "#999999") for _, k in graph.nodes(data="kind")]
    ax.scatter(xs, ys, s=sizes, c=colors, edgecolors="white", linewidths=0.8, zorder=3, clip_on=False)


def _draw_labels(ax: Axes, graph: nx.Graph, pos: Mapping[Hashable, tuple[float, float, str]],
                 labels: Mapping[Hashable, str], family: list[str]) -> None:
    for node in graph:
        x, y, side = pos[node]
        if side == "ring":
            angle = math.degrees(math.atan2(-(y - 0.5), x - 0.5))
            flip = abs(angle) > 90
            offset = (8 * math.cos(math.radians(angle)), 8 * math.sin(math.radians(angle)))
            rotation, ha = (angle + 180 if flip else angle), ("right" if flip else "left")
        else:
            offset, rotation, ha = ((-8, 0) if side == "left" else (8, 0)), 0.0, ("right" if side == "left" else "left")
        ax.annotate(labels[node], _xy(pos, node), xytext=offset, textcoords="offset points", ha=ha, va="center",
                    rotation=rotation, rotation_mode="anchor", fontsize=FONT_SIZE, family=family, zorder=4,
                    annotation_clip=False)


def _save(fig: Figure, fmt: str) -> bytes:
    """Write ``fig``; raises FontUnavailable when a character had no glyph (it would show as a box)."""
    from matplotlib import rc_context

    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught, rc_context({"svg.fonttype": "none",
                                                                      "svg.hashsalt": "policygraph"}):
        warnings.simplefilter("always")
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    missing = sorted({str(w.message) for w in caught if "missing from" in str(w.message)})
    if missing:
        raise FontUnavailable(f"{len(missing)} character(s) have no glyph in the font ({missing[0]}); "
                              "draw with --cjk, or install a font that has them")
    return buffer.getvalue()


def to_png(graph: nx.Graph, *, cjk: bool = False) -> bytes:
    """A PNG figure of ``graph``."""
    return _save(figure(graph, cjk=cjk), "png")


def to_svg(graph: nx.Graph, *, cjk: bool = False) -> bytes:
    """An SVG figure of ``graph``; labels stay text (searchable, selectable)."""
    return _save(figure(graph, cjk=cjk), "svg")


# -- GraphML and GEXF --------------------------------------------------------------------------------------


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars: lists joined with `` | ``, None left out (for Gephi)."""
    flat = nx.Graph()
    flat.graph.update(_scalars({k: v for k, v in graph.graph.items() if k not in PAGE_ONLY}))
    flat.add_nodes_from((str(n), _scalars(a)) for n, a in graph.nodes(data=True))
    flat.add_edges_from((str(u), str(v), _scalars(a)) for u, v, a in graph.edges(data=True))
    return flat


def _scalars(attrs: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            value = JOIN.join(str(v) for v in value)
        out[key] = value if isinstance(value, bool | int | float | str) else str(value)
    return out


def to_graphml(graph: nx.Graph) -> bytes:
    """GraphML (typed attributes; for Gephi, Cytoscape desktop and yEd)."""
    buffer = io.BytesIO()
    nx.write_graphml(flatten(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 (Gephi's own format), valid against the 1.2 schema.

    networkx writes ``<graph name="">`` and empty attribute values, which the schema rejects; they are left
    out. When links carry ``dates`` the graph is dynamic (``timeformat="date"``): each edge starts on the
    earliest date of its policies and news items, each node on the earliest start of its edges, so Gephi's
    timeline shows the network grow. Otherwise it is static.
    """
    buffer = io.BytesIO()
    nx.write_gexf(flatten(graph), buffer, encoding="utf-8")
    return _tidy_gexf(buffer.getvalue(), _edge_starts(graph))


def _edge_starts(graph: nx.Graph) -> dict[frozenset[str], str]:
    """Each edge (as its two node ids) -> the earliest of its ``dates``, for edges that have any."""
    return {frozenset((str(u), str(v))): min(str(d) for d in dates)
            for u, v, dates in graph.edges(data="dates") if dates}


def _tidy_gexf(data: bytes, starts: Mapping[frozenset[str], str]) -> bytes:
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.fromstring(data)
    q = f"{{{GEXF_NS}}}"
    for element in root.iter():
        for key in [k for k, v in element.attrib.items() if not v.strip()]:
            del element.attrib[key]
    for holder in list(root.iter(f"{q}attvalues")):
        for value in list(holder):
            if "value" not in value.attrib:
                holder.remove(value)
    for parent in root.iter():
        for holder in list(parent.findall(f"{q}attvalues")):
            if not len(holder):
                parent.remove(holder)
    body = root.find(f"{q}graph")
    if body is None:  # pragma: no cover - networkx always writes one
        raise ValueError("networkx wrote a GEXF file without a graph")
    body.set("defaultedgetype", body.get("defaultedgetype") or "undirected")
    node_starts: dict[str, str] = {}
    for edge in body.iter(f"{q}edge"):
        start = starts.get(frozenset((edge.get("source", ""), edge.get("target", ""))))
        if start:
            edge.set("start", start)
            for end in (edge.get("source", ""), edge.get("target", "")):
                node_starts[end] = min(start, node_starts.get(end, start))
    for node in body.iter(f"{q}node"):
        if node.get("id") in node_starts:
            node.set("start", node_starts[str(node.get("id"))])
    body.set("mode", "dynamic" if node_starts else "static")
    if node_starts:
        body.set("timeformat", "date")
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
