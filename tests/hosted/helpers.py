"""Shared helpers of the hosted-service tests: an app over a store, a control-API client."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from atsbox.hosted import create_hosted_app
from atsbox.store import Store

ADMIN = "test-admin-token"


def basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Hosted:
    """A hosted app over `store` and a test client speaking its control API."""

    store: Store
    vendors: Iterable[str] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    journal_size: int = 1000

    def __post_init__(self) -> None:
        self.app: Flask = create_hosted_app(
            self.store,
            vendors=self.vendors,
            config=self.config,
            env={"ATSBOX_ADMIN_TOKEN": ADMIN},
            journal_size=self.journal_size,
        )
        self.client = self.app.test_client()
        self.service = self.app.extensions["atsbox.hosted"]

    def control(self, method: str, path: str, token: str = ADMIN, **kwargs: Any) -> Any:
        headers = {**bearer(token), **kwargs.pop("headers", {})}
        return self.client.open(f"/_sandbox{path}", method=method, headers=headers, **kwargs)

    def create(self, **body: Any) -> dict[str, Any]:
        response = self.control("POST", "/sandboxes", json={"size": "tiny", **body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def close(self) -> None:
        self.service.close()


def ashby_key(sandbox: dict[str, Any], label: str = "api_key") -> str:
    return sandbox["vendors"]["ashby"]["credentials"][label]["secret"]


def ashby(hosted: Hosted, sandbox: dict[str, Any], method: str, body: dict[str, Any] | None = None) -> Any:
    """POST an Ashby RPC with the sandbox's full key."""
    return hosted.client.post(f"/ashby/{method}", json=body or {}, headers=basic(ashby_key(sandbox)))
