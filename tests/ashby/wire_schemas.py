"""Validate Ashby wire responses against Ashby's own OpenAPI schemas (the committed subset).

`ValidatingApp` wraps the mock's WSGI app: every response of an emulated endpoint is
checked against that endpoint's success or error schema (by the body's `success` flag) and
every problem is kept, so a fixture can fail a test whose traffic broke the vendor's shapes
whatever the test itself asserted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from atsbox.mocks.ashby.openapi import GENERIC_ERROR_OF

SUBSET = Path(__file__).resolve().parents[2] / "contracts" / "reference" / "ashby_openapi_subset.json"


@cache
def subset() -> dict[str, Any]:
    return json.loads(SUBSET.read_text(encoding="utf-8"))


@cache
def _validator(endpoint: str, branch: str) -> Any:
    schema = subset()["endpoints"][endpoint]["response"][branch]
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


@cache
def _webhook_validator(action: str) -> Any:
    return jsonschema_rs.Draft202012Validator(subset()["webhooks"][action], validate_formats=True)


def problems(endpoint: str, body: Any, status: int = 200) -> list[str]:
    """Why `body` is not a valid response of `endpoint` (empty when it is). Auth and rate
    errors (401/403/429) have the shape every endpoint shares, not the endpoint's own error
    schema, which may enumerate only its business codes (application.changeStage's does)."""
    if not isinstance(body, dict) or not isinstance(body.get("success"), bool):
        return [f"{endpoint}: not an Ashby envelope: {str(body)[:200]}"]
    branch = "success" if body["success"] else "error"
    validator = _validator(GENERIC_ERROR_OF if status in (401, 403, 429) else endpoint, branch)
    return [
        f"{endpoint} ({branch}) at {'/'.join(map(str, e.instance_path)) or '<root>'}: {e.message[:300]}"
        for e in validator.iter_errors(body)
    ]


def webhook_problems(action: str, body: Any) -> list[str]:
    return [f"webhook {action}: {e.message[:300]}" for e in _webhook_validator(action).iter_errors(body)]


class ValidatingApp:
    """WSGI middleware validating every emulated endpoint's JSON response."""

    def __init__(self, app: Any, endpoints: Iterable[str]) -> None:
        self.app = app
        self.endpoints = set(endpoints)
        self.violations: list[str] = []
        self.checked: dict[str, set[str]] = {}

    def _endpoint(self, path: str) -> str | None:
        name = path.rstrip("/").rsplit("/", 1)[-1]
        return name if name in self.endpoints else None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        endpoint = self._endpoint(environ.get("PATH_INFO", ""))
        if endpoint is None or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"] = status
            return start_response(status, headers, exc_info)

        chunks = list(self.app(environ, capture))
        raw = b"".join(chunks)
        try:
            body = json.loads(raw)
        except ValueError:
            self.violations.append(f"{endpoint}: non-JSON response {captured.get('status')}: {raw[:120]!r}")
            return chunks
        status = int(str(captured.get("status", "200")).split(" ", 1)[0])
        self.violations.extend(problems(endpoint, body, status))
        branch = "success" if isinstance(body, dict) and body.get("success") else "error"
        self.checked.setdefault(endpoint, set()).add(branch)
        return chunks
