"""A hosted service on a loopback port, for tests that need real sockets (curl, a browser)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

from atsbox.store import Store

from .helpers import Hosted


@contextmanager
def served(vendors: list[str] | None = None) -> Iterator[tuple[Hosted, str]]:
    hosted = Hosted(Store("sqlite://"), vendors=vendors)
    server = make_server("127.0.0.1", 0, hosted.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hosted, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        hosted.close()
