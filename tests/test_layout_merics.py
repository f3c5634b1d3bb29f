"""The MERICS China Industries reader on its web-page form: the samples in ``data/digests/merics-web/`` and small
pages written to hit one trap each (photo captions, crawl stamps, contents lists, issuers named only in prose)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph import resources
from policygraph.layouts import detect
from policygraph.layouts.base import Document, clean_lines
from policygraph.parse import parse_file, parse_lines
from policygraph.read import read_digest

WEB = {p.name: p for p in resources.sample_digest_paths() if p.parent.name == "merics-web"}


def _page(text: str, name: str = "page.txt"):
    return parse_lines(text.strip("\n").splitlines(), Path(name))


def _issuers(entry) -> list[str]:
    return [r.label for r in entry.issuers]


HEADER = """\
Photo: Engineers test a wind turbine blade in Jiangsu province on June 3, 2021. (picture alliance / Xinhua)
MERICS Briefs
MERICS China Industries
9 min read

Wind power + Chip subsidies + Ports
"""

ENTRY = """\
At a glance: The National Energy Administration (NEA) released a plan for offshore wind. Targets for 2025 include:
  • Connect 30 gigawatts of offshore wind capacity to the grid
MERICS comment: Goldwind and Mingyang will profit.
"""


def test_the_web_samples_are_read_by_the_merics_layout() -> None:
    assert sorted(WEB) == ["battery-champions-web-copy.txt", "data-labelling-web-copy.txt",
                           "hydrogen-corridors-web-page.html"]
    for path in WEB.values():
        digest = parse_file(path)
        assert digest.layout == "merics-china-industries", path.name
        assert digest.publisher == "MERICS"


def test_a_date_in_a_photo_caption_or_a_crawl_stamp_is_not_the_issue_date() -> None:
    battery = parse_file(WEB["battery-champions-web-copy.txt"])
    labelling = parse_file(WEB["data-labelling-web-copy.txt"])
    assert battery.date is None and labelling.date is None
    assert any("no digest date" in p.message for p in battery.problems)
    assert str(parse_file(WEB["hydrogen-corridors-web-page.html"]).date) == "2022-04-12"


def test_an_issue_date_line_below_the_title_is_read() -> None:
    digest = _page(HEADER + "December 7, 2021 | 9 min read\n\nMERICS Top 5\n\nOffshore wind gets a push\n\n" + ENTRY)
    assert str(digest.date) == "2021-12-07"
    assert _page(HEADER + "Retrieved December 9, 2021 from merics.org\n\n" + "Offshore wind\n" + ENTRY).date is None


def test_the_issue_title_and_the_authors_of_a_page() -> None:
    battery = parse_file(WEB["battery-champions-web-copy.txt"])
    assert battery.title == "China Industries: Technology export licences + Battery champions + Smart factories"
    assert battery.authors == ("Laura Keller", "Daniel Wu")
    assert parse_file(WEB["data-labelling-web-copy.txt"]).authors == ("Sofia Brandt", "Kenji Marlow")
    assert parse_file(WEB["hydrogen-corridors-web-page.html"]).authors == ("Marta Lindqvist", "Tobias Grün")


def test_series_lines_are_not_authors_and_a_briefing_title_is_kept() -> None:
    digest = _page("MERICS Briefs\nMERICS China Industries\n11 min read\n\n"
                   "MERICS China Industries Briefing - October 2020\n\n1. Offshore wind gets a push\n\n" + ENTRY)
    assert digest.authors == ()
    assert digest.title == "China Industries Briefing - October 2020"
    assert digest.date is None


def test_a_contents_list_is_never_an_entry_and_an_unnumbered_first_entry_is_read() -> None:
    battery = parse_file(WEB["battery-champions-web-copy.txt"])
    assert [(p.rank, p.headline) for p in battery.policies] == [
        (1, "MOFCOM adds battery know-how to the export licensing catalogue"),
        (2, "Battery champions: Beijing wants bigger producers, not more of them"),
        (3, "Smart factories are to reach every major industrial cluster"),
    ]
    labelling = parse_file(WEB["data-labelling-web-copy.txt"])
    assert [p.headline for p in labelling.policies] == [
        "Nine agencies want to turn data labelling into an industry",
        "Six agencies led by MIIT chart a course for the low-altitude economy",
    ]


def test_the_last_contents_line_does_not_lend_an_entry_its_headline_or_sector() -> None:
    page = HEADER + ("In this issue we look at the following topics:\n  1. Offshore wind gets a push\n"
                     "  2. Semiconductor fund raises capital\n\n") + ENTRY
    [entry] = _page(page).policies
    assert entry.headline is None
    assert "semiconductors" not in {s.key for s in entry.sectors}
    assert _issuers(entry) == ["NEA"]


def test_issuers_named_in_the_prose() -> None:
    battery = parse_file(WEB["battery-champions-web-copy.txt"])
    assert [(_issuers(p), p.issuer_count) for p in battery.policies] == [
        (["MOFCOM"], 1), (["MIIT"], 8), (["State Council"], 1)]
    nine = parse_file(WEB["data-labelling-web-copy.txt"]).policies[0]
    assert nine.issuers == ()
    assert any("names no issuing body" in p.message for p in nine.problems)


def test_labelled_fields_still_win_on_a_web_page() -> None:
    hydrogen = parse_file(WEB["hydrogen-corridors-web-page.html"])
    first = hydrogen.policies[0]
    assert first.title_zh == "氢能产业发展中长期规划（2021-2035年）"
    assert _issuers(first) == ["NDRC", "NEA"] and str(first.date) == "2022-03-23"
    assert [(n.kind, str(n.date)) for n in hydrogen.news] == [
        ("policy", "2022-03-25"), ("policy", "2022-04-02"), ("corporate", "2022-03-29")]


def test_a_draft_named_in_the_prose_but_not_a_draft_that_was_adopted() -> None:
    drugs = parse_file(WEB["hydrogen-corridors-web-page.html"]).policies[2]
    assert drugs.status == "draft-for-comment"
    plenum = _page(HEADER + "1. Plenum sets priorities\n\nAt a glance: The Central Committee of the Chinese "
                            "Communist Party (CCP) adopted draft proposals for the 14th Five-Year Plan.\n")
    assert plenum.policies[0].status == "issued"


def test_targets_on_the_web_samples_skip_ranks_thresholds_and_scopes() -> None:
    battery = parse_file(WEB["battery-champions-web-copy.txt"])
    champions, factories = battery.policies[1], battery.policies[2]
    assert [(t.target.value, t.target.year) for t in champions.targets] == [
        (15, 2027), (80, 2027), (20, None), (70, 2027)]
    assert [(t.target.value, t.target.year) for t in factories.targets] == [(70, 2027), (200, 2027)]
    aviation = parse_file(WEB["data-labelling-web-copy.txt"]).policies[1]
    assert [t.target.value for t in aviation.targets] == [1e12, 10, 3]


@pytest.mark.parametrize("name", sorted(WEB))
def test_detect_picks_the_merics_layout_for_each_web_sample(name: str) -> None:
    source = read_digest(WEB[name])
    doc = Document(source.path, clean_lines(source.lines), source.checksum, source.form)
    assert detect(doc).name == "merics-china-industries"


def test_a_page_cut_by_a_subscription_notice_says_so() -> None:
    battery = parse_file(WEB["battery-champions-web-copy.txt"])
    assert any("paywall" in p.message for p in battery.problems)


def test_a_web_entry_takes_the_title_its_at_a_glance_prose_says_was_released() -> None:
    from policygraph.layouts.merics import _prose_title

    assert _prose_title("The National Development and Reform Commission (NDRC) issued the 14th Five-Year Plan for "
                        "Circular Economy Development. By 2025 it aims to:") == (
        "14th Five-Year Plan for Circular Economy Development")
    assert _prose_title("MIIT and seven other agencies issued an action plan to curb battery capacity.") is None
    assert _prose_title("Building on the Opinions on Green Growth, the NDRC released a catalogue of projects.") is None
