"""The network pages of the explorer.

* ``/network?kind=agency-sector&from=…&to=…&sector=…&agency=…&level=…&news=0&min_weight=…&top=…``: the page
  ``policygraph network --format html`` writes, built from the store, without the links' item lists;
* ``/network/link?…&source=IRI&target=IRI``: every policy and news item of one link, most recent first, as JSON
  (``{"source", "target", "weight", "items": [[title, Chinese title, date, page path, news 0/1], …]}``), which
  the page fetches when the link's tooltip opens; ``/network/link?…&node=IRI``: the five items behind most of a
  node's links (``{"node", "items"}``), for the node's tooltip.

The few networks built last are kept, so that the links of a page just drawn are answered without building it
again; a page is always built afresh.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

import networkx as nx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..errors import QueryParameterError
from ..network import HTML_TOP, Filters, build_network, cut
from ..store import Store
from ..visualize import attach_details, link_items, node_items, to_html
from .pages import message_page

#: how many built networks are kept for their links
KEPT = 4
#: the query parameters of a network, in the order a page's link URL gives them
PARAMS = ("kind", "from", "to", "sector", "agency", "level", "news", "min_weight", "top")


@dataclass(frozen=True)
class NetworkRequest:
    """A network as a URL asks for it."""

    kind: str
    filters: Filters
    min_weight: int | None
    top: int | None

    def query(self) -> str:
        """The URL query that asks for this network again."""
        f = self.filters
        values = {"kind": self.kind, "from": f.start, "to": f.end, "sector": f.sector, "agency": f.agency,
                  "level": f.level, "news": None if f.include_news else 0, "min_weight": self.min_weight,
                  "top": self.top}
        return urlencode([(k, str(v)) for k, v in values.items() if v is not None])


def network_request(params: dict[str, str]) -> NetworkRequest:
    """The network ``params`` ask for (see :data:`PARAMS`); raises QueryParameterError for a bad value."""
    filters = Filters(start=_date(params, "from"), end=_date(params, "to"), sector=params.get("sector") or None,
                      agency=params.get("agency") or None, include_news=params.get("news", "1") != "0",
                      level=_number(params, "level"))
    return NetworkRequest(params.get("kind") or "agency-sector", filters, _number(params, "min_weight"),
                          _number(params, "top"))


def _date(params: dict[str, str], name: str) -> dt.date | None:
    text = params.get(name, "").strip()
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise QueryParameterError("not a date; give it as YYYY-MM-DD", query="network", param=name,
                                  value=text) from None


def _number(params: dict[str, str], name: str) -> int | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise QueryParameterError("not a whole number", query="network", param=name, value=text)
    return int(text)


class NetworkPages:
    """The handlers of ``/network`` and ``/network/link``, with the networks built last."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._built: OrderedDict[tuple[str, Filters], nx.Graph] = OrderedDict()
        self._lock = threading.Lock()

    def build(self, ask: NetworkRequest) -> nx.Graph:
        """Build the network (uncut, with its details) and keep it for its links."""
        graph = attach_details(build_network(self.store, ask.kind, ask.filters), self.store)
        with self._lock:
            self._built[(ask.kind, ask.filters)] = graph
            self._built.move_to_end((ask.kind, ask.filters))
            while len(self._built) > KEPT:
                self._built.popitem(last=False)
        return graph

    def kept(self, ask: NetworkRequest) -> nx.Graph:
        """The network built last for ``ask``, else built now."""
        with self._lock:
            graph = self._built.get((ask.kind, ask.filters))
        return graph if graph is not None else self.build(ask)

    def page_html(self, ask: NetworkRequest) -> str:
        """The page, cut as ``policygraph network`` cuts it, whose links fetch their items from this server."""
        graph = self.build(ask)
        if ask.min_weight is not None or ask.top is not None:
            graph = cut(graph, min_weight=ask.min_weight, top=ask.top)
        if ask.top is None and graph.number_of_edges() > HTML_TOP:
            graph = cut(graph, top=HTML_TOP)
        return to_html(graph, details_url=f"/network/link?{ask.query()}")

    async def page(self, request: Request) -> Response:
        try:
            ask = network_request(dict(request.query_params))
            return HTMLResponse(await run_in_threadpool(self.page_html, ask))
        except QueryParameterError as e:
            return HTMLResponse(message_page("Bad network parameters", str(e)), status_code=400)

    async def link(self, request: Request) -> Response:
        params = dict(request.query_params)
        try:
            ask = network_request(params)
            graph = await run_in_threadpool(self.kept, ask)
        except QueryParameterError as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        return _items(graph, params)


def _items(graph: nx.Graph, params: dict[str, str]) -> JSONResponse:
    """A node's top items (``node``) or a link's items (``source``, ``target``), or 404."""
    if "node" in params:
        if params["node"] not in graph:
            return JSONResponse({"error": "no such node in this network"}, status_code=404)
        return JSONResponse({"node": params["node"], "items": node_items(graph, params["node"])})
    source, target = params.get("source", ""), params.get("target", "")
    if not graph.has_edge(source, target):
        return JSONResponse({"error": "no such link in this network"}, status_code=404)
    return JSONResponse({"source": source, "target": target, "weight": graph.edges[source, target]["weight"],
                         "items": link_items(graph, source, target)})
