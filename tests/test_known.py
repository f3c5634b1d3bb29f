"""A run of writes that keeps the stored policies' identity fields (``policygraph.known``) stores exactly what
one that asks the store for every digest stores: the same IRIs, merges, candidates and lineage links."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from policygraph.ingest import known_policies, prepare, write
from policygraph.known import KnownPolicies
from policygraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import corpus  # noqa: E402

#: digests with reports of one policy in other words, other sources, drafts and editions
IDENTITY = sorted(p for p in (ROOT / "tests" / "data" / "identity").glob("*.md") if p.name != "README.md")
LOADED_AT = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
SAMPLES = sorted(p for p in (ROOT / "data" / "digests").rglob("*") if p.suffix in {".md", ".txt", ".html"}
                 and p.name != "README.md")


def stored_quads(folder: Path, paths: list[Path], keep: bool) -> list[str]:
    """The store's quads, sorted, after writing ``paths`` in order (keeping the fields or not)."""
    prepared = {p: prepare(p, LOADED_AT) for p in sorted(set(paths))}
    with open_store(folder) as store:
        known = KnownPolicies(store) if keep else None
        for path in paths:
            if prepared[path].conforms:
                write(store, prepared[path], known)
        return sorted(store.dump("nquads").decode().splitlines())


@pytest.mark.parametrize("order", ["as-listed", "reversed"])
def test_the_samples_and_identity_fixtures_are_stored_alike(tmp_path: Path, order: str) -> None:
    paths = IDENTITY + SAMPLES
    paths = paths if order == "as-listed" else paths[::-1]
    paths = [*paths, paths[1], *paths[:3]]  # a digest loaded again replaces its graph; the run goes on after it
    assert stored_quads(tmp_path / "kept", paths, True) == stored_quads(tmp_path / "asked", paths, False)


def test_a_synthetic_corpus_is_stored_alike(tmp_path: Path) -> None:
    paths = list(corpus.write_corpus(tmp_path / "corpus", 24, seed=3))
    assert stored_quads(tmp_path / "kept", paths, True) == stored_quads(tmp_path / "asked", paths, False)


def test_a_store_already_holding_digests_is_read_as_needed(tmp_path: Path) -> None:
    """A run that starts on a store written by an earlier run finds the policies that run stored."""
    first, second = IDENTITY[:2], IDENTITY[2:]
    for name in ("kept", "asked"):
        with open_store(tmp_path / name) as store:
            for path in first:
                write(store, prepare(path, LOADED_AT))
    with open_store(tmp_path / "kept") as store:
        known = known_policies(store)
        assert known is not None
        for path in second:
            write(store, prepare(path, LOADED_AT), known)
        kept = sorted(store.dump("nquads").decode().splitlines())
    with open_store(tmp_path / "asked") as store:
        for path in second:
            write(store, prepare(path, LOADED_AT))
        asked = sorted(store.dump("nquads").decode().splitlines())
    assert kept == asked
