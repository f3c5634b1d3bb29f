"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TESTS_DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def repo() -> Path:
    """The root of the repository checkout."""
    return REPO


@pytest.fixture(scope="session")
def tests_data() -> Path:
    """The ``tests/data`` folder."""
    return TESTS_DATA


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory):
    """An embedded store with the ontology, the vocabularies and the bundled sample digests loaded."""
    import datetime as dt

    from policygraph import resources
    from policygraph.ingest import ingest_file
    from policygraph.store import open_store
    from policygraph.vocabularies import load_reference_graphs

    store = open_store(tmp_path_factory.mktemp("samples") / "store")
    load_reference_graphs(store)
    for path in resources.sample_digest_paths():
        ingest_file(store, path, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    yield store
    store.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the expected golden graphs.")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten instead of compared."""
    return bool(request.config.getoption("--update-golden"))
