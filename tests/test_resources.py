"""Resource limits: an ingest of many digests stays within a memory bound, and over-limit input is refused
with a message before it can exhaust memory.

``POLICYGRAPH_RESOURCE_DIGESTS`` sets the corpus size (default 40; docs/reliability.md reports a run with 200).
"""

from __future__ import annotations

import os
from pathlib import Path

from childproc import policygraph, run_child
from corpusgen import write_corpus

from policygraph.read import MAX_CHARS, MAX_LINES
from policygraph.store.embedded import EmbeddedStore

DIGESTS = int(os.environ.get("POLICYGRAPH_RESOURCE_DIGESTS", "40"))
#: the stated bound for ``policygraph ingest`` of a corpus of small digests (measured: about 150 MB at 200)
MEMORY_BOUND_MB = 800


def test_ingest_of_a_corpus_stays_within_the_memory_bound(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", DIGESTS)
    child = run_child(policygraph("ingest", str(tmp_path / "corpus"), "--store", str(tmp_path / "store")),
                      timeout=600)
    assert child.code == 0, child.stderr
    print(f"policygraph ingest of {DIGESTS} digests: peak RSS {child.peak_mb:.0f} MB")
    assert child.peak_mb < MEMORY_BOUND_MB
    with EmbeddedStore(tmp_path / "store") as store:
        assert sum("/digest/" in str(g) for g in store.graph_names()) == len(paths)


def test_text_over_the_character_limit_is_refused_early(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    line = "Raise the share of clean power from 10 to 30 percent. " * 100 + "\n"
    with path.open("w", encoding="utf-8") as f:
        f.write("MARCH 1, 2024\nMERICS\n")
        f.write(line * (MAX_CHARS // len(line) + 10))
    child = run_child(policygraph("ingest", str(path), "--store", str(tmp_path / "store")))
    assert child.code == 2
    assert f"Error: {path}: file holds" in child.stderr and f"longer than {MAX_CHARS:,} characters" in child.stderr
    assert child.peak_mb < 300, f"peak RSS {child.peak_mb:.0f} MB"


def test_too_many_lines_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("MARCH 1, 2024\n" + "x\n" * (MAX_LINES + 1), encoding="utf-8")
    child = run_child(policygraph("parse", str(path)))
    assert child.code == 2
    assert f"longer than {MAX_LINES:,} lines are refused" in child.stderr
