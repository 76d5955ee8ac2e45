"""One seeded Gem sandbox per test module (tiny world), served in-process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from atsbox.connectors.base import Connector, connector_for
from atsbox.fixtures import World, generate
from atsbox.mocks.core import create_vendor_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store

TENANT = "gem-tests"


@dataclass
class GemSandbox:
    store: Store
    app: Any
    world: World
    key: str
    partner_key: str
    app_secret: str

    @property
    def client(self) -> Any:
        return self.app.test_client()

    def get(self, path: str, **kwargs: Any) -> Any:
        headers = {"X-API-Key": self.key, **kwargs.pop("headers", {})}
        return self.client.get(f"/gem{path}", headers=headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        headers = {"X-API-Key": self.key, **kwargs.pop("headers", {})}
        return self.client.post(f"/gem{path}", headers=headers, **kwargs)

    def connector(self, **options: Any) -> Connector:
        from atsbox.connectors.base import ConnectorOptions

        return connector_for(
            "gem", wsgi_app=self.app, base_url="https://api.gem.com", credentials={"api_key": self.key},
            options=ConnectorOptions(**options) if options else None,
        )  # fmt: skip


def make_sandbox(size: str = "tiny", config: dict[str, Any] | None = None) -> GemSandbox:
    store = Store("sqlite://")
    info = create_sandbox(store, TENANT, seed=0, size=size, vendors=["gem"])
    app = create_vendor_app("gem", store, config={"rate_limits": False, **(config or {})})
    creds = info.credentials["gem"]
    partner = creds["partner"]
    return GemSandbox(
        store, app, generate(seed=0, size=size), creds["api_key"].secret, partner.secret,
        partner.meta["application_secret"],
    )  # fmt: skip


@pytest.fixture(scope="module")
def gem() -> Iterator[GemSandbox]:
    yield make_sandbox()


@pytest.fixture()
def fresh_gem() -> Iterator[GemSandbox]:
    """A sandbox of its own, for tests that write."""
    yield make_sandbox()
