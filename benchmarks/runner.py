"""Run the steps for each corpus size and keep every measurement in one JSON file, written after each step."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, machine, memory
from .steps import Config, iter_steps, run_step

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Plan:
    """One benchmark run."""

    sizes: list[int]
    work: Path
    results: Path
    steps: list[str]
    jobs: int
    runs: int = 20
    seed: int = 0
    rdflib_max: int = 100
    serial_max: int = 100
    timeout: float = 4 * 3600
    in_process: bool = False
    keep: bool = False
    notes: list[str] = field(default_factory=list)


def run(plan: Plan) -> dict[str, object]:
    """Generate the corpus, run every step at every size, and return (and save) the results."""
    results: dict[str, object] = {"machine": machine.describe(), "started": _now(), "config": _config(plan),
                                  "peak_rss_method": memory.__doc__, "records": []}
    folder = plan.work / "corpus"
    start = time.perf_counter()
    count = sum(1 for _ in corpus.write_corpus(folder, max(plan.sizes), plan.seed))
    results["corpus"] = {"digests": count, "seconds": time.perf_counter() - start,
                         "mb": sum(p.stat().st_size for p in folder.rglob("*.*")) / 1e6}
    _save(plan.results, results)
    for size in sorted(plan.sizes):
        work = plan.work / f"size-{size}"
        work.mkdir(parents=True, exist_ok=True)
        cfg = Config(size, str(folder), str(work), plan.jobs, plan.runs, plan.seed)
        for name in iter_steps(_steps_for(plan, size)):
            record = _measure(name, cfg, plan)
            results["records"].append(record)  # type: ignore[union-attr]
            _save(plan.results, results)
            print(_summary(record), file=sys.stderr, flush=True)
        if not plan.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = _now()
    _save(plan.results, results)
    return results


def _steps_for(plan: Plan, size: int) -> list[str]:
    skip = set()
    if size > plan.rdflib_max:
        skip.add("queries-rdflib")
    if size > plan.serial_max:
        skip.add("ingest-serial")
    return [s for s in plan.steps if s not in skip]


def _measure(name: str, cfg: Config, plan: Plan) -> dict[str, object]:
    """Run one step in its own process (or here) and add its wall time and peak memory."""
    start, load = time.perf_counter(), _load()
    if plan.in_process:
        memory.reset_own_peak()
        with memory.TreeSampler() as sampler:
            record = run_step(name, cfg)
        record["peak_rss_mb"] = {"process": memory.own_peak_mb(), "tree": sampler.peak}
    else:
        record = _in_child(name, cfg, plan.timeout)
    record["wall_seconds"] = time.perf_counter() - start
    record["load_average"] = {"start": load, "end": _load()}
    return record


def _load() -> float | None:
    """The one-minute load average (other work on the machine shows here)."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def _in_child(name: str, cfg: Config, timeout: float) -> dict[str, object]:
    args = [sys.executable, "-m", "benchmarks", "step", name, cfg.to_json()]
    log = Path(cfg.work) / f"{name}.log"
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(args, cwd=HERE.parent, stdout=subprocess.PIPE, stderr=err, text=True)
        with memory.TreeSampler(proc.pid) as sampler:
            try:
                out, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                return {"size": cfg.size, "step": name, "error": f"timed out after {timeout:.0f} s"}
    lines = out.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = log.read_text(encoding="utf-8")[-2000:]
        return {"size": cfg.size, "step": name, "error": f"exit code {proc.returncode}: {tail}"}
    record = json.loads(lines[-1])
    record["peak_rss_mb"] = {"process": record.pop("own_peak_mb", None), "tree": sampler.peak}
    return record


def child_main(name: str, config: str) -> None:
    """The ``step`` command: run one step and print its record, with this process's peak memory, as JSON."""
    record = run_step(name, Config.from_json(config))
    record["own_peak_mb"] = memory.own_peak_mb()
    print(json.dumps(record))


def _config(plan: Plan) -> dict[str, object]:
    return {"sizes": plan.sizes, "steps": plan.steps, "jobs": plan.jobs, "runs": plan.runs, "seed": plan.seed,
            "rdflib_max": plan.rdflib_max, "serial_max": plan.serial_max, "in_process": plan.in_process,
            "notes": plan.notes}


def _save(path: Path, results: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=1), encoding="utf-8")
    tmp.replace(path)


def _summary(record: dict[str, object]) -> str:
    head = f"size {record['size']}: {record['step']}"
    if "error" in record:
        return f"{head}: ERROR {str(record['error'])[:300]}"
    if "seconds" in record:
        return f"{head}: {float(record['seconds']):.2f} s"  # type: ignore[arg-type]
    return f"{head}: {float(record['wall_seconds']):.2f} s wall"  # type: ignore[arg-type]


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
