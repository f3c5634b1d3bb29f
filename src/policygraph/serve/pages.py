"""HTML for the web explorer: small functions that build escaped markup from rows of rdflib terms.

Every value from the store or the request goes through :func:`esc` (or :func:`attr`) before it reaches a page;
links to entity pages are built from the local names of IRIs under ``https://w3id.org/policygraph/id/<kind>/``.

>>> esc('<b title="x">&</b>')
'&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;'
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from urllib.parse import quote

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..namespaces import ID, curie

#: the kinds of entity that have a page, ``/<kind>/<local name>``
KINDS = ("policy", "agency", "sector", "company", "digest")


def esc(value: object) -> str:
    """``value`` as text safe inside HTML elements and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def page_path(iri: str) -> str | None:
    """The path of the page of ``iri`` (``/policy/abc``), or None when it has no page."""
    for kind in KINDS:
        base = f"{ID}{kind}/"
        if iri.startswith(base) and len(iri) > len(base) and "/" not in iri[len(base):]:
            return f"/{kind}/{quote(iri[len(base):], safe='')}"
    return None


def local_name(iri: str) -> str:
    """The last segment of ``iri``."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def link(iri: Node | str | None, text: object = None) -> str:
    """A link to the page of ``iri`` showing ``text`` (default: its CURIE); plain text when it has no page."""
    if iri is None:
        return ""
    iri = str(iri)
    shown = esc(text if text not in (None, "") else curie(iri))
    path = page_path(iri)
    return f'<a href="{esc(path)}">{shown}</a>' if path else f'<span title="{esc(iri)}">{shown}</span>'


def term(value: Node | None) -> str:
    """One RDF term as HTML: an IRI as a link (or CURIE), a literal as its text, with its language."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return link(value)
    if isinstance(value, BNode):
        return esc(f"_:{value}")
    if isinstance(value, Literal) and value.language:
        return f'<span lang="{esc(value.language)}">{esc(value)}</span>'
    return esc(value)


def table(rows: Sequence[Mapping[str, Node]], columns: Sequence[str], cell=None) -> str:
    """Rows as an HTML table; ``cell(column, row)`` may return the HTML of one cell."""
    if not rows:
        return '<p class="empty">No rows.</p>'
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            shown = cell(c, row) if cell is not None else None
            cells.append(f"<td>{term(row.get(c)) if shown is None else shown}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def items(entries: Iterable[str]) -> str:
    """An HTML list of pre-escaped entries."""
    entries = list(entries)
    if not entries:
        return '<p class="empty">None.</p>'
    return "<ul>" + "".join(f"<li>{e}</li>" for e in entries) + "</ul>"


def section(title: str, body: str) -> str:
    """A titled section of a page."""
    return f"<section><h2>{esc(title)}</h2>{body}</section>"


def layout(title: str, body: str, subtitle: str = "") -> str:
    """A whole page: header with the navigation, ``title`` (and a Chinese ``subtitle``) and ``body``."""
    sub = f'<p class="subtitle" lang="zh">{esc(subtitle)}</p>' if subtitle else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{esc(title)} - policygraph</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/assets/style.css"></head><body>'
        '<nav><a href="/">policygraph</a> <a href="/queries">Stored queries</a> <a href="/sparql">SPARQL</a> '
        '<a href="/yasgui">Query editor</a> <a href="/network">Network</a></nav>'
        f"<main><h1>{esc(title)}</h1>{sub}{body}</main></body></html>"
    )


def message_page(title: str, message: str) -> str:
    """A page that only says ``message`` (not found, bad request)."""
    return layout(title, f'<p class="error">{esc(message)}</p>')


def sparql_form(query: str = "", error: str = "", result: str = "") -> str:
    """The ad-hoc query page: the form, then an error message or the (pre-escaped) ``result`` HTML."""
    example = query or "SELECT ?policy ?title WHERE {\n  ?policy a pg:Policy ; dcterms:title ?title .\n} LIMIT 20"
    options = "".join(f"<option>{f}</option>" for f in ("html", "json", "xml", "csv", "tsv"))
    body = (
        "<p>A read-only SPARQL 1.1 endpoint over the union of all graphs. The prefixes of the stored queries "
        "(pg:, pga:, pgs:, policy:, skos:, dcterms: ...) need no PREFIX line.</p>"
        '<p>Or use the <a href="/yasgui">query editor</a> (YASGUI: syntax highlighting, tabs, result tables).</p>'
        '<form method="post" action="/sparql">'
        f'<textarea name="query" rows="12" cols="100">{esc(example)}</textarea><br>'
        f'<label>Results as <select name="format">{options}</select></label> <button type="submit">Run</button>'
        "</form>"
    )
    if error:
        body += f'<p class="error">{esc(error)}</p>'
    if result:
        body += section("Results", result)
    return layout("SPARQL", body)


def yasgui_page(stored: Sequence[tuple[str, str, str]]) -> str:
    """The query editor: YASGUI (served from ``/assets/vendor/yasgui/``) on this server's ``/sparql``, with the
    stored queries, ``(name, summary, text)``, as a list that opens each in a new tab.

    Everything the page loads comes from this server: the LOV class and property autocompleters (which ask
    lov.linkeddata.es) are removed, prefixes come from YASGUI's bundled list (``prefixCcApi`` stays null), the
    endpoint catalogue lists only this endpoint, there is no CORS proxy, and nothing is kept in localStorage (a
    stored tab would remember the endpoint of an earlier server).
    """
    data = json.dumps([{"name": n, "summary": s, "query": q} for n, s, q in stored], ensure_ascii=False)
    data = data.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    entries = "".join(f'<li><button type="button" class="stored-query" data-index="{i}" title="{esc(s)}">'
                      f"{esc(n)}</button></li>" for i, (n, s, _) in enumerate(stored))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8"><title>Query editor - policygraph</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="/assets/style.css">'
        '<link rel="stylesheet" href="/assets/vendor/yasgui/yasgui.min.css">'
        '<script src="/assets/vendor/yasgui/yasgui.min.js"></script></head><body>'
        '<nav><a href="/">policygraph</a> <a href="/queries">Stored queries</a> <a href="/sparql">SPARQL</a> '
        '<a href="/yasgui">Query editor</a> <a href="/network">Network</a></nav>'
        "<main><h1>Query editor</h1>"
        "<p>YASGUI on this server's read-only <code>/sparql</code> endpoint (Ctrl-Enter runs the query). The "
        "prefixes of the stored queries (pg:, pga:, pgs:, policy:, skos:, dcterms: ...) need no PREFIX line. "
        "Click a stored query to open it in a new tab; its parameters are unbound variables there.</p>"
        f'<details id="stored-queries-list"><summary>Stored queries ({len(stored)})</summary>'
        f'<ul class="stored-queries">{entries}</ul></details>'
        '<div id="yasgui"></div></main>'
        f'<script type="application/json" id="stored-queries">{data}</script>'
        f"<script>{_YASGUI_SCRIPT}</script></body></html>"
    )


_YASGUI_SCRIPT = """
(function () {
  "use strict";
  var endpoint = new URL("/sparql", window.location.href).href;
  var stored = JSON.parse(document.getElementById("stored-queries").textContent);
  var completers = Yasgui.Yasqe.defaults.autocompleters;
  var offline = completers.filter(function (name) { return name === "variables" || name === "prefixes"; });
  completers.splice.apply(completers, [0, completers.length].concat(offline));
  delete Yasgui.Yasqe.Autocompleters["class"];
  delete Yasgui.Yasqe.Autocompleters.property;
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }, keys: []},
    corsProxy: undefined,
    persistenceId: null,
    yasqe: {autocompleters: offline.slice(), prefixCcApi: null, persistenceId: null},
    yasr: {persistenceId: null}
  });
  window.policygraphYasgui = yasgui;
  document.querySelectorAll("button.stored-query").forEach(function (button) {
    button.addEventListener("click", function () {
      var q = stored[Number(button.dataset.index)];
      yasgui.addTab(true, {name: q.name, yasqe: {value: q.query}, requestConfig: {endpoint: endpoint}});
    });
  });
})();
"""


def asset(name: str) -> bytes:
    """A file of ``serve/assets``."""
    return (resources.files("policygraph.serve") / "assets" / name).read_bytes()
