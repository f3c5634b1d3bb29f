"""The ``policygraph`` command line: a thin click layer over the library.

Exit codes: 0 ok; 1 data does not conform or a check found rows; 2 bad input or usage; 3 store, endpoint
or reasoner unavailable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import PolicygraphError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn policygraph errors into a one-line message on stderr and the documented exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except PolicygraphError as exc:
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def expand_inputs(paths: tuple[str, ...]) -> list[Path]:
    """Files as given, and the digest files (.txt, .md, .html, .htm, .pdf) inside folders, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in
                              {".txt", ".md", ".html", ".htm", ".pdf"} and p.name != "README.md"))
        else:
            out.append(path)
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line messages.")
@click.version_option(package_name="policygraph")
def main(debug: bool) -> None:
    """Turn analyst digests on Chinese industrial policy into a validated, queryable knowledge graph.

    \b
    Example:
      policygraph ingest data/digests/
      policygraph query policies-by-agency-and-sector -p agency MIIT -p sector batteries
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@handle_errors
def parse(files: tuple[str, ...], fmt: str) -> None:
    """Parse digests and print what was read, without loading anything.

    \b
    Example:
      policygraph parse data/digests/merics-china-industries-2022-12.txt --format table
    """
    from .parse import parse_file
    from .parse_output import digest_json, digest_table

    digests = [parse_file(path) for path in expand_inputs(files)]
    if fmt == "json":
        click.echo(json.dumps([digest_json(d) for d in digests], ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(digest_table(d) for d in digests))
    problems = sum(len(p.problems) for d in digests for p in d.policies) + sum(len(d.problems) for d in digests)
    if problems:
        click.echo(f"{len(digests)} digest(s) parsed with {problems} problem(s)", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
