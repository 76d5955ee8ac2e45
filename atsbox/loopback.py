"""Serve a WSGI app on 127.0.0.1 for the length of a block: the one way atsbox does it.

Used wherever a real socket matters (contracts over HTTP, the pytest plugin's server mode,
tests that need curl, a browser or a webhook receiver).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import make_server


@contextmanager
def loopback_server(app: Any, *, threaded: bool = True) -> Iterator[str]:
    """Yield the base URL of `app` served on a free loopback port; stop it afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=threaded)
    # A short poll interval: shutdown() waits for the loop to notice, up to one interval.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
