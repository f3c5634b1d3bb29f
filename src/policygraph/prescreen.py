"""Find, fast, the (shape, focus node) pairs of a digest graph that could give a SHACL result.

pySHACL re-reads the shapes graph and rebuilds each constraint for every focus node: most of the time a digest
took to ingest. Here the shapes are compiled once per process into Python checks over an index of the data,
and each pair is found to conform (``True``), not to conform (``False``) or left undecided (``None``). Only
the pairs not found to conform are then validated by pySHACL, which alone writes the results, so a report is
the same as with a full pySHACL run. Each check follows pySHACL's own rule (pyshacl 0.40,
``constraints/core``); anything else -- a construct not compiled here, a blank node where pySHACL would stop
with an error -- is undecided and left to pySHACL.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

#: a three-valued answer: conforms, does not conform, not decided here
Tri = bool | None
#: class facts of the context by subject (``rdf:type`` and ``rdfs:subClassOf`` triples)
FactIndex = dict[Node, list[tuple[Node, Node, Node]]]
Check = Callable[["Data", Node, set[Node]], Tri]

_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_CONTEXT_PREDICATES = frozenset((_TYPE, _SUBCLASS))
#: shape predicates that take no part in conformance
_IGNORED = {RDF.type, SH.targetClass, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
            RDFS.comment, RDFS.label}
#: pySHACL's ``_assert_actual_datatype`` table; datatypes not in it pass
_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


class Data:
    """A data graph, with the class facts of its context, indexed by subject (and by object for ``inverse``)."""

    def __init__(self, graph: Graph, facts: FactIndex, inverse: Iterable[Node] = ()) -> None:
        self.out: dict[Node, dict[Node, set[Node]]] = {}
        self.objects_: set[Node] = set()
        for s, p, o in graph:
            self.out.setdefault(s, {}).setdefault(p, set()).add(o)
            self.objects_.add(o)
        self.inv: dict[Node, dict[Node, set[Node]]] = {}
        for p in inverse:
            for s, _, o in graph.triples((None, p, None)):
                self.inv.setdefault(o, {}).setdefault(p, set()).add(s)
        self.facts = facts
        self._facts: dict[tuple[Node, Node], set[Node]] = {}
        self._supers: dict[Node, set[Node]] = {}
        self._classes: dict[Node, frozenset[Node]] = {}

    def nodes(self) -> set[Node]:
        """Every subject and object of the data graph."""
        return self.objects_.union(self.out)

    def objects(self, s: Node, p: Node) -> set[Node]:
        """The objects of ``s p ?``, in the data and, for class facts, in the context."""
        found = self.out.get(s, {}).get(p, _EMPTY)
        if p in _CONTEXT_PREDICATES and s in self.facts:
            key = (s, p)
            if key not in self._facts:
                self._facts[key] = {o for _, q, o in self.facts[s] if q == p}
            found = found | self._facts[key]
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        """``node rdf:type/rdfs:subClassOf* cls``, as pySHACL's ``sh:class`` and ``sh:targetClass`` find it."""
        return cls in self.classes(node)

    def classes(self, node: Node) -> frozenset[Node]:
        """Every class ``node`` is an instance of."""
        if node not in self._classes:
            self._classes[node] = frozenset().union(*(self._superclasses(t) for t in self.objects(node, _TYPE)))
        return self._classes[node]

    def _superclasses(self, cls: Node) -> set[Node]:
        if cls not in self._supers:
            found, todo = {cls}, [cls]
            while todo:
                for sup in self.objects(todo.pop(), _SUBCLASS):
                    if sup not in found:
                        found.add(sup)
                        todo.append(sup)
            self._supers[cls] = found
        return self._supers[cls]


_EMPTY: frozenset[Node] = frozenset()


def _all(answers: Iterable[Tri]) -> Tri:
    """``True`` when every answer is ``True``; ``None`` (not decided) wins over ``False``."""
    result: Tri = True
    for answer in answers:
        if answer is None:
            return None
        if answer is False:
            result = False
    return result


@dataclass
class Shape:
    """A compiled shape: an optional path, the checks on its value nodes and its property shapes."""

    node: Node
    path: Callable[[Data, Node], set[Node] | None] | None = None
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)

    def conforms(self, data: Data, focus: Node) -> Tri:
        """Whether ``focus`` conforms to the shape."""
        values = self.values(data, focus)
        if values is None:
            return None
        return _all((self.conforms_itself(data, focus, values),
                     *(p.conforms(data, v) for p in self.properties for v in values)))

    def values(self, data: Data, focus: Node) -> set[Node] | None:
        """The value nodes of ``focus`` (``None``: not decided here)."""
        return {focus} if self.path is None else self.path(data, focus)

    def conforms_itself(self, data: Data, focus: Node, values: set[Node]) -> Tri:
        """Whether ``focus`` passes the shape's own checks, leaving out its property shapes."""
        return _all(check(data, focus, values) for check in self.checks)


@dataclass(frozen=True)
class Screen:
    """The compiled targeted shapes of a shapes graph."""

    targets: tuple[tuple[Shape, frozenset[Node]], ...]
    inverse: frozenset[Node]
    #: property shapes used by more than one shape
    shared: frozenset[Node]

    def data(self, graph: Graph, facts: FactIndex) -> Data:
        """``graph`` indexed for these shapes."""
        return Data(graph, facts, self.inverse)

    def suspects(self, data: Data, subjects: set[Node]) -> dict[Node, set[Node]]:
        """Shape -> the focus nodes among ``subjects`` not found to conform to it.

        Where a node shape's own checks pass, the property shapes that do not are named instead of it,
        so that pySHACL validates no more than those (the results are the same: a property shape reports
        about the focus node of the node shape that holds it).
        """
        found: dict[Node, set[Node]] = {}
        for focus in subjects:
            classes = data.classes(focus)
            for shape, targets in self.targets:
                if not classes.isdisjoint(targets):
                    for suspect in self._suspects(shape, data, focus):
                        found.setdefault(suspect, set()).add(focus)
        return found

    def _suspects(self, shape: Shape, data: Data, focus: Node) -> list[Node]:
        values = shape.values(data, focus)
        if values is None or shape.path is not None or shape.conforms_itself(data, focus, values) is not True:
            return [] if shape.conforms(data, focus) is True else [shape.node]
        failed = [p for p in shape.properties if p.conforms(data, focus) is not True]
        return [shape.node] if any(p.node in self.shared for p in failed) else [p.node for p in failed]


def compile_screen(shapes: Graph) -> Screen | None:
    """Compile the targeted shapes; ``None`` when targets other than ``sh:targetClass`` are used."""
    other = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated)
    if any(next(shapes.triples((None, p, None)), None) for p in other):
        return None
    if any(next(shapes.triples((None, RDF.type, c)), None) for c in (RDFS.Class, OWL.Class)):
        return None  # implicit class targets
    compiler = _Compiler(shapes)
    targeted = sorted(set(shapes.subjects(SH.targetClass, None)), key=str)
    targets = tuple((compiler.shape(s), frozenset(shapes.objects(s, SH.targetClass))) for s in targeted)
    used = [p for s in set(shapes.subjects(SH.property, None)) for p in set(shapes.objects(s, SH.property))]
    shared = frozenset(p for p in used if used.count(p) > 1)
    return Screen(targets, frozenset(compiler.inverse), shared)


def _undecided(data: Data, focus: Node, values: set[Node]) -> Tri:
    return None


class _Compiler:
    """Turns shape nodes into :class:`Shape` objects, each once."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.done: dict[Node, Shape] = {}
        self.inverse: set[Node] = set()

    def shape(self, node: Node, depth: int = 0) -> Shape:
        if node in self.done:
            return self.done[node]
        shape = Shape(node)
        self.done[node] = shape
        if depth > 10:
            shape.checks.append(_undecided)
            return shape
        predicates = {p for p, _ in self.g.predicate_objects(node)}
        if SH.path in predicates:
            shape.path = self._path(self.g.value(node, SH.path))
        for p in sorted(predicates - _IGNORED - {SH.path}, key=str):
            values = list(self.g.objects(node, p))
            check = self._check(node, p, values, depth) if len(values) == 1 or p == SH.property else None
            shape.checks.append(check or _undecided)
        return shape

    def _path(self, path: Node | None) -> Callable[[Data, Node], set[Node] | None]:
        if isinstance(path, URIRef) and path not in _CONTEXT_PREDICATES:
            return lambda data, focus: set(data.objects(focus, path))
        inverse = self.g.value(path, SH.inversePath) if isinstance(path, BNode) else None
        if isinstance(inverse, URIRef) and inverse not in _CONTEXT_PREDICATES:
            self.inverse.add(inverse)
            return lambda data, focus: set(data.inv.get(focus, {}).get(inverse, ()))
        options = self.g.value(path, SH.alternativePath) if isinstance(path, BNode) else None
        items = list(self.g.items(options)) if options is not None else []
        if len(items) >= 2 and all(isinstance(i, URIRef) and i not in _CONTEXT_PREDICATES for i in items):
            return lambda data, focus: {v for i in items for v in data.objects(focus, i)}
        return lambda data, focus: None

    def _check(self, node: Node, p: Node, values: list[Node], depth: int) -> Check | None:
        value = values[0]
        if p == SH.property:
            self.done[node].properties.extend(self.shape(v, depth + 1) for v in values)
            return _always_true
        if p == SH["not"]:
            inner = self.shape(value, depth + 1)
            return lambda data, f, vs: _all(_negate(inner.conforms(data, v)) for v in vs)
        if p in (SH.qualifiedValueShape, SH.qualifiedMinCount):
            return self._qualified(node, depth) if p == SH.qualifiedValueShape else _always_true
        if p in _SIMPLE:
            return _SIMPLE[p](value, self.g)
        return None

    def _qualified(self, node: Node, depth: int) -> Check | None:
        """``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` alone."""
        extra = {SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
        minimum = self.g.value(node, SH.qualifiedMinCount)
        if any((node, p, None) in self.g for p in extra) or not _is_int(minimum):
            return None
        inner = self.shape(self.g.value(node, SH.qualifiedValueShape), depth + 1)
        least = minimum.value

        def check(data: Data, focus: Node, values: set[Node]) -> Tri:
            answers = [inner.conforms(data, v) for v in values]
            if answers.count(True) >= least:
                return True
            return None if None in answers else False
        return check


def _always_true(data: Data, focus: Node, values: set[Node]) -> Tri:
    return True


def _negate(answer: Tri) -> Tri:
    return None if answer is None else not answer


def _is_int(term: Node | None) -> bool:
    return isinstance(term, Literal) and type(term.value) is int


def _count(compare: Callable[[int, int], bool]) -> Callable[[Node, Graph], Check | None]:
    def make(limit: Node, g: Graph) -> Check | None:
        if not _is_int(limit):
            return None
        n = limit.value
        return lambda data, f, vs: compare(len(vs), n)
    return make


def _datatype(rule: Node, g: Graph) -> Check | None:
    wanted = _PYTHON_TYPES.get(rule)  # type: ignore[call-overload]
    any_literal = rule == RDFS.Literal
    any_typed = rule == RDFS.Datatype
    plain = rule == XSD.string
    tagged = rule == RDF.langString

    def ok(v: Node) -> bool:
        """pySHACL's ``DatatypeConstraintComponent`` for one value node."""
        if not isinstance(v, Literal):
            return False
        if v.datatype == rule:
            return getattr(v, "ill_typed", None) is not True and (wanted is None or isinstance(v.value, wanted))
        if any_literal or (any_typed and v.datatype):
            return True
        if v.datatype is None and v.language is None and plain:
            return wanted is None or isinstance(v.value, wanted)
        return bool(tagged and v.language and (wanted is None or isinstance(v.value, wanted)))
    return lambda data, f, vs: all(ok(v) for v in vs)


def _node_kind(kind: Node, g: Graph) -> Check | None:
    test = {SH.IRI: URIRef, SH.Literal: Literal, SH.BlankNode: BNode}.get(kind)  # type: ignore[call-overload]
    if test is None:
        return None
    return lambda data, f, vs: all(isinstance(v, test) for v in vs)


def _pattern(pattern: Node, g: Graph) -> Check | None:
    if not isinstance(pattern, Literal) or (None, SH.flags, None) in g:
        return None
    from pyshacl.constraints.core.string_based_constraints import PatternConstraintComponent

    matcher = re.compile(str(pattern.value))
    text = PatternConstraintComponent.value_node_to_string
    return lambda data, f, vs: all(not isinstance(v, BNode) and matcher.search(text(v)) is not None for v in vs)


def _class(cls: Node, g: Graph) -> Check | None:
    return lambda data, f, vs: all(not isinstance(v, Literal) and data.is_instance(v, cls) for v in vs)


def _language_in(items: Node, g: Graph) -> Check | None:
    langs = list(g.items(items))
    if not all(isinstance(x, Literal) and isinstance(x.value, str) for x in langs):
        return None
    need = {str(x.value).lower() for x in langs}

    def ok(v: Node) -> bool:
        lang = v.language if isinstance(v, Literal) else None
        return bool(lang) and ("*" in need or lang.lower() in need or lang.split("-")[0].lower() in need)
    return lambda data, f, vs: all(ok(v) for v in vs)


def _unique_lang(flag: Node, g: Graph) -> Check | None:
    if not (isinstance(flag, Literal) and flag.value is True):
        return None

    def check(data: Data, focus: Node, values: set[Node]) -> Tri:
        langs = [v.language.lower() for v in values if isinstance(v, Literal) and v.language]
        return len(langs) == len(set(langs))
    return check


def _pair(compare: Callable[[object, object], bool]) -> Callable[[Node, Graph], Check | None]:
    """``sh:lessThan`` and ``sh:lessThanOrEquals``, as pySHACL's ``_compare_lt`` compares."""
    def make(other: Node, g: Graph) -> Check | None:
        if not isinstance(other, URIRef) or other in _CONTEXT_PREDICATES:
            return None

        def check(data: Data, focus: Node, values: set[Node]) -> Tri:
            others = data.objects(focus, other)
            return _all(_ordered(v, w, compare) for v in values for w in others) if values else True
        return check
    return make


def _ordered(v: Node, w: Node, compare: Callable[[object, object], bool]) -> Tri:
    if isinstance(v, BNode) or isinstance(w, BNode):
        return None  # pySHACL stops with an error
    a, a_text = _comparable(v)
    b, b_text = _comparable(w)
    if a_text != b_text:
        return False
    try:
        return bool(compare(a, b))
    except Exception:  # noqa: BLE001 - pySHACL would raise it; let pySHACL do so
        return None


def _comparable(term: Node) -> tuple[object, bool]:
    if isinstance(term, URIRef):
        return str(term), True
    if isinstance(term, Literal) and isinstance(term.value, str):
        return term.value, True
    return term, False


def _equals(other: Node, g: Graph) -> Check | None:
    if not isinstance(other, URIRef) or other in _CONTEXT_PREDICATES:
        return None
    return lambda data, f, vs: set(vs) == set(data.objects(f, other))


def _has_value(value: Node, g: Graph) -> Check | None:
    return lambda data, f, vs: any(v == value for v in vs)


def _min_inclusive(minimum: Node, g: Graph) -> Check | None:
    if not isinstance(minimum, Literal):
        return None
    return lambda data, f, vs: _all(_at_least(v, minimum) for v in vs)


def _at_least(v: Node, minimum: Literal) -> Tri:
    """pySHACL's ``MinInclusiveConstraintComponent`` for one value node."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(v, Literal):
        return False if isinstance(v, (BNode, URIRef)) else None
    if isinstance(v.value, str) != isinstance(minimum.value, str):
        return False
    try:
        return compare_literal(v, minimum) >= 0
    except (TypeError, NotImplementedError):
        return False
    except Exception:  # noqa: BLE001 - pySHACL would raise it; let pySHACL do so
        return None


_SIMPLE: dict[Node, Callable[[Node, Graph], Check | None]] = {
    SH.minCount: _count(operator.ge),
    SH.maxCount: _count(operator.le),
    SH.datatype: _datatype,
    SH.nodeKind: _node_kind,
    SH.pattern: _pattern,
    SH["class"]: _class,
    SH.languageIn: _language_in,
    SH.uniqueLang: _unique_lang,
    SH.lessThan: _pair(operator.lt),
    SH.lessThanOrEquals: _pair(operator.le),
    SH.equals: _equals,
    SH.hasValue: _has_value,
    SH.minInclusive: _min_inclusive,
}
