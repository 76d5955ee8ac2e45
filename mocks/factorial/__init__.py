"""The Factorial mock: the ATS resources of Factorial's dated public API, with OAuth2.

Served at `https://api.factorialhr.com` (and the demo host) by Host, or under `/factorial`.
See docs/vendors/factorial.md for what is emulated and every decision the reference left
open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint

from atsbox.fixtures.model import World
from atsbox.mocks.core import (
    Credential,
    FixedWindow,
    RenderContext,
    VendorMock,
    any_of,
    api_key_header,
    derive_secret,
    register,
)

from . import errors, oauth, render
from .routes import build_blueprint

# Where the sandbox's OAuth app sends the browser back; a client running the flow reads the
# code from this redirect and never needs the page to exist.
DEFAULT_REDIRECT_URI = "http://localhost:8765/oauth/callback"


@register
class Factorial(VendorMock):
    name = "factorial"
    title = "Factorial"
    hosts = ("api.factorialhr.com", "api.demo.factorial.dev")
    error_codes = errors.ERROR_CODES
    # The API key wins when a request carries both (reference §1).
    auth = any_of(api_key_header("x-api-key", "api_key"), oauth.BEARER)
    # The documented limit: 200 POST requests per minute (GETs are not limited).
    rate_limits = {"post": FixedWindow(limit=200, window=60)}
    # GET routes read records only (kv entries they read are written at seeding, or are
    # immutable once written): the core may cache their answers.
    cache_reads = True
    config_defaults: Mapping[str, Any] = {}

    def blueprint(self) -> Blueprint:
        return build_blueprint()

    def render(self, world: World, ctx: RenderContext) -> None:
        render.render(world, ctx.store, ctx.tenant, ctx.vendor)

    def openapi(self) -> dict[str, Any]:
        from .openapi import document

        return document()

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        return errors.error_body(status, code, message, **extra)

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        api_key = derive_secret(self.name, tenant, seed, "api_key", length=64)
        client_id = derive_secret(self.name, tenant, seed, "oauth_client_id", length=43)
        client_secret = derive_secret(self.name, tenant, seed, "oauth_client_secret", length=43)
        client = oauth.OAUTH.client(
            client_id,
            client_secret,
            redirect_uris=[DEFAULT_REDIRECT_URI],
            scopes=oauth.SCOPES,
            grant_types=("authorization_code", "refresh_token"),
            name="atsbox sandbox app",
        )
        shown = {**(client.display or {}), "redirect_uri": DEFAULT_REDIRECT_URI}
        return {
            "api_key": Credential("api_key", api_key, {"company_id": 1}),
            "oauth_app": Credential(client.kind, client.secret, client.meta, display=shown),
        }
