"""Bad input: every file in ``tests/data/bad-input/`` is read correctly or refused with a clear message naming
the file (and the line where there is one), never a traceback; huge files and huge lines are refused early.

Each ``<name>.<ext>`` has a sidecar ``<name>.expect.json``: ``{"error": "DigestSyntaxError", "line": N,
"message_contains": "..."}`` or ``{"parses": true, "policies": N, "news": N, "title_zh": [...], "problems":
[...], "problem_lines": [...], "same_as_lf": true, "ingest_exit": 0|1, "ingest_message": "..."}``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from childproc import policygraph, run_child
from click.testing import CliRunner, Result

from policygraph import errors
from policygraph.cli import main
from policygraph.parse import parse_file
from policygraph.parse_output import digest_json
from policygraph.read import MAX_BYTES, MAX_LINE_CHARS

BAD = Path(__file__).parent / "data" / "bad-input"
CASES = sorted(p for p in BAD.iterdir() if not p.name.endswith(".expect.json") and p.name != "README.md"
               and not p.name.startswith("."))


#: the keys a sidecar may hold ("parses" documents that the file is read, which every other check implies)
EXPECT_KEYS = {"error", "line", "message_contains", "parses", "policies", "news", "title_zh", "problems",
               "problem_lines", "same_as_lf", "ingest_exit", "ingest_message"}


def expectation(path: Path) -> dict[str, Any]:
    """The sidecar of one corpus file; a key no test checks is a mistake in the sidecar."""
    want = json.loads((BAD / f"{path.stem}.expect.json").read_text(encoding="utf-8"))
    assert set(want) <= EXPECT_KEYS, f"{path.name}: unknown keys {sorted(set(want) - EXPECT_KEYS)}"
    return want


def test_every_corpus_file_has_an_expectation() -> None:
    assert CASES
    for path in CASES:
        assert (BAD / f"{path.stem}.expect.json").is_file(), path.name
    stems = {p.name.removesuffix(".expect.json") for p in BAD.glob("*.expect.json")}
    assert stems == {p.stem for p in CASES}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_reader_and_parser_outcome(path: Path) -> None:
    want = expectation(path)
    if "error" in want:
        with pytest.raises(getattr(errors, want["error"])) as caught:
            parse_file(path)
        assert caught.value.path == str(path) and caught.value.line == want["line"]
        assert want["message_contains"] in str(caught.value)
        return
    digest = parse_file(path)
    got = digest_json(digest)
    for key in ("policies", "news"):
        if key in want:
            assert len(got[key]) == want[key], key
    if "title_zh" in want:
        assert [p["title_zh"] for p in got["policies"]] == want["title_zh"]
    messages = [p.message for p in digest.all_problems()]
    if want.get("problems") == []:
        assert messages == []
    for fragment in want.get("problems", []):
        assert any(fragment in m for m in messages), (fragment, messages)
    for line in want.get("problem_lines", []):
        assert line in {p.line for p in digest.all_problems()}


@pytest.mark.parametrize("path", [p for p in CASES if expectation(p).get("same_as_lf")], ids=lambda p: p.name)
def test_other_line_endings_parse_exactly_like_lf(path: Path, tmp_path: Path) -> None:
    lf = tmp_path / path.name
    lf.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
    assert b"\r" in path.read_bytes()
    got, want = digest_json(parse_file(path)), digest_json(parse_file(lf))
    for d in (got, want):
        d.pop("checksum", None)
    assert got == want


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("bad-input") / "store")


def no_traceback(result: Result) -> None:
    """The command ended by a documented exit, not by an exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_parse_and_ingest_commands_exit_cleanly(path: Path, cli_store: str) -> None:
    want = expectation(path)
    runner = CliRunner()
    parsed = runner.invoke(main, ["parse", str(path)])
    ingested = runner.invoke(main, ["ingest", str(path), "--store", cli_store])
    for result in (parsed, ingested):
        no_traceback(result)
    if "error" in want:
        assert parsed.exit_code == ingested.exit_code == 2
        where = f"{path}:{want['line']}: " if want["line"] else f"{path}: "
        assert f"Error: {where}" in parsed.stderr and want["message_contains"] in parsed.stderr
        assert f"Error: {where}" in ingested.stderr
        return
    assert parsed.exit_code == 0, parsed.output
    assert ingested.exit_code == want.get("ingest_exit", 0), ingested.output
    if ingested.exit_code == 1:
        assert "nothing was written" in ingested.stderr
        assert want.get("ingest_message", "") in ingested.stderr


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.write(b"DECEMBER 7, 2022\nMERICS\n")
        f.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    child = run_child(policygraph("parse", str(big)))
    code, err, peak = child.code, child.stderr, child.peak_mb
    assert code == 2
    assert f"Error: {big}: file is 105 MB; digests larger than {MAX_BYTES / 1e6:.0f} MB are refused" in err
    assert "Traceback" not in err
    assert peak < 150, f"peak RSS {peak:.0f} MB: the file was read"


def test_a_1_mb_line_is_refused_with_its_line_number_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "long-line.txt"
    path.write_text("DECEMBER 7, 2022\nMERICS\n\n1. A headline\nAt a glance: " + "." * 1_000_000 + "x\n",
                    encoding="utf-8")
    child = run_child(policygraph("parse", str(path)), timeout=60)
    code, err = child.code, child.stderr
    assert code == 2, err
    assert f"Error: {path}:5: line is 1,000,014 characters long; lines longer than {MAX_LINE_CHARS:,}" in err


#: lines that made the old regular expressions backtrack (quadratic or worse); now each takes well under a second
PATHOLOGICAL = {
    "dots": "." * 200_000 + "x",
    "angle brackets": "<" * 200_000,
    "square brackets": "[" * 200_000,
    "unclosed links": "[a](" * 50_000,
    "superscripts": "<sup>" * 40_000,
    "numbers": "1 " * 100_000,
    "tabs and numbers": "\t1" * 100_000,
    "tabs": "\t " * 100_000 + "x",
    "ellipses": "…" * 200_000 + "x",
}

_REGEX_PROBE = """
import sys
from pathlib import Path
from policygraph.errors import DigestSyntaxError
from policygraph.layouts import all_layouts, merics
from policygraph.layouts.base import Document, clean_lines
from policygraph.targets import read_targets
from policygraph.dates import find_date, find_period
for line in sys.stdin.read().split("\\0"):
    doc = Document(Path("probe.txt"), clean_lines(["MARCH 1, 2024", line, "Date: " + line]))
    for layout in all_layouts():
        layout.recognise(doc)
        try:
            layout.read(doc)
        except DigestSyntaxError:
            pass
    merics.TOC_LINE.search(line)
    read_targets(line, 1, bullet=True)
    read_targets("aim to " + line, 1, bullet=False)
    find_date(line)
    find_period(line, 2024)
"""


def test_no_regular_expression_backtracks_on_long_lines() -> None:
    """Before the fixes "dots" alone took hours at 1 MB; the guard is a subprocess with a timeout."""
    run = subprocess.run([sys.executable, "-c", _REGEX_PROBE], input="\0".join(PATHOLOGICAL.values()), text=True,
                         capture_output=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr


def test_a_digest_of_the_longest_allowed_lines_parses(tmp_path: Path) -> None:
    body = [line[: MAX_LINE_CHARS - 20] for line in PATHOLOGICAL.values()]
    path = tmp_path / "long-lines.md"
    path.write_text("\n".join(["MARCH 1, 2024", "MERICS", "", "1. A headline", "At a glance: MIIT acts.", *body,
                               "Article: Plan (关于规划)", "Issuing body: MIIT", "Date: February 1, 2024", ""]),
                    encoding="utf-8")
    child = run_child(policygraph("parse", str(path)), timeout=60)
    assert child.code == 0, child.stderr
