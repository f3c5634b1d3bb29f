"""Stores, URLs and errors under abuse: credentials never printed, malformed store locations refused, a
trickling server bounded by the timeout, output that cannot be written, a damaged store, Ctrl-C mid-ingest,
parameters that are not UTF-8 or not NFKC-normal. Each case gives one line on stderr and its exit code."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policygraph import resources
from policygraph.cli import main
from policygraph.errors import StoreError
from policygraph.store.endpoint import ENV, endpoint_for

REPO = Path(__file__).resolve().parents[1]
DIGESTS = REPO / "data" / "digests"
ONE_DIGEST = DIGESTS / "merics-china-industries-2022-12.txt"
MERICS = sorted(str(p) for p in resources.sample_digest_paths("merics-china-industries"))

#: two halves of the password in the URLs below; neither may ever be printed
SECRET_A, SECRET_B = "Pw0rdAlpha", "Pw0rdBravo"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ENV.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("POLICYGRAPH_STORE", raising=False)
    monkeypatch.setenv("POLICYGRAPH_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("POLICYGRAPH_RETRIES", "0")
    monkeypatch.setenv("POLICYGRAPH_TIMEOUT", "2")


def run(*args: str) -> Result:
    """``policygraph ARGS`` in this process; an exception other than an exit is a failure."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"policygraph {' '.join(args)} raised {result.exception!r}") from result.exception
    return result


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("POLICYGRAPH_STORE", None)
    return env


def run_child(args: list, timeout: float = 120, stdout=subprocess.PIPE, **env: str) -> subprocess.CompletedProcess:
    """``python -m policygraph.cli ARGS`` (arguments may be bytes) as a separate process."""
    return subprocess.run([sys.executable, "-m", "policygraph.cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          timeout=timeout, env=child_env(**env))


def one_error_line(stderr: str) -> str:
    """The single line of an error on stderr (no traceback, nothing else)."""
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real embedded store with the MERICS samples, written by the command line."""
    path = tmp_path_factory.mktemp("reliability") / "store"
    result = CliRunner().invoke(main, ["ingest", *MERICS, "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


# -- 1. credentials in store URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "code"), [
    (f"http://user:{SECRET_A}/{SECRET_B}@127.0.0.1:1/sparql", 2),
    (f"http://user:{SECRET_A}#{SECRET_B}@127.0.0.1:1/sparql", 2),
    (f"http://user:{SECRET_A}?{SECRET_B}@127.0.0.1:1/sparql", 2),
    (f"http://user:{SECRET_A}/{SECRET_B}@127.0.0.1:1", 2),
    (f"http://user:{SECRET_A}%2F{SECRET_B}@127.0.0.1:1/sparql", 3),
    (f"http://user:{SECRET_A}%23{SECRET_B}@127.0.0.1:1/sparql", 3),
    (f"http://user:{SECRET_A}%3F{SECRET_B}@127.0.0.1:1", 3),
    (f"http://user:{SECRET_A}@{SECRET_B}@127.0.0.1:1/sparql", 3),
    (f"http://user:{SECRET_A}{SECRET_B}@127.0.0.1:99999/sparql", 2),
    (f"http://user:{SECRET_A}{SECRET_B}@127.0.0.1:port/sparql", 2),
    (f"http://user:{SECRET_A}{SECRET_B}@[::1:8000/sparql", 2),
    (f"https://user:{SECRET_A}/{SECRET_B}@[::1/sparql", 2),
    (f"http://user:{SECRET_A}{SECRET_B}@/sparql", 2),
], ids=["slash", "hash", "question", "slash-no-path", "pct-slash", "pct-hash", "pct-question", "at", "port-99999",
        "port-name", "ipv6-unclosed", "ipv6-unclosed-slash", "no-host"])
@pytest.mark.parametrize("command", ["stats", "ingest"])
def test_a_password_in_a_store_url_is_never_printed(url: str, code: int, command: str) -> None:
    args = ["ingest", str(ONE_DIGEST)] if command == "ingest" else [command]
    result = run(*args, "--store", url)
    assert result.exit_code == code, result.output
    line = one_error_line(result.stderr)
    assert line.startswith("Error: ")
    for part in (SECRET_A, SECRET_B, SECRET_A[2:8], SECRET_B[2:8]):
        assert part not in result.output


@pytest.mark.parametrize("url", [f"http://user:{SECRET_A}/{SECRET_B}@127.0.0.1:99999/sparql",
                                 f"http://user:{SECRET_A}@[::1:8000/sparql"])
def test_a_password_in_a_malformed_push_url_is_never_printed(url: str, built_store: Path) -> None:
    result = run("push", url, "--store", str(built_store))
    assert result.exit_code == 2
    one_error_line(result.stderr)
    assert SECRET_A not in result.output and SECRET_B not in result.output


@pytest.mark.parametrize(("text", "shown"), [
    ("http://user:pa/ss@host/sparql", "http://***@host/sparql"),
    ("http://user:pa#ss@host:8890/sparql", "http://***@host:8890/sparql"),
    ("http://user:pa?ss@host", "http://***@host"),
    ("http://user:p@ss@host/sparql", "http://***@host/sparql"),
    ("https://host:7878/sparql", "https://host:7878/sparql"),
    (" ftp://user:pw@[::1", " ftp://***@[::1"),
    ("http:/user:pw@host", "http:/***@host"),
])
def test_redact_url_hides_everything_up_to_the_last_at(text: str, shown: str) -> None:
    from policygraph.store.endpoint import redact_url

    assert redact_url(text) == shown


def test_a_strictly_parsed_url_keeps_its_credentials_out_of_the_label() -> None:
    ep = endpoint_for("http://analyst:pa%2Fss%23word@[::1]:7878")
    assert ep.label == "http://[::1]:7878"
    assert (ep.user, ep.password) == ("analyst", "pa/ss#word")
    with pytest.raises(StoreError) as refused:
        endpoint_for(f"http://analyst:{SECRET_A}@127.0.0.1:70000")
    assert refused.value.exit_code == 2 and SECRET_A not in str(refused.value)


# -- 2. store locations that are neither a directory nor an http(s) URL --------------------------------------


@pytest.mark.parametrize("location", [
    f" http://user:{SECRET_A}@127.0.0.1:1", f"http://user:{SECRET_A}@127.0.0.1:1 ", f"ftp://user:{SECRET_A}@host/x",
    "gopher://host/x", "file:///tmp/store", f"http:/user:{SECRET_A}@127.0.0.1:1", "HTTPS:host", "", "   ",
    "http://127.0.0.1:1/spa rql",
], ids=["leading-space", "trailing-space", "ftp", "gopher", "file", "one-slash", "no-slashes", "empty", "blank",
        "space-inside"])
@pytest.mark.parametrize("command", ["stats", "digests", "ingest"])
def test_a_store_location_that_is_no_directory_or_http_url_is_refused(
        location: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    args = ["ingest", str(ONE_DIGEST)] if command == "ingest" else [command]
    result = run(*args, "--store", location)
    assert result.exit_code == 2, result.output
    one_error_line(result.stderr)
    assert SECRET_A not in result.output
    assert list(work.iterdir()) == []  # no folder made


# -- 3. a server that trickles its answer -------------------------------------------------------------------


class TricklingServer:
    """Answers every request with ``200 OK`` and a long body sent one byte a second (``headers``: sends the
    status line, then its headers one byte a second)."""

    def __init__(self, headers: bool = False) -> None:
        self.headers = headers
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                if self.headers:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                    while not self.stop.wait(1.0):
                        conn.sendall(b"a")
                    return
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: 100000\r\n\r\n{")
                while not self.stop.wait(1.0):
                    conn.sendall(b" ")
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture(params=["body", "headers"])
def trickling(request: pytest.FixtureRequest) -> Iterator[TricklingServer]:
    server = TricklingServer(headers=request.param == "headers")
    yield server
    server.close()


@pytest.mark.parametrize("path", ["/sparql", ""])
def test_a_trickling_server_cannot_outlast_the_timeout(trickling: TricklingServer, path: str) -> None:
    started = time.monotonic()
    child = run_child(["stats", "--store", trickling.url + path], timeout=60,
                      POLICYGRAPH_TIMEOUT="2", POLICYGRAPH_RETRIES="0")
    assert time.monotonic() - started < 30  # a hang guard, not a timing claim
    assert child.returncode == 3, child.stderr
    line = one_error_line(child.stderr.decode())
    assert "within 2 s" in line


def test_a_trickling_graph_store_read_is_bounded_too(trickling: TricklingServer) -> None:
    from policygraph.store.remote import RemoteStore

    store = RemoteStore(endpoint_for(trickling.url, timeout=2, retries=0), check=False)
    started = time.monotonic()
    with pytest.raises(StoreError, match="within 2 s"):
        store._http("GET", trickling.url + "/store?graph=x", None, {}, "reading graph <x>")
    assert time.monotonic() - started < 30


# -- 4. output that cannot be written -----------------------------------------------------------------------


OUTPUT_COMMANDS = {
    "query": ["query", "targets-by-year", "-p", "target_year", "2025", "--format", "csv"],
    "export": ["export", "--format", "nquads"],
    "network": ["network", "--format", "csv"],
    "sparql": ["sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"],
}


@pytest.mark.parametrize("target", ["missing-folder", "/dev/full"])
@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_an_output_file_that_cannot_be_written_is_one_line_and_exit_2(
        command: str, target: str, built_store: Path, tmp_path: Path) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    output = str(tmp_path / "no-such-folder" / "out.txt") if target == "missing-folder" else target
    result = run(*OUTPUT_COMMANDS[command], "-o", output, "--store", str(built_store))
    assert result.exit_code == 2, result.output
    line = one_error_line(result.stderr)
    assert line.startswith("Error: ") and output in line
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_stdout_that_cannot_be_written_is_one_line_and_exit_2(command: str, built_store: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        child = run_child([*OUTPUT_COMMANDS[command], "--store", str(built_store)], stdout=full)
    assert child.returncode == 2, child.stderr
    line = one_error_line(child.stderr.decode())
    assert "standard output" in line


# -- 5. a damaged embedded store ----------------------------------------------------------------------------


def _damage_current(store: Path) -> None:
    (store / "CURRENT").write_bytes(b"\x00garbage\xff\n")


def _truncate_sst(store: Path) -> None:
    sst = max(store.glob("*.sst"), key=lambda p: p.stat().st_size)
    with sst.open("r+b") as f:
        f.truncate(sst.stat().st_size // 2)


@pytest.mark.parametrize("damage", [_damage_current, _truncate_sst], ids=["current", "sst"])
@pytest.mark.parametrize("command", [["stats"], ["query", "targets-by-year", "-p", "target_year", "2025"],
                                     ["digests"], ["ingest", str(ONE_DIGEST)]], ids=lambda c: c[0])
def test_a_damaged_store_is_one_line_naming_it_and_exit_3(damage, command: list[str], built_store: Path,
                                                          tmp_path: Path) -> None:
    store = tmp_path / "damaged"
    shutil.copytree(built_store, store)
    damage(store)
    result = run(*command, "--store", str(store))
    assert result.exit_code == 3, result.output
    line = one_error_line(result.stderr)
    assert str(store) in line


# -- 6. Ctrl-C mid-ingest -----------------------------------------------------------------------------------


_ADDED = re.compile(r": added \d+ policies, \d+ targets, \d+ news items \((\d+) triples\)$")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_mid_ingest_stops_after_whole_digests(jobs: str, tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from corpusgen import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 40)
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "ingest", *map(str, corpus), "--store",
                             str(store), "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=child_env())
    killer = threading.Timer(120, proc.kill)
    killer.start()
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().decode()
        assert _ADDED.search(first.strip()), first
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=100)
    finally:
        killer.cancel()
    stdout, stderr = first + rest.decode(), err.decode()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    added = [m for line in stdout.splitlines() if (m := _ADDED.search(line))]
    lines = [line for line in stderr.splitlines() if line.startswith("interrupted")]
    assert lines == [f"interrupted: {len(added)} digests written, the rest untouched"], stderr
    assert 1 <= len(added) < len(corpus)
    from policygraph.store import open_store

    with open_store(store) as opened:
        digests = [g for g in opened.graph_names() if "/digest/" in g]
        assert len(digests) == len(added)
        triples = sum(len(opened.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                                           {"g": g})) for g in digests)
    assert triples == sum(int(m.group(1)) for m in added)


# -- 7. bytes that are not UTF-8 ----------------------------------------------------------------------------


def test_a_parameter_that_is_not_utf8_is_an_input_error(built_store: Path) -> None:
    child = run_child(["query", "policies-by-agency", "-p", "agency", b"\xff", "--store", str(built_store)])
    assert child.returncode == 2, child.stderr
    line = one_error_line(child.stderr.decode())
    assert "agency" in line and "UTF-8" in line


def test_a_digest_file_name_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"digest-\xff.txt")
    with open(name, "wb") as f:
        f.write(ONE_DIGEST.read_bytes())
    child = run_child(["ingest", name, "--store", str(tmp_path / "store")])
    assert child.returncode == 2, child.stderr
    line = one_error_line(child.stderr.decode("utf-8", "replace"))
    assert "UTF-8" in line


# -- 8. parameters are NFKC-normalised ----------------------------------------------------------------------


def test_fullwidth_digits_in_a_parameter_mean_the_same_as_ascii(built_store: Path) -> None:
    def rows(year: str) -> list:
        result = run("query", "targets-by-year", "-p", "target_year", year, "--format", "json",
                     "--store", str(built_store))
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    ascii_rows = rows("2025")
    assert ascii_rows
    assert rows("２０２５") == ascii_rows


@pytest.mark.parametrize("var", ["POLICYGRAPH_UPDATE_URL", "POLICYGRAPH_GRAPH_STORE_URL"])
@pytest.mark.parametrize("value", [f"http://user:{SECRET_A}/{SECRET_B}@127.0.0.1:1/update",
                                   f"http://user:{SECRET_A}{SECRET_B}@127.0.0.1:1/update",
                                   f"http://127.0.0.1:99999/{SECRET_A}"])
def test_other_endpoint_urls_are_parsed_as_strictly(var: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(StoreError) as refused:
        endpoint_for("http://127.0.0.1:1/sparql")
    assert refused.value.exit_code == 2
    assert SECRET_B not in str(refused.value) and (SECRET_A not in str(refused.value) or "99999" in value)
