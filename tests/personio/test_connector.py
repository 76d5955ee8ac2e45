"""The Personio connector: reads, delta reads, noticed deletions, writes and their errors."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from atsbox.connectors.errors import InvalidInput, NotAvailable, RemoteError
from atsbox.connectors.ids import unified_id
from atsbox.connectors.personio import careers, mapping
from atsbox.mocks.personio import ids
from atsbox.mocks.personio.vocabulary import is_live_published

from .conftest import TENANT


def job_uid(job) -> str:
    return unified_id("jobs", str(ids.native_int("job", job.id)))


def published(sandbox):
    return next(j for j in sandbox.world.jobs if is_live_published(j))


def applicant(email: str, **extra):
    return {
        "candidate": {
            "first_name": "Kim",
            "last_name": "Lee",
            "email_address": email,
            **extra.pop("candidate", {}),
        },
        **extra,
    }


# --- reads --------------------------------------------------------------------------------


def test_jobs_merge_v2_with_the_feed(personio):
    jobs = {j.remote_id: j for j in personio.connector().read("jobs")}
    world = {str(ids.native_int("job", j.id)): j for j in personio.world.jobs if j.times.deleted_at is None}
    assert set(jobs) == set(world)
    for remote_id, job in jobs.items():
        source = world[remote_id]
        assert job.name == source.name
        if is_live_published(source):
            assert (job.status, job.visibility) == ("OPEN", "PUBLIC")
            assert job.post_url == f"https://{personio.company}.jobs.personio.de/job/{remote_id}"
            assert set(job.remote_data) == {f"/v2/recruiting/jobs/{remote_id}", "/xml"}
        else:
            assert job.status is job.visibility is job.description is job.post_url is None


def test_a_feed_only_connection_still_reads_the_published_jobs(personio):
    connector = personio.connector()
    connector.credentials.pop("client_id")
    jobs = connector.read("jobs")
    assert {j.remote_id for j in jobs} == {
        str(ids.native_int("job", j.id)) for j in personio.world.jobs if is_live_published(j)
    }
    assert all(j.status == "OPEN" and j.remote_created_at is not None for j in jobs)


def test_outcome_follows_the_phase():
    assert [mapping.outcome(s) for s in ("accepted", "rejected", "withdrawn", "offer", "26001")] == [
        "HIRED", "DECLINED", "DECLINED", "PENDING", "PENDING",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Berlin, DE", {"city": "Berlin", "country": "DE"}), ("DE", {"country": "DE"}), ("Köln", {"city": "Köln"}),
     ("Frankfurt am Main, Hessen, DE", {"city": "Frankfurt am Main, Hessen", "country": "DE"}), (None, None)],
)  # fmt: skip
def test_candidate_locations_are_parsed(text, expected):
    assert mapping.location(text) == expected


def test_stages_are_inferred_in_pipeline_order(personio):
    connector = personio.connector()
    stages = [s.remote_id for s in connector.read("application_stages")]
    assert stages == sorted(stages, key=mapping.pipeline_key)
    assert "unassigned" in stages
    rows = connector.read("job_stages")
    for job in {r.job_id for r in rows}:
        indexes = sorted(r.index for r in rows if r.job_id == job)
        assert indexes == list(range(len(indexes)))


def test_screening_questions_come_from_the_apply_forms(personio):
    connector = personio.connector()
    questions = {q.remote_id: q for q in connector.read("screening_questions")}
    world = {ids.attribute_id("question", q.id): q for q in personio.world.questions}
    for remote_id, question in questions.items():
        assert question.title == world[remote_id].title
        assert question.format.type == world[remote_id].format.type
    rows = connector.read("job_screening_questions")
    job = published(personio)
    mine = sorted((r for r in rows if r.job_id == job_uid(job)), key=lambda r: r.index)
    assert [r.required for r in mine] == [jq.required for jq in sorted(job.questions, key=lambda q: q.index)]


def test_apply_form_parser_reads_preconditions_and_radio_options():
    page = b"""<form id="application-form">
      <div class="application-field" data-attribute="custom_attribute_1">
        <label for="field-custom_attribute_1">Relocate?* (erforderlich)</label>
        <input type="checkbox" name="custom_attribute_1" id="field-custom_attribute_1" value="true"></div>
      <div class="application-field" data-attribute="custom_attribute_2" data-depends-on="custom_attribute_1"
           data-depends-on-values="true">
        <label for="field-custom_attribute_2">Where &amp; when</label>
        <p class="application-field-description">&lt;b&gt;City&lt;/b&gt;</p>
        <fieldset id="field-custom_attribute_2">
          <input type="radio" name="custom_attribute_2" id="field-custom_attribute_2-custom_option_5" value="custom_option_5">
          <label for="field-custom_attribute_2-custom_option_5">Berlin</label></fieldset></div>
    </form>"""
    gate, question = careers.parse_apply_page(page)
    assert (gate.label, gate.required, gate.control) == ("Relocate?", True, "checkbox")
    assert (question.label, question.required, question.description) == ("Where & when", False, "<b>City</b>")
    assert (question.depends_on, question.depends_on_values) == ("custom_attribute_1", ["true"])
    assert question.options == [("custom_option_5", "Berlin")]
    assert careers.question_format(question, str)["display_type"] == "RADIO"


def test_delta_reads_return_only_what_changed(fresh):
    connector = fresh.connector()
    full = connector.read("applications")
    cutoff = max(a.changed_at for a in full)
    assert connector.read("applications", cutoff) == []
    assert connector.read("candidates", cutoff) == []
    fresh.clock.freeze(cutoff + timedelta(minutes=5))
    created = connector.create_application(job_uid(published(fresh)), applicant("delta@example.org"))
    assert [a.id for a in connector.read("applications", cutoff)] == [created.application.id]
    assert [c.id for c in connector.read("candidates", cutoff)] == [created.candidate.id]
    assert created.application.current_stage_id in {
        s.id for s in connector.read("application_stages", cutoff)
    }


def test_a_record_gone_since_the_last_read_is_reported_deleted(fresh):
    connector = fresh.connector()
    before = {a.remote_id for a in connector.read("applications")}
    victim = sorted(before)[0]
    record = fresh.store.get(TENANT, "personio", "application", victim)
    fresh.store.soft_delete(
        TENANT, "personio", "application", victim, at=record.updated_at + timedelta(seconds=1)
    )
    after = {a.remote_id: a for a in connector.read("applications")}
    assert set(after) == before
    assert after[victim].remote_deleted_at is not None
    assert all(a.remote_deleted_at is None for rid, a in after.items() if rid != victim)
    assert (
        connector.read("applications")[-1].remote_deleted_at == after[victim].remote_deleted_at
    )  # stays reported


def test_a_delta_read_reports_what_went_since_and_what_that_changed(fresh):
    """Deletions after a full sync show in the next delta, dated by Personio's clock, with the
    records derived from them: the job stage only the deleted application occupied, and a
    candidate whose source came from it."""
    connector = fresh.connector()
    fresh.clock.freeze(fresh.clock.now().replace(microsecond=0))  # HTTP dates are in seconds
    apps = connector.read("applications")
    people = {c.id: c for c in connector.read("candidates")}
    rows = {r.id: r for r in connector.read("job_stages")}
    by_candidate: dict[str, list] = {}
    for app in apps:
        by_candidate.setdefault(app.candidate_id, []).append(app)
    # An application that alone sits in its job's stage and is its candidate's only one.
    occupied: dict[tuple[str, str], int] = {}
    for app in apps:
        occupied[app.job_id, app.current_stage_id] = occupied.get((app.job_id, app.current_stage_id), 0) + 1
    victim = next(
        a for a in apps
        if occupied[a.job_id, a.current_stage_id] == 1 and len(by_candidate[a.candidate_id]) == 1
        and people[a.candidate_id].source is not None
    )  # fmt: skip
    gone_person = next(c for c in people.values() if c.id != victim.candidate_id)
    since = fresh.clock.advance(timedelta(minutes=1))
    at = fresh.clock.advance(timedelta(minutes=1))
    fresh.store.soft_delete(TENANT, "personio", "application", victim.remote_id, at=at)
    fresh.store.soft_delete(TENANT, "personio", "candidate", gone_person.remote_id, at=at)
    noticed = fresh.clock.advance(timedelta(minutes=1))

    delta_apps = connector.read("applications", since)
    assert [(a.id, a.remote_deleted_at) for a in delta_apps] == [(victim.id, noticed)]
    delta_people = {c.id: c for c in connector.read("candidates", since)}
    assert delta_people[gone_person.id].remote_deleted_at == noticed
    assert delta_people[victim.candidate_id].source is None  # its only application went
    assert delta_people[victim.candidate_id].remote_deleted_at is None
    stage_row = next(
        r for r in rows.values() if (r.job_id, r.stage_id) == (victim.job_id, victim.current_stage_id)
    )
    delta_rows = {r.id: r for r in connector.read("job_stages", since)}
    assert delta_rows[stage_row.id].remote_deleted_at == noticed
    # Nothing else happened: a second delta from the same point tells the same, a later one nothing.
    assert [a.id for a in connector.read("applications", since)] == [victim.id]
    assert connector.read("applications", noticed) == []


# --- writes -------------------------------------------------------------------------------


def test_create_candidate_writes_every_field_and_returns_both_records(fresh):
    connector = fresh.connector()
    job = published(fresh)
    created = connector.create_candidate(
        {
            **applicant(
                "create@example.org",
                candidate={
                    "phone_number": "+49 1",
                    "location": {"city": "Hamburg", "country": "DE"},
                    "gender": "OTHER",
                },
            ),
            "application": {"job_id": job_uid(job), "stage_id": "remote:accepted"},
            "attachments": [
                {
                    "name": "cv.pdf",
                    "type": "CV",
                    "content_type": "application/pdf",
                    "data": base64.b64encode(b"%PDF").decode(),
                }
            ],
        }
    )
    assert created.application.outcome == "HIRED"
    assert created.application.job_id == job_uid(job)
    assert created.candidate.location.model_dump(exclude_none=True) == {"city": "Hamburg", "country": "DE"}
    assert created.candidate.source == "Kombo"  # the connection's recruiting channel
    assert created.candidate.id in connector.tracked_candidate_ids


@pytest.mark.parametrize("stage", ["remote:Interviewing", "remote:", unified_id("jobs", "1")])
def test_only_predefined_or_remote_custom_stages_are_accepted(fresh, stage):
    with pytest.raises(InvalidInput) as caught:
        fresh.connector().create_application(
            job_uid(published(fresh)), {**applicant("s@example.org"), "stage_id": stage}
        )
    assert caught.value.code == "PLATFORM.INPUT_INVALID"


def test_vendor_refusals_carry_kombo_codes(fresh):
    connector = fresh.connector()
    job = job_uid(published(fresh))
    connector.create_application(job, applicant("twice@example.org"))
    with pytest.raises(RemoteError) as twice:
        connector.create_application(job, applicant("twice@example.org"))
    assert twice.value.code == "ATS.APPLICATION_ALREADY_EXISTS"
    closed = next(j for j in fresh.world.jobs if not is_live_published(j) and j.times.deleted_at is None)
    with pytest.raises(RemoteError) as refused:
        connector.create_application(job_uid(closed), applicant("closed@example.org"))
    assert refused.value.code == "ATS.JOB_CLOSED"


def test_answers_must_fit_their_question(fresh):
    connector = fresh.connector()
    job = published(fresh)
    form = [f for f in careers.parse_apply_page(fresh.client.get(
        f"/personio/jobs/{fresh.company}/job/{ids.native_int('job', job.id)}/apply").data) if f.is_question]  # fmt: skip
    text_or_select = next(
        f for f in form if f.control in ("text", "textarea", "select", "radio", "number", "date")
    )
    wrong = {"question_id": unified_id("screening_questions", text_or_select.name), "answer": ["not", "this"]}
    with pytest.raises(InvalidInput) as caught:
        connector.create_application(
            job_uid(job), {**applicant("a@example.org"), "screening_question_answers": [wrong]}
        )
    assert caught.value.field == "screening_question_answers.0.answer"
    unknown = {"question_id": "remote:custom_attribute_1", "answer": "x"}
    created = connector.create_application(
        job_uid(job), {**applicant("b@example.org"), "screening_question_answers": [unknown]}
    )
    assert any("not on the job's application form" in w for w in created.warnings)


def test_stages_cannot_be_moved_after_creation(personio):
    connector = personio.connector()
    application = connector.read("applications")[0]
    with pytest.raises(NotAvailable):
        connector.move_application_to_stage(application.id, unified_id("application_stages", "offer"))
