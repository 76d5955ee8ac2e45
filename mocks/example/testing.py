"""A ready demo sandbox for the core's tests: store, tenant, frozen clock, credentials, app."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from atsbox.clock import clock_for
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
