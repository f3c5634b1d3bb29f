"""Every stored query is a test case (STYLE 3.4), plus parameter resolution, binding and injection tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from policygraph import resources
from policygraph.binding import convert
from policygraph.cli import main
from policygraph.errors import QueryParameterError, VocabularyError
from policygraph.ingest import ingest_file
from policygraph.namespaces import AGENCY, COMPANY, DOCTYPE, PG, SECTOR, STATUS
from policygraph.queries import PARAM_TYPES, Param, StoredQuery, all_queries, get_query
from policygraph.store import Store
from policygraph.store.embedded import EmbeddedStore
from policygraph.store.sparql import outer_where_position, query_form, with_values
from policygraph.vocabularies import load_reference_graphs

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "store" / "sample.trig"
QC_FIXTURES = DATA / "qc"

QUERIES = resources.query_paths()
QC_QUERIES = [p for p in QUERIES if p.parent.name == "qc"]
SELECTS = [p for p in QUERIES if query_form(p.read_text(encoding="utf-8")) == "SELECT"]


def qname(path: Path) -> str:
    """Test id: the query's name, e.g. ``qc/target-year-before-baseline-violation``."""
    return StoredQuery.from_path(path).name


def load_fixture(store: Store) -> None:
    """Load the digest graphs the queries are tested on: the bundled sample digests, ingested for real."""
    for path in resources.sample_digest_paths():
        ingest_file(store, path, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def load_trig(store: Store, path: Path) -> None:
    """Every named graph of a TriG file, each replacing the graph of that name."""
    dataset = Dataset()
    dataset.parse(path, format="trig")
    for graph in dataset.graphs():
        if isinstance(graph.identifier, URIRef) and len(graph) and graph.identifier != dataset.default_graph.identifier:
            store.replace_graph(graph.identifier, graph)


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The vocabularies and ontology plus the ingested sample digests."""
    store = EmbeddedStore(tmp_path_factory.mktemp("queries") / "store")
    load_reference_graphs(store)
    load_fixture(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def trig_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The vocabularies plus a small hand-written digest graph whose every fact the tests below know."""
    store = EmbeddedStore(tmp_path_factory.mktemp("trig") / "store")
    load_reference_graphs(store)
    load_trig(store, SAMPLE)
    yield store
    store.close()


# -- every .rq file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_query_parses_with_rdflib(path: Path) -> None:
    prepareQuery(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_header_is_valid_and_named_by_the_rules(path: Path) -> None:
    query = StoredQuery.from_path(path)
    assert query.summary
    assert query.returns
    for name, spec in query.params.items():
        assert spec["type"] in PARAM_TYPES
        assert "example" in spec, f"{path.name}: parameter {name} has no example"
    if query.name.startswith("qc/"):
        assert query.name.endswith("-violation"), "qc checks are named <rule>-violation"
        assert path.read_text(encoding="utf-8").startswith("# "), "a qc check says at the top why it exists"


@pytest.mark.parametrize("path", SELECTS, ids=qname)
def test_returns_equals_the_projection(path: Path) -> None:
    query = StoredQuery.from_path(path)
    projection = [str(v) for v in prepareQuery(query.text).algebra["PV"]]
    assert query.returns == projection


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_every_parameter_is_a_variable_of_the_query(path: Path) -> None:
    query = StoredQuery.from_path(path)
    variables = algebra_variables(prepareQuery(query.text).algebra)
    for name in query.params:
        assert Variable(name) in variables, f"{query.name}: parameter {name} is not used in the query"


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_every_select_orders_its_rows(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if query_form(text) == "SELECT":
        assert re.search(r"^ORDER BY ", text, re.M), f"{path.name} has no ORDER BY"


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_bound_query_still_parses(path: Path) -> None:
    query = StoredQuery.from_path(path)
    bindings = {name: nothing_term(query.param(name)) for name in query.params}
    prepareQuery(with_values(query.text, bindings))


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_example_values_give_rows_and_qc_checks_give_none(path: Path, loaded_store: Store) -> None:
    query = StoredQuery.from_path(path)
    rows = query.run(loaded_store, query.example_params())
    if query.name.startswith("qc/"):
        assert rows == [], f"{query.name} found problems in the sample: {rows}"
    else:
        assert rows, f"{query.name}: no rows for example params {query.example_params()}"
        assert all(set(row) <= set(query.returns) for row in rows)


@pytest.mark.parametrize("path", [p for p in QUERIES if StoredQuery.from_path(p).params], ids=qname)
def test_binding_is_effective(path: Path, loaded_store: Store) -> None:
    """Bound to values that match nothing, a query returns nothing: the parameters really are bound."""
    query = StoredQuery.from_path(path)
    bindings = {name: nothing_term(query.param(name)) for name in query.params}
    assert loaded_store.select(query.text, bindings) == []


@pytest.mark.parametrize("path", QUERIES, ids=qname)
def test_rows_are_in_a_stable_order(path: Path, loaded_store: Store) -> None:
    query = StoredQuery.from_path(path)
    assert query.run(loaded_store, query.example_params()) == query.run(loaded_store, query.example_params())


@pytest.mark.parametrize("path", QC_QUERIES, ids=qname)
def test_qc_check_finds_its_bad_data_fixture(path: Path, tmp_path: Path) -> None:
    fixture = QC_FIXTURES / f"{path.stem}.trig"
    assert fixture.is_file(), f"{path.name} needs a bad-data fixture {fixture}"
    with EmbeddedStore(tmp_path / "store") as store:
        load_reference_graphs(store)
        load_trig(store, fixture)
        assert StoredQuery.from_path(path).run(store, {})


def test_every_qc_fixture_has_its_check() -> None:
    assert {p.stem for p in QC_FIXTURES.glob("*.trig")} == {p.stem for p in QC_QUERIES}


def test_the_stored_queries_the_brief_names_exist() -> None:
    names = {q.name for q in all_queries()}
    assert {
        "policies-by-agency-and-sector", "policies-by-agency", "policies-by-date-range",
        "policies-by-document-type", "policies-by-status", "targets-by-year", "targets-by-sector",
        "co-issuing-agencies", "agency-sector-matrix", "sector-timeline", "companies-by-sector",
        "provenance-by-policy", "search-by-text", "policies-without-issuer",
        "qc/target-year-before-baseline-violation", "qc/news-outside-period-violation",
    } <= names


# -- what the example rows say -----------------------------------------------------------------------------


def test_agency_and_sector_follow_sub_sectors_and_co_issuers(trig_store: Store) -> None:
    query = get_query("policies-by-agency-and-sector")
    battery = query.run(trig_store, {"agency": "MIIT", "sector": "batteries"})
    assert {r["title"] for r in battery} == {
        Literal("Notice on Strengthening the Safe Recycling of Lithium-ion Battery Cells", lang="en")}
    assert (int(battery[0]["first_line"]), int(battery[0]["last_line"])) == (20, 34)
    co_issued = query.run(trig_store, {"agency": "NDRC", "sector": "robotics"})
    assert [r["issued"] for r in co_issued] == [Literal("2023-02-14", datatype=XSD.date)]


def test_policies_by_agency_includes_sub_bodies(trig_store: Store) -> None:
    rows = get_query("policies-by-agency").run(trig_store, {"agency": "NDRC"})
    assert {r["issuer"] for r in rows} == {AGENCY.ndrc, AGENCY.nea}


def test_co_issuing_agencies_counts(trig_store: Store) -> None:
    rows = get_query("co-issuing-agencies").run(trig_store, {"agency": "MIIT"})
    assert [(r["other"], int(r["policies"])) for r in rows] == [(AGENCY.ndrc, 1)]


def test_targets_carry_baseline_and_growth(trig_store: Store) -> None:
    rows = get_query("targets-by-sector").run(trig_store, {"sector": "lithium-ion batteries"})
    assert [(float(r["baseline_value"]), float(r["target_value"]), float(r["growth_factor"])) for r in rows] == [
        (25.0, 60.0, 2.4)]


def test_sector_timeline_counts_policies_and_news(trig_store: Store) -> None:
    rows = get_query("sector-timeline").run(trig_store, {"sector": "batteries"})
    assert [(str(r["month"]), int(r["policies"]), int(r["news"])) for r in rows] == [("2023-02", 1, 1)]


def test_search_finds_chinese_titles(trig_store: Store) -> None:
    rows = get_query("search-by-text").run(trig_store, {"text": "加氢站安全"})
    assert [(r["kind"], str(r["label"])) for r in rows] == [(PG.Policy, "加氢站安全管理办法（征求意见稿）")]


def test_on_the_samples_miit_co_issues_with_the_bodies_the_digests_name(loaded_store: Store) -> None:
    rows = get_query("co-issuing-agencies").run(loaded_store, {"agency": "MIIT"})
    others = {r["other"] for r in rows}
    assert {AGENCY[k] for k in ("ndrc", "samr", "cnipa", "moe", "mct", "nrta", "gasc")} <= others


def test_on_the_samples_2025_targets_include_5g_penetration(loaded_store: Store) -> None:
    rows = get_query("targets-by-year").run(loaded_store, {"target_year": "2025"})
    found = {(float(r["baseline_value"]), float(r["target_value"])) for r in rows if "baseline_value" in r}
    assert (15.0, 56.0) in found


def test_on_the_samples_search_finds_both_battery_policies_by_chinese_words(loaded_store: Store) -> None:
    rows = get_query("search-by-text").run(loaded_store, {"text": "锂离子电池"})
    assert len({r["resource"] for r in rows if r["kind"] == PG.Policy}) == 2


# -- parameter resolution ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query_name", "param", "value", "expected"),
    [
        ("policies-by-agency", "agency", "MIIT", AGENCY.miit),
        ("policies-by-agency", "agency", "miit", AGENCY.miit),
        ("policies-by-agency", "agency", "工业和信息化部", AGENCY.miit),
        ("policies-by-agency", "agency", "工信部", AGENCY.miit),
        ("policies-by-agency", "agency", "ministry of industry and information technology", AGENCY.miit),
        ("policies-by-agency", "agency", "pga:miit", AGENCY.miit),
        ("policies-by-agency", "agency", "pga:MIIT", AGENCY.miit),
        ("policies-by-agency", "agency", str(AGENCY.miit), AGENCY.miit),
        ("policies-by-agency", "agency", f"<{AGENCY.miit}>", AGENCY.miit),
        ("policies-by-agency", "agency", "SMRA", AGENCY.samr),
        ("targets-by-sector", "sector", "batteries", SECTOR.batteries),
        ("targets-by-sector", "sector", "Batteries", SECTOR.batteries),
        ("targets-by-sector", "sector", "电池", SECTOR.batteries),
        ("targets-by-sector", "sector", "pgs:batteries", SECTOR.batteries),
        ("targets-by-sector", "sector", "lithium-ion-batteries", SECTOR["lithium-ion-batteries"]),
        ("companies-by-sector", "sector", "锂离子电池", SECTOR["lithium-ion-batteries"]),
        ("policies-by-status", "status", "draft for comment", STATUS["draft-for-comment"]),
        ("policies-by-status", "status", "征求意见稿", STATUS["draft-for-comment"]),
        ("policies-by-document-type", "document_type", "Action plan", DOCTYPE["action-plan"]),
        ("policies-by-document-type", "document_type", "行动计划", DOCTYPE["action-plan"]),
        ("lookup/terms-by-class", "class", "pg:Company", PG.Company),
    ],
)
def test_iri_parameters_accept_acronyms_labels_curies_and_iris(
    loaded_store: Store, query_name: str, param: str, value: str, expected: URIRef
) -> None:
    query = get_query(query_name)
    raw = {**query.example_params(), param: value}
    assert query.bind(loaded_store, raw)[param] == expected


def test_company_parameter_by_chinese_name(loaded_store: Store) -> None:
    query = get_query("lookup/terms-by-label")
    rows = query.run(loaded_store, {"class": "pg:Company", "text": "宁德时代"})
    assert [r["term"] for r in rows] == [COMPANY.catl]


@pytest.mark.parametrize(
    ("query_name", "param", "value", "message"),
    [
        ("policies-by-agency", "agency", "Ministry of Magic", "no pg:Agency matches 'Ministry of Magic'"),
        ("policies-by-agency", "agency", "pga:nothing-here", "no pg:Agency matches"),
        ("policies-by-agency", "agency", "pgs:batteries", "no pg:Agency matches"),
        ("targets-by-sector", "sector", "unobtainium", "no pg:Sector matches"),
        ("provenance-by-policy", "policy", "policy:0000", "no pg:Policy matches"),
        ("lookup/terms-by-class", "class", "Agency", "not a full IRI or a CURIE with a known prefix"),
        ("lookup/terms-by-class", "class", "foo:Agency", "not a full IRI or a CURIE with a known prefix"),
        ("policies-by-date-range", "start", "2023-13-01", "not a date that exists"),
        ("policies-by-date-range", "start", "yesterday", "write it as YYYY-MM-DD"),
        ("targets-by-year", "target_year", "25", "not a year"),
        ("search-by-text", "text", "  ", "must not be empty"),
    ],
)
def test_bad_values_raise_query_parameter_error(
    loaded_store: Store, query_name: str, param: str, value: str, message: str
) -> None:
    query = get_query(query_name)
    with pytest.raises(QueryParameterError, match=re.escape(message)) as caught:
        query.bind(loaded_store, {**query.example_params(), param: value})
    error = caught.value
    assert (error.query, error.param, error.value) == (query_name, param, value)
    assert str(error).startswith(f"{query_name}: parameter {param!r}: ")


def test_unmatched_label_says_how_to_list_valid_values_and_suggests(loaded_store: Store) -> None:
    query = get_query("policies-by-agency")
    with pytest.raises(QueryParameterError) as caught:
        query.bind(loaded_store, {"agency": "MIITT"})
    message = str(caught.value)
    assert "policygraph query lookup/terms-by-class -p class pg:Agency" in message
    assert "Did you mean" in message and "(pga:miit)" in message


def test_missing_vocabularies_are_reported(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "empty") as store, pytest.raises(QueryParameterError, match="load the vocab"):
        get_query("policies-by-agency").bind(store, {"agency": "MIIT"})


def test_unknown_and_missing_parameters(loaded_store: Store) -> None:
    query = get_query("policies-by-agency")
    with pytest.raises(QueryParameterError, match="unknown parameter; this query takes: agency"):
        query.bind(loaded_store, {"agency": "MIIT", "sector": "batteries"})
    with pytest.raises(QueryParameterError, match="missing; give it as: -p agency 'NDRC'"):
        query.bind(loaded_store, {})


def test_unknown_query_name_suggests_close_names() -> None:
    with pytest.raises(QueryParameterError, match="Did you mean policies-by-agency"):
        get_query("policies-by-agenc")
    assert get_query("policies-by-agency.rq").name == "policies-by-agency"


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("string", "battery", Literal("battery")),
        ("lang-string", "电池@zh", Literal("电池", lang="zh")),
        ("lang-string", "a@b@en", Literal("a@b", lang="en")),
        ("date", "2023-02-01", Literal("2023-02-01", datatype=XSD.date)),
        ("gYear", "2025", Literal("2025", datatype=XSD.gYear)),
        ("integer", "+42", Literal("42", datatype=XSD.integer)),
        ("decimal", "0.25", Literal("0.25", datatype=XSD.decimal)),
    ],
)
def test_typed_converters(kind: str, raw: str, expected: Node) -> None:
    assert convert(fake_query(), Param("p", kind), raw, EmbeddedStore()) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [("lang-string", "no tag"), ("lang-string", "text@not a tag"), ("integer", "1.5"), ("integer", "x"),
     ("decimal", "1e5"), ("decimal", "abc"), ("gYear", "twenty"), ("date", "2023-2-1")],
)
def test_typed_converters_reject_malformed_values(kind: str, raw: str) -> None:
    with pytest.raises(QueryParameterError) as caught:
        convert(fake_query(), Param("p", kind), raw, EmbeddedStore())
    assert caught.value.value == raw


def test_a_bad_header_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("#+ summary: x\n#+ params: {a: {type: color}}\n#+ returns: [a]\nSELECT ?a WHERE { ?a ?b ?c }\n")
    with pytest.raises(VocabularyError, match="broken.rq: parameter 'a': type must be one of"):
        StoredQuery.from_path(path)


# -- the VALUES block --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", "WHERE {"),
        ("PREFIX ex: <http://example.org/where#>\nSELECT * WHERE { ?s ex:where ?o }", "WHERE {"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WHERE {"),
        ('# WHERE { in a comment\nSELECT ?s WHERE { ?s ?p "WHERE {" }', "?s WHERE {"),
        ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "?s WHERE {"),
        ("SELECT ?where WHERE { ?where ?p ?o FILTER(?o < 3 && 2 > ?o) }", "?where WHERE {"),
        ("ASK where {?s ?p ?o}", "where {"),
    ],
)
def test_values_go_first_in_the_outermost_where(text: str, marker: str) -> None:
    assert outer_where_position(text) == text.index(marker) + len(marker)


def test_a_query_without_the_where_keyword_cannot_be_bound() -> None:
    with pytest.raises(ValueError, match="no top-level 'WHERE {'"):
        with_values("SELECT * { ?s ?p ?o }", {"s": URIRef("http://example.org/a")})


def test_values_block_rejects_bad_variable_names_and_terms() -> None:
    with pytest.raises(ValueError, match="not a variable name"):
        with_values("SELECT ?s WHERE { ?s ?p ?o }", {"s) } ; DROP ALL ; #": Literal("x")})
    with pytest.raises(ValueError, match="not a valid IRI"):
        with_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("http://x> } DROP ALL ; <y")})


def test_values_block_binds_filter_only_variables_in_rdflib_too() -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("Battery")))
    text = 'SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(LCASE(?o), LCASE(?needle))) }'
    assert len(graph.query(with_values(text, {"needle": Literal("batt")}))) == 1
    assert len(graph.query(with_values(text, {"needle": Literal("xyz")}))) == 0


# -- injection -----------------------------------------------------------------------------------------------

def read_injections(path: Path) -> list[str]:
    """The injection corpus: one value a line, with ``json:`` and ``repeat:`` lines (see the file's header)."""
    values = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("json: "):
            values.append(json.loads(line.removeprefix("json: ")))
        elif line.startswith("repeat: "):
            count, text = line.removeprefix("repeat: ").split(" ", 1)
            values.append((text * (int(count) // len(text) + 1))[: int(count)])
        else:
            values.append(line)
    return values


INJECTIONS = read_injections(DATA / "injection.txt")

ALL_PARAMS = [(path, name) for path in QUERIES for name in StoredQuery.from_path(path).params]


def store_fingerprint(store: Store) -> tuple[int, str]:
    """Quad count and SHA-256 of the sorted N-Quads dump: any change to the store changes it."""
    return store.quad_count(), hashlib.sha256(store.dump("nquads")).hexdigest()


def test_the_injection_corpus_covers_the_attack_kinds() -> None:
    assert len(INJECTIONS) >= 40
    assert "" in INJECTIONS and any("\0" in v for v in INJECTIONS) and any("\n" in v for v in INJECTIONS)
    assert any(len(v) >= 100_000 for v in INJECTIONS) and any("\\u0022" in v for v in INJECTIONS)
    wanted = {'} INSERT DATA { <x> <y> <z> } #', "x\" } ; DROP ALL ; #", "(.*a){50}"}
    assert wanted <= {v.lstrip('"') for v in INJECTIONS}


@pytest.fixture(scope="module")
def injection_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the vocabularies and one sample digest, closed for each test to open."""
    path = tmp_path_factory.mktemp("injection") / "store"
    with EmbeddedStore(path) as store:
        load_reference_graphs(store)
        ingest_file(store, resources.sample_digest_paths()[0], loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return path


@pytest.mark.parametrize(("path", "param"), ALL_PARAMS, ids=lambda v: v if isinstance(v, str) else qname(v))
def test_injection_attempts_change_nothing_and_match_nothing(injection_store: Path, path: Path, param: str) -> None:
    """Every injection string bound to this parameter: no rows or a QueryParameterError, and no change."""
    query = StoredQuery.from_path(path)
    with EmbeddedStore(injection_store) as store:
        before = store_fingerprint(store)
        for value in INJECTIONS:
            try:
                rows = query.run(store, {**query.example_params(), param: value})
            except QueryParameterError as error:
                assert error.param == param, (value, error)
                continue
            assert rows == [], f"{query.name} -p {param} {value[:80]!r} gave rows"
        assert store_fingerprint(store) == before


#: an IRI and a string parameter, bound to every injection string through the command line (the library test
#: above already sends every string to every parameter; this checks the CLI's parsing, messages and exit codes)
CLI_PARAMS = [("policies-by-agency", "agency"), ("search-by-text", "text")]


@pytest.mark.parametrize(("name", "param"), CLI_PARAMS, ids=[f"{n}-{p}" for n, p in CLI_PARAMS])
def test_injection_through_the_cli_exits_0_or_2_without_a_traceback(injection_store: Path, name: str,
                                                                     param: str) -> None:
    cli_store = injection_store
    with EmbeddedStore(cli_store) as store:
        before = store_fingerprint(store)
    query = get_query(name)
    runner = CliRunner()
    for value in INJECTIONS:
        params = [x for p, v in {**query.example_params(), param: value}.items() for x in ("-p", p, v)]
        result = runner.invoke(main, ["query", name, *params, "--format", "json", "--store", str(cli_store)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (value[:80], result.exception)
        assert "Traceback" not in result.output + result.stderr
        assert result.exit_code in (0, 2), (value[:80], result.output)
        if result.exit_code == 0:
            assert json.loads(result.stdout) == [], value[:80]
        else:
            assert result.stderr.startswith("Error: ") or "Usage:" in result.stderr, result.stderr
    with EmbeddedStore(cli_store) as store:
        assert store_fingerprint(store) == before


# -- helpers -----------------------------------------------------------------------------------------------


def nothing_term(param: Param) -> Node:
    """A well-formed value of the parameter's type that matches nothing in any store."""
    return {
        "iri": URIRef("https://example.org/matches-nothing"),
        "string": Literal("matches-nothing-zz9"),
        "lang-string": Literal("matches nothing", lang="en"),
        "date": Literal("9999-12-31", datatype=XSD.date),  # nothing is after it or in a range from it to it
        "gYear": Literal("1900", datatype=XSD.gYear),
        "integer": Literal("-999", datatype=XSD.integer),
        "decimal": Literal("-999.5", datatype=XSD.decimal),
    }[param.type]


def algebra_variables(node: object) -> set[Variable]:
    """Every variable anywhere in a query's algebra."""
    if isinstance(node, Variable):
        return {node}
    if isinstance(node, CompValue | dict):
        return set().union(*(algebra_variables(v) for v in node.values())) if node else set()
    if isinstance(node, list | tuple | set):
        return set().union(*(algebra_variables(v) for v in node)) if node else set()
    return set()


def fake_query() -> StoredQuery:
    return StoredQuery(name="test", path=Path("test.rq"), text="", summary="", params={}, returns=[])
