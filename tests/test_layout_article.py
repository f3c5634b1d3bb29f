"""The "article" layout: one policy reported in one piece of writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policygraph.errors import DigestSyntaxError
from policygraph.layouts.article import LAYOUT
from policygraph.layouts.base import Document, clean_lines

SAMPLES = Path(__file__).parent.parent / "data" / "digests" / "article"


def _doc(text: str, name: str = "article.txt") -> Document:
    return Document(Path(name), clean_lines(text.splitlines()))


def _read(name: str):
    from policygraph.parse import parse_file

    return parse_file(SAMPLES / name)


def test_a_translation_header_gives_the_policy_its_labelled_facts() -> None:
    digest = _read("translation-generative-ai-interim-measures.md")
    [p] = digest.policies
    assert p.title_zh == "生成式人工智能服务管理暂行办法"
    assert (p.date, p.effective, p.doc_number) == (dt.date(2023, 7, 10), dt.date(2023, 8, 15), "CAC Order No. 15")
    assert p.source_url == "http://www.cac.gov.cn/2023-07/13/c_1690898327029107.htm"
    assert len(p.issuers) == 7
    assert digest.date == dt.date(2023, 7, 20)  # "Translation posted", not the policy's date


def test_stamps_and_photo_captions_are_never_dates() -> None:
    digest = _read("news-traditional-manufacturing-guideline.html")
    [p] = digest.policies
    assert p.date == dt.date(2023, 12, 29)  # "made public on Friday" in a story datelined Dec. 29
    assert p.issuer_count == 8 and [r.label for r in p.issuers] == ["MIIT", "NDRC"]
    assert "SAIC" not in {r.label for r in p.issuers}
    assert not any("6.6" in t.text for t in p.targets)  # the "Related stories" list is not read


def test_the_ticker_reads_bullet_targets_with_the_lead_in_year() -> None:
    digest = _read("ticker-computing-infrastructure-action-plan.txt")
    [p] = digest.policies
    assert digest.date == dt.date(2023, 10, 10)  # the bare date line, not "Updated 2023-10-10 08:15"
    assert p.date == dt.date(2023, 10, 8)
    assert sorted(t.target.value for t in p.targets) == [35, 100, 300, 1800]
    assert {t.target.year for t in p.targets} == {2025}


def test_a_draft_commentary_has_its_authors_and_status() -> None:
    digest = _read("commentary-cross-border-data-draft.md")
    assert digest.authors == ("Lena Hartmann", "Zhou Wei")
    assert digest.policies[0].status == "draft-for-comment"
    assert digest.policies[0].targets == ()  # "fewer than 10,000 individuals" is a threshold


def test_a_lone_document_number_belongs_to_the_one_policy() -> None:
    doc = _doc("The Measures for the Administration of Widget Filings took effect this spring.\n\n"
               "(SAMR Decree No. 99 of February 28, 2025, effective as of April 20, 2025)")
    [p] = LAYOUT.read(doc).policies
    assert (p.doc_number, p.date, p.effective) == ("SAMR Decree No. 99", dt.date(2025, 2, 28), dt.date(2025, 4, 20))


def test_recognise_prefers_one_document_and_refuses_many() -> None:
    headline = _doc("MIIT issued the Measures for the Administration of Widget Filings on 3 May 2024.")
    one = _doc("Widgets\n\nA byline\n\nA stand-first\n\nMore\n\nMIIT issued the Measures for the Administration "
               "of Widget Filings on 3 May 2024.")
    many = _doc("MIIT issued the Measures for Widget Filings. NDRC issued the Opinions on Gadget Pricing. "
                "MOF issued the Notice on Sprocket Taxes.")
    assert LAYOUT.recognise(headline) == pytest.approx(0.6)
    assert LAYOUT.recognise(one) == pytest.approx(0.5)
    assert LAYOUT.recognise(many) == 0.0


def test_text_naming_no_document_is_refused() -> None:
    with pytest.raises(DigestSyntaxError):
        LAYOUT.read(_doc("China has released a guideline on upgrading traditional manufacturing."))


def test_a_ticker_behind_a_sign_up_box_reads_yesterday_and_the_issuer() -> None:
    digest = _read("ticker-ict-five-year-plan.txt")
    [p] = digest.policies
    assert digest.title == "14th Five-Year Plan for ICT"  # not "Logo 17 Nov 2021"
    assert digest.date == dt.date(2021, 11, 17)
    assert p.date == dt.date(2021, 11, 16)  # "Yesterday, MIIT released ..." under the story's sign-up box
    assert [r.label for r in p.issuers] == ["MIIT"]
    assert [(t.baseline.value, t.target.value, t.target.year) for t in p.targets] == [(15, 56, 2025)]


def test_a_headline_naming_the_document_in_short_is_an_article() -> None:
    doc = _doc("Logo 17 Nov 2021\n\n14th Five-Year Plan for ICT\n\nYesterday, MIIT released the 14th Five Year Plan "
               "(FYP) for the Information and Communications Industry.")
    assert LAYOUT.recognise(doc) == pytest.approx(0.6)


def test_dates_and_list_numbers_in_bullets_are_no_targets() -> None:
    doc = _doc("Official Digest: September 2022 Documents\n\n1. Party Congress\n- The congress opens on October 16 "
               "and may run until October 22.\n2. Central documents\n- The plenum met between October 9 and 12.\n"
               "- 中共中央办公厅印发《推进领导干部能上能下规定》Rules on Promoting Cadres (September 19)")
    [p] = LAYOUT.read(doc).policies
    assert p.targets == ()
    assert p.date == dt.date(2022, 9, 19)  # the title's "September 2022" gives "(September 19)" its year


def test_a_story_on_a_document_it_never_names_is_a_news_item_not_a_policy() -> None:
    doc = _doc("Support for small firms upgraded\n\nUpdated: 2026-01-19\n\nBEIJING, Jan. 17 (Xinhua) -- The Ministry "
               "of Industry and Information Technology (MIIT) has revised its management measures for growing "
               "quality small firms.\n\nThe measures take effect on April 1.")
    assert LAYOUT.recognise(doc) == pytest.approx(0.2)
    digest = LAYOUT.read(doc)
    assert digest.policies == ()
    [news] = digest.news
    assert [r.label for r in news.agencies] == ["MIIT"]
    assert news.date == dt.date(2026, 1, 17)  # the dateline's day; the stamp only gives it its year


def test_a_translated_rule_reports_itself_not_the_laws_its_articles_cite() -> None:
    digest = _read("translation-algorithm-recommendation-provisions.md")
    [p] = digest.policies
    assert p.title_en == "Administrative Provisions on Algorithmic Recommendation for Internet Information Services"
    assert [r.label for r in p.issuers] == ["CAC", "MIIT", "MPS", "SAMR"]  # "Promulgation Authorities:"
    assert (p.date, p.effective, p.doc_number) == (dt.date(2021, 12, 31), dt.date(2022, 3, 1), "CAC Order No. 9")
    assert digest.date is None  # the "Last updated" stamp and the policy's own dates do not date the page
    assert p.targets == ()


def test_a_brief_headed_issuers_colon_title_reports_that_document() -> None:
    doc = _doc("Highlights of the Month\n\nEmergency Management Department: \u201c14th Five-Year Plan\u201d for the "
               "Work Safety of Hazardous Chemicals\n\nThe Ministry of Emergency Management has issued this plan to "
               "carry out the \u201cOpinions on Strengthening the Safe Production of Hazardous Chemicals\u201d.")
    assert LAYOUT.recognise(doc) == pytest.approx(0.6)
    [p] = LAYOUT.read(doc).policies
    assert p.title_en == "14th Five-Year Plan for the Work Safety of Hazardous Chemicals"  # not the Opinions it cites
    assert [r.label for r in p.issuers] == ["MEM"]
