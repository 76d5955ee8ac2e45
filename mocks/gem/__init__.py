"""The Gem mock: Gem's ATS API (/ats/v0/) and the sourcing API pieces (/v0/) on api.gem.com."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from atsbox.fixtures import World
from atsbox.mocks.core.limits import TokenBucket
from atsbox.mocks.core.registry import register
from atsbox.mocks.core.vendor import Credential, RenderContext, VendorMock, derive_secret

from . import errors, render
from .auth import GemApiKey


@register
class GemMock(VendorMock):
    name = "gem"
    title = "Gem"
    hosts = ("api.gem.com",)
    auth = GemApiKey()
    error_codes = errors.ERROR_CODES
    # Documented for the sourcing API and enforced by the shared API Gateway (reference §3).
    rate_limits = {"default": TokenBucket(rate=20, burst=500)}
    # GET routes read records only (kv entries they read are written at seeding, or are
    # immutable once written): the core may cache their answers.
    cache_reads = True

    def blueprint(self) -> Blueprint:
        from .routes import build_blueprint

        return build_blueprint()

    def render(self, world: World, ctx: RenderContext) -> None:
        render.render_into(world, ctx)

    def openapi(self) -> dict[str, Any]:
        from .openapi import document

        return document()

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        return errors.error_body(status, code, message, **extra)

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        key = derive_secret("gem", tenant, seed, "api_key", length=40)
        partner_key = derive_secret("gem", tenant, seed, "shareable_access_key", length=40)
        app_secret = derive_secret("gem", tenant, seed, "application_secret", length=40)
        return {
            "api_key": Credential("api_key", key, display={"X-API-Key": key}),
            "partner": Credential(
                "api_key",
                partner_key,
                meta={"application_secret": app_secret},
                display={"X-API-Key": partner_key, "X-Application-Secret": app_secret},
            ),
        }
