"""The unified errors every connector raises, each carrying a Kombo error code.

Callers branch on ``error.code`` the way Kombo tells its clients to (kombo.md §5.1: never on
the message or the HTTP status). The codes are the ATS codes of kombo.md §5.2; which code an
error carries:

| error | code |
|---|---|
| ``NotAvailable`` (a model) | ``INTEGRATION.MODEL_NOT_AVAILABLE`` |
| ``NotAvailable`` (an action) | ``INTEGRATION.ACTION_NOT_AVAILABLE`` |
| ``UnknownVendor`` | ``PLATFORM.INTEGRATION_NOT_FOUND`` |
| ``InvalidInput`` | ``PLATFORM.INPUT_INVALID`` |
| ``RemoteError`` | by upstream status: 400/409/422 ``REMOTE.INPUT_INVALID``; 502/503/504 ``REMOTE.SERVICE_UNAVAILABLE``; otherwise ``REMOTE.UNKNOWN_HTTP_ERROR`` (a connector may pass a more precise code, e.g. ``ATS.JOB_CLOSED``) |
| ``AuthError`` | 401 ``INTEGRATION.AUTHENTICATION_INVALID``; 403 ``INTEGRATION.PERMISSION_MISSING`` |
| ``RateLimited`` | ``REMOTE.RATE_LIMIT_EXCEEDED`` |

``MODEL_NOT_AVAILABLE`` / ``ACTION_NOT_AVAILABLE`` are the exact §5.2 codes for "the tool
has no such model / action"; there is no ``PLATFORM.INTEGRATION_NOT_SUPPORTED`` code in §5.2.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

ErrorCode = Literal[
    "PLATFORM.RATE_LIMIT_EXCEEDED",
    "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED",
    "PLATFORM.INTEGRATION_NOT_FOUND",
    "PLATFORM.INPUT_INVALID",
    "PLATFORM.UNKNOWN_ERROR",
    "PLATFORM.IP_NOT_WHITELISTED",
    "PLATFORM.AUTHENTICATION_INVALID",
    "PLATFORM.TASK_TIMED_OUT",
    "INTEGRATION.PERMISSION_MISSING",
    "INTEGRATION.AUTHENTICATION_INVALID",
    "INTEGRATION.QA_FAILED",
    "INTEGRATION.SETUP_SYNC_PENDING",
    "INTEGRATION.SETUP_INCOMPLETE",
    "INTEGRATION.INACTIVE",
    "INTEGRATION.MODEL_NOT_AVAILABLE",
    "INTEGRATION.MODEL_DISABLED",
    "INTEGRATION.ACTION_NOT_AVAILABLE",
    "INTEGRATION.ACTION_DISABLED",
    "REMOTE.SERVICE_UNAVAILABLE",
    "REMOTE.RATE_LIMIT_EXCEEDED",
    "REMOTE.INPUT_INVALID",
    "REMOTE.UNKNOWN_HTTP_ERROR",
    "ATS.JOB_CLOSED",
    "ATS.APPLICATION_ALREADY_EXISTS",
]
ERROR_CODES: frozenset[str] = frozenset(get_args(ErrorCode))


class ConnectorError(Exception):
    """Base of every unified error. ``code`` is one of ``ERROR_CODES``."""

    default_code: str = "PLATFORM.UNKNOWN_ERROR"
    title: str = "An unexpected error occurred."

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        if self.code not in ERROR_CODES:
            # Kombo's SDKs reject unknown codes, so an invented one is a bug worth failing on.
            raise ValueError(f"not a Kombo ATS error code: {self.code!r}")

    def to_envelope(self) -> dict[str, Any]:
        """The Kombo error envelope (kombo.md §5.1) for this error."""
        return {
            "status": "error",
            "error": {"code": self.code, "title": self.title, "message": self.message, "log_url": None},
        }


class UnknownVendor(ConnectorError, KeyError):
    """No connector is registered under this vendor name."""

    default_code = "PLATFORM.INTEGRATION_NOT_FOUND"
    title = "The integration could not be found."

    def __init__(self, vendor: str, known: list[str] | None = None) -> None:
        self.vendor = vendor
        hint = f" (known: {', '.join(sorted(known))})" if known else ""
        super().__init__(f"no connector for vendor {vendor!r}{hint}")

    __str__ = Exception.__str__  # KeyError would quote the message


class NotAvailable(ConnectorError):
    """The vendor's coverage page does not list this model or action.

    ``kind`` is inferred from ``what`` (a unified model key means a model) unless given.
    """

    def __init__(self, vendor: str, what: str, *, kind: Literal["model", "action"] | None = None) -> None:
        if kind is None:
            from .unified import MODELS  # imported late: unified imports this module

            kind = "model" if what in MODELS else "action"
        self.vendor = vendor
        self.what = what
        self.kind = kind
        if kind == "model":
            code, self.title = (
                "INTEGRATION.MODEL_NOT_AVAILABLE",
                "This data model isn't supported for the selected integration.",
            )
        else:
            code, self.title = (
                "INTEGRATION.ACTION_NOT_AVAILABLE",
                "This action isn't supported for the selected integration.",
            )
        super().__init__(f"{what} is not available for {vendor}", code=code)


class InvalidInput(ConnectorError, ValueError):
    """The caller's input failed validation (a ValueError too, so pydantic wraps it when
    raised inside a validator).

    ``field`` is the dotted path of the offending input (``attachments.0.data``) when known;
    ``errors`` holds every problem as ``{"field", "message"}`` dicts.
    """

    default_code = "PLATFORM.INPUT_INVALID"
    title = "The input is invalid."

    def __init__(
        self, message: str, field: str | None = None, *, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.errors = errors if errors is not None else [{"field": field, "message": message}]

    @classmethod
    def from_validation(cls, exc: Any) -> InvalidInput:
        """Convert a pydantic ``ValidationError`` (the first problem becomes the message)."""
        problems = [
            {
                "field": ".".join(str(part) for part in err["loc"]) or None,
                "message": err["msg"].removeprefix("Value error, "),
            }
            for err in exc.errors(include_url=False)
        ]
        first = problems[0] if problems else {"field": None, "message": str(exc)}
        return cls(first["message"], first["field"], errors=problems)


class RemoteError(ConnectorError):
    """The vendor answered with an error status. ``body`` is the parsed JSON when the body was
    JSON, else its text."""

    title = "The remote system returned an error."

    def __init__(
        self, status: int, body: Any = None, message: str | None = None, *, code: str | None = None
    ) -> None:
        self.status = status
        self.body = body
        super().__init__(message or f"remote answered HTTP {status}", code=code or self.code_for(status))

    @staticmethod
    def code_for(status: int) -> str:
        if status in (400, 409, 422):
            return "REMOTE.INPUT_INVALID"
        if status in (502, 503, 504):
            return "REMOTE.SERVICE_UNAVAILABLE"
        if status == 429:
            return "REMOTE.RATE_LIMIT_EXCEEDED"
        return "REMOTE.UNKNOWN_HTTP_ERROR"


class AuthError(RemoteError):
    """The vendor refused the credentials (401) or their permissions (403)."""

    title = "The integration's credentials were refused."

    def __init__(
        self, status: int = 401, body: Any = None, message: str | None = None, *, code: str | None = None
    ) -> None:
        if code is None:
            code = "INTEGRATION.PERMISSION_MISSING" if status == 403 else "INTEGRATION.AUTHENTICATION_INVALID"
        super().__init__(
            status, body, message or f"remote refused the credentials (HTTP {status})", code=code
        )


class RateLimited(RemoteError):
    """The vendor kept answering 429 after the transport's retries. ``retry_after`` is the last
    wait the vendor asked for, in seconds (None when it gave none)."""

    title = "The remote system's rate limit was exceeded."

    def __init__(
        self,
        retry_after: float | None = None,
        *,
        status: int = 429,
        body: Any = None,
        message: str | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            status, body, message or "remote rate limit exceeded", code="REMOTE.RATE_LIMIT_EXCEEDED"
        )
