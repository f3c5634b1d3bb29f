"""The examples in the library's docstrings run as tests: every module that has examples, found by walking the
package, so a new module's examples run without being listed here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policygraph

MODULES = sorted(m.name for m in pkgutil.walk_packages(policygraph.__path__, "policygraph.")
                 if not m.name.endswith("__main__"))
#: modules whose docstrings must keep examples (the identity keys, dates and targets are best read from them)
MUST_HAVE_EXAMPLES = {"policygraph.dates", "policygraph.targets", "policygraph.build", "policygraph.identity",
                      "policygraph.indicators", "policygraph.adhoc"}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    if name in MUST_HAVE_EXAMPLES:
        assert result.attempted > 0, f"{name} lost its docstring examples"


def test_the_walk_finds_the_modules() -> None:
    assert set(MODULES) >= MUST_HAVE_EXAMPLES
