"""``policygraph serve``: a local, read-only web explorer and SPARQL endpoint over the store."""

from __future__ import annotations

import ipaddress

from .app import create_app


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


__all__ = ["create_app", "is_loopback"]
