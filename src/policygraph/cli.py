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


store_option = click.option(
    "--store",
    "store_location",
    envvar="POLICYGRAPH_STORE",
    default=None,
    metavar="PATH|URL",
    help="Store directory (embedded, the default: ./policygraph-store) or a SPARQL endpoint URL.",
)


def _open(location: str | None):
    from .store import open_store
    from .vocabularies import load_reference_graphs

    store = open_store(location)
    load_reference_graphs(store)
    return store


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@click.option("--keep-going", is_flag=True, help="Load the digests that conform even if others do not.")
@handle_errors
def ingest(paths: tuple[str, ...], store_location: str | None, keep_going: bool) -> None:
    """Parse, validate and load digests (files or folders), one named graph per digest.

    A digest that breaks a shape is not written; loading a digest again replaces its graph.

    \b
    Example:
      policygraph ingest data/digests/ --store ./policygraph-store
    """
    from .errors import ShapeViolation
    from .ingest import ingest_file

    files = expand_inputs(paths)
    store = _open(store_location)
    failed = 0
    try:
        with click.progressbar(files, label="ingesting", file=sys.stderr,
                               show_pos=True) if len(files) > 3 else _plain(files) as bar:
            for path in bar:
                try:
                    result = ingest_file(store, path)
                except ShapeViolation as exc:
                    failed += 1
                    click.echo(f"Error: {exc}", err=True)
                    if not keep_going:
                        break
                    continue
                verb = "replaced" if result.replaced else "added"
                click.echo(f"{path}: {verb} {result.policies} policies, {result.targets} targets, "
                           f"{result.news} news items ({result.triples} triples)")
                for warning in result.warnings:
                    click.echo(f"Warning: {warning}", err=True)
        click.echo(f"store now holds {store.quad_count()} quads in {len(store.graph_names())} graphs", err=True)
    finally:
        store.close()
    if failed:
        sys.exit(1)


class _plain:
    """A no-op stand-in for a progress bar."""

    def __init__(self, items: list[Path]) -> None:
        self.items = items

    def __enter__(self) -> list[Path]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@handle_errors
def validate(paths: tuple[str, ...]) -> None:
    """Check digests against the SHACL shapes without loading them (exit code 1 if one does not conform).

    \b
    Example:
      policygraph validate data/digests/merics-china-industries-2021-12.md
    """
    from .ingest import prepare

    bad = 0
    for path in expand_inputs(paths):
        prepared = prepare(path)
        for message in prepared.messages("Warning"):
            click.echo(f"Warning: {message}", err=True)
        violations = prepared.messages("Violation")
        for message in violations:
            click.echo(f"Violation: {message}", err=True)
        bad += bool(violations)
        click.echo(f"{path}: {'conforms' if not violations else 'does not conform'}")
    if bad:
        sys.exit(1)


def _params(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


@main.command()
@click.argument("name")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Bind a parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "jsonl"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.File("w"), default="-", help="Write results to a file.")
@store_option
@handle_errors
def query(name: str, params: tuple[tuple[str, str], ...], fmt: str, output, store_location: str | None) -> None:
    """Run a stored query by name, binding parameters as RDF terms.

    Agencies, sectors and companies may be given by acronym, English or Chinese label, CURIE or IRI.
    Quality checks (qc/...) exit with code 1 when they find rows.

    \b
    Example:
      policygraph query policies-by-agency-and-sector -p agency MIIT -p sector batteries
    """
    from .queries import get_query
    from .tabular import render

    stored = get_query(name)
    store = _open(store_location)
    try:
        rows = stored.run(store, _params(params))
    finally:
        store.close()
    click.echo(render(rows, stored.returns, fmt), file=output)
    if stored.name.startswith("qc/") and rows:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def queries(fmt: str) -> None:
    """List the stored queries with their parameters and summaries.

    \b
    Example:
      policygraph queries
    """
    from .queries import all_queries

    items = all_queries()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "summary": q.summary, "params": q.params, "returns": q.returns}
                               for q in items], ensure_ascii=False, indent=2))
        return
    for q in items:
        params = " ".join(f"-p {p} <{spec.get('type', 'string')}>" for p, spec in q.params.items())
        click.echo(f"{q.name} {params}\n    {q.summary}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "jsonld", "csv"]), default="trig",
              show_default=True)
@click.option("--digest", "digest", default=None, help="Export one digest's graph (its key or graph IRI).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Output file (default: stdout).")
@store_option
@handle_errors
def export(fmt: str, digest: str | None, output: str, store_location: str | None) -> None:
    """Export the whole store, or one digest's graph, as Turtle, TriG, N-Quads, JSON-LD or CSV.

    \b
    Example:
      policygraph export --format turtle -o policygraph.ttl
      policygraph export --format nquads --digest merics-china-industries-2022-12-07
    """
    from .export import export as do_export

    store = _open(store_location)
    try:
        data = do_export(store, fmt, _graph_iri(digest) if digest else None)
    finally:
        store.close()
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)


def _graph_iri(digest: str):
    from rdflib import URIRef

    from .build import graph_name

    return URIRef(digest) if digest.startswith(("http://", "https://")) else graph_name(digest)


@main.command()
@store_option
@handle_errors
def stats(store_location: str | None) -> None:
    """Print what the store holds: graphs, quads, and counts of policies, targets, news, agencies.

    \b
    Example:
      policygraph stats
    """
    from .queries import get_query
    from .tabular import render

    store = _open(store_location)
    try:
        stored = get_query("stats")
        rows = stored.run(store, {})
        click.echo(render(rows, stored.returns, "table"))
        click.echo(f"{store.quad_count()} quads in {len(store.graph_names())} named graphs")
    finally:
        store.close()


@main.command()
@click.option("--with-data", is_flag=True, help="Reason over the loaded digests too, not only the vocabularies.")
@store_option
@handle_errors
def reason(with_data: bool, store_location: str | None) -> None:
    """Run the HermiT reasoner (owlready2) over the ontology and vocabularies: consistency and inferences.

    Exit code 1 when the knowledge base is inconsistent; 3 when Java is missing.

    \b
    Example:
      policygraph reason --with-data
    """
    from rdflib import Dataset, Graph

    from .reason import run_reasoner

    data = None
    if with_data:
        store = _open(store_location)
        try:
            dataset = Dataset().parse(data=store.dump("nquads").decode(), format="nquads")
        finally:
            store.close()
        data = Graph()
        for s, p, o, _ in dataset.quads():
            data.add((s, p, o))
    result = run_reasoner(data)
    click.echo(result.message)
    if not result.consistent:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
