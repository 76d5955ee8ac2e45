"""OAuth2 machinery: client credentials, authorization code, refresh, expiry and revocation.

Vendors wire their own endpoint paths and response shapes around one `OAuthServer`:

    OAUTH = OAuthServer("personio", access_ttl=timedelta(days=1))

    @bp.post("/v2/auth/token")
    @public
    def token():
        return OAUTH.token_request().as_dict()       # form-encoded, binds the tenant

    auth = OAUTH.bearer()                            # the scheme for protected routes

Tokens, refresh tokens and authorization codes are credentials in the store (kinds
"oauth_access", "oauth_refresh", "oauth_code"): the token is the secret, the tenant is the
sandbox, and the meta holds the client, scope and expiry. So every server process sees the
same tokens, revocation is removing the credential, and a code is single-use because
exchanging it removes it. Expiry is measured on the tenant's sandbox clock: a test freezes
the clock, gets a token, advances the clock past `access_ttl` and sees the token refused.

Token strings are derived from a per-tenant counter (no randomness), so a scripted sandbox
session gives the same tokens every run.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import g, request

from .auth import AuthScheme, BearerToken
from .context import bind_tenant, clock_for
from .errors import MockError
from .vendor import Credential, derive_secret

CLIENT = "oauth_client"
ACCESS = "oauth_access"
REFRESH = "oauth_refresh"
CODE = "oauth_code"

# RFC 6749 §5.2: invalid_client is a 401, every other token-endpoint error a 400.
_STATUS = {"invalid_client": 401}


class OAuthError(MockError):
    """An RFC 6749 error; kind "oauth_<error>" lets a vendor re-label it."""

    def __init__(self, error: str, description: str, *, status: int | None = None) -> None:
        super().__init__(
            status or _STATUS.get(error, 400),
            error,
            description,
            kind=f"oauth_{error}",
            error=error,
            error_description=description,
        )


@dataclass(frozen=True)
class TokenGrant:
    tenant: str
    client_id: str
    access_token: str
    scope: str
    created_at: datetime
    expires_in: int | None
    refresh_token: str | None = None
    token_type: str = "Bearer"

    def as_dict(self, *, created_at: bool = False) -> dict[str, Any]:
        """The standard token response; `created_at` adds epoch seconds (Factorial)."""
        body: dict[str, Any] = {
            "access_token": self.access_token,
            "token_type": self.token_type,
            "scope": self.scope,
        }
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        if self.refresh_token is not None:
            body["refresh_token"] = self.refresh_token
        if created_at:
            body["created_at"] = int(self.created_at.timestamp())
        return body


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat(timespec="milliseconds")


def _expired(meta: Mapping[str, Any], now: datetime) -> bool:
    expires = meta.get("expires_at")
    return expires is not None and datetime.fromisoformat(expires) <= now


def _scopes(text: str | None) -> list[str]:
    return [s for s in (text or "").replace(",", " ").split() if s]


class OAuthServer:
    """The token logic of one vendor; routes and response shapes stay in the vendor."""

    def __init__(
        self,
        vendor: str,
        *,
        access_ttl: timedelta | None = timedelta(hours=1),
        refresh_ttl: timedelta | None = timedelta(days=7),
        code_ttl: timedelta = timedelta(minutes=10),
        refresh_for_client_credentials: bool = False,
        rotate_refresh: bool = True,
        token_length: int = 64,
        token_prefix: str = "",
    ) -> None:
        self.vendor = vendor
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.code_ttl = code_ttl
        self.refresh_for_client_credentials = refresh_for_client_credentials
        self.rotate_refresh = rotate_refresh
        self.token_length = token_length
        self.token_prefix = token_prefix

    # --- clients ------------------------------------------------------------------------

    def client(
        self,
        client_id: str,
        client_secret: str,
        *,
        redirect_uris: Iterable[str] = (),
        scopes: Iterable[str] = (),
        grant_types: Iterable[str] = ("client_credentials", "authorization_code", "refresh_token"),
        **meta: Any,
    ) -> Credential:
        """The Credential registering an OAuth client (return it from default_credentials)."""
        return Credential(
            CLIENT,
            client_id,
            {
                "client_secret": client_secret,
                "redirect_uris": list(redirect_uris),
                "scopes": list(scopes),
                "grant_types": list(grant_types),
                **meta,
            },
            display={"client_id": client_id, "client_secret": client_secret},
        )

    def register_client(self, store: Any, tenant: str, credential: Credential) -> None:
        store.add_credential(self.vendor, CLIENT, credential.secret, tenant, dict(credential.meta))

    def _client_auth(self, form: Mapping[str, str]) -> tuple[str, str]:
        """(client_id, client_secret) from HTTP Basic or the form (RFC 6749 §2.3.1)."""
        header = request.headers.get("Authorization", "")
        if header[:6].lower() == "basic ":
            try:
                user, _, password = (
                    base64.b64decode(header[6:].strip(), validate=True).decode().partition(":")
                )
            except (binascii.Error, UnicodeDecodeError):
                raise OAuthError("invalid_client", "The Basic authorization header cannot be read.") from None
            return user, password
        return form.get("client_id", ""), form.get("client_secret", "")

    def authenticate_client(self, client_id: str, client_secret: str | None) -> tuple[str, dict[str, Any]]:
        """(tenant, client meta); `client_secret=None` skips the secret (the authorize step)."""
        if not client_id:
            raise OAuthError("invalid_client", "client_id is required.")
        found = g.store.resolve_credential(self.vendor, CLIENT, client_id)
        if found is None or (client_secret is not None and client_secret != found[1].get("client_secret")):
            raise OAuthError("invalid_client", "Unknown client or wrong client secret.")
        return found

    # --- tokens -------------------------------------------------------------------------

    def _new_secret(self, tenant: str, kind: str) -> str:
        n = g.store.next_int(tenant, self.vendor, "_oauth")
        return derive_secret(self.vendor, tenant, kind, n, length=self.token_length, prefix=self.token_prefix)

    def _issue(self, tenant: str, client_id: str, scope: str, *, refresh: bool) -> TokenGrant:
        now = clock_for(g.store, tenant).now()
        access = self._new_secret(tenant, ACCESS)
        refresh_token = self._new_secret(tenant, REFRESH) if refresh else None
        expires = now + self.access_ttl if self.access_ttl is not None else None
        meta = {
            "client_id": client_id,
            "scope": scope,
            "issued_at": _iso(now),
            "expires_at": _iso(expires),
            "refresh": refresh_token,
        }
        g.store.add_credential(self.vendor, ACCESS, access, tenant, meta)
        if refresh_token is not None:
            refresh_expires = now + self.refresh_ttl if self.refresh_ttl is not None else None
            g.store.add_credential(
                self.vendor,
                REFRESH,
                refresh_token,
                tenant,
                {
                    "client_id": client_id,
                    "scope": scope,
                    "issued_at": _iso(now),
                    "expires_at": _iso(refresh_expires),
                },
            )
        return TokenGrant(
            tenant=tenant,
            client_id=client_id,
            access_token=access,
            scope=scope,
            created_at=now,
            expires_in=int(self.access_ttl.total_seconds()) if self.access_ttl is not None else None,
            refresh_token=refresh_token,
        )

    def _granted_scope(self, requested: str | None, allowed: Iterable[str], fallback: str) -> str:
        allowed = list(allowed)
        wanted = _scopes(requested)
        if not wanted:
            return fallback
        extra = [s for s in wanted if allowed and s not in allowed]
        if extra:
            raise OAuthError("invalid_scope", f"Scope not allowed for this client: {' '.join(extra)}.")
        return " ".join(wanted)

    def token_request(self, form: Mapping[str, str] | None = None) -> TokenGrant:
        """Handle a token-endpoint POST (form-encoded) for any supported grant type.

        Binds the tenant of the client, so the request is journaled under the sandbox.
        """
        if form is None:
            if request.mimetype != "application/x-www-form-urlencoded":
                raise OAuthError(
                    "invalid_request", "The token request must be application/x-www-form-urlencoded."
                )
            form = request.form
        grant_type = form.get("grant_type", "")
        client_id, client_secret = self._client_auth(form)
        tenant, client = self.authenticate_client(client_id, client_secret)
        bind_tenant(tenant, {"client_id": client_id})
        if not grant_type:
            raise OAuthError("invalid_request", "grant_type is required.")
        if grant_type not in ("client_credentials", "authorization_code", "refresh_token"):
            raise OAuthError("unsupported_grant_type", f"Unsupported grant_type '{grant_type}'.")
        if grant_type not in client.get("grant_types", [grant_type]):
            raise OAuthError("unauthorized_client", f"This client may not use grant_type '{grant_type}'.")
        if grant_type == "client_credentials":
            scope = self._granted_scope(
                form.get("scope"), client.get("scopes", []), " ".join(client.get("scopes", []))
            )
            return self._issue(tenant, client_id, scope, refresh=self.refresh_for_client_credentials)
        if grant_type == "authorization_code":
            return self._exchange_code(tenant, client_id, form)
        return self._refresh(tenant, client_id, form)

    def _exchange_code(self, tenant: str, client_id: str, form: Mapping[str, str]) -> TokenGrant:
        code = form.get("code", "")
        if not code:
            raise OAuthError("invalid_request", "code is required.")
        found = g.store.resolve_credential(self.vendor, CODE, code)
        now = clock_for(g.store, tenant).now()
        if found is None or found[0] != tenant or found[1]["client_id"] != client_id:
            raise OAuthError("invalid_grant", "The authorization code is invalid or was already used.")
        meta = found[1]
        # Single use, even when the exchange fails below (RFC 6749 §4.1.2).
        g.store.remove_credential(self.vendor, CODE, code)
        if _expired(meta, now):
            raise OAuthError("invalid_grant", "The authorization code has expired.")
        if (
            meta.get("redirect_uri")
            and form.get("redirect_uri", meta["redirect_uri"]) != meta["redirect_uri"]
        ):
            raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request.")
        return self._issue(tenant, client_id, meta["scope"], refresh=True)

    def _refresh(self, tenant: str, client_id: str, form: Mapping[str, str]) -> TokenGrant:
        token = form.get("refresh_token", "")
        if not token:
            raise OAuthError("invalid_request", "refresh_token is required.")
        found = g.store.resolve_credential(self.vendor, REFRESH, token)
        if found is None or found[0] != tenant or found[1]["client_id"] != client_id:
            raise OAuthError("invalid_grant", "The refresh token is invalid or was revoked.")
        meta = found[1]
        if _expired(meta, clock_for(g.store, tenant).now()):
            raise OAuthError("invalid_grant", "The refresh token has expired.")
        scope = self._granted_scope(form.get("scope"), _scopes(meta["scope"]), meta["scope"])
        if self.rotate_refresh:
            self._revoke_refresh(tenant, token)
        return self._issue(tenant, client_id, scope, refresh=True)

    # --- authorization code -------------------------------------------------------------

    def authorize_request(self, args: Mapping[str, str] | None = None, *, user: str | None = None) -> str:
        """Handle GET /authorize: approve at once (a sandbox has no consent screen) and
        return the redirect URL carrying `code` and `state`.

        Problems with the client or redirect_uri raise OAuthError (answer them, never
        redirect to an unchecked URI); a bad response_type redirects with `error`.
        """
        args = request.args if args is None else args
        client_id = args.get("client_id", "")
        tenant, client = self.authenticate_client(client_id, None)
        bind_tenant(tenant, {"client_id": client_id})
        registered = client.get("redirect_uris", [])
        redirect_uri = args.get("redirect_uri") or (registered[0] if len(registered) == 1 else "")
        if not redirect_uri or (registered and redirect_uri not in registered):
            raise OAuthError("invalid_request", "redirect_uri is missing or not registered for this client.")
        state = args.get("state")
        if args.get("response_type") != "code":
            return _with_query(redirect_uri, error="unsupported_response_type", state=state)
        if "authorization_code" not in client.get("grant_types", ["authorization_code"]):
            return _with_query(redirect_uri, error="unauthorized_client", state=state)
        try:
            scope = self._granted_scope(
                args.get("scope"), client.get("scopes", []), " ".join(client.get("scopes", []))
            )
        except OAuthError:
            return _with_query(redirect_uri, error="invalid_scope", state=state)
        now = clock_for(g.store, tenant).now()
        code = self._new_secret(tenant, CODE)
        g.store.add_credential(
            self.vendor,
            CODE,
            code,
            tenant,
            {
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": scope,
                "user": user or args.get("user"),
                "expires_at": _iso(now + self.code_ttl),
            },
        )
        return _with_query(redirect_uri, code=code, state=state)

    # --- revocation and introspection ---------------------------------------------------

    def _revoke_refresh(self, tenant: str, refresh_token: str) -> None:
        g.store.remove_credential(self.vendor, REFRESH, refresh_token)
        for row in g.store.credentials_of(tenant):
            if (
                row["vendor"] == self.vendor
                and row["kind"] == ACCESS
                and row["meta"].get("refresh") == refresh_token
            ):
                g.store.remove_credential(self.vendor, ACCESS, row["secret"])

    def revoke(self, token: str) -> bool:
        """Revoke an access or refresh token (a refresh token takes its access tokens
        along). False when it was unknown, which RFC 7009 still answers with 200."""
        found = g.store.resolve_credential(self.vendor, ACCESS, token)
        if found is not None:
            return g.store.remove_credential(self.vendor, ACCESS, token)
        found = g.store.resolve_credential(self.vendor, REFRESH, token)
        if found is not None:
            self._revoke_refresh(found[0], token)
            return True
        return False

    def revoke_request(self, form: Mapping[str, str] | None = None) -> bool:
        form = request.form if form is None else form
        token = form.get("token", "")
        if not token:
            raise OAuthError("invalid_request", "token is required.")
        return self.revoke(token)

    def introspect(self, token: str) -> dict[str, Any] | None:
        """The live access token's meta plus its tenant, or None (unknown, revoked, expired)."""
        found = g.store.resolve_credential(self.vendor, ACCESS, token)
        if found is None:
            return None
        tenant, meta = found
        if _expired(meta, clock_for(g.store, tenant).now()):
            return None
        return {**meta, "tenant": tenant, "active": True}

    def bearer(self, **kwargs: Any) -> AuthScheme:
        """An auth scheme accepting this server's live access tokens as `Bearer`."""
        return OAuthBearer(self, **kwargs)


class OAuthBearer(BearerToken):
    description = "OAuth access token"

    def __init__(self, server: OAuthServer, **kwargs: Any) -> None:
        super().__init__(ACCESS, **kwargs)
        self.server = server

    def check(self, secret: str, tenant: str, meta: dict[str, Any]) -> None:
        if _expired(meta, clock_for(g.store, tenant).now()):
            raise self.invalid_error("The access token has expired.")


def _with_query(url: str, **params: str | None) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query.extend((k, v) for k, v in params.items() if v is not None)
    return urlunsplit(parts._replace(query=urlencode(query)))
