"""Factorial sandboxes for the tests: the tiny world rendered once per session, a fresh
store per sandbox (so writes never leak between tests), served in-process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from atsbox.clock import clock_for
from atsbox.connectors.base import Connector
from atsbox.contracts.plugin import ConnectTarget, FeatureContext
from atsbox.contracts.vendors.factorial import make_connector
from atsbox.fixtures import generate
from atsbox.fixtures.model import World
from atsbox.mocks.core import create_vendor_app
from atsbox.mocks.factorial import DEFAULT_REDIRECT_URI
from atsbox.sandbox import create_sandbox
from atsbox.store import Store

TENANT = "factorial-tests"
V = "2026-10-01"
# Frozen sandbox time for tests that look at expiry and change times.
NOW = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


@dataclass
class Sandbox:
    store: Store
    app: Any
    world: World
    api_key: str
    client_id: str
    client_secret: str
    credentials: dict[str, Any]

    @property
    def client(self) -> Any:
        return self.app.test_client()

    @property
    def clock(self) -> Any:
        return clock_for(self.store, TENANT)

    def path(self, resource: str, version: str = V) -> str:
        return f"/api/{version}/resources/{resource}"

    def call(self, method: str, resource: str, *, version: str = V, headers: dict[str, str] | None = None,
             **kwargs: Any) -> Any:  # fmt: skip
        sent = {"x-api-key": self.api_key} if headers is None else headers
        return self.client.open(self.path(resource, version), method=method, headers=sent, **kwargs)

    def get(self, resource: str, **kwargs: Any) -> Any:
        return self.call("GET", resource, **kwargs)

    def post(self, resource: str, **kwargs: Any) -> Any:
        return self.call("POST", resource, **kwargs)

    def put(self, resource: str, **kwargs: Any) -> Any:
        return self.call("PUT", resource, **kwargs)

    def all(self, resource: str, **kwargs: Any) -> list[dict[str, Any]]:
        """Every record of a list, following end_cursor."""
        out: list[dict[str, Any]] = []
        params: dict[str, Any] = dict(kwargs.pop("query_string", {}))
        while True:
            response = self.get(resource, query_string=params, **kwargs)
            assert response.status_code == 200, response.json
            out.extend(response.json["data"])
            if not response.json["meta"]["has_next_page"]:
                return out
            params["after_id"] = response.json["meta"]["end_cursor"]

    def authorize(self, **params: str) -> str:
        """Run the authorize step; returns the code from the redirect."""
        query = {"client_id": self.client_id, "redirect_uri": DEFAULT_REDIRECT_URI, "response_type": "code",
                 "state": "xyz", **params}  # fmt: skip
        response = self.client.get("/oauth/authorize", query_string=query)
        assert response.status_code == 302, response.data
        found = parse_qs(urlsplit(response.headers["Location"]).query)
        assert found["state"] == ["xyz"]
        return found["code"][0]

    def token(self, **form: str) -> Any:
        body = {"client_id": self.client_id, "client_secret": self.client_secret, **form}
        return self.client.post("/oauth/token", data=body)

    def oauth_token(self, **params: str) -> dict[str, Any]:
        code = self.authorize(**params)
        response = self.token(grant_type="authorization_code", code=code, redirect_uri=DEFAULT_REDIRECT_URI)
        assert response.status_code == 200, response.json
        return response.json

    def advance(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def target(self) -> ConnectTarget:
        return ConnectTarget("factorial", self.credentials, wsgi_app=self.app)

    def connector(self, **options: Any) -> Connector:
        return make_connector(self.target(), **options)

    def feature_context(self) -> FeatureContext:
        target = self.target()
        return FeatureContext(target=target, connector=make_connector(target), world=self.world,
                              connect=lambda **options: make_connector(target, **options))  # fmt: skip


@pytest.fixture(scope="session")
def tiny_world() -> World:
    return generate(seed=0, size="tiny")


def make_sandbox(world: World, *, rate_limits: bool = False, frozen: bool = True) -> Sandbox:
    store = Store("sqlite://")
    info = create_sandbox(store, TENANT, seed=0, size="tiny", vendors=["factorial"], world=world)
    if frozen:
        clock_for(store, TENANT).freeze(NOW)
    app = create_vendor_app("factorial", store, config={"rate_limits": rate_limits})
    creds = info.credentials["factorial"]
    app_cred = creds["oauth_app"]
    return Sandbox(store, app, world, creds["api_key"].secret, app_cred.secret, app_cred.meta["client_secret"],
                   dict(creds))  # fmt: skip


@pytest.fixture(scope="module")
def shared(tiny_world: World) -> Sandbox:
    """One sandbox for read-only tests of a module."""
    return make_sandbox(tiny_world)


@pytest.fixture
def sandbox(tiny_world: World) -> Sandbox:
    """A fresh sandbox for a test that writes."""
    return make_sandbox(tiny_world)
