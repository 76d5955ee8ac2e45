"""Talking to Ashby: RPC calls, the envelope, cursor pages, sync tokens and error mapping.

Ashby answers most errors with HTTP 200 and `success: false`, so the transport's status
mapping is not enough: every body is read, and an error envelope becomes the unified error
its code stands for. Sync-token and cursor errors become `SyncTokenRejected`, which the
mirror answers with a full sync.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from atsbox.connectors.errors import AuthError, ConnectorError, RateLimited, RemoteError
from atsbox.connectors.http import Transport, body_of, parse_retry_after

# Error codes after which the only way forward is a full sync.
RESYNC_CODES = frozenset(
    {"sync_token_expired", "sync_token_invalid", "incremental_sync_too_large", "invalid_next_cursor",
     "next_cursor_expired", "cursor_invalid"}
)  # fmt: skip
# Ashby codes -> the Kombo code of the unified error (everything else that is an input
# problem is REMOTE.INPUT_INVALID).
KOMBO_CODES = {
    "duplicate_application": "ATS.APPLICATION_ALREADY_EXISTS",
    "rate_limit_exceeded": "REMOTE.RATE_LIMIT_EXCEEDED",
}


class AshbyError(RemoteError):
    """An Ashby error envelope; `ashby_code` is Ashby's own code (`application_not_found`)."""

    def __init__(self, status: int, body: Any, ashby_code: str, message: str) -> None:
        self.ashby_code = ashby_code
        code = KOMBO_CODES.get(ashby_code, "REMOTE.INPUT_INVALID" if status < 500 else None)
        super().__init__(status, body, f"Ashby {ashby_code}: {message}", code=code)


class SyncTokenRejected(AshbyError):
    """The sync token or cursor can no longer be used: run a full sync."""


def error_info(body: Any) -> tuple[str, str] | None:
    if isinstance(body, Mapping) and body.get("success") is False:
        info = body.get("errorInfo") if isinstance(body.get("errorInfo"), Mapping) else {}
        errors = body.get("errors") or []
        code = str(info.get("code") or (errors[0] if errors else "unknown_error"))
        return code, str(info.get("message") or code)
    return None


def parse_error(response: requests.Response) -> ConnectorError | None:
    """Ashby's envelope on 401/403/429/5xx answers, for the transport."""
    body = body_of(response)
    found = error_info(body)
    if found is None:
        return None
    code, message = found
    status = response.status_code
    if status in (401, 403):
        return AuthError(status, body, f"Ashby {code}: {message}")
    if status == 429:
        retry = parse_retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
        return RateLimited(retry, body=body, message=f"Ashby {code}: {message}")
    return AshbyError(status, body, code, message)


def raise_for_envelope(status: int, body: Any) -> None:
    found = error_info(body)
    if found is None:
        if not isinstance(body, Mapping) or body.get("success") is not True:
            raise RemoteError(status, body, "Ashby answered without its envelope")
        return
    code, message = found
    if code in RESYNC_CODES:
        raise SyncTokenRejected(status, body, code, message)
    if code == "missing_endpoint_permission":
        raise AuthError(403, body, f"Ashby {code}: {message}")
    raise AshbyError(status, body, code, message)


@dataclass
class Page:
    results: list[Any]
    more: bool
    next_cursor: str | None
    sync_token: str | None


class AshbyApi:
    """The RPC calls the connector makes, over one Transport."""

    def __init__(self, transport: Transport, page_size: int = 100) -> None:
        self.transport = transport
        self.page_size = page_size
        self.calls = 0  # requests made (the benchmarks and tests look at it)

    def call_raw(self, endpoint: str, body: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        self.calls += 1
        if "files" in kwargs or "data" in kwargs:
            response = self.transport.post(f"/{endpoint}", **kwargs)
        else:
            response = self.transport.post(f"/{endpoint}", json=dict(body or {}))
        data = body_of(response)
        raise_for_envelope(response.status_code, data)
        return data

    def call(self, endpoint: str, body: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        """`results` of one call; Ashby's error envelope raises the unified error."""
        return self.call_raw(endpoint, body, **kwargs).get("results")

    def page(self, endpoint: str, body: Mapping[str, Any], cursor: str | None, sync_token: str | None) -> Page:
        request = {**body, "limit": self.page_size}
        if cursor:
            request["cursor"] = cursor
        if sync_token:
            request["syncToken"] = sync_token
        data = self.call_raw(endpoint, request)
        return Page(data.get("results") or [], bool(data.get("moreDataAvailable")), data.get("nextCursor"),
                    data.get("syncToken"))  # fmt: skip

    def pages(self, endpoint: str, body: Mapping[str, Any] | None = None, sync_token: str | None = None
              ) -> Iterator[Page]:  # fmt: skip
        """Every page of a paginated list (an incremental sync when `sync_token` is given)."""
        cursor: str | None = None
        while True:
            page = self.page(endpoint, body or {}, cursor, sync_token)
            yield page
            if not page.more or not page.next_cursor:
                return
            cursor = page.next_cursor

    def list_all(self, endpoint: str, body: Mapping[str, Any] | None = None, sync_token: str | None = None
                 ) -> tuple[list[Any], str | None]:  # fmt: skip
        """Every result and the sync token of the last page."""
        out: list[Any] = []
        token = None
        for page in self.pages(endpoint, body, sync_token):
            out.extend(page.results)
            token = page.sync_token
        return out, token
