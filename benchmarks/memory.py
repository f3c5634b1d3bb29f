"""Peak memory of a benchmark step, from ``/proc`` (Linux).

Two numbers per step: the peak resident size of the process that ran it (``VmHWM``, exact, read as the step
ends) and the peak of the sum of ``VmRSS`` over that process and all its descendants (worker processes
included), sampled every ``interval`` seconds by :class:`TreeSampler`, so a short spike between samples can be
missed. Where ``/proc`` is missing the numbers are ``None``.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

PROC = Path("/proc")


def own_peak_mb() -> float | None:
    """The peak resident size of this process so far, in MB."""
    return _status_mb(PROC / "self" / "status", "VmHWM")


def reset_own_peak() -> None:
    """Start a new peak for this process (Linux 4.0+: write 5 to clear_refs); ignored where not allowed."""
    with contextlib.suppress(OSError):
        (PROC / "self" / "clear_refs").write_text("5", encoding="ascii")


def tree_rss_mb(root: int) -> float | None:
    """The resident size of process ``root`` and all its descendants now, in MB."""
    children: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(text.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += _status_mb(PROC / str(pid) / "status", "VmRSS") or 0.0
        todo.extend(children.get(pid, []))
    return total if total else None


def _status_mb(path: Path, field: str) -> float | None:
    try:
        m = re.search(rf"^{field}:\s*(\d+) kB", path.read_text(encoding="ascii"), re.M)
    except OSError:
        return None
    return round(int(m.group(1)) / 1024, 1) if m else None


class TreeSampler:
    """Samples :func:`tree_rss_mb` of one process in a background thread and keeps the peak."""

    def __init__(self, pid: int | None = None, interval: float = 0.25) -> None:
        self.pid = pid or os.getpid()
        self.interval = interval
        self.peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = tree_rss_mb(self.pid)
            if now is not None and (self.peak is None or now > self.peak):
                self.peak = now
            self._stop.wait(self.interval)
