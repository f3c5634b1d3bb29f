"""A progress bar for long commands that never mixes with their messages.

On a terminal, ``rich`` draws the bar on stderr and moves everything the command prints meanwhile (its lines on
stdout, its warnings on stderr) above the bar, so a message is never cut by a redraw. Off a terminal (a pipe, a
file, a CI log) there is no bar at all: the output is the command's lines alone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

#: fewer items than this get no bar
LEAST = 4


@contextmanager
def progress(items: Sequence[T], label: str) -> Iterator[Iterator[T]]:
    """Yields an iterator over ``items`` that advances a bar labelled ``label`` (see the module's docstring)."""
    if len(items) < LEAST or not sys.stderr.isatty():
        yield iter(items)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # stdout goes through the bar only when it is the same terminal: redirected to a file, it stays there
    with Progress(*columns, console=Console(file=sys.stderr), transient=True, redirect_stdout=sys.stdout.isatty(),
                  redirect_stderr=True) as bar:
        task = bar.add_task(label, total=len(items))

        def walk() -> Iterator[T]:
            for item in items:
                yield item
                bar.advance(task)

        yield walk()


def say(message: str, err: bool = False) -> None:
    """Print one message line to stdout (or stderr) through ``sys.stdout``, where a bar moves it above itself
    (``click.echo`` writes to the stream's buffer, past the bar)."""
    print(message, file=sys.stderr if err else sys.stdout, flush=True)
