"""Digest file -> :class:`~policygraph.model.Digest`: read the file, detect its layout, let that layout read it.

Knows nothing about RDF. The layouts live in :mod:`policygraph.layouts`, one module each.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .errors import DigestSyntaxError
from .layouts import get_layout, not_a_digest, ranked
from .layouts.base import Document, clean_lines
from .model import Digest
from .read import read_digest


def parse_file(path: str | Path, layout: str | None = None) -> Digest:
    """Read and parse one digest file; ``layout`` forces a reader by name."""
    source = read_digest(path)
    return parse_lines(source.lines, Path(path), source.checksum, layout=layout, form=source.form)


def parse_lines(raw_lines: list[str], path: Path, checksum: str = "", *, layout: str | None = None,
                form: str = "text") -> Digest:
    """Parse the lines of a digest; ``path`` is used for the source name and in messages."""
    doc = Document(Path(path), clean_lines(raw_lines), checksum, form)
    digest = get_layout(layout).read(doc) if layout else read_any(doc)
    return replace(digest, form=doc.form)


def read_any(doc: Document) -> Digest:
    """The digest read by the most confident layout that finds one; the first refusal if none does."""
    first: DigestSyntaxError | None = None
    for layout in ranked(doc):
        try:
            return layout.read(doc)
        except DigestSyntaxError as exc:
            first = first or exc
    raise first or not_a_digest(doc)
