"""The examples in the library's docstrings run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["policygraph.dates", "policygraph.targets", "policygraph.build", "policygraph.identity",
           "policygraph.indicators"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
