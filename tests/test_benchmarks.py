"""The benchmark corpus generator and runner (no timings are asserted: benchmarks are not tests)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from policygraph.model import Target
from policygraph.parse import parse_file

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # ``benchmarks`` is a top-level folder of the checkout, not part of the package
    sys.path.insert(0, str(REPO))

from benchmarks import corpus  # noqa: E402
from benchmarks.__main__ import main as benchmarks_main  # noqa: E402
from benchmarks.steps import LIMITS  # noqa: E402


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = list(corpus.write_corpus(tmp_path / "a", 4, seed=5))
    list(corpus.write_corpus(tmp_path / "b", 4, seed=5))
    list(corpus.write_corpus(tmp_path / "c", 4, seed=6))
    assert len(first) == 4
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert _bytes(tmp_path / "a") != _bytes(tmp_path / "c")


def test_a_small_corpus_is_the_start_of_a_larger_one(tmp_path: Path) -> None:
    small = [p.read_bytes() for p in corpus.write_corpus(tmp_path / "small", 2)]
    large = [p.read_bytes() for p in corpus.write_corpus(tmp_path / "large", 3)]
    assert small == large[:2]


@pytest.mark.parametrize("index", [0, 1, 2, 3], ids=lambda i: f"digest-{i}")
def test_a_generated_digest_parses_back_to_what_was_generated(index: int, tmp_path: Path) -> None:
    plan = corpus.plan(11, index)
    path = tmp_path / plan.file_name
    path.write_text(corpus.render(plan), encoding="utf-8")
    digest = parse_file(path)
    assert (digest.date, digest.period, digest.title) == (plan.date, plan.period, f"China {plan.series}")
    assert len(digest.policies) == corpus.ENTRIES == 20
    for want, got in zip(plan.entries, digest.policies, strict=True):
        assert (got.rank, got.title_en, got.title_zh, got.date) == (want.rank, want.title_en, want.title_zh,
                                                                     want.date)
        assert [ref.label for ref in got.issuers] == list(want.issuers)
        assert not got.problems
        assert [_target(t) for t in got.targets] == [_expected(t) for t in want.targets]
    assert [(n.kind, n.date) for n in digest.news] == [(n.kind, n.date) for n in plan.news]


def _round(value: float | None) -> float | None:
    """Nine significant digits: the parser multiplies by the scale (1.2 * 1e12), the generator too."""
    return None if value is None else float(f"{value:.9g}")


def _target(t: Target) -> tuple:
    return (_round(t.target.value), _round(t.baseline.value) if t.baseline else None,
            t.baseline.year if t.baseline else None, t.target.year, t.unit, t.qualifier)


def _expected(t: corpus.GenTarget) -> tuple:
    return (_round(t.target), _round(t.baseline), t.baseline_year, t.target_year, t.unit, t.qualifier)


def test_the_runner_runs_every_step_on_two_digests(tmp_path: Path) -> None:
    results, report = tmp_path / "results.json", tmp_path / "RESULTS.md"
    steps = "parse,ingest,export,bulk-load,extend,queries,cli,network,ingest-serial"
    code = benchmarks_main(["run", "--sizes", "2", "--in-process", "--jobs", "1", "--runs", "1", "--steps", steps,
                            "--work", str(tmp_path / "work"), "--results", str(results), "--markdown", str(report)])
    assert code == 0
    records = json.loads(results.read_text(encoding="utf-8"))["records"]
    assert [r["step"] for r in records] == steps.split(",")
    assert not [r for r in records if "error" in r]
    ingest = next(r for r in records if r["step"] == "ingest")
    assert ingest["policies"] >= 40 and ingest["rejected"] == 0
    queries = next(r for r in records if r["step"] == "queries")["queries"]
    assert all(q["rows"] == 0 for name, q in queries.items() if name.startswith("qc/"))
    assert "## Query latency at 2 digests" in report.read_text(encoding="utf-8")
    limits = {name: q["limit"] for name, q in queries.items() if "limit" in q}
    files = {p.relative_to(LIMITS).with_suffix("").as_posix() for p in LIMITS.rglob("*.rq")}
    assert set(limits) == files, "every limit file names a stored query, and each was run"
    assert all(limit["same_rows"] for limit in limits.values()), limits
    cli = next(r for r in records if r["step"] == "cli")
    assert cli["headline"]["output_lines"] > 2 and cli["trivial"]["wall_over_trivial"] == 1.0
    assert "## Through the command line" in report.read_text(encoding="utf-8")
