"""SPARQL query results in the W3C formats (JSON, XML, CSV, TSV), built from rows of rdflib terms.

Used where pyoxigraph cannot serialise the results itself: a remote store, or a row limit.

>>> from rdflib import Literal, URIRef
>>> print(serialize_rows(["s", "o"], [{"s": URIRef("urn:a"), "o": Literal("x", lang="en")}], "csv").decode())
s,o\r
urn:a,x\r
<BLANKLINE>
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

#: short format name -> media type of SELECT and ASK results
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

#: media types of CONSTRUCT and DESCRIBE results -> rdflib serializer name
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def _json_term(value: Node) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    out = {"type": "literal", "value": str(value)}
    if isinstance(value, Literal):
        if value.language:
            out["xml:lang"] = value.language
        elif value.datatype is not None and value.datatype != XSD.string:
            out["datatype"] = str(value.datatype)
    return out


def _xml_term(value: Node) -> str:
    if isinstance(value, URIRef):
        return f"<uri>{escape(str(value))}</uri>"
    if isinstance(value, BNode):
        return f"<bnode>{escape(str(value))}</bnode>"
    attrs = ""
    if isinstance(value, Literal):
        if value.language:
            attrs = f" xml:lang={quoteattr(value.language)}"
        elif value.datatype is not None and value.datatype != XSD.string:
            attrs = f" datatype={quoteattr(str(value.datatype))}"
    return f"<literal{attrs}>{escape(str(value))}</literal>"


def _csv_text(value: Node | None) -> str:
    if value is None:
        return ""
    return f"_:{value}" if isinstance(value, BNode) else str(value)


def serialize_rows(variables: Sequence[str], rows: Sequence[dict[str, Node]], fmt: str) -> bytes:
    """SELECT results in format ``fmt`` (one of :data:`MEDIA_TYPES`)."""
    if fmt == "json":
        body = {"head": {"vars": list(variables)},
                "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in rows]}}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        results = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items())
            + "</result>" for row in rows)
        return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{results}</results></sparql>").encode()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_text(row.get(v)) for v in variables])
        return out.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(row[v].n3() if v in row else "" for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """ASK results in format ``fmt``."""
    if fmt == "xml":
        return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>").encode()
    if fmt in ("csv", "tsv"):
        return (f"{'true' if value else 'false'}\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def negotiate(accept: str, offered: Sequence[str], default: str) -> str | None:
    """The media type of ``offered`` that the ``Accept`` header prefers; ``default`` when there is no header or
    it allows anything; None when it allows none of them.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", list(MEDIA_TYPES.values()), "x")
    'application/sparql-results+xml'
    """
    if not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0 and media:
            ranked.append((q, -index, media.lower()))
    for _, _, media in sorted(ranked, reverse=True):
        if media in offered:
            return media
        if media in ("*/*", "application/*") and default in offered:
            return default
        if media in ("application/json", "application/*") and "application/sparql-results+json" in offered:
            return "application/sparql-results+json"
        if media in ("application/xml", "text/xml") and "application/sparql-results+xml" in offered:
            return "application/sparql-results+xml"
        if media == "text/*":
            for candidate in offered:
                if candidate.startswith("text/"):
                    return candidate
    return None
