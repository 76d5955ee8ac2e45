"""The Ashby connector on its own: reads, change tracking, delta syncs, deletions, errors
and the write actions' validation."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest

from atsbox.connectors.base import Connector, connector_for
from atsbox.connectors.errors import AuthError, InvalidInput, RemoteError
from atsbox.connectors.ids import unified_id
from atsbox.mocks.ashby.ids import native_id

from .conftest import AshbySandbox
from .helpers import job_with_form, stages_of


def connect(sb: AshbySandbox, key: str | None = None) -> Connector:
    connector = connector_for("ashby", wsgi_app=sb.app, credentials={"api_key": key or sb.key})
    connector.now = lambda: sb.clock.now()  # type: ignore[attr-defined]
    return connector


def test_full_read_delivers_the_live_world(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    candidates = connector.read("candidates")
    live = {native_id("candidate", c.id) for c in fresh.world.candidates if c.times.deleted_at is None}
    assert {c.remote_id for c in candidates} == live
    apps = connector.read("applications")
    assert len(apps) == sum(1 for a in fresh.world.applications if a.times.deleted_at is None)
    assert all(a.remote_deleted_at is None for a in apps)


def test_one_sync_pass_fetches_each_endpoint_once(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    connector.read("jobs")
    calls = connector.api.calls
    for model in ("job_postings", "job_hiring_team", "screening_questions", "job_screening_questions"):
        connector.read(model)
    assert connector.api.calls == calls  # all from what the jobs read fetched
    connector.read("jobs")  # a model read again starts the next pass
    assert connector.api.calls > calls


def test_changed_at_is_updated_at_or_first_seen(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    candidate = connector.read("candidates")[0]
    assert candidate.changed_at == candidate.remote_updated_at
    first = {t.id: t.changed_at for t in connector.read("tags")}
    fresh.clock.advance(timedelta(hours=1))
    again = {t.id: t.changed_at for t in connector.read("tags")}
    assert again == first  # unchanged records keep the time they were first seen
    fresh.ok("candidateTag.create", {"title": "Brand new tag"})
    newest = connector.read("tags")
    stamped = [t for t in newest if t.id not in first]
    assert [t.name for t in stamped] == ["Brand new tag"] and stamped[0].changed_at == fresh.clock.now()


def test_delta_uses_the_sync_token_and_falls_back_when_it_expires(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    full = connector.read("tags")
    cutoff = fresh.clock.now()
    fresh.clock.advance(timedelta(minutes=1))
    made = fresh.ok("candidateTag.create", {"title": "Delta tag"})
    calls = connector.api.calls
    delta = connector.read("tags", cutoff)
    assert [t.remote_id for t in delta] == [made["id"]]
    assert connector.api.calls - calls == 1  # one incremental page
    fresh.clock.advance(timedelta(days=8))  # the token is older than its lifetime now
    calls = connector.api.calls
    assert [t.remote_id for t in connector.read("tags", cutoff)] == [made["id"]]
    assert connector.api.calls - calls > 1  # the refused token meant a full listing
    assert len(connector.read("tags")) == len(full) + 1


def test_disappeared_records_come_back_deleted(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    before = connector.read("candidates")
    gone = before[0]
    fresh.clock.advance(timedelta(minutes=5))
    fresh.store.soft_delete(fresh.tenant, "ashby", "candidate", gone.remote_id, at=fresh.clock.now())
    cutoff = fresh.clock.now()
    fresh.clock.advance(timedelta(minutes=5))
    after = {c.id: c for c in connector.read("candidates")}
    assert len(after) == len(before) and after[gone.id].remote_deleted_at == fresh.clock.now()
    assert after[gone.id].first_name == gone.first_name  # as last seen
    assert [c.id for c in connector.read("candidates", cutoff)] == [gone.id]
    again = {c.id: c for c in connector.read("candidates")}
    assert again[gone.id].remote_deleted_at == after[gone.id].remote_deleted_at


def test_archived_tags_are_deleted_ones(fresh: AshbySandbox) -> None:
    tags = connect(fresh).read("tags")
    archived = {native_id("tag", t.id) for t in fresh.world.tags if t.times.deleted_at is not None}
    assert {t.remote_id for t in tags if t.remote_deleted_at} == archived


def test_errors_map_to_unified_ones(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    with pytest.raises(RemoteError) as missing:
        connector.move_application_to_stage("remote:00000000-0000-4000-8000-000000000000", "remote:x")
    assert missing.value.code == "REMOTE.INPUT_INVALID" and "application_not_found" in str(missing.value)
    limited = connect(fresh, fresh.read_only_key)
    with pytest.raises(AuthError) as refused:
        limited.add_candidate_tag(connector.read("candidates")[0].id, {"name": "x"})
    assert refused.value.code == "INTEGRATION.PERMISSION_MISSING"


def _applicant(fresh: AshbySandbox, **changes: Any) -> tuple[str, dict[str, Any]]:
    job, _ = job_with_form(fresh)
    data = {"candidate": {"first_name": "Una", "last_name": "Tested", "email_address": "una.tested@example.com"}}
    data.update(changes)
    return unified_id("jobs", job["id"]), data


def test_create_application_refuses_a_foreign_stage_before_writing(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    job_uid, data = _applicant(fresh)
    other = next(j for j in fresh.ok("job.list", {}) if unified_id("jobs", j["id"]) != job_uid)
    foreign = stages_of(fresh, other)[0]["id"]
    seq = fresh.store.current_seq(fresh.tenant)
    with pytest.raises(InvalidInput) as bad:
        connector.create_application(job_uid, {**data, "stage_id": unified_id("application_stages", foreign)})
    assert bad.value.field == "application.stage_id"
    assert fresh.store.current_seq(fresh.tenant) == seq  # nothing was written


def test_create_application_warns_about_what_ashby_cannot_take(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    job_uid, data = _applicant(fresh, source={"name": "Carrier pigeon"})
    made = connector.create_application(job_uid, data)
    assert made.application.job_id == job_uid and made.candidate.email_addresses[0].email_address == "una.tested@example.com"
    assert any("Carrier pigeon" in w for w in made.warnings)
    with pytest.raises(RemoteError) as dup:
        connector.create_application(job_uid, {**data, "source": None})
    assert dup.value.code == "ATS.APPLICATION_ALREADY_EXISTS"


def test_moving_to_an_archived_stage_is_a_rejection(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    app = next(a for a in fresh.ok("application.list", {}) if a["status"] == "Active")
    stages = fresh.ok("interviewStage.list", {"interviewPlanId": app["currentInterviewStage"]["interviewPlanId"]})
    archived = next(s for s in stages if s["type"] == "Archived")
    with pytest.raises(InvalidInput):
        connector.move_application_to_stage(unified_id("applications", app["id"]),
                                            unified_id("application_stages", archived["id"]))  # fmt: skip


def test_candidate_side_rejections_go_to_the_withdrawn_stage(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    reasons = fresh.ok("archiveReason.list")
    by_candidate = next(r for r in reasons if r["reasonType"] == "RejectedByCandidate")
    for app in fresh.ok("application.list", {}):
        stages = fresh.ok("interviewStage.list", {"interviewPlanId": app["currentInterviewStage"]["interviewPlanId"]})
        archived = [s for s in stages if s["type"] == "Archived"]
        if app["status"] == "Active" and len(archived) > 1:
            break
    else:
        pytest.skip("no active application in a plan with two archived stages")
    connector.reject_application(unified_id("applications", app["id"]),
                                 {"rejection_reason_id": unified_id("rejection_reasons", by_candidate["id"]),
                                  "note": "Took another offer"})  # fmt: skip
    now = fresh.ok("application.info", {"applicationId": app["id"]})
    assert now["currentInterviewStage"]["id"] == archived[-1]["id"] and now["archiveReason"]["id"] == by_candidate["id"]
    notes = fresh.ok("candidate.listNotes", {"candidateId": app["candidate"]["id"]})
    assert notes[-1]["content"] == "Took another offer"


def test_application_attachments_are_the_candidates_files(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    app = next(a for a in fresh.ok("application.list", {}) if fresh.ok("candidate.info", {"id": a["candidate"]["id"]})["fileHandles"])
    files = connector.get_application_attachments(unified_id("applications", app["id"]))
    candidate = fresh.ok("candidate.info", {"id": app["candidate"]["id"]})
    assert sorted(f.file_name for f in files) == sorted(h["name"] for h in candidate["fileHandles"])
    raw, content_type = connector.fetch(files[0].data_url)
    assert raw and files[0].content_type == content_type.split(";")[0]
    resume = candidate.get("resumeFileHandle", {}).get("id")
    assert {f.type for f in files} == ({"CV"} if resume else set()) | ({"OTHER"} if len(files) > bool(resume) else set())


def test_webhook_signatures_are_checked() -> None:
    from atsbox.connectors.ashby import AshbyConnector
    from atsbox.connectors.ashby.webhooks import signature

    body = b'{"action":"applicationUpdate","data":{}}'
    payload, models = AshbyConnector.handle_webhook(body, signature("s3cret", body), "s3cret")
    assert payload["action"] == "applicationUpdate" and models == ("applications",)
    with pytest.raises(InvalidInput):
        AshbyConnector.handle_webhook(body, signature("other", body), "s3cret")
    with pytest.raises(InvalidInput):
        AshbyConnector.handle_webhook(body, None, "s3cret")


def test_data_urls_are_fetched_into_uploads(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    cand = connector.read("candidates")[0]
    raw = b"portfolio bytes"
    connector.add_candidate_attachment(cand.id, {"name": "folio.txt", "type": "OTHER",
                                                  "data_url": "data:text/plain;base64," + base64.b64encode(raw).decode()})  # fmt: skip
    handles = fresh.ok("candidate.info", {"id": cand.remote_id})["fileHandles"]
    url = fresh.ok("file.info", {"fileHandle": next(h for h in handles if h["name"] == "folio.txt")["handle"]})["url"]
    assert connector.fetch(url)[0] == raw
