"""Webhook subscriptions: how the connector learns of Ashby changes between syncs.

The connector registers one Ashby webhook per event type (`webhook.create` with a URL and a
secret), checks each delivery's `Ashby-Signature: sha256=<hex HMAC-SHA256 of the body>` and
says which unified models the event changed, so a caller can run a delta sync of just those.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from atsbox.connectors.errors import InvalidInput

# The event types that change what the unified models hold, and the models they touch.
EVENT_MODELS: dict[str, tuple[str, ...]] = {
    "applicationSubmit": ("applications", "candidates", "candidate_tags"),
    "applicationUpdate": ("applications",),
    "candidateStageChange": ("applications",),
    "candidateHire": ("applications", "offers"),
    "candidateDelete": ("candidates", "applications", "candidate_tags"),
    "candidateMerge": ("candidates", "applications", "candidate_tags"),
    "interviewScheduleCreate": ("interviews", "interview_users"),
    "interviewScheduleUpdate": ("interviews", "interview_users"),
    "offerCreate": ("offers",),
    "offerUpdate": ("offers",),
    "offerDelete": ("offers",),
    "jobPostingUpdate": ("job_postings", "jobs"),
    "jobPostingPublish": ("job_postings", "jobs"),
    "jobPostingUnpublish": ("job_postings", "jobs"),
    "interviewPlanTransition": ("jobs", "job_stages", "application_stages"),
}


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secret: str) -> dict[str, Any]:
    """The delivery's {action, data} when its signature is right; InvalidInput otherwise."""
    if not header or not hmac.compare_digest(header.strip(), signature(secret, body)):
        raise InvalidInput("the Ashby-Signature header does not match the body", "Ashby-Signature")
    try:
        payload = json.loads(body)
    except ValueError:
        raise InvalidInput("the webhook body is not JSON") from None
    if not isinstance(payload, dict) or "action" not in payload:
        raise InvalidInput("the webhook body has no action")
    return payload


def changed_models(payload: dict[str, Any]) -> tuple[str, ...]:
    return EVENT_MODELS.get(str(payload.get("action")), ())
