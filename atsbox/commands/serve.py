"""`atsbox serve`: the hosted sandbox service on one port, backed by a persistent database.

    atsbox serve [--host 127.0.0.1] [--port 8000] [--seed 0] [--size small]
                 [--db PATH_OR_URL] [--vendors ashby,gem] [--workers N] [--threads T]
                 [--public-url URL] [--no-rate-limits] [--answer-cache MB] [--new-admin-token]

Every vendor mock is served under /<vendor> (and on its real host name), with the control
API under /_sandbox, a connection guide per vendor at /<vendor>/, /healthz and /metrics
(atsbox.hosted). The database defaults to a SQLite file (WAL) under the user's data
directory, so sandboxes and every write made through the mocks survive a restart;
`--db postgresql://...` lets several hosts serve the same sandboxes. The "default" sandbox
is created on first start (or rebuilt when --seed, --size or the vendor set changes); its
base URLs and credentials are printed before serving. The admin token of the control API
is ATSBOX_ADMIN_TOKEN, or generated at the first start and printed that one time.

Without --workers one process serves (werkzeug's threaded server); `--workers N` runs N
gunicorn worker processes (threaded workers, `--threads` each). `--port 0` picks a free
port (the URL printed is the real one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_THREADS = 4


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
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="serve with this many gunicorn worker processes (default: one process, werkzeug's server)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"threads per gunicorn worker (default {DEFAULT_THREADS})",
    )
    parser.add_argument(
        "--public-url",
        default=None,
        help="the service's URL as partners reach it (default: the request's host)",
    )
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="switch the vendors' rate limits off (load tests)"
    )
    parser.add_argument(
        "--answer-cache",
        type=_megabytes,
        default=64,
        metavar="MB",
        help="per worker, the memory for answers of read routes that may be served again while "
        "nothing they depend on changed (default 64; 0 turns the cache off)",
    )
    parser.add_argument(
        "--new-admin-token", action="store_true", help="replace the stored admin token and print the new one"
    )
    parser.set_defaults(func=run)


def _megabytes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of megabytes, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the answer cache cannot be negative")
    return value


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


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _admin_lines(db: Any, rotate: bool) -> list[str]:
    from atsbox.hosted.tokens import ADMIN_ENV, ensure_admin_token

    if os.environ.get(ADMIN_ENV):
        return [f"Admin token: from {ADMIN_ENV}."]
    token = ensure_admin_token(db, rotate=rotate)
    if token is None:
        return ["Admin token: set at the first start (not shown again; --new-admin-token replaces it)."]
    return [f"Admin token (shown once, keep it): {token}"]


def run(args: argparse.Namespace) -> int:
    from atsbox.mocks.core.registry import get_vendor, vendors

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
    if args.workers < 0 or args.threads < 1:
        print("atsbox serve: --workers must be >= 0 and --threads >= 1", file=sys.stderr)
        return 2
    metrics_dir = None
    if args.workers:
        # Set before prometheus_client is first imported: workers then count into files
        # there and any worker's /metrics adds up all of them.
        metrics_dir = tempfile.mkdtemp(prefix="atsbox-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        return _serve(args, classes)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _prepare(args: argparse.Namespace, classes: dict[str, Any]) -> tuple[Any, Any, Any, list[str]]:
    """Open the store, make sure of the default sandbox and the admin token; build the app."""
    from atsbox.hosted import create_hosted_app
    from atsbox.sandbox import ensure_default_sandbox
    from atsbox.store import Store

    url = db_url(args.db)
    _say(f"Store: {_redact(url)}")
    store = Store(url)
    info = ensure_default_sandbox(store, args.seed, args.size, vendors=list(classes.values()), progress=_say)
    if not info.created:
        _say("Using the existing default sandbox.")
    config: dict[str, Any] = {"answer_cache_bytes": args.answer_cache * 1024 * 1024}
    if args.no_rate_limits:
        config["rate_limits"] = False
    app = create_hosted_app(store, vendors=list(classes.values()), config=config, public_url=args.public_url)
    service = app.extensions["atsbox.hosted"]
    return store, app, info, _admin_lines(service.db, args.new_admin_token)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True) if "://" in url else url


def _banner(info: Any, base: str, classes: dict[str, Any], admin: list[str]) -> None:
    _say("")
    for line in describe(info, base, classes):
        _say(line)
    for line in admin:
        _say(line)
    _say(f"Control API: {base}/_sandbox (OpenAPI: {base}/_sandbox/openapi.json)")


def _serve(args: argparse.Namespace, classes: dict[str, Any]) -> int:
    store, app, info, admin = _prepare(args, classes)
    if args.workers:
        return _serve_gunicorn(args, app, store, info, classes, admin)
    from werkzeug.serving import make_server

    server = make_server(args.host, args.port, app, threaded=True)
    base = _base(args.host, server.server_port)
    _banner(info, base, classes, admin)
    stop = app.extensions["atsbox.hosted"].start_deliverer()
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
        app.extensions["atsbox.hosted"].close()
        store.close()
    _say("Stopped.")
    return 0


def _base(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def _serve_gunicorn(
    args: argparse.Namespace, app: Any, store: Any, info: Any, classes: dict[str, Any], admin: list[str]
) -> int:
    from gunicorn.app.base import BaseApplication

    service = app.extensions["atsbox.hosted"]
    # The master opened the database to prepare it; each worker opens its own connections.
    store.engine.dispose()
    service.db.engine.dispose()

    def when_ready(server: Any) -> None:
        port = server.LISTENERS[0].sock.getsockname()[1]
        base = _base(args.host, port)
        _banner(info, base, classes, admin)
        _say(f"Listening on {base} with {args.workers} workers (Ctrl-C to stop)")

    from atsbox.hosted.balancing import balance_hook

    def post_fork(server: Any, worker: Any) -> None:
        # Every worker runs a deliverer; a database lease lets one of them deliver.
        service.start_deliverer()

    def worker_exit(server: Any, worker: Any) -> None:
        service.journal.close()

    options = {
        "bind": f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}",
        "workers": args.workers,
        # gthread, with connections shared out between the workers (atsbox.hosted.balancing).
        "worker_class": "atsbox.hosted.balancing.BalancedThreadWorker",
        "threads": args.threads,
        "preload_app": True,
        "control_socket_disable": True,
        "accesslog": None,
        "loglevel": "warning",
        "graceful_timeout": 10,
        "timeout": 60,
        "keepalive": 5,
        "backlog": 2048,
        "when_ready": when_ready,
        "pre_fork": balance_hook(args.workers),
        "post_fork": post_fork,
        "worker_exit": worker_exit,
    }

    class Service(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    master = os.getpid()
    try:
        Service().run()
    except SystemExit as exc:
        # The arbiter exits when it stops (SIGTERM / SIGINT); a worker, forked inside
        # run(), exits through here as well and must leave silently.
        if os.getpid() != master or exc.code not in (0, None):
            raise
    store.close()
    _say("Stopped.")
    return 0
