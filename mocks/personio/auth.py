"""Personio's two credential types and the company a public career-site request is for.

- Recruiting v1: the static "Recruiting API key" as ``Authorization: Bearer <key>`` plus the
  required ``X-Company-ID`` header, which must name the key's company (REC1: a missing or
  wrong one is the same 401 as a wrong key).
- v2: OAuth2 client credentials (``POST /v2/auth/token``) and the access token as Bearer;
  recruiting reads need the scope ``personio:recruiting:read`` (403 without it).
- The XML feed and career pages are public; the company comes from the subdomain
  (``acme.jobs.personio.de``) or, under the vendor prefix, from the path
  (``/personio/jobs/acme/xml``). Company subdomains are credentials of kind ``company``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import g, request

from atsbox.mocks.core.auth import BearerToken
from atsbox.mocks.core.context import ENV_WILDCARD, bind_tenant
from atsbox.mocks.core.oauth import OAuthServer

from .errors import v2_error

RECRUITING_KEY = "recruiting_key"
COMPANY = "company"
READ_SCOPE = "personio:recruiting:read"
SCOPES = (READ_SCOPE,)

# One day, as Personio's auth endpoints and the clients built on them assume (DLT: 86400 s).
OAUTH = OAuthServer("personio", access_ttl=timedelta(days=1), token_length=64)


class RecruitingKey(BearerToken):
    """The v1 Recruiting API key; the company header must match the key's company."""

    description = "Recruiting API key"

    def check(self, secret: str, tenant: str, meta: dict[str, Any]) -> None:
        header = request.headers.get("X-Company-ID", "").strip()
        if not header or header != str(meta.get("company_id")):
            raise self.invalid_error("The API token and/or company id was not recognized.")


RECRUITING_AUTH = RecruitingKey(RECRUITING_KEY)
V2_AUTH = OAUTH.bearer()


def require_read_scope() -> None:
    scopes = str(g.credential_meta.get("scope", "")).split()
    if READ_SCOPE not in scopes:
        raise v2_error(403, "common.forbidden", f"The access token lacks the scope '{READ_SCOPE}'.")


def bind_company(path_company: str | None) -> bool:
    """Bind the tenant of the company the request names; False when there is none."""
    company = path_company or request.environ.get(ENV_WILDCARD)
    if not company:
        return False
    found = g.store.resolve_credential(g.vendor.name, COMPANY, company.lower())
    if found is None:
        return False
    tenant, meta = found
    bind_tenant(tenant, meta)
    return True
