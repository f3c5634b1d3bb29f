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
    """An embedded store with the ontology, the vocabularies and the bundled MERICS sample digests loaded."""
    import datetime as dt

    from policygraph import resources
    from policygraph.ingest import ingest_file
    from policygraph.store import open_store
    from policygraph.vocabularies import load_reference_graphs

    store = open_store(tmp_path_factory.mktemp("samples") / "store")
    load_reference_graphs(store)
    for path in resources.sample_digest_paths("merics-china-industries"):
        ingest_file(store, path, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    yield store
    store.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the expected golden graphs.")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten instead of compared."""
    return bool(request.config.getoption("--update-golden"))


def _require(kind: str, program: str | None) -> None:
    """Skip (fail under CI, which installs every server) where a server program is missing."""
    import os

    if program is None:
        message = f"{kind} is not installed here; .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Oxigraph server (PyPI ``oxigraph``) on a loopback port, for the whole session."""
    from servers import oxigraph_command, oxigraph_server

    _require("the Oxigraph server (pip install oxigraph)", oxigraph_command())
    server = oxigraph_server(tmp_path_factory.mktemp("oxigraph-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Virtuoso Open Source server (Debian ``virtuoso-opensource``) on loopback ports."""
    from servers import allow_sparql_updates, virtuoso_command, virtuoso_server

    _require("Virtuoso (apt-get install virtuoso-opensource)", virtuoso_command())
    server, sql_port = virtuoso_server(tmp_path_factory.mktemp("virtuoso-server"))
    server.start()
    allow_sparql_updates(sql_port)
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def sparql_server(request: pytest.FixtureRequest):
    """Each real SPARQL server in turn."""
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Selenium, with network and console logging, a fresh profile and no
    background traffic (skipped where Chromium is missing, failed under CI, which installs it)."""
    import shutil
    import tempfile

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    _require("chromium and chromedriver (Debian: apt-get install -y chromium chromium-driver)",
             chromium and chromedriver)
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="policygraph-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
