"""Reference graphs: one named graph per file, reloaded only when the file or the package version changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from policygraph import resources, vocabularies
from policygraph.errors import VocabularyError
from policygraph.namespaces import GRAPH
from policygraph.store.embedded import EmbeddedStore
from policygraph.vocabularies import (
    HIERARCHY_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    load_reference_graphs,
    load_turtle,
    read_fingerprints,
    reference_files,
    vocab_graph_name,
)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[URIRef, Path]:
    """Copies of the ontology and code lists that the test may change."""
    copies = {
        ONTOLOGY_GRAPH: shutil.copy(resources.ontology_path(), tmp_path / "policygraph.ttl"),
        vocab_graph_name("codelists"): shutil.copy(resources.vocab_path("codelists"), tmp_path / "codelists.ttl"),
    }
    chosen = {name: Path(path) for name, path in copies.items()}
    monkeypatch.setattr(vocabularies, "reference_files", lambda: dict(chosen))
    return chosen


def test_every_file_has_its_own_graph() -> None:
    names = set(reference_files())
    assert ONTOLOGY_GRAPH in names
    assert {GRAPH[f"vocab/{p.stem}"] for p in resources.vocab_paths()} <= names


def test_the_real_files_load_into_their_graphs() -> None:
    with EmbeddedStore() as store:
        status = load_reference_graphs(store)
        assert set(status.values()) == {"loaded"}
        assert set(store.graph_names()) == set(reference_files()) | {META_GRAPH, HIERARCHY_GRAPH}


def test_a_second_load_skips_unchanged_files(files: dict[URIRef, Path]) -> None:
    with EmbeddedStore() as store:
        load_reference_graphs(store)
        count = store.quad_count()
        assert set(load_reference_graphs(store).values()) == {"unchanged"}
        assert store.quad_count() == count


def test_a_changed_file_is_reloaded_alone(files: dict[URIRef, Path]) -> None:
    with EmbeddedStore() as store:
        load_reference_graphs(store)
        codelists = vocab_graph_name("codelists")
        with files[codelists].open("a", encoding="utf-8") as f:
            f.write('\nqual:at-least skos:altLabel "no less than"@en .\n')
        status = load_reference_graphs(store)
        assert status == {ONTOLOGY_GRAPH: "unchanged", codelists: "loaded", HIERARCHY_GRAPH: "loaded"}
        assert store.ask('ASK WHERE { ?c ?p "no less than"@en }')
        assert read_fingerprints(store)[codelists] == vocabularies.fingerprint(files[codelists])


def test_a_new_package_version_reloads_everything(files: dict[URIRef, Path], monkeypatch) -> None:
    with EmbeddedStore() as store:
        load_reference_graphs(store)
        monkeypatch.setattr(vocabularies, "__version__", "99.0.0")
        assert set(load_reference_graphs(store).values()) == {"loaded"}


def test_a_graph_dropped_from_the_store_is_reloaded(files: dict[URIRef, Path]) -> None:
    with EmbeddedStore() as store:
        load_reference_graphs(store)
        store.delete_graph(ONTOLOGY_GRAPH)
        assert load_reference_graphs(store)[ONTOLOGY_GRAPH] == "loaded"


def test_a_removed_file_removes_its_graph(files: dict[URIRef, Path], monkeypatch) -> None:
    with EmbeddedStore() as store:
        load_reference_graphs(store)
        only_ontology = {ONTOLOGY_GRAPH: files[ONTOLOGY_GRAPH]}
        monkeypatch.setattr(vocabularies, "reference_files", lambda: dict(only_ontology))
        codelists = vocab_graph_name("codelists")
        assert load_reference_graphs(store)[codelists] == "removed"
        assert not store.has_graph(codelists)
        assert codelists not in read_fingerprints(store)


def test_bad_turtle_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"bad.ttl:2: cannot read Turtle"):
        load_turtle(bad)


def test_loading_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "v.ttl"
    path.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    first = load_turtle(path)
    assert load_turtle(path) is first
    path.write_text("<http://example.org/a> <http://example.org/b> 1, 2 .\n", encoding="utf-8")
    assert len(load_turtle(path)) == 2


BROKEN_VOCAB_RUN = """
import sys
from pathlib import Path
from policygraph import resources
original = resources.vocab_path
resources.vocab_path = lambda stem: Path(sys.argv[1]) if stem == "agencies" else original(stem)
from policygraph.cli import main
main(sys.argv[2:], prog_name="policygraph")
"""


@pytest.mark.parametrize("command", ["parse", "validate"])
def test_a_broken_vocabulary_is_one_line_naming_file_and_line(tmp_path: Path, command: str) -> None:
    import subprocess
    import sys

    broken = tmp_path / "agencies.ttl"
    lines = resources.vocab_path("agencies").read_text(encoding="utf-8").splitlines()
    lines.insert(60, "this is not turtle .")
    broken.write_text("\n".join(lines), encoding="utf-8")
    sample = resources.sample_digest_paths("merics-china-industries")[0]
    done = subprocess.run([sys.executable, "-c", BROKEN_VOCAB_RUN, str(broken), command, str(sample)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("Error")]
    assert f"{broken}:" in line and ":61" in line
