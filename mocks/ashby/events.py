"""Webhook deliveries: what Ashby sends when an application changes (reference §6).

A delivery is a POST of {"action": <webhookType>, "data": {...}} signed with
`Ashby-Signature: sha256=<hex HMAC-SHA256 of the body>` under the webhook's secret token.
Deliveries are queued in the shared outbox inside the write's transaction, so a write that
fails sends nothing; failed deliveries are retried with exponential backoff, at most ten
attempts, never after 401/403/404/405/410 (reference §6, /docs/retries).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import g

from atsbox.mocks.core.webhooks import Outbox, hmac_sha256_signer

from . import serializers as S
from . import store_kinds as K

VENDOR = "ashby"
WEBHOOK_TYPES = (
    "applicationSubmit", "applicationUpdate", "candidateHire", "candidateStageChange", "candidateDelete",
    "candidateMerge", "interviewPlanTransition", "interviewScheduleCreate", "interviewScheduleUpdate",
    "jobPostingUpdate", "jobPostingPublish", "jobPostingUnpublish", "offerCreate", "offerUpdate",
    "offerDelete", "pushToHRIS", "surveySubmit",
)  # fmt: skip
NO_RETRY = (401, 403, 404, 405, 410)
sign = hmac_sha256_signer("Ashby-Signature")


def outbox(store: Any) -> Outbox:
    # Ashby waits (2^n - 1) x 10 s between attempts; the outbox doubles from 10 s, which
    # keeps the same first wait and the same ten attempts.
    return Outbox(store, max_attempts=10, backoff=timedelta(seconds=10), no_retry=NO_RETRY)


def emit(action: str, data: dict[str, Any]) -> list[str]:
    return outbox(g.store).emit(g.tenant, VENDOR, action, {"action": action, "data": data}, sign=sign,
                                now=g.clock.now())  # fmt: skip


def _application(record: Any) -> dict[str, Any]:
    from .routes.base import lookup

    return S.applications([record], lookup())[0]


def application_event(action: str, record: Any) -> None:
    emit(action, {"application": _application(record)})


def stage_changed(record: Any) -> None:
    """candidateStageChange and applicationUpdate; candidateHire too when hired."""
    application = _application(record)
    emit("candidateStageChange", {"application": application})
    emit("applicationUpdate", {"application": application})
    if record.doc["status"] == "Hired":
        data: dict[str, Any] = {"application": application}
        from .routes.base import lookup

        offers = g.store.list(g.tenant, VENDOR, K.OFFER, parent=record.id)
        accepted = [o for o in offers if o.doc["acceptanceStatus"] == "Accepted"]
        if accepted:
            data["offer"] = S.offer(accepted[-1], lookup())
        emit("candidateHire", data)
