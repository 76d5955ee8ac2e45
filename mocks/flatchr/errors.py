"""Flatchr's error envelope and statuses, decided here once.

Flatchr documents no error body: its docs only say the HTTP status reflects the outcome.
Its success bodies carry ``statusCode`` (``{"statusCode": 200, "token": ...}``), the mark of
a Node hapi API, whose errors are Boom objects; so every error here is

    {"statusCode": 404, "error": "Not Found", "message": "Vacancy not found"}

with validation problems as 400 (Boom's ``badRequest``, what hapi's Joi validation
answers), a bad or missing key as 401, another company's data as 403, throttling as 429.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

# The core's error kinds re-labelled to hapi's statuses (VendorMock.error_codes).
ERROR_CODES: dict[str, tuple[int | None, str | None]] = {
    "missing_credentials": (401, None),
    "invalid_credentials": (401, None),
    "missing_field": (400, None),
    "invalid_field": (400, None),
    "invalid_query": (400, None),
    "invalid_body": (400, None),
    "malformed_json": (400, None),
    "unsupported_media_type": (415, None),
    "rate_limited": (429, None),
}


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"statusCode": status, "error": reason(status), "message": message}
