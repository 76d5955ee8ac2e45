"""Errors that become the vendor's own error envelope, and input helpers that raise them.

A vendor route raises `MockError` (or lets a core helper raise one) and never builds an
error response by hand: the app turns the error into `vendor.error_body(...)` with the
right status. Core helpers raise errors with a *kind* ("malformed_json", "invalid_cursor",
...) and a neutral default status and code; a vendor re-labels a kind through its
`error_codes` table (Ashby answers most errors with HTTP 200, Personio with problem+json),
so no vendor hand-rolls validation just to change a status.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from flask import request

# kind -> (default status, default code). The kinds are the vocabulary shared by the core
# and the vendors' `error_codes` tables; see VendorMock.error_codes.
DEFAULT_ERRORS: dict[str, tuple[int, str]] = {
    "malformed_json": (400, "malformed_json"),
    "invalid_body": (400, "invalid_body"),
    "missing_field": (400, "missing_field"),
    "invalid_field": (400, "invalid_field"),
    "invalid_query": (400, "invalid_query"),
    "bad_request": (400, "bad_request"),
    "missing_credentials": (401, "unauthorized"),
    "invalid_credentials": (401, "unauthorized"),
    "forbidden": (403, "forbidden"),
    "not_found": (404, "not_found"),
    "unknown_route": (404, "unknown_route"),
    "method_not_allowed": (405, "method_not_allowed"),
    "conflict": (409, "conflict"),
    "payload_too_large": (413, "payload_too_large"),
    "unsupported_media_type": (415, "unsupported_media_type"),
    "invalid_cursor": (400, "invalid_cursor"),
    "invalid_page": (400, "invalid_page"),
    "sync_token_invalid": (400, "sync_token_invalid"),
    "sync_token_expired": (400, "sync_token_expired"),
    "oauth_error": (400, "invalid_request"),
    "rate_limited": (429, "rate_limited"),
    "fault": (503, "service_unavailable"),
    "internal_error": (500, "internal_error"),
}


class MockError(Exception):
    """An error answered in the vendor's envelope.

    `status` and `code` are what the client sees unless the vendor's `error_codes` table
    re-labels this error's `kind`. `extra` reaches `vendor.error_body` as keyword
    arguments (e.g. `field="email"`), `headers` are added to the response (Retry-After).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        kind: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.kind = kind
        self.headers = dict(headers or {})
        self.extra = extra

    @classmethod
    def of(
        cls,
        kind: str,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> MockError:
        """An error of a shared kind with the core's default status and code."""
        default_status, default_code = DEFAULT_ERRORS.get(kind, (400, kind))
        return cls(
            status if status is not None else default_status,
            code if code is not None else default_code,
            message,
            kind=kind,
            headers=headers,
            **extra,
        )

    def __repr__(self) -> str:
        return f"MockError({self.status}, {self.code!r}, {self.message!r}, kind={self.kind!r})"


# --- request bodies ---------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    # json.loads accepts NaN/Infinity, which no vendor does; treat them as malformed.
    raise ValueError(f"{name} is not valid JSON")


def json_body(required: bool = True) -> dict[str, Any]:
    """The request body as a JSON object, or a MockError the vendor's envelope will carry.

    An empty body is `{}` when not required. The Content-Type is not checked: real clients
    of these APIs are lax about it and the vendors accept that.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise MockError.of("invalid_body", "A JSON object is required as the request body.")
        return {}
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MockError.of("malformed_json", f"The request body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise MockError.of(
            "invalid_body", f"The request body must be a JSON object, not {_type_name(value)}."
        )
    return value


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


def _type_name(value_or_type: Any) -> str:
    typ = value_or_type if isinstance(value_or_type, type) else type(value_or_type)
    return _TYPE_NAMES.get(typ, typ.__name__)


def _matches(value: Any, type_: type | tuple[type, ...]) -> bool:
    types = type_ if isinstance(type_, tuple) else (type_,)
    for t in types:
        # bool is an int to Python but never to a JSON API; an int is a fine float.
        if t is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if t is float and isinstance(value, int | float) and not isinstance(value, bool):
            return not (isinstance(value, float) and not math.isfinite(value))
        if t not in (int, float) and isinstance(value, t):
            return True
    return False


def _expected(type_: type | tuple[type, ...]) -> str:
    types = type_ if isinstance(type_, tuple) else (type_,)
    return " or ".join(_type_name(t) for t in types)


def _check(
    key: str,
    value: Any,
    type_: type | tuple[type, ...],
    items: type | tuple[type, ...] | None,
    choices: Any,
    code: str | None,
) -> Any:
    if not _matches(value, type_):
        raise MockError.of(
            "invalid_field",
            f"'{key}' must be {_expected(type_)}, not {_type_name(value)}.",
            code=code,
            field=key,
        )
    if items is not None and isinstance(value, list):
        for i, item in enumerate(value):
            if not _matches(item, items):
                raise MockError.of(
                    "invalid_field",
                    f"'{key}[{i}]' must be {_expected(items)}, not {_type_name(item)}.",
                    code=code,
                    field=key,
                )
    if choices is not None and value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise MockError.of("invalid_field", f"'{key}' must be one of {allowed}.", code=code, field=key)
    return value


def require(
    body: Mapping[str, Any],
    key: str,
    type_: type | tuple[type, ...],
    *,
    code: str | None = None,
    items: type | tuple[type, ...] | None = None,
    choices: Any = None,
) -> Any:
    """`body[key]`, present, not null and of `type_` (items of `items` for lists)."""
    if key not in body or body[key] is None:
        raise MockError.of("missing_field", f"'{key}' is required.", code=code, field=key)
    return _check(key, body[key], type_, items, choices, code)


def optional(
    body: Mapping[str, Any],
    key: str,
    type_: type | tuple[type, ...],
    default: Any = None,
    *,
    code: str | None = None,
    items: type | tuple[type, ...] | None = None,
    choices: Any = None,
) -> Any:
    """`body[key]` if present and not null (checked like `require`), else `default`."""
    if key not in body or body[key] is None:
        return default
    return _check(key, body[key], type_, items, choices, code)


# --- query strings ----------------------------------------------------------------------


def query_int(
    name: str,
    default: int | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    clamp: bool = False,
    code: str | None = None,
) -> int | None:
    """An integer query parameter. Out of range: clamped when `clamp`, else a 4xx."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw, 10)
    except ValueError:
        raise MockError.of(
            "invalid_query", f"Query parameter '{name}' must be an integer.", code=code, field=name
        ) from None
    if minimum is not None and value < minimum:
        if not clamp:
            raise MockError.of(
                "invalid_query", f"'{name}' must be at least {minimum}.", code=code, field=name
            )
        value = minimum
    if maximum is not None and value > maximum:
        if not clamp:
            raise MockError.of("invalid_query", f"'{name}' must be at most {maximum}.", code=code, field=name)
        value = maximum
    return value


_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def query_bool(name: str, default: bool | None = None, *, code: str | None = None) -> bool | None:
    """A boolean query parameter (`true/false`, `1/0`, `yes/no`)."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise MockError.of(
        "invalid_query", f"Query parameter '{name}' must be true or false.", code=code, field=name
    )
