"""The data folders ship with the package: what resources lists equals what the repository holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph import resources

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("key", sorted(resources.FOLDERS))
def test_resources_list_exactly_the_repository_files(key: str) -> None:
    repo_folder = REPO / resources.FOLDERS[key]
    if not repo_folder.is_dir():
        pytest.skip(f"{repo_folder} is not in this checkout")
    shipped = {p.relative_to(resources.folder(key)) for p in resources.files(key)}
    in_repo = {p.relative_to(repo_folder) for p in repo_folder.rglob("*")
               if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts}
    assert shipped == in_repo


def test_core_files_are_found() -> None:
    assert resources.ontology_path().is_file()
    assert {p.stem for p in resources.vocab_paths()} >= {"agencies", "sectors", "companies", "codelists"}
    assert resources.shape_paths() and resources.query_paths() and resources.sample_digest_paths()


def test_unknown_folder_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown data folder"):
        resources.folder("nope")
