"""Real SPARQL servers on loopback for the tests: Oxigraph server (PyPI ``oxigraph``) and Virtuoso Open Source
(Debian ``virtuoso-opensource``), each in a temporary directory on a free port, stopped at the end."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_command() -> str | None:
    """The ``oxigraph`` server program next to this Python, or on the PATH."""
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


def virtuoso_command() -> str | None:
    return shutil.which("virtuoso-t")


@dataclass
class Server:
    """One running server: its store URL for ``--store``, and how to stop and start it again."""

    kind: str
    url: str
    command: list[str]
    workdir: Path
    ready_url: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, timeout: float = 60.0) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = (self.workdir / "server.log").open("ab")
        self.process = subprocess.Popen(self.command, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited at start: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.kind} did not answer within {timeout} s: {self.log_tail()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        self.stop(signal.SIGKILL)

    def log_tail(self) -> str:
        path = self.workdir / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def oxigraph_server(workdir: Path, port: int | None = None) -> Server:
    """An Oxigraph server over a store in ``workdir`` (not started)."""
    port = port or free_port()
    command = [oxigraph_command() or "oxigraph", "serve", "--location", str(workdir / "data"),
               "--bind", f"127.0.0.1:{port}"]
    base = f"http://127.0.0.1:{port}"
    return Server("oxigraph", base, command, workdir, f"{base}/query?query=ASK%7B%7D")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


def virtuoso_server(workdir: Path) -> tuple[Server, int]:
    """A Virtuoso server in ``workdir`` (not started) and its SQL port."""
    http_port, sql_port = free_port(), free_port()
    (workdir / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port,
                                                              http_port=http_port))
    command = [virtuoso_command() or "virtuoso-t", "+foreground", "+configfile", str(workdir / "virtuoso.ini")]
    base = f"http://127.0.0.1:{http_port}/sparql"
    return Server("virtuoso", base, command, workdir, f"{base}?query=ASK%7B%7D"), sql_port


def allow_sparql_updates(sql_port: int) -> None:
    """Give Virtuoso's anonymous SPARQL user the right to update (a fresh database's dba password is dba)."""
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if isql is None:
        raise RuntimeError("isql-vt is missing")
    statements = 'GRANT SPARQL_UPDATE TO "SPARQL";'
    subprocess.run([isql, str(sql_port), "dba", "dba", f"exec={statements}"], check=True, capture_output=True,
                   timeout=60)
