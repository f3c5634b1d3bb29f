"""Run a child process and measure it: exit code, output, and its own peak memory.

The peak is the child's ``VmHWM`` read as it exits. ``getrusage(RUSAGE_CHILDREN)`` and ``wait4`` are not used:
Linux carries the forked parent's resident size over ``exec`` into ``ru_maxrss``, so under a large pytest
process they report the parent, not the command.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Child:
    """How a finished child process ended."""

    code: int
    stdout: str
    stderr: str
    #: peak resident set size of the command, in MB (NaN when it did not report it)
    peak_mb: float


#: runs ``policygraph ARGS`` and writes its peak resident size to stderr as it exits
_MEASURED = """
import atexit, re, runpy, sys

def peak():
    with open("/proc/self/status") as f:
        sys.stderr.write("\\npeak-rss-kb: " + re.search(r"VmHWM:\\s*(\\d+)", f.read()).group(1) + "\\n")

atexit.register(peak)
sys.argv = ["policygraph", *sys.argv[1:]]
runpy.run_module("policygraph.cli", run_name="__main__")
"""
_PEAK = re.compile(r"\npeak-rss-kb: (\d+)\n$")


def policygraph(*args: str) -> list[str]:
    """The command line of ``policygraph ARGS`` run with this interpreter, reporting its peak memory."""
    return [sys.executable, "-c", _MEASURED, *args]


def run_child(args: list[str], timeout: float = 60, env: dict[str, str] | None = None) -> Child:
    """Run ``args`` to the end (killed after ``timeout`` seconds, which fails the caller's test)."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=name, s=stream: out.__setitem__(n, s.read()))
               for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr))]
    fired = threading.Event()
    killer = threading.Timer(timeout, lambda: (fired.set(), proc.kill()))
    for thread in [*readers, killer]:
        thread.start()
    proc.wait()
    killer.cancel()
    for thread in readers:
        thread.join()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    if fired.is_set():
        raise TimeoutError(f"{args} did not finish within {timeout} s")
    text = {k: v.decode("utf-8", "replace") for k, v in out.items()}
    peak = _PEAK.search(text["stderr"])
    err = text["stderr"][: peak.start()] if peak else text["stderr"]
    return Child(proc.returncode, text["stdout"], err, int(peak.group(1)) / 1024 if peak else float("nan"))
