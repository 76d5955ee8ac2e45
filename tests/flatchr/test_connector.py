"""The Flatchr connector against the mock: the page's notes, writes, deltas and errors."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from atsbox.connectors.errors import AuthError, InvalidInput, RemoteError
from atsbox.connectors.ids import unified_id
from atsbox.contracts.vendors.flatchr import applicant_input, held_application, job_uid, open_jobs
from atsbox.mocks.flatchr import ids


def test_hidden_stages_are_still_in_their_jobs_stages(flatchr):
    rows = flatchr.connector().read("job_stages")
    by_job = {}
    for row in rows:
        by_job.setdefault(row.job_id, set()).add(row.stage_id)
    hidden = [(j, s) for j in flatchr.world.jobs for s in j.stages if s.hidden]
    assert hidden
    for job, stage in hidden:
        job_id = unified_id("jobs", ids.encoded_id("job", job.id))
        assert unified_id("application_stages", str(ids.clear_id(stage.id))) in by_job[job_id]
    stages = {s.id: s for s in flatchr.connector().read("application_stages")}
    assert all(unified_id("application_stages", str(ids.clear_id(s.id))) in stages for _, s in hidden)


def test_only_the_first_cv_is_uploaded(fresh):
    connector = fresh.connector()
    job = job_uid(open_jobs(fresh.world)[0])
    data = applicant_input("single.cv@example.org")
    created = connector.create_application(job, data)
    held = held_application(connector.passthrough, fresh.company, "single.cv@example.org")
    assert held["attachments.name"] == "CV_Amelie.pdf"
    assert base64.b64decode(held["attachments.data"]) == b"%PDF-1.4\n% atsbox contract CV\n"
    assert created.application.job_id == job
    assert created.candidate.email_addresses[0].email_address == "single.cv@example.org"
    assert created.application.id in connector.tracked_application_ids


def test_a_cv_given_by_url_is_sent_as_a_link(fresh):
    connector = fresh.connector()
    data = applicant_input("link.cv@example.org")
    data["attachments"] = [{"name": "cv.pdf", "data_url": "https://files.example.com/cv.pdf", "type": "CV"}]
    connector.create_candidate({**data, "application": {"job_id": job_uid(open_jobs(fresh.world)[0])}})
    row = fresh.api(
        "POST", "/search/applicants?fields=candidate", json={"email": "link.cv@example.org"}
    ).json[0]
    assert row["candidate"]["cv"] == "https://files.example.com/cv.pdf"


def test_create_without_a_cv_or_for_a_closed_job_is_refused(fresh):
    connector = fresh.connector()
    data = applicant_input("no.cv@example.org")
    data["attachments"] = data["attachments"][:1]
    with pytest.raises(InvalidInput) as err:
        connector.create_application(job_uid(open_jobs(fresh.world)[0]), data)
    assert err.value.field == "attachments"
    closed = next(
        j for j in fresh.world.jobs if j.status in ("CLOSED", "ARCHIVED") and j.times.deleted_at is None
    )
    with pytest.raises(RemoteError) as remote:
        connector.create_application(job_uid(closed), applicant_input("closed@example.org"))
    assert remote.value.code == "REMOTE.INPUT_INVALID"


def test_delta_sync_returns_moved_applications_and_deletions(fresh):
    connector = fresh.connector()
    full = connector.read("applications")
    cutoff = max(a.changed_at for a in full)
    assert connector.read("applications", cutoff) == []
    live = next(a for a in full if a.remote_deleted_at is None and a.outcome == "PENDING")
    applicant = fresh.api("GET", f"/applicant/{live.remote_id}").json
    columns = [c for c in fresh.api("GET", "/columns").json if c["vacancy_id"] == applicant["vacancy_id"]]
    target = next(c for c in columns if c["id"] != applicant["column_id"] and c["visible"])
    fresh.clock.freeze(fresh.world.anchor + timedelta(days=1))
    fresh.api(
        "PUT",
        f"/vacancy/{applicant['vacancy_id']}/applicant/{live.remote_id}",
        json={"column_id": target["id"]},
    )
    delta = connector.read("applications", cutoff)
    assert [a.id for a in delta] == [live.id]
    assert delta[0].current_stage_id == unified_id("application_stages", str(target["id"]))
    deleted = [a for a in full if a.remote_deleted_at is not None]
    since = min(a.remote_deleted_at for a in deleted) - timedelta(seconds=1)
    assert {a.id for a in connector.read("applications", since) if a.remote_deleted_at}


def test_bad_credentials_and_unknown_ids_map_to_unified_errors(flatchr):
    from atsbox.contracts.vendors.flatchr import make_connector

    wrong = make_connector(flatchr.target(), credentials={"api_key": "x" * 40})
    with pytest.raises(AuthError) as err:
        wrong.read("jobs")
    assert err.value.code == "INTEGRATION.AUTHENTICATION_INVALID"
    with pytest.raises(RemoteError) as missing:
        flatchr.connector().create_application("remote:AAAAAAAAAAAAAAAA", applicant_input("x@example.org"))
    assert missing.value.status == 404


def test_actions_not_on_the_page_are_not_available(flatchr):
    from atsbox.connectors.errors import NotAvailable

    with pytest.raises(NotAvailable):
        flatchr.connector().move_application_to_stage("remote:a", "remote:b")


def test_tags_keep_the_time_they_were_first_seen(flatchr):
    connector = flatchr.connector()
    first = {t.id: t.changed_at for t in connector.read("tags")}
    assert {t.id: t.changed_at for t in connector.read("tags")} == first
    assert connector.read("tags", max(first.values())) == []


def test_tags_are_dated_by_flatchrs_clock_so_two_connectors_agree(fresh):
    day = fresh.clock.freeze((fresh.world.anchor + timedelta(days=1)).replace(microsecond=0))
    one, two = fresh.connector().read("tags"), fresh.connector().read("tags")
    assert one and [t.model_dump() for t in one] == [t.model_dump() for t in two]
    assert {t.changed_at for t in one if t.remote_deleted_at is None} == {day}


def test_delta_sync_reports_applicants_and_candidates_deleted_since(fresh):
    """Records binned after a full sync come back in the next delta with remote_deleted_at."""
    from atsbox.mocks.flatchr import render

    from .conftest import TENANT

    connector = fresh.connector()
    fresh.clock.freeze(fresh.world.anchor + timedelta(days=2))
    apps = [a for a in connector.read("applications") if a.remote_deleted_at is None]
    people = [c for c in connector.read("candidates") if c.remote_deleted_at is None]
    gone_app = apps[0]
    # A candidate with live applications of their own, so their rows must change too.
    with_apps = {a.candidate_id for a in apps}
    gone_person = next(c for c in people if c.id != gone_app.candidate_id and c.id in with_apps)
    since = fresh.clock.advance(timedelta(minutes=1))
    at = fresh.clock.advance(timedelta(minutes=1))
    fresh.store.soft_delete(TENANT, "flatchr", render.APPLICANT, gone_app.remote_id, at=at)
    fresh.store.soft_delete(TENANT, "flatchr", render.CANDIDATE, gone_person.remote_id, at=at)
    fresh.clock.advance(timedelta(minutes=1))
    delta_apps = connector.read("applications", since)
    deleted_apps = {a.id: a for a in delta_apps if a.remote_deleted_at}
    deleted_people = {c.id: c for c in connector.read("candidates", since) if c.remote_deleted_at}
    assert gone_app.id in deleted_apps and gone_person.id in deleted_people
    # An applicant carries its candidate: the binned candidate's applications changed too.
    theirs = {a.id for a in apps if a.candidate_id == gone_person.id}
    assert theirs and theirs <= {a.id for a in delta_apps}
    assert deleted_apps[gone_app.id].remote_deleted_at == at


def test_without_the_bin_a_delta_reports_what_is_gone_since():
    """Flatchr itself serves no deleted_at: a record missing from a complete listing was
    deleted, reported by the next delta, dated by Flatchr's clock, with what went with it."""
    from atsbox.mocks.flatchr import render

    from .conftest import TENANT, make_sandbox

    sandbox = make_sandbox(config={"expose_deleted": False})
    connector = sandbox.connector()
    sandbox.clock.freeze((sandbox.world.anchor + timedelta(days=2)).replace(microsecond=0))  # HTTP dates: s
    apps = connector.read("applications")
    people = connector.read("candidates")
    tagged = {t.candidate_id: t for t in connector.read("candidate_tags")}
    assert not [r for r in apps + people if r.remote_deleted_at]
    gone_person = next(c for c in people if c.id in tagged)
    gone_app = next(a for a in apps if a.candidate_id != gone_person.id)
    since = sandbox.clock.advance(timedelta(minutes=1))
    at = sandbox.clock.advance(timedelta(minutes=1))
    sandbox.store.soft_delete(TENANT, "flatchr", render.APPLICANT, gone_app.remote_id, at=at)
    sandbox.store.soft_delete(TENANT, "flatchr", render.CANDIDATE, gone_person.remote_id, at=at)
    noticed = sandbox.clock.advance(timedelta(minutes=1))

    went = {gone_app.id} | {a.id for a in apps if a.candidate_id == gone_person.id}
    assert {a.id: a.remote_deleted_at for a in connector.read("applications", since)} == dict.fromkeys(
        went, noticed
    )
    # Flatchr lists candidates only through their applicants: one left without any is gone too.
    orphaned = {a.candidate_id for a in apps} - {a.candidate_id for a in apps if a.id not in went}
    assert gone_person.id in orphaned
    deleted_people = {c.id: c.remote_deleted_at for c in connector.read("candidates", since)}
    assert deleted_people == dict.fromkeys(orphaned, noticed)
    assert tagged[gone_person.id].id in {
        t.id for t in connector.read("candidate_tags", since) if t.remote_deleted_at
    }
    assert connector.read("applications", noticed) == [] and connector.read("candidates", noticed) == []
