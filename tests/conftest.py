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
