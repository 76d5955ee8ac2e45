"""Auth schemes: find the client's secret in the request and resolve it to a sandbox.

Each scheme resolves a secret with `store.resolve_credential(vendor, kind, secret)` and
binds the tenant (g.tenant, g.credential_meta, g.clock). A vendor sets its default scheme
as the class attribute `auth`, and overrides it per route:

    class Ashby(VendorMock):
        auth = basic_api_key(invalid=(403, "invalid_api_key"))

    class Flatchr(VendorMock):
        auth = any_of(bearer_token("api_key"), query_token("token", "api_key"))

    @bp.post("/v2/auth/token")
    @public                       # no auth: the route binds the tenant itself
    def token(): ...

    @bp.get("/v1/secret")
    @uses_auth(bearer_token("recruiting_key"))
    def secret(): ...

No secret: MockError kind "missing_credentials"; an unknown or malformed one: kind
"invalid_credentials". The status and code are the core's defaults (401), re-labelled by the
vendor's `error_codes`, or given right here as `missing=(status, code)` / `invalid=(...)`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request

from .context import bind_tenant
from .errors import MockError
from .faults import FAULTS_KEY

F = TypeVar("F", bound=Callable[..., Any])
AUTH_ATTR = "_atsbox_auth"
ErrorSpec = tuple[int | None, str | None] | None


class _Malformed:
    """A credential was sent but cannot be read (bad base64, empty key)."""


MALFORMED = _Malformed()


def _auth_error(kind: str, message: str, spec: ErrorSpec) -> MockError:
    status, code = spec if spec is not None else (None, None)
    return MockError.of(kind, message, status=status, code=code)


class AuthScheme:
    """Base class: subclasses say where the secret is (`extract`)."""

    description = "credentials"

    def __init__(
        self,
        kind: str,
        *,
        missing: ErrorSpec = None,
        invalid: ErrorSpec = None,
        missing_message: str | None = None,
        invalid_message: str | None = None,
    ) -> None:
        self.kind = kind
        self.missing = missing
        self.invalid = invalid
        self.missing_message = missing_message or f"Missing {self.description}."
        self.invalid_message = invalid_message or f"Invalid {self.description}."

    def extract(self) -> str | _Malformed | None:
        """The secret, MALFORMED if one was sent unreadably, None if none was sent."""
        raise NotImplementedError

    def check(self, secret: str, tenant: str, meta: dict[str, Any]) -> None:
        """Further checks once resolved (expiry, revocation); raise to refuse."""

    def missing_error(self) -> MockError:
        return _auth_error("missing_credentials", self.missing_message, self.missing)

    def invalid_error(self, message: str | None = None) -> MockError:
        return _auth_error("invalid_credentials", message or self.invalid_message, self.invalid)

    def authenticate(self, secret: str | _Malformed | None) -> tuple[str, dict[str, Any]]:
        if secret is None:
            raise self.missing_error()
        if isinstance(secret, _Malformed) or not secret:
            raise self.invalid_error()
        # One query for the credential, its sandbox's row and change sequence and the fault
        # rules: the next steps of the request would otherwise ask for each in turn.
        found = g.store.resolve_request(g.vendor.name, self.kind, secret, FAULTS_KEY)
        if found is None:
            raise self.invalid_error()
        tenant, meta = found.tenant, found.meta
        self.check(secret, tenant, meta)
        bind_tenant(tenant, meta, binding=found)
        g.credential_kind = self.kind
        g.credential_secret = secret
        return tenant, meta

    def __call__(self) -> tuple[str, dict[str, Any]]:
        """Authenticate the current request: binds and returns (tenant, meta) or raises."""
        return self.authenticate(self.extract())


def _authorization(scheme: str) -> str | _Malformed | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    name, _, value = header.strip().partition(" ")
    if name.lower() != scheme.lower():
        return None
    return value.strip() or MALFORMED


class BasicApiKey(AuthScheme):
    """HTTP Basic with the key as the username; the password is ignored (Ashby)."""

    description = "API key (HTTP Basic username)"

    def extract(self) -> str | _Malformed | None:
        value = _authorization("Basic")
        if not isinstance(value, str):
            return value
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return MALFORMED
        username = decoded.partition(":")[0]
        return username or MALFORMED


class BearerToken(AuthScheme):
    description = "bearer token"

    def extract(self) -> str | _Malformed | None:
        return _authorization("Bearer")


class ApiKeyHeader(AuthScheme):
    def __init__(self, header: str, kind: str, **kwargs: Any) -> None:
        self.header = header
        self.description = f"API key ({header} header)"
        super().__init__(kind, **kwargs)

    def extract(self) -> str | _Malformed | None:
        value = request.headers.get(self.header)
        if value is None:
            return None
        return value.strip() or MALFORMED


class QueryToken(AuthScheme):
    def __init__(self, param: str, kind: str, **kwargs: Any) -> None:
        self.param = param
        self.description = f"token (query parameter '{param}')"
        super().__init__(kind, **kwargs)

    def extract(self) -> str | _Malformed | None:
        value = request.args.get(self.param)
        if value is None:
            return None
        return value.strip() or MALFORMED


class AnyOf(AuthScheme):
    """The first scheme whose secret is present decides; none present: missing.

    Order expresses precedence (Factorial: the API key wins over a bearer token).
    """

    def __init__(
        self, *schemes: AuthScheme, missing: ErrorSpec = None, missing_message: str | None = None
    ) -> None:
        if not schemes:
            raise ValueError("any_of needs at least one scheme")
        self.schemes = schemes
        self.description = " or ".join(s.description for s in schemes)
        super().__init__(
            schemes[0].kind, missing=missing or schemes[0].missing, missing_message=missing_message
        )

    def __call__(self) -> tuple[str, dict[str, Any]]:
        for scheme in self.schemes:
            secret = scheme.extract()
            if secret is not None:
                return scheme.authenticate(secret)
        raise self.missing_error()


def basic_api_key(kind: str = "api_key", **kwargs: Any) -> AuthScheme:
    return BasicApiKey(kind, **kwargs)


def bearer_token(kind: str, **kwargs: Any) -> AuthScheme:
    return BearerToken(kind, **kwargs)


def api_key_header(header: str, kind: str, **kwargs: Any) -> AuthScheme:
    return ApiKeyHeader(header, kind, **kwargs)


def query_token(param: str, kind: str, **kwargs: Any) -> AuthScheme:
    return QueryToken(param, kind, **kwargs)


def any_of(*schemes: AuthScheme, **kwargs: Any) -> AuthScheme:
    return AnyOf(*schemes, **kwargs)


def uses_auth(scheme: AuthScheme | None) -> Callable[[F], F]:
    """Route decorator: authenticate this route with `scheme` instead of the vendor's."""

    def mark(view: F) -> F:
        setattr(view, AUTH_ATTR, scheme)
        return view

    return mark


def public(view: F) -> F:
    """Route decorator: no auth before the route (it may bind a tenant itself)."""
    setattr(view, AUTH_ATTR, None)
    return view


def require_permission(
    permission: str, *, status: int | None = None, code: str | None = None, message: str | None = None
) -> None:
    """403 (kind "forbidden") unless the credential's meta lists `permission`.

    Credentials without a "permissions" list in their meta may do everything.
    """
    granted = g.get("credential_meta", {}).get("permissions")
    if granted is None or permission in granted:
        return
    raise MockError.of(
        "forbidden",
        message or f"The credential lacks the permission '{permission}'.",
        status=status,
        code=code,
        permission=permission,
    )
