"""Ad-hoc SPARQL: a query given as text, a file or stdin, with the stored queries' prefixes, read-only.

>>> text = with_prefixes("SELECT ?p WHERE { ?p a pg:Policy }")
>>> text.splitlines()[0]
'PREFIX pg: <https://w3id.org/policygraph/ontology#>'
>>> with_prefixes("PREFIX pg: <urn:x#> SELECT * WHERE { ?s ?p ?o }").count("PREFIX pg:")
1
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryParameterError
from .namespaces import PREFIXES
from .store.sparql import query_form

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.I | re.M)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.I)


def read_source(source: str) -> str:
    """The query text ``source`` stands for: ``-`` reads stdin, an existing file is read, else it is the text."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if len(source) < 4096 and "\n" not in source and path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryParameterError(f"cannot read {path}: {e}") from None
    return source


def with_prefixes(text: str) -> str:
    """``text`` with a PREFIX line for every policygraph prefix it uses but does not declare."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    used = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", text)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + text


def form(text: str, allow_update: bool = False) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE of a query that parses; "UPDATE" for an update that parses when
    ``allow_update``, else an update is refused (the graph is written by ``ingest`` and ``delete``, which
    validate and replace a digest in one transaction). SERVICE and LOAD are always refused."""
    try:
        kind = query_form(text)
    except ValueError:
        word = _UPDATE.search(text)
        if word is None:
            raise QueryParameterError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE") from None
        if not allow_update:
            raise QueryParameterError(f"a SPARQL update ({word.group(1).upper()}): 'sparql' only reads unless "
                                      "--allow-update; digests are written by 'policygraph ingest' and removed by "
                                      "'policygraph delete'") from None
        return _checked_update(text)
    try:
        ox.Store().query(text)  # an empty store in memory: only the syntax is checked
    except SyntaxError as e:
        raise QueryParameterError(f"invalid SPARQL: {str(e).splitlines()[0]}") from None
    if has_service(text):
        raise QueryParameterError("federated queries (SERVICE) are refused: policygraph reads only its own store")
    return kind


def _checked_update(text: str) -> str:
    """ "UPDATE" for an update that parses and neither loads from the web nor calls another service."""
    if has_service(text) or re.search(r"(?i)\bLOAD\b", _without_strings(text)):
        raise QueryParameterError("LOAD and SERVICE are refused: policygraph reads nothing from elsewhere")
    try:
        ox.Store().update(text)  # an empty store in memory: only the syntax is checked
    except SyntaxError as e:
        raise QueryParameterError(f"invalid SPARQL update: {str(e).splitlines()[0]}") from None
    except (OSError, RuntimeError, ValueError):
        pass  # it parses; what it does to an empty store does not matter
    return "UPDATE"


def _without_strings(text: str) -> str:
    return re.sub(r"<[^<>]*>|\"[^\"]*\"|'[^']*'|#[^\n]*", " ", text)


def columns(text: str, rows: list[dict]) -> list[str]:
    """The projected variables of a SELECT, in their order (every variable seen in ``rows`` where the query
    cannot be analysed)."""
    try:
        from rdflib.plugins.sparql import prepareQuery

        return [str(v) for v in prepareQuery(text).algebra["PV"]]
    except Exception:  # noqa: BLE001 - rdflib reads less SPARQL than the stores; the rows still tell
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
        return list(seen)


_TOKEN = re.compile("|".join([
    r"#[^\n]*",  # a comment
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',  # short strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',  # an IRI
    r"[?$]\w+",  # a variable
    r"[A-Za-z_][\w.-]*(?::[\w.:%-]*)?",  # a keyword or a prefixed name
    r":[\w.:%-]*",
]), re.S)


def has_service(text: str) -> bool:
    """Whether a query uses SERVICE (which would make the store fetch from other servers); the word in a
    comment, string, IRI, variable or prefixed name does not count.

    >>> has_service("SELECT * WHERE { service <http://x/> { ?s ?p ?o } }")
    True
    >>> has_service('SELECT ?service WHERE { ?s ex:service "SERVICE" } # SERVICE')
    False
    """
    return any(m.group().upper() == "SERVICE" for m in _TOKEN.finditer(text))
