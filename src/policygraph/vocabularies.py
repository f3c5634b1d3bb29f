"""The ontology and the controlled vocabularies: cached rdflib loading, and their named graphs in a store.

Each file goes into a named graph of its own (``graph:ontology``, ``graph:vocab/<stem>``). A record per
graph in ``graph:meta`` (package version and SHA-256 of the file) lets :func:`load_reference_graphs` skip
the files that did not change. ``graph:derived/hierarchies`` holds the closures of the agency and sector
hierarchies (``pg:withinAgency``, ``pg:withinSector``), recomputed whenever a vocabulary is loaded, so that
queries match sub-bodies and sub-sectors with one indexed triple pattern rather than a property path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from . import __version__, resources
from .errors import VocabularyError
from .namespaces import GRAPH, ORG, PG
from .store import Store
from .store.terms import converter

ONTOLOGY_GRAPH = GRAPH["ontology"]
META_GRAPH = GRAPH["meta"]
HIERARCHY_GRAPH = GRAPH["derived/hierarchies"]

#: derived property -> (the hierarchy property it closes reflexively and transitively, the class of its nodes)
CLOSURES = {PG.withinAgency: (ORG.subOrganizationOf, PG.Agency), PG.withinSector: (SKOS.broader, PG.Sector)}


def vocab_graph_name(stem: str) -> URIRef:
    """The named graph of vocabulary file ``<stem>.ttl``."""
    return GRAPH[f"vocab/{stem}"]


# -- cached rdflib loading ---------------------------------------------------------------------------------


def load_turtle(path: Path) -> Graph:
    """Parse one Turtle file (cached while the file is unchanged); a syntax error names the file and line.

    The graph is shared between callers: do not modify it.
    """
    stat = path.stat()
    return _parse(_resolved(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _resolved(path: Path) -> Path:
    """``path`` made absolute, once per path (a build asks for the indicators for every target)."""
    return path.resolve()


@lru_cache(maxsize=32)
def _parse(path: Path, _mtime: int, _size: int) -> Graph:
    """Parsed by pyoxigraph (ten times faster than rdflib's Turtle parser: every command that resolves a name
    reads the vocabularies) into an rdflib graph; bad Turtle is read again by rdflib for its message."""
    try:
        return _fast_parse(path)
    except (SyntaxError, ValueError):
        return _rdflib_parse(path)


def _fast_parse(path: Path) -> Graph:
    graph = Graph()
    term = converter()
    triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)  # type: ignore[misc]
    return graph


def _rdflib_parse(path: Path) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except Exception as e:  # rdflib raises several exception types for bad Turtle
        line = getattr(e, "lines", None)  # rdflib's BadSyntax counts lines from 0
        why = getattr(e, "_why", None) or e
        raise VocabularyError(f"cannot read Turtle: {why}", path, line + 1 if isinstance(line, int) else None) from None


def ontology() -> Graph:
    """The policygraph ontology."""
    return load_turtle(resources.ontology_path())


def vocabulary(stem: str) -> Graph:
    """One controlled vocabulary by file stem, e.g. ``agencies``."""
    return load_turtle(resources.vocab_path(stem))


def reference_files() -> dict[URIRef, Path]:
    """Graph name -> file, for the ontology and every vocabulary file."""
    files = {ONTOLOGY_GRAPH: resources.ontology_path()}
    files.update({vocab_graph_name(p.stem): p for p in resources.vocab_paths()})
    return files


# -- named graphs in a store -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """What a reference graph was loaded from: the package version and the file's checksum."""

    version: str
    checksum: str


def fingerprint(path: Path) -> Fingerprint:
    """The fingerprint of ``path`` with this package version."""
    return Fingerprint(__version__, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest())


def load_reference_graphs(store: Store) -> dict[URIRef, str]:
    """Load the ontology and each vocabulary into its own graph where it changed; drop removed ones.

    Returns graph name -> ``"loaded"``, ``"unchanged"`` or ``"removed"``.
    """
    recorded = read_fingerprints(store)
    current = {name: fingerprint(path) for name, path in reference_files().items()}
    status: dict[URIRef, str] = {}
    for name, path in reference_files().items():
        if recorded.get(name) == current[name] and store.has_graph(name):
            status[name] = "unchanged"
            continue
        store.replace_graph(name, load_turtle(path))
        status[name] = "loaded"
    for name in sorted(set(recorded) - set(current)):
        store.delete_graph(name)
        status[name] = "removed"
    if any(s != "unchanged" for s in status.values()):
        store.replace_graph(META_GRAPH, fingerprint_graph(current))
    changed = any(s != "unchanged" for s in status.values())
    if changed or not store.has_graph(HIERARCHY_GRAPH):
        closure = hierarchy_closure(reference_files().values())
        if changed or len(closure):
            store.replace_graph(HIERARCHY_GRAPH, closure)
            status[HIERARCHY_GRAPH] = "loaded"
    return status


def hierarchy_closure(paths: Iterable[Path]) -> Graph:
    """For each property in :data:`CLOSURES`, every node of its hierarchy in the files at ``paths`` linked to
    itself and to each node above it."""
    graphs = [load_turtle(p) for p in paths]
    out = Graph()
    for derived, (step, cls) in CLOSURES.items():
        up: dict[URIRef, set[URIRef]] = {}
        for g in graphs:
            for node in g.subjects(RDF.type, cls):
                if isinstance(node, URIRef):
                    up.setdefault(node, set())
            for child, parent in g.subject_objects(step):
                if isinstance(child, URIRef) and isinstance(parent, URIRef):
                    up.setdefault(child, set()).add(parent)
                    up.setdefault(parent, set())
        for node in up:
            for above in _ancestors(node, up):
                out.add((node, derived, above))
    return out


def _ancestors(node: URIRef, up: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """``node`` and every node above it (a cycle ends the walk, never loops)."""
    seen, todo = {node}, [node]
    while todo:
        for parent in up.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def read_fingerprints(store: Store) -> dict[URIRef, Fingerprint]:
    """The fingerprints recorded in the store's meta graph (empty for a new store)."""
    if not store.has_graph(META_GRAPH):
        return {}
    meta = Graph().parse(data=store.dump("ntriples", META_GRAPH).decode(), format="nt")
    records = {}
    for name in set(meta.subjects(DCTERMS.identifier, None)):
        version, checksum = meta.value(name, OWL.versionInfo), meta.value(name, DCTERMS.identifier)
        if isinstance(name, URIRef) and version is not None and checksum is not None:
            records[name] = Fingerprint(str(version), str(checksum))
    return records


def fingerprint_graph(fingerprints: dict[URIRef, Fingerprint]) -> Graph:
    """The meta graph: per reference graph, the package version and the checksum it was loaded from."""
    meta = Graph()
    for name, fp in fingerprints.items():
        meta.add((name, OWL.versionInfo, Literal(fp.version)))
        meta.add((name, DCTERMS.identifier, Literal(fp.checksum)))
    return meta
