"""Crash safety and concurrency of the embedded store.

An ingest is SIGKILLed at seeded random points, from outside (after a random number of digests plus a random
delay) and from inside a store write (a timer armed just before a chosen write). After every kill the store
must open, answer queries, and hold each digest either completely (the triple count of its graph equals what
building that digest alone gives) or not at all. A second process that opens a store in use gets exit code 3
and a message, never a half-written digest.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from childproc import policygraph, run_child
from corpusgen import write_corpus
from rdflib import URIRef

from policygraph.build import build_digest
from policygraph.parse import parse_file
from policygraph.queries import get_query
from policygraph.store.embedded import EmbeddedStore

DIGESTS = int(os.environ.get("POLICYGRAPH_CRASH_DIGESTS", "16"))
SEED = int(os.environ.get("POLICYGRAPH_CRASH_SEED", "20240611"))
#: kills from outside and from inside a write; ``POLICYGRAPH_CRASH_KILLS`` sets both for a longer run
OUTSIDE_KILLS = INSIDE_KILLS = int(os.environ.get("POLICYGRAPH_CRASH_KILLS", "3"))

#: runs ``policygraph ARGS`` but SIGKILLs itself a random moment (seeded) after the WRITE-th store write starts
KILL_INSIDE_WRITE = """
import faulthandler, os, random, signal, sys, threading
from policygraph.cli import main

faulthandler.dump_traceback_later(100, exit=True)  # a hang shows where it hangs
from policygraph.store import embedded

seed, write = int(sys.argv[1]), int(sys.argv[2])
rng, original, count = random.Random(seed), embedded.EmbeddedStore._write, [0]

def write_once(self, op):
    count[0] += 1
    if count[0] == write:
        threading.Timer(rng.uniform(0, 0.004), os.kill, (os.getpid(), signal.SIGKILL)).start()
    original(self, op)

embedded.EmbeddedStore._write = write_once
sys.argv = ["policygraph", *sys.argv[3:]]
main()
"""

# the identity notes a write adds to a report matched with a stored policy (pg:matchedOn, pg:matchSimilarity)
# depend on what was stored before, so a digest's size is counted without them
GRAPH_SIZES = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?p NOT IN ("
               "<https://w3id.org/policygraph/ontology#matchedOn>, "
               "<https://w3id.org/policygraph/ontology#matchSimilarity>)) } GROUP BY ?g ORDER BY ?g")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[URIRef, int]]:
    """The digests and, for each, its graph name and the triple count of building it alone."""
    paths = write_corpus(tmp_path_factory.mktemp("corpus"), DIGESTS)
    built = {p: build_digest(parse_file(p)) for p in paths}
    return {p: (b.name, len(b.graph)) for p, b in built.items()}


def graph_sizes(store_dir: Path) -> dict[URIRef, int]:
    """Triples per named graph; opening the store and querying it must work after any kill."""
    with EmbeddedStore(store_dir) as store:
        rows = store.select(GRAPH_SIZES)
        get_query("stats").run(store, {})
    return {URIRef(str(r["g"])): int(str(r["n"])) for r in rows}


def check_whole_or_absent(store_dir: Path, corpus: dict[Path, tuple[URIRef, int]]) -> list[Path]:
    """Assert every digest is wholly there or absent; the digests still to load."""
    sizes = graph_sizes(store_dir)
    expected = dict(corpus.values())
    digest_graphs = {g for g in sizes if "/digest/" in str(g)}
    assert digest_graphs <= set(expected), digest_graphs - set(expected)
    for graph in digest_graphs:
        assert sizes[graph] == expected[graph], f"{graph}: {sizes[graph]} triples, expected {expected[graph]}"
    return [p for p, (graph, _) in corpus.items() if graph not in digest_graphs]


def kill_from_outside(args: list[str], after_lines: int, delay: float) -> None:
    """Run ``args``; SIGKILL it ``delay`` seconds after it printed ``after_lines`` lines (or when it ends)."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for _ in range(after_lines):
        if not proc.stdout.readline():
            break
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()


def kill_inside_write(args: list[str], seed: int, write: int) -> None:
    """Run ``policygraph ARGS``, which SIGKILLs itself while its ``write``-th store write is under way."""
    run = subprocess.run([sys.executable, "-c", KILL_INSIDE_WRITE, str(seed), str(write), *args],
                         capture_output=True, timeout=120, check=False)
    assert run.returncode in (-signal.SIGKILL, 0), run.stderr.decode()


def rounds(rng: random.Random) -> Iterator[str]:
    kinds = ["outside"] * OUTSIDE_KILLS + ["inside"] * INSIDE_KILLS
    rng.shuffle(kinds)
    yield from kinds


def test_kill_9_during_ingest_loses_nothing_and_half_writes_nothing(
    corpus: dict[Path, tuple[URIRef, int]], tmp_path: Path
) -> None:
    store_dir = tmp_path / "store"
    rng = random.Random(SEED)
    remaining = list(corpus)
    for kind in rounds(rng):
        if not remaining:
            break
        files = [str(p) for p in remaining]
        if kind == "outside":
            kill_from_outside(policygraph("ingest", *files, "--store", str(store_dir)),
                              after_lines=rng.randint(0, 3), delay=rng.uniform(0, 0.3))
        else:
            kill_inside_write(["ingest", *files, "--store", str(store_dir)], seed=rng.randrange(2**32),
                              write=rng.randint(1, 4))
        remaining = check_whole_or_absent(store_dir, corpus)
        print(f"kill {kind}: {DIGESTS - len(remaining)} of {DIGESTS} digests whole, none half-written")
    assert len(remaining) < DIGESTS, "no digest survived any round: the kills came too early to test anything"
    if remaining:
        finish = run_child(policygraph("ingest", *map(str, remaining), "--store", str(store_dir)))
        assert finish.code == 0, finish.stderr
    assert check_whole_or_absent(store_dir, corpus) == []


def test_a_second_process_gets_exit_code_3_while_the_store_is_in_use(
    corpus: dict[Path, tuple[URIRef, int]], tmp_path: Path
) -> None:
    store_dir = tmp_path / "store"
    first = next(iter(corpus))
    assert run_child(policygraph("ingest", str(first), "--store", str(store_dir))).code == 0
    before = graph_sizes(store_dir)
    with EmbeddedStore(store_dir):  # this process holds the store, as a running ingest would
        writer = run_child(policygraph("ingest", *map(str, corpus), "--store", str(store_dir)))
        reader = run_child(policygraph("query", "stats", "--store", str(store_dir)))
    for child in (writer, reader):
        assert child.code == 3, child.stderr
        assert "is in use by another process" in child.stderr and "Traceback" not in child.stderr
    assert graph_sizes(store_dir) == before


def test_two_ingests_at_once_one_waits_out_with_exit_code_3_and_nothing_is_mixed(
    corpus: dict[Path, tuple[URIRef, int]], tmp_path: Path
) -> None:
    store_dir = tmp_path / "store"
    files = [str(p) for p in list(corpus)[:6]]
    args = policygraph("ingest", *files, "--store", str(store_dir))
    both = [subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    ended = [(proc.wait(timeout=120), proc.communicate()[1]) for proc in both]
    codes = sorted(code for code, _ in ended)
    assert codes in ([0, 0], [0, 3]), ended  # [0, 0] only if one finished before the other opened the store
    assert all("Traceback" not in err for _, err in ended)
    assert len(check_whole_or_absent(store_dir, corpus)) == len(corpus) - len(files)


def test_a_digest_reported_written_survives_a_kill_before_the_store_is_flushed(
    corpus: dict[Path, tuple[URIRef, int]], tmp_path: Path
) -> None:
    """``ingest`` flushes only every DURABLE_EVERY digests; a digest it has reported is still in the store after
    a SIGKILL (each write is a committed transaction; the flush guards against a crash of the machine)."""
    store_dir = tmp_path / "store"
    files = list(corpus)[:6]
    proc = subprocess.Popen(policygraph("ingest", *map(str, files), "--store", str(store_dir), "--jobs", "1"),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    reported = [proc.stdout.readline() for _ in range(3)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    written = [p for p in files if any(line.startswith(f"{p}: added") for line in reported)]
    assert len(written) == 3, reported
    absent = check_whole_or_absent(store_dir, corpus)
    assert not set(written) & set(absent)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs (needs the right to mount, as root in CI): a disk that fills up during an ingest."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)], capture_output=True,
                             check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_stops_the_ingest_with_one_line_and_every_stored_digest_is_whole(
    corpus: dict[Path, tuple[URIRef, int]], small_disk: Path
) -> None:
    store_dir = small_disk / "store"
    args = policygraph("ingest", *map(str, corpus), "--store", str(store_dir), "--quiet")
    full = run_child(args)
    assert full.code == 3, full.stderr
    errors = [line for line in full.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "the disk is full: free some space and run the command again" in errors[0]
    assert "Traceback" not in full.stderr
    subprocess.run(["mount", "-o", "remount,size=400m", str(small_disk)], check=True)  # space freed
    check_whole_or_absent(store_dir, corpus)
    again = run_child(args)
    assert again.code == 0, again.stderr
    assert check_whole_or_absent(store_dir, corpus) == []
