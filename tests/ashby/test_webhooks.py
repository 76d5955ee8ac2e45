"""Webhooks against a local receiver: what is sent, signed how, retried when."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

from atsbox.contracts.vendors.ashby import webhook_receiver
from atsbox.mocks.ashby.events import outbox

from .conftest import AshbySandbox
from .helpers import job_with_form, stages_of
from .wire_schemas import webhook_problems

SECRET = "whsec-test"


def _subscribe(sb: AshbySandbox, url: str, *types: str) -> list[dict[str, Any]]:
    return [sb.ok("webhook.create", {"webhookType": t, "requestUrl": url, "secretToken": SECRET}) for t in types]


def _deliver(sb: AshbySandbox, after: timedelta = timedelta(0)) -> list[dict[str, Any]]:
    return outbox(sb.store).deliver_pending(now=sb.clock.now() + after, tenant=sb.tenant)


def test_application_changes_are_delivered_signed_and_in_ashbys_shape(fresh: AshbySandbox) -> None:
    job, _ = job_with_form(fresh)
    hired = next(s for s in stages_of(fresh, job) if s["type"] == "Hired")
    with webhook_receiver() as (url, received):
        _subscribe(fresh, url, "applicationSubmit", "candidateStageChange", "applicationUpdate", "candidateHire")
        person = fresh.ok("candidate.create", {"name": "Hook Person"})
        app = fresh.ok("application.create", {"candidateId": person["id"], "jobId": job["id"]})
        fresh.ok("application.changeStage", {"applicationId": app["id"], "interviewStageId": hired["id"]})
        delivered = _deliver(fresh)
    assert [d["state"] for d in delivered] == ["delivered"] * 4
    actions = []
    for headers, body in received:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert headers["Ashby-Signature"] == expected and headers["Content-Type"] == "application/json"
        payload = json.loads(body)
        assert not webhook_problems(payload["action"], payload), webhook_problems(payload["action"], payload)
        assert payload["data"]["application"]["id"] == app["id"]
        actions.append(payload["action"])
    assert actions == ["applicationSubmit", "candidateStageChange", "applicationUpdate", "candidateHire"]


def test_failures_are_retried_with_backoff_but_not_after_gone(fresh: AshbySandbox) -> None:
    app = next(a for a in fresh.ok("application.list", {}) if a["status"] == "Active")
    source = fresh.ok("source.list")[0]
    with webhook_receiver(statuses=[500, 502, 200]) as (url, received):
        _subscribe(fresh, url, "applicationUpdate")
        fresh.ok("application.changeSource", {"applicationId": app["id"], "sourceId": source["id"]})
        assert [d["state"] for d in _deliver(fresh)] == ["pending"]
        assert _deliver(fresh, timedelta(seconds=9)) == []  # the first retry waits 10 s
        assert [d["state"] for d in _deliver(fresh, timedelta(seconds=10))] == ["pending"]
        assert _deliver(fresh, timedelta(seconds=29)) == []  # then 20 s more
        done = _deliver(fresh, timedelta(seconds=30))
    assert [d["state"] for d in done] == ["delivered"] and len(done[0]["attempts"]) == 3
    assert len({body for _, body in received}) == 1  # every attempt sent the same bytes
    with webhook_receiver(statuses=[410]) as (url, _received):
        fresh.ok("webhook.create", {"webhookType": "applicationUpdate", "requestUrl": url, "secretToken": SECRET})
        fresh.ok("application.changeSource", {"applicationId": app["id"], "sourceId": None})
        gone = [d for d in _deliver(fresh, timedelta(minutes=5)) if d["url"] == url]
    assert [d["state"] for d in gone] == ["failed"] and len(gone[0]["attempts"]) == 1


def test_disabled_and_deleted_webhooks_get_nothing(fresh: AshbySandbox) -> None:
    app = next(a for a in fresh.ok("application.list", {}) if a["status"] == "Active")
    source = fresh.ok("source.list")[0]
    with webhook_receiver() as (url, received):
        hook, gone = _subscribe(fresh, url, "applicationUpdate", "applicationUpdate")
        fresh.ok("webhook.update", {"webhookId": hook["id"], "enabled": False})
        fresh.ok("webhook.delete", {"webhookId": gone["id"]})
        fresh.ok("application.changeSource", {"applicationId": app["id"], "sourceId": source["id"]})
        assert _deliver(fresh) == []
        fresh.ok("webhook.update", {"webhookId": hook["id"], "enabled": True, "requestUrl": url})
        fresh.ok("application.changeSource", {"applicationId": app["id"], "sourceId": None})
        assert [d["state"] for d in _deliver(fresh)] == ["delivered"]
    assert len(received) == 1


def test_a_failed_write_sends_nothing(fresh: AshbySandbox) -> None:
    app = next(a for a in fresh.ok("application.list", {}) if a["status"] == "Active")
    with webhook_receiver() as (url, received):
        _subscribe(fresh, url, "candidateStageChange")
        fresh.error("application.changeStage", {"applicationId": app["id"], "interviewStageId": "00000000-0000-4000-8000-000000000000"})
        assert _deliver(fresh) == [] and received == []
