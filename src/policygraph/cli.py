"""The ``policygraph`` command line: a thin click layer over the library.

Exit codes: 0 ok; 1 data does not conform or a check found rows; 2 bad input or usage, or an output that
cannot be written; 3 store, endpoint or reasoner unavailable; 130 interrupted.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import Interrupted, OutputError, PolicygraphError

F = TypeVar("F", bound=Callable[..., Any])


#: errors of a write that failed for want of room, not because of anything the command did (a broken pipe,
#: EPIPE, is left to click, which exits quietly as ``head`` expects)
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class Registered(click.Choice):
    """The names of a registry (a dict or tuple of names in a module), read when the command line first needs
    them: a format or kind is added in its own module, and the command line offers it without a change here."""

    def __init__(self, module: str, attribute: str) -> None:
        super().__init__([])
        self.module, self.attribute = module, attribute

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        import importlib

        return [str(name) for name in getattr(importlib.import_module(self.module), self.attribute)]

    @choices.setter
    def choices(self, _value: object) -> None:
        pass


def registered(module: str, attribute: str) -> Registered:
    """A ``click.Choice`` of the names registered in ``module.attribute`` (see :class:`Registered`)."""
    return Registered(module, attribute)


def handle_errors(func: F) -> F:
    """Turn policygraph errors into a one-line message on stderr and the documented exit code.

    The output (``-o`` and standard output) is flushed before the command ends, so that a full disk or a
    missing folder is a one-line error (exit code 2) too; Ctrl-C exits with 130.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = ctx.find_root().params.get("debug")
        try:
            try:
                result = func(*args, **kwargs)
            except (SystemExit, click.exceptions.Exit):
                _finish_output(ctx)
                raise
            _finish_output(ctx)
            return result
        except Interrupted as exc:
            click.echo(str(exc), err=True)
            _exit(ctx, exc.exit_code)
        except KeyboardInterrupt:
            if debug:
                raise
            click.echo("interrupted", err=True)
            _exit(ctx, Interrupted.exit_code)
        except PolicygraphError as exc:
            if debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            _exit(ctx, exc.exit_code)
        except click.FileError as exc:  # a -o file click could not open
            click.echo(f"Error: cannot write {exc.ui_filename}: {exc.message}", err=True)
            _exit(ctx, OutputError.exit_code)
        except OSError as exc:
            if debug or exc.errno not in _OUTPUT_ERRNOS:
                raise
            name = _output_name(ctx)
            if name == _STDOUT:
                _silence_stdout()
            click.echo(f"Error: cannot write {name}: {exc.strerror or exc}", err=True)
            _exit(ctx, OutputError.exit_code)

    return wrapper  # type: ignore[return-value]


_STDOUT = "to standard output"


def _exit(ctx: click.Context, code: int) -> None:
    """Exit with ``code``, first closing the ``-o`` file quietly: a file that already failed must not fail
    again (with a traceback) when click closes it."""
    out = ctx.params.get("output")
    close = getattr(out, "close_intelligently", None) if out is not None and not isinstance(out, str) else None
    if callable(close):
        with suppress(OSError):
            close()
    ctx.exit(code)


def _output_name(ctx: click.Context) -> str:
    """How messages name the command's output: its ``-o`` file, else standard output."""
    out = ctx.params.get("output")
    name = out if isinstance(out, str) or out is None else getattr(out, "name", "-")
    return _STDOUT if name in (None, "-", "<stdout>") or not isinstance(name, str) else name


def _finish_output(ctx: click.Context) -> None:
    """Flush (and close) the ``-o`` file and flush standard output; OutputError if either cannot be written."""
    out = ctx.params.get("output")
    if out is not None and not isinstance(out, str):  # a click.File
        try:
            close = getattr(out, "close_intelligently", None)
            close() if callable(close) else out.flush()
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            if _output_name(ctx) == _STDOUT:
                _silence_stdout()
            raise OutputError(f"cannot write {_output_name(ctx)}: {exc.strerror or exc}") from None
    try:
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        _silence_stdout()
        raise OutputError(f"cannot write {_STDOUT}: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that what is left in its buffer cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _write_bytes(output: str, data: bytes) -> None:
    """``data`` to the file ``output``, or to standard output for ``-``; OutputError if it cannot be written."""
    try:
        if output == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            Path(output).write_bytes(data)
    except OSError as exc:
        if output == "-" and exc.errno == errno.EPIPE:
            raise
        if output == "-":
            _silence_stdout()
        raise OutputError(f"cannot write {_STDOUT if output == '-' else output}: {exc.strerror or exc}") from None


def expand_inputs(paths: tuple[str, ...]) -> list[Path]:
    """Files as given, and the digest files (.txt, .md, .html, .htm, .pdf) inside folders, sorted.

    Symlinked sub-folders are followed, each real folder once (a link loop ends). A sub-folder that cannot be
    listed, or a folder without a digest file, refuses the whole run (:class:`InputError`, exit code 2) before
    any file is read, so a run never silently leaves part of a folder out.
    """
    from .errors import InputError

    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _digest_files(path)
            if not found:
                raise InputError("no digests found (no .txt, .md, .html, .htm or .pdf files in the folder)", path)
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def _digest_files(top: Path) -> list[Path]:
    """The digest files under ``top``; folders reached directly are walked before those reached by a link."""
    import os

    from .errors import InputError

    def leads_to_folder(entry: os.DirEntry[str]) -> bool:
        try:
            return entry.is_dir()  # follows symlinks
        except OSError:
            return False

    seen: set[str] = set()
    found: list[Path] = []
    direct, linked = [top], []
    while direct or linked:
        if not direct:
            linked.sort(reverse=True)
        folder = direct.pop() if direct else linked.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as entries:
                listing = [(e.name, e.is_symlink(), leads_to_folder(e)) for e in entries]
        except OSError as exc:
            raise InputError(f"cannot read folder: {exc.strerror or exc}", folder) from exc
        for name, is_link, is_dir in listing:
            if is_dir:
                (linked if is_link else direct).append(folder / name)
            elif Path(name).suffix.lower() in {".txt", ".md", ".html", ".htm", ".pdf"} and name != "README.md":
                found.append(folder / name)  # FIFOs, devices and broken links too: the reader refuses them
    return found


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
@click.option("--layout", default=None, metavar="NAME",
              help="Read every file in this layout instead of detecting it (see 'policygraph layouts').")
@handle_errors
def parse(files: tuple[str, ...], fmt: str, layout: str | None) -> None:
    """Parse digests and print what was read, without loading anything.

    Files that are not digests are reported on stderr, one line each, and the others are still printed; the exit
    code is then 2.

    \b
    Example:
      policygraph parse data/digests/merics-china-industries-2022-12.txt --format table
      policygraph parse data/digests/ --layout labelled-list
    """
    from .errors import DigestSyntaxError
    from .layouts import get_layout
    from .parse import parse_file
    from .parse_output import digest_json, digest_table

    if layout:
        get_layout(layout)
    digests, refused = [], 0
    for path in expand_inputs(files):
        try:
            digests.append(parse_file(path, layout))
        except DigestSyntaxError as exc:
            refused += 1
            click.echo(f"Error: {exc}", err=True)
    if fmt == "json" and (digests or not refused):
        click.echo(json.dumps([digest_json(d) for d in digests], ensure_ascii=False, indent=2))
    elif digests:
        click.echo("\n\n".join(digest_table(d) for d in digests))
    problems = sum(len(d.all_problems()) for d in digests)
    if problems:
        click.echo(f"{len(digests)} digest(s) parsed with {problems} problem(s)", err=True)
    if refused:
        click.echo(f"{refused} file(s) could not be read as digests", err=True)
        sys.exit(2)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def layouts(fmt: str) -> None:
    """List the digest layouts policygraph reads, and what each recognises.

    \b
    Example:
      policygraph layouts
    """
    from .layouts import all_layouts

    items = [{"name": layout.name, "summary": layout.summary} for layout in all_layouts()]
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        click.echo(f"{item['name']}\n    {item['summary']}")


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
@click.option("--keep-going", is_flag=True,
              help="Load every digest that conforms; skip the rest (one line each) and exit 1 at the end.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that parse and validate digests (default: the number of CPUs); this process "
                   "writes them to the store, one at a time and in order.")
@click.option("--verbose", "-v", "verbosity", flag_value=1, help="List every warning with its file and line.")
@click.option("--quiet", "-q", "verbosity", flag_value=-1, help="Print errors only.")
@click.option("--normal", "verbosity", flag_value=0, default=True, hidden=True)
@handle_errors
def ingest(paths: tuple[str, ...], store_location: str | None, keep_going: bool, jobs: int | None,
           verbosity: int) -> None:
    """Parse, validate and load digests (files or folders), one named graph per digest.

    A digest that breaks a shape is not written; loading a digest again replaces its graph. Each digest gets
    one line and a count of its warnings by kind; --verbose lists every warning, --quiet prints only errors.
    Each digest is written in one transaction; every 50 digests, and at the end, the embedded store is flushed
    to disk and a "durable:" line says how many are.

    \b
    Example:
      policygraph ingest data/digests/ --store ./policygraph-store --jobs 4
    """
    from contextlib import closing

    from .errors import DigestConflict, Interrupted, ShapeViolation
    from .ingest import default_jobs, interrupted_message, interrupts_deferred, known_policies, prepare_all, write
    from .progress import progress, say

    files = expand_inputs(paths)
    store = _open(store_location)
    known = known_policies(store)
    failed, refused, written = 0, 0, 0
    try:
        # Ctrl-C: the digest being written is finished, then the loop stops between digests
        with interrupts_deferred() as stop, progress(files, "ingesting") as bar, \
                closing(prepare_all(files, min(jobs or default_jobs(), len(files)), _source_date())) as prepared, \
                store.deferred_flush():
            for path in bar:
                if stop:
                    raise Interrupted(interrupted_message(written))
                outcome = next(prepared)
                if stop:
                    raise Interrupted(interrupted_message(written))
                try:
                    if isinstance(outcome, Exception):
                        raise outcome
                    result = write(store, outcome, known)
                    written += 1
                    if written % DURABLE_EVERY == 0:
                        store.flush()
                        if verbosity >= 0:
                            say(f"durable: the first {written} digests written are on disk", err=True)
                except (ShapeViolation, DigestConflict) as exc:
                    failed += isinstance(exc, ShapeViolation)
                    refused += isinstance(exc, DigestConflict)
                    say(f"Error: {exc}", err=True)
                    if not keep_going:
                        break
                    continue
                except PolicygraphError as exc:
                    if not keep_going:
                        raise
                    refused += 1
                    say(f"Skipped: {exc}", err=True)
                    continue
                _report_written(path, result, verbosity)
        if verbosity >= 0:
            click.echo(f"store now holds {store.quad_count()} quads in {len(store.graph_names())} graphs", err=True)
    except KeyboardInterrupt:  # a second Ctrl-C
        raise Interrupted(interrupted_message(written)) from None
    finally:
        store.close()
    if refused and not keep_going:
        sys.exit(2)
    if failed or refused:
        click.echo(f"{failed + refused} file(s) were not loaded", err=True)
        sys.exit(1)


#: how many digests ``ingest`` writes (each one transaction) before it makes them durable on disk (a flush):
#: a crash of the machine may lose the digests written since, never half of one; a crash of the process loses none
DURABLE_EVERY = 50


def _report_written(path: Path, result, verbosity: int) -> None:
    """One line per written digest, then its warnings: counted by kind, or each (verbose), or none (quiet)."""
    if verbosity < 0:
        return
    from .progress import say

    verb = "replaced" if result.replaced else "added"
    say(f"{path}: {verb} {result.policies} policies, {result.targets} targets, "
        f"{result.news} news items ({result.triples} triples)")
    if verbosity > 0:
        for warning in result.warnings:
            say(f"Warning: {warning}", err=True)
    elif result.warning_kinds:
        total = sum(n for _, n in result.warning_kinds)
        kinds = "; ".join(f"{message.rstrip('.')} ({n})" for message, n in result.warning_kinds)
        say(f"  {total} warning(s): {kinds}. --verbose lists them.", err=True)


def _source_date():
    """The load time from ``SOURCE_DATE_EPOCH`` (reproducible builds), else None for now."""
    import datetime as dt
    import os

    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not {raw!r}") from None


@main.command()
@click.argument("keys", nargs=-1, required=True, metavar="KEY|IRI...")
@store_option
@handle_errors
def delete(keys: tuple[str, ...], store_location: str | None) -> None:
    """Remove digests from the store, each by its key (as 'ingest' and 'digests' show it) or graph IRI.

    A key that names no stored digest is an error (exit 2) and nothing is removed. 'delete' and 'remove' are
    the same command.

    \b
    Example:
      policygraph delete merics-china-industries-2022-12-07
      policygraph remove merics-china-industries-2022-12-07
    """
    store = _open(store_location)
    try:
        graphs = _stored_graphs(store, keys)
        for key, graph in zip(keys, graphs, strict=True):
            store.delete_graph(graph)
            click.echo(f"{key}: removed")
    finally:
        store.close()


main.add_command(delete, name="remove")


@main.command()
@click.argument("term", metavar="TERM")
@store_option
@handle_errors
def describe(term: str, store_location: str | None) -> None:
    """Print what the store knows of one policy, agency, sector, company or digest: the page 'serve' shows,
    as text (names, facts, issuers, sectors, targets, source passages, reports, policies by year).

    TERM is an IRI, a CURIE, a digest key, or an agency, sector or company by acronym or label.

    \b
    Examples:
      policygraph describe MIIT
      policygraph describe batteries
      policygraph describe merics-china-industries-2022-12-07
    """
    from .serve.describe import describe as page

    _require_existing(store_location)
    store = _open(store_location)
    try:
        click.echo(page(store, term), nl=False)
    finally:
        store.close()


@main.command("digests")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@store_option
@handle_errors
def list_digests(fmt: str, store_location: str | None) -> None:
    """List the stored digests: key, issue date, publisher, title, layout, how many policies, news items and
    targets each reports, and when it was loaded.

    An empty store gives no rows; a store directory that does not exist is an error (exit 3).

    \b
    Example:
      policygraph digests
      policygraph digests --format json --store ./policygraph-store
    """
    from .queries import get_query
    from .tabular import render

    _require_existing(store_location)
    stored = get_query("digests")
    store = _open(store_location)
    try:
        rows = stored.run(store, {})
    finally:
        store.close()
    click.echo(render(rows, stored.returns, fmt))


def _require_existing(location: str | None) -> None:
    """A local store location must be a directory that exists: reading must not create an empty store."""
    from .errors import StoreError
    from .store import default_location, is_remote

    if location is not None and (is_remote(location) or not location.strip()):
        return  # open_store checks URLs, and refuses an empty location
    path = Path(location) if location is not None else default_location()
    if not path.is_dir():
        raise StoreError(f"there is no store at {path}; load digests with 'policygraph ingest' or pass --store")


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


limit_option = click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
                            help="Show the first N rows only (a table says how many there were).")


def _shown(store, rows: list, columns: list[str], fmt: str, limit: int | None) -> str:
    """Result rows as ``fmt``, cut to ``limit``; a table names agencies, sectors, companies and policies by
    their acronym, label or title (CSV and JSON keep the IRIs)."""
    from .labels import iris, labels
    from .tabular import render

    shown = rows[:limit] if limit else rows
    if len(shown) < len(rows) and fmt != "table":
        click.echo(f"note: --limit {limit}: {len(shown)} of {len(rows)} rows written", err=True)
    names = labels(store, iris(shown), titles="title" not in columns) if fmt == "table" else None
    return render(shown, columns, fmt, names=names, total=len(rows))


def _params(pairs: tuple[tuple[str, str], ...], query: str = "") -> dict[str, str]:
    """``-p NAME VALUE`` pairs as a dict; a parameter given twice is an error, never the last one silently."""
    from .errors import QueryParameterError

    out: dict[str, str] = {}
    for name, value in pairs:
        if name in out:
            raise QueryParameterError(f"given twice ({out[name]!r} and {value!r}); give it once", query=query,
                                      param=name)
        out[name] = value
    return out


@main.command()
@click.argument("name")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Bind a parameter (repeatable).")
@click.option("--format", "fmt", type=registered("policygraph.tabular", "FORMATS"), default="table", show_default=True)
@click.option("-o", "--output", type=click.File("w"), default="-", help="Write results to a file.")
@limit_option
@store_option
@handle_errors
def query(name: str, params: tuple[tuple[str, str], ...], fmt: str, output, limit: int | None,
          store_location: str | None) -> None:
    """Run a stored query by name, binding parameters as RDF terms.

    Agencies, sectors and companies may be given by acronym, English or Chinese label, CURIE or IRI.
    Quality checks (qc/...) exit with code 1 when they find rows.

    \b
    Example:
      policygraph query policies-by-agency-and-sector -p agency MIIT -p sector batteries
    """
    from .queries import get_query

    stored = get_query(name)
    store = _open(store_location)
    try:
        rows = stored.run(store, _params(params, stored.name))
        click.echo(_shown(store, rows, stored.returns, fmt, limit), file=output)
    finally:
        store.close()
    if stored.name.startswith("qc/") and rows:
        sys.exit(1)


@main.command()
@click.argument("source", metavar="QUERY|FILE|-")
@click.option("--format", "fmt", type=registered("policygraph.tabular", "FORMATS"), default="table",
              show_default=True,
              help="Format of SELECT results (CONSTRUCT and DESCRIBE print Turtle).")
@click.option("-o", "--output", type=click.File("w"), default="-", help="Write results to a file.")
@limit_option
@click.option("--allow-update", is_flag=True,
              help="Run a SPARQL update too (INSERT, DELETE, DROP ...). It bypasses the shapes and the digests' "
                   "provenance: prefer 'ingest' and 'delete'.")
@store_option
@handle_errors
def sparql(source: str, fmt: str, output, limit: int | None, allow_update: bool, store_location: str | None) -> None:
    """Run your own SPARQL query: given as text, as a file, or on stdin ('-').

    The prefixes of the stored queries (pg:, pga:, pgs:, policy:, skos:, dcterms: ...) need no PREFIX line.
    Read-only: an update is refused (exit 2) unless --allow-update. Queries run over the union of all graphs;
    use GRAPH ?g { ... } for what one digest says.

    \b
    Examples:
      policygraph sparql 'SELECT ?p ?t WHERE { ?p pg:issuedBy pga:ndrc ; dcterms:title ?t }'
      policygraph sparql my-question.rq --format csv
    """
    from .adhoc import columns, form, read_source, with_prefixes

    text = with_prefixes(read_source(source))
    kind = form(text, allow_update)
    _require_existing(store_location)
    store = _open(store_location)
    try:
        if kind == "UPDATE":
            before = store.quad_count()
            store.update(text)
            click.echo(f"updated: {before} -> {store.quad_count()} quads", err=True)
        elif kind == "SELECT":
            rows = store.select(text)
            click.echo(_shown(store, rows, columns(text, rows), fmt, limit), file=output)
        elif kind == "ASK":
            click.echo("true" if store.ask(text) else "false", file=output)
        else:
            click.echo(store.construct(text).serialize(format="turtle"), file=output)
    finally:
        store.close()


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
@click.option("--format", "fmt", type=registered("policygraph.export", "EXPORTERS"), default="trig",
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
        data = do_export(store, fmt, _stored_graphs(store, [digest])[0] if digest else None)
    finally:
        store.close()
    _write_bytes(output, data)


def _graph_iri(digest: str):
    from rdflib import URIRef

    from .build import graph_name

    return URIRef(digest) if digest.startswith(("http://", "https://")) else graph_name(digest)


def _stored_graphs(store, keys: tuple[str, ...] | list[str]) -> list:
    """The graph IRIs of digest ``keys`` (or IRIs); a key that names no stored digest is a usage error (exit 2)
    that lists the stored keys closest to it."""
    import difflib

    from .build import graph_name

    graphs = [_graph_iri(key) for key in keys]
    missing = [key for key, graph in zip(keys, graphs, strict=True) if not store.has_graph(graph)]
    if not missing:
        return graphs
    prefix = str(graph_name(""))
    stored = [str(g)[len(prefix):] for g in store.graph_names() if str(g).startswith(prefix)]
    lines = []
    for key in missing:
        close = difflib.get_close_matches(key.rsplit("/", 1)[-1], stored, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        lines.append(f"no stored digest has the key {key!r}{hint}")
    raise click.UsageError("; ".join(lines) + " ('policygraph digests' lists the keys)")


digests_option = click.option("--digest", "digests", multiple=True, metavar="KEY|IRI",
                              help="Only this digest's graph (repeatable); default: every graph.")


@main.command()
@click.argument("destination", metavar="URL")
@digests_option
@store_option
@handle_errors
def push(destination: str, digests: tuple[str, ...], store_location: str | None) -> None:
    """Copy the local store (or chosen digests) to a SPARQL endpoint, one request per graph.

    Credentials come from POLICYGRAPH_USER and POLICYGRAPH_PASSWORD, or POLICYGRAPH_TOKEN, or the config file.

    \b
    Example:
      policygraph push http://127.0.0.1:7878 --store ./policygraph-store
    """
    _copy(store_location, destination, digests, "pushed", "to")


@main.command()
@click.argument("source", metavar="URL")
@digests_option
@store_option
@handle_errors
def pull(source: str, digests: tuple[str, ...], store_location: str | None) -> None:
    """Copy the graphs of a SPARQL endpoint (or chosen digests) into the local store.

    \b
    Example:
      policygraph pull http://127.0.0.1:7878 --store ./policygraph-store
    """
    _copy(source, store_location, digests, "pulled", "into")


def _copy(source: str | None, target: str | None, digests: tuple[str, ...], verb: str, preposition: str) -> None:
    from .transfer import copy_graphs

    with _open(source) as src, _open(target) as dst:
        names = _stored_graphs(src, digests) if digests else None
        copied = copy_graphs(src, dst, names)
        where = _where(dst)
    click.echo(f"{verb} {len(copied)} graph(s), {sum(c.triples for c in copied)} triples, {preposition} {where}")


def _where(store: object) -> str:
    """A store's location for messages: the endpoint without credentials, or the directory."""
    endpoint = getattr(store, "endpoint", None)
    return endpoint.label if endpoint is not None else str(getattr(store, "path", store))


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


@main.command()
@click.option("--kind", type=registered("policygraph.network", "BUILDERS"), default="agency-sector",
              show_default=True, help="Which network to build.")
@click.option("--format", "fmt", type=click.Choice(["html", "png", "svg", "graphml", "gexf", "csv"]), default="html",
              show_default=True, help="Offline HTML page, figure, Gephi/Cytoscape file, or the links as CSV.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Output file (default: stdout).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Only policies and news items dated on or after this day.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Only policies and news items dated on or before this day.")
@click.option("--sector", default=None, help="Only this sector and its sub-sectors (label, CURIE or IRI).")
@click.option("--agency", default=None, help="Only this agency and the bodies under it (acronym, label or IRI).")
@click.option("--include-news/--policies-only", default=True, show_default=True,
              help="Add the policies news items report (and, for company-sector, the news items), or keep only "
                   "the digests' Top-5 policies.")
@click.option("--level", type=click.IntRange(min=1), default=None,
              help="Roll sectors up to this level of the taxonomy (1 = top sectors).")
@click.option("--min-weight", type=click.IntRange(min=1), default=None, metavar="N",
              help="Drop links of weight below N (every format and --analysis); nodes left without links go too.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep only the N heaviest links, ties broken by the two node IRIs; nodes left without links go "
                   "too. An HTML page shows at most the 500 heaviest unless --top is given, and states the cut; "
                   "other formats keep every link unless asked.")
@click.option("--cjk", is_flag=True, help="Add Chinese names to PNG and SVG labels (needs a CJK font).")
@click.option("--analysis", type=click.Choice(["table", "csv"]), default=None,
              help="Print each node's degree, weighted degree, betweenness and community.")
@click.option("--compare", nargs=2, default=None, metavar="START:END START:END",
              help="Print the links that appear, vanish, grow or shrink from one period to the other.")
@store_option
@handle_errors
def network(kind: str, fmt: str, output: str, start, end, sector: str | None, agency: str | None,
            include_news: bool, level: int | None, min_weight: int | None, top: int | None, cjk: bool,
            analysis: str | None, compare: tuple[str, str] | None, store_location: str | None) -> None:
    """Build an agency-sector, co-issuance or company-sector network, then draw, export or measure it.

    Edges count distinct policies (and news items for company-sector). With --analysis or --compare the
    measures print to stdout, and the network is written only when -o names a file. --min-weight and --top
    cut the network before it is measured or written (not with --compare); an HTML page of more than 500
    links shows the 500 heaviest unless --top says otherwise, and says so in its header.

    \b
    Example:
      policygraph network --kind agency-sector --level 3 --format html -o network.html
      policygraph network --kind co-issuance --analysis table
      policygraph network --compare 2021:2021 2022:2022
      policygraph network --kind company-sector --min-weight 2 --top 200 -o companies.html
    """
    from dataclasses import replace

    from .analysis import CHANGE_COLUMNS, MEASURE_COLUMNS, compare_networks, measures
    from .network import HTML_TOP, Filters, build_network, cut, cut_text, parse_period
    from .tabular import render

    filters = Filters(start=start.date() if start else None, end=end.date() if end else None, sector=sector,
                      agency=agency, include_news=include_news, level=level)
    store = _open(store_location)
    try:
        if compare:
            periods = [parse_period(p) for p in compare]
            before, after = (build_network(store, kind, replace(filters, start=s, end=e)) for s, e in periods)
        else:
            graph = build_network(store, kind, filters)
            if fmt == "html":  # the page shows each policy's Chinese title and own date
                from .visualize import attach_details
                attach_details(graph, store)
    finally:
        store.close()
    if compare:
        click.echo(render(compare_networks(before, after), CHANGE_COLUMNS, analysis or "table"))
        return
    if min_weight is not None or top is not None:
        graph = cut(graph, min_weight=min_weight, top=top)
    if analysis:
        click.echo(render(measures(graph), MEASURE_COLUMNS, analysis))
    if not analysis or output != "-":
        if fmt == "html" and top is None and graph.number_of_edges() > HTML_TOP:
            graph = cut(graph, top=HTML_TOP)
        _write_network(graph, fmt, output, cjk)
        if cut_text(graph):
            click.echo(f"Note: {cut_text(graph)}", err=True)


def _write_network(graph, fmt: str, output: str, cjk: bool) -> None:
    from .analysis import EDGE_COLUMNS, edge_rows
    from .tabular import render
    from .visualize import render as draw

    if fmt == "png" and output == "-" and sys.stdout.isatty():
        raise OutputError("a PNG is binary and would garble the terminal; give -o FILE.png or redirect stdout")
    if fmt == "csv":
        data = (render(edge_rows(graph), EDGE_COLUMNS, "csv") + "\n").encode("utf-8")
    else:
        data = draw(graph, fmt, cjk=cjk)
    _write_bytes(output, data)
    where = "" if output == "-" else f" written to {output}"
    click.echo(f"{graph.graph['kind']} network, {graph.number_of_nodes()} nodes and {graph.number_of_edges()} "
               f"links{where}", err=True)
    if not graph.number_of_nodes():
        click.echo("Warning: the network is empty; loosen the filters", err=True)


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback makes the store readable from other machines.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse SPARQL endpoint answers of more than N triples and cut SELECT results to N rows.")
@store_option
@handle_errors
def serve(port: int, host: str, limit: int | None, store_location: str | None) -> None:
    """Browse the store in a web browser: a page per policy, agency, sector, company and digest, the stored
    queries as forms, the networks at /network (?kind=co-issuance&agency=MIIT&top=300; each link's policies
    load when its tooltip opens), and a read-only SPARQL endpoint at /sparql (JSON, XML, CSV, TSV results).

    Listens on 127.0.0.1 only unless --host says otherwise. Stop it with Ctrl-C.

    \b
    Example:
      policygraph serve --port 8000
      curl -H 'Accept: text/csv' http://127.0.0.1:8000/sparql --data-urlencode 'query=SELECT ?p { ?p a pg:Policy }'
    """
    import uvicorn

    from .serve import create_app, is_loopback

    _require_existing(store_location)
    if not is_loopback(host):
        click.echo(f"Warning: listening on {host}, not loopback: other machines can read the whole store", err=True)
    store = _open(store_location)
    try:
        click.echo(f"policygraph explorer on http://{host}:{port}/ (store {_where(store)}); Ctrl-C stops it", err=True)
        uvicorn.run(create_app(store, limit=limit), host=host, port=port, log_level="warning")
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
