"""``policygraph digests`` lists the stored digests; ``remove`` is ``delete`` under another name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph import resources
from policygraph.build import digest_key
from policygraph.cli import main
from policygraph.parse import parse_file

SAMPLES = [p for p in resources.sample_digest_paths("merics-china-industries")
           if p.name.startswith(("merics-china-industries-2021-12", "merics-china-industries-2022-12"))]
#: 2026-01-01T00:00:00Z, the load time every digest gets
EPOCH = "1767225600"


def expected_row(path: Path) -> dict[str, object]:
    """What ``digests`` should say of one sample, counted from the parsed digest, not from the graph: the
    Top-5 entries plus the policies its dated policy-news items with an agency report, every news item, and the
    targets of both."""
    d = parse_file(path)
    reporting = [n for n in d.news if n.kind == "policy" and n.agencies and n.date]
    return {
        "key": digest_key(d),
        "date": d.date.isoformat() if d.date else None,
        "publisher": d.publisher,
        "title": d.title,
        "layout": d.layout,
        "policies": len(d.policies) + len(reporting),
        "news": len(d.news),
        "targets": sum(len(e.targets) for e in d.policies) + sum(len(n.targets) for n in reporting),
        "loaded_at": "2026-01-01T00:00:00+00:00",
    }


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture()
def store_dir(tmp_path: Path) -> str:
    path = str(tmp_path / "store")
    result = run("ingest", *map(str, SAMPLES), "--store", path)
    assert result.exit_code == 0, result.output
    return path


def test_the_two_samples_are_found() -> None:
    assert len(SAMPLES) == 2


def test_digests_lists_each_digest_with_counts_from_the_parsed_files(store_dir: str) -> None:
    result = run("digests", "--format", "json", "--store", store_dir)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    expected = sorted((expected_row(p) for p in SAMPLES), key=lambda r: str(r["date"]))
    assert rows == expected
    assert all(isinstance(r["policies"], int) and r["policies"] > 0 for r in rows)


def test_digests_table_and_csv(store_dir: str) -> None:
    table = run("digests", "--store", store_dir)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == [
        "key", "date", "publisher", "title", "layout", "policies", "news", "targets", "loaded_at"]
    assert table.stdout.rstrip().endswith("(2 rows)")
    csv = run("digests", "--format", "csv", "--store", store_dir)
    assert csv.exit_code == 0, csv.output
    lines = csv.stdout.splitlines()
    assert lines[0] == "key,date,publisher,title,layout,policies,news,targets,loaded_at"
    assert [line.split(",")[0] for line in lines[1:]] == sorted(str(expected_row(p)["key"]) for p in SAMPLES)


def test_remove_then_digests_lists_the_other_one(store_dir: str) -> None:
    first, second = sorted((expected_row(p) for p in SAMPLES), key=lambda r: str(r["date"]))
    removed = run("remove", str(first["key"]), "--store", store_dir)
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.strip() == f"{first['key']}: removed"
    rows = json.loads(run("digests", "--format", "json", "--store", store_dir).stdout)
    assert rows == [second]


def test_remove_behaves_as_delete_for_an_unknown_key(store_dir: str) -> None:
    for name in ("remove", "delete"):
        result = run(name, "no-such-digest", "--store", store_dir)
        assert result.exit_code == 2
        assert "no-such-digest" in result.stderr
    assert len(json.loads(run("digests", "--format", "json", "--store", store_dir).stdout)) == 2


def test_remove_and_delete_are_one_command_and_say_so() -> None:
    assert main.commands["remove"] is main.commands["delete"]
    for name in ("remove", "delete"):
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "'delete' and 'remove' are the same command" in " ".join(result.output.split())


def test_an_empty_store_prints_an_empty_table(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    table = run("digests", "--store", str(empty))
    assert table.exit_code == 0, table.output
    assert table.stdout.rstrip().endswith("(0 rows)")
    as_json = run("digests", "--format", "json", "--store", str(empty))
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


def test_a_store_that_does_not_exist_is_exit_code_3_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-store-here"
    result = run("digests", "--store", str(missing))
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: ") and str(missing) in result.stderr
    assert "Traceback" not in result.output
    assert not missing.exists()


@pytest.mark.parametrize("command", [["remove"], ["export", "--format", "nquads", "--digest"]])
def test_a_mistyped_key_lists_the_close_ones_and_changes_nothing(store_dir: str, command: list[str]) -> None:
    key = str(expected_row(SAMPLES[0])["key"])
    typo = key[:-1] + ("0" if key[-1] != "0" else "1")
    result = run(*command, typo, "--store", store_dir)
    assert result.exit_code == 2
    assert f"no stored digest has the key '{typo}'; did you mean {key}" in " ".join(result.stderr.split())
    assert len(json.loads(run("digests", "--format", "json", "--store", store_dir).stdout)) == 2
