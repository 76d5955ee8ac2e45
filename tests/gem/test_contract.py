"""The oracle on Gem: every listed field of every model holds the world's value, unlisted
fields are empty, every write action delivers its input fields; plus one test per mapping
note of the coverage page."""

from __future__ import annotations

import pytest

from atsbox.connectors.ids import unified_id
from atsbox.contracts.engine import run_vendor
from atsbox.contracts.vendors.gem import GemProjection
from atsbox.mocks.gem import ids


@pytest.fixture(scope="module")
def result():
    return run_vendor("gem", seed=0, size="small")


def test_every_model_and_field_on_the_page(result):
    assert result.errors == []
    assert [str(m) for m in result.oracle.failures()] == []
    assert result.oracle.unverified() == []
    fields = [f for model in result.matrix()["models"].values() for f in model["fields"].values()]
    assert len(fields) == 110 and all(f["status"] == "verified" for f in fields)


def test_every_write_action_on_the_page(result):
    for action in ("move_application_to_stage", "add_application_result_link", "add_candidate_result_link",
                   "get_candidate_attachments"):  # fmt: skip
        assert result.actions[action].documented and result.actions[action].ok, result.actions[action].failures()
    undocumented = [a for a, r in result.actions.items() if not r.documented]
    assert undocumented and all(result.actions[a].ok for a in undocumented)


# --- the page's mapping notes, one test each -----------------------------------------------------


@pytest.fixture(scope="module")
def synced(gem):
    connector = gem.connector()
    return {model: {r.id: r for r in connector.read(model)} for model in ("jobs", "candidates", "applications")}


def _job_uid(job):
    return unified_id("jobs", ids.native_id("job", job.id))


def test_note_only_the_first_office_is_the_location(gem, synced):
    jobs = [j for j in gem.world.jobs if len(j.office_ids) > 1]
    assert jobs, "the world has jobs with several offices"
    for job in jobs:
        first = next(o for o in gem.world.offices if o.id == job.office_ids[0])
        location = synced["jobs"][_job_uid(job)].location
        assert (location.country, location.city) == (first.address.country, first.address.city)


def test_note_all_offices_are_in_custom_fields(gem, synced):
    for job in (j for j in gem.world.jobs if len(j.office_ids) > 1):
        names = [next(o.name for o in gem.world.offices if o.id == oid) for oid in job.office_ids]
        assert synced["jobs"][_job_uid(job)].custom_fields["offices"] == names


def test_note_only_the_first_department_is_the_department(gem, synced):
    jobs = [j for j in gem.world.jobs if len(j.department_ids) > 1]
    assert jobs, "the world has jobs with several departments"
    for job in jobs:
        first = next(d for d in gem.world.departments if d.id == job.department_ids[0])
        assert synced["jobs"][_job_uid(job)].department == first.name


def test_note_all_departments_are_in_custom_fields(gem, synced):
    for job in (j for j in gem.world.jobs if len(j.department_ids) > 1):
        names = [next(d.name for d in gem.world.departments if d.id == did) for did in job.department_ids]
        assert synced["jobs"][_job_uid(job)].custom_fields["departments"] == names


def test_note_description_and_post_url_come_from_the_newest_live_active_posting(gem, synced):
    exercised = 0
    for job in gem.world.jobs:
        eligible = [p for p in job.postings if p.live and p.status == "ACTIVE"]
        record = synced["jobs"][_job_uid(job)]
        if not eligible:
            assert record.post_url is None and record.description is None
            continue
        newest = max(eligible, key=lambda p: p.times.created_at)
        assert (record.description, record.post_url) == (newest.description_html, newest.url)
        others = [p for p in job.postings if p is not newest]
        exercised += bool(others)
    assert exercised, "no job has a posting besides the chosen one"


def test_note_candidate_source_is_the_initial_applications_source(gem, synced):
    differs = 0
    for cand in gem.world.candidates:
        apps = [a for a in gem.world.applications if a.candidate_id == cand.id and a.times.deleted_at is None]
        if not apps:
            continue
        first = min(apps, key=lambda a: a.times.created_at)
        expected = next((s.name for s in gem.world.sources if s.id == first.source_id), None)
        record = synced["candidates"][unified_id("candidates", ids.native_id("candidate", cand.id))]
        assert record.source == expected
        differs += any(a.source_id != first.source_id for a in apps)
    assert differs, "no candidate has applications from different sources"


def test_note_each_application_carries_its_own_source(gem, synced):
    for app in gem.world.applications:
        record = synced["applications"][unified_id("applications", ids.native_id("application", app.id))]
        source = next((s.name for s in gem.world.sources if s.id == app.source_id), None)
        assert record.custom_fields.get("source") == source


def test_projection_knows_gems_ids(gem):
    projection = GemProjection(gem.world)
    job = gem.world.jobs[0]
    assert projection.remote_id("job", job.id) == ids.native_id("job", job.id)
