"""The webhook outbox: subscriptions, signed deliveries, retries with backoff, replay.

A vendor's webhook routes (Ashby `webhook.create`, Factorial `webhook_subscriptions`) call
`subscribe` / `unsubscribe`; its write routes call `emit` with the exact body the vendor
sends and a `sign(secret, body) -> headers` callable (Ashby: `Ashby-Signature:
sha256=<hex hmac>`). `emit` only enqueues: the signed bytes and headers are stored with the
delivery, so a retry or a replay sends the very same bytes. `deliver_pending` (run by
`atsbox serve` in the background, by tests directly) POSTs what is due, records each
attempt (time, response status, error) and retries failures with exponential backoff, up
to `max_attempts`; statuses in `no_retry` fail at once (Ashby does not retry 401/403/404/
405/410).

Everything lives in the store as records of the pseudo-vendor "_webhooks" (kinds
"subscription" and "delivery"), so deliveries survive restarts and show up in a tenant's
export. A delivery's `parent` is its state ("pending" / "done"), which lets the deliverer
find due work through the store's parent index. One deliverer per database is assumed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from .context import clock_for

WEBHOOKS = "_webhooks"
SUBSCRIPTION = "subscription"
DELIVERY = "delivery"
PENDING = "pending"
DONE = "done"

Signer = Callable[[str | None, bytes], Mapping[str, str]]
HttpPost = Callable[[str, bytes, dict[str, str], float], int]


def requests_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """The default transport: one POST without following redirects; returns the status."""
    import requests

    response = requests.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False)
    return response.status_code


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds")


class Outbox:
    """Webhook subscriptions and deliveries of a store.

    `max_attempts`, `backoff` (doubled after each failed attempt, at most `backoff_cap`)
    and `no_retry` are the retry policy of what this outbox emits; `timeout` applies to
    what it delivers.
    """

    def __init__(
        self,
        store: Any,
        *,
        max_attempts: int = 10,
        backoff: timedelta = timedelta(seconds=30),
        backoff_cap: timedelta = timedelta(hours=6),
        no_retry: Iterable[int] = (),
        timeout: float = 10.0,
    ) -> None:
        self.store = store
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.no_retry = tuple(no_retry)
        self.timeout = timeout

    def _now(self, tenant: str, now: datetime | None) -> datetime:
        return now if now is not None else clock_for(self.store, tenant).now()

    # --- subscriptions ------------------------------------------------------------------

    def subscribe(
        self,
        tenant: str,
        vendor: str,
        url: str,
        secret: str | None,
        events: Iterable[str],
        *,
        now: datetime | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A new subscription (events: names, or ["*"] for all); returns its document."""
        at = self._now(tenant, now)
        sub_id = f"whs_{self.store.next_int(tenant, WEBHOOKS, SUBSCRIPTION)}"
        doc = {
            "id": sub_id,
            "vendor": vendor,
            "url": url,
            "secret": secret,
            "events": list(events),
            "enabled": True,
            "meta": dict(meta or {}),
        }
        self.store.put(tenant, WEBHOOKS, SUBSCRIPTION, sub_id, doc, parent=vendor, at=at)
        return doc

    def subscription(self, tenant: str, vendor: str, sub_id: str) -> dict[str, Any] | None:
        record = self.store.get(tenant, WEBHOOKS, SUBSCRIPTION, sub_id)
        return record.doc if record is not None and record.doc["vendor"] == vendor else None

    def subscriptions(self, tenant: str, vendor: str) -> list[dict[str, Any]]:
        return [r.doc for r in self.store.list(tenant, WEBHOOKS, SUBSCRIPTION, parent=vendor)]

    def update_subscription(
        self, tenant: str, vendor: str, sub_id: str, *, now: datetime | None = None, **changes: Any
    ) -> dict[str, Any] | None:
        """Change url / secret / events / enabled / meta; None if there is no such subscription."""
        doc = self.subscription(tenant, vendor, sub_id)
        if doc is None:
            return None
        unknown = set(changes) - {"url", "secret", "events", "enabled", "meta"}
        if unknown:
            raise ValueError(f"unknown subscription fields: {sorted(unknown)}")
        doc = {**doc, **changes}
        self.store.put(tenant, WEBHOOKS, SUBSCRIPTION, sub_id, doc, parent=vendor, at=self._now(tenant, now))
        return doc

    def unsubscribe(self, tenant: str, vendor: str, sub_id: str, *, now: datetime | None = None) -> bool:
        if self.subscription(tenant, vendor, sub_id) is None:
            return False
        self.store.soft_delete(tenant, WEBHOOKS, SUBSCRIPTION, sub_id, at=self._now(tenant, now))
        return True

    # --- deliveries ---------------------------------------------------------------------

    def emit(
        self,
        tenant: str,
        vendor: str,
        event: str,
        payload: Any,
        *,
        sign: Signer | None = None,
        now: datetime | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Enqueue one delivery per enabled subscription to `event`; returns their ids.

        `payload` is the whole body the vendor sends (bytes are sent as they are, anything
        else as compact JSON); `sign(secret, body)` returns the signature headers.
        """
        at = self._now(tenant, now)
        body = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
        ids = []
        for sub in self.subscriptions(tenant, vendor):
            if not sub["enabled"] or ("*" not in sub["events"] and event not in sub["events"]):
                continue
            sent_headers = {"Content-Type": "application/json", **(headers or {})}
            if sign is not None:
                sent_headers.update(sign(sub["secret"], body))
            ids.append(self._enqueue(tenant, vendor, sub["id"], sub["url"], event, body, sent_headers, at))
        return ids

    def _enqueue(
        self,
        tenant: str,
        vendor: str,
        sub_id: str | None,
        url: str,
        event: str,
        body: bytes,
        headers: Mapping[str, str],
        at: datetime,
        replay_of: str | None = None,
    ) -> str:
        delivery_id = f"whd_{self.store.next_int(tenant, WEBHOOKS, DELIVERY)}"
        doc = {
            "id": delivery_id,
            "vendor": vendor,
            "subscription": sub_id,
            "url": url,
            "event": event,
            "body": body.decode("utf-8"),
            "headers": dict(headers),
            "state": "pending",
            "attempts": [],
            "next_attempt_at": _iso(at),
            # The emitting vendor's retry policy travels with the delivery: whoever delivers
            # it later (serve's background loop) follows the vendor's rules, not its own.
            "max_attempts": self.max_attempts,
            "backoff_s": self.backoff.total_seconds(),
            "backoff_cap_s": self.backoff_cap.total_seconds(),
            "no_retry": list(self.no_retry),
            "replay_of": replay_of,
        }
        self.store.put(tenant, WEBHOOKS, DELIVERY, delivery_id, doc, parent=PENDING, at=at)
        return delivery_id

    def delivery(self, tenant: str, delivery_id: str) -> dict[str, Any] | None:
        record = self.store.get(tenant, WEBHOOKS, DELIVERY, delivery_id)
        return None if record is None else record.doc

    def deliveries(
        self, tenant: str, *, vendor: str | None = None, state: str | None = None
    ) -> list[dict[str, Any]]:
        docs = [r.doc for r in self.store.list(tenant, WEBHOOKS, DELIVERY)]
        return [
            d
            for d in docs
            if (vendor is None or d["vendor"] == vendor) and (state is None or d["state"] == state)
        ]

    def deliver_pending(
        self, now: datetime | None = None, *, tenant: str | None = None, http_post: HttpPost | None = None
    ) -> list[dict[str, Any]]:
        """Send every due delivery (of `tenant`, or of all tenants); returns the updated docs.

        `now` defaults to each tenant's sandbox clock.
        """
        post = http_post or requests_post
        tenants = [tenant] if tenant is not None else self.store.tenants()
        updated = []
        for t in tenants:
            at = self._now(t, now)
            for record in self.store.list(t, WEBHOOKS, DELIVERY, parent=PENDING):
                doc = record.doc
                if datetime.fromisoformat(doc["next_attempt_at"]) <= at:
                    updated.append(self._attempt(t, doc, at, post))
        return updated

    def _attempt(self, tenant: str, doc: dict[str, Any], at: datetime, post: HttpPost) -> dict[str, Any]:
        status: int | None = None
        error: str | None = None
        try:
            status = int(post(doc["url"], doc["body"].encode("utf-8"), dict(doc["headers"]), self.timeout))
        except Exception as exc:  # any transport failure is a failed attempt, never a crash
            error = f"{type(exc).__name__}: {exc}"
        attempts = [*doc["attempts"], {"at": _iso(at), "status": status, "error": error}]
        doc = {**doc, "attempts": attempts}
        if status is not None and 200 <= status < 300:
            doc.update(state="delivered", next_attempt_at=None)
        elif (status is not None and status in doc["no_retry"]) or len(attempts) >= doc["max_attempts"]:
            doc.update(state="failed", next_attempt_at=None)
        else:
            delay = min(doc["backoff_s"] * 2 ** (len(attempts) - 1), doc["backoff_cap_s"])
            doc["next_attempt_at"] = _iso(at + timedelta(seconds=delay))
        parent = PENDING if doc["state"] == "pending" else DONE
        self.store.put(tenant, WEBHOOKS, DELIVERY, doc["id"], doc, parent=parent, at=at)
        return doc

    def replay(self, tenant: str, delivery_id: str, *, now: datetime | None = None) -> str:
        """Queue the same bytes and headers again as a new delivery; returns its id."""
        doc = self.delivery(tenant, delivery_id)
        if doc is None:
            raise KeyError(delivery_id)
        return self._enqueue(
            tenant,
            doc["vendor"],
            doc["subscription"],
            doc["url"],
            doc["event"],
            doc["body"].encode("utf-8"),
            doc["headers"],
            self._now(tenant, now),
            replay_of=delivery_id,
        )


def hmac_sha256_signer(header: str, *, prefix: str = "sha256=") -> Signer:
    """A signer putting `prefix + hex(HMAC-SHA256(secret, body))` in `header` (no header
    without a secret). Ashby: hmac_sha256_signer("Ashby-Signature")."""

    def sign(secret: str | None, body: bytes) -> dict[str, str]:
        if not secret:
            return {}
        return {header: prefix + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()}

    return sign
