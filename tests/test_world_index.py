"""`WorldIndex`: lookups by id and the relations between records."""

from __future__ import annotations

import pytest

from atsbox.fixtures import WorldIndex, generate
from atsbox.fixtures.model import World


@pytest.fixture(scope="module")
def world() -> World:
    return generate(2, "tiny")


@pytest.fixture(scope="module")
def index(world: World) -> WorldIndex:
    return WorldIndex(world)


def test_every_record_is_found_by_its_id(world: World, index: WorldIndex) -> None:
    lookups = {
        "users": index.user, "departments": index.department, "offices": index.office,
        "rejection_reasons": index.rejection_reason, "tags": index.tag, "sources": index.source,
        "questions": index.question, "custom_fields": index.custom_field, "jobs": index.job,
        "candidates": index.candidate, "applications": index.application, "interviews": index.interview,
        "offers": index.offer, "notes": index.note,
    }
    for name, lookup in lookups.items():
        records = getattr(world, name)
        assert records, name
        for record in records:
            assert lookup(record.id) is record


def test_nested_records_come_with_their_parent(world: World, index: WorldIndex) -> None:
    for job in world.jobs:
        for stage in job.stages:
            assert index.stage(stage.id) == (job, stage)
        for posting in job.postings:
            assert index.posting(posting.id) == (job, posting)
    for cand in world.candidates:
        for attachment in cand.attachments:
            assert index.attachment(attachment.id) == (cand, attachment)
    for question in world.questions:
        for option in question.format.options:
            assert index.option(option.id) == (question, option)


def test_relations_match_a_scan_of_the_world(world: World, index: WorldIndex) -> None:
    for cand in world.candidates:
        assert index.applications_of_candidate(cand.id) == [a for a in world.applications if a.candidate_id == cand.id]
    for job in world.jobs:
        assert index.applications_of_job(job.id) == [a for a in world.applications if a.job_id == job.id]
    for app in world.applications:
        assert index.interviews_of_application(app.id) == [i for i in world.interviews if i.application_id == app.id]
        assert index.offers_of_application(app.id) == [o for o in world.offers if o.application_id == app.id]
        assert index.notes_of_application(app.id) == [n for n in world.notes if n.application_id == app.id]
        assert index.current_stage(app).id == app.stage_id
    assert any(len(index.applications_of_candidate(c.id)) > 1 for c in world.candidates)
    assert any(index.interviews_of_application(a.id) for a in world.applications)


def test_unknown_ids_raise_key_error_naming_them(index: WorldIndex) -> None:
    with pytest.raises(KeyError, match="job_9999"):
        index.job("job_9999")
    with pytest.raises(KeyError, match="stg_nope"):
        index.stage("stg_nope")
    assert index.applications_of_job("job_9999") == []
    assert index.custom_fields_by_key[("job", "cost_center")].type == "text"
