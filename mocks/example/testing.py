"""Test helpers of the core: a ready demo sandbox (store, tenant, frozen clock, credentials,
app), a loopback server for an app, and a loopback webhook receiver."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from atsbox.clock import clock_for
from atsbox.loopback import loopback_server
from atsbox.mocks.core import Credential, create_app
from atsbox.store import Store

from . import NAME, ExampleVendor

FROZEN_AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass
class DemoSandbox:
    store: Store
    tenant: str
    app: Flask
    client: FlaskClient
    credentials: dict[str, Credential]

    @property
    def api_key(self) -> str:
        return self.credentials["api_key"].secret

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Api-Key": self.api_key}

    @property
    def basic(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.api_key}:".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    @property
    def clock(self) -> Any:
        return clock_for(self.store, self.tenant)

    def add_candidates(self, count: int, *, start: int | None = None) -> list[str]:
        """Write candidates straight into the store (as a render would)."""
        ids = []
        for _ in range(count):
            number = self.store.next_int(self.tenant, NAME, "candidate")
            doc = {
                "id": f"cand_{number}",
                "name": f"Person {number}",
                "email": f"p{number}@example.test",
                "tags": [],
            }
            self.store.put(self.tenant, NAME, "candidate", doc["id"], doc, at=self.clock.now())
            ids.append(doc["id"])
        return ids


def add_tenant(store: Store, tenant: str, *, seed: int = 0) -> dict[str, Credential]:
    """A tenant with the demo vendor's credentials and its clock frozen at FROZEN_AT."""
    store.create_tenant(tenant)
    clock_for(store, tenant).freeze(FROZEN_AT)
    creds = ExampleVendor().default_credentials(tenant, seed)
    for cred in creds.values():
        store.add_credential(NAME, cred.kind, cred.secret, tenant, dict(cred.meta))
    return creds


def demo_sandbox(
    tenant: str = "t1", *, config: dict[str, Any] | None = None, store: Store | None = None
) -> DemoSandbox:
    store = store or Store("sqlite://")
    creds = add_tenant(store, tenant)
    app = create_app(store, vendors=[ExampleVendor], config=config)
    return DemoSandbox(store, tenant, app, app.test_client(), creds)


# Tests of the core spell it `serving`.
serving = loopback_server


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A loopback HTTP endpoint that records POSTs and answers with scripted statuses."""

    def __init__(self, statuses: Iterable[int] = ()) -> None:
        self.requests: list[Received] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self._thread.join()
        self.server.server_close()
