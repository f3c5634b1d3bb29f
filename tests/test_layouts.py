"""Every layout reader, driven by data: the samples in ``data/digests/<layout>/`` and their gold files in
``tests/data/gold/<folder>/``; detection, scores, mixed folders and digest identity through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph import resources
from policygraph.cli import main
from policygraph.layouts import all_layouts, detect
from policygraph.layouts.base import Document, clean_lines
from policygraph.parse import parse_file
from policygraph.parse_output import digest_json
from policygraph.read import read_digest

HERE = Path(__file__).parent
GOLD = HERE / "data" / "gold"
SHARED = HERE.parent.parent / "shared"
SCORER = SHARED / "tools" / "score_parse.py"
FOLDERS = sorted(p for p in GOLD.iterdir() if p.is_dir()) if GOLD.is_dir() else []
needs_scorer = pytest.mark.skipif(not SCORER.is_file(),
                                  reason="../shared (the parse scorer) is not beside this checkout")


def _gold(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _sample(folder: Path, gold: dict) -> Path:
    name = gold["source"]
    found = [p for p in resources.sample_digest_paths() if p.name == name]
    assert found, f"{folder.name}/{name}: no sample digest of that name under data/digests/"
    return found[0]


def _expected_layout(folder: Path, gold: dict) -> str:
    return gold.get("layout") or folder.name


CASES = [(folder, gold) for folder in FOLDERS for gold in _gold(folder)]


@pytest.mark.parametrize(("folder", "gold"), CASES, ids=lambda x: x.name if isinstance(x, Path) else x["source"])
def test_the_layout_of_each_sample_is_detected(folder: Path, gold: dict) -> None:
    source = read_digest(_sample(folder, gold))
    doc = Document(source.path, clean_lines(source.lines), source.checksum, source.form)
    assert detect(doc).name == _expected_layout(folder, gold)
    assert parse_file(source.path).layout == _expected_layout(folder, gold)


@pytest.mark.parametrize(("folder", "gold"), CASES, ids=lambda x: x.name if isinstance(x, Path) else x["source"])
def test_every_gold_policy_is_read_under_its_title(folder: Path, gold: dict) -> None:
    digest = parse_file(_sample(folder, gold))
    titles = {p.title_en for p in digest.policies} | {p.title_zh for p in digest.policies}
    for want in gold["policies"]:
        assert want.get("title_en") in titles or want.get("title_zh") in titles, want


@needs_scorer
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_samples_of_each_layout_score_at_least_090(folder: Path, tmp_path: Path) -> None:
    parsed = [digest_json(parse_file(_sample(folder, gold))) for gold in _gold(folder)]
    out = tmp_path / "parsed.json"
    out.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), str(out), str(folder)], capture_output=True, text=True,
                         check=False)
    score = float(run.stdout.strip().splitlines()[-1].split()[1])
    assert score >= 0.90, run.stdout


@pytest.mark.parametrize("layout", [layout.name for layout in all_layouts()])
def test_every_layout_has_three_samples_with_gold(layout: str) -> None:
    golds = [g for folder in FOLDERS for g in _gold(folder) if _expected_layout(folder, g) == layout]
    assert len(golds) >= 3, f"layout {layout!r} has {len(golds)} sample(s) with gold"


def test_layouts_command_lists_every_layout() -> None:
    result = CliRunner().invoke(main, ["layouts", "--format", "json"])
    assert result.exit_code == 0
    listed = {item["name"]: item["summary"] for item in json.loads(result.output)}
    assert set(listed) == {layout.name for layout in all_layouts()}
    assert all(listed.values())


def test_an_unknown_layout_name_is_a_usage_error() -> None:
    sample = resources.sample_digest_paths()[0]
    result = CliRunner().invoke(main, ["parse", str(sample), "--layout", "no-such-layout"])
    assert result.exit_code == 2
    assert "no layout called 'no-such-layout'" in result.stderr


def _mixed_folder(tmp_path: Path) -> tuple[Path, list[Path]]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    by_layout: dict[str, Path] = {}
    for path in resources.sample_digest_paths():
        by_layout.setdefault(path.parent.name, path)
    for path in by_layout.values():
        shutil.copy(path, folder / path.name)
    (folder / "shopping-list.txt").write_text("eggs\nmilk\nbread\n", encoding="utf-8")
    return folder, sorted(by_layout.values())


def test_parse_of_a_mixed_folder_prints_every_digest_and_names_the_rest(tmp_path: Path) -> None:
    folder, digests = _mixed_folder(tmp_path)
    result = CliRunner().invoke(main, ["parse", str(folder), "--format", "json"])
    assert result.exit_code == 2
    printed = {d["source"] for d in json.loads(result.stdout)}
    assert printed == {p.name for p in digests}
    assert f"Error: {folder / 'shopping-list.txt'}: " in result.stderr


def test_ingest_keep_going_loads_every_digest_of_a_mixed_folder(tmp_path: Path) -> None:
    folder, digests = _mixed_folder(tmp_path)
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--store", store, "--keep-going", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert sum(1 for line in result.stderr.splitlines() if line.startswith("Skipped: ")) == 1
    for path in digests:
        assert f"{folder / path.name}: added" in result.stdout
    without = CliRunner().invoke(main, ["ingest", str(folder), "--store", str(tmp_path / "other"), "--jobs", "1"])
    assert without.exit_code == 2


def test_a_different_digest_under_the_same_key_is_refused_and_the_first_kept(tmp_path: Path) -> None:
    first = resources.sample_digest_paths("merics-china-industries")[0]
    other = tmp_path / "another-issue.md"
    text = first.read_text(encoding="utf-8")
    digest = parse_file(first)
    for policy in digest.policies:
        if policy.title_en:
            text = text.replace(policy.title_en, policy.title_en + " (Revised)")
        if policy.title_zh:
            text = text.replace(policy.title_zh, policy.title_zh + "修订")
    other.write_text(text, encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(first), "--store", store]).exit_code == 0
    refused = runner.invoke(main, ["ingest", str(other), "--store", store])
    assert refused.exit_code == 2
    assert "a different digest" in refused.stderr and "nothing was written" in refused.stderr
    titles = runner.invoke(main, ["export", "--format", "nquads", "--store", store])
    assert "(Revised)" not in titles.stdout and digest.policies[0].title_en in titles.stdout


def test_another_copy_of_the_same_digest_replaces_it(tmp_path: Path) -> None:
    first = resources.sample_digest_paths("merics-china-industries")[0]
    copy = tmp_path / "same-issue-utf16.txt"
    copy.write_bytes(first.read_text(encoding="utf-8").encode("utf-16"))
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(first), "--store", store]).exit_code == 0
    again = runner.invoke(main, ["ingest", str(copy), "--store", store])
    assert again.exit_code == 0 and ": replaced " in again.stdout
