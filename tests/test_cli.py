"""The command line as users run it: exit codes, stdout versus stderr, messages with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph import resources
from policygraph.cli import main

SAMPLES = str(resources.folder("digests"))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(main, ["ingest", SAMPLES, "--store", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_quick_start_question_lists_the_two_merics_battery_policies(store_dir: str) -> None:
    result = CliRunner().invoke(main, ["query", "policies-by-agency-and-sector", "-p", "agency", "MIIT",
                                       "-p", "sector", "batteries", "--format", "json", "--store", store_dir])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    battery = [r for r in rows if r["issued"] in {"2021-11-18", "2022-11-18"}]
    assert sorted({r["issued"] for r in battery}) == ["2021-11-18", "2022-11-18"]
    assert len({r["policy"] for r in battery}) == 2
    assert all(r["source"].startswith("https://w3id.org/policygraph/id/passage/") for r in rows)


def test_ingest_again_reports_replaced_and_keeps_the_quad_count(store_dir: str) -> None:
    runner = CliRunner()
    before = runner.invoke(main, ["stats", "--store", store_dir]).stdout
    again = runner.invoke(main, ["ingest", SAMPLES, "--store", store_dir])
    assert again.exit_code == 0
    assert "replaced" in again.stdout and "added" not in again.stdout
    assert runner.invoke(main, ["stats", "--store", store_dir]).stdout == before


def test_unknown_parameter_value_is_a_clear_error_with_exit_code_2(store_dir: str) -> None:
    result = CliRunner().invoke(main, ["query", "policies-by-agency", "-p", "agency", "Ministry of Magic",
                                       "--store", store_dir])
    assert result.exit_code == 2
    assert "Ministry of Magic" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_query_name_is_exit_code_2(store_dir: str) -> None:
    result = CliRunner().invoke(main, ["query", "no-such-query", "--store", store_dir])
    assert result.exit_code == 2
    assert "no-such-query" in result.stderr


def test_parse_of_a_non_digest_names_the_file_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "recipe.txt"
    path.write_text("Pancakes\n\nflour, milk, eggs\n")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: ")
    assert result.stdout == ""


def test_validate_exits_1_for_a_digest_that_cannot_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "bad-date.txt"
    path.write_text("DECEMBER 7, 2022\nMERICS\n\n1. A plan with a bad date\nAt a glance: A plan.\n"
                    "Article: Plan on Things (关于事情的规划)\nIssuing body: MIIT\nDate: November 31, 2022\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:8: entry \"A plan with a bad date\": impossible date" in result.stderr


def test_parse_json_follows_the_contract() -> None:
    result = CliRunner().invoke(main, ["parse", SAMPLES, "--format", "json"])
    assert result.exit_code == 0
    digests = json.loads(result.stdout)
    assert {"source", "publisher", "title", "date", "period", "authors", "policies", "news"} <= set(digests[0])
    policy = digests[0]["policies"][0]
    assert {"rank", "headline", "title_en", "title_zh", "issuers", "date", "sectors", "companies", "targets",
            "problems"} <= set(policy)


def test_qc_queries_pass_on_the_samples(store_dir: str) -> None:
    names = [q for q in json.loads(CliRunner().invoke(main, ["queries", "--format", "json"]).stdout)
             if q["name"].startswith("qc/")]
    assert names
    for q in names:
        result = CliRunner().invoke(main, ["query", q["name"], "--store", store_dir])
        assert result.exit_code == 0, (q["name"], result.output)


def test_export_turtle_of_one_digest_parses_in_rdflib(store_dir: str, tmp_path: Path) -> None:
    from rdflib import Graph

    out = tmp_path / "one.ttl"
    result = CliRunner().invoke(main, ["export", "--format", "turtle", "--digest",
                                       "merics-china-industries-2022-12-07", "-o", str(out), "--store", store_dir])
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(out, format="turtle")) > 300


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds (the real digests) is not beside this checkout")
def test_on_the_seeds_miit_battery_policies_are_exactly_the_two_lithium_ion_ones(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(SEEDS), "--store", store]).exit_code == 0
    result = runner.invoke(main, ["query", "policies-by-agency-and-sector", "-p", "agency", "MIIT", "-p", "sector",
                                  "batteries", "--format", "json", "--store", store])
    rows = json.loads(result.stdout)
    titles = {r["title"] for r in rows}
    assert len({r["policy"] for r in rows}) == 2
    assert all("Lithium-ion Battery" in t for t in titles)
    assert sorted({r["issued"] for r in rows}) == ["2021-11-18", "2022-11-18"]
    assert all(r["first_line"] <= r["last_line"] for r in rows)


def test_reason_reports_consistency(store_dir: str) -> None:
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Java is not installed; the HermiT reasoner needs it")
    result = CliRunner().invoke(main, ["reason", "--with-data", "--store", store_dir])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Consistent:")


def test_ingest_counts_warnings_by_kind_lists_them_with_verbose_and_is_silent_with_quiet(tmp_path: Path) -> None:
    sample = str(resources.sample_digest_paths("labelled-list")[1])
    normal = CliRunner().invoke(main, ["ingest", sample, "--store", str(tmp_path / "a")])
    verbose = CliRunner().invoke(main, ["ingest", sample, "--store", str(tmp_path / "b"), "--verbose"])
    quiet = CliRunner().invoke(main, ["ingest", sample, "--store", str(tmp_path / "c"), "--quiet"])
    assert normal.exit_code == verbose.exit_code == quiet.exit_code == 0
    listed = [line for line in verbose.stderr.splitlines() if line.startswith("Warning: ")]
    [summary] = [line for line in normal.stderr.splitlines() if "warning(s):" in line]
    assert listed and summary.strip().startswith(f"{len(listed)} warning(s):")
    assert not [line for line in normal.stderr.splitlines() if line.startswith("Warning: ")]
    assert quiet.stdout == "" and quiet.stderr == ""


def test_validate_names_the_line_and_value_at_fault_before_the_shape_messages(tmp_path: Path) -> None:
    sample = resources.sample_digest_paths("merics-china-industries")[-1]
    lines = sample.read_text(encoding="utf-8").splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("**Issuing body:**")][:1]
    lines[at] = "**Issuing body:** Ministry of Magic"
    digest = tmp_path / "magic.md"
    digest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(digest)])
    messages = [line for line in result.stderr.splitlines() if line.startswith(("Warning:", "Violation:"))]
    assert messages and f"{digest}:{at + 1}:" in messages[0] and "'Ministry of Magic'" in messages[0]


def test_the_documented_shell_completion_prints_a_script() -> None:
    import os
    import subprocess
    import sys

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "_POLICYGRAPH_COMPLETE=bash_source policygraph" in readme
    env = {**os.environ, "_POLICYGRAPH_COMPLETE": "bash_source"}
    program = "from policygraph.cli import main; main(prog_name='policygraph')"
    script = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60,
                            check=False).stdout
    assert "_policygraph_completion()" in script and "complete -o nosort -F _policygraph_completion" in script
