"""What ``policy-history``, ``new-since`` and ``digests`` say on the bundled samples (the generic checks of every
stored query are in ``test_queries.py``).

No policy is reported by two of the three MERICS samples, so the history is checked on the Action Plan for
the High-Quality Development of Computing (Power) Infrastructure (工信部联通信〔2023〕180号), which the
article-layout ticker of 2023-10-10 and the labelled-list update of 2023-11-10 both report, under two
different English titles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from policygraph import resources
from policygraph.ingest import ingest_file
from policygraph.queries import get_query
from policygraph.store import Store
from policygraph.store.embedded import EmbeddedStore
from policygraph.vocabularies import load_reference_graphs

DOC_NUMBER = "工信部联通信〔2023〕180号"


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The vocabularies and every bundled sample digest, ingested in the order ``test_queries`` uses."""
    store = EmbeddedStore(tmp_path_factory.mktemp("history") / "store")
    load_reference_graphs(store)
    for path in resources.sample_digest_paths():
        ingest_file(store, path, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    yield store
    store.close()


def policy_with_document_number(store: Store, number: str) -> URIRef:
    rows = store.select(
        "SELECT DISTINCT ?policy WHERE { ?policy <https://w3id.org/policygraph/ontology#documentNumber> ?n }",
        {"n": Literal(number)})
    assert len(rows) == 1, rows
    return URIRef(str(rows[0]["policy"]))


def test_history_has_one_row_per_report_in_digest_date_order(samples_store: Store) -> None:
    policy = policy_with_document_number(samples_store, DOC_NUMBER)
    rows = get_query("policy-history").run(samples_store, {"policy": str(policy)})
    assert len(rows) >= 2
    dates = [r["digest_date"].toPython() for r in rows]
    assert dates == sorted(dates)
    assert [str(r["digest"]).rsplit("/", 1)[-1] for r in rows] == [
        "policy-ticker-digital-economy-2023-10-10", "lanting-partners-prc-regulatory-update-2023-11-10"]
    assert len({r["passage"] for r in rows}) == len(rows)
    assert all(int(r["first_line"]) <= int(r["last_line"]) for r in rows)


def test_history_shows_each_reports_own_claims(samples_store: Store) -> None:
    """Each digest's graph keeps the title it gave: the two reports' English titles differ, one per row."""
    policy = policy_with_document_number(samples_store, DOC_NUMBER)
    rows = get_query("policy-history").run(samples_store, {"policy": str(policy)})
    assert [str(r["title"]) for r in rows] == [
        "Action Plan for the High-Quality Development of Computing Infrastructure",
        "Action Plan for the High-Quality Development of Computing Power Infrastructure",
    ]
    assert {str(r["title_zh"]) for r in rows} == {"算力基础设施高质量发展行动计划"}
    assert {r["issued"] for r in rows} == {Literal("2023-10-08", datatype=XSD.date)}


def test_history_of_the_example_policy_and_by_curie(samples_store: Store) -> None:
    query = get_query("policy-history")
    policy = policy_with_document_number(samples_store, DOC_NUMBER)
    assert query.example_params() == {"policy": "policy:" + str(policy).rsplit("/", 1)[-1]}
    assert query.run(samples_store, query.example_params()) == query.run(samples_store, {"policy": str(policy)})


def test_a_report_matched_on_a_weaker_key_says_so(samples_store: Store) -> None:
    """Where a report was matched to a stored policy on a weaker key, its row carries the key and similarity;
    a policy's first report never does."""
    query = get_query("policy-history")
    rows = samples_store.select(
        "SELECT DISTINCT ?policy WHERE { ?policy a <https://w3id.org/policygraph/ontology#Policy> ; "
        "<http://www.w3.org/ns/prov#wasDerivedFrom> ?p . "
        "?p <https://w3id.org/policygraph/ontology#matchedOn> ?k }")
    assert rows, "the samples hold reports matched on a weaker key"
    for row in rows:
        history = query.run(samples_store, {"policy": str(row["policy"])})
        matched = [r for r in history if "matched_on" in r]
        assert matched and all("similarity" in r for r in matched)
        assert 0 < float(matched[0]["similarity"]) <= 1
        assert len(history) > len(matched)


def test_new_since_lists_policies_first_reported_after_the_date(samples_store: Store) -> None:
    query = get_query("new-since")
    policy = policy_with_document_number(samples_store, DOC_NUMBER)
    before = query.run(samples_store, {"since": "2023-10-09"})
    assert all(r["first_reported"].toPython() > dt.date(2023, 10, 9) for r in before)
    mine = [r for r in before if r["policy"] == policy]
    assert [(r["first_reported"].toPython(), str(r["first_digest"]).rsplit("/", 1)[-1], str(r["title"]))
            for r in mine] == [(dt.date(2023, 10, 10), "policy-ticker-digital-economy-2023-10-10",
                                "Action Plan for the High-Quality Development of Computing Infrastructure")]
    on_the_day = query.run(samples_store, {"since": "2023-10-10"})
    assert policy not in {r["policy"] for r in on_the_day}
    assert len(on_the_day) < len(before)


def test_new_since_gives_one_row_per_policy_in_date_order(samples_store: Store) -> None:
    rows = get_query("new-since").run(samples_store, {"since": "2000-01-01"})
    assert len({r["policy"] for r in rows}) == len(rows)
    dates = [r["first_reported"].toPython() for r in rows]
    assert dates == sorted(dates)


def test_digests_counts_every_stored_digest(samples_store: Store) -> None:
    rows = get_query("digests").run(samples_store, {})
    assert len(rows) == len(resources.sample_digest_paths())
    assert len({str(r["key"]) for r in rows}) == len(rows)
    assert all(int(r["policies"]) >= 1 for r in rows)
    merics = {str(r["key"]): r for r in rows if str(r["key"]).startswith("merics-china-industries-20")}
    assert {k: (int(r["policies"]), int(r["news"]), int(r["targets"])) for k, r in merics.items()} == {
        "merics-china-industries-2021-12-07": (13, 14, 9),
        "merics-china-industries-2022-12-07": (13, 15, 8),
        "merics-china-industries-2023-06-28": (12, 14, 8),
    }
