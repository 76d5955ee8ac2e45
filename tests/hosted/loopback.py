"""A hosted service on a loopback port, for tests that need real sockets (curl, a browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from atsbox.loopback import loopback_server
from atsbox.store import Store

from .helpers import Hosted


@contextmanager
def served(vendors: list[str] | None = None) -> Iterator[tuple[Hosted, str]]:
    hosted = Hosted(Store("sqlite://"), vendors=vendors)
    try:
        with loopback_server(hosted.app) as base:
            yield hosted, base
    finally:
        hosted.close()
