"""Factorial's error envelope and status codes: one decision, kept here.

Factorial documents no error bodies or 4xx codes (reference §5; its OpenAPI document lists
only 200/201, and its official TypeScript SDK treats any non-2xx body as opaque). The mock
answers every API error the way a Rails API commonly does and the SDK's own tests model:

    HTTP 4xx/5xx   {"errors": [{"code": "<snake_case>", "message": "<text>", "field": "<name>"}]}

(`field` only when one input field is at fault). Statuses: 400 for a body or query that
cannot be read, 401 for missing, invalid, expired or revoked credentials, 403 for a
credential without the right (an OAuth token lacking the ATS scope), 404 for unknown
records (in the path or referenced from the body), routes and API versions, 409 for valid
input the records' state refuses (a job posting that takes no applications, a second CV,
a phase of another job posting, a candidate who applied already), 422 for input that fails
validation (missing fields, wrong types or values), 429 over the rate limit with
`Retry-After` in seconds. The OAuth endpoints answer RFC 6749 bodies ({"error", "error_description"})
instead, as Doorkeeper (Factorial's OAuth server, going by its token response) does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from atsbox.mocks.core import MockError

# core error kind -> (status, code) for the API routes.
ERROR_CODES: Mapping[str, tuple[int | None, str | None]] = {
    "malformed_json": (400, "bad_request"),
    "bad_request": (400, "bad_request"),
    "invalid_query": (400, "bad_request"),
    "invalid_cursor": (400, "bad_request"),
    "invalid_page": (400, "bad_request"),
    "invalid_body": (422, "unprocessable_entity"),
    "missing_field": (422, "unprocessable_entity"),
    "invalid_field": (422, "unprocessable_entity"),
    "missing_credentials": (401, "unauthorized"),
    "invalid_credentials": (401, "unauthorized"),
    "forbidden": (403, "forbidden"),
    "not_found": (404, "not_found"),
    "conflict": (409, "conflict"),
    "unknown_route": (404, "not_found"),
    "method_not_allowed": (405, "method_not_allowed"),
    "payload_too_large": (413, "payload_too_large"),
    "unsupported_media_type": (415, "unsupported_media_type"),
    "rate_limited": (429, "too_many_requests"),
    "fault": (503, "service_unavailable"),
    "internal_error": (500, "internal_server_error"),
}


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    if "error_description" in extra:
        # An OAuth endpoint error (core OAuthError): RFC 6749 §5.2's body.
        return {"error": extra.get("error", code), "error_description": extra["error_description"]}
    entry: dict[str, Any] = {"code": code, "message": message}
    if extra.get("field"):
        entry["field"] = extra["field"]
    return {"errors": [entry]}


def not_found(what: str, value: Any) -> MockError:
    return MockError.of("not_found", f"{what} {value} not found.")


def unknown_reference(what: str, value: Any, field: str) -> MockError:
    """A record an update's body refers to does not exist: 409, like the other valid input
    the records' state refuses. Not 404: the record the request addresses exists (a 404
    would say it is gone). A create that names a missing parent answers 404 instead (its
    controller looks the parent up first)."""
    return conflict(f"{what} {value} does not exist.", field)


def conflict(message: str, field: str | None = None) -> MockError:
    """Valid input the records' current state refuses (409): a job posting that takes no
    applications, a second CV, a phase of another job posting."""
    return MockError.of("conflict", message, field=field)
