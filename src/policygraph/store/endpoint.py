"""Where a SPARQL server answers, and how to reach it: URLs, credentials, timeout and retries.

A base URL is enough for the servers policygraph is tested against:

* ``http://host:7878`` (no path): Oxigraph server, with ``/query``, ``/update`` and ``/store`` (Graph Store
  Protocol, ``?graph=``); queries ask for the union default graph with ``?union-default-graph``;
* ``http://host:8890/sparql``: Virtuoso, queries and updates at ``/sparql`` and the Graph Store Protocol at
  ``/sparql-graph-crud`` (``?graph-uri=``); its default graph is already the union of all graphs.

Any other URL is a query endpoint whose default graph must be the union of the named graphs (Fuseki:
``tdb2:unionDefaultGraph``; GraphDB does this already); updates go to the same URL unless ``update_url`` is
set, and graphs are replaced with SPARQL Update unless ``graph_store_url`` is set.

Settings come from ``[endpoints."<url>"]`` in the config file (``$POLICYGRAPH_CONFIG``, else
``$XDG_CONFIG_HOME/policygraph/config.toml``), overridden by environment variables: ``POLICYGRAPH_USER`` and
``POLICYGRAPH_PASSWORD`` (HTTP basic), ``POLICYGRAPH_TOKEN`` (bearer), ``POLICYGRAPH_TIMEOUT`` (seconds),
``POLICYGRAPH_RETRIES``, ``POLICYGRAPH_BACKOFF`` (seconds before the first retry), ``POLICYGRAPH_UPDATE_URL``,
``POLICYGRAPH_GRAPH_STORE_URL``. Credentials in the URL
(``http://user:pw@host``, with ``/``, ``?``, ``#`` and ``@`` percent-encoded) are taken out of it. No credential
is ever part of :attr:`Endpoint.label` or of an error message: URLs are parsed strictly (a bad port, an unclosed
IPv6 bracket, spaces, another scheme are a :class:`StoreLocationError`, exit code 2), and any URL is passed
through :func:`redact_url` before it is printed.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..errors import StoreError, StoreLocationError
from ..namespaces import GRAPH

#: environment variables read by :func:`endpoint_for`
ENV = {
    "user": "POLICYGRAPH_USER",
    "password": "POLICYGRAPH_PASSWORD",
    "token": "POLICYGRAPH_TOKEN",
    "timeout": "POLICYGRAPH_TIMEOUT",
    "retries": "POLICYGRAPH_RETRIES",
    "backoff": "POLICYGRAPH_BACKOFF",
    "update_url": "POLICYGRAPH_UPDATE_URL",
    "graph_store_url": "POLICYGRAPH_GRAPH_STORE_URL",
}
CONFIG_ENV = "POLICYGRAPH_CONFIG"

#: config-file keys and their types
_KEYS: dict[str, type] = {
    "query_url": str, "update_url": str, "graph_store_url": str, "graph_parameter": str, "union_parameter": bool,
    "graph_prefix": str, "user": str, "password": str, "token": str, "timeout": float, "retries": int,
    "backoff": float,
}


@dataclass(frozen=True)
class Endpoint:
    """One SPARQL 1.1 server as policygraph uses it."""

    label: str
    query_url: str
    update_url: str
    graph_store_url: str | None = None
    #: the Graph Store Protocol's graph parameter (``graph``; Virtuoso: ``graph-uri``)
    graph_parameter: str = "graph"
    #: add ``union-default-graph`` to query URLs (Oxigraph server)
    union_parameter: bool = False
    #: the named graphs policygraph manages on this server are those whose IRI starts with this
    graph_prefix: str = str(GRAPH)
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5

    def authorization(self) -> str | None:
        """The ``Authorization`` header value, or None."""
        if self.token:
            return f"Bearer {self.token}"
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None

    def secrets(self) -> list[str]:
        """Every credential string, to scrub from messages."""
        values = [self.password, self.token, self.authorization()]
        values += [quote(v, safe="") for v in (self.password, self.token) if v]  # as written in a URL
        return sorted({v for v in values if v and len(v) >= 3}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every credential replaced by ``***``."""
        for secret in self.secrets():
            text = text.replace(secret, "***")
        return text

    def graph_url(self, graph: str) -> str:
        """The Graph Store Protocol URL of one graph."""
        if self.graph_store_url is None:
            raise StoreError(f"{self.label} has no Graph Store Protocol URL")
        sep = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{sep}{self.graph_parameter}={quote(graph, safe='')}"


def endpoint_for(url: str, config_path: Path | None = None, **overrides: Any) -> Endpoint:
    """The endpoint at ``url``, with settings from the config file, the environment and ``overrides``."""
    base, user, password = _split_credentials(url)
    settings = {**_layout(base), **_config_settings(base, config_path), **_env_settings(), **overrides}
    if user is not None and "user" not in settings and "token" not in settings:
        settings.update(user=user, password=password)
    for key in ("query_url", "update_url", "graph_store_url"):  # parsed as strictly as the store URL
        if isinstance(settings.get(key), str) and _split_credentials(settings[key])[1] is not None:
            raise StoreLocationError(f"{key} {redact_url(settings[key])}: give credentials with POLICYGRAPH_USER "
                                     "and POLICYGRAPH_PASSWORD or in the config file, not in this URL")
    endpoint = Endpoint(label=base, **settings)
    if endpoint.timeout <= 0 or endpoint.retries < 0 or endpoint.backoff < 0:
        raise StoreError(f"{base}: the timeout must be positive, retries and back-off not negative")
    return endpoint


def with_settings(endpoint: Endpoint, **changes: Any) -> Endpoint:
    """A copy of ``endpoint`` with some settings changed."""
    return replace(endpoint, **changes)


def redact_url(text: str) -> str:
    """``text`` with everything between the scheme (``http://``, even ``http:/``) and the last ``@`` after it
    replaced by ``***``: whatever a user name or password holds (``/``, ``?``, ``#``, ``@``, encoded or not), none
    of it is left. Over-redacts a path with an ``@`` in it rather than risk showing part of a password.

    >>> redact_url("http://user:pa/ss@host/sparql")
    'http://***@host/sparql'
    """
    scheme = _SCHEME.match(text)
    start = scheme.end() if scheme else 0
    at = text.rfind("@")
    if at < start:
        return text
    return f"{text[:start]}***{text[at:]}"


#: a scheme and its slashes at the start of a location (``http://``, ``ftp:/``, `` https://``); one letter and
#: a colon is a Windows drive, not a scheme
_SCHEME = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]+:/*")
_HOST = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=%-]+")


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(label, user, password)`` of a strictly parsed http(s) URL; anything else is a StoreLocationError."""
    def refuse(why: str) -> StoreLocationError:
        return StoreLocationError(f"not an http(s) endpoint URL: {redact_url(url)!r} ({why})")

    scheme, sep, rest = url.partition("://")
    if url != url.strip() and url.strip().lower().startswith(("http:", "https:")):
        raise refuse("spaces around it are not part of a URL; remove them")
    if not sep or scheme.lower() not in ("http", "https"):
        raise refuse("only http:// and https:// URLs name a SPARQL endpoint")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise refuse("it holds a space or a control character")
    ends = [i for i in (rest.find(c) for c in "/?#") if i >= 0]
    authority, tail = (rest[: min(ends)], rest[min(ends):]) if ends else (rest, "")
    if "@" in tail:
        raise refuse("an '@' after the host; percent-encode '/', '?' and '#' in a user name or password (%2F, %3F, "
                     "%23) or set POLICYGRAPH_USER and POLICYGRAPH_PASSWORD, and write an '@' in a path as %40")
    userinfo, at, hostport = authority.rpartition("@")
    host, port = _host_and_port(hostport, refuse)
    user = password = None
    if at:
        name, colon, secret = userinfo.partition(":")
        user, password = unquote(name), (unquote(secret) if colon else None)
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((scheme.lower(), netloc, *urlsplit(f"//{netloc}{tail}")[2:4], "")), user, password


def _host_and_port(hostport: str, refuse: Any) -> tuple[str, int | None]:
    if hostport.startswith("["):
        literal, bracket, after = hostport[1:].partition("]")
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            raise refuse("the IPv6 address is malformed or its ']' is missing") from None
        host, port_text = f"[{literal.lower()}]", after
        if not bracket or (port_text and not port_text.startswith(":")):
            raise refuse("the IPv6 address is malformed or its ']' is missing")
        port_text = port_text[1:]
    else:
        host, _, port_text = hostport.partition(":")
        if not host or not _HOST.fullmatch(host):
            raise refuse("it names no host" if not host else "the host name holds characters a host cannot have")
        host = host.lower()
    if port_text == "":
        return host, None
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) <= 65535:
        raise refuse("the port must be a number from 1 to 65535")
    return host, int(port_text)


def _layout(base: str) -> dict[str, Any]:
    """Query, update and graph-store URLs from the base URL's shape."""
    path = urlsplit(base).path
    root = base.rstrip("/")
    if path in ("", "/"):
        return {"query_url": f"{root}/query", "update_url": f"{root}/update", "graph_store_url": f"{root}/store",
                "union_parameter": True}
    if path.rstrip("/").endswith("/sparql"):
        server = root[: -len("/sparql")]
        return {"query_url": root, "update_url": root, "graph_store_url": f"{server}/sparql-graph-crud",
                "graph_parameter": "graph-uri"}
    return {"query_url": base, "update_url": base}


def config_file() -> Path:
    """``$POLICYGRAPH_CONFIG``, else ``$XDG_CONFIG_HOME/policygraph/config.toml``."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(home) / "policygraph" / "config.toml"


def _config_settings(base: str, path: Path | None) -> dict[str, Any]:
    path = path or config_file()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise StoreError(f"{path}: cannot read the config file: {e}") from None
    section = data.get("endpoints", {}).get(base) or data.get("endpoints", {}).get(base.rstrip("/"))
    if section is None:
        return {}
    unknown = sorted(set(section) - set(_KEYS))
    if unknown:
        raise StoreError(f"{path}: unknown key(s) for endpoint {base}: {', '.join(unknown)}")
    return {key: _typed(path, key, value) for key, value in section.items()}


def _typed(path: Path, key: str, value: Any) -> Any:
    kind = _KEYS[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise StoreError(f"{path}: {key} must be a {kind.__name__}")
    return value


def _env_settings() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, var in ENV.items():
        raw = os.environ.get(var)
        if raw is None or raw == "":
            continue
        try:
            out[key] = {"timeout": float, "retries": int, "backoff": float}.get(key, str)(raw)
        except ValueError:
            raise StoreError(f"{var} must be a number") from None
    return out
