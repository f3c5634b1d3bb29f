"""The web explorer: a read-only Starlette app over one store.

* ``/sparql``: a SPARQL 1.1 Protocol query endpoint (GET, form POST, ``application/sparql-query`` POST);
  updates are refused with 403, bad queries with 400;
* ``/policy/<id>``, ``/agency/<key>``, ``/sector/<key>``, ``/company/<key>``, ``/digest/<key>``: one page per
  entity;
* ``/queries`` and ``/queries/<name>``: the stored queries as forms;
* ``/yasgui``: the YASGUI query editor on ``/sparql`` (vendored under ``assets/vendor/``, served by
  ``/assets/vendor/<path>``), with the stored queries;
* ``/network`` and ``/network/link``: the networks' pages, whose links load their items on demand (see
  :mod:`policygraph.serve.network`);
* ``/``: the stored digests.

Parameters are bound as RDF terms (``Store.select(text, bindings)``), never pasted into query text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from importlib import resources
from urllib.parse import parse_qs

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..adhoc import columns, form, has_service, with_prefixes
from ..errors import PolicygraphError, QueryParameterError, StoreError
from ..namespaces import ID, PG
from ..queries import all_queries, get_query
from ..store import Row, Store
from ..store.sparql import query_form
from . import pages
from .network import NetworkPages
from .pages import esc, layout, link, section, table, term
from .results import GRAPH_TYPES, MEDIA_TYPES, negotiate, serialize_boolean, serialize_rows

#: the class each kind of page shows
CLASSES = {"policy": PG.Policy, "agency": PG.Agency, "sector": PG.Sector, "company": PG.Company,
           "digest": PG.Digest}
_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}\Z")
_NATIVE = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
           "tsv": ox.QueryResultsFormat.TSV}
_SHORT = {media: short for short, media in MEDIA_TYPES.items()}
#: the files ``/assets/vendor/`` serves (the vendored front-end libraries), by suffix
_VENDOR_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
_VENDOR_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\Z")


@cache
def page_query(name: str) -> str:
    """The text of ``serve/queries/<name>.rq``."""
    return (resources.files("policygraph.serve") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


class Explorer:
    """The handlers, sharing one store and the row limit of the SPARQL endpoint."""

    def __init__(self, store: Store, limit: int | None = None) -> None:
        self.store = store
        self.limit = limit

    # -- SPARQL protocol --------------------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        read = await _protocol_request(request)
        if isinstance(read, Response):
            return read
        params, query = read
        html = _wants_html(params, request.headers.get("accept", ""))

        def refuse(message: str, status: int) -> Response:
            if html:
                return HTMLResponse(pages.sparql_form(query or "", message), status_code=status)
            return _text(message, status)

        if "update" in params:
            return refuse("updates are refused: this endpoint is read-only", 403)
        if query is None:
            return HTMLResponse(pages.sparql_form()) if html else _text("no query: give it as ?query=... or POST it",
                                                                         400)
        text = with_prefixes(query)
        problem = _refused(params, text)
        if problem is not None:
            return refuse(*problem)
        kind = form(text)
        if html:
            try:
                result = await run_in_threadpool(self._run_html, text, kind)
            except PolicygraphError as e:
                return refuse(str(e), 400 if isinstance(e, QueryParameterError) else 500)
            return HTMLResponse(pages.sparql_form(query, result=result))
        media = _media(kind, params, request.headers.get("accept", ""))
        if media is None:
            return _text("none of the accepted media types can be produced", 406)
        try:
            data = await run_in_threadpool(self._run, text, kind, media)
        except QueryParameterError as e:
            return _text(str(e), 400)
        except StoreError as e:
            return _text(str(e), 500)
        return Response(data, media_type=media + "; charset=utf-8" if media.startswith("text/") else media)

    def _run_html(self, text: str, kind: str) -> str:
        if kind == "SELECT":
            rows = self.store.select(text)
            shown = rows[: self.limit] if self.limit is not None else rows
            cut = f" (showing the first {len(shown)})" if len(shown) < len(rows) else ""
            return f"<p>{len(rows)} rows{esc(cut)}</p>" + table(shown, columns(text, rows))
        if kind == "ASK":
            return f"<p>{'true' if self.store.ask(text) else 'false'}</p>"
        graph = self.store.construct(text)
        return f"<p>{len(graph)} triples</p><pre>{esc(graph.serialize(format='turtle'))}</pre>"

    def _run(self, text: str, kind: str, media: str) -> bytes:
        if kind == "SELECT":
            fmt = _SHORT[media]
            native = _native(self.store)
            if native is not None and self.limit is None:
                result = _native_query(native, text)
                return result.serialize(format=_NATIVE[fmt])
            rows = self.store.select(text)
            if self.limit is not None:
                rows = rows[: self.limit]
            return serialize_rows(columns(text, rows), rows, fmt)
        if kind == "ASK":
            return serialize_boolean(self.store.ask(text), _SHORT[media])
        graph = self.store.construct(text)
        if self.limit is not None and len(graph) > self.limit:
            raise QueryParameterError(f"the result has {len(graph)} triples, more than the limit of {self.limit}")
        data = graph.serialize(format=GRAPH_TYPES[media])
        return data.encode("utf-8") if isinstance(data, str) else data

    # -- pages ------------------------------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        rows = await run_in_threadpool(get_query("digests").run, self.store, {})

        def cell(column: str, row: Row) -> str | None:
            if column == "key" and "key" in row:
                return link(ID[f"digest/{row['key']}"], row["key"])
            return None

        body = (section("Digests", table(rows, ["key", "date", "publisher", "title", "policies", "news", "targets"],
                                         cell))
                + section("Explore", pages.items([
                    '<a href="/queries">Stored queries</a>: the questions policygraph answers, as forms',
                    '<a href="/sparql">SPARQL endpoint</a>: your own queries (read-only)',
                    '<a href="/yasgui">Query editor</a>: YASGUI on the SPARQL endpoint, with the stored queries'])))
        return HTMLResponse(layout("Chinese industrial policy graph", body))

    async def entity(self, request: Request) -> Response:
        kind = request.url.path.split("/")[1]
        key = request.path_params["key"]
        if not _LOCAL.match(key):
            return _not_found(f"no {kind} {key!r}")
        iri = URIRef(f"{ID}{kind}/{key}")
        try:
            return await run_in_threadpool(self._entity_page, kind, iri)
        except PolicygraphError as e:
            return HTMLResponse(pages.message_page("Error", str(e)), status_code=500)

    def _entity_page(self, kind: str, iri: URIRef) -> Response:
        page = self.entity_html(kind, iri)
        if page is None:
            return _not_found(f"there is no {kind} {pages.local_name(iri)!r} in the store")
        return HTMLResponse(page)

    def entity_html(self, kind: str, iri: URIRef) -> str | None:
        """The page of the ``kind`` (a key of :data:`CLASSES`) ``iri``, or None when the store has no such one."""
        if not self.store.select(page_query("exists"), {"entity": iri, "class": CLASSES[kind]}):
            return None
        names = self.store.select(page_query("labels"), {"entity": iri})
        title, title_zh = _names(names, kind)
        body = _names_section(names) + self._facts(iri)
        body += getattr(self, f"_{kind}_body")(iri)
        body += f'<p class="iri">IRI: <code>{esc(iri)}</code></p>'
        return layout(title or pages.local_name(iri), body, title_zh)

    def _facts(self, iri: URIRef) -> str:
        rows = self.store.select(page_query("facts"), {"entity": iri})
        if not rows:
            return ""
        entries = [f"<dt>{esc(pages.local_name(str(r['property'])))}</dt><dd>"
                   f"{link(r['value'], r.get('label')) if isinstance(r['value'], URIRef) else term(r['value'])}</dd>"
                   for r in rows]
        return section("Facts", f"<dl>{''.join(entries)}</dl>")

    def _policy_body(self, iri: URIRef) -> str:
        links = self.store.select(page_query("policy-links"), {"policy": iri})
        by_role: dict[str, list[Row]] = defaultdict(list)
        for row in links:
            by_role[str(row["role"])].append(row)
        out = ""
        for role, heading in (("issuer", "Issued by"), ("sector", "Sectors"), ("company", "Companies named")):
            entries = []
            for row in by_role.get(role, []):
                lead = " (lead)" if role == "issuer" and row.get("lead") == Literal(True) else ""
                zh = f' <span lang="zh">{esc(row["label_zh"])}</span>' if row.get("label_zh") else ""
                entries.append(f"{link(row['entity'], row.get('label'))}{zh}{esc(lead)}")
            out += section(heading, pages.items(entries))
        targets = self.store.select(page_query("policy-targets"), {"policy": iri})
        out += section("Targets", table(targets, ["text", "metric", "baseline_value", "baseline_year",
                                                   "target_value", "target_year", "unit"]))
        passages = self.store.select(get_query("provenance-by-policy").text, {"policy": iri})

        def cell(column: str, row: Row) -> str | None:
            if column == "digest":
                return link(row.get("digest"), row.get("digest_title") or pages.local_name(str(row["digest"])))
            if column == "lines":
                return esc(_lines(row))
            return None

        out += section("Source passages", table(passages, ["digest", "section", "lines", "source_file"], cell))
        history = self.store.select(get_query("policy-history").text, {"policy": iri})
        out += section("Reports", table(history, ["digest_date", "digest", "title", "title_zh", "issued", "lead"]))
        return out

    def _agency_body(self, iri: URIRef) -> str:
        related = self.store.select(page_query("related-bodies"), {"agency": iri})
        out = _related(related, "body", {"parent": "Part of", "child": "Bodies under it"})
        rows = self.store.select(get_query("policies-by-agency").text, {"agency": iri})
        by_year: dict[str, dict[str, Row]] = defaultdict(dict)
        for row in rows:
            year = str(row["issued"])[:4] if row.get("issued") else "undated"
            by_year[year].setdefault(str(row["policy"]), row)
        parts = []
        for year in sorted(by_year, key=lambda y: (y == "undated", y)):
            entries = [f"{link(r['policy'], r.get('title') or r.get('title_zh'))}"
                       + (f' <span lang="zh">{esc(r["title_zh"])}</span>' if r.get("title") and r.get("title_zh")
                          else "")
                       + (f" ({esc(r['issued'])})" if r.get("issued") else "")
                       for r in by_year[year].values()]
            parts.append(f"<h3>{esc(year)}</h3>{pages.items(entries)}")
        out += section("Policies by year (with the bodies under it)", "".join(parts) or pages.items([]))
        return out

    def _sector_body(self, iri: URIRef) -> str:
        related = self.store.select(page_query("related-sectors"), {"sector": iri})
        out = _related(related, "other", {"broader": "Broader sectors", "narrower": "Narrower sectors"})
        rows = self.store.select(page_query("policies-by-sector"), {"sector": iri})
        out += section("Policies (with its sub-sectors)", _policy_list(rows))
        companies = self.store.select(get_query("companies-by-sector").text, {"sector": iri})
        seen = {str(r["company"]): r for r in companies}
        out += section("Companies named", pages.items(link(r["company"], r.get("company_label"))
                                                       for r in seen.values()))
        return out

    def _company_body(self, iri: URIRef) -> str:
        rows = self.store.select(page_query("items-by-company"), {"company": iri})

        def cell(column: str, row: Row) -> str | None:
            if column == "item":
                return link(row["item"], row.get("title") or row.get("text"))
            return None

        return section("Named in", table(rows, ["date", "kind", "item", "digest"], cell))

    def _digest_body(self, iri: URIRef) -> str:
        rows = self.store.select(page_query("digest-items"), {"digest": iri})

        def cell(column: str, row: Row) -> str | None:
            if column == "item":
                return link(row["item"], row.get("title") or row.get("text"))
            if column == "lines":
                return esc(_lines(row))
            return None

        return section("Reports", table(rows, ["kind", "item", "section", "lines"], cell))

    # -- stored queries ---------------------------------------------------------------------------------------

    async def query_list(self, request: Request) -> Response:
        entries = []
        for q in all_queries():
            params = ", ".join(f"{name} ({spec.get('type')})" for name, spec in q.params.items())
            entries.append(f'<a href="/queries/{esc(q.name)}">{esc(q.name)}</a>: {esc(q.summary)}'
                           + (f' <span class="params">[{esc(params)}]</span>' if params else ""))
        return HTMLResponse(layout("Stored queries", pages.items(entries)))

    async def query_form(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            stored = get_query(name)
        except QueryParameterError as e:
            return _not_found(str(e))
        raw = {k: v for k, v in request.query_params.multi_items() if k != "run"}
        submitted = "run" in request.query_params or bool(raw)
        fields = "".join(
            f'<p><label>{esc(p)} <small>({esc(spec.get("type"))}'
            f'{", " + esc(spec["class"]) if spec.get("class") else ""})</small><br>'
            f'<input name="{esc(p)}" value="{esc(raw.get(p, ""))}" placeholder="{esc(spec.get("example", ""))}" '
            'required size="60"></label></p>'
            for p, spec in stored.params.items())
        body = (f"<p>{esc(stored.summary)}</p>"
                + (f'<p class="description">{esc(stored.description)}</p>' if stored.description else "")
                + f'<form method="get" action="/queries/{esc(stored.name)}">{fields}'
                '<input type="hidden" name="run" value="1"><button type="submit">Run</button></form>')
        status = 200
        if submitted:
            try:
                result = await run_in_threadpool(self._run_stored, stored, raw)
                body += section("Results", result)
            except QueryParameterError as e:
                status = 400
                body += f'<p class="error">{esc(e)}</p>'
            except PolicygraphError as e:
                status = 500
                body += f'<p class="error">{esc(e)}</p>'
        return HTMLResponse(layout(stored.name, body), status_code=status)

    def _run_stored(self, stored, raw: Mapping[str, str]) -> str:
        if query_form(stored.text) == "SELECT":
            rows = stored.run(self.store, raw)
            return f"<p>{len(rows)} rows</p>" + table(rows, stored.returns)
        graph = stored.construct(self.store, raw)
        return f"<pre>{esc(graph.serialize(format='turtle'))}</pre>"

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name != "style.css":
            return _not_found("no such asset")
        return Response(pages.asset(name), media_type="text/css")

    async def yasgui(self, request: Request) -> Response:
        stored = [(q.name, q.summary, with_prefixes(q.text)) for q in all_queries()]
        return HTMLResponse(pages.yasgui_page(stored))

    async def vendor_asset(self, request: Request) -> Response:
        parts = request.path_params["path"].split("/")
        media = _VENDOR_TYPES.get(parts[-1].rsplit(".", 1)[-1]) if "." in parts[-1] else None
        if media is None or any(not _VENDOR_PART.match(part) for part in parts):
            return _not_found("no such asset")
        resource = resources.files("policygraph.serve").joinpath("assets", "vendor", *parts)
        if not resource.is_file():
            return _not_found("no such asset")
        return Response(resource.read_bytes(), media_type=media,
                        headers={"Cache-Control": "public, max-age=86400"})


def create_app(store: Store, limit: int | None = None) -> Starlette:
    """The web explorer over ``store`` (which the caller opens and closes); ``limit`` caps the rows (or triples)
    a SPARQL endpoint answer holds."""
    explorer, networks = Explorer(store, limit), NetworkPages(store)
    routes = [
        Route("/", explorer.index),
        Route("/sparql", explorer.sparql, methods=["GET", "POST"]),
        Route("/queries", explorer.query_list),
        Route("/queries/{name:path}", explorer.query_form),
        Route("/yasgui", explorer.yasgui),
        Route("/network", networks.page),
        Route("/network/link", networks.link),
        Route("/assets/vendor/{path:path}", explorer.vendor_asset),
        Route("/assets/{name}", explorer.asset),
        *(Route(f"/{kind}/{{key}}", explorer.entity) for kind in CLASSES),
    ]
    return Starlette(routes=routes, exception_handlers={404: _not_found_handler})


# -- helpers ----------------------------------------------------------------------------------------------------


async def _protocol_request(request: Request) -> tuple[dict[str, str], str | None] | Response:
    """The parameters and the query of a SPARQL protocol request (GET, or POST as a form or as
    ``application/sparql-query``), or the response that refuses it."""
    params = {k: v for k, v in request.query_params.multi_items()}
    query = params.get("query")
    if request.method != "POST":
        return params, query
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == "application/sparql-update":
        return _text("updates are refused: this endpoint is read-only", 403)
    if content_type == "application/sparql-query":
        return params, body
    if content_type in ("application/x-www-form-urlencoded", ""):
        form_params = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        params.update(form_params)
        return params, form_params.get("query", query)
    return _text(f"unsupported content type {content_type!r}; send application/sparql-query or a form", 415)


def _wants_html(params: Mapping[str, str], accept: str) -> bool:
    """Whether to answer with the HTML form: asked for (``format=html``), or a browser that asked for no
    result format."""
    if params.get("format") == "html":
        return True
    return (params.get("format") not in MEDIA_TYPES and params.get("output") not in MEDIA_TYPES
            and negotiate(accept, ["text/html", *MEDIA_TYPES.values(), *GRAPH_TYPES], "") == "text/html")


def _refused(params: Mapping[str, str], text: str) -> tuple[str, int] | None:
    """Why the query ``text`` is refused, with the status, or None: a dataset clause, SERVICE, an update or
    text that does not parse."""
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return ("default-graph-uri and named-graph-uri are not supported: queries see the union of all graphs; "
                "use GRAPH in the query", 400)
    if has_service(text):
        return "federated queries (SERVICE) are refused: this endpoint reads only its own store", 403
    try:
        form(text)
    except QueryParameterError as e:
        return str(e), 403 if _is_update(text, str(e)) else 400
    return None


def _media(kind: str, params: Mapping[str, str], accept: str) -> str | None:
    """The media type of the answer: ``format`` or ``output`` when they name a result format, else the
    ``Accept`` header's best (JSON for results, Turtle for graphs by default); None if none can be made."""
    if kind not in ("SELECT", "ASK"):
        return negotiate(accept, list(GRAPH_TYPES), "text/turtle")
    fmt = next((params[k] for k in ("format", "output") if params.get(k) in MEDIA_TYPES), None)
    return MEDIA_TYPES[fmt] if fmt else negotiate(accept, list(MEDIA_TYPES.values()), MEDIA_TYPES["json"])


def _text(message: str, status: int) -> PlainTextResponse:
    return PlainTextResponse(" ".join(message.split()) + "\n", status_code=status)


def _not_found(message: str) -> HTMLResponse:
    return HTMLResponse(pages.message_page("Not found", message), status_code=404)


async def _not_found_handler(request: Request, exc: Exception) -> Response:
    return _not_found(f"nothing at {request.url.path}")


def _is_update(text: str, message: str) -> bool:
    """Whether a text that is no query is a SPARQL update."""
    if "SPARQL update" in message:
        return True
    try:
        from rdflib.plugins.sparql.parser import parseUpdate

        parseUpdate(text)
        return True
    except Exception:  # noqa: BLE001 - anything rdflib cannot read as an update is not one
        return False


def _native(store: Store) -> ox.Store | None:
    """The pyoxigraph store under an embedded store (its results serialise themselves), else None."""
    from ..store.embedded import EmbeddedStore

    return store._db if isinstance(store, EmbeddedStore) else None  # noqa: SLF001


def _native_query(db: ox.Store, text: str) -> ox.QuerySolutions:
    try:
        result = db.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryParameterError(f"invalid SPARQL: {str(e).splitlines()[0]}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise StoreError(f"query failed: {' '.join(str(e).split())}") from e
    if not isinstance(result, ox.QuerySolutions):
        raise QueryParameterError("not a SELECT query")
    return result


def _names(rows: list[Row], kind: str) -> tuple[str, str]:
    """The English and Chinese name of an entity from the ``labels`` rows."""
    order = ["http://purl.org/dc/terms/title", "http://www.w3.org/2004/02/skos/core#prefLabel",
             "http://www.w3.org/2000/01/rdf-schema#label"]

    def best(lang: str) -> str:
        for prop in order:
            for row in rows:
                if str(row["property"]) == prop and str(row.get("lang", "")).lower().startswith(lang):
                    return str(row["value"])
        return ""

    english = best("en")
    if not english:
        english = next((str(r["value"]) for p in order for r in rows if str(r["property"]) == p), "")
    return english, best("zh")


def _names_section(rows: list[Row]) -> str:
    if not rows:
        return ""
    entries = [f"<dt>{esc(pages.local_name(str(r['property'])))}"
               f"{' @' + esc(r['lang']) if r.get('lang') else ''}</dt><dd>{term(r['value'])}</dd>" for r in rows]
    return section("Names", f"<dl>{''.join(entries)}</dl>")


def _related(rows: list[Row], column: str, headings: dict[str, str]) -> str:
    out = ""
    for relation, heading in headings.items():
        entries = [link(r[column], r.get("label"))
                   + (f' <span lang="zh">{esc(r["label_zh"])}</span>' if r.get("label_zh") else "")
                   for r in rows if str(r["relation"]) == relation]
        if entries:
            out += section(heading, pages.items(entries))
    return out


def _policy_list(rows: list[Row]) -> str:
    return pages.items(link(r["policy"], r.get("title") or r.get("title_zh"))
                       + (f" ({esc(r['issued'])})" if r.get("issued") else "") for r in rows)


def _lines(row: Mapping[str, Node]) -> str:
    first, last = row.get("first_line"), row.get("last_line")
    if first is None:
        return ""
    return f"lines {first}-{last}" if last is not None and last != first else f"line {first}"
