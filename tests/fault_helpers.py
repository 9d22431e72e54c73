"""Fault-suite helpers: a memory-only broker reached through a TCP proxy, HTTP probes of a worker,
quick or soak sizes (INCIDENT_STREAM_SOAK=1, `make soak`)."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.core.broker import EmbeddedTansu
from tests.tcp_proxy import TcpProxy

SOAK = os.environ.get("INCIDENT_STREAM_SOAK", "") not in ("", "0")


def sized(quick: int, soak: int) -> int:
    """A count for the quick suite (`make test`) or the soak run (`make soak`)."""
    return soak if SOAK else quick


@contextmanager
def proxied_broker() -> Iterator[tuple[EmbeddedTansu, TcpProxy]]:
    """A fresh Tansu that advertises a proxy in front of it, so every client connection goes through the proxy."""
    broker = EmbeddedTansu()
    proxy = TcpProxy(broker.host, broker.port)
    broker.advertised = proxy.address
    proxy.start()
    broker.start()
    try:
        yield broker, proxy
    finally:
        proxy.stop()
        broker.stop()


def get_json(url: str) -> tuple[int, Any]:
    """(status, JSON body) of a GET; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except OSError:
        return 0, None


def wait_until(check: Any, timeout: float, interval: float = 0.5) -> float:
    """Seconds until `check()` held; AssertionError after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(interval)
    raise AssertionError(f"not within {timeout}s: {getattr(check, '__doc__', None) or check}")
