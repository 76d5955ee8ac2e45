"""The Factorial connector's reads: auth, paging, change tracking, deletions, errors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from atsbox.connectors.base import Connector, connector_for
from atsbox.connectors.errors import AuthError
from atsbox.connectors.factorial import connector as factorial_connector
from atsbox.connectors.factorial import mapping
from atsbox.mocks.factorial import DEFAULT_REDIRECT_URI

from .conftest import Sandbox

MODELS = ("jobs", "candidates", "screening_questions", "job_screening_questions")


def connect(sandbox: Sandbox, **credentials: str) -> Connector:
    creds = credentials or {"api_key": sandbox.api_key}
    return connector_for("factorial", wsgi_app=sandbox.app, credentials=creds)


def oauth_connect(sandbox: Sandbox) -> Connector:
    return connect(sandbox, client_id=sandbox.client_id, client_secret=sandbox.client_secret,
                   redirect_uri=DEFAULT_REDIRECT_URI)  # fmt: skip


def dump(records: list) -> list:
    return sorted((r.model_dump(exclude={"changed_at"}) for r in records), key=lambda r: r["id"])


def test_oauth_and_api_key_read_the_same(sandbox: Sandbox) -> None:
    by_key, by_oauth = connect(sandbox), oauth_connect(sandbox)
    for model in MODELS:
        assert dump(by_oauth.read(model)) == dump(by_key.read(model)), model
    assert by_oauth.oauth is not None and by_oauth.oauth.token is not None


def test_small_pages_read_the_same(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = dump(connect(sandbox).read("candidates"))
    monkeypatch.setattr(factorial_connector, "PAGE", 7)
    assert dump(connect(sandbox).read("candidates")) == whole
    assert len(whole) > 7


def test_nothing_changed_means_an_empty_delta(sandbox: Sandbox) -> None:
    connector = connect(sandbox)
    first = {m: connector.read(m) for m in MODELS}
    sandbox.advance(hours=1)
    for model in MODELS:
        again = connector.read(model)
        assert [r.changed_at for r in again] == [r.changed_at for r in first[model]], model
        assert connector.read(model, sandbox.clock.now() - timedelta(minutes=1)) == [], model


def test_edits_show_up_in_the_next_delta_dated_by_factorials_clock(sandbox: Sandbox) -> None:
    connector = connect(sandbox)
    jobs = connector.read("jobs")
    candidates = connector.read("candidates")
    sandbox.advance(hours=1)
    cutoff = sandbox.clock.now() - timedelta(minutes=1)
    job, cand = next(j for j in jobs if j.remote_deleted_at is None), candidates[0]
    renamed = sandbox.put(f"ats/job_postings/{job.remote_id}", json={"id": job.remote_id, "title": "Renamed"})
    assert renamed.status_code == 200
    sandbox.put(f"ats/candidates/{cand.remote_id}", json={"id": cand.remote_id, "last_name": "Changed"})
    changed_jobs = connector.read("jobs", cutoff)
    assert [(j.id, j.name) for j in changed_jobs] == [(job.id, "Renamed")]
    # Factorial dates no job change: the read that noticed it does, by Factorial's Date.
    assert changed_jobs[0].changed_at == sandbox.clock.now()
    assert [c.id for c in connector.read("candidates", cutoff)] == [cand.id]


def test_deletions_are_reported_once_noticed_and_kept(sandbox: Sandbox) -> None:
    connector = connect(sandbox)
    cand = connector.read("candidates")[0]
    live = [j for j in connector.read("jobs") if j.remote_deleted_at is None]
    asked = {q.job_id for q in connector.read("job_screening_questions")}
    removed, trashed = [j for j in live if j.id in asked][:2]
    sandbox.advance(hours=1)
    noticed = sandbox.clock.now()
    assert sandbox.call("DELETE", f"ats/candidates/{cand.remote_id}").status_code == 200
    assert sandbox.call("DELETE", f"ats/job_postings/{removed.remote_id}").status_code == 200
    moved = sandbox.put(
        f"ats/job_postings/{trashed.remote_id}", json={"id": trashed.remote_id, "status": "deleted"}
    )
    assert moved.status_code == 200
    gone = {c.id: c for c in connector.read("candidates")}[cand.id]
    assert gone.remote_deleted_at == noticed and gone.first_name == cand.first_name
    jobs = {j.id: j for j in connector.read("jobs")}
    assert jobs[removed.id].remote_deleted_at == noticed and jobs[removed.id].name == removed.name
    assert jobs[trashed.id].remote_deleted_at == noticed and jobs[trashed.id].status == "ARCHIVED"
    rows = [r for r in connector.read("job_screening_questions") if r.job_id in (removed.id, trashed.id)]
    assert {r.job_id for r in rows} == {removed.id, trashed.id}
    assert all(r.remote_deleted_at == noticed for r in rows)
    sandbox.advance(hours=1)
    still = {c.id: c for c in connector.read("candidates")}[cand.id]
    assert still.remote_deleted_at == noticed  # dated once, when first noticed


def test_a_posting_deleted_before_the_first_read_is_dated_by_its_own_latest_time(sandbox: Sandbox) -> None:
    deleted = [j for j in connect(sandbox).read("jobs") if j.remote_deleted_at is not None]
    assert deleted, "the world has deleted jobs"
    for job in deleted:
        raw = next(iter(job.remote_data.values()))
        own = [mapping.parse_time(raw[k]) for k in ("published_at", "created_at") if raw[k]]
        assert job.remote_deleted_at == max(own)


def test_change_log_survives_a_snapshot(sandbox: Sandbox) -> None:
    first = connect(sandbox)
    before = first.read("candidates")
    later = connect(sandbox)
    later.changes.restore(first.changes.snapshot())
    sandbox.advance(hours=1)
    assert [r.changed_at for r in later.read("candidates")] == [r.changed_at for r in before]


def test_refused_credentials_are_auth_errors_with_factorials_message(sandbox: Sandbox) -> None:
    with pytest.raises(AuthError) as refused:
        connect(sandbox, api_key="wrong").read("candidates")
    assert refused.value.code == "INTEGRATION.AUTHENTICATION_INVALID"
    assert "Invalid API key" in refused.value.message
    with pytest.raises(AuthError):
        connect(sandbox, client_id=sandbox.client_id, client_secret="wrong",
                redirect_uri=DEFAULT_REDIRECT_URI).read("candidates")  # fmt: skip


def test_an_expired_oauth_token_is_refreshed_and_the_read_goes_on(sandbox: Sandbox) -> None:
    connector = oauth_connect(sandbox)
    before = connector.read("candidates")
    first = connector.oauth.token
    assert first is not None and first.expires_at == sandbox.clock.now() + timedelta(hours=2)
    sandbox.advance(hours=3)  # the token expired; the connector learns it from the 401
    assert len(connector.read("candidates")) == len(before)
    second = connector.oauth.token.access_token
    assert second != first.access_token
    sandbox.advance(hours=3)
    connector.read("jobs")  # refused again, refreshed again
    assert connector.oauth.token.access_token != second
