"""Factorial's OAuth2 authorization-code flow on the core's OAuthServer.

Endpoints (reference §1 "Authentication"):

- `GET /oauth/authorize?client_id&redirect_uri&response_type=code[&scope][&state]
  [&resource_owner_type=company]` approves at once (a sandbox has no login or consent
  page) and redirects to `redirect_uri?code=...&state=...`. Who approves: the sandbox's
  first admin employee, or the employee named by the sandbox-only parameter `login_as`
  (an employee id); `resource_owner_type=company` approves for the whole company.
- `POST /oauth/token` (form-encoded or JSON) exchanges a code or a refresh token for
  `{access_token, token_type, expires_in: 7200, refresh_token, scope, created_at}`. Access
  tokens live 2 hours (the documented `expires_in`), refresh tokens a week; a refresh
  revokes the old pair. Company tokens never expire (no `expires_in`). Issuing a user a
  new token revokes that user's previous ones for the app ("only one OAuth2 token").
- `POST /oauth/revoke` (RFC 7009) revokes an access or refresh token.

A token acts for its user: an admin sees everything, anyone else only the candidates and
applications of the job postings they are hiring manager of, and no salaries (what the
reference says about non-admin OAuth users). Scopes: `read`/`write` cover every resource
(the documented token's "read write"), `ats` reads and writes the ATS resources.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, g, redirect, request

from atsbox.mocks.core import MockError, OAuthServer, bind_tenant, public
from atsbox.mocks.core.oauth import ACCESS, CODE, REFRESH, OAuthBearer, OAuthError

from . import render

VENDOR = "factorial"
ACCESS_TTL = timedelta(seconds=7200)
REFRESH_TTL = timedelta(days=7)
DEFAULT_SCOPE = "read write"
SCOPES = ("read", "write", "ats", "employees", "time_tracking", "project_management", "documents", "payroll")
COMPANY = "company"

OAUTH = OAuthServer(VENDOR, access_ttl=ACCESS_TTL, refresh_ttl=REFRESH_TTL, token_length=64)


def owner_of(meta: dict[str, Any]) -> str | None:
    """ "employee:<id>" or "company" for a token's meta, None for an API key."""
    return meta.get("user")


def _first_admin(tenant: str) -> int | None:
    employees = g.store.list(tenant, VENDOR, render.EMPLOYEE)
    admins = [e for e in employees if e.doc.get("_admin")]
    chosen = admins[0] if admins else (employees[0] if employees else None)
    return None if chosen is None else chosen.doc["id"]


def _approver(tenant: str) -> str:
    if request.args.get("resource_owner_type") == COMPANY:
        return COMPANY
    login_as = request.args.get("login_as")
    if login_as:
        if g.store.get(tenant, VENDOR, render.EMPLOYEE, login_as) is None:
            raise OAuthError("invalid_request", f"login_as: no employee {login_as}.")
        return f"employee:{login_as}"
    admin = _first_admin(tenant)
    if admin is None:
        raise OAuthError("access_denied", "The sandbox has no employee who could approve the app.")
    return f"employee:{admin}"


def _form() -> dict[str, str]:
    if request.mimetype == "application/json":
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise OAuthError("invalid_request", "The request body must be a JSON object or a form.")
        return {str(k): str(v) for k, v in body.items() if v is not None}
    return {k: v for k, v in request.form.items()}


def _holder(kind: str, secret: str) -> str | None:
    found = g.store.resolve_credential(VENDOR, kind, secret) if secret else None
    return None if found is None else found[1].get("user")


def _client_of(token: str) -> str | None:
    for kind in (ACCESS, REFRESH):
        found = g.store.resolve_credential(VENDOR, kind, token)
        if found is not None:
            return found[1].get("client_id")
    return None


def _tag(kind: str, secret: str, user: str, *, expires: bool = True) -> None:
    found = g.store.resolve_credential(VENDOR, kind, secret)
    if found is None:
        return
    tenant, meta = found
    meta = {**meta, "user": user}
    if not expires:
        meta["expires_at"] = None
    g.store.add_credential(VENDOR, kind, secret, tenant, meta)


def _revoke_others(tenant: str, client_id: str, user: str, keep: str) -> None:
    for row in g.store.credentials_of(tenant):
        meta = row["meta"]
        if (
            row["vendor"] == VENDOR
            and row["kind"] == ACCESS
            and row["secret"] != keep
            and meta.get("client_id") == client_id
            and meta.get("user") == user
        ):
            OAUTH.revoke(row["secret"])
            if meta.get("refresh"):
                OAUTH.revoke(meta["refresh"])


def blueprint_routes(bp: Blueprint) -> None:
    @bp.get("/oauth/authorize")
    @public
    def authorize() -> Any:
        args = request.args.to_dict()
        args.setdefault("scope", DEFAULT_SCOPE)
        client = g.store.resolve_credential(VENDOR, "oauth_client", args.get("client_id", ""))
        # Unknown clients are refused by the server below without a redirect.
        user = _approver(client[0]) if client is not None else None
        return redirect(OAUTH.authorize_request(args, user=user), code=302)

    @bp.post("/oauth/token")
    @public
    def token() -> Any:
        form = _form()
        grant_type = form.get("grant_type")
        user = None
        if grant_type == "authorization_code":
            user = _holder(CODE, form.get("code", ""))
        elif grant_type == "refresh_token":
            user = _holder(REFRESH, form.get("refresh_token", ""))
        grant = OAUTH.token_request(form)
        company = user == COMPANY
        if user is not None:
            _tag(ACCESS, grant.access_token, user, expires=not company)
            if grant.refresh_token:
                _tag(REFRESH, grant.refresh_token, user, expires=not company)
            if grant_type == "authorization_code":
                _revoke_others(grant.tenant, grant.client_id, user, grant.access_token)
        body = grant.as_dict(created_at=True)
        if company:
            body.pop("expires_in", None)
        return body

    @bp.post("/oauth/revoke")
    @public
    def revoke() -> Any:
        # RFC 7009: the client authenticates; an unknown token (or another client's) is
        # answered 200 all the same, so a revocation reveals nothing.
        form = _form()
        tenant, _ = OAUTH.authenticate_client(form.get("client_id", ""), form.get("client_secret", ""))
        bind_tenant(tenant, {"client_id": form.get("client_id")})
        token_value = form.get("token", "")
        if not token_value:
            raise OAuthError("invalid_request", "token is required.")
        if _client_of(token_value) == form.get("client_id"):
            OAUTH.revoke(token_value)
        return {}


def oauth_client_meta(redirect_uri: str) -> dict[str, Any]:
    return {"redirect_uris": [redirect_uri], "scopes": list(SCOPES)}


class ScopedBearer(OAuthBearer):
    """A live access token whose scopes cover the request: `read`, `write` or `ats` for
    reads, `write` or `ats` for writes; otherwise 403."""

    def check(self, secret: str, tenant: str, meta: dict[str, Any]) -> None:
        super().check(secret, tenant, meta)
        granted = set((meta.get("scope") or "").split())
        needed = {"read", "write", "ats"} if request.method in ("GET", "HEAD") else {"write", "ats"}
        if not granted & needed:
            raise MockError.of("forbidden", "The access token's scope does not cover this request.")


BEARER = ScopedBearer(OAUTH)
