"""Stored-query parameters as RDF terms: one converter per declared type, and IRIs found by CURIE, by the
parser's name resolver (:mod:`policygraph.resolve`: agencies, companies and sectors), or by acronym, notation,
label or title in the store.

User input never reaches query text: each raw string becomes a typed, validated term here, and the store binds
it with :func:`policygraph.store.sparql.with_values`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QueryParameterError
from .namespaces import curie, expand_curie
from .queries import Param, StoredQuery, get_query
from .resolve import iris_named
from .store.terms import to_ox

if TYPE_CHECKING:
    from .store import Store

#: the stored queries used to resolve labels, acronyms and notations to vocabulary IRIs
LABEL_LOOKUP = "lookup/terms-by-label"
CLASS_LISTING = "lookup/terms-by-class"


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


# -- IRIs by CURIE, acronym, notation or label --------------------------------------------------------


def resolve_iri(store: Store, raw: str, cls: URIRef | None) -> URIRef:
    """A full IRI, a CURIE or, for a class-limited parameter, a label/acronym/notation -> the IRI."""
    if cls is None:
        return expand_curie(raw)
    iri = _expanded_or_none(raw)
    if iri is not None and is_member(store, iri, cls):
        return iri
    text = raw.strip() if iri is None else re.split(r"[/#:]", raw.strip().rstrip(">"))[-1]
    return _by_name(store, text, cls) or _by_label(store, text, cls) or _no_match(raw, cls, class_members(store, cls))


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


def _by_name(store: Store, text: str, cls: URIRef) -> URIRef | None:
    """The one entry the parser's resolver finds ``text`` to name (:func:`policygraph.resolve.iris_named`: its
    acronyms, notations, labels, Chinese names and shortened forms), if the store holds it; else None, and the
    store's labels are searched (:func:`_by_label`), which also report a name two entries share."""
    found = [iri for iri in iris_named(cls, text) if is_member(store, iri, cls)] if text else []
    return found[0] if len(found) == 1 else None


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


