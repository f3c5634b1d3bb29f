"""Which indicator a target measures, by the labels of ``data/vocab/indicators.ttl``.

The matching contract is written at the top of that file: normalised labels found in the target's metric
(else in its sentence), the most specific label winning, units that must agree, and no match on a tie.

>>> indicator_for("NEV share of new car sales", "percent", "")
('nev-share-of-new-car-sales', 'NEV share of new car sales')
>>> indicator_for("NEV share of new car sales", "vehicles", "") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .namespaces import INDICATOR, PG
from .vocabularies import vocabulary

VOCABULARY = "indicators"
#: a CJK ideograph: one word of its own, and matched without word boundaries
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: apostrophes are dropped ("industries'" -> "industries"), so possessives match plain words
_APOSTROPHES = re.compile(r"['’‘`]")
_SEPARATOR = re.compile(r"[^\w&%]+")


@dataclass(frozen=True)
class _Label:
    """One phrasing of an indicator, normalised for matching."""

    key: str
    label: str
    text: str
    words: int
    cjk: bool


def normalise(text: str) -> str:
    """NFKC, lower case, apostrophes dropped, other punctuation read as single spaces.

    >>> normalise("Core digital economy industries’ share of GDP")
    'core digital economy industries share of gdp'
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).lower())
    return _SEPARATOR.sub(" ", text.replace("_", " ")).strip()


def _word_count(norm: str) -> int:
    """Words of a normalised label: each CJK character is one, and each run of other characters between spaces."""
    return len(_CJK.findall(norm)) + len(_CJK.sub(" ", norm).split())


@lru_cache(maxsize=1 << 12)
def normalise_unit(unit: str) -> str:
    """A unit in one spelling: percent for "%" and "per cent", "10,000" for "ten thousand", people for persons.

    >>> normalise_unit("Per 10 000 Inhabitants")
    'per 10,000 people'
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", unit).lower()).strip()
    text = re.sub(r"^(?:%|per cent|pct)(?=$|\s)", "percent", text)
    text = re.sub(r"\b(?:ten thousand|10 000|10000)\b", "10,000", text)
    text = re.sub(r"\b(?:persons|inhabitants|residents|population)\b", "people", text)
    return re.sub(r"\bexaflops\b", "eflops", text)


@lru_cache(maxsize=1 << 14)
def units_compatible(indicator_unit: str | None, unit: str | None) -> bool:
    """Whether a target in ``unit`` can measure an indicator stated in ``indicator_unit``.

    >>> units_compatible("percent", "%"), units_compatible("percent", "units"), units_compatible(None, "CNY")
    (True, False, True)
    >>> units_compatible("users", "gigabit broadband users"), units_compatible("percent", "percent per year")
    (True, False)
    >>> units_compatible("CNY", "CNY per year"), units_compatible("robots per 10,000 workers", "robots")
    (False, True)
    """
    if indicator_unit is None:
        return True
    if unit is None:
        return False
    want, got = normalise_unit(indicator_unit).split(), normalise_unit(unit).split()
    if want == got:
        return True
    short, long = sorted((want, got), key=len)
    if indicator_unit.isupper() or unit.isupper() or short[0] in {"percent", "per"} or not all(
            w.isalpha() and len(w) > 3 for w in short):
        return False  # a code (CNY, EFLOPS, GW), a share or a rate: only the same unit will do
    return long[: len(short)] == short or long[-len(short):] == short


@lru_cache(maxsize=4)
def _read(g: Graph) -> tuple[tuple[_Label, ...], dict[str, str | None]]:
    """The labels of the indicator vocabulary, and each indicator's unit (None where it states none)."""
    labels: list[_Label] = []
    units: dict[str, str | None] = {}
    for node in sorted(g.subjects(RDF.type, PG.Indicator)):
        if not (isinstance(node, URIRef) and node.startswith(str(INDICATOR))):
            continue
        key = node.removeprefix(str(INDICATOR))
        unit = g.value(node, PG.indicatorUnit)
        units[key] = str(unit) if unit is not None else None
        for pred in (SKOS.prefLabel, SKOS.altLabel):
            for lit in g.objects(node, pred):
                if isinstance(lit, Literal) and (norm := normalise(str(lit))):
                    labels.append(_Label(key, str(lit), norm, _word_count(norm), bool(_CJK.search(norm))))
    return tuple(labels), units


def _occurs(label: _Label, text: str) -> bool:
    if label.cjk:
        return label.text in text
    return f" {label.text} " in f" {text} "


def _matches(text: str, unit: str | None) -> list[_Label]:
    """Per indicator in a unit compatible with ``unit``, its most specific label that occurs in ``text``."""
    labels, units = _read(vocabulary(VOCABULARY))
    norm = normalise(text)
    best: dict[str, _Label] = {}
    for label in labels:
        if not (norm and _occurs(label, norm) and units_compatible(units[label.key], unit)):
            continue
        if label.key not in best or label.words > best[label.key].words:
            best[label.key] = label
    return list(best.values())


def indicator_for(metric: str, unit: str | None, text: str) -> tuple[str, str] | None:
    """The indicator a target measures: its key (the IRI's local name) and the label that matched.

    The metric is searched first, then the target's sentence ``text``; None when no indicator in a compatible
    unit is named, or when two are named equally specifically.
    """
    for where in (metric, text):
        if found := _matches(where or "", unit):
            top = max(label.words for label in found)
            winners = [label for label in found if label.words == top]
            return (winners[0].key, winners[0].label) if len(winners) == 1 else None
    return None
