"""`atsbox serve`: run the vendor mocks on one port, backed by a persistent default sandbox.

    atsbox serve [--host 127.0.0.1] [--port 8000] [--seed 0] [--size small]
                 [--db PATH_OR_URL] [--vendors ashby,gem]

The database defaults to a SQLite file under the user's data directory, so writes made
through the mocks survive a restart; the "default" sandbox is created on first start (or
rebuilt when --seed, --size or the vendor set changes). The base URLs and credentials of
each vendor are printed before serving. `--port 0` picks a free port (the URL printed is
the real one).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DELIVERY_INTERVAL_S = 1.0


def default_db_path() -> Path:
    """$XDG_DATA_HOME/atsbox/sandbox.db, else ~/.local/share/atsbox/sandbox.db."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "atsbox" / "sandbox.db"


def db_url(value: str | None) -> str:
    """A store URL from --db: URLs pass through, paths become SQLite files (folders made)."""
    if value and "://" in value:
        return value
    path = Path(value).expanduser() if value else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "serve",
        help="run the vendor mocks against a persistent sandbox",
        description=(
            "Serve every vendor mock under /<vendor> (and on its real host name via the Host "
            "header) from one process, backed by the 'default' sandbox."
        ),
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 = any free)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the sandbox's world (default 0)")
    parser.add_argument(
        "--size", default="small", help="world size: tiny, small, large or counts (default small)"
    )
    parser.add_argument("--db", default=None, help=f"SQLite file or store URL (default {default_db_path()})")
    parser.add_argument("--vendors", default=None, help="comma-separated vendors to serve (default: all)")
    parser.set_defaults(func=run)


def _say(message: str) -> None:
    print(message, flush=True)


def _row(label: str, value: str) -> str:
    return f"  {label:<22} {value}"


def describe(info: Any, base: str, vendor_classes: dict[str, Any]) -> list[str]:
    """The start-up banner: per vendor, its base URL, hosts, OpenAPI URL and credentials."""
    lines = [f"Sandbox '{info.tenant}' (seed {info.seed}, size {info.size})", ""]
    for name in info.vendors:
        cls = vendor_classes[name]
        lines.append(f"{cls.title or name}")
        lines.append(_row("base URL", f"{base}/{name}"))
        if cls.hosts:
            lines.append(_row("hosts", f"{', '.join(cls.hosts)} (send Host: to use the real base URL)"))
        lines.append(_row("OpenAPI", f"{base}/{name}/openapi.json"))
        for cred in info.credentials.get(name, {}).values():
            lines.extend(_row(key, value) for key, value in cred.shown().items())
        lines.append("")
    if not info.vendors:
        lines.append("No vendor mocks are installed yet.")
    return lines


def _deliver_webhooks(store: Any, stop: threading.Event, report: Callable[[str], None]) -> None:
    from atsbox.mocks.core.webhooks import Outbox

    outbox = Outbox(store)
    while not stop.wait(DELIVERY_INTERVAL_S):
        try:
            outbox.deliver_pending()
        except Exception as exc:  # a bad delivery must not stop the server
            report(f"webhook delivery failed: {exc}")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from werkzeug.serving import make_server

    from atsbox.mocks.core import create_app
    from atsbox.mocks.core.registry import get_vendor, vendors
    from atsbox.sandbox import ensure_default_sandbox
    from atsbox.store import Store

    if args.vendors:
        try:
            classes = {
                c.name: c for c in (get_vendor(n.strip()) for n in args.vendors.split(",") if n.strip())
            }
        except KeyError as exc:
            print(f"atsbox serve: {exc.args[0]}", file=sys.stderr)
            return 2
    else:
        classes = dict(vendors())
    url = db_url(args.db)
    _say(f"Store: {url}")
    store = Store(url)
    info = ensure_default_sandbox(store, args.seed, args.size, vendors=list(classes.values()), progress=_say)
    if not info.created:
        _say("Using the existing default sandbox.")
    app = create_app(store, vendors=list(classes.values()))
    server = make_server(args.host, args.port, app, threaded=True)
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{server.server_port}"
    _say("")
    for line in describe(info, base, classes):
        _say(line)
    stop = threading.Event()
    deliverer = threading.Thread(target=_deliver_webhooks, args=(store, stop, _say), daemon=True)
    deliverer.start()
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a supervisor, a test stopping us) ends the server like Ctrl-C does.
        signal.signal(signal.SIGTERM, _interrupt)
    _say(f"Listening on {base} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        store.close()
    _say("Stopped.")
    return 0
