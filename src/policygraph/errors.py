"""The error hierarchy. Input errors name the file and line; the CLI maps each class to an exit code."""

from __future__ import annotations

from pathlib import Path


class PolicygraphError(Exception):
    """Base class of every error policygraph raises on purpose."""

    exit_code = 2


class InputError(PolicygraphError):
    """Bad input: a file that cannot be read as what it should be. Printed as ``file:line: message``."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class DigestSyntaxError(InputError):
    """A file is not a digest, or cannot be decoded or read as one."""


class UnknownLayout(PolicygraphError):
    """A layout name that no reader has (``--layout``)."""

    exit_code = 2


class DigestConflict(InputError):
    """A different digest is already stored under the key a new digest would take."""


class VocabularyError(InputError):
    """A data file of policygraph (ontology, shapes, vocabulary, query) is malformed."""


class ShapeViolation(PolicygraphError):
    """A graph does not conform to the SHACL shapes; ``report`` holds the results."""

    exit_code = 1

    def __init__(self, message: str, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class QueryParameterError(PolicygraphError):
    """A stored-query parameter is missing, malformed, or matches nothing."""

    exit_code = 2

    def __init__(self, message: str, query: str = "", param: str = "", value: str | None = None) -> None:
        self.query, self.param, self.value = query, param, value
        prefix = f"{query}: parameter {param!r}: " if param else (f"{query}: " if query else "")
        super().__init__(prefix + message)


class StoreError(PolicygraphError):
    """The store or endpoint is unavailable or failed."""

    exit_code = 3


class StoreLocationError(StoreError):
    """A store location that is neither a directory nor a well-formed http(s) URL: the user's input, so exit
    code 2. The message shows the location with any credentials redacted."""

    exit_code = 2


class OutputError(PolicygraphError):
    """The output (``-o FILE`` or standard output) cannot be opened or written: a missing folder, a full disk."""

    exit_code = 2


class Interrupted(PolicygraphError):
    """The user pressed Ctrl-C; printed as is (no ``Error:``), exit code 130 as for SIGINT."""

    exit_code = 130


class ReasonerError(PolicygraphError):
    """The OWL reasoner could not run (for example, Java is missing)."""

    exit_code = 3
