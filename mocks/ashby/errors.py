"""Ashby's error envelope, its error codes and the HTTP statuses they come with.

Every Ashby error body is {"success": false, "errors": [code], "errorInfo": {"code",
"message", "requestId", "meta"}} (reference §2). Ashby answers most errors with HTTP 200;
only a missing key (401), a refused key or missing permission (403) and rate limiting (429)
change the status. The core's shared error kinds are re-labelled here so that malformed
JSON, a bad cursor or a wrong type all come back the Ashby way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from atsbox.mocks.core.errors import MockError

OK = 200  # the status of business errors at Ashby

INVALID_INPUT = "invalid_input"
MISSING_PERMISSION = "missing_endpoint_permission"
RATE_LIMIT = "rate_limit_exceeded"
SYNC_TOKEN_EXPIRED = "sync_token_expired"
SYNC_TOKEN_INVALID = "sync_token_invalid"
INVALID_CURSOR = "invalid_next_cursor"
INCREMENTAL_TOO_LARGE = "incremental_sync_too_large"
# Not documented (reference §9: "exact 401/403 bodies"): our names for the auth failures.
MISSING_KEY = "unauthenticated"
INVALID_KEY = "invalid_api_key"

# The core's error kinds (mocks/core/errors.py DEFAULT_ERRORS) -> Ashby (status, code).
ERROR_CODES: Mapping[str, tuple[int | None, str | None]] = {
    "malformed_json": (OK, INVALID_INPUT),
    "invalid_body": (OK, INVALID_INPUT),
    "missing_field": (OK, INVALID_INPUT),
    "invalid_field": (OK, INVALID_INPUT),
    "invalid_query": (OK, INVALID_INPUT),
    "bad_request": (OK, INVALID_INPUT),
    "unsupported_media_type": (OK, INVALID_INPUT),
    "missing_credentials": (401, MISSING_KEY),
    "invalid_credentials": (403, INVALID_KEY),
    "forbidden": (403, MISSING_PERMISSION),
    "invalid_cursor": (OK, INVALID_CURSOR),
    "sync_token_invalid": (OK, SYNC_TOKEN_INVALID),
    "sync_token_expired": (OK, SYNC_TOKEN_EXPIRED),
    "rate_limited": (429, RATE_LIMIT),
    "not_found": (404, "not_found"),
    "unknown_route": (404, "not_found"),
}


def envelope(code: str, message: str, request_id: str | None, meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    info: dict[str, Any] = {"code": code, "message": message}
    if request_id:
        info["requestId"] = request_id
    if meta:
        info["meta"] = dict(meta)
    return {"success": False, "errors": [code], "errorInfo": info}


def invalid_input(message: str, **meta: Any) -> MockError:
    return MockError(OK, INVALID_INPUT, message, **meta)


def not_found(what: str, identifier: Any) -> MockError:
    """`<what>_not_found` (Ashby's own spelling for applications, stages, plans, archive
    reasons; the same pattern for the other objects)."""
    return MockError(OK, f"{what}_not_found", f"No {what.replace('_', ' ')} found with id {identifier!r}.")


def business_error(code: str, message: str, **meta: Any) -> MockError:
    return MockError(OK, code, message, **meta)
