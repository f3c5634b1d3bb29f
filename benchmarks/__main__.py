"""``python -m benchmarks``: generate the synthetic corpus, run the benchmarks, write the report.

Examples::

    python -m benchmarks run --sizes 10,100,1000
    python -m benchmarks corpus --size 1000 --out bench-corpus
    python -m benchmarks report benchmarks/results.json > benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from . import corpus, report, runner, steps
from .runner import HERE, Plan


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        plan = Plan(sizes=args.sizes, work=args.work, results=args.results, steps=args.steps, jobs=args.jobs,
                    runs=args.runs, seed=args.seed, rdflib_max=args.rdflib_max, serial_max=args.serial_max,
                    timeout=args.timeout, in_process=args.in_process, keep=args.keep, notes=args.note)
        results = runner.run(plan)
        if args.markdown:
            args.markdown.write_text(report.markdown(results), encoding="utf-8")
    elif args.command == "corpus":
        for path in corpus.write_corpus(args.out, args.size, args.seed):
            print(path)
    elif args.command == "report":
        sys.stdout.write(report.markdown(json.loads(args.results.read_text(encoding="utf-8"))))
    else:
        runner.child_main(args.name, args.config)
    return 0


def _sizes(text: str) -> list[int]:
    sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    if not sizes or min(sizes) < 1 or max(sizes) > corpus.capacity():
        raise argparse.ArgumentTypeError(f"sizes must be between 1 and {corpus.capacity():,}")
    return sizes


def _steps(text: str) -> list[str]:
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = sorted(set(names) - set(steps.STEPS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown steps {unknown}; known: {', '.join(steps.STEPS)}")
    return names


def _parser() -> argparse.ArgumentParser:
    from policygraph.ingest import default_jobs

    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the benchmarks and write the results")
    run.add_argument("--sizes", type=_sizes, default=[10, 100, 1000], help="corpus sizes (default 10,100,1000)")
    run.add_argument("--steps", type=_steps, default=list(steps.STEPS), help="steps to run (default: all)")
    run.add_argument("--jobs", type=int, default=default_jobs(), help="ingest workers (default: CPU count)")
    run.add_argument("--runs", type=int, default=20, help="timed runs of each query (default 20)")
    run.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    run.add_argument("--rdflib-max", type=int, default=100, help="largest size queried with rdflib (default 100)")
    run.add_argument("--serial-max", type=int, default=100,
                     help="largest size also ingested with --jobs 1 (default 100)")
    run.add_argument("--timeout", type=float, default=4 * 3600, help="seconds after which a step is stopped")
    run.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policygraph-bench",
                     help="folder for the corpus and the stores (the corpus is reused when its seed matches)")
    run.add_argument("--results", type=Path, default=HERE / "results.json", help="results JSON file")
    run.add_argument("--markdown", type=lambda s: Path(s) if s else None, default=HERE / "RESULTS.md",
                     help="Markdown report ('' for none)")
    run.add_argument("--in-process", action="store_true", help="run the steps in this process (for tests)")
    run.add_argument("--keep", action="store_true", help="keep the stores and exports of each size")
    run.add_argument("--note", action="append", default=[], help="a sentence for the report (repeatable)")
    gen = sub.add_parser("corpus", help="write a synthetic corpus and print the file names")
    gen.add_argument("--size", type=int, required=True)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--seed", type=int, default=0)
    rep = sub.add_parser("report", help="print the Markdown report of a results file")
    rep.add_argument("results", type=Path)
    step = sub.add_parser("step", help="(internal) run one step and print its record as JSON")
    step.add_argument("name", choices=list(steps.STEPS))
    step.add_argument("config")
    return parser


if __name__ == "__main__":
    sys.exit(main())
