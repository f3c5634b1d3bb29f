"""Stored SPARQL queries: ``queries/**/*.rq`` files with a ``#+`` YAML header that declares their parameters.

User input never reaches query text. :meth:`StoredQuery.bind` turns each raw string into a typed RDF term
(:mod:`policygraph.binding`); every backend then binds the terms with
:func:`policygraph.store.sparql.with_values`.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rdflib import Graph, URIRef
from rdflib.term import Node

from . import resources
from .errors import QueryParameterError, VocabularyError
from .namespaces import expand_curie
from .store.sparql import VARNAME, query_form

if TYPE_CHECKING:
    from .store import Row, Store

PARAM_TYPES = ("iri", "string", "lang-string", "date", "gYear", "integer", "decimal")
REQUIRED_KEYS = ("summary", "params", "returns")


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
        from .binding import convert  # binding reads its lookups with get_query: imported when first bound

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
    if not VARNAME.match(name) or not isinstance(spec, dict):
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
