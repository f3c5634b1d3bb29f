"""The networks read their facts with narrow queries (dates first, then the issuers, sectors, titles and ranks of
the items found); these tests check that they build exactly the networks the one wide join of each network
(``network/policy-links-by-date-range``, ``network/company-links-by-date-range``) builds: on the samples, with
the items bound in batches and with every row read, after a digest is replaced or removed, and on real SPARQL
servers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from rdflib import URIRef

from policygraph import network, resources
from policygraph.ingest import ingest_file
from policygraph.namespaces import curie
from policygraph.network import KINDS, Fact, Filters, Item, build_network
from policygraph.queries import get_query
from policygraph.store import Store, open_store
from policygraph.vocabularies import load_reference_graphs

FILTERS = [
    Filters(),
    Filters(level=2),
    Filters(include_news=False, agency="MIIT"),
    Filters(sector="batteries", start=dt.date(2021, 1, 1)),
    Filters(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), level=1),
]
LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


# -- the straightforward way: one wide join per network ----------------------------------------------------


def wide_policy_facts(store: Store, filters: Filters) -> list[Fact]:
    """Every policy with its issuers and sectors, from the rows of ``network/policy-links-by-date-range``."""
    facts: dict[str, Fact] = {}
    rows = get_query("network/policy-links-by-date-range").run(store, dates(filters))
    titles = network.first_titles(
        [{"item": row["policy"], "title": row[column]} for row in rows for column in ("title", "title_zh")
         if column in row], {str(row["policy"]) for row in rows})
    for row in rows:
        iri = str(row["policy"])
        item = Item(iri, titles[iri], date=str(row["issued"])[:10])
        fact = facts.setdefault(iri, Fact(item, str(row["ranked"]) == "1"))
        fact.agencies.add(str(row["agency"]))
        fact.sectors.update([str(row["sector"])] if "sector" in row else [])
    return list(facts.values())


def wide_company_facts(store: Store, filters: Filters) -> list[Fact]:
    """Every item naming a company, from the rows of ``network/company-links-by-date-range`` (the first row of an
    item gives its date, kind and text), its companies kept by the texts of ``network/item-texts``."""
    facts: dict[str, Fact] = {}
    mentioned: dict[str, set[str]] = defaultdict(set)
    for row in get_query("network/company-links-by-date-range").run(store, dates(filters)):
        iri = str(row["item"])
        text = network._clip(str(row.get("title") or row.get("text") or curie(iri)))
        item = Item(iri, text, str(row["kind"]) == "news", str(row["date"])[:10])
        fact = facts.setdefault(iri, Fact(item, str(row["ranked"]) == "1"))
        mentioned[iri].add(str(row["company"]))
        fact.sectors.update([str(row["sector"])] if "sector" in row else [])
        fact.agencies.update([str(row["agency"])] if "agency" in row else [])
    texts: dict[str, list[str]] = defaultdict(list)
    query = get_query("network/item-texts").text
    for row in store.select(query, {"item": [URIRef(iri) for iri in sorted(facts)]}) if facts else []:
        texts[str(row["item"])].append(str(row["text"]))
    names = network.company_names(store)
    for iri, fact in facts.items():
        fact.companies = network.subject_companies(mentioned[iri], texts[iri], names)
    return list(facts.values())


def dates(filters: Filters) -> dict[str, str]:
    return {"start": (filters.start or network.EARLIEST).isoformat(),
            "end": (filters.end or network.LATEST).isoformat()}


# -- comparing ---------------------------------------------------------------------------------------------


def snapshot(graph: nx.Graph) -> tuple:
    """Everything a network holds, as sorted plain values."""
    nodes = sorted((str(n), sorted((k, repr(v)) for k, v in a.items())) for n, a in graph.nodes(data=True))
    edges = sorted((*sorted((str(u), str(v))), sorted((k, repr(x)) for k, x in a.items()))
                   for u, v, a in graph.edges(data=True))
    return nodes, edges, sorted((k, repr(v)) for k, v in graph.graph.items() if k != "item_details")


def all_networks(store: Store) -> dict[str, tuple]:
    return {f"{kind} {filters.describe()}": snapshot(build_network(store, kind, filters))
            for kind in KINDS for filters in FILTERS}


def wide_networks(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple]:
    with monkeypatch.context() as patched:
        patched.setattr(network, "policy_facts", wide_policy_facts)
        patched.setattr(network, "company_facts", wide_company_facts)
        return all_networks(store)


def assert_same_networks(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple]:
    wide = wide_networks(store, monkeypatch)
    for scan_from in (0, 10**9):  # every row read, then the items bound in batches (small, to have several)
        with monkeypatch.context() as patched:
            patched.setattr(network, "SCAN_FROM", scan_from)
            patched.setattr(network, "ITEM_BATCH", 16)
            narrow = all_networks(store)
        for name in wide:
            assert narrow[name] == wide[name], f"{name} (scan from {scan_from})"
    return wide


# -- the tests ---------------------------------------------------------------------------------------------


def test_narrow_reads_build_the_networks_of_the_wide_queries(loaded_store: Store,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    wide = assert_same_networks(loaded_store, monkeypatch)
    assert all(edges for kind, (_, edges, _) in wide.items() if kind.endswith("policies and news"))


def load_samples(store: Store) -> Store:
    """``store`` with the vocabularies and the sample digests loaded."""
    load_reference_graphs(store)
    for path in resources.sample_digest_paths("merics-china-industries"):
        ingest_file(store, path, loaded_at=LOADED_AT)
    return store


@pytest.fixture()
def own_store(tmp_path: Path):
    with open_store(tmp_path / "store") as store:
        yield load_samples(store)


def test_still_the_same_after_a_digest_is_replaced_and_another_removed(own_store: Store, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, *_ = resources.sample_digest_paths("merics-china-industries")
    before = wide_networks(own_store, monkeypatch)
    text = second.read_text(encoding="utf-8")
    changed = tmp_path / second.name
    changed.write_text(text.replace("(MIIT)", "(NDRC)").replace("BMW", "BYD"), encoding="utf-8")
    ingest_file(own_store, changed, loaded_at=LOADED_AT)
    replaced = assert_same_networks(own_store, monkeypatch)
    assert replaced != before
    own_store.delete_graph(ingest_file(own_store, first, loaded_at=LOADED_AT).graph)
    assert assert_same_networks(own_store, monkeypatch) != replaced


@pytest.fixture(scope="module")
def remote_store(sparql_server):
    with open_store(sparql_server.url) as store:
        for name in store.graph_names():
            store.delete_graph(name)
        yield load_samples(store)


def test_narrow_reads_on_a_sparql_server(remote_store: Store, loaded_store: Store,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert assert_same_networks(remote_store, monkeypatch) == wide_networks(loaded_store, monkeypatch)


@pytest.mark.parametrize("kind", KINDS)
def test_a_network_carries_the_details_its_page_shows(loaded_store: Store, kind: str) -> None:
    from policygraph import visualize

    graph = build_network(loaded_store, kind)
    read = visualize.item_details(loaded_store, graph.graph["item_details"])
    carried = visualize.attach_details(graph, loaded_store).graph["details"]
    assert {i: (d.title_zh, d.date) for i, d in carried.items()} == {i: (d.title_zh, d.date) for i, d in read.items()}
    assert kind == "company-sector" or any(d.title_zh for d in carried.values())
