"""Personio sandboxes for the tests: one per module (tiny world) and fresh ones for writes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from atsbox.clock import clock_for
from atsbox.fixtures import World, generate
from atsbox.mocks.core import create_vendor_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store

TENANT = "personio-tests"
_WORLDS: dict[str, World] = {}


def world_of(size: str) -> World:
    if size not in _WORLDS:
        _WORLDS[size] = generate(seed=0, size=size)
    return _WORLDS[size]


@dataclass
class PersonioSandbox:
    store: Store
    app: Any
    world: World
    credentials: dict[str, str]
    _token: str | None = field(default=None, repr=False)

    @property
    def client(self) -> Any:
        return self.app.test_client()

    @property
    def company(self) -> str:
        return self.credentials["company"]

    @property
    def clock(self) -> Any:
        return clock_for(self.store, TENANT)

    def v1_headers(self, **extra: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.credentials['recruiting_api_key']}",
            "X-Company-ID": self.credentials["company_id"],
            **extra,
        }

    def token(self) -> str:
        if self._token is None:
            response = self.client.post(
                "/personio/v2/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.credentials["client_id"],
                    "client_secret": self.credentials["client_secret"],
                },
            )
            assert response.status_code == 200, response.json
            self._token = response.json["access_token"]
        return self._token

    def v2(self, path: str, **params: Any) -> Any:
        return self.client.get(
            f"/personio/v2/recruiting{path}",
            query_string=params,
            headers={"Authorization": f"Bearer {self.token()}"},
        )

    def connector(self, **options: Any) -> Any:
        from atsbox.connectors.base import ConnectorOptions, connector_for

        return connector_for(
            "personio",
            wsgi_app=self.app,
            credentials=self.credentials,
            options=ConnectorOptions(**options) if options else None,
        )


def flat_credentials(info_credentials: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for credential in info_credentials.values():
        out.update(credential.shown())
    return out


def make_sandbox(size: str = "tiny", config: dict[str, Any] | None = None) -> PersonioSandbox:
    store = Store("sqlite://")
    world = world_of(size)
    info = create_sandbox(store, TENANT, seed=0, size=size, vendors=["personio"], world=world)
    app = create_vendor_app("personio", store, config={"rate_limits": False, **(config or {})})
    return PersonioSandbox(store, app, world, flat_credentials(info.credentials["personio"]))


@pytest.fixture(scope="module")
def personio() -> Iterator[PersonioSandbox]:
    yield make_sandbox()


@pytest.fixture()
def fresh() -> Iterator[PersonioSandbox]:
    """A sandbox of its own, for tests that write."""
    yield make_sandbox()
