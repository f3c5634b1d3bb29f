"""The "labelled-list" layout: law-firm regulation updates, policy databases and policy tables.

Samples are the files in ``data/digests/labelled-list/``; the small inline texts below each hold one trap that real
pages of this kind set (a comment deadline that is no date, an "Effective date" that is not the issue date, a
document-number field that holds no number, a copyright line, a crawl stamp, a company named like an agency).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policygraph import resources
from policygraph.errors import DigestSyntaxError
from policygraph.layouts import detect
from policygraph.layouts.base import Document, clean_lines
from policygraph.layouts.labelled import LAYOUT, column_kind, label_kind
from policygraph.model import Digest, PolicyEntry
from policygraph.parse import parse_file, parse_lines
from policygraph.read import read_digest

SAMPLES = sorted(p for p in resources.sample_digest_paths() if p.parent.name == "labelled-list")
OTHERS = sorted(p for p in resources.sample_digest_paths() if p.parent.name != "labelled-list")


def _doc(text: str, name: str = "snippet.txt") -> Document:
    return Document(Path(name), clean_lines(text.splitlines()))


def _read(text: str, name: str = "snippet.txt") -> Digest:
    return parse_lines(text.splitlines(), Path(name), layout=LAYOUT.name)


def _sample(stem: str) -> Digest:
    return parse_file(next(p for p in SAMPLES if p.stem == stem))


def _policy(digest: Digest, words: str) -> PolicyEntry:
    return next(p for p in digest.policies if words in (p.title_en or "") or words in (p.title_zh or ""))


# --------------------------------------------------------------------------- detection


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_each_sample_is_detected_as_a_labelled_list(path: Path) -> None:
    source = read_digest(path)
    doc = Document(source.path, clean_lines(source.lines), source.checksum, source.form)
    assert LAYOUT.recognise(doc) >= 0.85
    assert detect(doc).name == "labelled-list"


@pytest.mark.parametrize("path", [p for p in OTHERS if p.parent.name in {"prose", "digests"}
                                  or p.name.startswith("merics")], ids=lambda p: p.name)
def test_merics_issues_and_prose_are_not_labelled_lists(path: Path) -> None:
    source = read_digest(path)
    assert LAYOUT.recognise(Document(source.path, clean_lines(source.lines))) <= 0.1


def test_titles_with_only_an_issuer_line_are_left_to_the_news_readers() -> None:
    doc = _doc("Notice on Further Facilitating Foreign Exchange Settlement\nIssuing agency: SAFE\n"
               "Banks may settle more easily.\n\nAmendments to the Cybersecurity Law\nIssuing agency: NPCSC\n"
               "The amendments take effect next year.\n")
    assert 0 < LAYOUT.recognise(doc) < 0.45


def test_prose_without_labels_is_refused() -> None:
    with pytest.raises(DigestSyntaxError, match="not a labelled list"):
        _read("China's ministries issued several plans this month.\nMost of them concern batteries and chips.\n")


# --------------------------------------------------------------------------- the samples


def test_the_law_firm_update_reads_every_field() -> None:
    digest = _sample("prc-regulatory-update-2023-10")
    assert (digest.layout, digest.publisher, digest.title, digest.date) == (
        "labelled-list", "Lanting Partners", "PRC Regulatory Update", dt.date(2023, 11, 10))
    plan = _policy(digest, "Computing Power Infrastructure")
    assert plan.title_zh == "算力基础设施高质量发展行动计划"
    assert [r.label for r in plan.issuers] == ["MIIT", "CAC", "MOE", "NHC", "PBOC", "SASAC"]
    assert plan.date == dt.date(2023, 10, 8)  # "8th October 2023"
    assert plan.doc_number == "工信部联通信〔2023〕180号"
    assert plan.source_url and plan.source_url.startswith("https://www.miit.gov.cn/")
    assert {t.target.value for t in plan.targets} == {300, 35, 1800, 30}


def test_an_effective_date_is_not_the_issue_date() -> None:
    minors = _policy(_sample("prc-regulatory-update-2023-10"), "Protection of Minors Online")
    assert (minors.date, minors.effective) == (dt.date(2023, 10, 16), dt.date(2024, 1, 1))


def test_a_comment_deadline_makes_a_draft_and_is_no_date() -> None:
    draft = _policy(_sample("prc-regulatory-update-2023-10"), "Cross-border Data Flows")
    assert draft.status == "draft-for-comment"
    assert (draft.date, draft.effective, draft.doc_number) == (dt.date(2023, 9, 28), None, None)


def test_a_missing_issuer_is_a_problem_not_a_guess() -> None:
    plan = _policy(_sample("prc-regulatory-update-2023-10"), "Electronic Information Manufacturing")
    assert plan.issuers == ()
    assert any("no issuing body" in p.message for p in plan.problems)


def test_the_writers_note_gives_no_targets() -> None:
    robots = _policy(_sample("prc-regulatory-update-2023-10"), "Humanoid Robots")
    assert robots.targets == ()
    assert "top 50" not in robots.summary


def test_the_policy_table_reads_columns_by_their_header() -> None:
    digest = _sample("policy-tracker-2024-h2")
    assert (digest.publisher, digest.date) == ("Northgate Policy Desk", dt.date(2024, 12, 2))
    assert len(digest.policies) == 6
    rare = _policy(digest, "Rare Earths")
    assert (rare.title_zh, rare.doc_number, rare.date, rare.effective) == (
        "稀土管理条例", "State Council Decree No. 785", dt.date(2024, 6, 22), dt.date(2024, 10, 1))
    ai = _policy(digest, "National AI Industry")
    assert [r.label for r in ai.issuers] == ["MIIT", "CAC", "NDRC", "SAC"]  # "MIIT / CAC / NDRC / SAC"
    assert ai.problems == ()


def test_a_dash_in_the_number_column_is_no_number() -> None:
    labelling = _policy(_sample("policy-tracker-2024-h2"), "Labelling AI-Generated")
    assert (labelling.doc_number, labelling.status) == (None, "draft-for-comment")


def test_chinese_labels_and_dates() -> None:
    digest = _sample("fagui-yuebao-2023-09")
    assert (digest.publisher, digest.date) == ("华衡律师事务所 Huaheng Law Offices", dt.date(2023, 9, 12))
    genai = _policy(digest, "生成式人工智能")
    assert genai.title_en == "Interim Measures for the Management of Generative Artificial Intelligence Services"
    assert (genai.date, genai.effective) == (dt.date(2023, 7, 10), dt.date(2023, 8, 15))
    assert len(genai.issuers) == 7


def test_a_date_without_a_year_takes_the_digests_year() -> None:
    audit = _policy(_sample("fagui-yuebao-2023-09"), "合规审计")
    assert audit.date == dt.date(2023, 8, 3)
    assert audit.status == "draft-for-comment"


def test_and_n_other_departments_is_a_stated_issuer_count() -> None:
    cars = _policy(_sample("fagui-yuebao-2023-09"), "汽车行业")
    assert ([r.label for r in cars.issuers], cars.issuer_count) == (["MIIT"], 7)
    assert cars.problems == ()


def test_the_html_page_reads_two_fields_on_one_line_and_an_unlabelled_issuer() -> None:
    digest = _sample("policy-news-2025-03")
    assert (digest.publisher, digest.date) == ("EU–China Business Desk", dt.date(2025, 4, 4))
    labelling = _policy(digest, "Synthetic Content")
    assert (labelling.date, labelling.effective) == (dt.date(2025, 3, 7), dt.date(2025, 9, 1))
    energy = _policy(digest, "Energy Work Guidance")
    assert [r.label for r in energy.issuers] == ["NEA"]  # a bare "National Energy Administration (NEA)" line


# --------------------------------------------------------------------------- traps in small texts


def test_a_document_number_field_without_a_number_gives_none() -> None:
    digest = _read("1. Amendments to the Legislative Law\nPromulgated by National People's Congress\n"
                   "Promulgation date: 14 March 2023\nDocument number: NPC's decision to amend the law\n")
    assert digest.policies[0].doc_number is None


def test_colonless_labels_ordinals_and_a_source_link() -> None:
    digest = _read("1.Catalogue of Industries for Guiding Foreign Investment (Revised Edition 2017)\n\n"
                   "Promulgated by the NDRC and MOFCOM\n\nFile No. No.4 Order of the NDRC\n\n"
                   "Promulgation date: 28th June 2017\n\nEffective date: 28th July 2017\n\n"
                   "The catalogue shortens the negative list. (Source: NDRC website)\n\n"
                   "http://www.ndrc.gov.cn/zcfb/example.html\n")
    entry = digest.policies[0]
    assert [r.label for r in entry.issuers] == ["NDRC", "MOFCOM"]
    assert (entry.doc_number, entry.date, entry.effective) == (
        "No.4 Order of the NDRC", dt.date(2017, 6, 28), dt.date(2017, 7, 28))
    assert entry.source_url == "http://www.ndrc.gov.cn/zcfb/example.html"
    assert entry.summary == "The catalogue shortens the negative list."


def test_several_labels_on_one_line_and_a_month_first_date() -> None:
    digest = _read("Notice of the State Council on Issuing the Working Rules\n2018-08-29 1449\n"
                   "· Document Number:No. 21 [2018] of the State Council\n"
                   "· Date issued:06-25-2018 Effective Date:06-25-2018\n· Issuing Authority: State Council\n"
                   "· Status: Effective\n")
    entry = digest.policies[0]
    assert entry.title_en == "Notice of the State Council on Issuing the Working Rules"  # not the stamp below it
    assert (entry.date, entry.effective) == (dt.date(2018, 6, 25), dt.date(2018, 6, 25))
    assert entry.doc_number == "No. 21 [2018] of the State Council"
    assert entry.status == "issued"


def test_a_government_database_record_with_spaced_labels() -> None:
    digest = _read("索 引 号： 000014349/2018-00222 主题分类： 卫生、体育\n"
                   "发文机关： 国务院 成文日期： 2018年12月25日\n"
                   "标 题： 国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施有关规定的决定\n"
                   "发文字号： 国发〔2018〕43号 发布日期： 2018年12月29日\n")
    entry = digest.policies[0]
    assert entry.title_zh == "国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施有关规定的决定"
    assert ([r.label for r in entry.issuers], entry.doc_number) == (["State Council"], "国发〔2018〕43号")
    assert entry.date == dt.date(2018, 12, 25)  # the issue date (成文日期), not the posting date


def test_a_carmaker_in_the_issuer_field_is_no_agency() -> None:
    digest = _read("Measures for Dealer Networks\nIssued by: SAIC Motor\nDate of issue: 3 May 2024\n")
    entry = digest.policies[0]
    assert entry.issuers == ()
    assert any("SAIC Motor" in p.message for p in entry.problems)


def test_the_copyright_holder_is_the_publisher_and_a_caption_date_is_no_digest_date() -> None:
    digest = _read("Policy Watch\n\nMeasures for Data Export Security Assessment\nIssued by: CAC\n"
                   "Date of issue: 7 July 2022\n\nPhoto: the CAC building, 12 July 2022.\n"
                   "© 2022 Harbour Research. All rights reserved.\n")
    assert (digest.publisher, digest.date, digest.title) == ("Harbour Research", None, "Policy Watch")
    assert any("no digest date" in p.message for p in digest.problems)


def test_a_list_without_labels_of_english_and_chinese_titles_and_dates() -> None:
    digest = _read("Policies we track\n\n"
                   "Opinions on Optimising the Foreign Investment Environment Guo Fa [2023] No. 11. "
                   "国务院关于进一步优化外商投资环境加大吸引外商投资力度的意见 国发〔2023〕11号.\n\nAug 13, 2023\n\n"
                   "Interim Measures for Generative AI Services 生成式人工智能服务管理暂行办法\n\nJul 10, 2023\n")
    first, second = digest.policies
    assert (first.title_en, first.doc_number, first.date) == (
        "Opinions on Optimising the Foreign Investment Environment", "国发〔2023〕11号", dt.date(2023, 8, 13))
    assert [r.label for r in first.issuers] == ["State Council"]  # named before 关于 in the Chinese title
    assert (second.title_zh, second.date) == ("生成式人工智能服务管理暂行办法", dt.date(2023, 7, 10))


def test_a_table_without_a_header_row() -> None:
    digest = _read("2024-09-24 | Regulations on Network Data Security Management | 网络数据安全管理条例 | "
                   "国务院令第790号\n"
                   "2024-06-22 | Regulations on the Administration of Rare Earths | 稀土管理条例 | 国务院令第785号\n")
    assert [(p.title_zh, p.doc_number, p.date) for p in digest.policies] == [
        ("网络数据安全管理条例", "国务院令第790号", dt.date(2024, 9, 24)),
        ("稀土管理条例", "国务院令第785号", dt.date(2024, 6, 22))]


def test_a_source_line_after_the_summary_belongs_to_its_item() -> None:
    digest = _read("1. Measures for the Administration of Carbon Markets\nPromulgated by: MEE\n"
                   "Promulgation date: 1 March 2024\nThe measures set up a national market.\nSource: MEE website\n"
                   "Link: https://www.mee.gov.cn/example.html\n\n2. Notice on Data Pilot Zones\nIssued by: NDA\n"
                   "Date of issue: 5 March 2024\n")
    assert [p.title_en for p in digest.policies] == ["Measures for the Administration of Carbon Markets",
                                                     "Notice on Data Pilot Zones"]
    assert digest.policies[0].source_url == "https://www.mee.gov.cn/example.html"


def test_dates_labelled_after_them_in_a_chinese_law_database_list() -> None:
    digest = _read("法律法规\n\n中华人民共和国数据安全法\n现行有效/2021年6月10日发布/2021年9月1日施行\n\n"
                   "中华人民共和国个人信息保护法\n尚未生效/2021年8月20日发布/2021年11月1日施行\n")
    assert [(p.title_zh, p.date, p.effective) for p in digest.policies] == [
        ("中华人民共和国数据安全法", dt.date(2021, 6, 10), dt.date(2021, 9, 1)),
        ("中华人民共和国个人信息保护法", dt.date(2021, 8, 20), dt.date(2021, 11, 1))]
    assert digest.title == "法律法规"


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(("label", "prefix", "kind"), [
    ("Promulgated by", None, "issuer"), ("Issuing Agency", None, "issuer"), ("发文机关", None, "issuer"),
    ("Promulgation date", None, "date"), ("成文日期", None, "date"), ("发布日期", None, "pubdate"),
    ("Effective date", None, "effective"), ("Implementation date", None, "effective"), ("施行日期", None, "effective"),
    ("Doc. No.", None, "docno"), ("发文字号", None, "docno"), ("Comment deadline", None, "deadline"),
    ("Expiration date", None, "ignore"), ("English title", "英文标题", "title_en"), ("Date", "出版日期", "header"),
])
def test_label_kinds(label: str, prefix: str | None, kind: str) -> None:
    assert label_kind(label, prefix) == kind


def test_column_kinds_of_a_header_row() -> None:
    assert [column_kind(c) for c in ["Date", "English title", "Chinese title", "Document No.", "Issued by", "#"]] == [
        "generic-date", "title_en", "title_zh", "docno", "issuer", "ignore"]


def test_issuers_written_without_the_or_china_resolve() -> None:
    digest = _sample("westbridge-laws-update-2022-11")
    assert [[r.label for r in p.issuers] for p in digest.policies] == [["NPCSC"], ["NMPA"], ["CSRC"]]
    assert not [pr for p in digest.policies for pr in p.problems if "unknown" in pr.message]
    assert digest.policies[2].doc_number == "SRC order 212"
