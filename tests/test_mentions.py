"""The shared finder of policy-document mentions in English prose."""

from __future__ import annotations

import datetime as dt

import pytest

from policygraph.extract.mentions import Context, find_mentions, is_title, sentences, title_spans
from policygraph.layouts.base import clean_lines


def _found(*lines: str, ctx: Context | None = None):
    return find_mentions(clean_lines(list(lines)), "text", ctx)


@pytest.mark.parametrize("text", [
    "Administrative Measures for the Capital of Commercial Banks",
    "Personal Information Protection Law",
    "New Energy Vehicle Industry Development Plan (2021-2035)",
    "Lithium-ion Battery Industry Standard Conditions (2024 Edition)",
    "14th Five-Year Plan for National Informatization",
    "Notice on Collecting Public Opinions on the Technical Specification (Draft for Comments)",
])
def test_titles_are_recognised(text: str) -> None:
    assert is_title(text)


@pytest.mark.parametrize("text", [
    "Action Plan", "the Measures", "Technical Specification", "14th Five-Year Plan", "Standard Chartered",
    "minor mode", "Implementation Measures",
])
def test_back_references_and_names_are_not_titles(text: str) -> None:
    assert not is_title(text)


def test_a_mention_carries_the_facts_of_its_sentence() -> None:
    found = _found("On 1 November 2023, the National Financial Regulatory Administration (NFRA) issued the revised",
                   "Administrative Measures for the Capital of Commercial Banks (NFRA Order No. 4). The measures come",
                   "into force on 1 January 2024.")
    [m] = found.mentions
    assert m.title_en == "Administrative Measures for the Capital of Commercial Banks"
    assert [r.label for r in m.issuers] == ["NFRA"]
    assert (m.date, m.doc_number, m.draft) == (dt.date(2023, 11, 1), "NFRA Order No. 4", False)


def test_an_english_title_is_paired_with_the_chinese_title_after_it() -> None:
    [m] = _found("The State Council promulgated the Regulations on the Protection of Minors Online "
                 "《未成年人网络保护条例》 on 16 October 2023 as State Council Decree No. 766.").mentions
    assert m.title_zh == "未成年人网络保护条例"
    assert m.doc_number == "State Council Decree No. 766"
    assert [r.label for r in m.issuers] == ["State Council"]


def test_a_comment_deadline_and_an_effective_date_are_not_the_issue_date() -> None:
    [m] = _found("The CAC published the Provisions on Regulating and Promoting Cross-Border Data Flows (Draft for "
                 "Comment), with comments due by 15 October 2023.").mentions
    assert m.date is None and m.draft
    [law] = _found("Both sit on top of the Personal Information Protection Law, which took effect on "
                   "1 November 2021.").mentions
    assert (law.date, law.effective, law.issuers) == (None, dt.date(2021, 11, 1), ())


def test_a_company_is_never_an_issuer() -> None:
    [m] = _found("SAIC Motor welcomed the New Energy Vehicle Industry Development Plan (2021-2035), issued by the "
                 "General Office of the State Council.").mentions
    assert [r.label for r in m.issuers] == ["GOSC"]
    assert [c.label for c in m.companies] == ["SAIC Motor"]


def test_repeated_mentions_and_defined_short_names_are_merged() -> None:
    found = _found("Since the promulgation of the Cybersecurity Law of the People's Republic of China (the "
                   "“Cybersecurity Law”) on November 7, 2016, the regulator has drafted rules for implementing the "
                   "Cybersecurity Law.")
    assert [(m.title_en, m.count) for m in found.mentions] == [("Cybersecurity Law of the People's Republic of China",
                                                                  2)]


def test_two_laws_joined_by_and_are_two_mentions() -> None:
    found = _found("The rules build on the Cybersecurity Law and the Data Security Law.")
    assert [m.title_en for m in found.mentions] == ["Cybersecurity Law", "Data Security Law"]


def test_a_document_number_without_a_title_is_a_problem_not_a_policy() -> None:
    found = _found("The 2010 rules, MEP Order No. 7, were repealed on the same day.")
    assert found.mentions == []
    assert [p.line for p in found.problems] == [1]
    assert "MEP Order No. 7" in found.problems[0].message


def test_a_document_reported_without_a_title_is_a_problem() -> None:
    found = _found("China has released a guideline on upgrading traditional manufacturing, MIIT said.")
    assert found.mentions == [] and "without a title" in found.problems[0].message


def test_relative_dates_need_the_texts_own_date() -> None:
    text = "Yesterday, MIIT released the 14th Five-Year Plan for the Development of the ICT Industry."
    assert _found(text).mentions[0].date is None
    assert _found(text, ctx=Context(today=dt.date(2021, 11, 17))).mentions[0].date == dt.date(2021, 11, 16)


def test_targets_come_from_the_bullets_after_the_mention() -> None:
    found = _found("MIIT published the Action Plan for the High-Quality Development of Computing Infrastructure.",
                   "",
                   "The headline targets, all for 2025:",
                   "- Raise total computing capacity to more than 300 EFLOPS",
                   "- Lift the share of intelligent computing to 35 percent")
    [m] = found.mentions
    assert [(t.target.value, t.target.year) for t in m.targets] == [(300, 2025), (35, 2025)]


def test_headline_in_title_case_does_not_make_every_capital_a_title() -> None:
    assert title_spans("China Unveils New Rules on Chips as Tensions Rise") == []
    [span] = title_spans("MIIT and Six Other Departments Release the Action Plan for Promoting Small Enterprises "
                         "(2026-2028)")
    assert span.title_en == "Action Plan for Promoting Small Enterprises (2026-2028)"


def test_sentences_do_not_end_at_abbreviations() -> None:
    assert [s for _, s in sentences("It is NFRA Order No. 4 of Dec. 28, 2023. The rest follows.")] == [
        "It is NFRA Order No. 4 of Dec. 28, 2023.", "The rest follows."]
