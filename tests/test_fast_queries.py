"""Stored queries written for speed give the rows of their straightforward form.

A query may bind its parameters inside a sub-select (``#@values``) or be rewritten so that it reads only what
its parameters select (``new-since``); its straightforward form is the same text bound at the outermost
``WHERE`` (markers ignored), or the file of the same name in ``tests/data/queries/reference/``. Both run on a
store of every sample digest and the identity fixtures (policies reported many times), with the example
parameters and other values of each parameter, then again after one digest is replaced by an edited copy and
another removed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from policygraph import resources
from policygraph.build import build_digest
from policygraph.ingest import ingest_file
from policygraph.parse import parse_file
from policygraph.queries import StoredQuery, all_queries, get_query
from policygraph.store import Store, open_store
from policygraph.vocabularies import load_reference_graphs

HERE = Path(__file__).parent
REFERENCE = HERE / "data" / "queries" / "reference"
LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
MARKER = re.compile(r"^[ \t]*#@values.*$", re.M)
#: other values of date parameters: before, inside and after the samples' years
DATES = ["2000-01-01", "2022-11-30", "2030-01-01"]
#: how many terms of an IRI parameter's class are tried besides the example
TERMS = 4


def _fast() -> list[StoredQuery]:
    return [q for q in all_queries() if MARKER.search(q.text) or (REFERENCE / f"{q.name}.rq").exists()]


def _reference(query: StoredQuery) -> str:
    path = REFERENCE / f"{query.name}.rq"
    return path.read_text(encoding="utf-8") if path.exists() else MARKER.sub("", query.text)


def _digests() -> list[Path]:
    samples = sorted(p for p in resources.folder("digests").rglob("*")
                     if p.is_file() and p.name != "README.md" and not p.name.startswith("."))
    identity = sorted(p for p in (HERE / "data" / "identity").glob("*.md") if p.name != "README.md")
    return samples + identity


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(tmp_path_factory.mktemp("fast") / "store") as s:
        load_reference_graphs(s)
        for path in _digests():
            ingest_file(s, path, loaded_at=LOADED_AT)
        yield s


def _values(store: Store, query: StoredQuery, name: str) -> list[Node]:
    """The example value of parameter ``name`` bound as a term, and other values of its type."""
    param = query.param(name)
    example = query.bind(store, query.example_params()).get(name)
    others: list[Node] = []
    if param.type == "date":
        others = [Literal(d, datatype=XSD.date) for d in DATES]
    elif param.type == "iri" and param.cls is not None:
        rows = store.select(get_query("lookup/terms-by-class").text, {"class": param.cls})
        others = sorted({r["term"] for r in rows})[:TERMS]
    return [v for v in dict.fromkeys([example, *others]) if v is not None]


def _bindings(store: Store, query: StoredQuery) -> list[dict[str, Node]]:
    """One binding of every parameter per value of each: the example values, then each parameter varied."""
    names = list(query.params)
    values = {name: _values(store, query, name) for name in names}
    base = {name: values[name][0] for name in names}
    return [base, *({**base, name: v} for name in names for v in values[name][1:])]


def _rows(store: Store, text: str, bindings: dict[str, Node]) -> Counter[tuple[tuple[str, str], ...]]:
    return Counter(tuple(sorted((k, v.n3()) for k, v in row.items())) for row in store.select(text, bindings))


def _assert_same(store: Store) -> None:
    queries = _fast()
    assert queries, "no stored query is written for speed: this test has nothing to check"
    for query in queries:
        for bindings in _bindings(store, query):
            fast, plain = _rows(store, query.text, bindings), _rows(store, _reference(query), bindings)
            assert fast == plain, (query.name, bindings)


def test_fast_queries_give_the_rows_of_their_straightforward_form(store: Store) -> None:
    _assert_same(store)


def test_fast_queries_return_rows_on_the_samples(store: Store) -> None:
    """The comparison is not between two empty answers: each query answers its examples."""
    for query in _fast():
        assert query.run(store, query.example_params()), query.name


def test_and_after_a_digest_is_replaced_and_another_removed(store: Store, tmp_path: Path) -> None:
    first, second = _digests()[0], _digests()[-1]
    copy = tmp_path / first.name
    shutil.copyfile(first, copy)
    ingest_file(store, copy, loaded_at=LOADED_AT)
    text = copy.read_text(encoding="utf-8")
    edited = re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) - 1), text, count=3)
    assert edited != text
    copy.write_text(edited, encoding="utf-8")
    ingest_file(store, copy, loaded_at=LOADED_AT)
    store.delete_graph(build_digest(parse_file(second)).name)
    _assert_same(store)


def test_a_marker_names_only_parameters_it_binds() -> None:
    """``#@values ?x`` lines name variables the query uses, so that a typo cannot leave a parameter unbound."""
    for query in all_queries():
        for line in MARKER.findall(query.text):
            names = re.findall(r"[?$](\w+)", line)
            assert set(names) <= set(query.params), (query.name, line)
            assert names or query.params, (query.name, line)


def test_reference_files_name_stored_queries() -> None:
    names = {q.name for q in all_queries()}
    for path in REFERENCE.glob("*.rq"):
        assert path.stem in names, path

