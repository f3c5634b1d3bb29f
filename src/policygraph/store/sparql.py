"""SPARQL query text: the form of a query, and terms bound as a ``VALUES`` block, never pasted as text.

Every backend binds a stored query's parameters with :func:`with_values`: a ``VALUES`` block inserted first in
the outermost ``WHERE``, whose terms pyoxigraph validated and serialised.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence

from rdflib.term import Node

from .terms import to_sparql

#: a SPARQL variable name (without ``?``)
VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def with_values(query_text: str, bindings: Mapping[str, Node | Sequence[Node]]) -> str:
    """``query_text`` with ``VALUES (?a ?b) { (t1 t2) }`` inserted first in its outermost ``WHERE`` group.

    The terms are validated and serialised by pyoxigraph, so no input text is ever pasted into the query.
    A VALUES block first inside WHERE binds the variable for the whole group, FILTERs included. A sequence of
    terms gives one row per term (with several sequences, one row per combination). A query may say where a
    parameter is bound instead, by a comment line ``#@values ?name ...`` (inside a sub-select that groups by
    it, say, so that only the bound groups are computed): the block for those parameters replaces each such
    line; a line with no names takes every parameter.

    >>> from rdflib import Literal
    >>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('a"b')}))
    SELECT ?s WHERE {
      VALUES (?o) { ("a\\"b") }
     ?s ?p ?o }
    >>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": [Literal("a"), Literal("b")]}))
    SELECT ?s WHERE {
      VALUES (?o) { ("a") ("b") }
     ?s ?p ?o }
    >>> print(with_values("SELECT ?s WHERE { { SELECT ?s WHERE {\\n#@values ?s\\n?s ?p ?o } } }", {"s": Literal("a")}))
    SELECT ?s WHERE { { SELECT ?s WHERE {
    VALUES (?s) { ("a") }
    ?s ?p ?o } } }
    """
    if not bindings:
        return query_text
    for name in bindings:
        if not VARNAME.match(name):
            raise ValueError(f"not a variable name: {name!r}")
    placed: set[str] = set()

    def at_marker(found: re.Match[str]) -> str:
        listed = [v[1:] for v in found.group(2).split()]
        names = [n for n in (listed or list(bindings)) if n in bindings]
        placed.update(names)
        return found.group(1) + values_block({n: bindings[n] for n in names}) if names else found.group(0)

    text = _MARKER.sub(at_marker, query_text)
    rest = {name: value for name, value in bindings.items() if name not in placed}
    if not rest:
        return text
    at = outer_where_position(text)
    return f"{text[:at]}\n  {values_block(rest)}\n{text[at:]}"


def values_block(bindings: Mapping[str, Node | Sequence[Node]]) -> str:
    """``VALUES (?a ?b) { (t1 t2) ... }``: one row per combination of the bound terms."""
    variables = " ".join(f"?{name}" for name in bindings)
    columns = [[v] if isinstance(v, Node) else list(v) for v in bindings.values()]
    rows = " ".join("(" + " ".join(to_sparql(term) for term in row) + ")" for row in itertools.product(*columns))
    return f"VALUES ({variables}) {{ {rows} }}"


#: a comment line that says where a query's parameters are bound: ``#@values`` and the names, or none for all
_MARKER = re.compile(r"^([ \t]*)#@values((?:[ \t]+[?$][A-Za-z_][A-Za-z0-9_]*)*)[ \t]*$", re.M)


_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\-]*")
_VAR = re.compile(r"[?$][A-Za-z0-9_]+")


def outer_where_position(text: str) -> int:
    """The index just after the ``{`` that opens the outermost ``WHERE`` group.

    Comments, strings, IRIs and variables are skipped; a sub-select's or a CONSTRUCT template's braces
    are not at depth 0. Stored queries must spell out the ``WHERE`` keyword.

    >>> outer_where_position("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    30
    """
    depth, i, after_where = 0, 0, False
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if c in "\"'":
            i = _string_end(text, i)
            continue
        match = (_IRIREF.match(text, i) if c == "<" else _VAR.match(text, i) if c in "?$"
                 else _TOKEN.match(text, i) if c.isalpha() or c == "_" else None)
        if match:
            after_where = after_where or (depth == 0 and match.group().upper() == "WHERE")
            i = match.end()
            continue
        if c == "{":
            if depth == 0 and after_where:
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise ValueError("cannot bind parameters: the query has no top-level 'WHERE {'")


def _string_end(text: str, start: int) -> int:
    """The index after the string literal starting at ``start`` (short or long form, with escapes)."""
    quote = text[start]
    delim = quote * 3 if text.startswith(quote * 3, start) else quote
    i = start + len(delim)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(delim, i):
            return i + len(delim)
        i += 1
    raise ValueError("unterminated string in query")


def _words(text: str) -> Iterator[str]:
    """The keywords and names of ``text`` in order, upper-cased, skipping comments and IRIs."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif c == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
        elif c.isalpha() and (m := _TOKEN.match(text, i)):
            yield m.group().upper()
            i = m.end()
        else:
            i += 1


def is_distinct_select(text: str) -> bool:
    """Whether ``text`` is a ``SELECT DISTINCT`` query (its outermost SELECT)."""
    words = _words(text)
    for word in words:
        if word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return word == "SELECT" and next(words, "") == "DISTINCT"
    return False


def query_form(text: str) -> str:
    """The query form keyword of ``text``: SELECT, CONSTRUCT, ASK or DESCRIBE."""
    for word in _words(text):
        if word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return word
    raise ValueError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")
