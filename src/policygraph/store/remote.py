"""A store on a SPARQL 1.1 server: queries through SPARQLWrapper, one request per graph write.

Replacing a digest's graph is a single HTTP request, so the server applies it in one transaction: a Graph
Store Protocol ``PUT`` where the server has one, else the SPARQL update
``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``. A request that fails never leaves half a graph.
Parameters are bound with the same ``VALUES`` block as on the embedded store. Transient faults (connection
refused or reset, timeouts, HTTP 429/500/502/503/504) are retried with exponential back-off; then, and for
every other fault, a :class:`StoreError` names the endpoint and the cause, never a credential.
"""

from __future__ import annotations

import ast
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Self, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper import SPARQLExceptions as swe
from SPARQLWrapper.Wrapper import DROP

from ..errors import StoreError
from . import PlainRow, Row
from .dumps import FORMATS, serialize
from .endpoint import Endpoint
from .sparql import is_distinct_select, query_form, with_values
from .terms import from_json, from_ox, named_node, ntriples, plain_json, replace_update, to_ox_triple

T = TypeVar("T")
V = TypeVar("V")

#: HTTP statuses worth another try
TRANSIENT = frozenset({429, 500, 502, 503, 504})
#: SPARQLWrapper's exceptions and the HTTP status each stands for
_SW_STATUS = {swe.QueryBadFormed: 400, swe.Unauthorized: 401, swe.EndPointNotFound: 404, swe.URITooLong: 414,
              swe.EndPointInternalError: 500}
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, TimeoutError)

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) }"
_HAS_GRAPH = "ASK WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) }"
_GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteError(StoreError):
    """A request to the endpoint failed; ``status`` is the HTTP status, or None for a network fault."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RemoteStore:
    """The store interface over one SPARQL endpoint; the graphs it manages start with ``graph_prefix``."""

    def __init__(self, endpoint: Endpoint, check: bool = True) -> None:
        self.endpoint = endpoint
        self._closed = False
        if check:
            self.ask("ASK WHERE { ?s ?p ?o }")

    # -- writes -------------------------------------------------------------------------------------------

    def replace_graph(self, name: URIRef, graph: Graph, data: bytes | None = None) -> None:
        """Replace graph ``name`` by ``graph`` in one request (Graph Store ``PUT`` or one SPARQL update);
        ``data``: ``graph`` already serialised by :func:`terms.ntriples`."""
        try:
            node = named_node(name)
            if self.endpoint.graph_store_url is None:
                update = replace_update(name, graph, data)
            else:
                data = ntriples(graph) if data is None else data
        except (ValueError, TypeError) as e:
            raise StoreError(f"cannot write graph <{name}>: {e}") from None
        if self.endpoint.graph_store_url is None:
            self._update(update)
        elif not data:
            self.delete_graph(name)
        else:
            self._http("PUT", self.endpoint.graph_url(node.value), data, {"Content-Type": "application/n-triples"},
                       f"writing graph <{node.value}>")

    def delete_graph(self, name: URIRef) -> None:
        """Drop graph ``name``; nothing happens if it does not exist."""
        self._update(f"DROP SILENT GRAPH {named_node(name)}")

    def update(self, text: str) -> None:
        """Run one SPARQL update, in one transaction."""
        self._update(text)

    def _update(self, text: str) -> None:
        self._check_open()
        self._retrying("update", lambda: self._sparql(text, update=True))

    # -- reads --------------------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """The names of the managed named graphs, sorted."""
        rows = self.select(_GRAPHS, {"prefix": _prefix(self.endpoint)})
        return sorted(URIRef(row["g"]) for row in rows if isinstance(row.get("g"), URIRef))

    def has_graph(self, name: URIRef) -> bool:
        """Whether named graph ``name`` exists."""
        return self.ask(_HAS_GRAPH, {"g": URIRef(named_node(name).value)})

    def quad_count(self) -> int:
        """The number of quads in the managed graphs."""
        [row] = self.select(_COUNT, {"prefix": _prefix(self.endpoint)})
        return int(row["n"])  # type: ignore[call-overload]

    def select(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Run a SELECT over the union of all graphs; rows hold rdflib terms."""
        return self._rows(query_text, bindings, from_json, "select")

    def select_plain(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[PlainRow]:
        """Run a SELECT over the union of all graphs; rows hold plain values, read from the JSON results without
        building rdflib terms (see :meth:`Store.select_plain`)."""
        return self._rows(query_text, bindings, plain_json, "select_plain")

    def _rows(self, query_text: str, bindings: Mapping[str, Node] | None,
              convert: Callable[[dict[str, str]], V], caller: str) -> list[dict[str, V]]:
        """The rows of a SELECT, each JSON term converted by ``convert``."""
        body = self._query(query_text, bindings, JSON)
        if "results" not in body:
            raise StoreError(f"{caller}() needs a SELECT query")
        try:
            rows = [{k: convert(v) for k, v in b.items()} for b in body["results"]["bindings"]]
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            raise RemoteError(f"{self.endpoint.label} sent a result policygraph cannot read: {e}") from None
        return _distinct(rows) if is_distinct_select(query_text) else rows

    def ask(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query over the union of all graphs."""
        body = self._query(query_text, bindings, JSON)
        if body.get("head", {}).get("vars") == ["__ASK_RETVAL"]:  # Virtuoso 7 answers ASK as a SELECT
            rows = body.get("results", {}).get("bindings", [])
            return any(row.get("__ASK_RETVAL", {}).get("value") not in (None, "0") for row in rows)
        if not isinstance(body.get("boolean"), bool):
            raise StoreError("ask() needs an ASK query")
        return body["boolean"]

    def construct(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query over the union of all graphs."""
        data, content_type = self._query(query_text, bindings, TURTLE)
        return _parse_graph(data, content_type, self.endpoint.label)

    def dump(self, fmt: str, graph: URIRef | None = None) -> bytes:
        """One graph or all managed graphs; triple formats merge all graphs into one."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(FORMATS)}")
        if graph is not None and not self.has_graph(graph):
            raise StoreError(f"there is no graph <{graph}> in the store")
        names = [graph] if graph is not None else self.graph_names()
        quads = [ox.Quad(t.subject, t.predicate, t.object, named_node(name))
                 for name in names for t in self._graph_triples(name)]
        return serialize(quads, FORMATS[fmt])

    def _graph_triples(self, name: URIRef) -> list[ox.Triple]:
        """Every triple of one graph: a Graph Store ``GET`` where there is one, else a CONSTRUCT; checked
        against the server's count, since a server may cut a long answer short without saying so."""
        if self.endpoint.graph_store_url is None:
            g = self.construct(_GRAPH_TRIPLES, {"g": name})
            triples = [to_ox_triple(s, p, o) for s, p, o in g]
        else:
            data = self._http("GET", self.endpoint.graph_url(str(name)), None, {"Accept": "application/n-triples"},
                              f"reading graph <{name}>")
            try:
                triples = list(set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
            except SyntaxError as e:
                raise RemoteError(f"{self.endpoint.label} sent graph <{name}> in a form policygraph cannot "
                                  f"read: {e}") from None
        [row] = self.select(_GRAPH_SIZE, {"g": name})
        if int(row["n"]) != len(triples):  # type: ignore[call-overload]
            raise StoreError(f"{self.endpoint.label} sent {len(triples)} of the {row['n']} triples of graph "
                             f"<{name}>; raise its result limit (Virtuoso: ResultSetMaxRows in the [SPARQL] "
                             "section of virtuoso.ini)")
        return triples

    def _query(self, query_text: str, bindings: Mapping[str, Node] | None, fmt: str):  # noqa: ANN202
        """JSON for SELECT/ASK, ``(bytes, content type)`` for CONSTRUCT."""
        self._check_open()
        try:
            text = with_values(query_text, bindings or {})
            query_form(text)
        except (ValueError, SyntaxError) as e:
            raise StoreError(f"invalid SPARQL query: {e}") from e
        data, content_type = self._retrying("query", lambda: self._sparql(text, fmt=fmt))
        if fmt != JSON:
            return data, content_type
        try:
            return json.loads(data)
        except ValueError:
            raise RemoteError(f"{self.endpoint.label} did not answer with SPARQL JSON results "
                              f"(got {content_type or 'no content type'})") from None

    # -- HTTP ---------------------------------------------------------------------------------------------

    def _sparql(self, text: str, update: bool = False, fmt: str = JSON) -> tuple[bytes, str]:
        """One SPARQL Protocol request through SPARQLWrapper; returns the body and its content type."""
        ep = self.endpoint
        sw = SPARQLWrapper(ep.query_url, updateEndpoint=ep.update_url)
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)  # Virtuoso 7 hangs on application/sparql-query bodies
        sw.setOnlyConneg(True)
        sw.setTimeout(max(1, round(ep.timeout)))
        sw.setReturnFormat(fmt)
        if ep.union_parameter and not update:
            sw.addParameter("union-default-graph", "")
        if (auth := ep.authorization()) is not None:
            sw.addCustomHttpHeader("Authorization", auth)
        sw.setQuery(text)
        # SPARQLWrapper guesses the form with a regex that also reads comments ("drop" in a comment makes
        # a query an update); policygraph knows which it sends
        sw.queryType = DROP if update else query_form(text)
        what = "the SPARQL update" if update else "the SPARQL query"
        deadline = time.monotonic() + ep.timeout

        def request() -> tuple[bytes, object]:
            response = sw.query().response
            return _read_within(response, deadline), response.info()

        try:
            body, headers = _within(deadline, request)
        except tuple(_SW_STATUS) as e:
            raise self._error(what, _SW_STATUS[type(e)], _sw_body(e)) from None
        except urllib.error.HTTPError as e:
            raise self._error(what, e.code, _read(e)) from None
        except _NETWORK_ERRORS as e:
            raise self._error(what, None, None, e) from None
        _check_not_capped(headers, ep.label)
        return body, headers.get("Content-Type", "")

    def _http(self, method: str, url: str, data: bytes | None, headers: dict[str, str], what: str) -> bytes:
        """One Graph Store Protocol request, retried like the SPARQL ones."""
        self._check_open()
        ep = self.endpoint
        if (auth := ep.authorization()) is not None:
            headers = {**headers, "Authorization": auth}

        def send() -> bytes:
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            deadline = time.monotonic() + ep.timeout

            def exchange() -> bytes:
                with urllib.request.urlopen(request, timeout=ep.timeout) as response:  # noqa: S310 (http/https only)
                    return _read_within(response, deadline)

            try:
                return _within(deadline, exchange)
            except urllib.error.HTTPError as e:
                raise self._error(what, e.code, _read(e)) from None
            except _NETWORK_ERRORS as e:
                raise self._error(what, None, None, e) from None

        return self._retrying(what, send)

    def _retrying(self, what: str, op: Callable[[], T]) -> T:
        """``op``, tried again after transient faults, ``retries`` times with doubling pauses."""
        ep = self.endpoint
        for attempt in range(ep.retries + 1):
            try:
                return op()
            except RemoteError as e:
                if attempt == ep.retries or (e.status is not None and e.status not in TRANSIENT):
                    if attempt:
                        raise RemoteError(f"{e} (after {attempt + 1} tries)", e.status) from None
                    raise
                time.sleep(ep.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _error(self, what: str, status: int | None, body: bytes | None, cause: BaseException | None = None
               ) -> RemoteError:
        ep = self.endpoint
        if status is None:
            reason = getattr(cause, "reason", cause)
            if isinstance(reason, _BodyTimeout):
                detail = f"no complete answer within {ep.timeout:g} s (the server sent it too slowly)"
            elif isinstance(reason, TimeoutError | socket.timeout):
                detail = f"no answer within {ep.timeout:g} s"
            else:
                detail = f"cannot reach the server ({reason})"
        elif status in (401, 403):
            detail = f"HTTP {status}: the server refused the credentials" + (
                "" if ep.authorization() else " (none were given; set POLICYGRAPH_USER and POLICYGRAPH_PASSWORD "
                "or POLICYGRAPH_TOKEN)")
        else:
            detail = f"HTTP {status}" + (f": {_snippet(body)}" if body else "")
        return RemoteError(ep.redact(f"{ep.label}: {what} failed: {detail}"), status)

    # -- lifecycle ----------------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store at {self.endpoint.label} is closed")

    def flush(self) -> None:
        """Nothing to do: the server has made each update durable before answering it."""

    @contextmanager
    def deferred_flush(self) -> Iterator[None]:
        """Nothing changes: each update is durable once the server answers it."""
        yield

    def close(self) -> None:
        """Forget the endpoint; later calls raise :class:`StoreError`."""
        self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.label})"


def _prefix(endpoint: Endpoint) -> Node:
    return Literal(endpoint.graph_prefix)


class _BodyTimeout(TimeoutError):
    """The answer began, but did not end within the request's total time."""


#: how much of a body is read at a time
_CHUNK = 1 << 16


def _read_within(response: object, deadline: float) -> bytes:
    """The whole body of ``response``, read in chunks; :class:`_BodyTimeout` once ``time.monotonic()`` passes
    ``deadline``. Each wait for data is cut to the time left, so a server that trickles a byte at a time
    cannot stretch a request past its timeout."""
    sock = _socket_of(response)
    read = getattr(response, "read1", None) or response.read  # type: ignore[attr-defined]
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _BodyTimeout("the answer did not arrive in full within the timeout")
        if sock is not None:
            sock.settimeout(left)
        try:
            chunk = read(_CHUNK)
        except TimeoutError:
            raise _BodyTimeout("the answer did not arrive in full within the timeout") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _within(deadline: float, op: Callable[[], T]) -> T:
    """``op()`` run in a helper thread and abandoned with TimeoutError at ``deadline``, so that a server that
    trickles its status line or headers cannot hold the caller past the timeout either (the body is bounded
    by :func:`_read_within`; an abandoned thread ends when its socket's own timeout fires)."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, op()))
        except BaseException as e:  # handed to the caller
            outcome.append((False, e))

    worker = threading.Thread(target=run, name="policygraph-http", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()) + _GRACE)
    if not outcome:
        raise TimeoutError("no answer within the timeout")
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[return-value]
    raise value  # type: ignore[misc]


#: how long past the deadline the caller waits for the helper thread to report the timeout itself
_GRACE = 0.5


def _socket_of(response: object) -> socket.socket | None:
    """The socket an http.client response reads from, if it can be found."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _read(error: urllib.error.HTTPError) -> bytes | None:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return None


def _sw_body(error: Exception) -> bytes | None:
    """The response body SPARQLWrapper put into its exception's message (as a bytes repr)."""
    text = str(error)
    marker = "Response:\n"
    if marker not in text:
        return None
    try:
        body = ast.literal_eval(text.split(marker, 1)[1].strip())
    except (ValueError, SyntaxError):
        return None
    return body if isinstance(body, bytes) else None


def _snippet(body: bytes, limit: int = 300) -> str:
    """The start of an error body, on one line."""
    text = " ".join(body.decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[:limit] + " …"


def _check_not_capped(headers: object, label: str) -> None:
    """Virtuoso cuts results at ``ResultSetMaxRows`` and says so in a header; a cut answer is an error."""
    capped = getattr(headers, "get", lambda _k: None)("X-SPARQL-MaxRows")
    if capped:  # not a RemoteError: asking again gives the same cut answer
        raise StoreError(f"{label}: the server cut the result at {capped} rows; raise its limit (Virtuoso: "
                          "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")


def _parse_graph(data: bytes, content_type: str, label: str) -> Graph:
    fmt = {"application/n-triples": "nt", "text/plain": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}.get(content_type.split(";")[0].strip().lower(), "turtle")
    try:
        g = Graph().parse(data=data, format=fmt)
    except Exception as e:  # rdflib's parsers raise many kinds
        raise RemoteError(f"{label} sent a graph policygraph cannot read: {e}") from None
    out = Graph()
    for s, p, o in g:  # the same term normalisation as query results
        out.add((s, p, from_ox(to_ox_triple(s, p, o).object)))
    return out


def _distinct(rows: list[dict[str, V]]) -> list[dict[str, V]]:
    """``rows`` without repeats, in order: Virtuoso 7 may repeat a row of a ``SELECT DISTINCT`` whose
    OPTIONAL parts leave a variable unbound after a join that multiplies rows."""
    seen: set[frozenset] = set()
    out = []
    for row in rows:
        key = frozenset(row.items())
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
