"""The base class of every vendor mock and the context its `render` receives.

A vendor folder subclasses `VendorMock` and supplies only what differs between vendors:
its routes (`blueprint`), its native documents (`render`), its OpenAPI document, its error
envelope and its credentials. Everything else (mounting, host routing, error handling,
auth plumbing, limits, journal, faults) is the core's, driven by the class attributes
below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from flask import Blueprint

    from atsbox.fixtures.model import World

    from .auth import AuthScheme
    from .limits import RateLimit

DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Credential:
    """One credential of a sandbox, as registered with `store.add_credential`.

    `secret` is what the client presents (an API key, a client id, ...); `meta` is stored
    with it and lands in `g.credential_meta` (permissions, a client secret, a company id).
    `display` is what `atsbox serve` prints for people (label -> value); it defaults to
    the secret under the credential's kind.
    """

    kind: str
    secret: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    display: Mapping[str, str] | None = None

    def shown(self) -> dict[str, str]:
        return dict(self.display) if self.display is not None else {self.kind: self.secret}


def derive_secret(*parts: object, length: int = 32, prefix: str = "") -> str:
    """A deterministic secret-looking string: the same parts always give the same value.

    Sandboxes must be reproducible (same seed, same credentials), so secrets are derived
    from (vendor, tenant, seed, label) instead of drawn at random. Lowercase hex.
    """
    text = "\x1f".join(str(p) for p in parts).encode()
    digest = b""
    counter = 0
    while len(digest) * 2 < length:
        digest += hashlib.sha256(counter.to_bytes(4, "big") + text).digest()
        counter += 1
    return prefix + digest.hex()[:length]


@dataclass
class RenderContext:
    """What `VendorMock.render` gets: where to write, for whom, and with which settings."""

    store: Any
    tenant: str
    vendor: str
    clock: Any
    config: Mapping[str, Any]
    seed: int = 0
    size: str = "small"

    def put(self, kind: str, id: str, doc: Any, *, at: datetime, **kwargs: Any) -> Any:
        """`store.put` for this tenant and vendor (saves repeating both on every call)."""
        return self.store.put(self.tenant, self.vendor, kind, id, doc, at=at, **kwargs)

    def next_int(self, name: str) -> int:
        return self.store.next_int(self.tenant, self.vendor, name)


class VendorMock:
    """Subclass once per vendor and decorate with `@register`.

    Class attributes:
      name            path prefix and registry key ("ashby").
      title           human name ("Ashby").
      hosts           real API hosts routed to this vendor by the Host header; a leading
                      "*." matches any subdomain ("*.jobs.personio.de").
      host_prefixes   host -> sub-prefix inside the vendor's root for vendors with several
                      API hosts ({"careers.flatchr.io": "/careers"}: that host's paths are
                      served by the vendor's routes under /careers).
      error_format    media type of error bodies ("application/problem+json" for Personio).
      error_codes     kind -> (status, code) re-labelling the core's error kinds (see
                      errors.DEFAULT_ERRORS); either element may be None to keep the default.
      auth            default auth scheme for every route (None: routes are public unless
                      decorated with `uses_auth`).
      rate_limits     bucket name -> RateLimit; "default" applies to every authenticated
                      route, other buckets to routes decorated with `rate_bucket(name)`.
      max_body_bytes  request bodies above this get 413 before any parsing.
      config_defaults the vendor's switches; `self.config` is these merged with the app's
                      config for this vendor (e.g. {"rate_limits": True}).
      cache_reads     every GET route makes the promise of `answers.cacheable` (its answer
                      depends on the request, credential, records and clock alone), so the
                      core may cache its answers; other routes are marked one by one.
    """

    name: ClassVar[str]
    title: ClassVar[str] = ""
    hosts: ClassVar[tuple[str, ...]] = ()
    host_prefixes: ClassVar[Mapping[str, str]] = {}
    error_format: ClassVar[str] = "application/json"
    error_codes: ClassVar[Mapping[str, tuple[int | None, str | None]]] = {}
    auth: ClassVar[AuthScheme | None] = None
    rate_limits: ClassVar[Mapping[str, RateLimit]] = {}
    max_body_bytes: ClassVar[int] = DEFAULT_MAX_BODY_BYTES
    config_defaults: ClassVar[Mapping[str, Any]] = {}
    cache_reads: ClassVar[bool] = False

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        self.config: dict[str, Any] = {"rate_limits": True, **self.config_defaults, **(config or {})}

    # --- what a vendor implements -------------------------------------------------------

    def blueprint(self) -> Blueprint:
        """The vendor's routes, relative to its root (the core adds `/<name>`)."""
        raise NotImplementedError

    def render(self, world: World, ctx: RenderContext) -> None:
        """Write the world's native documents for `ctx.tenant` into `ctx.store`."""
        raise NotImplementedError

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI 3 document of exactly the endpoints this mock emulates."""
        raise NotImplementedError

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        """The vendor's error envelope (JSON-serialisable). Override per vendor."""
        return {"error": {"code": code, "message": message}}

    def error_headers(self, status: int, code: str, message: str, **extra: Any) -> dict[str, str]:
        """Extra headers on error responses (e.g. WWW-Authenticate). Optional."""
        return {}

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        """Deterministic credentials for a sandbox, by label; the sandbox registers them."""
        return {}

    # --- used by the core ---------------------------------------------------------------

    def resolve_error(self, kind: str | None, status: int, code: str) -> tuple[int, str]:
        """The (status, code) the client sees for an error of `kind`."""
        if kind is None or kind not in self.error_codes:
            return status, code
        new_status, new_code = self.error_codes[kind]
        return (new_status if new_status is not None else status, new_code if new_code is not None else code)

    @property
    def rate_limits_enabled(self) -> bool:
        return bool(self.config.get("rate_limits", True))

    @property
    def body_limit(self) -> int:
        return int(self.config.get("max_body_bytes", self.max_body_bytes))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
