"""The main job: digest file -> parsed -> graph -> validated -> written, one digest at a time.

A digest is parsed, built and validated in memory; only a conforming graph is written, and it replaces the
digest's named graph in one transaction, so a store never holds half a digest. :func:`prepare_all` can
parse, build and validate in worker processes; the writing stays in the calling process, in input order.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from .build import DigestGraph, build_digest
from .errors import DigestConflict, DigestSyntaxError, ShapeViolation
from .known import KnownPolicies
from .model import Digest, PolicyEntry
from .namespaces import PG
from .parse import parse_file
from .queries import get_query
from .store.embedded import EmbeddedStore
from .store.terms import ntriples
from .unify import unify_policies
from .validate import ValidationReport, ValidationResult, context_graph, validate


@dataclass(frozen=True)
class Prepared:
    """A digest read, built and validated, not yet written."""

    path: Path
    digest: Digest
    built: DigestGraph
    report: ValidationReport
    #: the built graph as N-Triples, serialised where it was prepared (a worker), or None
    data: bytes | None = None

    def messages(self, severity: str) -> list[str]:
        """Readable messages of one severity: "Violation" (shape violations and the parser's errors, which stop
        the digest from being loaded) or "Warning"."""
        results = self.report.violations if severity == "Violation" else self.report.warnings
        shapes = sorted({explain(self.path, self.built.graph, r) for r in results})
        parser = parser_messages(self.path, self.digest, errors=severity == "Violation")
        return [*parser, *(m for m in shapes if m not in parser)]

    @property
    def conforms(self) -> bool:
        """True when the digest may be written: no shape violation and no parser error."""
        return self.report.conforms and not parse_errors(self.path, self.digest)


def parse_errors(path: Path, digest: Digest) -> list[str]:
    """``file:line: entry "...": message`` for each error the parser found (an impossible date, ...)."""
    return parser_messages(path, digest, errors=True)


def parser_messages(path: Path, digest: Digest, errors: bool) -> list[str]:
    """``file:line: [entry "...": ]message`` for the parser's errors (``errors``) or its other problems, in line
    order: the line and the value at fault, which the shape messages they cause cannot name as well."""
    return [f"{path}:{x.line}: {_entry_name(entry)}{x.message}" for entry, x in digest.placed_problems()
            if x.is_error == errors]


def _entry_name(entry: PolicyEntry | None) -> str:
    """``entry "...": `` for a problem found in a policy entry, else nothing."""
    if entry is None:
        return ""
    return f"entry \"{entry.headline or entry.title_en or entry.title_zh or f'#{entry.rank}'}\": "


@dataclass(frozen=True)
class IngestResult:
    """What one ingested digest added."""

    path: Path
    graph: URIRef
    triples: int
    policies: int
    targets: int
    news: int
    replaced: bool
    warnings: tuple[str, ...]
    #: each kind of warning (the shape's message) with how often it occurs, most frequent first
    warning_kinds: tuple[tuple[str, int], ...] = ()


def prepare(path: str | Path, loaded_at: dt.datetime | None = None) -> Prepared:
    """Parse, build and validate one digest file; nothing is written."""
    path = Path(path)
    _check_name(path)
    digest = parse_file(path)
    built = build_digest(digest, loaded_at)
    report = validate(built.graph, context=context_graph())
    return Prepared(path, digest, built, report, _serialised(built.graph) if report.conforms else None)


def _serialised(graph: Graph) -> bytes | None:
    """``graph`` as N-Triples for the writer, or None when a term cannot be stored (the writer then says why)."""
    try:
        return ntriples(graph)
    except (ValueError, TypeError):
        return None


def _check_name(path: Path) -> None:
    """Refuse a file whose name is not UTF-8: it is recorded in the graph, which holds text only."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise DigestSyntaxError("the file name is not UTF-8 text; rename the file", path=shown) from None


def prepare_or_refuse(path: str | Path, loaded_at: dt.datetime | None = None) -> Prepared | DigestSyntaxError:
    """:func:`prepare`, or the error that says why the file is not a digest (returned, not raised)."""
    try:
        return prepare(path, loaded_at)
    except DigestSyntaxError as exc:
        return exc


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: how many digests each worker may have prepared ahead of the writer (bounds the memory held in flight)
AHEAD = 2


def prepare_all(paths: Iterable[str | Path], jobs: int = 1, loaded_at: dt.datetime | None = None
                ) -> Iterator[Prepared | DigestSyntaxError]:
    """:func:`prepare` each digest, yielding them in input order; a file that is not a digest yields its error.

    With ``jobs`` > 1 the digests are prepared in that many worker processes, at most ``AHEAD`` per worker
    ahead of the consumer (a script that calls this needs the ``if __name__ == "__main__":`` guard, as with
    any process pool); with 1 they are prepared here, one at a time as they are asked for.
    """
    if jobs <= 1:
        yield from (prepare_or_refuse(path, loaded_at) for path in paths)
        return
    forkserver = "forkserver" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if forkserver else "spawn")
    if forkserver:
        context.set_forkserver_preload([__name__, f"{__package__}._warm"])
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker)
    try:
        yield from _in_order(pool, iter(paths), jobs * AHEAD, loaded_at)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


#: how much lower a worker's CPU priority is than the writer's: the single writer is what limits throughput,
#: so it runs first and the workers use the CPU time it leaves (e.g. while it waits for the disk)
WORKER_NICENESS = 5


def _start_worker() -> None:
    """In a worker: yield the CPU to the writer, leave Ctrl-C to it, and exit with the process that started it."""
    with suppress(AttributeError, OSError):  # no os.nice on this platform
        os.nice(WORKER_NICENESS)
    with suppress(ValueError, OSError):  # Ctrl-C reaches the whole process group; the writer decides
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_owner()


def warm() -> None:
    """Fill the per-process caches (vocabularies, context, compiled shapes) by preparing a bundled digest.

    The fork server runs this once (see :mod:`policygraph._warm`), so that every worker it forks starts warm.
    """
    from . import resources

    samples = resources.sample_digest_paths()
    if samples:
        prepare(samples[0])


def _exit_with_owner() -> None:
    """In a worker: exit as soon as the process that started it is gone, even if it was killed."""
    owner = multiprocessing.parent_process()
    if owner is not None:
        threading.Thread(target=_exit_when_ready, args=(owner.sentinel,), daemon=True).start()


def _exit_when_ready(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _in_order(pool: ProcessPoolExecutor, paths: Iterator[str | Path], window: int,
              loaded_at: dt.datetime | None) -> Iterator[Prepared | DigestSyntaxError]:
    """Keep ``window`` digests in the pool and yield the oldest as soon as it is ready."""
    pending: deque[Future[Prepared | DigestSyntaxError]] = deque()
    for path in paths:
        pending.append(pool.submit(prepare_or_refuse, path, loaded_at))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class InterruptFlag:
    """Set by the first Ctrl-C while :func:`interrupts_deferred` is active."""

    def __init__(self) -> None:
        self.set = False

    def __bool__(self) -> bool:
        return self.set


@contextmanager
def interrupts_deferred() -> Iterator[InterruptFlag]:
    """Within the block, the first Ctrl-C (SIGINT) only sets the flag it yields, so that the digest being
    written is finished and the caller stops between digests; a second Ctrl-C interrupts at once
    (KeyboardInterrupt). Outside the main thread nothing changes."""
    flag = InterruptFlag()

    def first(_signum: int, _frame: object) -> None:
        flag.set = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    try:
        previous = signal.signal(signal.SIGINT, first)
    except ValueError:  # not the main thread
        yield flag
        return
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def interrupted_message(written: int) -> str:
    """What the command line prints when Ctrl-C stops an ingest."""
    return f"interrupted: {written} digests written, the rest untouched"


def ingest_file(store, path: str | Path, loaded_at: dt.datetime | None = None) -> IngestResult:
    """Ingest one digest into ``store``; raises :class:`ShapeViolation` (and writes nothing) if it does not conform."""
    prepared = prepare(path, loaded_at)
    return write(store, prepared)


def write(store, prepared: Prepared, known: KnownPolicies | None = None) -> IngestResult:
    """Write a prepared digest, replacing its named graph in one transaction (``known``: what a run of writes
    keeps of the stored policies, see :func:`known_policies`; updated once the digest is stored)."""
    if not prepared.conforms:
        lines = prepared.messages("Violation")
        raise ShapeViolation(
            f"{prepared.path}: {len(lines)} problem(s) must be fixed before this digest can be loaded "
            f"(nothing was written):\n  " + "\n  ".join(lines),
            prepared.report,
        )
    g = prepared.built.graph
    replaced = store.has_graph(prepared.built.name)
    if replaced:
        _refuse_other_digest(store, prepared)
    notes = Graph()
    renamed = unify_policies(store, g, prepared.built.name, notes, known)
    store.replace_graph(prepared.built.name, g, _with_notes(prepared.data, renamed, notes))
    if known is not None:
        known.written(prepared.built.name, g, replaced)
    return IngestResult(
        path=prepared.path,
        graph=prepared.built.name,
        triples=len(g),
        policies=len(set(g.subjects(RDF.type, PG.Policy))),
        targets=len(set(g.subjects(RDF.type, PG.Target))),
        news=len(set(g.subjects(RDF.type, PG.PolicyNews))) + len(set(g.subjects(RDF.type, PG.CorporateNews))),
        replaced=replaced,
        warnings=tuple(prepared.messages("Warning")),
        warning_kinds=tuple((Counter(str(r.message) for r in prepared.report.warnings)
                             + Counter(dict.fromkeys(["Problem the parser reported"],
                                                     len(parser_messages(prepared.path, prepared.digest, False)))))
                            .most_common()),
    )


def known_policies(store) -> KnownPolicies | None:
    """What a run of writes into ``store`` keeps of its policies, where the run alone can change them (the
    embedded store, whose directory it locks); None for a server, which other clients may write to."""
    return KnownPolicies(store) if isinstance(store, EmbeddedStore) else None


def _with_notes(data: bytes | None, renamed: dict[URIRef, URIRef], notes: Graph) -> bytes | None:
    """The graph to write as N-Triples, from what the worker serialised and the notes identity added; None
    where policies were renamed (the graph changed throughout: it is serialised again)."""
    if data is None or renamed:
        return None
    return data + ntriples(notes) if len(notes) else data


def _refuse_other_digest(store, prepared: Prepared) -> None:
    """Raise DigestConflict when the graph holds another digest: another file, other bytes, no policy in common."""
    rows = store.select(get_query("lookup/digest-by-graph").text, {"graph": prepared.built.name})
    digest = prepared.digest
    if not rows or any(str(r["file"]) == digest.source or str(r["checksum"]) == digest.checksum for r in rows):
        return
    stored = {r["policy"] for r in rows if r.get("policy") is not None}
    new = set(prepared.built.graph.subjects(PG.rank, None))
    if stored & new or not stored or not new:
        return
    raise DigestConflict(
        f"a different digest, read from {rows[0]['file']}, is stored under the key of this one "
        f"({prepared.built.name.rsplit('/', 1)[-1]}); nothing was written. Remove it first with "
        "'policygraph delete', or rename the file if it is a new edition of that digest", prepared.path)


def explain(path: Path, g: Graph, result: ValidationResult) -> str:
    """``file:line: entry "...": message`` for one validation result, found through the PROV passage."""
    focus = result.focus
    passage = next(iter(g.objects(focus, PROV.wasDerivedFrom)), None)
    if passage is None and (focus, RDF.type, PG.Passage) in g:
        passage = focus
    line = next(iter(g.objects(passage, PG.firstLine)), None) if passage is not None else None
    where = f"{path}:{line}" if line is not None else str(path)
    what = _describe(g, focus)
    return f"{where}: {what}{result.message}"


def _describe(g: Graph, node: URIRef) -> str:
    headline = next(iter(g.objects(node, PG.headline)), None)
    title = headline or next(iter(g.objects(node, DCTERMS.title)), None)
    if title is not None:
        return f"entry \"{title}\": "
    metric = next(iter(g.objects(node, PG.metric)), None)
    return f"target \"{metric}\": " if metric is not None else ""
