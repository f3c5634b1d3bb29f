"""The "news-updates" layout: dated policy news items under month or topic headings."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest

from policygraph import resources
from policygraph.errors import DigestSyntaxError
from policygraph.layouts import all_layouts, detect, get_layout, news_updates
from policygraph.layouts.base import Document, clean_lines
from policygraph.layouts.news_updates import date_hits, heading_title, is_other, title_after_verb
from policygraph.model import Digest, NewsItem
from policygraph.parse import parse_file, parse_lines
from policygraph.read import read_digest

SAMPLES = {p.name: p for p in resources.sample_digest_paths("news-updates")}


def _read(text: str, name: str = "inline.md") -> Digest:
    return parse_lines(text.splitlines(), Path(name), layout="news-updates")


def _document(path: Path) -> Document:
    source = read_digest(path)
    return Document(source.path, clean_lines(source.lines), source.checksum, source.form)


def _policy(digest: Digest, words: str):
    return next(p for p in digest.policies if p.title_en and words in p.title_en)


# --------------------------------------------------------------------------- the samples


@pytest.mark.parametrize("name", sorted(n for n in SAMPLES if not n.startswith("README")))
def test_each_sample_is_detected_as_news_updates_and_read_by_it(name: str) -> None:
    assert detect(_document(SAMPLES[name])).name == "news-updates"
    assert parse_file(SAMPLES[name]).layout == "news-updates"


@pytest.mark.parametrize("path", [p for p in resources.sample_digest_paths() if p.parent.name != "news-updates"],
                         ids=lambda p: p.name)
def test_no_other_layouts_sample_is_taken_for_a_news_update(path: Path) -> None:
    if path.name.startswith("README"):
        pytest.skip("not a digest")
    doc = _document(path)
    ours = get_layout("news-updates").recognise(doc)
    assert ours < max(layout.recognise(doc) for layout in all_layouts() if layout.name != "news-updates")


def test_december_items_of_a_january_digest_are_of_the_year_before() -> None:
    digest = parse_file(SAMPLES["policy-ticker-2025-01.txt"])
    assert digest.date == dt.date(2025, 1, 8)
    dates = {p.title_en: p.date for p in digest.policies}
    assert dates["MOFCOM Announcement No. 46 of 2024"] == dt.date(2024, 12, 3)
    assert dates["MOFCOM Announcement No. 1 of 2025"] == dt.date(2025, 1, 2)
    assert [n.date for n in digest.news] == [dt.date(2024, 12, 30), dt.date(2025, 1, 1)]


def test_an_item_with_only_a_document_number_goes_by_that_number() -> None:
    digest = parse_file(SAMPLES["policy-ticker-2025-01.txt"])
    first = digest.policies[0]
    assert (first.rank, first.doc_number, [r.label for r in first.issuers]) == (
        1, "MOFCOM Announcement No. 46 of 2024", ["MOFCOM"])


def test_the_issuing_agency_line_gives_the_issuers_and_the_text_the_dates() -> None:
    digest = parse_file(SAMPLES["sme-policy-news-2024-10.md"])
    regulations = _policy(digest, "Network Data Security")
    assert [r.label for r in regulations.issuers] == ["State Council"]
    assert regulations.title_zh == "网络数据安全管理条例"
    assert regulations.doc_number == "State Council Decree No. 790"
    assert (regulations.date, regulations.effective) == (dt.date(2024, 9, 30), dt.date(2025, 1, 1))
    negative_list = _policy(digest, "Negative List")
    assert [r.label for r in negative_list.issuers] == ["NDRC", "MOFCOM"]
    assert (negative_list.date, negative_list.effective) == (dt.date(2024, 9, 8), dt.date(2024, 11, 1))


def test_a_comment_deadline_is_not_the_date_and_a_draft_is_a_draft() -> None:
    digest = parse_file(SAMPLES["sme-policy-news-2024-10.md"])
    labelling = _policy(digest, "Labelling Artificial Intelligence")
    assert labelling.date == dt.date(2024, 9, 14)
    assert labelling.status == "draft-for-comment"
    assert labelling.title_zh == "人工智能生成合成内容标识办法（征求意见稿）"


def test_an_item_that_reports_no_document_is_news() -> None:
    digest = parse_file(SAMPLES["sme-policy-news-2024-10.md"])
    assert len(digest.policies) == 4
    (courses,) = digest.news
    assert courses.kind == "policy" and [r.label for r in courses.agencies] == ["MIIT"] and courses.date is None


def test_highlights_are_not_items_and_a_news_heading_does_not_become_the_title() -> None:
    digest = parse_file(SAMPLES["tech-regulation-bimonthly-2024-07-08.md"])
    assert [p.rank for p in digest.policies] == [1, 2, 3, 4]
    iot = digest.policies[0]
    assert iot.headline == "MIIT and SAC publish guidelines for building the IoT standards system"
    assert iot.title_en == "Guidelines for the Construction of the Internet of Things Standards System (2024 Edition)"
    assert iot.date == dt.date(2024, 8, 26)
    assert [(t.target.value, t.target.year) for t in iot.targets] == [(30, 2025)]


def test_co_issuers_and_their_stated_number() -> None:
    digest = parse_file(SAMPLES["tech-regulation-bimonthly-2024-07-08.md"])
    ai = digest.policies[3]
    assert [r.label for r in ai.issuers] == ["MIIT", "CAC", "NDRC", "SAC"]
    assert ai.issuer_count == 4


def test_a_company_named_like_an_agency_is_never_an_issuer() -> None:
    digest = parse_file(SAMPLES["tech-regulation-bimonthly-2024-07-08.md"])
    corporate = [n for n in digest.news if n.kind == "corporate"]
    assert [[c.label for c in n.companies] for n in corporate] == [["SAIC Motor", "Huawei"]]
    assert corporate[0].agencies == ()


def test_an_html_list_dates_each_item_by_its_text_before_its_date_line() -> None:
    digest = parse_file(SAMPLES["standards-news-2025-04.html"])
    battery = digest.policies[0]
    assert battery.title_en == "Safety Requirements for Power Batteries of Electric Vehicles"
    assert (battery.date, battery.effective) == (dt.date(2025, 3, 28), dt.date(2026, 7, 1))
    assert battery.status == "issued"  # "which MIIT had drafted" is not a draft
    assert digest.policies[2].date == dt.date(2024, 12, 19)
    assert digest.date == dt.date(2025, 4, 10)


# --------------------------------------------------------------------------- small digests


MONTHLY = """\
# Policy news

Published: 8 January 2025

## December 2024

### Measures for the Administration of Data Labelling Bases

Issuing agency: National Data Administration

On 30 December the NDA issued the measures, which take effect on 1 February.

## November 2024

### Notice on Promoting Satellite Internet

Issuing agency: Ministry of Finance, General Administration of Taxation

The notice was published on 12 November.
"""


def test_a_day_and_month_take_the_year_of_their_month_heading() -> None:
    digest = _read(MONTHLY)
    assert [p.date for p in digest.policies] == [dt.date(2024, 12, 30), dt.date(2024, 11, 12)]
    assert digest.policies[0].effective == dt.date(2025, 2, 1)
    assert [p.span.section for p in digest.policies] == ["December 2024", "November 2024"]


def test_an_unknown_issuing_body_is_a_problem_with_its_line() -> None:
    notice = _read(MONTHLY).policies[1]
    assert [r.label for r in notice.issuers] == ["MOF"]
    assert [(p.line, p.message) for p in notice.problems] == [
        (17, "unknown issuing body 'General Administration of Taxation'")]


STAMPS = """\
Data rules ticker
Last updated: 3 March 2025

Data and cybersecurity

On 14 February, the CAC released the Measures for Personal Information Protection Compliance Audits.

On 20 February, MIIT published the Catalogue of Key Industrial Data (Draft for Comment).

Crawled: 2025-03-04 10:15 UTC
"""


def test_crawl_and_updated_stamps_date_nothing() -> None:
    digest = _read(STAMPS)
    assert digest.date is None
    assert [p.date for p in digest.policies] == [None, None]
    assert any("no digest date" in p.message for p in digest.problems)
    assert [p.status for p in digest.policies] == ["issued", "draft-for-comment"]


def test_a_defined_short_form_is_never_the_title() -> None:
    digest = _read(
        "Regulatory update\n\n1. Seven authorities issue rules on generative AI (13 July 2023)\n\n"
        "On 13 July, the CAC released the Interim Measures for the Management of Generative Artificial Intelligence"
        " Services (the “AI Measures”), in conjunction with the NDRC, MOST and MIIT. The AI Measures took effect on"
        " 15 August 2023.\n")
    (measures,) = digest.policies
    assert measures.title_en == "Interim Measures for the Management of Generative Artificial Intelligence Services"
    assert [r.label for r in measures.issuers] == ["CAC", "NDRC", "MOST", "MIIT"]
    assert (measures.date, measures.effective) == (dt.date(2023, 7, 13), dt.date(2023, 8, 15))


def test_a_text_without_items_is_refused() -> None:
    with pytest.raises(DigestSyntaxError):
        _read("Shopping list\n\neggs\nmilk\nbread\n")


def test_news_items_keep_their_text_and_kind() -> None:
    digest = _read("Ticker\n8 January 2025\n\nOn 1 January, BYD said it sold more than 4.2 million cars in 2024.\n"
                   "\nOn 2 January, the NDA said it had picked seven pilot cities for data labelling.\n")
    kinds = [(n.kind, n.date) for n in digest.news if isinstance(n, NewsItem)]
    assert kinds == [("corporate", dt.date(2025, 1, 1)), ("policy", dt.date(2025, 1, 2))]
    assert digest.policies == ()


# --------------------------------------------------------------------------- helpers


def test_dates_in_effect_or_deadline_phrases_are_not_issue_dates() -> None:
    text = "Released on 8 September, the list takes effect on 1 November; comments are due by 25 August."
    hits = date_hits(text)
    assert [(h.month, h.day) for h in hits] == [(9, 8), (11, 1), (8, 25)]
    assert [is_other(text, h) for h in hits] == [False, True, True]


def test_a_lower_case_month_word_is_no_date() -> None:
    assert date_hits("Article 5 may apply to platforms") == []


@pytest.mark.parametrize(("text", "title"), [
    ("The State Council issued the Opinions on Improving the Market Access System, introducing ten measures.",
     "Opinions on Improving the Market Access System"),
    ("CAC Seeks Public Comments on the Administrative Measures for Release of Information on Cyber Security Threats",
     "Administrative Measures for Release of Information on Cyber Security Threats"),
    ("MIIT issued a call for comments on the recommended national standard GB/T Taxonomy of Driving Automation for "
     "Vehicles.", "Taxonomy of Driving Automation for Vehicles"),
    ("The MIIT released a list of apps that infringe user rights.", None),
])
def test_the_title_after_a_release_verb(text: str, title: str | None) -> None:
    assert title_after_verb(text) == title


def test_docstring_examples() -> None:
    result = doctest.testmod(news_updates)
    assert result.attempted >= 3 and result.failed == 0


def test_a_source_line_with_a_date_gives_the_issuer_and_the_date() -> None:
    digest = parse_file(SAMPLES["financial-regulation-roundup-2025-09.md"])
    first = _policy(digest, "Capital Margin")
    assert [r.label for r in first.issuers] == ["NFRA"] and first.date == dt.date(2025, 9, 5)
    assert not [p for p in first.problems if "unknown" in p.message]  # "(2025-09-05)" is no issuing body
    assert len(digest.policies) == 3 and not digest.news  # the "Further reading" references are not items


def test_a_page_that_opens_with_an_item_has_no_title_and_reads_that_item() -> None:
    digest = parse_file(SAMPLES["policy-news-2025-11-page.md"])
    assert digest.title is None
    law = _policy(digest, "Cybersecurity Law")
    assert [r.label for r in law.issuers] == ["NPC"] and law.effective == dt.date(2026, 1, 1)
    vanillin = _policy(digest, "Vanillin")
    assert vanillin.status == "draft-for-comment" and vanillin.date == dt.date(2025, 8, 28)


def test_a_week_in_the_title_is_the_period_and_a_menu_bar_is_no_title() -> None:
    digest = _read("App | 中文 |\n\nState Council policy moves in the past week (Aug 14-20)\n\n"
                   "Published: 22 August 2016\n\nGuideline on the disabled\n\nOn Aug 18, the State Council issued "
                   "the Outline on Improving Lives of the Disabled.\n")
    assert digest.title == "State Council policy moves in the past week (Aug 14-20)"
    assert digest.period == (dt.date(2016, 8, 14), dt.date(2016, 8, 20))
    assert [(p.title_en, p.date) for p in digest.policies] == [
        ("Outline on Improving Lives of the Disabled", dt.date(2016, 8, 18))]


def test_a_citation_line_is_not_an_item() -> None:
    digest = _read("October 2024\n\nNotice on Widgets\nMIIT\nOn 3 October, MIIT issued the Notice on Widgets.\n\n"
                   "Jane Doe (October 7, 2024). \u201cWidgets notice explained.\u201d Widget Weekly\n")
    assert [p.title_en for p in digest.policies] == ["Notice on Widgets"] and not digest.news


def test_a_tracker_card_takes_its_issuer_and_month_from_the_line_above_it() -> None:
    digest = parse_file(SAMPLES["policy-tracker-cards-2020-12.md"])
    first, second = digest.policies
    assert first.title_zh == "国家互联网信息办公室关于《常见类型移动互联网应用程序(App)必要个人信息范围》征求意见的通知"
    assert ([r.label for r in first.issuers], first.date, first.status) == (["CAC"], dt.date(2020, 12, 1),
                                                                            "draft-for-comment")
    assert second.date == dt.date(2020, 12, 9) and [r.label for r in second.issuers] == ["MIIT"]
    [meeting] = digest.news  # "Policy|Environment" is a tag, not an item; the meeting is news
    assert [r.label for r in meeting.agencies] == ["State Council"]


@pytest.mark.parametrize(("heading", "title"), [
    ("Members sent comments to MIIT on Catalogue of Widget Chemicals", "Catalogue of Widget Chemicals"),
    ("Energy group commented on the Notice of Strengthening Grid Planning", "Notice of Strengthening Grid Planning"),
    ("China Quantum Policies and Standardization", None),  # an article's headline about the country
    ("SAMR Publishes Three Mandatory National Standards for Toy Safety", None),  # a count of documents
    ("TC114 Finishes a Trial of \u201cGB/T Technical Requirements for V2X Telematics Systems",
     "GB/T Technical Requirements for V2X Telematics Systems"),  # cut before its closing quote
    ("China Notifies WTO of the Food Safety Standard for Vanillin", "Food Safety Standard for Vanillin"),
    ("Notice on Further Facilitating Foreign Exchange Settlement", "Notice on Further Facilitating Foreign Exchange "
                                                                   "Settlement"),
])
def test_the_document_a_heading_names(heading: str, title: str | None) -> None:
    assert heading_title(heading) == title


def test_a_decision_announced_by_a_numbered_order_is_a_policy_with_that_number() -> None:
    digest = _read("Calendar in August 2017\n\nOn Aug. 1, the Premier signed No.682 Order of the State Council, "
                   "announcing the Decision of the State Council on Amending the Regulations on Construction Project "
                   "Management, which shall enter into force as of Oct. 1, 2017.\n\nOn Aug. 2, MEP released the "
                   "Technical Policies on Paper Mill Pollution.\n")
    first = _policy(digest, "Decision of the State Council")
    assert first.doc_number == "No.682 Order of the State Council"
    assert (first.date, first.effective) == (dt.date(2017, 8, 1), dt.date(2017, 10, 1))


def test_a_teaser_cut_with_an_ellipsis_is_text_not_a_heading() -> None:
    digest = _read("31 Jan 2023\n\nCBIRC issues new rules on consumer protection for banks\n\nMore rules of this "
                   "kind from the central bank and the CBIRC…\n\n24 Jan 2023\n\nCBIRC chairman writes on "
                   "reform\n\nA look at his record…\n")
    assert [(p.headline, p.date) for p in digest.policies] == [
        ("CBIRC issues new rules on consumer protection for banks", dt.date(2023, 1, 31))]
    assert [n.date for n in digest.news] == [dt.date(2023, 1, 24)]


def test_an_agency_before_the_colon_of_a_heading_is_the_issuer_and_the_rest_the_title() -> None:
    digest = parse_file(SAMPLES["ehs-regulation-monthly-2021-12.md"])
    water, waste, carbon = digest.policies
    assert water.title_en == "Groundwater Management Regulation"
    assert [r.label for r in water.issuers] == ["State Council"]
    assert water.status == "issued"  # the ministry that "drafted" the text makes it no draft
    assert waste.title_en == "Hazardous Waste Transfer Management Measures"  # not the measures it replaces
    assert [r.label for r in waste.issuers] == ["MEE", "MPS", "MOT"]
    assert [r.label for r in carbon.issuers] == ["MEE"] and carbon.issuer_count == 15
