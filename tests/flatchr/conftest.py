"""One seeded Flatchr sandbox per test module (tiny world), served in-process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pytest

from atsbox.clock import clock_for
from atsbox.connectors.base import Connector
from atsbox.contracts.plugin import ConnectTarget
from atsbox.fixtures import World, generate
from atsbox.mocks.core import create_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store

TENANT = "flatchr-tests"


@lru_cache(maxsize=2)
def world(size: str = "tiny") -> World:
    return generate(seed=0, size=size)


@dataclass
class FlatchrSandbox:
    store: Store
    app: Any
    world: World
    key: str
    company: str
    slug: str
    offerer: int

    @property
    def client(self) -> Any:
        return self.app.test_client()

    @property
    def clock(self) -> Any:
        return clock_for(self.store, TENANT)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """A call on api.flatchr.io (paths relative to the company: "/columns")."""
        headers = {**self.auth, **kwargs.pop("headers", {})}
        return self.client.open(
            f"/flatchr/company/{self.company}{path}", method=method, headers=headers, **kwargs
        )

    def vacancy(self, vacancy_id: str, query: str = "") -> Any:
        """GET /vacancy/{id}, the one API path outside the company."""
        return self.client.get(f"/flatchr/vacancy/{vacancy_id}{query}", headers=self.auth)

    def careers(self, method: str, path: str, **kwargs: Any) -> Any:
        """A call addressed to careers.flatchr.io (routed by Host)."""
        headers = {"Host": "careers.flatchr.io", **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def target(self) -> ConnectTarget:
        creds = {"api_key": self.key, "company_id": self.company, "offerer_id": self.offerer}
        return ConnectTarget("flatchr", creds, wsgi_app=self.app)

    def connector(self, **options: Any) -> Connector:
        from atsbox.contracts.vendors.flatchr import make_connector

        return make_connector(self.target(), **options)


def make_sandbox(size: str = "tiny", config: dict[str, Any] | None = None) -> FlatchrSandbox:
    store = Store("sqlite://")
    info = create_sandbox(store, TENANT, seed=0, size=size, vendors=["flatchr"], world=world(size),
                          config={"flatchr": dict(config or {})})  # fmt: skip
    app = create_app(store, vendors=["flatchr"], config={"rate_limits": False, "flatchr": dict(config or {})})
    cred = info.credentials["flatchr"]["api_key"]
    return FlatchrSandbox(store, app, world(size), cred.secret, cred.meta["company_id"], cred.meta["slug"],
                          cred.meta["offerer_id"])  # fmt: skip


@pytest.fixture(scope="module")
def flatchr() -> Iterator[FlatchrSandbox]:
    yield make_sandbox()


@pytest.fixture()
def fresh() -> Iterator[FlatchrSandbox]:
    """A sandbox of its own, for tests that write."""
    yield make_sandbox()
