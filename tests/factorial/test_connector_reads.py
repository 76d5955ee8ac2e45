"""The Factorial connector's reads: auth, paging, change tracking, deletions, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atsbox.connectors.base import Connector, connector_for
from atsbox.connectors.errors import AuthError
from atsbox.connectors.factorial import connector as factorial_connector
from atsbox.mocks.factorial import DEFAULT_REDIRECT_URI

from .conftest import Sandbox

MODELS = ("jobs", "candidates", "screening_questions", "job_screening_questions")


class Clock:
    """The connector's clock, moved by hand."""

    def __init__(self) -> None:
        self.at = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


def connect(sandbox: Sandbox, clock: Clock | None = None, **credentials: str) -> Connector:
    creds = credentials or {"api_key": sandbox.api_key}
    extra = {"now": clock} if clock is not None else {}
    return connector_for("factorial", wsgi_app=sandbox.app, credentials=creds, **extra)


def oauth_connect(sandbox: Sandbox, clock: Clock | None = None) -> Connector:
    return connect(sandbox, clock, client_id=sandbox.client_id, client_secret=sandbox.client_secret,
                   redirect_uri=DEFAULT_REDIRECT_URI)  # fmt: skip


def dump(records: list) -> list:
    return sorted((r.model_dump(exclude={"changed_at"}) for r in records), key=lambda r: r["id"])


def test_oauth_and_api_key_read_the_same(sandbox: Sandbox) -> None:
    clock = Clock()
    by_key, by_oauth = connect(sandbox, clock), oauth_connect(sandbox, clock)
    for model in MODELS:
        assert dump(by_oauth.read(model)) == dump(by_key.read(model)), model
    assert by_oauth.oauth is not None and by_oauth.oauth.token is not None


def test_small_pages_read_the_same(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = dump(connect(sandbox).read("candidates"))
    monkeypatch.setattr(factorial_connector, "PAGE", 7)
    assert dump(connect(sandbox).read("candidates")) == whole
    assert len(whole) > 7


def test_nothing_changed_means_an_empty_delta(sandbox: Sandbox) -> None:
    clock = Clock()
    connector = connect(sandbox, clock)
    first = {m: connector.read(m) for m in MODELS}
    clock.at += timedelta(hours=1)
    for model in MODELS:
        again = connector.read(model)
        assert [r.changed_at for r in again] == [r.changed_at for r in first[model]], model
        assert connector.read(model, clock.at - timedelta(minutes=1)) == [], model


def test_edits_show_up_in_the_next_delta(sandbox: Sandbox) -> None:
    clock = Clock()
    connector = connect(sandbox, clock)
    jobs = connector.read("jobs")
    candidates = connector.read("candidates")
    clock.at += timedelta(hours=1)
    cutoff = clock.at - timedelta(minutes=1)
    job, cand = next(j for j in jobs if j.remote_deleted_at is None), candidates[0]
    renamed = sandbox.put(f"ats/job_postings/{job.remote_id}", json={"id": job.remote_id, "title": "Renamed"})
    assert renamed.status_code == 200
    sandbox.put(f"ats/candidates/{cand.remote_id}", json={"id": cand.remote_id, "last_name": "Changed"})
    changed_jobs = connector.read("jobs", cutoff)
    assert [(j.id, j.name) for j in changed_jobs] == [(job.id, "Renamed")]
    assert changed_jobs[0].changed_at == clock.at  # Factorial dates no job change: the read does
    assert [c.id for c in connector.read("candidates", cutoff)] == [cand.id]


def test_deletions_are_reported_once_noticed_and_kept(sandbox: Sandbox) -> None:
    clock = Clock()
    connector = connect(sandbox, clock)
    cand = connector.read("candidates")[0]
    live = [j for j in connector.read("jobs") if j.remote_deleted_at is None]
    asked = {q.job_id for q in connector.read("job_screening_questions")}
    removed, trashed = [j for j in live if j.id in asked][:2]
    clock.at += timedelta(hours=1)
    assert sandbox.call("DELETE", f"ats/candidates/{cand.remote_id}").status_code == 200
    assert sandbox.call("DELETE", f"ats/job_postings/{removed.remote_id}").status_code == 200
    moved = sandbox.put(
        f"ats/job_postings/{trashed.remote_id}", json={"id": trashed.remote_id, "status": "deleted"}
    )
    assert moved.status_code == 200
    gone = {c.id: c for c in connector.read("candidates")}[cand.id]
    assert gone.remote_deleted_at == clock.at and gone.first_name == cand.first_name
    jobs = {j.id: j for j in connector.read("jobs")}
    assert jobs[removed.id].remote_deleted_at == clock.at and jobs[removed.id].name == removed.name
    assert jobs[trashed.id].remote_deleted_at == clock.at and jobs[trashed.id].status == "ARCHIVED"
    rows = [r for r in connector.read("job_screening_questions") if r.job_id in (removed.id, trashed.id)]
    assert {r.job_id for r in rows} == {removed.id, trashed.id}
    assert all(r.remote_deleted_at == clock.at for r in rows)
    clock.at += timedelta(hours=1)
    still = {c.id: c for c in connector.read("candidates")}[cand.id]
    assert still.remote_deleted_at == gone.remote_deleted_at  # dated once, when first noticed


def test_change_log_survives_a_snapshot(sandbox: Sandbox) -> None:
    clock = Clock()
    first = connect(sandbox, clock)
    before = first.read("candidates")
    later = connect(sandbox, clock)
    later.changes.restore(first.changes.snapshot())
    clock.at += timedelta(hours=1)
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
    clock = Clock()
    connector = oauth_connect(sandbox, clock)
    before = connector.read("candidates")
    first = connector.oauth.token
    assert first is not None
    sandbox.advance(hours=3)  # the sandbox expires the token; the connector's clock did not move
    assert len(connector.read("candidates")) == len(before)
    assert connector.oauth.token.access_token != first.access_token
    clock.at += timedelta(hours=3)  # now the connector knows it expired: it refreshes before asking
    refreshed = connector.oauth.token.access_token
    connector.read("jobs")
    assert connector.oauth.token.access_token != refreshed
