"""Property-based tests: generated digests and target phrasings parse back to what was generated, and random
bytes, random text and mangled digests never crash the reader or the parser.

The default run is bounded and derandomised (the same examples every time). ``scripts/fuzz.py`` runs the same
properties with many more random examples through ``POLICYGRAPH_FUZZ_EXAMPLES`` and ``POLICYGRAPH_FUZZ_RANDOM``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from digestgen import GenDigest, GenTarget, digests, mutated_digests, target_phrases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.build import build_digest
from policygraph.errors import DigestSyntaxError
from policygraph.layouts import all_layouts
from policygraph.model import Digest, Target
from policygraph.parse import parse_file, parse_lines
from policygraph.targets import read_targets

EXAMPLES = int(os.environ.get("POLICYGRAPH_FUZZ_EXAMPLES", "60"))
#: seconds one example may take before hypothesis reports it (a hang or a quadratic reader), generous for CI
DEADLINE = dt.timedelta(seconds=float(os.environ.get("POLICYGRAPH_FUZZ_DEADLINE", "20")))
FUZZ = settings(max_examples=EXAMPLES, deadline=DEADLINE, database=None,
                derandomize=not os.environ.get("POLICYGRAPH_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030"]


def parse_bytes(data: bytes, suffix: str = ".txt") -> Digest:
    """Write ``data`` to a temporary file and parse it as a digest."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        return parse_file(path)


def same_number(got: float, want: Decimal) -> bool:
    return got == pytest.approx(float(want), rel=1e-12)


def check_target(got: Target, want: GenTarget, target_year: int | None) -> None:
    assert same_number(got.target.value, want.target), (got, want)
    assert got.target.year == target_year, (got, want)
    assert got.unit == want.unit, (got, want)
    if want.baseline is None:
        assert got.baseline is None
    else:
        assert got.baseline is not None and same_number(got.baseline.value, want.baseline), (got, want)
        assert got.baseline.year == want.baseline_year, (got, want)


@FUZZ
@given(digests(), st.sampled_from(ENCODINGS), st.sampled_from(["\n", "\r\n"]))
def test_generated_digests_parse_back_to_what_was_generated(gen: GenDigest, encoding: str, newline: str) -> None:
    digest = parse_bytes(gen.text.replace("\n", newline).encode(encoding))
    assert digest.date == gen.date
    assert len(digest.policies) == len(gen.entries)
    for got, want in zip(digest.policies, gen.entries, strict=True):
        assert (got.title_en, got.title_zh) == (want.title_en, want.title_zh)
        assert [r.key for r in got.issuers] == list(want.issuers)
        assert got.date == want.date
        assert len(got.targets) == len(want.targets), [t.text for t in got.targets]
        for target, wanted in zip(got.targets, want.targets, strict=True):
            check_target(target, wanted, want.target_year)
        assert got.problems == ()
    assert [(n.kind, n.date) for n in digest.news] == [(n.kind, n.date) for n in gen.news]


@FUZZ
@given(target_phrases(), st.one_of(st.none(), st.integers(2021, 2035)))
def test_target_phrasings_give_exactly_the_generated_numbers(gen: GenTarget, year: int | None) -> None:
    [target] = read_targets(gen.text, 1, bullet=True, target_year=year)
    check_target(target, gen, year)
    if "at least" in gen.text:
        assert target.qualifier == "at least"


def reads_or_refuses(data: bytes, suffix: str = ".txt") -> None:
    """The reader and parser return a digest or raise DigestSyntaxError; a digest also builds into a graph."""
    try:
        digest = parse_bytes(data, suffix)
    except DigestSyntaxError as exc:
        assert exc.path and str(exc).startswith(exc.path)
        return
    build_digest(digest)


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".html", ".pdf"]))
def test_random_bytes_never_crash_the_reader(data: bytes, suffix: str) -> None:
    reads_or_refuses(data, suffix)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_behind_a_pdf_header_never_crash_the_reader(data: bytes) -> None:
    reads_or_refuses(b"%PDF-1.4\n" + data, ".pdf")


@FUZZ
@given(st.text(max_size=3000), st.sampled_from(ENCODINGS))
def test_random_text_never_crashes_the_parser(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    reads_or_refuses(data)


@FUZZ
@given(st.lists(st.text(max_size=200), max_size=60))
def test_random_lines_never_crash_the_parser(lines: list[str]) -> None:
    with contextlib.suppress(DigestSyntaxError):
        parse_lines(lines, Path("lines.txt"))


@FUZZ
@given(mutated_digests(), st.sampled_from([".txt", ".md", ".html"]))
def test_mangled_digests_never_crash_the_parser(text: str, suffix: str) -> None:
    reads_or_refuses(text.encode("utf-8", "surrogatepass"), suffix)


#: pieces of markup that readers have been slow or wrong on: unclosed and stray tags, tables, lists, headings
MARKUP = st.sampled_from(["<p>", "</p>", "</div>", "<td>", "</td><td>", "<tr>", "<li>", "</", "<!--", "-->",
                          "<br>", "<h3>", "**", "## ", "### 1. ", "- ", "| a | b |", "\n", "\f", "\u2028",
                          "Date: 2023-05-09", "Issued by: MIIT", "《办法》", "(Draft for Comment)", " ", "x"])


@FUZZ
@given(st.lists(MARKUP, max_size=400), st.integers(min_value=1, max_value=200),
       st.sampled_from([layout.name for layout in all_layouts()]), st.sampled_from([".md", ".html", ".txt"]))
def test_each_layout_reads_or_refuses_repeated_markup_in_time(pieces: list[str], repeat: int, layout: str,
                                                              suffix: str) -> None:
    """Every layout reader, forced on markup repeated up to some 200 kB, returns a digest or refuses it, within
    the deadline: the run that found a quadratic HTML parser, kept for each reader."""
    data = ("".join(pieces) * repeat).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            digest = parse_file(path, layout=layout)
        except DigestSyntaxError:
            return
    build_digest(digest)
