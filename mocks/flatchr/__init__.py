"""The Flatchr mock: the company API (api.flatchr.io) and the career site (careers.flatchr.io).

Both hosts are one vendor: the API at ``/flatchr/...`` and the career site under
``/flatchr/careers/...``; a request addressed to ``careers.flatchr.io`` lands on the
latter through the core's per-host sub-prefix.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from atsbox.fixtures import World
from atsbox.mocks.core.auth import any_of, bearer_token, query_token
from atsbox.mocks.core.limits import TokenBucket
from atsbox.mocks.core.registry import register
from atsbox.mocks.core.vendor import Credential, RenderContext, VendorMock, derive_secret

from . import errors, ids, render
from .routes.common import CAREERS_PREFIX, KEY_KIND, SLUG_KIND

PARTNER_OFFERER_NAME = "atsbox partner"


@register
class FlatchrMock(VendorMock):
    name = "flatchr"
    title = "Flatchr"
    hosts = ("api.flatchr.io", "careers.flatchr.io", "api.demo.flatchr.io")
    host_prefixes = {"careers.flatchr.io": CAREERS_PREFIX}
    # The key as a bearer token or as ?token= (FD getting_started); the slate build's ?api_key= too.
    auth = any_of(
        bearer_token(KEY_KIND),
        query_token("token", KEY_KIND),
        query_token("api_key", KEY_KIND),
        missing_message="Missing authentication",
    )
    error_codes = errors.ERROR_CODES
    # Undocumented: a generous bucket, so a runaway client meets 429 + Retry-After (README).
    rate_limits = {"default": TokenBucket(rate=10, burst=300)}
    # GET routes read records only (kv entries they read are written at seeding, or are
    # immutable once written): the core may cache their answers.
    cache_reads = True
    config_defaults = {
        # Soft-deleted records are served with a non-null `deleted_at` (README: deletions).
        "expose_deleted": True,
        # The offerer id the sandbox's partner (the connector's user) is registered under.
        "partner_offerer_id": 4242,
    }

    def __init__(self, config: Any = None) -> None:
        super().__init__(config)
        self._company: dict[str, dict[str, Any]] = {}

    def blueprint(self) -> Blueprint:
        from .routes import build_blueprint

        return build_blueprint()

    def render(self, world: World, ctx: RenderContext) -> None:
        partner = (int(ctx.config["partner_offerer_id"]), PARTNER_OFFERER_NAME)
        render.render_into(world, ctx, partner_offerer=partner)
        company = render.company_doc(world)
        # The public career site finds its sandbox by slug (the newest sandbox owns a slug).
        ctx.store.add_credential(
            self.name, SLUG_KIND, company["slug"], ctx.tenant, {"company": company["id"]}
        )
        self._company[ctx.tenant] = company

    def openapi(self) -> dict[str, Any]:
        from .openapi import document

        return document()

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        return errors.error_body(status, code, message, **extra)

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        key = derive_secret("flatchr", tenant, seed, "api_key", length=40)
        company = self._company.get(tenant, {"id": ids.encode(render.COMPANY, 1), "slug": None})
        offerer = int(self.config["partner_offerer_id"])
        meta = {"company_id": company["id"], "slug": company["slug"], "offerer_id": offerer}
        display = {"API key": key, "Company key": company["id"], "Offerer id": str(offerer)}
        if company["slug"]:
            display["Career site slug"] = company["slug"]
        return {"api_key": Credential(KEY_KIND, key, meta=meta, display=display)}
