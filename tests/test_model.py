"""The data model carries what later stages need: the source form, the policy a news item reports, and one list
of problems; the graph builder turns those fields into triples and reads no text itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS

from policygraph import resources
from policygraph.build import build_digest
from policygraph.extract.reported import news_policy_title, reported_policy
from policygraph.model import SOURCE_FORMS, Digest, NewsItem, PolicyEntry, Problem, Ref, ReportedPolicy, Span
from policygraph.namespaces import DOCTYPE, PG, STATUS
from policygraph.parse import parse_file
from policygraph.read import MARKDOWN_SUFFIXES

VARIANTS = Path(__file__).parent / "data" / "digests" / "variants"
MIIT = Ref("miit", "MIIT")
DAY = dt.date(2030, 5, 6)
#: every sample digest and layout variant that parses, one per form at least
PARSED = [p for p in sorted(VARIANTS.glob("*.*")) + resources.sample_digest_paths()
          if p.suffix in {".txt", ".md", ".html", ".pdf"} and "not-a-digest" not in p.name
          and "word-renamed" not in p.name]


def _news(text: str = "MIIT issued an action plan on tidal energy, setting targets for 2032",
          reports: ReportedPolicy | None = None, problems: tuple[Problem, ...] = ()) -> NewsItem:
    return NewsItem(kind="policy", date=DAY, text=text, agencies=(MIIT,), companies=(), sectors=(), targets=(),
                    candidates=(), lead_agency=MIIT, span=Span("Policy news", 9, 9), problems=problems,
                    reports=reports)


def _digest(*news: NewsItem, policies: tuple[PolicyEntry, ...] = (), problems: tuple[Problem, ...] = (),
            form: str = "text") -> Digest:
    return Digest(source="tidal.md", publisher="Example", title="Tides", date=DAY, period=None, authors=(),
                  editors=(), policies=policies, news=news, checksum="0" * 64, problems=problems, form=form)


def _form_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return "markdown" if suffix in MARKDOWN_SUFFIXES else {".html": "html", ".pdf": "pdf"}.get(suffix, "text")


@pytest.mark.parametrize("path", PARSED, ids=lambda p: p.name)
def test_the_digest_carries_the_form_of_its_file_into_the_graph(path: Path) -> None:
    digest = parse_file(path)
    assert digest.form == _form_of(path) and digest.form in SOURCE_FORMS
    graph = build_digest(digest).graph
    assert list(graph.objects(None, PG.sourceForm)) == [Literal(digest.form)]


def test_every_form_is_among_the_samples() -> None:
    assert {_form_of(p) for p in PARSED} == set(SOURCE_FORMS)


@pytest.mark.parametrize("path", PARSED, ids=lambda p: p.name)
def test_the_parser_fills_the_reported_policy_of_each_dated_policy_news_item(path: Path) -> None:
    for item in parse_file(path).news:
        assert item.reports == reported_policy(item)
        if item.reports is not None:
            assert item.kind == "policy" and item.agencies and item.date == item.reports.date
            assert item.reports.title == news_policy_title(item.text)


def test_the_builder_takes_the_reported_policy_from_the_model_not_the_text() -> None:
    told = ReportedPolicy("Invented Tidal Energy Measures", DAY, (MIIT,), MIIT, "measures", "draft-for-comment")
    graph = build_digest(_digest(_news(reports=told))).graph
    (policy,) = graph.objects(None, PG.reportsPolicy)
    assert graph.value(policy, DCTERMS.title) == Literal("Invented Tidal Energy Measures", lang="en")
    assert graph.value(policy, PG.documentType) == DOCTYPE.measures
    assert graph.value(policy, PG.status) == STATUS["draft-for-comment"]


def test_a_news_item_that_reports_no_policy_adds_none() -> None:
    graph = build_digest(_digest(_news(reports=None))).graph
    assert not list(graph.objects(None, PG.reportsPolicy))


def test_reported_policy_only_for_dated_policy_news_naming_agencies() -> None:
    item = _news()
    assert reported_policy(item) is not None
    assert reported_policy(replace(item, kind="corporate")) is None
    assert reported_policy(replace(item, date=None)) is None
    assert reported_policy(replace(item, agencies=())) is None


def test_all_problems_is_the_one_list_in_line_order() -> None:
    entry = PolicyEntry(rank=1, headline="A plan", title_en="A plan", title_zh=None, span=Span("Item 1", 3, 5),
                        problems=(Problem(4, "no issuing body"),))
    digest = _digest(_news(problems=(Problem(9, "unknown company name 'Tidey'"),)), policies=(entry,),
                     problems=(Problem(1, "no digest date"),))
    assert [p.line for p in digest.all_problems()] == [1, 4, 9]
    assert [(e.rank if e else None, p.line) for e, p in digest.placed_problems()] == [(None, 1), (1, 4), (None, 9)]
