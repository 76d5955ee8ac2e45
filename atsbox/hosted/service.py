"""The hosted sandbox service as one WSGI app: every vendor mock plus the service's routes.

    app = create_hosted_app(Store("sqlite:///sandboxes.db"))

mounts each vendor under /<vendor> (and on its real host name), the control API under
/_sandbox, a connection guide per vendor at /<vendor>/, /healthz and /metrics, and counts
every request in the metrics. Sandboxes, faults, clocks, webhooks, the journal and the admin
token all live in the database, so any number of processes (gunicorn workers, hosts on a
shared PostgreSQL) can serve the same sandboxes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response

from atsbox.mocks.core import create_app
from atsbox.mocks.core.registry import get_vendor
from atsbox.mocks.core.registry import vendors as registered_vendors
from atsbox.mocks.core.vendor import VendorMock
from atsbox.mocks.core.webhooks import Outbox
from atsbox.store import Store

from .db import HostedDB
from .journal import DEFAULT_SIZE, FLUSH_INTERVAL_S, SharedJournal
from .metrics import Metrics, MetricsMiddleware, note_endpoint
from .sandboxes import SIZES, Sandboxes
from .tokens import AdminTokens

log = logging.getLogger("atsbox.hosted")

DELIVERER_LEASE = "webhook_deliverer"
DELIVERY_INTERVAL_S = 1.0
LEASE_S = 15.0


@dataclass
class HostedService:
    store: Store
    db: HostedDB
    vendors: dict[str, type[VendorMock]]
    admin: AdminTokens
    sandboxes: Sandboxes
    journal: SharedJournal
    metrics: Metrics
    public_url: str | None = None

    def guide_callback_for(self, base_url: str) -> Callable[[str], str]:
        from .guides import callback_path

        return lambda vendor: f"{base_url}{callback_path(vendor)}"

    # --- the webhook deliverer -----------------------------------------------------------

    def holds_delivery_lease(self, now: float | None = None) -> bool:
        """Take or renew the database-wide lease: one deliverer per database, whichever
        process holds it (a dead holder's lease runs out after LEASE_S)."""
        now = time.time() if now is None else now
        me = f"{socket.gethostname()}:{os.getpid()}"
        import sqlalchemy as sa

        from .db import settings

        with self.db.begin(write=True) as conn:
            stmt = sa.select(settings.c.value).where(settings.c.key == DELIVERER_LEASE)
            if self.db.engine.dialect.name != "sqlite":
                stmt = stmt.with_for_update()
            row = conn.execute(stmt).first()
            lease = None if row is None else row.value
            if lease is not None and lease["owner"] != me and lease["until"] > now:
                return False
            from atsbox.store.engine import upsert

            upsert(conn, settings, {"key": DELIVERER_LEASE}, {"value": {"owner": me, "until": now + LEASE_S}})
        return True

    def deliver_loop(self, stop: threading.Event, interval: float = DELIVERY_INTERVAL_S) -> None:
        outbox = Outbox(self.store)
        while not stop.wait(interval):
            try:
                if self.holds_delivery_lease():
                    outbox.deliver_pending()
            except Exception:  # a bad delivery must not stop the loop
                log.exception("webhook delivery failed")

    def start_deliverer(self) -> threading.Event:
        stop = threading.Event()
        threading.Thread(target=self.deliver_loop, args=(stop,), name="atsbox-webhooks", daemon=True).start()
        return stop

    def close(self) -> None:
        self.journal.close()
        self.db.close()


def vendor_classes(specs: Iterable[str | type[VendorMock]] | None) -> dict[str, type[VendorMock]]:
    if specs is None:
        return dict(registered_vendors())
    classes = [get_vendor(s) if isinstance(s, str) else s for s in specs]
    return {cls.name: cls for cls in classes}


def _health() -> Any:
    from .control import hosted

    try:
        hosted().db.ping()
    except Exception as exc:
        log.warning("health check failed: %s", exc)
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok", "vendors": list(hosted().vendors)}


def _metrics() -> Any:
    from .control import hosted

    body, content_type = hosted().metrics.exposition()
    return Response(body, content_type=content_type)


def create_hosted_app(
    store: Store,
    *,
    vendors: Iterable[str | type[VendorMock]] | None = None,
    config: Mapping[str, Any] | None = None,
    public_url: str | None = None,
    env: Mapping[str, str] | None = None,
    journal_size: int = DEFAULT_SIZE,
    journal_flush_s: float = FLUSH_INTERVAL_S,
    sizes: tuple[str, ...] = SIZES,
) -> Flask:
    """The service's Flask app (see the module doc). `config` is create_app's; `sizes` are
    the world sizes partners may ask for (the first is the default)."""
    from .control import bp as control_bp
    from .guides import register_guides

    classes = vendor_classes(vendors)
    db = HostedDB(store.url)
    journal = SharedJournal(db, size=journal_size, flush_interval=journal_flush_s)
    metrics = Metrics()
    app = create_app(store, vendors=list(classes.values()), config={**dict(config or {}), "journal": journal})
    service = HostedService(
        store=store,
        db=db,
        vendors=classes,
        admin=AdminTokens(db, env),
        sandboxes=Sandboxes(store, classes, sizes),
        journal=journal,
        metrics=metrics,
        public_url=public_url.rstrip("/") if public_url else None,
    )
    app.extensions["atsbox.hosted"] = service
    app.before_request(note_endpoint)
    app.register_blueprint(control_bp)
    register_guides(app, classes)
    app.add_url_rule("/healthz", endpoint="atsbox_healthz", view_func=_health, methods=["GET"])
    app.add_url_rule("/metrics", endpoint="atsbox_metrics", view_func=_metrics, methods=["GET"])
    # Browsers ask for it on every page (the JSON links included); a 404 is a console error.
    app.add_url_rule("/favicon.ico", endpoint="atsbox_favicon", view_func=lambda: ("", 204), methods=["GET"])
    app.wsgi_app = MetricsMiddleware(app.wsgi_app, metrics)  # type: ignore[method-assign]
    return app
