"""Numeric objectives read from bullets and sentences: what counts as a target, its value, unit and years."""

from __future__ import annotations

import pytest

from policygraph.targets import bullet_year, lead_in_years, read_targets


def _read(text: str, *, bullet: bool = True, year: int | None = None) -> list[tuple[float, int | None]]:
    return [(t.target.value, t.target.year) for t in read_targets(text, 7, bullet=bullet, target_year=year)]


def test_a_year_that_closes_a_bullet_applies_to_every_clause() -> None:
    text = ("Achieve breakthroughs in 100 calibration technologies, revise 300 metrology standards, cultivate 50 "
            "instrument makers, and establish 10 testing centres by 2027")
    assert _read(text) == [(100, 2027), (300, 2027), (50, 2027), (10, 2027)]


def test_a_year_that_opens_a_bullet_applies_to_every_clause() -> None:
    assert _read("By 2025, launch 100 products; set 40 standards") == [(100, 2025), (40, 2025)]


def test_a_clause_keeps_its_own_year_over_the_bullet_year() -> None:
    text = "Raise the NEV share to 20 percent by 2025, and raise it to 40 percent by 2030"
    assert _read(text) == [(20, 2025), (40, 2030)]


def test_the_year_of_a_baseline_is_not_the_target_year() -> None:
    [target] = read_targets("Lift R&D intensity to at least 7.8 percent, up from 6.8 percent in 2020", 1,
                            bullet=True, target_year=2025)
    assert (target.target.value, target.target.year) == (7.8, 2025)
    assert (target.baseline.value, target.baseline.year) == (6.8, 2020)
    assert target.qualifier == "at least"


def test_a_target_followed_by_its_year() -> None:
    [target] = read_targets("Lift the recycling rate from 50 percent in 2023 to 70 percent in 2027", 1, bullet=True)
    assert (target.baseline.value, target.baseline.year, target.target.value, target.target.year) == (
        50, 2023, 70, 2027)


@pytest.mark.parametrize("text", [
    "Push six to eight firms into the global top 50 and make one Chinese brand the No. 1 supplier",
    "Get 6-8 firms into the global top 50",
    "Have 3 Chinese chipmakers among the world's top 10",
    "Place 5 firms in the Fortune Global 500",
])
def test_ranks_and_positions_are_not_targets(text: str) -> None:
    assert _read(text) == []


def test_a_share_measured_among_top_firms_is_still_a_target() -> None:
    assert _read("Cover at least the top 10 percent of firms by revenue, and raise the share of certified "
                 "firms to 30 percent") == [(30, None)]


@pytest.mark.parametrize(("text", "want"), [
    ("Support 15 enterprises to reach revenue of over CNY 100 billion", [(15, None)]),
    ("Cultivate 5 software firms with annual revenue above CNY 10 billion", [(5, None)]),
    ("Support 3 aircraft makers to reach annual sales of over CNY 10 billion", [(3, None)]),
    ("Serve households with more than 1 million users", []),
])
def test_thresholds_that_describe_the_counted_things_are_not_targets(text: str, want: list) -> None:
    assert _read(text) == want


def test_an_amount_the_industry_is_to_reach_is_a_target() -> None:
    [target] = read_targets("Raise revenue of the software industry to CNY 500 billion, up from CNY 260 billion "
                            "in 2021", 1, bullet=True, target_year=2025)
    assert (target.target.value, target.baseline.value, target.unit) == (500e9, 260e9, "CNY")


def test_the_size_of_a_whole_set_is_a_scope_not_a_target() -> None:
    assert _read("Open drone delivery routes in all 31 provinces") == []
    assert _read("Set up platforms in each of the 45 clusters, and build 200 smart factories") == [(200, None)]


def test_a_range_is_one_target_at_its_upper_end() -> None:
    [target] = read_targets("Produce 100,000 to 200,000 tonnes of green hydrogen a year", 1, bullet=True)
    assert (target.target.value, target.unit, target.baseline) == (200_000, "tonnes", None)


def test_a_number_after_for_is_read_but_a_duration_is_not() -> None:
    assert _read("Complete data security training for 30,000 people") == [(30_000, None)]
    assert _read("Complete approvals for new projects within 45 days") == []


def test_the_counted_noun_is_the_unit_of_a_plain_number() -> None:
    [target] = read_targets("Build 200 smart factories that serve as national benchmarks", 1, bullet=True)
    assert (target.unit, target.metric) == ("smart factories", "smart factories")


def test_items_of_a_list_get_their_own_metric() -> None:
    targets = read_targets("Launch 100 innovative products, build 100 leading enterprises and cultivate 100 "
                           "professional organizations", 1, bullet=True)
    assert [t.metric for t in targets] == ["innovative products", "leading enterprises",
                                           "professional organizations"]


def test_bullet_year_and_lead_in_years() -> None:
    assert bullet_year("By 2025, set up incubators") == 2025
    assert bullet_year("Raise the share to 30 percent by the end of 2027.") == 2027
    assert bullet_year("Raise the share to 30 percent, up from 20 percent in 2020") is None
    assert lead_in_years("The government has set targets for 2025, taking 2020 as the baseline year") == (2025, 2020)


def test_a_descriptive_bullet_sets_no_target() -> None:
    assert _read("Requires data transfer requests to be reassessed every 2 years") == []
