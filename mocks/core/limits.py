"""Request body size limits and rate limits, answered in the vendor's envelope.

Rate-limit state lives in the store's kv (per tenant, vendor and bucket), so several server
processes on one database share it, and time is the tenant's sandbox clock, so a test
freezes the clock, exhausts a bucket, advances the clock and sees it refill: no sleeping.

A vendor declares its buckets in `VendorMock.rate_limits`:

    rate_limits = {"default": TokenBucket(rate=20, burst=500)}           # Gem: every route
    rate_limits = {"reports": FixedWindow(limit=15, window=60)}          # Ashby: report.* only
    @rate_bucket("reports")                                              # on those routes

and switches them off with the vendor config {"rate_limits": False} (the app config
{"rate_limits": False} does it for every vendor, e.g. in tests).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import g, request

from .errors import MockError

F = TypeVar("F", bound=Callable[..., Any])

BUCKETS_ATTR = "_atsbox_rate_buckets"
BODY_LIMIT_ATTR = "_atsbox_body_limit"


@dataclass(frozen=True)
class FixedWindow:
    """At most `limit` requests per `window` seconds; windows are aligned on the clock."""

    limit: int
    window: float


@dataclass(frozen=True)
class TokenBucket:
    """`burst` requests at once, refilled at `rate` per second."""

    rate: float
    burst: int


RateLimit = FixedWindow | TokenBucket


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_after: float  # seconds until the bucket is full / the window restarts
    retry_after: int | None  # whole seconds to wait, when not allowed


def rate_bucket(*names: str) -> Callable[[F], F]:
    """Route decorator: count this route in these buckets instead of "default"."""

    def mark(view: F) -> F:
        setattr(view, BUCKETS_ATTR, tuple(names))
        return view

    return mark


def body_limit(max_bytes: int) -> Callable[[F], F]:
    """Route decorator: a body size limit for this route (e.g. a 20 MB document upload)."""

    def mark(view: F) -> F:
        setattr(view, BODY_LIMIT_ATTR, max_bytes)
        return view

    return mark


def _epoch(at: datetime) -> float:
    return at.timestamp()


def consume(
    store: Any, tenant: str, vendor: str, bucket: str, limit: RateLimit, now: datetime
) -> RateDecision:
    """Take one request out of the bucket (atomically, in the store) and say if it may pass."""
    key = f"ratelimit:{bucket}"
    t = _epoch(now)
    with store.transaction():
        state = store.kv_get(tenant, vendor, key, None, now=now) or {}
        if isinstance(limit, FixedWindow):
            decision, state, ttl = _fixed_window(limit, state, t)
        else:
            decision, state, ttl = _token_bucket(limit, state, t)
        store.kv_set(tenant, vendor, key, state, expires_at=now + timedelta(seconds=ttl))
    return decision


def _fixed_window(
    limit: FixedWindow, state: dict[str, Any], t: float
) -> tuple[RateDecision, dict[str, Any], float]:
    start = math.floor(t / limit.window) * limit.window
    count = state.get("count", 0) if state.get("start") == start else 0
    reset_after = start + limit.window - t
    if count >= limit.limit:
        retry = max(1, math.ceil(reset_after))
        return (
            RateDecision(False, limit.limit, 0, reset_after, retry),
            {"start": start, "count": count},
            reset_after,
        )
    count += 1
    return (
        RateDecision(True, limit.limit, limit.limit - count, reset_after, None),
        {"start": start, "count": count},
        reset_after,
    )


def _token_bucket(
    limit: TokenBucket, state: dict[str, Any], t: float
) -> tuple[RateDecision, dict[str, Any], float]:
    tokens = float(state.get("tokens", limit.burst))
    at = float(state.get("at", t))
    # A clock set backwards (a reset sandbox) must not mint or burn tokens.
    tokens = min(float(limit.burst), tokens + max(0.0, t - at) * limit.rate)
    if tokens >= 1.0:
        tokens -= 1.0
        allowed, retry = True, None
    else:
        allowed, retry = False, max(1, math.ceil((1.0 - tokens) / limit.rate))
    reset_after = (limit.burst - tokens) / limit.rate
    decision = RateDecision(allowed, limit.burst, int(tokens), reset_after, retry)
    return decision, {"tokens": tokens, "at": t}, max(reset_after, 1.0)


def check_rate_limit(buckets: tuple[str, ...] = ("default",)) -> RateDecision | None:
    """Count the current request in the vendor's buckets; 429 + Retry-After when over.

    Called by the core for authenticated routes; a public route that binds its tenant
    itself may call it too. The last decision is left in `g.rate_limit` for vendors that
    send rate-limit headers on success.
    """
    vendor = g.vendor
    if not vendor.rate_limits_enabled or g.get("tenant") is None:
        return None
    decision: RateDecision | None = None
    for name in buckets:
        limit = vendor.rate_limits.get(name)
        if limit is None:
            continue
        decision = consume(g.store, g.tenant, vendor.name, name, limit, g.clock.now())
        g.rate_limit = decision
        if not decision.allowed:
            raise MockError.of(
                "rate_limited",
                f"Rate limit exceeded. Try again in {decision.retry_after} seconds.",
                headers={"Retry-After": str(decision.retry_after)},
                retry_after=decision.retry_after,
                bucket=name,
            )
    return decision


def check_body_size(limit: int) -> None:
    """413 before anything reads the body when the declared length is over `limit`.

    Bodies without a Content-Length (chunked) are read up to the limit here and refused
    past it.
    """
    request.max_content_length = limit
    length = request.content_length
    if length is None and request.environ.get("wsgi.input_terminated"):
        # A streamed body (chunked): werkzeug would quietly stop reading at the limit and
        # hand the route a truncated body, so read it here, one byte past the limit.
        environ = request.environ
        raw = environ["wsgi.input"].read(limit + 1)
        if len(raw) > limit:
            raise _too_large(f"The request body is over the limit of {limit} bytes.", limit)
        environ["wsgi.input"] = io.BytesIO(raw)
    elif length is not None and length > limit:
        raise _too_large(f"The request body is {length} bytes; the limit is {limit} bytes.", limit)


def _too_large(message: str, limit: int) -> MockError:
    return MockError.of("payload_too_large", message, limit=limit)
