"""Validate graphs against the policygraph SHACL shapes (``shapes/*.shapes.ttl``) with pySHACL.

A digest graph is validated on its own, with a *context*: the ontology and vocabularies it links to.
Only the class facts of the context are used (``rdf:type`` and ``rdfs:subClassOf`` triples), and of those
only the ones reachable from the data's nodes: they are what ``sh:class`` needs to accept a link such as
``pg:issuedBy pga:miit``. Only the nodes of the data graph are validated, so the vocabularies are not
re-validated with every digest (they have their own test, ``tests/test_vocab.py``): shapes whose target
class no data node has are left out, and results about other nodes are dropped. pySHACL's ``focus_nodes``
option is not used: it also filters the value nodes of nested shapes, so that, for example, "a policy needs
an English title" (a qualified value shape over literals) was never checked. With a context, the nodes that
surely conform are found first by :mod:`policygraph.prescreen` and pySHACL validates only the others
(``sh:targetNode``), with the same report.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, RDFS, SH, NamespaceManager
from rdflib.paths import Path
from rdflib.term import Node

from policygraph import resources
from policygraph.namespaces import PREFIXES
from policygraph.prescreen import FactIndex, Screen, compile_screen
from policygraph.vocabularies import load_turtle

#: the predicates of the context that validation needs
_CONTEXT_PREDICATES = (RDF.type, RDFS.subClassOf)


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result: what is wrong (``message``), where (``focus``, ``path``, ``value``) and why."""

    focus: Node
    path: URIRef | Path | None
    value: Node | None
    source_shape: Node
    severity: URIRef
    message: str

    @property
    def is_violation(self) -> bool:
        """True for ``sh:Violation`` results, which make a graph non-conformant."""
        return self.severity == SH.Violation

    def __str__(self) -> str:
        where = _curie(self.focus) + (f" {_curie(self.path)}" if self.path is not None else "")
        value = f" (value: {_curie(self.value)})" if self.value is not None else ""
        return f"{_local(self.severity)}: {where}: {self.message}{value} [{_curie(self.source_shape)}]"


@dataclass(frozen=True)
class ValidationReport:
    """All results of one validation; the graph conforms when none of them is a ``sh:Violation``."""

    results: tuple[ValidationResult, ...]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings are allowed)."""
        return not self.violations

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """The results with severity ``sh:Violation``."""
        return tuple(r for r in self.results if r.is_violation)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """The results with severity ``sh:Warning``."""
        return tuple(r for r in self.results if r.severity == SH.Warning)

    def __str__(self) -> str:
        head = "Conforms" if self.conforms else "Does not conform"
        counts = f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"
        return "\n".join([f"{head}: {counts}", *(str(r) for r in self.results)])


@cache
def load_shapes() -> Graph:
    """All shapes files (``resources.shape_paths()``) in one graph; parsed once and cached."""
    graph = Graph()
    for path in resources.shape_paths():
        graph += load_turtle(path)
    return graph


@cache
def context_graph() -> Graph:
    """The ontology and every vocabulary file in one graph; parsed once and cached. Do not modify it."""
    graph = Graph()
    for path in [resources.ontology_path(), *resources.vocab_paths()]:
        graph += load_turtle(path)
    return graph


def validate(data: Graph, *, context: Graph | None = None, screen: bool = True) -> ValidationReport:
    """Validate ``data`` (e.g. one digest graph) against all shapes.

    ``context`` holds what ``data`` links to (usually :func:`context_graph`); of it only the ``rdf:type``
    and ``rdfs:subClassOf`` triples are used, and its own nodes are not validated. ``data`` is not changed
    (the context facts it lacks are added for the run and removed after it). With a context, the nodes that
    surely conform are first found by :mod:`policygraph.prescreen` and only the others are validated by
    pySHACL; ``screen=False`` validates every node with pySHACL (the same report, slower).
    """
    if context is None:
        return _run(data, load_shapes())
    index = _fact_index(context)
    checks = _screen() if screen else None
    if checks is None:
        subjects = set(data.subjects())
        return _with_context(data, index, subjects, None) if subjects else ValidationReport(())
    indexed = checks.data(data, index)
    subjects = set(indexed.out)
    suspects = checks.suspects(indexed, subjects)
    if not suspects:
        return ValidationReport(())
    with _TARGETED_LOCK:
        shapes = _untargeted_shapes(frozenset(suspects))
        targets = [(shape, SH.targetNode, focus) for shape, nodes in suspects.items() for focus in nodes]
        shapes.addN((s, p, o, shapes) for s, p, o in targets)
        try:
            return _with_context(data, index, subjects, shapes, indexed.nodes())
        finally:
            for triple in targets:
                shapes.remove(triple)


def _with_context(data: Graph, index: FactIndex, subjects: set[Node], shapes: Graph | None,
                  nodes: set[Node] | None = None) -> ValidationReport:
    """pySHACL on ``data`` with the class facts it reaches; results about ``subjects`` only.

    ``shapes`` None: the shapes that target a class of ``subjects``; ``nodes``: those of ``data``, if known.
    """
    if nodes is None:
        nodes = {n for s, _, o in data for n in (s, o)}
    added = [t for t in _reachable_facts(index, nodes) if t not in data]
    data.addN((s, p, o, data) for s, p, o in added)
    try:
        report = _run(data, shapes if shapes is not None else _shapes_for(_classes(data, subjects)))
    finally:
        for triple in added:
            data.remove(triple)
    return ValidationReport(tuple(r for r in report.results if r.focus in subjects))


@cache
def _screen() -> Screen | None:
    """The shapes compiled for :mod:`policygraph.prescreen`, once per process."""
    return compile_screen(load_shapes())


#: guards the graphs of :func:`_untargeted_shapes`, which are changed for the length of one pySHACL run
_TARGETED_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _untargeted_shapes(shapes: frozenset[Node]) -> Graph:
    """``shapes`` and the shapes, lists and nodes they use, without targets.

    Each run adds ``sh:targetNode`` triples for the suspect nodes, so pySHACL reads only what it validates.
    """
    source = load_shapes()
    graph = Graph()
    todo, seen = list(shapes), set(shapes)
    while todo:
        for s, p, o in source.triples((todo.pop(), None, None)):
            if p != SH.targetClass:
                graph.add((s, p, o))
            if o not in seen and (o, None, None) in source:
                seen.add(o)
                todo.append(o)
    return graph


def class_facts(context: Graph) -> Graph:
    """A new graph with only the ``rdf:type`` and ``rdfs:subClassOf`` triples of ``context``."""
    graph = Graph()
    for predicate in _CONTEXT_PREDICATES:
        graph += context.triples((None, predicate, None))
    return graph


def _fact_index(context: Graph) -> FactIndex:
    """Class facts of ``context`` by subject; built once for :func:`context_graph`."""
    if context is context_graph():
        return _context_index()
    return _index(context)


@cache
def _context_index() -> FactIndex:
    return _index(context_graph())


def _index(context: Graph) -> FactIndex:
    index: FactIndex = {}
    for predicate in _CONTEXT_PREDICATES:
        for s, p, o in context.triples((None, predicate, None)):
            index.setdefault(s, []).append((s, p, o))
    return index


def _reachable_facts(index: FactIndex, nodes: set[Node]) -> list[tuple[Node, Node, Node]]:
    """The class facts about ``nodes``, their classes, the superclasses of those, and so on."""
    todo = [n for n in nodes if n in index]
    seen = set(todo)
    facts = []
    while todo:
        for fact in index[todo.pop()]:
            facts.append(fact)
            if fact[2] in index and fact[2] not in seen:
                seen.add(fact[2])
                todo.append(fact[2])
    return facts


def _classes(graph: Graph, subjects: set[Node]) -> frozenset[Node]:
    """The classes of ``subjects`` in ``graph``, with all their superclasses."""
    todo = [o for s in subjects for o in graph.objects(s, RDF.type)]
    found: set[Node] = set()
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(graph.objects(cls, RDFS.subClassOf))
    return frozenset(found)


@cache
def _shapes_for(classes: frozenset[Node]) -> Graph:
    """The shapes graph without the ``sh:targetClass`` triples of classes outside ``classes``."""
    shapes = load_shapes()
    graph = Graph()
    graph += (t for t in shapes if not (t[1] == SH.targetClass and t[2] not in classes))
    return graph


def _run(graph: Graph, shapes: Graph) -> ValidationReport:
    """Run pySHACL with every option pinned, so that an upgrade cannot change the results."""
    _fast_parameter_lookup()
    _, report, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=False,
        allow_warnings=False,
        advanced=False,
        inplace=True,  # safe: without inference pySHACL adds nothing to the graph
        max_validation_depth=15,
    )
    return ValidationReport(tuple(sorted(_results(report), key=_order)))


class _ListWithSetLookup(list):
    """A list whose ``in`` is a set lookup."""

    def __init__(self, items: Iterable[object]) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


@cache
def _fast_parameter_lookup() -> None:
    """Let pySHACL find a shape's constraint parameters with a set lookup instead of a scan of a list.

    pySHACL (0.40) checks every predicate of a shape against a list of some 40 IRIs each time it evaluates
    the shape, for every focus node: a fifth of the time a digest takes to validate. Its module-level cache of
    that list is filled here with an equal list whose ``in`` is a set lookup; the results are the same. Where
    pySHACL's internals differ, nothing is changed.
    """
    from pyshacl import constraints, shape

    params = getattr(constraints, "ALL_CONSTRAINT_PARAMETERS", None)
    mapping = getattr(constraints, "CONSTRAINT_PARAMETERS_MAP", None)
    if isinstance(params, list) and isinstance(mapping, dict) and getattr(shape, "module", None) is shape:
        shape.CONSTRAINT_PARAMS = (_ListWithSetLookup(params), mapping)


def _order(result: ValidationResult) -> tuple[bool, str, str, str]:
    """Violations first, then by focus node, shape and value, so that reports read the same every run."""
    return (not result.is_violation, str(result.focus), str(result.source_shape), str(result.value))


def _results(report: Graph) -> Iterable[ValidationResult]:
    """Read the ``sh:result`` nodes of a pySHACL report graph."""
    for node in report.objects(None, SH.result):
        path = report.value(node, SH.resultPath)
        yield ValidationResult(
            focus=report.value(node, SH.focusNode),
            path=parse_shacl_path(report, path) if path is not None else None,
            value=report.value(node, SH.value),
            source_shape=report.value(node, SH.sourceShape),
            severity=URIRef(report.value(node, SH.resultSeverity) or SH.Violation),
            message=_message(report, node),
        )


def _message(report: Graph, node: Node) -> str:
    """The English ``sh:resultMessage`` of a result, or the name of the failed constraint."""
    messages = list(report.objects(node, SH.resultMessage))
    for message in messages:
        if isinstance(message, Literal) and message.language in (None, "en"):
            return str(message)
    if messages:
        return str(messages[0])
    return f"failed {_local(report.value(node, SH.sourceConstraintComponent))}"


def _curie(term: Node | Path | None) -> str:
    """A short form of an IRI, path or literal for messages (``pg:issuedBy``, ``"x"^^xsd:gYear``)."""
    return term.n3(_namespaces()) if term is not None else ""


@cache
def _namespaces() -> NamespaceManager:
    """A namespace manager that knows only the policygraph prefixes."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace)
    return manager


def _local(term: object) -> str:
    """The local name of an IRI (``sh:Violation`` -> ``Violation``)."""
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
