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
    assert f"{bad}:9: entry \"A plan with an impossible date\": impossible date" in message
    assert "nothing was written" in message
    assert store.dump("nquads") == before


def test_each_digest_lives_in_its_own_named_graph(store) -> None:
    results = [ingest_file(store, p) for p in resources.sample_digest_paths()]
    names = store.graph_names()
    assert {r.graph for r in results} <= set(names)
    assert len({r.graph for r in results}) == len(results)


def _digest(date: str, title_zh: str | None) -> str:
    zh = f" ({title_zh})" if title_zh else ""
    return "\n".join([
        date, "MERICS", "China Industries", "",
        "1. A plan for robots", "At a glance: MIIT issued a plan for industrial robots.",
        f"Article: Action Plan for Industrial Robots{zh}", "Issuing body: MIIT", "Date: March 3, 2024", "",
        "NOTEWORTHY", "Policy news", "- *March 5:* NDRC releases a plan for coal power (NDRC notice)",
    ])


def test_a_policy_reported_with_and_without_its_chinese_title_is_one_node(store, tmp_path: Path) -> None:
    from policygraph.queries import get_query

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(_digest("MARCH 10, 2024", None), encoding="utf-8")
    second.write_text(_digest("APRIL 10, 2024", "工业机器人行动计划"), encoding="utf-8")
    ingest_file(store, first)
    ingest_file(store, second)
    rows = get_query("policies-by-agency").run(store, {"agency": "MIIT"})
    robots = {r["policy"] for r in rows if "Robots" in str(r["title"])}
    assert len(robots) == 1
    sources = get_query("provenance-by-policy").run(store, {"policy": str(robots.pop())})
    assert len({r["digest"] for r in sources}) == 2


def test_ingest_flushes_every_few_digests_and_says_how_many_are_durable(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from policygraph import cli
    from policygraph.store.embedded import EmbeddedStore

    flushes: list[int] = []
    original = EmbeddedStore.flush
    monkeypatch.setattr(cli, "DURABLE_EVERY", 2)
    monkeypatch.setattr(EmbeddedStore, "flush", lambda self: (flushes.append(len(self.graph_names())),
                                                              original(self))[1])
    paths = [str(p) for p in resources.sample_digest_paths()[:5]]
    result = CliRunner().invoke(cli.main, ["ingest", *paths, "--store", str(tmp_path / "store"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "durable: the first 2 digests written are on disk" in result.output
    assert "durable: the first 4 digests written are on disk" in result.output
    assert len(flushes) >= 3  # after the 2nd and the 4th digest, and at the end


def test_a_missing_chinese_title_is_information_not_a_warning(store) -> None:
    """News items and most non-MERICS digests give English titles only: nothing a reader could fix."""
    from policygraph.ingest import prepare
    from policygraph.namespaces import PG
    from policygraph.validate import SH

    path = next(p for p in resources.sample_digest_paths() if p.name == "merics-china-industries-2022-12.txt")
    prepared = prepare(path)
    message = "The digest gives no Chinese title for this policy."
    assert not any(message in w for w in prepared.messages("Warning"))
    infos = [r for r in prepared.report.results if r.severity == SH.Info and str(r.message) == message]
    assert infos, "the shape still reports it, as information"
    assert all((r.focus, PG.rank, None) not in prepared.built.graph for r in infos)  # news-reported policies
