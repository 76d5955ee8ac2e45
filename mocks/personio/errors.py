"""Personio's error envelopes: one per API surface, chosen by the request's path.

- Recruiting v1 (``/v1/recruiting/...``, REC1 ``error_response``): field errors
  ``{"errors": [{"field", "errors": [{"reason", "context"}]}]}`` or generic errors
  ``{"errors": [{"id", "status", "title", "detail"}]}`` (``status`` is a string).
- v2 (``/v2/...``, common-components-v2 ``ErrorResponse`` as observed live):
  ``{"personio_trace_id", "timestamp", "errors": [{"title", "detail", "type", "_meta"}]}``,
  served as ``application/problem+json``. The token endpoint adds the RFC 6749 ``error`` /
  ``error_description`` keys (our decision: the reference has only the examples' names).

Routes raise `v1_field_errors(...)` or `v2_error(...)`; the core's own errors (bad JSON,
unknown routes, 401s, 429s, oversized bodies) reach `envelope` with the core's codes and
are translated here, so every error a client sees has its surface's shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from flask import g, request

from atsbox.clock import system as system_clock
from atsbox.mocks.core.errors import MockError

from . import ids

# --- v1 reason codes (REC1 error table, DEV post_v1-recruiting-applications) --------------
# (Not emulated: errors.posting-validation.posting-not-found, as external posting ids are
# taken as they come, and feature.recruiting.disabled / feature.public-api.disabled, as
# every sandbox company has the recruiting features.)
UNKNOWN_ATTRIBUTE = "errors.attribute-validation.unknown"
REQUIRED_ATTRIBUTE = "errors.attribute-validation.required-attribute"
INVALID_DATE_FORMAT = "errors.attribute-validation.invalid-date-format"
INVALID_EMAIL_FORMAT = "errors.attribute-validation.invalid-email-format"
INVALID_TYPE = "errors.attribute-validation.invalid-type"
UNKNOWN_OPTION = "errors.attribute-validation.unknown-attribute-option"
DATE_IN_FUTURE = "errors.date-validation.date-in-the-future"
INVALID_SYSTEM_PHASE = "errors.phase-validation.invalid-system-phase"
FILE_NOT_EXISTS = "errors.file-validation.file-not-exists"
UNKNOWN_FILE_CATEGORY = "errors.file-validation.unknown-file-category"
INVALID_FILE_TYPE = "errors.invalid-file-type"
FILE_TOO_BIG = "errors.file-too-big"
APPLICANT_EXISTS = "errors.applicant-already-exists"
CHANNEL_NOT_FOUND = "errors.posting-validation.channel-not-found"
NOT_PUBLISHED = "errors.job-position.not-published"

V1_UNAUTHORIZED = (
    "The API token and/or company id was not recognized. Please provide a valid API token in as value of an "
    "`Authorization` header, like `Bearer api-token-value`, and your company id in the `X-Company-ID` header."
)

# --- v2 codes -----------------------------------------------------------------------------
V2_DOCS = "https://developer.personio.de/v2.0/page/public-api-error-codes#"
RESOURCE_NOT_FOUND = "common.requested_resource_not_found"
# The core's error codes (or kinds) -> the v2 gateway's codes.
_V2_CODES: dict[str, str] = {
    "unknown_route": "api.not_found",
    "not_found": RESOURCE_NOT_FOUND,
    "method_not_allowed": "api.method_not_allowed",
    "unauthorized": "common.unauthorized",
    "forbidden": "common.forbidden",
    "rate_limited": "common.too_many_requests",
    "payload_too_large": "common.payload_too_large",
    "internal_error": "common.internal_server_error",
    "service_unavailable": "common.service_unavailable",
}
# The core's field-level kinds -> the v1 reason they become.
_V1_FIELD_REASONS: dict[str, str] = {
    "missing_field": REQUIRED_ATTRIBUTE,
    "invalid_field": INVALID_TYPE,
}

FieldError = tuple[str, str, dict[str, Any] | None]  # (field, reason, context)


def surface(path: str | None = None) -> str:
    """Which API a request addresses: "v1", "v2", "token" or "careers" (feed and pages)."""
    path = path if path is not None else request.path
    parts = path.strip("/").split("/")
    rest = parts[1:] if parts and parts[0] == "personio" else parts
    if rest[:3] == ["v2", "auth", "token"]:
        return "token"
    if rest[:1] in (["v2"], ["_sandbox"]):
        return "v2"
    if rest[:1] == ["v1"]:
        return "v1"
    return "careers"


def v1_field_errors(status: int, errors: Sequence[FieldError], message: str | None = None) -> MockError:
    """A v1 error listing field errors; several reasons on one field share its entry."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for field, reason, context in errors:
        by_field.setdefault(field, []).append({"reason": reason, "context": context or {}})
    entries = [{"field": field, "errors": reasons} for field, reasons in by_field.items()]
    first = errors[0][1] if errors else "errors.invalid"
    return MockError(status, first, message or f"Invalid request: {first}", field_errors=entries)


def v2_error(status: int, code: str, detail: str, **extra: Any) -> MockError:
    return MockError(status, code, detail, **extra)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _trace() -> str:
    return ids.trace_id(g.get("request_id"), request.method, request.full_path)


def _v1(status: int, code: str, message: str, extra: dict[str, Any]) -> dict[str, Any]:
    field_errors = extra.get("field_errors")
    if field_errors is None and "field" in extra and code in _V1_FIELD_REASONS:
        field_errors = [
            {"field": extra["field"], "errors": [{"reason": _V1_FIELD_REASONS[code], "context": {}}]}
        ]
    if field_errors is not None:
        return {"errors": field_errors}
    detail = V1_UNAUTHORIZED if status == 401 else message
    return {"errors": [{"id": _trace(), "status": str(status), "title": _title(status), "detail": detail}]}


def _v2(status: int, code: str, message: str, extra: dict[str, Any]) -> dict[str, Any]:
    code = _V2_CODES.get(code, code)
    clock = g.get("clock") or system_clock
    body: dict[str, Any] = {
        "personio_trace_id": _trace(),
        "timestamp": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "errors": [
            {
                "title": _title(status),
                "detail": message,
                "type": V2_DOCS + code.replace(".", ""),
                "_meta": {"path": request.path.removeprefix("/personio")},
            }
        ],
    }
    if "error" in extra:  # an OAuthError of the token endpoint (RFC 6749 section 5.2)
        body["error"] = extra["error"]
        body["error_description"] = message
    return body


def envelope(status: int, code: str, message: str, extra: dict[str, Any]) -> dict[str, Any]:
    """The body of an error response on the current request's surface."""
    if surface() in ("v2", "token"):
        return _v2(status, code, message, extra)
    return _v1(status, code, message, extra)


def content_type() -> str:
    return "application/problem+json" if surface() in ("v2", "token") else "application/json"
