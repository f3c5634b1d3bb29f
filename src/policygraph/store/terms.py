"""The one place where rdflib terms and pyoxigraph terms are converted into each other.

pyoxigraph validates IRIs and language tags when a term is created and ``str()`` writes a term in
N-Triples syntax, which is also valid SPARQL: that is how terms are serialised into query and update text.

>>> to_sparql(Literal('x" } ; DROP ALL ; #'))
'"x\\\\" } ; DROP ALL ; #"'
>>> to_sparql(URIRef("http://example.org/a b"))
Traceback (most recent call last):
...
ValueError: not a valid IRI: 'http://example.org/a b'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Self

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_LANG_STRING = str(RDF.langString)
_STRING = str(XSD.string)


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term; raises ValueError for invalid IRIs, language tags or kinds."""
    if isinstance(term, URIRef):
        return named_node(term)
    if isinstance(term, BNode):
        return _blank_node(str(term))
    if isinstance(term, Literal):
        return _to_ox_literal(term)
    raise ValueError(f"cannot store {type(term).__name__} term {term!r}")


def to_ox_triple(s: Node, p: Node, o: Node) -> ox.Triple:
    """An rdflib triple as a pyoxigraph triple; raises ValueError for a literal subject or non-IRI predicate."""
    subject, predicate, obj = to_ox(s), to_ox(p), to_ox(o)
    if isinstance(subject, ox.Literal):
        raise ValueError(f"a literal cannot be a subject: {s!r}")
    if not isinstance(predicate, ox.NamedNode):
        raise ValueError(f"a predicate must be an IRI: {p!r}")
    return ox.Triple(subject, predicate, obj)


def named_node(iri: str) -> ox.NamedNode:
    """A pyoxigraph IRI, with a ValueError naming the bad IRI."""
    try:
        return ox.NamedNode(str(iri))
    except ValueError:
        raise ValueError(f"not a valid IRI: {str(iri)!r}") from None


def _to_ox_literal(term: Literal) -> ox.Literal:
    if term.language:
        try:
            return ox.Literal(str(term), language=term.language)
        except ValueError:
            raise ValueError(f"not a valid language tag: {term.language!r}") from None
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=named_node(term.datatype))
    return ox.Literal(str(term))


def _blank_node(label: str) -> ox.BlankNode:
    """The same rdflib blank node always gives the same pyoxigraph one, whatever its label."""
    try:
        return ox.BlankNode(label)
    except ValueError:
        return ox.BlankNode("b" + hashlib.sha1(label.encode()).hexdigest())


def from_ox(term: OxTerm | ox.Triple | ox.DefaultGraph) -> Node:
    """A pyoxigraph term as an rdflib term (xsd:string literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _from_ox_literal(term)
    raise ValueError(f"cannot convert {type(term).__name__} to an rdflib term")


def converter() -> Callable[[OxTerm], Node]:
    """:func:`from_ox` that converts each distinct term once (results and files repeat titles and IRIs, and an
    rdflib literal costs several microseconds to build)."""
    terms: dict[OxTerm, Node] = {}

    def convert(value: OxTerm) -> Node:
        found = terms.get(value)
        if found is None:
            found = terms[value] = from_ox(value)
        return found

    return convert


class LangString(str):
    """A language-tagged literal as a plain value: its text, with its tag (lower case) in ``language``. It equals
    only the same text with the same tag; ``str()`` of it is the bare text.

    >>> title = LangString("Batteries", "en")
    >>> title.language, title == "Batteries", title == LangString("Batteries", "en"), str(title) == "Batteries"
    ('en', False, True, True)
    """

    __slots__ = ("language",)
    language: str

    def __new__(cls, text: str, language: str) -> Self:
        value = super().__new__(cls, text)
        value.language = language
        return value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and str.__eq__(self, other) and getattr(other, "language", None) == self.language

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((str(self), self.language))

    def __repr__(self) -> str:
        return f"LangString({str(self)!r}, {self.language!r})"

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return LangString, (str(self), self.language)


def plain_ox(term: OxTerm) -> str:
    """A pyoxigraph term as a plain value: an IRI or blank node label as ``str``, a literal as its lexical form
    (a :class:`LangString` when it has a language tag)."""
    if type(term) is ox.Literal:
        language = term.language
        return term.value if language is None else LangString(term.value, language)
    return term.value


def plain(term: Node) -> str:
    """An rdflib term as the plain value a backend's ``select_plain`` gives for it (rdflib writes canonical lexical
    forms, so a stored ``"01"^^xsd:integer`` is ``"1"`` here and in the stores alike).

    >>> plain(URIRef("http://example.org/a")), plain(Literal("x", lang="en-GB")), plain(Literal(42))
    ('http://example.org/a', LangString('x', 'en-gb'), '42')
    """
    if isinstance(term, Literal) and term.language:
        return LangString(str(term), term.language.lower())
    return str(term)


def _from_ox_literal(term: ox.Literal) -> Literal:
    datatype = term.datatype.value
    if term.language is not None or datatype == _LANG_STRING:
        return Literal(term.value, lang=term.language)
    if datatype == _STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def to_sparql(term: Node) -> str:
    """A term in SPARQL syntax, serialised by pyoxigraph after validation (never by hand)."""
    return str(to_ox(term))


def ntriples(graph: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """A graph in N-Triples, every term validated and serialised by pyoxigraph (ValueError if one is bad)."""
    return ox.serialize([to_ox_triple(s, p, o) for s, p, o in graph], format=ox.RdfFormat.N_TRIPLES) or b""


def replace_update(name: str, graph: Iterable[tuple[Node, Node, Node]], data: bytes | None = None) -> str:
    """The one SPARQL update that replaces graph ``name`` by ``graph``: ``DROP SILENT GRAPH`` then
    ``INSERT DATA``, every term serialised by pyoxigraph (``data``: ``graph`` already serialised by
    :func:`ntriples`)."""
    g = str(named_node(name))
    text = (ntriples(graph) if data is None else data).decode()
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{text}}} }}"


def from_json(value: dict[str, str]) -> Node:
    """A term of a SPARQL JSON result as an rdflib term, validated by pyoxigraph.

    Results from SPARQL 1.0-era servers are accepted (``typed-literal``), and Virtuoso's ``"1"``/``"0"``
    booleans are written in their canonical form, so every server gives the same terms.
    """
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return from_ox(named_node(text))
    if kind == "bnode":
        return BNode(text)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r} in a SPARQL JSON result")
    lang, datatype = value.get("xml:lang"), value.get("datatype")
    if lang:
        return from_ox(ox.Literal(text, language=lang))
    if datatype:
        if datatype == _BOOLEAN:
            text = {"1": "true", "0": "false"}.get(text, text)
        return from_ox(ox.Literal(text, datatype=named_node(datatype)))
    return Literal(text)


def plain_json(value: dict[str, str]) -> str:
    """A term of a SPARQL JSON result as a plain value (see :func:`plain_ox`), with no rdflib term built; like
    :func:`from_json`, Virtuoso's ``"1"``/``"0"`` booleans are written in their canonical form.

    >>> plain_json({"type": "literal", "value": "Batteries", "xml:lang": "EN"})
    LangString('Batteries', 'en')
    """
    kind, text = value.get("type"), value.get("value", "")
    if kind in ("uri", "bnode"):
        return text
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r} in a SPARQL JSON result")
    lang = value.get("xml:lang")
    if lang:
        return LangString(text, lang.lower())
    if value.get("datatype") == _BOOLEAN:
        return {"1": "true", "0": "false"}.get(text, text)
    return text


_BOOLEAN = str(XSD.boolean)
