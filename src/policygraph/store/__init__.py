"""The store interface: named graphs in, SPARQL out, rdflib terms at the boundary (or plain strings, for reads
too large to build a term per value: :meth:`Store.select_plain`).

Every backend implements :class:`Store`. Queries see the union of all named graphs as their default graph.
Parameters are bound by :func:`policygraph.store.sparql.with_values` (a ``VALUES`` block inserted first in the
outermost ``WHERE``), the same way on every backend.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, Self, runtime_checkable

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import StoreError, StoreLocationError

#: environment variable naming the default store location
STORE_ENV = "POLICYGRAPH_STORE"
#: default store directory, relative to the working directory
DEFAULT_STORE_DIR = "policygraph-store"

#: export format names every backend's :meth:`Store.dump` accepts
DUMP_FORMATS = ("turtle", "ntriples", "trig", "nquads", "jsonld")

Row = dict[str, Node]
#: a row of :meth:`Store.select_plain`: variable name -> plain value (a ``str``; see there)
PlainRow = dict[str, str]


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per digest plus the reference graphs."""

    def replace_graph(self, name: URIRef, graph: Graph, data: bytes | None = None) -> None:
        """Drop graph ``name`` and insert ``graph``'s triples into it, in one transaction; ``data`` is ``graph``
        already serialised as N-Triples by :func:`terms.ntriples` (then not serialised again)."""
        ...

    def delete_graph(self, name: URIRef) -> None:
        """Drop graph ``name``; nothing happens if it does not exist."""
        ...

    def update(self, text: str) -> None:
        """Run one SPARQL update, in one transaction (``policygraph sparql --allow-update``)."""
        ...

    def graph_names(self) -> list[URIRef]:
        """The names of all named graphs, sorted."""
        ...

    def has_graph(self, name: URIRef) -> bool:
        """Whether named graph ``name`` exists (graphs exist while they hold triples)."""
        ...

    def select(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Run a SELECT; each row maps variable names to rdflib terms (unbound variables are left out)."""
        ...

    def select_plain(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[PlainRow]:
        """Run a SELECT like :meth:`select` (parameters bound as RDF terms the same way), but give each value as a
        plain ``str``, building no rdflib term (several times faster on large results): an IRI as itself, a blank
        node as its label, a literal as its lexical form, and a language-tagged literal as a
        :class:`~policygraph.store.terms.LangString` (a ``str`` whose ``language`` is its tag in lower case).
        Unbound variables are left out; the datatype of a typed literal is not kept."""
        ...

    def ask(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query."""
        ...

    def dump(self, fmt: str, graph: URIRef | None = None) -> bytes:
        """Serialise one graph, or everything (triple formats merge all graphs), in one of DUMP_FORMATS."""
        ...

    def quad_count(self) -> int:
        """The number of quads in the store."""
        ...

    def flush(self) -> None:
        """Make every write so far durable (written to disk, not only to the log the OS holds)."""
        ...

    def deferred_flush(self) -> AbstractContextManager[None]:
        """Within the block, each write stays one transaction but is made durable only by :meth:`flush` or at
        the end of the block: a crash of the machine may lose the writes since the last flush, never half of
        one."""
        ...

    def close(self) -> None:
        """Flush and release the store; later calls raise :class:`StoreError`."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def default_location() -> Path:
    """``$POLICYGRAPH_STORE`` if set, else ``./policygraph-store``."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE_DIR)


#: what makes a location a URL rather than a directory: a scheme and a slash (``ftp://``, ``http:/``, even after
#: spaces), or ``http:``/``https:`` at all; one letter and a colon is a Windows drive
_URL_LIKE = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]+:/|https?:)", re.IGNORECASE)


def is_remote(location: str | Path) -> bool:
    """Whether ``location`` is a URL rather than a directory. Only a well-formed http(s) URL opens; any other
    URL (another scheme, spaces around it, a bad port) is refused by :func:`open_store`, never taken for a
    folder name."""
    return _URL_LIKE.match(str(location)) is not None


def open_store(location: str | Path | None = None) -> Store:
    """Open the store at a directory (embedded pyoxigraph) or an http(s) SPARQL endpoint URL.

    ``None`` means :func:`default_location`. An endpoint is checked with one ``ASK`` before it is returned.
    An empty location, or a URL that is not a well-formed http(s) URL, is a :class:`StoreLocationError`
    (exit code 2) that shows the location without its credentials.
    """
    if location is None:
        location = os.environ.get(STORE_ENV) or DEFAULT_STORE_DIR
    if not str(location).strip():
        raise StoreLocationError("the store location is empty; give a directory or an http(s) endpoint URL")
    if is_remote(location):
        from .endpoint import endpoint_for
        from .remote import RemoteStore

        return RemoteStore(endpoint_for(str(location)))
    from .embedded import EmbeddedStore

    return EmbeddedStore(Path(location))


__all__ = ["DUMP_FORMATS", "PlainRow", "Row", "Store", "StoreError", "default_location", "is_remote", "open_store"]
