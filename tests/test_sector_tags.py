"""Sector tags: the core tags (what the graph says a policy concerns) judged by hand on the real seed digests,
and the rules that keep proper names and example lists out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policygraph.extract.sectors import core, tag_sectors
from policygraph.parse import parse_file

HERE = Path(__file__).parent
JUDGED = json.loads((HERE / "data" / "sector-tags" / "seeds.json").read_text(encoding="utf-8"))
SEEDS = HERE.parent.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared (the seed digests) is not beside this checkout")
def test_core_sector_tags_on_the_seeds_are_at_least_085_precise() -> None:
    right = wrong = 0
    digests = {name: parse_file(SEEDS / name) for name in {e["source"] for e in JUDGED["entries"]}}
    for entry in JUDGED["entries"]:
        policy = next(p for p in digests[entry["source"]].policies if p.rank == entry["rank"])
        tags = {t.key for t in core(policy.sectors)}
        unjudged = tags - set(entry["about"]) - set(entry["not_about"])
        assert not unjudged, f"{entry['source']} #{entry['rank']}: judge these tags first: {sorted(unjudged)}"
        right += len(tags & set(entry["about"]))
        wrong += len(tags & set(entry["not_about"]))
    assert right / (right + wrong) >= 0.85


def test_a_sector_in_a_proper_name_or_an_example_list_is_not_a_tag() -> None:
    tags = tag_sectors([("bullet", "List on the Shenzhen Stock Exchange and insure with Ping An Insurance"),
                        ("text", "Cities will use tools such as big data to monitor output")])
    assert tags == ()


def test_each_tag_records_the_strongest_part_it_was_read_from() -> None:
    tags = tag_sectors([("bullet", "Build more batteries"), ("title", "Plan for the Battery Industry")])
    assert [(t.key, t.basis) for t in tags] == [("batteries", "title")]
    assert core(tag_sectors([("bullet", "Build more batteries")])) == ()
