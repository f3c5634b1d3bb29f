"""Names in digest text -> vocabulary entries (agencies, companies, sectors).

Matching rules, the same for every vocabulary:
- English ``skos:prefLabel``/``skos:altLabel`` of agencies and sectors: case-insensitive, on word boundaries;
- English labels of companies, acronyms (``pg:acronym``, ``skos:notation``) and ``skos:hiddenLabel``:
  case-sensitive, on word boundaries;
- Chinese labels (``@zh``): as substrings.
The longest form wins where forms overlap.

Query parameters that name an agency, company or sector are resolved by the same matchers
(:func:`iris_named`), so a name the parser understands in a digest is understood on the command line too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .model import Ref
from .namespaces import PG


def local_name(iri: URIRef | str) -> str:
    """The last path segment of an IRI."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class _Form:
    text: str
    case_sensitive: bool
    key: str


class Matcher:
    """Finds the surface forms of one vocabulary in text; ``iris`` maps each entry's key to its IRI."""

    def __init__(self, forms: Iterable[_Form], labels: dict[str, str], iris: dict[str, URIRef] | None = None) -> None:
        self.labels = labels
        self.iris = iris or {}
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._all_exact: dict[str, set[str]] = defaultdict(set)
        self._all_folded: dict[str, set[str]] = defaultdict(set)
        sensitive, insensitive, chinese = [], [], []
        for form in sorted(set(forms), key=lambda f: -len(f.text)):
            if _is_cjk(form.text):
                chinese.append(form)
            elif form.case_sensitive:
                sensitive.append(form)
            else:
                insensitive.append(form)
            self._exact.setdefault(form.text, form.key)
            self._folded.setdefault(_fold(form.text), form.key)
            self._all_exact[form.text].add(form.key)
            self._all_folded[_fold(form.text)].add(form.key)
        self._forms = (sensitive, insensitive, chinese)

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], dict[str, str], bool]]:
        """The regular expressions that find the forms in text, compiled when text is first searched (a
        lookup by name, as a query parameter needs, never compiles them)."""
        sensitive, insensitive, chinese = self._forms
        return [
            (re.compile(_alternation(sensitive)), {f.text: f.key for f in sensitive}, False),
            (re.compile(_alternation(insensitive, fold=True), re.I), {_fold(f.text): f.key for f in insensitive},
             True),
            (re.compile(_trie([f.text for f in chinese]) or r"(?!x)x"), {f.text: f.key for f in chinese}, False),
        ]

    def find(self, text: str) -> list[Ref]:
        """Every entry named in ``text``, in order of first appearance, each once."""
        refs: dict[str, Ref] = {}
        for _, _, ref in self.spans(text):
            refs.setdefault(ref.key, ref)
        return list(refs.values())

    def spans(self, text: str) -> list[tuple[int, int, Ref]]:
        """Every name found in ``text`` with its start and end, in order; the longest wins where names overlap."""
        hits: list[tuple[int, int, str, str]] = []
        for pattern, keys, folded in self._patterns:
            for m in pattern.finditer(text):
                key = keys.get(_fold(m.group(0)) if folded else m.group(0))
                if key:
                    hits.append((m.start(), m.end(), key, m.group(0)))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, Ref]] = []
        covered = -1
        for start, end, key, surface in hits:
            if start < covered:
                continue
            covered = end
            out.append((start, end, Ref(key, self.labels[key], surface)))
        return out

    def lookup(self, name: str) -> Ref | None:
        """The entry whose surface form is exactly ``name`` (acronyms and labels, any case)."""
        name = _name(name)
        key = self._exact.get(name) or self._folded.get(_fold(name))
        return Ref(key, self.labels[key], name) if key else None

    def lookup_all(self, name: str) -> list[Ref]:
        """Every entry with the surface form ``name``, normalised as :meth:`lookup` does: those with the form as
        written, else those with it in any case; more than one where entries share a name."""
        name = _name(name)
        keys = self._all_exact.get(name) or self._all_folded.get(_fold(name)) or set()
        return [Ref(key, self.labels[key], name) for key in sorted(keys)]


def _name(text: str) -> str:
    """A name as typed or quoted: white space collapsed, end punctuation and a leading "the" dropped."""
    text = re.sub(r"\s+", " ", text).strip(" .;:,")
    return re.sub(r"^the\s+", "", text, flags=re.I)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().casefold()


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _alternation(forms: list[_Form], fold: bool = False) -> str:
    """Any of ``forms`` on word boundaries; a space in a form matches any run of white space."""
    if not forms:
        return r"(?!x)x"
    body = _trie([f.text.lower() if fold else f.text for f in forms])
    return rf"(?<![\w-])(?:{body})(?!\w)"


def _trie(texts: list[str]) -> str:
    """One pattern for all ``texts``, written as a trie so that a match costs no more than the longest text.

    Where one text continues another the longer is tried first, as in an alternation sorted longest first.

    >>> _trie(["MIIT", "MIT", "MI"])
    'MI(?:IT|T)?'
    """
    root: dict[str, dict] = {}
    for text in texts:
        node = root
        for char in text:
            token = r"\s+" if char == " " else "['’]" if char in "'’" else re.escape(char)
            node = node.setdefault(token, {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, dict]) -> str:
    branches = [token + _branches(child) for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    if len(branches) == 1:
        return f"(?:{branches[0]})?" if "" in node else branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in node else body


def _graph(name: str) -> Graph:
    """A vocabulary by file stem, through the one loader (cached; a syntax error names the file and line)."""
    from .vocabularies import vocabulary

    return vocabulary(name)


def _literals(graph: Graph, subject: URIRef, *predicates: URIRef) -> list[Literal]:
    return [o for p in predicates for o in graph.objects(subject, p) if isinstance(o, Literal)]


def _always(_: str) -> bool:
    return True


def _never(_: str) -> bool:
    return False


def _acronym_like(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9&]{2,8}", text))


Rules = list[tuple[tuple[URIRef, ...], Callable[[str], bool]]]


def _matcher(name: str, cls: URIRef, rules: Rules, label: Callable[[Graph, URIRef], str | None],
             variants: Callable[[str], list[str]] | None = None) -> Matcher:
    """A matcher over vocabulary ``name``; each rule gives predicates and whether their forms are case-sensitive;
    ``variants`` adds the shorter ways a text writes a case-insensitive form."""
    graph = _graph(name)
    forms: list[_Form] = []
    labels: dict[str, str] = {}
    iris: dict[str, URIRef] = {}
    for subject in graph.subjects(RDF.type, cls):
        key = local_name(subject)
        labels[key] = label(graph, subject) or key
        iris[key] = URIRef(subject)
        for predicates, case_sensitive in rules:
            for lit in _literals(graph, subject, *predicates):
                sensitive = case_sensitive(str(lit))
                forms.append(_Form(str(lit), sensitive, key))
                if variants and not sensitive and not _is_cjk(str(lit)):
                    forms.extend(_Form(v, False, key) for v in variants(str(lit)))
    return Matcher(forms, labels, iris)


def _agency_variants(name: str) -> list[str]:
    """How digests shorten an agency's English name: without "the" after "of" ("Standing Committee of National
    People's Congress") and without a leading "China" where three or more words remain ("Securities Regulatory
    Commission").

    >>> _agency_variants("China Securities Regulatory Commission")
    ['Securities Regulatory Commission']
    >>> _agency_variants("Standing Committee of the National People's Congress")
    ["Standing Committee of National People's Congress"]
    """
    out = []
    if re.search(r"\bof the\b", name):
        out.append(re.sub(r"\bof the\b", "of", name))
    rest = re.sub(r"^(?:the\s+)?China\s+", "", name)
    if rest != name and len(rest.split()) >= 3 and rest not in FOREIGN_NAMES:
        out.append(rest)
    return out


#: names that, without "China", are other countries' bodies ("the US Food and Drug Administration")
FOREIGN_NAMES = {"Food and Drug Administration", "Atomic Energy Authority", "National Space Administration"}


def _notation(graph: Graph, subject: URIRef) -> str | None:
    return next((str(lit) for lit in _literals(graph, subject, SKOS.notation)), None)


@cache
def agencies() -> Matcher:
    """Matcher for ``data/vocab/agencies.ttl``; labels are the canonical short names (skos:notation)."""
    return _matcher("agencies", PG.Agency, [((PG.acronym, SKOS.notation), _always),
                                            ((SKOS.prefLabel, SKOS.altLabel), _acronym_like)], _notation,
                    _agency_variants)


@cache
def companies() -> Matcher:
    """Matcher for ``data/vocab/companies.ttl``; labels are English preferred labels."""
    return _matcher("companies", PG.Company, [((SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel), _always)],
                    _english)


@cache
def sectors() -> Matcher:
    """Matcher for ``data/vocab/sectors.ttl``; labels are English preferred labels."""
    return _matcher("sectors", PG.Sector, [((SKOS.prefLabel, SKOS.altLabel), _never), ((SKOS.hiddenLabel,), _always)],
                    _english)


def _english(graph: Graph, subject: URIRef) -> str | None:
    for lit in _literals(graph, subject, SKOS.prefLabel):
        if lit.language in (None, "en"):
            return str(lit)
    return None


#: the vocabulary classes whose names the parser resolves, and the matcher of each
MATCHERS: dict[URIRef, Callable[[], Matcher]] = {PG.Agency: agencies, PG.Company: companies, PG.Sector: sectors}


def iris_named(cls: URIRef, name: str) -> list[URIRef]:
    """The IRIs of the entries of class ``cls`` that ``name`` names, matched as the parser matches a name
    (:meth:`Matcher.lookup_all`); none for a class the parser resolves no names of.

    >>> iris_named(PG.Agency, "the Ministry of Industry and Information Technology")
    [rdflib.term.URIRef('https://w3id.org/policygraph/id/agency/miit')]
    """
    make = MATCHERS.get(cls)
    if make is None:
        return []
    matcher = make()
    return [matcher.iris[ref.key] for ref in matcher.lookup_all(name)]
