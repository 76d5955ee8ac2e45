"""The per-request state every vendor route can rely on, and URL helpers.

Per request, flask `g` holds:
  g.store            the Store
  g.vendor           the VendorMock instance whose prefix (or host) the request came in on
  g.tenant           the sandbox, once auth (or the route itself, via `bind_tenant`) set it
  g.credential_meta  the meta stored with the credential that authenticated the request
  g.tenant_created_at when the tenant's row was made (a reset makes a new one)
  g.change_seq       the tenant's change sequence, when auth read it with the credential
  g.fault_rules      the vendor's fault rules of the tenant, likewise
  g.clock            the tenant's sandbox clock (atsbox.clock.clock_for), its state read once per request
  g.request_id       a ULID-shaped id from a per-app counter (no randomness: tests compare bytes)
  g.request_seq      the counter value behind it
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import current_app, g, request

if TYPE_CHECKING:
    from .app import MockRuntime

# environ keys shared by the gateway middleware and the Flask side.
ENV_MOUNT = "atsbox.mount"  # "" when the vendor sits at the root (host routing), else "/<vendor>"
ENV_HOST = "atsbox.host"  # the vendor host the request matched, when routed by Host
ENV_WILDCARD = "atsbox.host_wildcard"  # the "*" part of a wildcard host ("acme" in acme.jobs.personio.de)
ENV_ORIGINAL_PATH = "atsbox.original_path"
ENV_VENDOR = "atsbox.vendor"
ENV_TENANT = "atsbox.tenant"
ENV_TIME = "atsbox.time"
ENV_REQUEST_ID = "atsbox.request_id"
ENV_DROP = "atsbox.drop"

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid_like(time_ms: int, counter: int) -> str:
    """26 Crockford base32 characters: 48 bits of time, 80 bits of counter, like a ULID."""
    value = ((time_ms & (2**48 - 1)) << 80) | (counter & (2**80 - 1))
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


class RequestIds:
    """Request ids from a counter: deterministic for one app, unique within it."""

    def __init__(self, epoch_ms: int = 0) -> None:
        self._epoch_ms = epoch_ms
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def next(self) -> tuple[int, str]:
        with self._lock:
            seq = next(self._counter)
        return seq, ulid_like(self._epoch_ms, seq)


def runtime() -> MockRuntime:
    """The mock runtime of the current app (store, vendors, journal, config)."""
    return current_app.extensions["atsbox"]


def clock_for(store: Any, tenant: str, *, pinned: bool = False, meta: dict[str, Any] | None = None) -> Any:
    # Imported late: the clock module belongs to the store's part of the project.
    from atsbox.clock import clock_for as _clock_for

    return _clock_for(store, tenant, pinned=pinned, meta=meta)


def bind_tenant(tenant: str, meta: Mapping[str, Any] | None = None, *, binding: Any = None) -> None:
    """Make `tenant` the request's sandbox: sets g.tenant, g.credential_meta and g.clock.

    Auth schemes call this, with the `binding` (atsbox.store RequestBinding) their one
    query found; a public route that finds its tenant some other way (a career page's
    subdomain, an OAuth client id) calls it itself, and the tenant's row is read here.
    """
    g.tenant = tenant
    g.credential_meta = dict(meta or {})
    if binding is not None:
        tenant_meta, g.tenant_created_at = binding.tenant_meta, binding.tenant_created_at
        # Read in this request's transaction: the cache key and the fault check use them.
        g.change_seq, g.fault_rules = binding.seq, binding.kv_value
    else:
        info = g.store.get_tenant(tenant)
        tenant_meta = None if info is None else info["meta"]
        g.tenant_created_at = None if info is None else info["created_at"]
        g.pop("change_seq", None)
        g.pop("fault_rules", None)
    # The tenant row's creation time tells a reset or re-imported sandbox from the one
    # before it (its change sequence starts again); cached answers are keyed on it.
    # Pinned: the request reads the clock's state once (with the row) and keeps it, as one
    # request should see one sandbox clock (a live clock still runs).
    g.clock = clock_for(g.store, tenant, pinned=True, meta=tenant_meta)
    request.environ[ENV_TENANT] = tenant
    request.environ[ENV_TIME] = g.clock.now()


def now() -> datetime:
    """The current time on the request's sandbox clock (requires a bound tenant)."""
    clock = g.get("clock")
    if clock is None:
        raise RuntimeError("no tenant is bound to this request, so there is no sandbox clock")
    return clock.now()


def vendor_root() -> str:
    """Absolute URL of the vendor's root as the client addressed it, without a trailing slash.

    Behind host routing (`api.ashbyhq.com`) that is the bare host; under the path prefix it
    is `http://host/<vendor>`.
    """
    mount = request.environ.get(ENV_MOUNT)
    if mount is None:
        mount = f"/{g.vendor.name}" if g.get("vendor") is not None else ""
    return request.host_url.rstrip("/") + request.script_root + mount


def vendor_url(path: str, query: Mapping[str, Any] | None = None) -> str:
    """Absolute URL of `path` (relative to the vendor's root) with an optional query."""
    url = vendor_root() + (path if path.startswith("/") else "/" + path)
    if query:
        url += "?" + urlencode([(k, v) for k, v in query.items() if v is not None], doseq=True)
    return url


def request_url(**changes: Any) -> str:
    """This request's absolute URL with query parameters replaced (None removes one).

    Pagination links are built from it, so they keep every filter the client sent.
    """
    path = request.environ.get(ENV_ORIGINAL_PATH, request.path)
    params: dict[str, list[str]] = {k: request.args.getlist(k) for k in request.args}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    base = request.host_url.rstrip("/") + request.script_root + path
    pairs = [(k, v) for k, values in params.items() for v in values]
    return base + ("?" + urlencode(pairs) if pairs else "")
