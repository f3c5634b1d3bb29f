"""Layouts are ranked lazily (a layout that cannot outrank the best so far is not asked), in the order an eager
ranking of every layout gives, on every digest and fixture the project holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph import resources
from policygraph.errors import InputError
from policygraph.layouts import all_layouts, ranked
from policygraph.layouts.base import Document, clean_lines
from policygraph.read import read_digest

HERE = Path(__file__).parent
SUFFIXES = {".md", ".txt", ".html", ".htm", ".pdf"}
FOLDERS = [resources.folder("digests"), HERE / "data" / "digests", HERE / "data" / "identity",
           HERE / "data" / "sector-tags"]


def _files() -> list[Path]:
    """Every digest file the project holds that the reader takes (a refused file has no ranking)."""
    found = sorted(p for folder in FOLDERS if folder.exists() for p in folder.rglob("*")
                   if p.suffix in SUFFIXES and p.name != "README.md")
    return [p for p in found if _readable(p)]


def _readable(path: Path) -> bool:
    try:
        read_digest(path)
    except InputError:
        return False
    return True


def _doc(path: Path) -> Document:
    source = read_digest(path)
    return Document(path, clean_lines(source.lines), source.checksum, source.form)


def _eager(doc: Document) -> list[str]:
    scored = [(layout.recognise(doc), -i, layout.name) for i, layout in enumerate(all_layouts())]
    return [name for score, _, name in sorted(scored, reverse=True) if score > 0]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_lazy_ranking_is_the_eager_one(path: Path) -> None:
    doc = _doc(path)
    assert [layout.name for layout in ranked(doc)] == _eager(doc)


def test_no_layout_scores_above_its_ceiling() -> None:
    files = _files()
    assert len(files) > 20
    for path in files:
        doc = _doc(path)
        for layout in all_layouts():
            assert layout.recognise(doc) <= getattr(layout, "ceiling", 1.0), (layout.name, path.name)
