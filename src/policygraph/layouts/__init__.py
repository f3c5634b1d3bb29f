"""Layout readers: each module of this package that defines ``LAYOUT`` reads one family of digest layouts.

A new layout is one new module; nothing here changes. :func:`detect` hands a document to the reader most sure
that the document is in its layout.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
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


def ranked(doc: Document) -> Iterator[Layout]:
    """The layouts that recognise ``doc``, the most confident first (ties go to the earlier layout).

    Lazily: a layout is yielded as soon as no layout not yet asked could outrank it (its ``ceiling``, the
    highest score its ``recognise`` gives, 1 where it states none), so a layout that cannot win is asked only
    when the ones before it have all been refused."""
    waiting = sorted(((_ceiling(layout), -i, layout) for i, layout in enumerate(all_layouts())),
                     key=lambda t: (t[0], t[1]), reverse=True)
    scored: list[tuple[float, int, Layout]] = []
    while waiting or scored:
        best = max(scored, key=lambda t: (t[0], t[1]), default=None)
        if waiting and (best is None or (waiting[0][0], waiting[0][1]) > (best[0], best[1])):
            _, order, layout = waiting.pop(0)
            scored.append((layout.recognise(doc), order, layout))
            continue
        if best is None or best[0] <= 0:
            return
        scored.remove(best)
        yield best[2]


def _ceiling(layout: Layout) -> float:
    return float(getattr(layout, "ceiling", 1.0))


def detect(doc: Document) -> Layout:
    """The reader most sure that ``doc`` is in its layout; raises DigestSyntaxError when none is."""
    found = next(ranked(doc), None)
    if found is None:
        raise not_a_digest(doc)
    return found


def not_a_digest(doc: Document) -> DigestSyntaxError:
    """The one-line refusal of a file that no layout reads."""
    return DigestSyntaxError("no policy entries or news items found: this does not look like a digest", doc.path)
