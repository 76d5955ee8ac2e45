"""webhook.create / info / update / delete (there is no webhook.list at Ashby)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import g

from .. import errors
from .. import serializers as S
from .. import store_kinds as K
from ..events import VENDOR, WEBHOOK_TYPES, outbox
from .base import field, get_doc, put, rpc, uuid_field
from .candidates import new_id


def _url(body: dict[str, Any], *, required: bool) -> str | None:
    url = field(body, "requestUrl", str, required=required)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise errors.invalid_input("requestUrl must be an http(s) URL", field="requestUrl")
    return url


@rpc("webhook.create")
def webhook_create(body: dict[str, Any]) -> dict[str, Any]:
    webhook_type = field(body, "webhookType", str, required=True)
    if webhook_type not in WEBHOOK_TYPES:
        raise errors.invalid_input(f"webhookType must be one of {', '.join(WEBHOOK_TYPES)}", field="webhookType")
    url = _url(body, required=True)
    secret = field(body, "secretToken", str, required=True)
    sub = outbox(g.store).subscribe(g.tenant, VENDOR, url, secret, [webhook_type], now=g.clock.now())
    doc = {"id": new_id(K.WEBHOOK), "webhookType": webhook_type, "requestUrl": url, "secretToken": secret,
           "enabled": True, "subscriptionId": sub["id"]}  # fmt: skip
    put(K.WEBHOOK, doc)
    return S.webhook(doc, with_secret=True)


@rpc("webhook.info")
def webhook_info(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.WEBHOOK, uuid_field(body, "webhookId", required=True), "webhook")
    return S.webhook(record.doc, with_secret=False)


@rpc("webhook.update")
def webhook_update(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.WEBHOOK, uuid_field(body, "webhookId", required=True), "webhook")
    enabled = field(body, "enabled", bool)
    url = _url(body, required=False)
    secret = field(body, "secretToken", str)
    if enabled is None and url is None and secret is None:
        raise errors.invalid_input("One of enabled, requestUrl or secretToken must be provided.")
    doc = dict(record.doc)
    for key, value in (("enabled", enabled), ("requestUrl", url), ("secretToken", secret)):
        if value is not None:
            doc[key] = value
    outbox(g.store).update_subscription(g.tenant, VENDOR, doc["subscriptionId"], now=g.clock.now(),
                                        url=doc["requestUrl"], secret=doc["secretToken"], enabled=doc["enabled"])  # fmt: skip
    put(K.WEBHOOK, doc)
    return S.webhook(doc, with_secret=True)


@rpc("webhook.delete")
def webhook_delete(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.WEBHOOK, uuid_field(body, "webhookId", required=True), "webhook")
    outbox(g.store).unsubscribe(g.tenant, VENDOR, record.doc["subscriptionId"], now=g.clock.now())
    g.store.soft_delete(g.tenant, VENDOR, K.WEBHOOK, record.id, at=g.clock.now())
    return {"webhookId": record.id}
