"""The validation gate and atomic, idempotent writes into the embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph import resources
from policygraph.errors import ShapeViolation
from policygraph.ingest import ingest_file
from policygraph.store import open_store
from policygraph.vocabularies import load_reference_graphs

BAD_DATE = """DECEMBER 7, 2022
MERICS
China Industries

1. A plan with an impossible date
At a glance: MIIT issued a plan for batteries.
Article: Plan for Batteries (关于电池的规划)
Issuing body: MIIT
Date: November 36, 2022

NOTEWORTHY
Policy news
- *November 3:* NDRC releases a plan for coal power (NDRC notice)
"""


@pytest.fixture()
def store(tmp_path: Path):
    with open_store(tmp_path / "store") as s:
        load_reference_graphs(s)
        yield s


def test_ingesting_the_same_digest_twice_leaves_the_store_unchanged(store) -> None:
    path = resources.sample_digest_paths()[0]
    first = ingest_file(store, path)
    size = store.quad_count()
    second = ingest_file(store, path)
    assert not first.replaced and second.replaced
    assert store.quad_count() == size


def test_a_digest_that_breaks_a_shape_changes_nothing_and_names_file_and_line(store, tmp_path: Path) -> None:
    ingest_file(store, resources.sample_digest_paths()[0])
    before = store.dump("nquads")
    bad = tmp_path / "bad-date.txt"
    bad.write_text(BAD_DATE, encoding="utf-8")
    with pytest.raises(ShapeViolation) as err:
        ingest_file(store, bad)
    message = str(err.value)
    assert f"{bad}:5: entry \"A plan with an impossible date\"" in message
    assert "nothing was written" in message
    assert store.dump("nquads") == before


def test_each_digest_lives_in_its_own_named_graph(store) -> None:
    results = [ingest_file(store, p) for p in resources.sample_digest_paths()]
    names = store.graph_names()
    assert {r.graph for r in results} <= set(names)
    assert len({r.graph for r in results}) == len(results)
