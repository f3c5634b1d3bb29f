"""What the benchmarks ran on: CPU, cores, memory, Python and library versions."""

from __future__ import annotations

import os
import platform
import re
from importlib import metadata
from pathlib import Path

LIBRARIES = ("policygraph", "pyoxigraph", "rdflib", "pyshacl", "networkx")


def describe() -> dict[str, object]:
    """The machine and software of this run."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in LIBRARIES},
    }


def _cpu_model() -> str:
    text = _read("/proc/cpuinfo")
    m = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return m.group(1).strip() if m else platform.processor() or "unknown"


def _ram_gb() -> float | None:
    m = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    return round(int(m.group(1)) / 1024 ** 2, 1) if m else None


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
