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
(``http://user:pw@host``) are taken out of it. No credential is ever part of :attr:`Endpoint.label` or of an
error message.
"""

from __future__ import annotations

import base64
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..errors import StoreError
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
        return [v for v in values if v and len(v) >= 3]

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
    endpoint = Endpoint(label=base, **settings)
    if endpoint.timeout <= 0 or endpoint.retries < 0 or endpoint.backoff < 0:
        raise StoreError(f"{base}: the timeout must be positive, retries and back-off not negative")
    return endpoint


def with_settings(endpoint: Endpoint, **changes: Any) -> Endpoint:
    """A copy of ``endpoint`` with some settings changed."""
    return replace(endpoint, **changes)


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) endpoint URL: {_without_userinfo(parts)}")
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    return _without_userinfo(parts), user, password


def _without_userinfo(parts: Any) -> str:
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, ""))


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
