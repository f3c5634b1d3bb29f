"""The embedded store: a persistent pyoxigraph (RocksDB) directory.

Every write is one pyoxigraph transaction: a new graph's quads go in with ``Store.extend``; replacing a graph
is a single SPARQL update ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`` whose data pyoxigraph
serialised. After a failure the store is as it was. ``bulk_load`` is never used (it is not transactional).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Self, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import StoreError
from . import PlainRow, Row
from .dumps import FORMATS, serialize
from .sparql import with_values
from .terms import OxTerm, converter, from_ox, named_node, plain_ox, replace_update, to_ox_triple

T = TypeVar("T")

class EmbeddedStore:
    """A pyoxigraph store in a directory (``path=None``: in memory, for tests)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._store: ox.Store | None = _open(path)
        self._deferred = False

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"the store at {self.path} is closed")
        return self._store

    # -- writes -------------------------------------------------------------------------------------------

    def replace_graph(self, name: URIRef, graph: Graph, data: bytes | None = None) -> None:
        """Drop graph ``name`` and insert ``graph``'s triples into it, in one transaction (``data``: ``graph``
        already serialised by :func:`terms.ntriples`, as ingest's workers do).

        A new graph goes in with ``Store.load`` (N-Triples) or ``Store.extend`` (terms), one transaction each;
        an existing one is replaced by one SPARQL update (drop and insert, one transaction)."""
        try:
            node = named_node(name)
            if self._read(lambda db: db.contains_named_graph(node)):
                self._update(replace_update(name, graph, data))
                return
            if data is not None:
                self._write(lambda db: db.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=node))
                return
            quads = [ox.Quad(*to_ox_triple(s, p, o), node) for s, p, o in graph]
        except (ValueError, TypeError) as e:
            raise StoreError(f"cannot write graph <{name}>: {e}") from None
        self._write(lambda db: db.extend(quads))

    def delete_graph(self, name: URIRef) -> None:
        """Drop graph ``name``; nothing happens if it does not exist."""
        self._update(f"DROP SILENT GRAPH {named_node(name)}")

    def update(self, text: str) -> None:
        """Run one SPARQL update, in one transaction."""
        self._update(text)

    def _update(self, update: str) -> None:
        self._write(lambda db: db.update(update))

    def flush(self) -> None:
        """Make every write so far durable: pyoxigraph writes its memory tables to disk."""
        try:
            self._db.flush()
        except (OSError, RuntimeError) as e:
            raise StoreError(f"cannot flush the store at {self.path}: {_one_line(e)}") from e

    @contextmanager
    def deferred_flush(self) -> Iterator[None]:
        """Within the block, writes are not flushed one by one (each is still one transaction, and survives a
        crash of this process); they are made durable by :meth:`flush` and at the end of the block."""
        self._deferred = True
        try:
            yield
        finally:
            self._deferred = False
            if self._store is not None:
                self.flush()

    def _write(self, op: Callable[[ox.Store], object]) -> None:
        try:
            op(self._db)
            if not self._deferred:
                self._db.flush()
        except (OSError, SyntaxError, RuntimeError, ValueError) as e:
            raise StoreError(f"store update failed on the store at {self.path or 'in memory'}, nothing was "
                             f"written: {_one_line(e)}") from e

    # -- reads --------------------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """The names of all named graphs, sorted."""
        names = self._read(lambda db: list(db.named_graphs()))
        return sorted(URIRef(n.value) for n in names if isinstance(n, ox.NamedNode))

    def has_graph(self, name: URIRef) -> bool:
        """Whether named graph ``name`` exists."""
        node = named_node(name)
        return bool(self._read(lambda db: db.contains_named_graph(node)))

    def quad_count(self) -> int:
        """The number of quads in the store."""
        return int(self._read(len))

    def select(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Run a SELECT over the union of all graphs; rows hold rdflib terms."""
        result = self._solutions(query_text, bindings, "select")
        names = [v.value for v in result.variables]
        convert = converter()
        return [_row(names, solution, convert) for solution in result]

    def select_plain(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> list[PlainRow]:
        """Run a SELECT over the union of all graphs; rows hold plain values (read from each pyoxigraph term's
        ``value`` and ``language``, see :meth:`Store.select_plain`)."""
        result = self._solutions(query_text, bindings, "select_plain")
        names = [v.value for v in result.variables]
        # plain_ox inlined for all but language-tagged literals: no Python call per value (a million per network)
        return [{name: value.value if type(value) is not ox.Literal or value.language is None else plain_ox(value)
                 for name, value in zip(names, solution, strict=True) if value is not None} for solution in result]

    def _solutions(self, query_text: str, bindings: Mapping[str, Node] | None, caller: str) -> ox.QuerySolutions:
        result = self._query(query_text, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"{caller}() needs a SELECT query")
        return result

    def ask(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query over the union of all graphs."""
        result = self._query(query_text, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query_text: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query over the union of all graphs."""
        result = self._query(query_text, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    def _query(self, query_text: str, bindings: Mapping[str, Node] | None) -> object:
        try:
            text = with_values(query_text, bindings or {})
            return self._db.query(text, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise StoreError(f"invalid SPARQL query: {e}") from e
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"query failed on the store at {self.path or 'in memory'}: {_one_line(e)}") from e

    def dump(self, fmt: str, graph: URIRef | None = None) -> bytes:
        """One graph or the whole store; triple formats merge all graphs into one."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(FORMATS)}")
        if graph is not None and not self.has_graph(graph):
            raise StoreError(f"there is no graph <{graph}> in the store")
        quads = self._read(lambda db: list(db.quads_for_pattern(None, None, None, _graph_node(graph))))
        return serialize(quads, FORMATS[fmt])

    def _read(self, op: Callable[[ox.Store], T]) -> T:
        try:
            return op(self._db)
        except (OSError, RuntimeError) as e:
            raise StoreError(f"cannot read the store at {self.path}: {_one_line(e)}") from e

    # -- lifecycle ----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Flush and release the directory lock."""
        if self._store is not None:
            store, self._store = self._store, None
            try:
                store.flush()
            except (OSError, RuntimeError) as e:
                raise StoreError(f"cannot flush the store at {self.path}: {_one_line(e)}") from e

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else 'in memory'})"


def _open(path: Path | None) -> ox.Store:
    """Open (creating if needed) the store directory; a locked or broken store becomes a StoreError."""
    if path is None:
        return ox.Store()
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreError(
                f"the store at {path} is in use by another process; close it first or pass another store "
                f"location ({_one_line(e)})"
            ) from e
        raise StoreError(f"cannot open the store at {path}: {_one_line(e)}") from e
    except (RuntimeError, ValueError) as e:  # RocksDB reports a damaged directory as "Corruption: ..."
        raise StoreError(f"the store at {path} is damaged and cannot be opened ({_one_line(e)}); restore it from "
                         "a backup or an export, or ingest the digests again into a new store") from e


#: what RocksDB (through pyoxigraph) says when the disk is full
DISK_FULL = "No space left on device"


def _one_line(error: BaseException) -> str:
    """An error's message on one line; a full disk says so first, and what to do."""
    text = " ".join(str(error).split())
    if DISK_FULL in text:
        return f"the disk is full: free some space and run the command again; every digest stored is whole [{text}]"
    return text


def _graph_node(graph: URIRef | None) -> ox.NamedNode | None:
    return None if graph is None else named_node(graph)


def _row(names: list[str], solution: ox.QuerySolution, convert: Callable[[OxTerm], Node]) -> Row:
    row: Row = {}
    for name in names:
        value = solution[name]
        if value is not None:
            row[name] = convert(value)
    return row
