"""The co-issuance network reads only the policies with two issuers or more, and their sectors only for a sector
filter (``network.co_issuance_facts``); these tests check that it builds exactly the network that the facts of
every policy (``network.policy_facts``, itself checked against the wide query in ``test_network_reads.py``) build,
with the items bound in batches and with every row read."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from policygraph import network
from policygraph.network import Filters, co_issuance_facts, co_issuance_network
from policygraph.store import Store

FILTERS = [
    Filters(),
    Filters(include_news=False, agency="MIIT"),
    Filters(sector="batteries", start=dt.date(2021, 1, 1)),
    Filters(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), level=1),
]


def snapshot(graph: nx.Graph) -> tuple:
    """Everything a network holds, its graph attributes included, as sorted plain values."""
    nodes = sorted((str(n), sorted((k, repr(v)) for k, v in a.items())) for n, a in graph.nodes(data=True))
    edges = sorted((*sorted((str(u), str(v))), sorted((k, repr(x)) for k, x in a.items()))
                   for u, v, a in graph.edges(data=True))
    return nodes, edges, sorted((k, repr(v)) for k, v in graph.graph.items())


@pytest.mark.parametrize("scan_from", [0, 10**9], ids=["every row read", "items bound"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
def test_co_issuance_reads_build_the_network_of_every_policys_facts(loaded_store: Store,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    filters: Filters, scan_from: int) -> None:
    monkeypatch.setattr(network, "SCAN_FROM", scan_from)
    monkeypatch.setattr(network, "ITEM_BATCH", 16)
    narrow = snapshot(co_issuance_network(loaded_store, filters))
    monkeypatch.setattr(network, "co_issuance_facts", network.policy_facts)
    assert snapshot(co_issuance_network(loaded_store, filters)) == narrow
    assert narrow[1], "the samples have co-issued policies under these filters"


def test_co_issuance_facts_are_the_co_issued_policies_and_read_sectors_only_for_the_sector_filter(
        loaded_store: Store) -> None:
    every = {fact.item.iri: fact for fact in network.policy_facts(loaded_store, Filters())}
    facts = co_issuance_facts(loaded_store, Filters())
    assert {fact.item.iri for fact in facts} == {iri for iri, fact in every.items() if len(fact.agencies) >= 2}
    assert all(not fact.sectors for fact in facts)
    by_sector = co_issuance_facts(loaded_store, Filters(sector="batteries"))
    assert all(fact.sectors == every[fact.item.iri].sectors for fact in by_sector)
    assert any(fact.sectors for fact in by_sector)
