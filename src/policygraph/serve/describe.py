"""``policygraph describe TERM``: the explorer's page of a policy, agency, sector, company or digest, as text.

The page is the one ``policygraph serve`` shows (:meth:`Explorer.entity_html`), so the two never disagree; it is
turned into text here: headings underlined, facts as ``name: value``, lists as ``- item``, table rows as cells
joined by `` | `` under their header. The term is an IRI, a CURIE, a digest key, or an agency, sector or
company by acronym or label.
"""

from __future__ import annotations

import difflib
from html.parser import HTMLParser

from rdflib import URIRef

from ..binding import class_members, resolve_iri
from ..errors import QueryParameterError
from ..namespaces import DIGEST, curie, expand_curie
from ..store import Store
from .app import CLASSES, Explorer

#: the kinds a label or acronym is looked up in, in this order
BY_LABEL = ("agency", "sector", "company")


def describe(store: Store, term: str) -> str:
    """The page of ``term`` as text; a QueryParameterError (exit 2) names close terms when it names none."""
    explorer = Explorer(store)
    for kind, iri in candidates(store, term):
        page = explorer.entity_html(kind, iri)
        if page is not None:
            return page_text(page)
    raise QueryParameterError(f"no policy, agency, sector, company or digest is called {term!r}"
                              f"{_close(store, term)}", query="describe")


def candidates(store: Store, term: str) -> list[tuple[str, URIRef]]:
    """The (kind, IRI) pairs ``term`` may name: as an IRI or CURIE of each kind, as a digest key, and as the
    label or acronym of an agency, sector or company."""
    found: list[tuple[str, URIRef]] = []
    try:
        iri = expand_curie(term.strip())
    except ValueError:
        iri = None
    if iri is not None:
        found += [(kind, iri) for kind in CLASSES]
    found.append(("digest", DIGEST[term.strip()]))
    for kind in BY_LABEL:
        try:
            found.append((kind, resolve_iri(store, term, CLASSES[kind])))
        except ValueError:
            continue
    return found


def _close(store: Store, term: str) -> str:
    names: dict[str, str] = {}
    for kind in BY_LABEL:
        for iri, label in class_members(store, CLASSES[kind]).items():
            names.setdefault(label.lower(), f"{label} ({curie(str(iri))})")
    close = difflib.get_close_matches(term.strip().lower(), list(names), n=3, cutoff=0.6)
    return f"; did you mean: {'; '.join(names[c] for c in close)}?" if close else ""


def page_text(page: str) -> str:
    """An explorer page as plain text."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    return parser.text()


class _Text(HTMLParser):
    """Collects the text of ``<main>``: headings, definition lists, list items and table rows on lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.cells: list[str] = []
        self.current: list[str] = []
        self.inside = False
        self.heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.inside = True
        elif tag in ("h1", "h2", "h3", "p", "li", "dt", "tr"):
            self._end_line()
            self.heading = tag if tag in ("h1", "h2", "h3") else ""
            self.current.append({"li": "- ", "dt": ""}.get(tag, ""))
        elif tag in ("td", "th"):
            self.current = []
        elif tag == "dd":
            self.current.append(": ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._end_line()
            self.inside = False
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "h1", "h2", "h3", "p", "li", "dd"):
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.current.append(data)

    def _end_cell(self) -> None:
        self.cells.append(" ".join("".join(self.current).split()))
        self.current = []

    def _end_line(self) -> None:
        if self.cells:
            self.lines.append("  " + " | ".join(self.cells))
            self.cells = []
            return
        text = " ".join("".join(self.current).split())
        self.current = []
        if not text or text == "-":
            return
        if self.heading:
            rule = "=" if self.heading == "h1" else "-"
            self.lines += ["", text, rule * min(len(text), 80)]
            self.heading = ""
        else:
            self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"
