"""Where the time of one digest's ingest goes: per-stage timings and profiles, as text.

Run from the root of a checkout (``pip install pyinstrument`` first)::

    python -m benchmarks corpus --size 100 --out bench-corpus
    python benchmarks/profile_ingest.py bench-corpus --digests 30 > benchmarks/profiles/after.txt

The digests are prepared and written one at a time in this process (as ``ingest --jobs 1`` does) into a
new store, after one untimed digest that fills the per-process caches.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policygraph.build import build_digest
from policygraph.ingest import Prepared, known_policies, write
from policygraph.parse import parse_file
from policygraph.store import open_store
from policygraph.store.terms import ntriples
from policygraph.validate import context_graph, validate


def _prepare(path: Path, times: dict[str, float]) -> Prepared:
    t0 = time.perf_counter()
    digest = parse_file(path)
    t1 = time.perf_counter()
    built = build_digest(digest)
    t2 = time.perf_counter()
    report = validate(built.graph, context=context_graph())
    t3 = time.perf_counter()
    data = ntriples(built.graph)  # as ingest's workers hand it to the writer
    t4 = time.perf_counter()
    for stage, seconds in (("parse", t1 - t0), ("build", t2 - t1), ("validate", t3 - t2), ("serialise", t4 - t3)):
        times[stage] = times.get(stage, 0.0) + seconds
    return Prepared(path, digest, built, report, data)


def _stages(paths: list[Path], store, known) -> str:
    times: dict[str, float] = {}
    for path in paths:
        prepared = _prepare(path, times)
        t0 = time.perf_counter()
        write(store, prepared, known)
        times["write"] = times.get("write", 0.0) + time.perf_counter() - t0
    total = sum(times.values())
    rows = [f"{stage:<9} {seconds / len(paths) * 1000:7.1f} ms/digest" for stage, seconds in times.items()]
    return "\n".join([*rows, f"{'total':<9} {total / len(paths) * 1000:7.1f} ms/digest"])


def _tree(run: Callable[[], None]) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    run()
    profiler.stop()
    return profiler.output_text(unicode=False, color=False)


def _flat(run: Callable[[], None], top: int) -> str:
    profile = cProfile.Profile()
    profile.runcall(run)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    return out.getvalue().split("\n", 4)[-1].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of digests (python -m benchmarks corpus)")
    parser.add_argument("--digests", type=int, default=30, help="digests per measurement (default 30)")
    parser.add_argument("--top", type=int, default=20, help="functions in the flat profile (default 20)")
    args = parser.parse_args()
    paths = sorted(p for p in args.corpus.rglob("*") if p.suffix in {".md", ".txt"})
    warm, runs = paths[0], [paths[1 + i:1 + i + args.digests] for i in range(0, 3 * args.digests, args.digests)]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        known = known_policies(store)  # as policygraph ingest keeps them
        write(store, _prepare(warm, {}), known)
        print(f"# Stages, {args.digests} digests written one at a time\n\n{_stages(runs[0], store, known)}\n")
        times: dict[str, float] = {}
        prepared: list[Prepared] = []
        print("# prepare (parse, build, validate): pyinstrument\n")
        print(_tree(lambda: prepared.extend(_prepare(p, times) for p in runs[1])))
        print("# write: pyinstrument\n")
        print(_tree(lambda: [write(store, p, known) for p in prepared]))
        print(f"# prepare and write: top {args.top} functions by own time (cProfile)\n")
        print(_flat(lambda: [write(store, _prepare(p, times), known) for p in runs[2]], args.top))
        store.close()


if __name__ == "__main__":
    main()
