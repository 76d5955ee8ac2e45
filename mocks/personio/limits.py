"""Personio's rate limits, as the reference gives them.

- Recruiting v1: 20 requests per 60 s per company on each endpoint (DEV introduction-1).
- ``POST /v2/auth/token``: 150 per minute, then one per second for the rest of the minute
  (DEV /v2.0/reference/authentication).
- v2 resources: a per-endpoint token bucket announced in ``x-ratelimit-*`` headers;
  Personio publishes no recruiting numbers, so the bucket is the 30 per second a client
  observed on ``/v2/persons`` (TP-CLIENT).

All of them switch off with the vendor config ``{"rate_limits": False}``.
"""

from __future__ import annotations

from atsbox.mocks.core.limits import FixedWindow, TokenBucket

V1_WINDOW = FixedWindow(limit=20, window=60)
TOKEN_WINDOW = FixedWindow(limit=150, window=60)
TOKEN_TRICKLE = TokenBucket(rate=1, burst=1)
V2_BUCKET = TokenBucket(rate=30, burst=30)

BUCKETS = {"v1_applications": V1_WINDOW, "v1_documents": V1_WINDOW, "v2": V2_BUCKET}
