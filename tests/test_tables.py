"""Tables for people: they fit the terminal, wrap long titles, name agencies and sectors by label (CSV and JSON
keep the IRIs), and --limit cuts the rows and says so."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner, Result

from policygraph import resources
from policygraph.cli import main
from policygraph.tabular import fit, table, text_width, wrap

QUERY = ["query", "policies-by-agency-and-sector", "-p", "agency", "MIIT", "-p", "sector", "batteries"]


def run(*args: str, columns: int = 100) -> Result:
    return CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("tables") / "store")
    result = run("ingest", *map(str, resources.sample_digest_paths()), "--store", location, "-q")
    assert result.exit_code == 0, result.output
    return location


@pytest.mark.parametrize("columns", [100, 120, 160])  # ten columns: narrower, each would be cut to a letter
def test_a_table_fits_the_terminal(store: str, columns: int) -> None:
    result = run(*QUERY, "--store", store, columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 4
    assert max(text_width(line) for line in lines) <= columns


def test_a_table_names_agencies_and_sectors_and_csv_keeps_their_iris(store: str) -> None:
    shown = run(*QUERY, "--store", store, columns=200).stdout
    rows = list(csv.DictReader(io.StringIO(run(*QUERY, "--store", store, "--format", "csv").stdout)))
    assert rows and {r["agency"] for r in rows} == {"https://w3id.org/policygraph/id/agency/miit"}
    assert {r["sector"] for r in rows} == {"https://w3id.org/policygraph/id/sector/batteries"}
    assert "MIIT" in shown and "Batteries" in shown
    assert "pga:miit" not in shown and "agency/miit" not in shown


def test_a_policy_without_a_title_column_is_shown_by_its_title(store: str) -> None:
    result = run("sparql", "SELECT ?policy WHERE { ?policy a pg:Policy ; pg:issuedBy pga:miit }",
                 "--store", store, columns=200)
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    title = "Lithium-ion Battery Industry Standard Conditions (2024 Edition)"
    iri = run("sparql", f'SELECT ?p WHERE {{ ?p dcterms:title "{title}"@en }}', "--store", store, "--format", "csv")
    curie = iri.stdout.splitlines()[1].replace("https://w3id.org/policygraph/id/policy/", "policy:")
    assert title in shown and curie.startswith("policy:") and curie not in shown


def test_limit_cuts_the_rows_and_the_table_says_how_many_there_were(store: str) -> None:
    full = run(*QUERY, "--store", store, "--format", "json")
    total = len(__import__("json").loads(full.stdout))
    assert total > 2
    cut = run(*QUERY, "--store", store, "--limit", "2", columns=200)
    assert cut.exit_code == 0
    assert f"(2 of {total} rows; --limit cut the rest)" in cut.stdout
    as_csv = run(*QUERY, "--store", store, "--limit", "2", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == 2
    assert f"2 of {total} rows written" in as_csv.stderr


def test_wrap_breaks_at_spaces_and_counts_chinese_characters_twice() -> None:
    assert wrap("Notice on the battery industry", 16) == ["Notice on the", "battery industry"]
    lines = wrap("锂离子电池行业规范条件", 8)
    assert all(text_width(line) <= 8 for line in lines) and "".join(lines) == "锂离子电池行业规范条件"


def test_fit_keeps_narrow_columns_and_cuts_the_wide_ones_to_one_level() -> None:
    widths = fit([10, 80, 6, 70], 60)
    assert widths[0] == 10 and widths[2] == 6 and widths[1] == widths[3] and sum(widths) <= 60


def test_every_cell_survives_wrapping() -> None:
    cells = [["MIIT", "Opinions on Widening the Steady Supply of Small Parts for Household Appliance Makers"]]
    text = table(["agency", "title"], cells, 30)
    assert " ".join(text.split()).count("Household Appliance Makers") == 1
    assert max(text_width(line) for line in text.splitlines()) <= 30
