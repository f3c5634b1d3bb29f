"""Layout readers: each module of this package that defines ``LAYOUT`` reads one family of digest layouts.

A new layout is one new module; nothing here changes. :func:`detect` hands a document to the reader most sure
that the document is in its layout.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..errors import DigestSyntaxError, UnknownLayout
from .base import Document, Layout

__all__ = ["Document", "Layout", "all_layouts", "detect", "get_layout", "ranked"]


@cache
def all_layouts() -> tuple[Layout, ...]:
    """Every layout reader, in the order of their modules' ``ORDER`` (then name)."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        layout = getattr(module, "LAYOUT", None)
        if layout is not None:
            found.append((getattr(module, "ORDER", 50), layout.name, layout))
    return tuple(layout for _, _, layout in sorted(found, key=lambda t: (t[0], t[1])))


def get_layout(name: str) -> Layout:
    """The reader called ``name``."""
    for layout in all_layouts():
        if layout.name == name:
            return layout
    known = ", ".join(layout.name for layout in all_layouts())
    raise UnknownLayout(f"no layout called {name!r}; known layouts: {known}")


def ranked(doc: Document) -> list[Layout]:
    """The layouts that recognise ``doc``, the most confident first (ties go to the earlier layout)."""
    scored = [(layout.recognise(doc), -i, layout) for i, layout in enumerate(all_layouts())]
    return [layout for score, _, layout in sorted(scored, key=lambda t: (t[0], t[1]), reverse=True) if score > 0]


def detect(doc: Document) -> Layout:
    """The reader most sure that ``doc`` is in its layout; raises DigestSyntaxError when none is."""
    found = ranked(doc)
    if not found:
        raise not_a_digest(doc)
    return found[0]


def not_a_digest(doc: Document) -> DigestSyntaxError:
    """The one-line refusal of a file that no layout reads."""
    return DigestSyntaxError("no policy entries or news items found: this does not look like a digest", doc.path)
