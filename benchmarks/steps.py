"""The measured steps. Each takes a :class:`Config` and returns a JSON-ready dict of measurements.

The runner runs each step in a process of its own (``python -m benchmarks step NAME CONFIG``), so that its
memory peak is its own and caches of one step do not help the next; ``--in-process`` runs them here.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox

from policygraph.errors import DigestSyntaxError, ShapeViolation

from . import corpus


@dataclass(frozen=True)
class Config:
    """What a step works on: the first ``size`` digests of ``corpus``; its files go to ``work``."""

    size: int
    corpus: str
    work: str
    jobs: int
    runs: int
    seed: int

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Config:
        return cls(**json.loads(text))

    @property
    def paths(self) -> list[Path]:
        """The digest files of this size, in corpus order."""
        found = sorted(p for p in Path(self.corpus).rglob("*") if p.suffix in {".md", ".txt"})
        if len(found) < self.size:
            raise ValueError(f"{self.corpus} holds {len(found)} digests, fewer than {self.size}")
        return found[: self.size]

    def file(self, name: str) -> Path:
        return Path(self.work) / name


Step = Callable[[Config], dict[str, object]]

#: seconds of timed runs after which a query is not repeated further (the runs made are reported)
BUDGET = 20.0


# --------------------------------------------------------------------------- parse and ingest


def parse(cfg: Config) -> dict[str, object]:
    """Parse every digest (one process): digests/s and MB/s."""
    from policygraph.parse import parse_file

    paths = cfg.paths
    size = sum(p.stat().st_size for p in paths)
    start = time.perf_counter()
    policies = problems = 0
    for path in paths:
        digest = parse_file(path)
        policies += len(digest.policies)
        problems += len(digest.all_problems())
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "digests_per_s": len(paths) / seconds, "mb_per_s": size / 1e6 / seconds,
            "mb": size / 1e6, "policies": policies, "problems": problems}


def ingest(cfg: Config) -> dict[str, object]:
    """Parse, build, validate and write every digest into a new store with ``cfg.jobs`` workers."""
    return _ingest(cfg, cfg.jobs, "store")


def ingest_serial(cfg: Config) -> dict[str, object]:
    """The same with ``jobs=1``: everything in one process, one digest after the other."""
    return _ingest(cfg, 1, "store-serial")


def _ingest(cfg: Config, jobs: int, folder: str) -> dict[str, object]:
    from policygraph.cli import DURABLE_EVERY
    from policygraph.ingest import known_policies, prepare_all, write
    from policygraph.store import open_store
    from policygraph.vocabularies import load_reference_graphs

    location = cfg.file(folder)
    shutil.rmtree(location, ignore_errors=True)
    start = time.perf_counter()
    store = open_store(location)
    load_reference_graphs(store)
    begin = time.perf_counter()
    marks: list[float] = []
    totals = {"triples": 0, "policies": 0, "targets": 0, "news": 0, "warnings": 0, "rejected": 0}
    known = known_policies(store)
    try:
        with store.deferred_flush():
            for prepared in prepare_all(cfg.paths, jobs):
                try:
                    if isinstance(prepared, Exception):
                        raise prepared
                    result = write(store, prepared, known)
                except (ShapeViolation, DigestSyntaxError):
                    totals["rejected"] += 1
                    continue
                marks.append(time.perf_counter())
                if len(marks) % DURABLE_EVERY == 0:  # as policygraph ingest does; unflushed writes stay in memory
                    store.flush()
                for key in ("triples", "policies", "targets", "news"):
                    totals[key] += getattr(result, key)
                totals["warnings"] += len(result.warnings)
        quads = store.quad_count()
    finally:
        store.close()
    seconds = time.perf_counter() - begin
    return {"jobs": jobs, "seconds": seconds, "setup_seconds": begin - start,
            "digests_per_s": cfg.size / seconds, "triples_per_s": totals["triples"] / seconds, "quads": quads,
            **totals, **_first_and_last(begin, marks)}


def _first_and_last(begin: float, marks: list[float]) -> dict[str, object]:
    """Per-digest cost (time between two digests written) of the first and the last ``window`` digests."""
    gaps = [b - a for a, b in zip([begin, *marks], marks, strict=False)][1:]
    window = min(100, len(gaps) // 2)
    if window < 1:
        return {"window": 0}
    first, last = statistics.fmean(gaps[:window]), statistics.fmean(gaps[-window:])
    return {"window": window, "first_ms": first * 1000, "last_ms": last * 1000, "last_over_first": last / first,
            "first_digest_s": marks[0] - begin}


# --------------------------------------------------------------------------- export and raw pyoxigraph


#: above this many quads policygraph's exporters are not run: they hold every quad in memory (about 2 KB each)
EXPORT_MAX_QUADS = 4_000_000


def export(cfg: Config) -> dict[str, object]:
    """Export the store as Turtle and N-Quads; then dump it as N-Quads with pyoxigraph (streamed to a file).

    The dump feeds the raw pyoxigraph and rdflib steps. Above :data:`EXPORT_MAX_QUADS` quads only the dump runs.
    """
    from policygraph.export import to_nquads, to_turtle
    from policygraph.store import open_store

    out: dict[str, object] = {}
    with open_store(cfg.file("store")) as store:
        quads = store.quad_count()
        if quads > EXPORT_MAX_QUADS:
            out["skipped"] = f"{quads:,} quads: policygraph's exporters hold every quad in memory"
        else:
            for name, exporter in (("turtle", to_turtle), ("nquads", to_nquads)):
                start = time.perf_counter()
                data = exporter(store)
                out[f"{name}_seconds"] = time.perf_counter() - start
                out[f"{name}_mb"] = len(data) / 1e6
                del data
    raw = ox.Store(str(cfg.file("store")))
    start = time.perf_counter()
    raw.dump(str(cfg.file("export.nq")), format=ox.RdfFormat.N_QUADS)
    out["pyoxigraph_dump_seconds"] = time.perf_counter() - start
    out["pyoxigraph_dump_mb"] = cfg.file("export.nq").stat().st_size / 1e6
    return {"quads": quads, **out}


def bulk_load(cfg: Config) -> dict[str, object]:
    """The exported quads loaded into a new pyoxigraph store with ``bulk_load`` (not transactional)."""
    location = cfg.file("bulk-store")
    shutil.rmtree(location, ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(str(location))
    store.bulk_load(path=str(cfg.file("export.nq")), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    quads = len(store)
    del store
    shutil.rmtree(location, ignore_errors=True)
    return {"seconds": seconds, "quads": quads, "quads_per_s": quads / seconds}


def extend(cfg: Config) -> dict[str, object]:
    """The exported quads written per digest graph with ``Store.extend`` (one transaction per graph)."""
    location = cfg.file("extend-store")
    shutil.rmtree(location, ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(str(location))
    graphs = 0
    for _, quads in groupby(ox.parse(path=str(cfg.file("export.nq")), format=ox.RdfFormat.N_QUADS),
                            key=lambda q: q.graph_name):
        store.extend(quads)
        graphs += 1
    store.flush()
    seconds = time.perf_counter() - start
    quads_count = len(store)
    del store
    shutil.rmtree(location, ignore_errors=True)
    return {"seconds": seconds, "graphs": graphs, "quads": quads_count, "quads_per_s": quads_count / seconds}


# --------------------------------------------------------------------------- queries


def queries(cfg: Config) -> dict[str, object]:
    """Every stored query on policygraph's store, then the same bound SPARQL on raw pyoxigraph.

    ``policygraph`` is :meth:`StoredQuery.run` with the raw parameters (binding included: an IRI parameter
    given by label is looked up in the store); ``policygraph_bound`` is ``store.select`` with the terms bound
    once beforehand.
    """
    from policygraph.queries import all_queries
    from policygraph.store import open_store
    from policygraph.store.sparql import with_values

    out: dict[str, dict[str, object]] = {}
    texts: dict[str, str] = {}
    bound_terms: dict[str, dict] = {}
    with open_store(cfg.file("store")) as store:
        for query in all_queries():
            params = query_params(cfg.seed, query.name, query.example_params())
            bindings = bound_terms[query.name] = query.bind(store, params)
            texts[query.name] = with_values(query.text, bindings)
            timings, rows = _time(lambda q=query, p=params: len(q.run(store, p)), cfg.runs, BUDGET)
            bound, _ = _time(lambda q=query, b=bindings: len(store.select(q.text, b)), cfg.runs, BUDGET)
            out[query.name] = {"rows": rows, "policygraph": _stats(timings), "policygraph_bound": _stats(bound)}
    for name, (timings, rows) in _raw(cfg.file("store"), texts, cfg.runs).items():
        out[name]["pyoxigraph"] = _stats(timings)
        out[name]["pyoxigraph_rows"] = rows
    for name, limit in _limits(cfg.file("store"), texts, bound_terms, cfg.runs).items():
        out[name]["limit"] = limit
    cfg.file("queries.json").write_text(json.dumps(texts), encoding="utf-8")
    return {"queries": out}


#: the tightest SPARQL known for a stored query's rows (``benchmarks/limits/NAME.rq``, bound as the query is)
LIMITS = Path(__file__).resolve().parent / "limits"


def _limits(location: Path, texts: dict[str, str], bound: dict[str, dict], runs: int) -> dict[str, dict[str, object]]:
    """For each stored query with a limit file: the limit's timings on raw pyoxigraph, and whether it gave the
    same rows as the stored query (a limit that does not is reported, not used)."""
    from policygraph.store.sparql import with_values

    store = ox.Store(str(location))
    out: dict[str, dict[str, object]] = {}
    for path in sorted(LIMITS.rglob("*.rq")):
        name = path.relative_to(LIMITS).with_suffix("").as_posix()
        if name not in texts:
            continue
        text = with_values(path.read_text(encoding="utf-8"), bound[name])
        same = _solutions(store, text) == _solutions(store, texts[name])
        timings, rows = _time(lambda t=text: _consume(store.query(t, use_default_graph_as_union=True)), runs, BUDGET)
        out[name] = {**_stats(timings), "rows": rows, "same_rows": same}
    return out


def _solutions(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT as sorted tuples of N-Triples terms, variables in name order."""
    result = store.query(text, use_default_graph_as_union=True)
    names = sorted(v.value for v in result.variables)
    return sorted(tuple(str(row[n]) if row[n] is not None else "" for n in names) for row in result)


def _raw(location: Path, texts: dict[str, str], runs: int) -> dict[str, tuple[list[float], int]]:
    """Timings and row counts of each query text on the store opened with pyoxigraph alone."""
    store = ox.Store(str(location))
    return {name: _time(lambda t=text: _consume(store.query(t, use_default_graph_as_union=True)), runs, BUDGET)
            for name, text in texts.items()}


def queries_rdflib(cfg: Config) -> dict[str, object]:
    """The same bound SPARQL on rdflib's in-memory Dataset loaded from the N-Quads export."""
    from rdflib import Dataset

    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(str(cfg.file("export.nq")), format="nquads")
    load = time.perf_counter() - start
    out: dict[str, dict[str, object]] = {}
    texts = json.loads(cfg.file("queries.json").read_text(encoding="utf-8"))
    for name, text in texts.items():
        try:
            timings, rows = _time(lambda t=text: len(list(dataset.query(t))), cfg.runs, BUDGET)
        except Exception as e:  # noqa: BLE001 - an rdflib failure on one query is a result, not a crash
            out[name] = {"error": f"{type(e).__name__}: {e}"}
            continue
        out[name] = {"rows": rows, "rdflib": _stats(timings)}
    return {"load_seconds": load, "quads": len(dataset), "queries": out}


def query_params(seed: int, name: str, example: dict[str, str]) -> dict[str, str]:
    """The header's example parameters, except where they name a sample policy: then one of the corpus."""
    from policygraph.build import policy_iri

    entry = corpus.plan(seed, 0).entries[0]
    iri = policy_iri(entry.title_en, entry.title_zh, entry.date)
    return {key: f"policy:{iri.rsplit('/', 1)[-1]}" if value.startswith("policy:") else value
            for key, value in example.items()}


def _consume(result: object) -> int:
    return sum(1 for _ in result) if isinstance(result, ox.QuerySolutions | ox.QueryTriples) else 1


def _time(run: Callable[[], int], runs: int, budget: float = float("inf")) -> tuple[list[float], int]:
    """One untimed warm-up run, then up to ``runs`` timed runs (fewer once ``budget`` seconds are spent)."""
    start = time.perf_counter()
    rows = run()
    if time.perf_counter() - start > budget:
        return [time.perf_counter() - start], rows
    timings: list[float] = []
    for _ in range(runs):
        t = time.perf_counter()
        run()
        timings.append(time.perf_counter() - t)
        if sum(timings) > budget:
            break
    return timings, rows


def _stats(timings: list[float]) -> dict[str, float | int]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000, "runs": len(ordered)}


# --------------------------------------------------------------------------- networks


def network(cfg: Config) -> dict[str, object]:
    """Build each kind of network from the store (skipped where ``policygraph.network`` does not exist)."""
    if find_spec("policygraph.network") is None:
        return {"skipped": "src/policygraph/network.py does not exist"}
    from policygraph.network import KINDS, build_network
    from policygraph.store import open_store

    out: dict[str, object] = {}
    with open_store(cfg.file("store")) as store:
        for kind in KINDS:
            start = time.perf_counter()
            graph = build_network(store, kind)
            out[kind] = {"seconds": time.perf_counter() - start, "nodes": graph.number_of_nodes(),
                         "edges": graph.number_of_edges()}
    return out


# --------------------------------------------------------------------------- the command line

#: what the cli step asks through ``policygraph query``: a lookup that reads the vocabulary only, the headline
#: question and the agency x sector matrix
CLI = {"trivial": ["lookup/terms-by-class", "-p", "class", "pg:Agency"],
       "headline": ["policies-by-agency-and-sector", "-p", "agency", "MIIT", "-p", "sector", "batteries"],
       "matrix": ["agency-sector-matrix"]}
#: most rounds of the cli step
CLI_ROUNDS = 10


def cli(cfg: Config) -> dict[str, object]:
    """Each command of :data:`CLI` run in turn, as a user runs it (a new process, the table printed to a pipe),
    for ``runs`` rounds (at most :data:`CLI_ROUNDS`): the median wall and CPU seconds of each, and each over the
    trivial lookup's."""
    command = Path(sys.executable).with_name("policygraph")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in CLI}
    out: dict[str, object] = {}
    for _ in range(min(cfg.runs, CLI_ROUNDS)):
        for name, args in CLI.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([str(command), "query", *args, "--store", str(cfg.file("store"))],
                                  capture_output=True, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[name].append((wall, cpu))
            out.setdefault(name, {"command": " ".join(["policygraph", "query", *args]),
                                  "output_lines": done.stdout.count(b"\n")})
    for name, pairs in times.items():
        wall, cpu = (statistics.median(p[i] for p in pairs) for i in (0, 1))
        out[name] |= {"wall_s": wall, "cpu_s": cpu, "rounds": len(pairs)}  # type: ignore[operator]
    for name in CLI:
        for key in ("wall_s", "cpu_s"):
            out[name][key.replace("_s", "_over_trivial")] = out[name][key] / out["trivial"][key]  # type: ignore[index]
    return out


STEPS: dict[str, Step] = {
    "parse": parse,
    "ingest": ingest,
    "export": export,
    "bulk-load": bulk_load,
    "extend": extend,
    "queries": queries,
    "queries-rdflib": queries_rdflib,
    "cli": cli,
    "network": network,
    "ingest-serial": ingest_serial,
}


def run_step(name: str, cfg: Config) -> dict[str, object]:
    """Run step ``name``; the digest count is added to what it returns."""
    return {"size": cfg.size, "step": name, **STEPS[name](cfg)}


def iter_steps(names: list[str]) -> Iterator[str]:
    """``names`` in the order of :data:`STEPS` (each step may need the files of the ones before)."""
    return (name for name in STEPS if name in names)
