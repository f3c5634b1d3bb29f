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
