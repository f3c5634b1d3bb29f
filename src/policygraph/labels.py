"""Names for the IRIs in query results, so that tables for people show "MIIT" and a policy's title.

One lookup (``lookup/labels``) for all the IRIs of a result, every IRI bound as a term. CSV and JSON keep the
IRIs; :func:`policygraph.tabular.render` puts these names in tables only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import URIRef
from rdflib.term import Node

from .queries import get_query

#: the kind of name that is a title (see ``lookup/labels``)
TITLE = 3
#: the most IRIs one lookup binds (a longer result is labelled in slices)
BATCH = 500


def iris(rows: Iterable[Mapping[str, Node]]) -> list[URIRef]:
    """The distinct IRIs in ``rows``, sorted."""
    return sorted({value for row in rows for value in row.values() if isinstance(value, URIRef)})


def labels(store, terms: list[URIRef], titles: bool = True) -> dict[str, str]:
    """IRI -> its short English name: acronym, then English label, then English title (unless ``titles`` is
    False: a result that has a title column shows a policy by its IRI), then ``rdfs:label``."""
    best: dict[str, tuple[int, str]] = {}
    text = get_query("lookup/labels").text
    for start in range(0, len(terms), BATCH):
        for row in store.select(text, {"term": terms[start:start + BATCH]}):
            term, kind, label = str(row["term"]), int(row["kind"]), " ".join(str(row["label"]).split())
            if kind == TITLE and not titles:
                continue
            if label and (term not in best or kind < best[term][0]):
                best[term] = (kind, label)
    return {term: label for term, (_, label) in best.items()}
