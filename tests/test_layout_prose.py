"""The "prose" layout: every document named in English prose is a policy; it recognises such text only faintly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policygraph.errors import DigestSyntaxError
from policygraph.layouts import all_layouts
from policygraph.layouts.base import Document, clean_lines
from policygraph.layouts.prose import LAYOUT
from policygraph.parse import parse_file

SAMPLES = Path(__file__).parent.parent / "data" / "digests" / "prose"


def _doc(text: str) -> Document:
    return Document(Path("prose.txt"), clean_lines(text.splitlines()))


def test_every_mention_is_a_policy_in_order_of_appearance() -> None:
    digest = parse_file(SAMPLES / "data-rules-quarterly-review-2023-q4.md")
    assert digest.layout == "prose"
    assert [p.rank for p in digest.policies] == [1, 2, 3, 4, 5]
    assert digest.policies[3].title_en == "Measures for Security Assessment of Outbound Data Transfers"
    assert (digest.policies[3].date, digest.policies[3].effective) == (None, dt.date(2022, 9, 1))
    assert any("no issue date" in p.message for p in digest.policies[4].problems)


def test_a_number_without_a_title_is_a_digest_problem() -> None:
    digest = parse_file(SAMPLES / "chemicals-compliance-brief.html")
    assert any("MEP Order No. 7" in p.message for p in digest.problems)
    assert "MEP Order No. 7" not in {p.doc_number for p in digest.policies}


def test_recognise_is_faint_and_below_every_other_layouts_sure_score() -> None:
    one = _doc("The State Council issued the Opinions on Widget Standards on 3 May 2024.")
    three = _doc("MIIT issued the Measures for Widget Filings. NDRC issued the Opinions on Gadget Pricing. "
                 "MOF issued the Notice on Sprocket Taxes.")
    assert LAYOUT.recognise(one) == pytest.approx(0.1)
    assert 0.1 < LAYOUT.recognise(three) <= 0.14
    assert LAYOUT.recognise(_doc("Nothing here names a document at all.")) == 0.0
    assert "prose" in {layout.name for layout in all_layouts()}


def test_text_without_a_mention_is_refused() -> None:
    with pytest.raises(DigestSyntaxError):
        LAYOUT.read(_doc("Beijing wants more chips, and soon."))
