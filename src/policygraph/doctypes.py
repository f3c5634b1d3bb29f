"""Document type and status of a policy from its titles, using the code lists' hidden labels."""

from __future__ import annotations

import re
from functools import cache

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from .namespaces import PG
from .resolve import local_name
from .vocabularies import vocabulary


@cache
def _labels(cls: str) -> list[tuple[str, str, str]]:
    """(label, language, key) for every hidden or preferred label of the code-list class ``cls``."""
    graph = vocabulary("codelists")
    out = []
    for concept in graph.subjects(RDF.type, PG[cls]):
        for pred in (SKOS.hiddenLabel, SKOS.prefLabel):
            for lit in graph.objects(concept, pred):
                if isinstance(lit, Literal):
                    out.append((str(lit).lower(), lit.language or "en", local_name(concept)))
    return out


def document_type(title_en: str | None, title_zh: str | None) -> str:
    """The doc-type key: the earliest (then longest) type word in the English title, else in the Chinese."""
    labels = _labels("DocumentType")
    if title_en:
        text = title_en.lower().replace("“", "").replace("”", "").replace('"', "")
        if re.search(r"five-year", text) and re.search(r"\bplan\b", text):
            return "five-year-plan"
        hits = [(m.start(), -len(label), key) for label, lang, key in labels if lang == "en"
                for m in [re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text)] if m]
        if hits:
            return min(hits)[2]
    if title_zh:
        text = re.sub(r"的通知$", "", title_zh) if "印发" in title_zh else title_zh
        text = re.sub(r"[（(]?征求意见稿[）)]?|公开征求意见", "", text)  # a draft marker is no type word (意见)
        hits = [(text.rfind(label) + len(label), len(label), key) for label, lang, key in labels
                if lang == "zh" and label in text]  # the type word that ends last, the longest of those (办法 > 法)
        if hits:
            return max(hits)[2]
    return "other"


def policy_status(title_en: str | None, title_zh: str | None, summary: str = "") -> str:
    """``draft-for-comment`` when a title (or the first summary sentence) says draft, else ``issued``."""
    first = re.split(r"(?<=[.!?])\s", summary, maxsplit=1)[0] if summary else ""
    if re.search(r"\bdraft\b", " ".join(filter(None, [title_en, first])), re.I):
        return "draft-for-comment"
    if title_zh and "征求意见" in title_zh:
        return "draft-for-comment"
    return "issued"
