"""The shape of the package: no import cycles, and every kind the command line offers has an implementation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click import Choice

from policygraph.cli import main
from policygraph.export import EXPORTERS
from policygraph.network import BUILDERS
from policygraph.tabular import FORMATS as RESULT_FORMATS

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policygraph"


def module_imports() -> dict[str, set[str]]:
    """Module -> the package modules it imports when it is loaded (imports inside functions and under
    ``TYPE_CHECKING`` are left out: they do not run at import time)."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    edges: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in names]
                found = subs if len(subs) == len(node.names) else [target, *subs]
            elif isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            else:
                continue
            edges[name].update(t for t in found if t in names and t != name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                found.append(sorted([v, *group]))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_package_has_no_import_cycle() -> None:
    edges = module_imports()
    assert "policygraph.cli" in edges and edges["policygraph.cli"]
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(("command", "option", "registry"), [("export", "fmt", list(EXPORTERS)),
                                                             ("network", "kind", list(BUILDERS)),
                                                             ("query", "fmt", list(RESULT_FORMATS)),
                                                             ("sparql", "fmt", list(RESULT_FORMATS))])
def test_the_command_line_offers_what_the_registries_hold(command: str, option: str, registry: list[str]) -> None:
    """A format or network kind is added in its own module; the command line's choices follow."""
    [param] = [p for p in main.commands[command].params if p.name == option]
    assert isinstance(param.type, Choice) and list(param.type.choices) == registry


def test_a_name_added_to_a_registry_becomes_a_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    import policygraph.export

    monkeypatch.setitem(policygraph.export.EXPORTERS, "rdfxml", lambda store, graph: b"")
    [param] = [p for p in main.commands["export"].params if p.name == "fmt"]
    assert "rdfxml" in param.type.choices


def test_no_function_is_rated_d_or_worse_by_radon() -> None:
    """Cyclomatic complexity: every function and method ranks A to C (``radon cc -n D src`` prints nothing)."""
    radon = pytest.importorskip("radon.complexity", reason="radon is not installed (pip install '.[test]')")
    worse = [f"{path.relative_to(PACKAGE.parent)}:{block.lineno} {block.fullname} ({block.complexity})"
             for path in sorted(PACKAGE.rglob("*.py"))
             for block in radon.cc_visit(path.read_text(encoding="utf-8"))  # methods come with the classes
             if radon.cc_rank(block.complexity) not in "ABC"]
    assert worse == []


def test_the_radon_check_sees_methods() -> None:
    radon = pytest.importorskip("radon.complexity", reason="radon is not installed (pip install '.[test]')")
    branches = "".join(f"        if x == {i}:\n            return {i}\n" for i in range(25))
    blocks = radon.cc_visit(f"class A:\n    def m(self, x):\n{branches}        return -1\n")
    assert ("m", "D") in [(b.name, radon.cc_rank(b.complexity)) for b in blocks]
