"""Exports load back unchanged in rdflib and pyoxigraph, and Apache Jena's riot accepts them."""

from __future__ import annotations

import csv
import io
import os
import shlex
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS
from test_queries import SAMPLE, load_fixture, load_trig

from policygraph.errors import PolicygraphError, StoreError
from policygraph.export import CSV_COLUMNS, EXPORTERS, export, to_csv, to_turtle
from policygraph.namespaces import GRAPH, POLICY
from policygraph.store import Store
from policygraph.store.embedded import EmbeddedStore
from policygraph.store.terms import from_ox
from policygraph.vocabularies import load_reference_graphs

SAMPLE_GRAPH = GRAPH["digest/policy-sample-desk-industry-policy-monitor-2023-03-06"]
RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = EmbeddedStore(tmp_path_factory.mktemp("export") / "store")
    load_reference_graphs(store)
    load_fixture(store)
    load_trig(store, SAMPLE)
    yield store
    store.close()


def store_triples(store: Store, graph: URIRef | None = None) -> Graph:
    """What the store holds (one graph, or all merged), read through N-Quads."""
    dataset = Dataset()
    dataset.parse(data=store.dump("nquads", graph).decode(), format="nquads")
    merged = Graph()
    for s, p, o, _ in dataset.quads():
        merged.add((s, p, o))
    return merged


# -- Turtle ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("graph", [None, SAMPLE_GRAPH], ids=["whole-store", "one-graph"])
def test_turtle_loads_unchanged_in_rdflib_and_pyoxigraph(store: Store, graph: URIRef | None) -> None:
    data = to_turtle(store, graph)
    with_rdflib = Graph().parse(data=data.decode(), format="turtle")
    with_oxigraph = Graph()
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        with_oxigraph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    expected = store_triples(store, graph)
    assert isomorphic(with_rdflib, expected)
    assert isomorphic(with_oxigraph, expected)


def test_turtle_of_the_whole_store_merges_every_graph(store: Store) -> None:
    merged = Graph().parse(data=to_turtle(store).decode(), format="turtle")
    assert 0 < len(merged) <= store.quad_count()
    assert (POLICY["ba26726bf3f79894"], DCTERMS.title,
            Literal("关于加强锂离子电芯安全回收利用的通知", lang="zh")) in merged
    assert len(set(merged.subjects(None, None))) > 100  # vocabularies are in it too


def test_turtle_uses_our_prefixes(store: Store) -> None:
    text = to_turtle(store, SAMPLE_GRAPH).decode()
    assert "@prefix pg: <https://w3id.org/policygraph/ontology#> ." in text
    assert "pga:miit" in text


# -- dataset formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_exports_keep_every_quad_and_graph_name(store: Store, fmt: str) -> None:
    dataset = Dataset()
    dataset.parse(data=export(store, fmt).decode(), format=RDFLIB_FORMATS[fmt])
    assert len(list(dataset.quads())) == store.quad_count()
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == set(store.graph_names())


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_export_of_one_graph(store: Store, fmt: str) -> None:
    dataset = Dataset()
    dataset.parse(data=export(store, fmt, SAMPLE_GRAPH).decode(), format=RDFLIB_FORMATS[fmt])
    assert isomorphic(dataset.graph(SAMPLE_GRAPH), store_triples(store, SAMPLE_GRAPH))


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exports_are_deterministic(store: Store, fmt: str) -> None:
    assert export(store, fmt) == export(store, fmt)


# -- CSV ---------------------------------------------------------------------------------------------------


def test_csv_has_one_row_per_quad(store: Store) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(store).decode())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == store.quad_count()
    assert {r[0] for r in rows[1:]} == {str(g) for g in store.graph_names()}


def test_csv_of_one_graph_keeps_language_and_datatype(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(store, SAMPLE_GRAPH).decode())))
    assert len(rows) == len(store_triples(store, SAMPLE_GRAPH))
    title = {(r["object"], r["object_lang"]) for r in rows
             if r["subject"] == str(POLICY["ba26726bf3f79894"]) and r["predicate"] == str(DCTERMS.title)}
    assert ("关于加强锂离子电芯安全回收利用的通知", "zh") in title
    assert any(r["object_datatype"].endswith("#gYear") for r in rows)


# -- errors ------------------------------------------------------------------------------------------------


def test_unknown_format_and_graph(store: Store) -> None:
    with pytest.raises(PolicygraphError, match="unknown export format 'xml'"):
        export(store, "xml")
    with pytest.raises(StoreError, match="no graph"):
        export(store, "turtle", GRAPH["digest/not-loaded"])


# -- Apache Jena riot --------------------------------------------------------------------------------------

#: the jars Debian's libapache-jena-java needs for riot (it ships no riot script), besides jena-*.jar
DEBIAN_JENA_DEPENDENCIES = (
    "slf4j-api", "slf4j-simple", "guava", "commons-csv", "commons-io", "commons-lang3", "commons-codec",
    "commons-compress", "commons-cli", "dexx.collection", "jsonld-java", "jackson-core", "jackson-databind",
    "jackson-annotations", "httpclient", "httpcore", "commons-logging", "httpclient-cache", "jcl-over-slf4j",
    "gson", "titanium-json-ld", "jakarta.json-api", "protobuf", "thrift", "jsr305",
)


def debian_riot(workdir: Path) -> list[str] | None:
    """A riot command from Debian's Jena jars, or None.

    Debian's jena-core moved the bundled Xerces classes to the ``xerces`` package but left their message
    bundles under ``org/apache/jena/ext/xerces``, so Jena fails to start; copying the bundles to where the
    classes look for them is enough.
    """
    jars = Path("/usr/share/java")
    core = jars / "jena-core.jar"
    if not (core.is_file() and (jars / "jena-cmds.jar").is_file() and shutil.which("java")):
        return None
    fix = workdir / "jena-bundles"
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(core) as archive:
        for name in archive.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    classpath = [fix, *sorted(p for p in jars.glob("jena-*.jar") if not p.stem[-1].isdigit())]
    classpath += [jars / f"{name}.jar" for name in DEBIAN_JENA_DEPENDENCIES if (jars / f"{name}.jar").is_file()]
    return ["java", "-cp", os.pathsep.join(map(str, classpath)), "riotcmd.riot"]


@pytest.fixture(scope="module")
def riot(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The riot command: $POLICYGRAPH_RIOT, `riot` on PATH, or Debian's Jena jars."""
    if os.environ.get("POLICYGRAPH_RIOT"):
        return shlex.split(os.environ["POLICYGRAPH_RIOT"])
    if shutil.which("riot"):
        return [str(shutil.which("riot"))]
    command = debian_riot(tmp_path_factory.mktemp("riot"))
    if command is None:
        pytest.skip("Apache Jena riot not found: install Jena (apt-get install libapache-jena-java) or set "
                    "POLICYGRAPH_RIOT to a riot command")
    return command


@pytest.mark.parametrize(
    ("fmt", "graph", "suffix"),
    [("turtle", None, "ttl"), ("turtle", SAMPLE_GRAPH, "ttl"), ("trig", None, "trig"), ("nquads", None, "nq")],
    ids=["turtle-whole-store", "turtle-one-graph", "trig", "nquads"],
)
def test_jena_riot_validates_the_export(
    store: Store, riot: list[str], tmp_path: Path, fmt: str, graph: URIRef | None, suffix: str
) -> None:
    path = tmp_path / f"export.{suffix}"
    path.write_bytes(export(store, fmt, graph))
    result = subprocess.run([*riot, "--validate", str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARN" not in result.stderr and "ERROR" not in result.stderr, result.stderr
