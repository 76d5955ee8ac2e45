"""Ashby sandboxes for the tests: a tiny world served in-process, every response checked
against Ashby's own response schemas (tests/ashby/wire_schemas.py)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from atsbox.fixtures import World, generate
from atsbox.mocks.ashby.endpoints import BY_NAME
from atsbox.mocks.core import create_vendor_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store

from .wire_schemas import ValidatingApp

TENANT = "ashby-tests"
# A fixed sandbox time after the world's anchor, so tokens, URLs and writes are reproducible.
NOW = datetime(2026, 6, 2, 9, 0, 0, tzinfo=UTC)


def basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


@dataclass
class AshbySandbox:
    store: Store
    app: ValidatingApp
    flask_app: Any
    world: World
    key: str
    read_only_key: str
    tenant: str = TENANT
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def client(self) -> Any:
        from werkzeug.test import Client

        return Client(self.app)

    def post(self, endpoint: str, body: Any = None, *, key: str | None = None, **kwargs: Any) -> Any:
        headers = {**(basic(key if key is not None else self.key) if key != "" else {}), **kwargs.pop("headers", {})}
        if body is not None and "data" not in kwargs:
            kwargs["json"] = body
        return self.client.post(f"/{endpoint}", headers=headers, **kwargs)

    def ok(self, endpoint: str, body: Any = None, **kwargs: Any) -> Any:
        """The `results` of a successful call (fails the test on an error envelope)."""
        response = self.post(endpoint, {} if body is None else body, **kwargs)
        data = response.get_json()
        assert response.status_code == 200 and data["success"], (endpoint, response.status_code, data)
        return data["results"]

    def error(self, endpoint: str, body: Any = None, *, status: int = 200, **kwargs: Any) -> dict[str, Any]:
        """The errorInfo of a call that must fail (with `status`)."""
        response = self.post(endpoint, {} if body is None else body, **kwargs)
        data = response.get_json()
        assert response.status_code == status and data["success"] is False, (endpoint, response.status_code, data)
        assert data["errors"] == [data["errorInfo"]["code"]]
        return data["errorInfo"]

    def all_pages(self, endpoint: str, body: dict[str, Any] | None = None) -> tuple[list[Any], str | None]:
        """Every result of a paginated list and the final syncToken."""
        body = dict(body or {})
        out: list[Any] = []
        while True:
            response = self.post(endpoint, body)
            data = response.get_json()
            assert data["success"], data
            out.extend(data["results"])
            if not data["moreDataAvailable"]:
                return out, data.get("syncToken")
            body["cursor"] = data["nextCursor"]

    @property
    def clock(self) -> Any:
        from atsbox.clock import clock_for

        return clock_for(self.store, self.tenant)


def make_sandbox(world: World, config: dict[str, Any] | None = None) -> AshbySandbox:
    store = Store("sqlite://")
    info = create_sandbox(store, TENANT, seed=world.seed, size=world.size, vendors=["ashby"], world=world)
    from atsbox.clock import clock_for

    clock_for(store, TENANT).freeze(NOW)
    flask_app = create_vendor_app("ashby", store, config={"rate_limits": False, "ashby": dict(config or {})})
    creds = info.credentials["ashby"]
    app = ValidatingApp(flask_app, BY_NAME)
    return AshbySandbox(store, app, flask_app, world, creds["api_key"].secret, creds["read_only"].secret,
                        config=dict(config or {}))  # fmt: skip


@pytest.fixture(scope="session")
def tiny_world() -> World:
    return generate(seed=0, size="tiny")


@pytest.fixture(scope="module")
def ashby(tiny_world: World) -> Iterator[AshbySandbox]:
    """One sandbox per module, for tests that only read."""
    sandbox = make_sandbox(tiny_world)
    yield sandbox
    assert not sandbox.app.violations, "\n".join(sandbox.app.violations[:20])


@pytest.fixture()
def fresh(tiny_world: World) -> Iterator[AshbySandbox]:
    """A sandbox of its own, for tests that write."""
    sandbox = make_sandbox(tiny_world)
    yield sandbox
    assert not sandbox.app.violations, "\n".join(sandbox.app.violations[:20])
