"""The ingest progress bar: on a terminal, a message is never printed into the bar's line; off a terminal there
is no bar at all."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from policygraph import resources

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROGRAM = "from policygraph.cli import main; main(prog_name='policygraph')"


def on_a_terminal(args: list[str]) -> str:
    """Run ``policygraph ARGS`` with stdout and stderr on a pseudo-terminal; everything it wrote."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-c", PROGRAM, *args], stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0, out.decode("utf-8", "replace")[-2000:]
    return out.decode("utf-8", "replace")


def test_on_a_terminal_each_message_starts_its_own_line_clear_of_the_bar(tmp_path: Path) -> None:
    samples = [str(p) for p in resources.sample_digest_paths()[:5]]
    out = on_a_terminal(["ingest", *samples, "--store", str(tmp_path / "store"), "--jobs", "1"])
    assert "ingesting" in out and "━" in out, "a bar was drawn"
    pieces = [ANSI.sub("", piece) for piece in re.split(r"[\r\n]", out)]
    added = [piece for piece in pieces if ": added " in piece]
    assert len(added) == len(samples)
    assert all(piece.startswith(tuple(samples)) for piece in added), added
    assert not any("━" in piece for piece in pieces if "warning(s)" in piece)


def test_off_a_terminal_there_is_no_bar(tmp_path: Path) -> None:
    samples = [str(p) for p in resources.sample_digest_paths()[:5]]
    run = subprocess.run([sys.executable, "-c", PROGRAM, "ingest", *samples, "--store", str(tmp_path / "store")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "━" not in run.stderr + run.stdout and "\x1b[" not in run.stderr + run.stdout
    assert run.stdout.count(": added ") == len(samples)


def test_with_stdout_in_a_file_the_lines_stay_in_the_file(tmp_path: Path) -> None:
    samples = [str(p) for p in resources.sample_digest_paths()[:5]]
    log = tmp_path / "ingest.log"
    master, slave = pty.openpty()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", PROGRAM, "ingest", *samples, "--store", str(tmp_path / "s")],
                                stdin=slave, stdout=out, stderr=slave, close_fds=True,
                                env={**os.environ, "COLUMNS": "200", "TERM": "xterm"})
        os.close(slave)
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        os.close(master)
        assert proc.wait(timeout=120) == 0
    assert log.read_text().count(": added ") == len(samples)
