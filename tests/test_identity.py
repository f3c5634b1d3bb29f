"""One policy, many reports: the same documents in five digests of three layouts (``tests/data/identity``).

The fixtures report seven real documents under different English titles, a Chinese title cut short, two dates
for one notice, a draft and its final text, two editions of one set of conditions and a near-miss title. The
expected outcome is in ``expected.json`` beside them.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import permutations
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from policygraph import resources
from policygraph.build import graph_name
from policygraph.ingest import ingest_file
from policygraph.namespaces import AGENCY, PG
from policygraph.network import co_issuance_network
from policygraph.queries import get_query
from policygraph.store import Store, open_store
from policygraph.vocabularies import load_reference_graphs

DATA = Path(__file__).parent / "data" / "identity"
DIGESTS = sorted([p for p in DATA.glob("*.md") if p.name != "README.md"]
                 + [resources.folder("digests") / "news-updates" / "pharma-policy-news-2021-11.md"])
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
#: every key of expected.json, each checked by a test below
EXPECTED_KEYS = {"policies", "same_policy", "lineage", "candidates", "date_conflicts", "co_issuance_weights"}
LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: three orders of ingest: sorted, reversed and one in between
ORDERS = [DIGESTS, DIGESTS[::-1], list(permutations(DIGESTS))[57]]

P = "PREFIX pg: <https://w3id.org/policygraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
TITLES = P + "SELECT DISTINCT ?policy ?title WHERE { ?policy a pg:Policy ; dcterms:title ?title }"


def _store(tmp_path: Path, paths: list[Path], name: str = "store") -> Store:
    store = open_store(tmp_path / name)
    load_reference_graphs(store)
    for path in paths:
        ingest_file(store, path, loaded_at=LOADED_AT)
    return store


def _policy(store: Store, title: str) -> URIRef:
    """The one policy node some digest gave ``title``."""
    found = {row["policy"] for row in store.select(TITLES) if str(row["title"]) == title}
    assert len(found) == 1, (title, found)
    return found.pop()


@pytest.fixture(scope="module", params=range(len(ORDERS)), ids=["sorted", "reversed", "mixed"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with _store(tmp_path_factory.mktemp("identity"), ORDERS[request.param]) as s:
        yield s


def test_each_document_is_one_node_whatever_the_order(store: Store) -> None:
    [row] = store.select(P + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pg:Policy }")
    assert int(row["n"]) == EXPECTED["policies"]
    for group in EXPECTED["same_policy"]:
        assert len({_policy(store, title) for title in group["titles"]}) == 1, group["titles"]


def test_a_merged_policy_keeps_every_report_and_why_it_matched(store: Store) -> None:
    """A report renamed to a stored policy notes the key that matched; one whose own key already names the
    stored policy (the same Chinese title) needs no note."""
    for group in EXPECTED["same_policy"]:
        policy = _policy(store, group["titles"][0])
        rows = store.select(P + """PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?passage ?key WHERE { ?policy prov:wasDerivedFrom ?passage .
                                         OPTIONAL { ?passage pg:matchedOn ?key } }""", {"policy": policy})
        assert len({r["passage"] for r in rows}) == group["reports"], group["titles"][0]
        keys = {str(r["key"]) for r in rows if "key" in r}
        assert keys <= set(group["keys"]) and bool(keys) == bool(group["keys"]), (group["titles"][0], keys)


def test_each_report_keeps_its_own_title(store: Store) -> None:
    for group in EXPECTED["same_policy"]:
        policy = _policy(store, group["titles"][0])
        titles = {str(r["title"]) for r in store.select(TITLES) if r["policy"] == policy}
        assert set(group["titles"]) <= titles


def test_versions_of_one_work_are_linked_not_merged(store: Store) -> None:
    for link in EXPECTED["lineage"]:
        a, b = _policy(store, link["from"]), _policy(store, link["to"])
        assert a != b
        assert store.ask(P + "ASK WHERE { ?a ?link ?b }", {"a": a, "b": b, "link": URIRef(link["link"])}), link
        assert not store.ask(P + "ASK WHERE { ?b ?link ?a }", {"a": a, "b": b, "link": URIRef(link["link"])}), link


def test_a_near_miss_is_a_candidate_with_its_score(store: Store) -> None:
    for pair in EXPECTED["candidates"]:
        a, b = _policy(store, pair["titles"][0]), _policy(store, pair["titles"][1])
        assert a != b
        rows = store.select(P + """SELECT ?score WHERE { ?c a pg:SameAsCandidate ; pg:candidatePolicy ?a, ?b ;
                                                            pg:candidateSimilarity ?score }""", {"a": a, "b": b})
        assert len(rows) == 1 and pair["min"] <= float(rows[0]["score"]) < pair["max"]
        assert store.ask(P + "ASK WHERE { { ?a pg:possiblySameAs ?b } UNION { ?b pg:possiblySameAs ?a } }",
                         {"a": a, "b": b})


def test_two_dates_for_one_notice_are_both_kept_and_reported(store: Store) -> None:
    rows = store.select(get_query("qc/conflicting-policy-dates-violation").text)
    assert {(str(r["issued"]), str(r["other_issued"])) for r in rows} == {tuple(d) for d in EXPECTED["date_conflicts"]}


def test_the_co_issuance_network_counts_each_document_once(store: Store) -> None:
    graph = co_issuance_network(store)
    for a, b, weight in EXPECTED["co_issuance_weights"]:
        assert graph.edges[str(AGENCY[a]), str(AGENCY[b])]["weight"] == weight


def test_the_review_queries_list_drafts_candidates_and_history(store: Store) -> None:
    drafts = get_query("drafts-and-finals").run(store, {})
    assert {(str(r["draft_title"]), str(r["final_title"])) for r in drafts} >= {
        (link["from"], link["to"]) for link in EXPECTED["lineage"] if link["link"].endswith("draftOf")}
    candidates = get_query("same-policy-candidates").run(store, {})
    assert len({r["candidate"] for r in candidates}) == len(EXPECTED["candidates"])


def test_removing_a_later_digest_gives_back_the_graph_without_it(tmp_path: Path) -> None:
    first, later = DATA / "merics-china-industries-2022-12.md", DATA / "policy-tracker-2024-h1.md"
    with _store(tmp_path, [first], "alone") as alone, _store(tmp_path, [first, later], "both") as both:
        [key] = [n for n in both.graph_names() if "tracker" in str(n)]
        both.delete_graph(key)
        assert _dataset(both) == _dataset(alone)


def test_ingesting_a_digest_again_changes_nothing(tmp_path: Path) -> None:
    """Again right away, nothing changes; an earlier digest ingested again gains the notes about the digests
    stored after it (how its reports matched theirs), and a third time changes nothing more."""
    with _store(tmp_path, DIGESTS) as store:
        before = _dataset(store)
        ingest_file(store, DIGESTS[-1], loaded_at=LOADED_AT)
        assert _dataset(store) == before
        ingest_file(store, DIGESTS[0], loaded_at=LOADED_AT)
        once = _dataset(store)
        ingest_file(store, DIGESTS[0], loaded_at=LOADED_AT)
        assert _dataset(store) == once


def _dataset(store: Store) -> dict[str, object]:
    """Each digest graph (by name) in a form that compares by isomorphism."""
    ds = Dataset()
    ds.parse(data=store.dump("nquads").decode(), format="nquads")
    prefix = str(graph_name("x"))[:-1]
    return {str(g.identifier): _Iso(g) for g in ds.graphs() if str(g.identifier).startswith(prefix)}


class _Iso:
    def __init__(self, graph) -> None:
        self.graph = graph

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Iso) and isomorphic(self.graph, other.graph)

    def __repr__(self) -> str:
        return f"<graph of {len(self.graph)} triples>"


def test_the_fixtures_have_four_digests_of_two_layouts() -> None:
    from policygraph.parse import parse_file

    layouts = {parse_file(p).layout for p in DIGESTS}
    assert len(DIGESTS) >= 4 and len(layouts) >= 2
    assert PG.draftOf and EXPECTED["lineage"]


def test_expected_json_holds_only_checked_keys() -> None:
    assert set(EXPECTED) == EXPECTED_KEYS
