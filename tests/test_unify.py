"""One node per policy across digests (``policygraph.unify``): reports of invented policies built from model
objects, stored digest by digest, and unified against what the store holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from policygraph.build import DigestGraph, build_digest
from policygraph.model import Digest, PolicyEntry, Ref, Span
from policygraph.namespaces import PG
from policygraph.store import Store, open_store
from policygraph.unify import unify_policies

MIIT = Ref("miit", "MIIT")
TITLE = "Action Plan for Tidal Energy Equipment"
LOADED_AT = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store") as opened:
        yield opened


def digest(name: str, day: dt.date, title_en: str | None = None, title_zh: str | None = None,
           status: str = "issued") -> DigestGraph:
    """The graph of an invented digest ``name`` reporting one policy issued by MIIT on ``day``."""
    entry = PolicyEntry(rank=1, headline=title_en or title_zh, title_en=title_en, title_zh=title_zh,
                        span=Span("Item 1", 3, 5), issuers=(MIIT,), date=day, status=status)
    parsed = Digest(source=f"{name}.md", publisher="Example", title=name, date=day, period=None, authors=(),
                    editors=(), policies=(entry,), news=(), checksum="0" * 64)
    return build_digest(parsed, LOADED_AT)


def stored(store: Store, built: DigestGraph) -> DigestGraph:
    """``built`` unified against the store, then stored."""
    unify_policies(store, built.graph, built.name)
    store.replace_graph(built.name, built.graph)
    return built


def policies(built: DigestGraph) -> set[URIRef]:
    return {p for p in built.graph.subjects(RDF.type, PG.Policy) if isinstance(p, URIRef)}


def test_a_similar_title_near_in_date_takes_the_stored_policys_iri(store: Store) -> None:
    first = stored(store, digest("tide-a", dt.date(2030, 3, 1), TITLE))
    second = digest("tide-b", dt.date(2030, 3, 20), "Action Plan on Tidal Energy Equipment")
    old = policies(second)
    renames = unify_policies(store, second.graph, second.name)
    assert renames == {next(iter(old)): next(iter(policies(first)))}
    assert policies(second) == policies(first)
    passage = second.graph.value(next(iter(policies(second))), PROV.wasDerivedFrom)
    assert second.graph.value(passage, PG.matchedOn) == Literal("fuzzy-english-title")
    assert 0.9 <= float(second.graph.value(passage, PG.matchSimilarity)) <= 1.0


def test_a_report_with_the_same_key_needs_no_rename_and_no_note(store: Store) -> None:
    first = stored(store, digest("tide-a", dt.date(2030, 3, 1), TITLE))
    second = digest("tide-b", dt.date(2030, 3, 1), TITLE)
    assert policies(second) == policies(first)
    assert unify_policies(store, second.graph, second.name) == {}
    assert not list(second.graph.triples((None, PG.matchedOn, None)))


def test_a_weaker_match_is_a_candidate_for_a_person_not_a_merge(store: Store) -> None:
    first = stored(store, digest("tide-a", dt.date(2030, 3, 1), TITLE))
    second = digest("tide-b", dt.date(2030, 3, 10), "Guidelines for Tidal Energy Equipment Exports")
    assert unify_policies(store, second.graph, second.name) == {}
    (mine,), (theirs,) = policies(second), policies(first)
    assert (mine, PG.possiblySameAs, theirs) in second.graph
    candidate = next(second.graph.subjects(RDF.type, PG.SameAsCandidate))
    assert set(second.graph.objects(candidate, PG.candidatePolicy)) == {mine, theirs}


def test_a_title_far_in_date_is_another_policy(store: Store) -> None:
    stored(store, digest("tide-a", dt.date(2030, 3, 1), TITLE))
    second = digest("tide-b", dt.date(2031, 3, 1), "Action Plan on Tidal Energy Equipment")
    assert unify_policies(store, second.graph, second.name) == {}
    assert not list(second.graph.triples((None, PG.possiblySameAs, None)))


def test_a_draft_is_linked_to_its_final_text_not_merged(store: Store) -> None:
    final = stored(store, digest("tide-a", dt.date(2030, 3, 1), title_zh="潮汐能装备行动计划"))
    draft = digest("tide-b", dt.date(2030, 1, 5), title_zh="潮汐能装备行动计划（征求意见稿）",
                   status="draft-for-comment")
    assert unify_policies(store, draft.graph, draft.name) == {}
    (mine,), (theirs,) = policies(draft), policies(final)
    assert mine != theirs and (mine, PG.draftOf, theirs) in draft.graph


def test_the_digests_own_earlier_copy_is_never_compared(store: Store) -> None:
    """A corrected digest reloaded into its own graph: what that graph holds is not another digest's report."""
    first = stored(store, digest("tide-a", dt.date(2030, 3, 1), TITLE))
    corrected = digest("tide-a", dt.date(2030, 3, 20), "Action Plan on Tidal Energy Equipment")
    assert unify_policies(store, corrected.graph, first.name) == {}
    assert unify_policies(store, corrected.graph, corrected.name) != {}  # under another name it would merge
