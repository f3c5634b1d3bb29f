"""`policygraph describe TERM`: the explorer's page of a term, as text, found by acronym, label, CURIE or key."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from policygraph import resources
from policygraph.cli import main

SAMPLES = resources.sample_digest_paths("merics-china-industries")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("describe") / "store")
    assert run("ingest", *map(str, SAMPLES), "--store", location, "-q").exit_code == 0
    return location


def _policy(store: str) -> dict[str, str]:
    rows = json.loads(run("query", "policies-by-agency", "-p", "agency", "MIIT", "--store", store,
                          "--format", "json").stdout)
    return next(r for r in rows if r.get("title") and r.get("issued"))


def test_an_agency_by_acronym_lists_its_policies_by_year(store: str) -> None:
    policy = _policy(store)
    result = run("describe", "MIIT", "--store", store)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Ministry of Industry and Information Technology", "=" * 47]
    year = lines.index(policy["issued"][:4])
    assert any(policy["title"] in line for line in lines[year:])


def test_a_policy_by_curie_shows_its_issuers_and_source_passages(store: str) -> None:
    policy = _policy(store)
    curie = policy["policy"].replace("https://w3id.org/policygraph/id/policy/", "policy:")
    result = run("describe", curie, "--store", store)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(policy["title"])
    assert "Issued by" in text and "Ministry of Industry and Information Technology" in text
    passages = text.split("Source passages")[1].splitlines()
    assert passages[2].split(" | ")[:1] == ["  digest"] and " | lines " in passages[3]


def test_a_digest_by_its_key(store: str) -> None:
    key = json.loads(run("digests", "--format", "json", "--store", store).stdout)[0]["key"]
    result = run("describe", key, "--store", store)
    assert result.exit_code == 0, result.output
    assert "Reports" in result.stdout and "publisher: MERICS" in result.stdout


def test_an_unknown_term_is_exit_2_with_the_close_ones(store: str) -> None:
    result = run("describe", "Batteris", "--store", store)
    assert result.exit_code == 2
    assert "no policy, agency, sector, company or digest is called 'Batteris'" in result.stderr
    assert "Batteries (pgs:batteries)" in result.stderr


def test_a_missing_store_is_exit_3_and_is_not_created(tmp_path) -> None:
    result = run("describe", "MIIT", "--store", str(tmp_path / "nothing"))
    assert result.exit_code == 3
    assert not (tmp_path / "nothing").exists()
