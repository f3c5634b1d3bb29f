"""Check the ontology and vocabularies (and, optionally, data) with the HermiT OWL reasoner via owlready2.

owlready2 does not read Turtle, so the graph is written with rdflib as N-Triples into a temporary folder and
loaded into a fresh owlready2 ``World`` (the default world is never touched).

HermiT supports only the datatypes of the OWL 2 datatype map, which lacks ``xsd:date`` and ``xsd:gYear``
(used by ``dcterms:issued``, ``pg:periodStart``, ``pg:targetYear`` ...). HermiT is therefore run with its
``ignoreUnsupportedDatatypes`` switch (owlready2's ``ignore_unsupported_datatypes=True``): it treats those
datatypes as unknown instead of failing. Reasoning stays sound but can miss a clash that involves such a
value; checking those values is the job of the SHACL shapes (:mod:`policygraph.validate`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import owlready2
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from policygraph.errors import ReasonerError
from policygraph.validate import context_graph

#: where owlready2 records what HermiT inferred
_INFERRED = "urn:policygraph:inferred#"


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT found: consistency, the class memberships it inferred and any unsatisfiable classes."""

    consistent: bool
    inferred_types: tuple[tuple[URIRef, URIRef], ...]
    unsatisfiable_classes: tuple[URIRef, ...]
    message: str


def run_reasoner(data: Graph | None = None, *, context: Graph | None = None) -> ReasonerResult:
    """Run HermiT over ``context`` (default: ontology + all vocabularies) plus ``data`` if given.

    An inconsistent knowledge base gives ``consistent=False``; :class:`ReasonerError` means HermiT could not
    run at all (Java missing, or a Java error).
    """
    _require_java()
    graph = context if context is not None else context_graph()
    if data is not None:
        graph = graph + data
    with tempfile.TemporaryDirectory(prefix="policygraph-reason-") as tmp:
        path = Path(tmp) / "knowledge-base.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            return _reason(world, len(graph))
        finally:
            world.close()


def _require_java() -> None:
    """Raise :class:`ReasonerError` when the ``java`` executable owlready2 uses is not found."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerError(
            f"Java is needed for the HermiT reasoner, but {owlready2.JAVA_EXE!r} was not found: install a Java "
            "runtime (11 or newer) and put `java` on PATH, or set owlready2.JAVA_EXE to its full path."
        )


def _reason(world: owlready2.World, size: int) -> ReasonerResult:
    """Run HermiT in ``world`` and collect what it found."""
    inferred = world.get_ontology(_INFERRED)
    try:
        with inferred:
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
    except owlready2.OwlReadyInconsistentOntologyError:
        message = (
            f"Inconsistent: HermiT found a contradiction in {size} triples (for example, one individual "
            "in two disjoint classes, such as an agency that is also a company)."
        )
        return ReasonerResult(consistent=False, inferred_types=(), unsatisfiable_classes=(), message=message)
    except (owlready2.OwlReadyJavaError, OSError) as exc:
        raise ReasonerError(f"HermiT failed: {exc}") from exc
    types = _inferred_types(inferred)
    unsatisfiable = tuple(sorted(URIRef(c.iri) for c in world.inconsistent_classes()))
    message = f"Consistent: {size} triples, {len(types)} class membership(s) inferred"
    if unsatisfiable:
        message += f"; {len(unsatisfiable)} class(es) can have no members: " + ", ".join(unsatisfiable)
    return ReasonerResult(
        consistent=True, inferred_types=types, unsatisfiable_classes=unsatisfiable, message=message + "."
    )


def _inferred_types(inferred: owlready2.Ontology) -> tuple[tuple[URIRef, URIRef], ...]:
    """The ``rdf:type`` facts HermiT added (not to ``owl:`` classes), read back through an N-Triples export."""
    buffer = BytesIO()
    inferred.save(file=buffer, format="ntriples")
    graph = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return tuple(
        sorted(
            (s, o)
            for s, o in graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and isinstance(o, URIRef) and not o.startswith(str(OWL))
        )
    )
