"""Gem's error envelopes: which body a failed request gets, decided in one place.

Three layers answer errors at Gem, and each has its own body:

- the AWS API Gateway in front of both APIs (bad or missing key, throttling):
  ``{"message": "Forbidden"}`` / ``{"message": "Too Many Requests"}``, the gateway's own
  bodies (reference §1, §8.1 and §8.9; the status for a bad key is an inference there);
- the sourcing API ``/v0/``: the documented ``{code, status, message, errors}``, with
  validation problems under ``errors.json.<field>`` (webargs style) and status 422;
- the ATS API ``/ats/v0/``: undocumented, so Greenhouse Harvest's convention, which Gem's
  ATS API mirrors: ``{"message": ...}`` and, for 422, a list
  ``"errors": [{"message", "field"}]``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import has_request_context, request

# Codes the gateway answers with; `error_body` gives them the gateway's bare body.
GATEWAY_FORBIDDEN = "gateway_forbidden"
GATEWAY_THROTTLED = "gateway_throttled"

# The core's error kinds re-labelled to Gem's statuses (VendorMock.error_codes).
ERROR_CODES: dict[str, tuple[int | None, str | None]] = {
    "missing_credentials": (403, GATEWAY_FORBIDDEN),
    "invalid_credentials": (403, GATEWAY_FORBIDDEN),
    "forbidden": (403, GATEWAY_FORBIDDEN),
    "rate_limited": (429, GATEWAY_THROTTLED),
    "missing_field": (422, "validation_error"),
    "invalid_field": (422, "validation_error"),
    "invalid_query": (422, "validation_error"),
    "invalid_page": (422, "validation_error"),
}

GATEWAY_MESSAGES = {GATEWAY_FORBIDDEN: "Forbidden", GATEWAY_THROTTLED: "Too Many Requests"}


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def is_sourcing_path(path: str) -> bool:
    """True for the sourcing API (``/v0/...``), false for the ATS API and anything else."""
    return "/v0/" in path + "/" and "/ats/v0" not in path


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    if code in GATEWAY_MESSAGES:
        return {"message": GATEWAY_MESSAGES[code]}
    field = extra.get("field")
    path = request.path if has_request_context() else ""
    if is_sourcing_path(path):
        errors: dict[str, Any] = extra.get("errors") or {}
        if field and not errors:
            errors = {"json": {field: [message]}}
        return {"code": status, "status": reason(status), "message": message, "errors": errors}
    body: dict[str, Any] = {"message": "Validation error" if status == 422 else message}
    if status == 422:
        body["errors"] = [{"message": message, "field": field}]
    return body
