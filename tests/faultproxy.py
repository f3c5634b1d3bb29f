"""A fault-injecting HTTP proxy on loopback, in front of a real SPARQL server.

It forwards every request to the upstream server unless told to misbehave: answer with an error status for a
number of requests, wait before answering, demand credentials, or cut a write off halfway (the upstream
server gets half the body, then the connection closes, as when a client or network dies mid-write).
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Faults:
    """What the proxy does to the next requests."""

    fail_status: int = 0
    fail_count: int = 0  # how many requests get fail_status (-1: all)
    delay: float = 0.0
    authorization: str | None = None  # the exact Authorization header required
    cut_writes_matching: str | None = None  # cut PUT/POST bodies whose URL or body contains this
    extra_headers: dict[str, str] = field(default_factory=dict)  # added to every forwarded answer
    seen: list[tuple[str, str]] = field(default_factory=list)  # (method, path) of every request
    headers_seen: list[str] = field(default_factory=list)  # Authorization headers received


class FaultProxy:
    """``url`` forwards to ``upstream`` (an Oxigraph server base URL) with :attr:`faults` applied."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.faults = Faults()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                proxy.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        f = self.faults
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        f.seen.append((h.command, h.path))
        f.headers_seen.append(h.headers.get("Authorization") or "")
        if f.delay:
            time.sleep(f.delay)
        if f.authorization is not None and h.headers.get("Authorization") != f.authorization:
            return self._answer(h, 401, b"unauthorized", {"WWW-Authenticate": 'Basic realm="sparql"'})
        if f.fail_count:
            f.fail_count -= 1 if f.fail_count > 0 else 0
            return self._answer(h, f.fail_status, b"injected fault")
        if (f.cut_writes_matching is not None and h.command in ("PUT", "POST")
                and (f.cut_writes_matching in h.path or f.cut_writes_matching.encode() in body)):
            return self._cut(h, body)
        self._forward(h, body)

    def _upstream(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)

    def _forward(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        conn = self._upstream()
        headers = {k: v for k, v in h.headers.items() if k.lower() not in ("host", "authorization", "connection")}
        try:
            conn.request(h.command, h.path, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except OSError as e:
            return self._answer(h, 502, f"upstream: {e}".encode())
        finally:
            conn.close()
        headers = {"Content-Type": response.getheader("Content-Type") or "", **self.faults.extra_headers}
        self._answer(h, response.status, data, headers)

    def _cut(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        """Send the upstream server half the body under the full length, then drop both connections."""
        conn = self._upstream()
        conn.putrequest(h.command, h.path)
        conn.putheader("Content-Type", h.headers.get("Content-Type") or "application/octet-stream")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        conn.send(body[: len(body) // 2])
        time.sleep(0.2)
        conn.sock.close()
        h.close_connection = True
        h.connection.close()

    @staticmethod
    def _answer(h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        for k, v in (headers or {}).items():
            if v:
                h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
