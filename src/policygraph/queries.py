"""Stored SPARQL queries: ``queries/**/*.rq`` files with a ``#+`` YAML header, and safe parameter binding.

User input never reaches query text. :meth:`StoredQuery.bind` turns each raw string into a typed RDF term
(one converter per parameter type); every backend then binds the terms with :func:`with_values`, a
``VALUES`` block inserted first in the outermost ``WHERE`` whose terms pyoxigraph serialised.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from . import resources
from .errors import QueryParameterError, VocabularyError
from .namespaces import PREFIXES
from .store.terms import named_node, to_ox, to_sparql

if TYPE_CHECKING:
    from .store import Row, Store

PARAM_TYPES = ("iri", "string", "lang-string", "date", "gYear", "integer", "decimal")
REQUIRED_KEYS = ("summary", "params", "returns")
#: the stored queries used to resolve labels, acronyms and notations to vocabulary IRIs
LABEL_LOOKUP = "lookup/terms-by-label"
CLASS_LISTING = "lookup/terms-by-class"

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# -- the header --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One declared parameter: its type, the class its IRI must belong to, and an example value."""

    name: str
    type: str
    cls: URIRef | None = None
    example: str | None = None

    @classmethod
    def from_spec(cls, name: str, spec: Mapping[str, str]) -> Param:
        """From a checked header entry ``{type, class?, example?}``."""
        klass = spec.get("class")
        return cls(name, spec["type"], expand_curie(klass) if klass else None, spec.get("example"))


@dataclass(frozen=True)
class StoredQuery:
    """One ``.rq`` file: the query text and what its header declares."""

    name: str
    path: Path
    text: str
    summary: str
    #: name -> the header's spec, ``{"type": ..., "class": ..., "example": ...}`` (strings, JSON-ready)
    params: dict[str, dict[str, str]]
    returns: list[str]
    description: str = ""
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_path(cls, path: Path) -> StoredQuery:
        """Read and check a query file; a bad header raises VocabularyError naming the file."""
        text = path.read_text(encoding="utf-8")
        header = _header(text, path)
        return cls(
            name=query_name(path),
            path=path,
            text=text,
            summary=str(header["summary"]).strip(),
            params=_params(header["params"], path),
            returns=_returns(header["returns"], path),
            description=str(header.get("description") or "").strip(),
            tags=[str(t) for t in header.get("tags") or []],
        )

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE."""
        return query_form(self.text)

    def param(self, name: str) -> Param:
        """The typed declaration of parameter ``name``."""
        return Param.from_spec(name, self.params[name])

    def example_params(self) -> dict[str, str]:
        """The header's example value of every parameter."""
        return {name: spec["example"] for name, spec in self.params.items() if "example" in spec}

    def bind(self, store: Store, raw: Mapping[str, str]) -> dict[str, Node]:
        """Raw strings -> RDF terms, checked against the header; raises QueryParameterError."""
        self._check_names(raw)
        return {name: convert(self, self.param(name), raw[name], store) for name in self.params}

    def run(self, store: Store, raw: Mapping[str, str] | None = None) -> list[Row]:
        """Bind ``raw`` and run this SELECT on ``store``."""
        if self.form != "SELECT":
            raise QueryParameterError(f"is a {self.form} query; use construct()", query=self.name)
        return store.select(self.text, self.bind(store, raw or {}))

    def construct(self, store: Store, raw: Mapping[str, str] | None = None) -> Graph:
        """Bind ``raw`` and run this CONSTRUCT or DESCRIBE on ``store``."""
        return store.construct(self.text, self.bind(store, raw or {}))

    def _check_names(self, raw: Mapping[str, str]) -> None:
        for name in raw:
            if name not in self.params:
                known = ", ".join(self.params) or "none"
                raise QueryParameterError(f"unknown parameter; this query takes: {known}",
                                          query=self.name, param=name, value=raw[name])
        for name, spec in self.params.items():
            if name not in raw:
                example = spec.get("example", "VALUE")
                raise QueryParameterError(f"missing; give it as: -p {name} {example!r}",
                                          query=self.name, param=name)


def query_name(path: Path) -> str:
    """``queries/qc/x-violation.rq`` -> ``qc/x-violation`` (relative to the query folder that holds it, see
    :func:`resources.query_folders`); other files give their stem."""
    for base in resources.query_folders():
        try:
            return path.resolve().relative_to(base.resolve()).with_suffix("").as_posix()
        except ValueError:
            continue
    return path.stem


def _header(text: str, path: Path) -> dict[str, Any]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("#+"):
            lines.append(line[2:])
    try:
        header = yaml.safe_load(textwrap.dedent("\n".join(lines))) if lines else None
    except yaml.YAMLError as e:
        raise VocabularyError(f"bad #+ header: {e}", path) from None
    if not isinstance(header, dict):
        raise VocabularyError("no #+ YAML header (summary, params, returns)", path, 1)
    missing = [k for k in REQUIRED_KEYS if k not in header]
    if missing:
        raise VocabularyError(f"#+ header lacks {', '.join(missing)}", path, 1)
    return header


def _params(spec: object, path: Path) -> dict[str, dict[str, str]]:
    if not isinstance(spec, dict):
        raise VocabularyError("#+ params must be a mapping (use {} for none)", path)
    return {str(name): _param(str(name), value, path) for name, value in spec.items()}


def _param(name: str, spec: object, path: Path) -> dict[str, str]:
    if not _VARNAME.match(name) or not isinstance(spec, dict):
        raise VocabularyError(f"parameter {name!r}: needs a variable name and {{type, example}}", path)
    unknown = set(spec) - {"type", "class", "example", "description"}
    if unknown:
        raise VocabularyError(f"parameter {name!r}: unknown keys {', '.join(sorted(map(str, unknown)))}", path)
    if spec.get("type") not in PARAM_TYPES:
        raise VocabularyError(f"parameter {name!r}: type must be one of {', '.join(PARAM_TYPES)}", path)
    if "class" in spec and spec["type"] != "iri":
        raise VocabularyError(f"parameter {name!r}: only iri parameters take a class", path)
    try:
        checked = {str(k): str(v) for k, v in spec.items()}
        Param.from_spec(name, checked)
    except ValueError as e:
        raise VocabularyError(f"parameter {name!r}: bad class: {e}", path) from None
    return checked


def _returns(spec: object, path: Path) -> list[str]:
    if not isinstance(spec, list) or not all(isinstance(v, str) for v in spec):
        raise VocabularyError("#+ returns must be a list of variable names", path)
    return list(spec)


# -- finding queries ---------------------------------------------------------------------------------------


def all_queries() -> list[StoredQuery]:
    """Every stored query, sorted by name."""
    return sorted((StoredQuery.from_path(p) for p in resources.query_paths()), key=lambda q: q.name)


def get_query(name: str) -> StoredQuery:
    """A stored query by name (``policies-by-agency``, ``qc/target-year-before-baseline-violation``)."""
    wanted = name.removesuffix(".rq").strip("/")
    bundled = resources.folder("queries") / f"{wanted}.rq"
    if ".." not in wanted.split("/") and bundled.is_file():  # a bundled query wins: no need to list them all
        return _read_query(bundled, *_stamp(bundled))
    paths = {query_name(p): p for p in resources.query_paths()}
    if wanted in paths:
        return _read_query(paths[wanted], *_stamp(paths[wanted]))
    close = difflib.get_close_matches(wanted, list(paths), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise QueryParameterError(f"no stored query of that name.{hint} List them with: policygraph queries",
                              query=name)


@lru_cache(maxsize=256)
def _read_query(path: Path, _mtime_ns: int, _size: int) -> StoredQuery:
    """A query file read once for as long as it is unchanged (ingest looks queries up for every digest)."""
    return StoredQuery.from_path(path)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


# -- parameter types -> RDF terms --------------------------------------------------------------------------


#: the longest parameter value accepted: longer titles, labels, IRIs or search texts do not exist, and a very
#: long search text would make a query slow
MAX_PARAM_CHARS = 1000


def convert(query: StoredQuery, param: Param, raw: str, store: Store) -> Node:
    """One raw string -> the RDF term for ``param``; raises QueryParameterError naming query and value.

    The value is NFKC-normalised first, so full-width digits and letters (``２０２５``) mean what their ASCII
    forms mean; a value that is not UTF-8 text (bytes the command line could not decode) is refused.
    """
    try:
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the value is not UTF-8 text (it holds bytes that decode to no character)") from None
        raw = unicodedata.normalize("NFKC", raw)
        if len(raw) > MAX_PARAM_CHARS:
            raise ValueError(f"longer than {MAX_PARAM_CHARS:,} characters ({len(raw):,})")
        if param.type == "iri":
            return resolve_iri(store, raw, param.cls)
        return CONVERTERS[param.type](raw)
    except ValueError as e:
        raise QueryParameterError(str(e), query=query.name, param=param.name, value=raw) from None


def to_string(raw: str) -> Literal:
    """A plain string (must not be blank)."""
    if not raw.strip():
        raise ValueError("must not be empty")
    return Literal(raw)


def to_lang_string(raw: str) -> Literal:
    """``text@lang``, e.g. ``batteries@en`` or ``电池@zh``."""
    text, sep, lang = raw.rpartition("@")
    if not sep or not text.strip() or not lang:
        raise ValueError(f"{raw!r} is not a language-tagged string; write it as text@lang, e.g. batteries@en")
    term = Literal(text, lang=lang)
    to_ox(term)
    return term


def to_date(raw: str) -> Literal:
    """An ISO date, YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        raise ValueError(f"{raw!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-11-18")
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not a date that exists") from None
    return Literal(day.isoformat(), datatype=XSD.date)


def to_gyear(raw: str) -> Literal:
    """A four-digit year."""
    if not re.fullmatch(r"\d{4}", raw.strip()):
        raise ValueError(f"{raw!r} is not a year; write four digits, e.g. 2025")
    return Literal(raw.strip(), datatype=XSD.gYear)


def to_integer(raw: str) -> Literal:
    """A whole number."""
    if not re.fullmatch(r"[+-]?\d+", raw.strip()):
        raise ValueError(f"{raw!r} is not a whole number, e.g. 3")
    return Literal(str(int(raw.strip())), datatype=XSD.integer)


def to_decimal(raw: str) -> Literal:
    """A decimal number such as 1.5 (no exponent)."""
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw.strip()):
        raise ValueError(f"{raw!r} is not a decimal number, e.g. 0.25")
    return Literal(str(Decimal(raw.strip())), datatype=XSD.decimal)


CONVERTERS: dict[str, Callable[[str], Literal]] = {
    "string": to_string,
    "lang-string": to_lang_string,
    "date": to_date,
    "gYear": to_gyear,
    "integer": to_integer,
    "decimal": to_decimal,
}


# -- IRIs, CURIEs and vocabulary labels --------------------------------------------------------------------


def expand_curie(value: str) -> URIRef:
    """A CURIE with one of our prefixes, or a full IRI, as a checked URIRef.

    >>> expand_curie("pga:miit")
    rdflib.term.URIRef('https://w3id.org/policygraph/id/agency/miit')
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        text = PREFIXES[prefix] + local
    elif not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://|urn:", text):
        known = ", ".join(sorted(PREFIXES))
        raise ValueError(f"{value!r} is not a full IRI or a CURIE with a known prefix ({known})")
    return URIRef(named_node(text).value)


def curie(iri: str) -> str:
    """The shortest CURIE for ``iri`` with our prefixes, else the IRI itself."""
    matches = [(p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)]
    if not matches:
        return iri
    prefix, ns = max(matches, key=lambda m: len(m[1]))
    return f"{prefix}:{iri[len(ns):]}"


def resolve_iri(store: Store, raw: str, cls: URIRef | None) -> URIRef:
    """A full IRI, a CURIE or, for a class-limited parameter, a label/acronym/notation -> the IRI."""
    if cls is None:
        return expand_curie(raw)
    iri = _expanded_or_none(raw)
    if iri is not None and is_member(store, iri, cls):
        return iri
    text = raw.strip() if iri is None else re.split(r"[/#:]", raw.strip().rstrip(">"))[-1]
    return _by_label(store, text, cls) or _no_match(raw, cls, class_members(store, cls))


def is_member(store: Store, iri: URIRef, cls: URIRef) -> bool:
    """Whether ``iri`` is an instance of ``cls`` in the store (one lookup, not a listing of the class)."""
    return bool(store.select(get_query(CLASS_LISTING).text, {"class": cls, "term": iri}))


def _expanded_or_none(raw: str) -> URIRef | None:
    try:
        return expand_curie(raw)
    except ValueError:
        return None


def class_members(store: Store, cls: URIRef) -> dict[URIRef, str]:
    """Every instance of ``cls`` in the store with a label to show, from ``lookup/terms-by-class``."""
    rows = store.select(get_query(CLASS_LISTING).text, {"class": cls})
    return {URIRef(str(r["term"])): str(r.get("label") or curie(str(r["term"]))) for r in rows}


def _by_label(store: Store, text: str, cls: URIRef) -> URIRef | None:
    if not text:
        return None
    rows = store.select(get_query(LABEL_LOOKUP).text, {"class": cls, "text": Literal(text)})
    if not rows:
        return None
    ranks = [(int(str(r["rank"])), URIRef(str(r["term"]))) for r in rows]
    best = min(rank for rank, _ in ranks)
    hits = sorted({term for rank, term in ranks if rank == best})
    if len(hits) > 1:
        members = class_members(store, cls)
        names = "; ".join(f"{curie(h)} ({members.get(h, '')})" for h in hits)
        raise ValueError(f"{text!r} is ambiguous: it names {names}. Give one of these IRIs instead")
    return hits[0]


def _no_match(raw: str, cls: URIRef, members: dict[URIRef, str]) -> URIRef:
    what = curie(str(cls))
    listing = f"List valid values with: policygraph query {CLASS_LISTING} -p class {what}"
    if not members:
        raise ValueError(f"there are no {what} terms in the store; load the vocabularies first. {listing}")
    names = {label.lower(): f"{label} ({curie(iri)})" for iri, label in members.items()}
    names.update({curie(iri).lower(): f"{label} ({curie(iri)})" for iri, label in members.items()})
    close = [names[k] for k in difflib.get_close_matches(raw.strip().lower(), list(names), n=3, cutoff=0.6)]
    hint = f" Did you mean: {'; '.join(dict.fromkeys(close))}?" if close else ""
    raise ValueError(f"no {what} matches {raw!r} (by IRI, CURIE, acronym, notation or label).{hint} {listing}")


# -- binding: a VALUES block first in the outermost WHERE --------------------------------------------------


def with_values(query_text: str, bindings: Mapping[str, Node | Sequence[Node]]) -> str:
    """``query_text`` with ``VALUES (?a ?b) { (t1 t2) }`` inserted first in its outermost ``WHERE`` group.

    The terms are validated and serialised by pyoxigraph, so no input text is ever pasted into the query.
    A VALUES block first inside WHERE binds the variable for the whole group, FILTERs included. A sequence of
    terms gives one row per term (with several sequences, one row per combination).

    >>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('a"b')}))
    SELECT ?s WHERE {
      VALUES (?o) { ("a\\"b") }
     ?s ?p ?o }
    >>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": [Literal("a"), Literal("b")]}))
    SELECT ?s WHERE {
      VALUES (?o) { ("a") ("b") }
     ?s ?p ?o }
    """
    if not bindings:
        return query_text
    for name in bindings:
        if not _VARNAME.match(name):
            raise ValueError(f"not a variable name: {name!r}")
    variables = " ".join(f"?{name}" for name in bindings)
    columns = [[v] if isinstance(v, Node) else list(v) for v in bindings.values()]
    rows = " ".join("(" + " ".join(to_sparql(term) for term in row) + ")" for row in itertools.product(*columns))
    at = outer_where_position(query_text)
    return f"{query_text[:at]}\n  VALUES ({variables}) {{ {rows} }}\n{query_text[at:]}"


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
