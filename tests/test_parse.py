"""The parser on the real seed digests (scored against the gold files), the bundled samples, small inputs
written for each layout variant, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policygraph import resources
from policygraph.errors import DigestSyntaxError
from policygraph.model import Digest
from policygraph.parse import parse_file
from policygraph.parse_output import digest_json

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"
VARIANTS = HERE / "data" / "digests" / "variants"
VARIANT_CASES = sorted(p for p in VARIANTS.glob("*") if p.suffix in {".txt", ".md", ".pdf", ".html"}
                       and p.with_suffix(".expected.json").exists()) if VARIANTS.is_dir() else []
needs_shared = pytest.mark.skipif(not (SHARED / "seeds").is_dir(),
                                  reason="../shared (seed digests and gold files) is not beside this checkout")


@needs_shared
def test_seed_digests_score_at_least_097(tmp_path: Path) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    out = tmp_path / "parsed.json"
    out.write_text(json.dumps([digest_json(parse_file(p)) for p in seeds], ensure_ascii=False))
    run = subprocess.run([sys.executable, str(SHARED / "tools" / "score_parse.py"), str(out), str(SHARED / "gold")],
                         capture_output=True, text=True, check=False)
    score = float(run.stdout.strip().splitlines()[-1].split()[1])
    assert score >= 0.97, run.stdout


@needs_shared
def test_seed_digests_have_no_unexplained_policy_problems() -> None:
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        digest = parse_file(path)
        assert len(digest.policies) == 5
        assert [p.problems for p in digest.policies] == [()] * 5, path.name


@pytest.mark.parametrize("path", resources.sample_digest_paths("merics-china-industries"), ids=lambda p: p.name)
def test_sample_digests_parse_cleanly(path: Path) -> None:
    digest = parse_file(path)
    assert len(digest.policies) == 5
    for entry in digest.policies:
        assert entry.problems == (), (entry.rank, entry.problems)
        assert entry.title_en and entry.issuers and entry.date
    assert digest.news and all(n.date for n in digest.news)
    assert not digest.problems


#: the keys a variant's expectation may hold: each is checked below, except "description" and "notes" (prose
#: for people) and "compare_ignoring_whitespace" (how the variant was made); any other key is a mistake
VARIANT_KEYS = {"error", "date", "period", "authors", "editors", "title", "publisher", "source",
                "not_targets", "policies", "policy_count", "policies_count", "news_count", "news", "problems",
                "problems_min", "problems_max", "problem_lines", "description", "notes",
                "compare_ignoring_whitespace"}


def _check_problems(digest: Digest, want: dict) -> None:
    """The counts and lines of ``Digest.all_problems()``; with ``problems``, no problem at all where none is
    expected, else each expected one where it is expected: outside the entries (rank null: the digest or a news
    item) or in the entry of that rank, on its line or within its lines."""
    problems = digest.all_problems()
    assert len(problems) >= want.get("problems_min", 0), problems
    assert len(problems) <= want.get("problems_max", len(problems)), problems
    for line in want.get("problem_lines", []):
        assert line in {p.line for p in problems}, problems
    if "problems" not in want:
        return
    found = [(entry.rank if entry else None, p.line) for entry, p in digest.placed_problems()]
    if not want["problems"]:
        assert problems == [], problems
    for w in want["problems"]:
        first, last = w["lines"] if "lines" in w else (w["line"], w["line"])
        assert any(rank == w["rank"] and first <= line <= last for rank, line in found), (w, found)


def _check_policy(got: dict, want: dict) -> None:
    for key in ("headline", "title_en", "title_zh", "date", "issuers", "status", "document_type"):
        if key in want:
            assert got[key] == want[key], key
    if "targets" in want:
        assert len(got["targets"]) == len(want["targets"]), [t["text"] for t in got["targets"]]
        for g, w in zip(got["targets"], want["targets"], strict=True):
            if "target" in w:
                assert g["target"]["value"] == pytest.approx(w["target"], rel=1e-6), g
            if "baseline" in w:
                assert (g["baseline"] or {}).get("value") == (pytest.approx(w["baseline"], rel=1e-6)
                                                              if w["baseline"] is not None else None), g
            for key, side in (("target_year", "target"), ("baseline_year", "baseline")):
                if key in w:
                    assert (g[side] or {}).get("year") == w[key], g
            for key in ("unit", "qualifier"):
                if key in w:
                    assert g[key] == w[key], g


@pytest.mark.parametrize("path", VARIANT_CASES, ids=lambda p: p.name)
def test_layout_variant(path: Path) -> None:
    want = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    if "error" in want:
        with pytest.raises(DigestSyntaxError) as err:
            parse_file(path)
        assert path.name in str(err.value)
        return
    unknown = set(want) - VARIANT_KEYS
    assert not unknown, f"{path.name}: keys this test does not check: {sorted(unknown)}"
    digest = parse_file(path)
    got = digest_json(digest)
    for key in ("date", "period", "authors", "editors", "title", "publisher"):
        if key in want:
            expected = want[key]
            assert got[key] == expected, key
    if "source" in want:
        assert Path(got["source"]).name == want["source"]
    if "not_targets" in want:
        texts = [t["text"] for pol in got["policies"] for t in pol["targets"]]
        for wrong in want["not_targets"]:
            assert not any(wrong["text"] in text for text in texts), (wrong, texts)
    if "policies" in want:
        for w in want["policies"]:
            match = [p for p in got["policies"] if p["rank"] == w.get("rank", p["rank"])
                     and (w.get("title_en") is None or p["title_en"] == w["title_en"])]
            assert match, f"no policy like {w}"
            _check_policy(match[0], w)
    for key, items in (("policy_count", "policies"), ("policies_count", "policies"), ("news_count", "news")):
        if key in want:
            assert len(got[items]) == want[key], key
    if "news" in want:
        for w in want["news"]:
            hits = [n for n in got["news"] if n["kind"] == w["kind"] and n["date"] == w["date"]
                    and set(w.get("agencies", [])) <= set(n["agencies"])]
            assert hits, f"no news item like {w}"
    _check_problems(digest, want)


def test_empty_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    with pytest.raises(DigestSyntaxError, match=r"empty\.txt: file is empty"):
        parse_file(path)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DigestSyntaxError, match=r"noise\.txt: .*binary"):
        parse_file(path)


def test_word_file_renamed_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(DigestSyntaxError, match=r"report\.txt: file is a ZIP archive"):
        parse_file(path)


def test_text_that_is_not_a_digest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n\nmilk\nbread\n")
    with pytest.raises(DigestSyntaxError, match=r"notes\.txt: no policy entries"):
        parse_file(path)


def test_entry_without_date_and_with_impossible_date_are_problems_with_lines(tmp_path: Path) -> None:
    text = "\n".join([
        "DECEMBER 7, 2022", "MERICS", "China Industries", "",
        "1. First headline", "At a glance: MIIT issued a notice.", "- Increase output from 1 to 2 percent",
        "Article: Notice on Things (关于事情的通知)", "Issuing body: MIIT", "",
        "2. Second headline", "At a glance: NDRC issued a plan.", "Article: Plan on Stuff (关于东西的规划)",
        "Issuing body: NDRC", "Date: November 36, 2022", "",
        "NOTEWORTHY", "Policy news", "- *November 3:* NDRC releases a plan (NDRC notice)",
    ])
    path = tmp_path / "dates.txt"
    path.write_text(text)
    digest = parse_file(path)
    first, second = digest.policies
    assert first.date is None and any(p.line == 5 and "Date" in p.message for p in first.problems)
    assert second.date is None and any(p.line == 15 and "impossible date" in p.message for p in second.problems)


def test_gbk_and_utf16_text_is_decoded(tmp_path: Path) -> None:
    text = "DECEMBER 7, 2022\nMERICS\n\n1. Headline\nAt a glance: MIIT acts.\nArticle: Plan (关于规划)\n" \
           "Issuing body: MIIT\nDate: November 1, 2022\n"
    for encoding in ("gbk", "utf-16"):
        path = tmp_path / f"d-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert parse_file(path).policies[0].title_zh == "关于规划"


def test_news_dates_written_day_first_and_periods_day_first(tmp_path: Path) -> None:
    text = "\n".join([
        "7 December 2022 (reporting period: 25 October - 29 November)", "MERICS", "China Industries", "",
        "1. A headline", "At a glance: MIIT acts.", "Article: Plan (关于规划)", "Issuing body: MIIT",
        "Date: 1 November 2022", "", "Worth noting", "Policy news", "3 November: NDRC releases a plan (NDRC notice)",
        "Corporate news", "- 28 November: BYD opens a plant (Reuters article)",
    ])
    path = tmp_path / "day-first.txt"
    path.write_text(text, encoding="utf-8")
    digest = parse_file(path)
    assert digest.period and digest.period[0].isoformat() == "2022-10-25"
    assert [(n.kind, n.date.isoformat()) for n in digest.news] == [("policy", "2022-11-03"),
                                                                    ("corporate", "2022-11-28")]
