"""The Ashby mock: Ashby's RPC-style public API (POST /<object>.<method>) on api.ashbyhq.com."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from atsbox.fixtures.model import World
from atsbox.mocks.core.auth import basic_api_key
from atsbox.mocks.core.registry import register
from atsbox.mocks.core.vendor import Credential, RenderContext, VendorMock, derive_secret

from . import errors
from .endpoints import PERMISSIONS

READ_PERMISSIONS = tuple(p for p in PERMISSIONS if p.endswith("Read"))


@register
class AshbyMock(VendorMock):
    name = "ashby"
    title = "Ashby"
    hosts = ("api.ashbyhq.com",)
    auth = basic_api_key(
        "api_key",
        missing_message="Authentication required: send your API key as the HTTP Basic username.",
        invalid_message="The API key is not valid or has been deactivated.",
    )
    error_codes = errors.ERROR_CODES
    # Every decision the reference leaves open and a sandbox user may want another way
    # (docs/vendors/ashby.md lists them).
    config_defaults = {
        "api_version": "2026-01-01",  # echoed in Ashby-Version
        "sync_token_max_age_days": 7,  # the token lifetime is not published
        "incremental_sync_max_records": None,  # incremental_sync_too_large above this many
        "rate_limit_per_minute": None,  # per API key; Ashby publishes no number
    }

    def blueprint(self) -> Blueprint:
        from .routes.base import build_blueprint

        return build_blueprint()

    def render(self, world: World, ctx: RenderContext) -> None:
        from .render import render_world

        render_world(world, ctx.store, ctx.tenant, ctx.vendor)

    def openapi(self) -> dict[str, Any]:
        from .openapi import document

        return document()

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        from flask import g

        meta = {k: v for k, v in extra.items() if isinstance(v, str | int | float | bool)}
        return errors.envelope(code, message, g.get("request_id"), meta)

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        full = derive_secret("ashby", tenant, seed, "api_key", length=32)
        read_only = derive_secret("ashby", tenant, seed, "read_only_api_key", length=32)
        created = "2026-01-01T00:00:00.000Z"
        return {
            "api_key": Credential(
                "api_key",
                full,
                meta={"permissions": list(PERMISSIONS), "title": "atsbox sandbox key", "createdAt": created},
                display={"API key (Basic auth username)": full},
            ),
            "read_only": Credential(
                "api_key",
                read_only,
                meta={"permissions": list(READ_PERMISSIONS), "title": "atsbox read-only key", "createdAt": created},
                display={"read-only API key (Basic auth username)": read_only},
            ),
        }
