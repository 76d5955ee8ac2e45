"""The Personio mock: the public career site (XML feed, job and apply pages) on
``{company}.jobs.personio.de``, the write-only Recruiting API v1 and the read-only
Recruiting API v2 with its OAuth token endpoint on ``api.personio.de``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from atsbox.fixtures import World
from atsbox.mocks.core.registry import register
from atsbox.mocks.core.vendor import Credential, RenderContext, VendorMock, derive_secret

from . import errors, ids, limits, render
from .auth import COMPANY, OAUTH, RECRUITING_KEY, SCOPES


@register
class PersonioMock(VendorMock):
    name = "personio"
    title = "Personio"
    hosts = ("api.personio.de", "*.jobs.personio.de", "*.jobs.personio.com")
    error_format = "application/json"
    rate_limits = limits.BUCKETS
    # GET routes read records only (kv entries they read are written at seeding, or are
    # immutable once written): the core may cache their answers.
    cache_reads = True
    config_defaults = {
        # An unknown company's career host: an empty feed ("empty") or 301 to personio.com.
        "unknown_company": "empty",
        # Third-party clients type v2 categories with their stages; Personio's own docs and
        # Kombo say stages cannot be read, so they are left out unless switched on.
        "category_stages": False,
    }

    def __init__(self, config: Any = None) -> None:
        super().__init__(config)
        self._company: dict[str, str] = {}  # tenant -> career-site subdomain, set by render

    def blueprint(self) -> Blueprint:
        from .routes import build_blueprint

        return build_blueprint()

    def render(self, world: World, ctx: RenderContext) -> None:
        render.render(world, ctx)
        # The career-site subdomain is the world's company slug, unless another sandbox of
        # this store already uses it (two sandboxes of one seed): then it gets the tenant.
        slug = world.company_slug
        taken = ctx.store.resolve_credential(self.name, COMPANY, slug)
        if taken is not None and taken[0] != ctx.tenant:
            slug = f"{slug}-{ctx.tenant}".lower()
        company = {"slug": slug, "name": world.company_name, "id": ids.company_id(ctx.tenant)}
        ctx.store.kv_set(ctx.tenant, self.name, "company", company)
        self._company[ctx.tenant] = slug

    def openapi(self) -> dict[str, Any]:
        from .openapi import document

        return document()

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        return errors.envelope(status, code, message, extra)

    def error_headers(self, status: int, code: str, message: str, **extra: Any) -> dict[str, str]:
        return {"Content-Type": errors.content_type()}

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        company_id = ids.company_id(tenant)
        key = derive_secret("personio", tenant, seed, "recruiting_api_key", length=40)
        client_id = derive_secret("personio", tenant, seed, "client_id", length=32, prefix="papi-")
        client_secret = derive_secret("personio", tenant, seed, "client_secret", length=48, prefix="papi-")
        creds = {
            "recruiting_api_key": Credential(
                RECRUITING_KEY,
                key,
                meta={"company_id": company_id},
                display={
                    "recruiting_api_key": key,
                    "company_id": str(company_id),
                    "recruiting_channel_id": str(ids.KOMBO_CHANNEL),
                },
            ),
            "oauth_client": OAUTH.client(
                client_id, client_secret, scopes=SCOPES, grant_types=("client_credentials",)
            ),
        }
        slug = self._company.get(tenant)
        if slug is not None:
            creds["company"] = Credential(COMPANY, slug, meta={}, display={"company": slug})
        return creds
