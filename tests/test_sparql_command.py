"""`policygraph sparql`: your own query as text, file or stdin, with the stored prefixes, read-only; and stored
queries of your own from POLICYGRAPH_QUERIES or ./queries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from policygraph import resources
from policygraph.cli import main
from policygraph.store import open_store

COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pg:Policy ; pg:issuedBy pga:miit }"
FULL = ("PREFIX pg: <https://w3id.org/policygraph/ontology#> "
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pg:Policy ; "
        "pg:issuedBy <https://w3id.org/policygraph/id/agency/miit> }")


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, env=env or {})


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("sparql") / "store")
    result = run("ingest", *map(str, resources.sample_digest_paths("merics-china-industries")), "--store", location)
    assert result.exit_code == 0, result.output
    return location


def _n(result: Result) -> int:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]["n"]


def test_the_stored_prefixes_need_no_prefix_line(store: str) -> None:
    with open_store(store) as s:
        expected = int(s.select(FULL)[0]["n"])
    assert expected > 0
    assert _n(run("sparql", COUNT, "--format", "json", "--store", store)) == expected


def test_a_file_and_stdin_give_the_same_answer(store: str, tmp_path: Path) -> None:
    query = tmp_path / "question.rq"
    query.write_text(COUNT, encoding="utf-8")
    text = _n(run("sparql", COUNT, "--format", "json", "--store", store))
    assert _n(run("sparql", str(query), "--format", "json", "--store", store)) == text
    assert _n(run("sparql", "-", "--format", "json", "--store", store, stdin=COUNT)) == text


def test_columns_follow_the_projection(store: str) -> None:
    result = run("sparql", "SELECT ?title ?p WHERE { ?p a pg:Policy ; dcterms:title ?title } LIMIT 2",
                 "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "title,p"


def test_ask_and_construct(store: str) -> None:
    assert run("sparql", "ASK { ?p a pg:Policy }", "--store", store).stdout.strip() == "true"
    assert run("sparql", "ASK { ?p a pg:Nothing }", "--store", store).stdout.strip() == "false"
    result = run("sparql", "CONSTRUCT { ?p a pg:Policy } WHERE { ?p a pg:Policy }", "--store", store)
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 0


@pytest.mark.parametrize("update", ["DELETE WHERE { ?s ?p ?o }", "DROP ALL",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> }"])
def test_an_update_is_refused_and_changes_nothing(store: str, update: str) -> None:
    with open_store(store) as s:
        before = s.quad_count()
    result = run("sparql", update, "--store", store)
    assert result.exit_code == 2 and "only reads" in result.stderr
    with open_store(store) as s:
        assert s.quad_count() == before


def test_a_syntax_error_is_one_line_and_exit_2(store: str) -> None:
    result = run("sparql", "SELECT ?x WHERE {", "--store", store)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: invalid SPARQL")


def test_a_missing_store_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    result = run("sparql", COUNT, "--store", str(missing))
    assert result.exit_code == 3 and "no store" in result.stderr
    assert not missing.exists()


def test_your_own_stored_queries_are_found_but_never_hide_a_bundled_one(store: str, tmp_path: Path) -> None:
    mine = tmp_path / "my-queries"
    mine.mkdir()
    (mine / "miit-count.rq").write_text(
        "#+ summary: How many policies MIIT issued\n#+ params: {}\n#+ returns: [n]\n"
        "PREFIX pg: <https://w3id.org/policygraph/ontology#>\n"
        "PREFIX pga: <https://w3id.org/policygraph/id/agency/>\n" + COUNT + "\n", encoding="utf-8")
    (mine / "stats.rq").write_text("#+ summary: not the bundled one\n#+ params: {}\n#+ returns: [x]\n"
                                   "SELECT ?x WHERE { BIND(1 AS ?x) }\n", encoding="utf-8")
    env = {"POLICYGRAPH_QUERIES": str(mine)}
    expected = _n(run("sparql", COUNT, "--format", "json", "--store", store))
    assert _n(run("query", "miit-count", "--format", "json", "--store", store, env=env)) == expected
    listed = run("queries", "--format", "json", env=env)
    names = [q["name"] for q in json.loads(listed.stdout)]
    assert "miit-count" in names and names.count("stats") == 1
    stats = run("query", "stats", "--format", "json", "--store", store, env=env)
    assert stats.exit_code == 0 and '"x"' not in stats.stdout


def test_a_parameter_given_twice_is_an_error(store: str) -> None:
    result = run("query", "policies-by-agency-and-sector", "-p", "agency", "MIIT", "-p", "sector", "batteries",
                 "-p", "sector", "steel", "--store", store)
    assert result.exit_code == 2
    assert "'sector'" in result.stderr and "given twice" in result.stderr


def test_a_federated_query_is_refused(store: str) -> None:
    result = run("sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--store", store)
    assert result.exit_code == 2 and "SERVICE" in result.stderr


def test_allow_update_runs_an_update_in_one_transaction(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    assert run("ingest", str(resources.sample_digest_paths()[0]), "--store", location).exit_code == 0
    result = run("sparql", "INSERT DATA { GRAPH <urn:notes> { <urn:a> rdfs:comment \"checked\" } }",
                 "--allow-update", "--store", location)
    assert result.exit_code == 0, result.output
    assert re.search(r"updated: (\d+) -> (\d+) quads", result.stderr)
    assert run("sparql", "ASK { GRAPH <urn:notes> { <urn:a> rdfs:comment \"checked\" } }",
               "--store", location).stdout.strip() == "true"
    broken = run("sparql", "INSERT DATA { <urn:a> <urn:b> }", "--allow-update", "--store", location)
    assert broken.exit_code == 2 and "invalid SPARQL update" in broken.stderr


@pytest.mark.parametrize("update", ["LOAD <http://example.org/data.ttl>",
                                    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"])
def test_load_and_service_are_refused_even_with_allow_update(store: str, update: str) -> None:
    result = run("sparql", update, "--allow-update", "--store", store)
    assert result.exit_code == 2 and "LOAD and SERVICE are refused" in result.stderr
