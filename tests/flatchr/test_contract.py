"""The whole Flatchr contract (reads, writes, features) through the engine, and proof the
oracle catches a broken field mapping."""

from __future__ import annotations

from atsbox.connectors.flatchr import mapping
from atsbox.contracts.engine import run_vendor
from atsbox.contracts.results import passed


def failing_fields(result):
    return {
        (model, name)
        for model, res in result.oracle.models.items()
        for name, fr in res.fields.items()
        if fr.failures
    }


def test_matrix_passes_on_the_small_world():
    result = run_vendor("flatchr", size="small")
    matrix = result.matrix()
    assert passed(matrix), (result.oracle.summary(), matrix["summary"], result.errors)


def test_tiny_world_fails_nothing_and_leaves_only_rare_values_unverified():
    # The tiny world has one deleted job, one deleted tag, one job with a single salary
    # amount, two closed jobs and few tagged candidates among the deleted ones: too few to
    # count as verified, never wrong (the small world verifies them all).
    result = run_vendor("flatchr", size="tiny")
    assert not result.errors and not result.oracle.failures(), result.oracle.summary()
    assert set(result.oracle.unverified()) <= {
        ("jobs", "remote_deleted_at"), ("jobs", "salary_amount"), ("jobs", "closed_at"), ("tags", "remote_deleted_at"),
        ("candidate_tags", "remote_deleted_at"),
    }  # fmt: skip
    assert all(a.ok for a in result.actions.values()), [a.failures() for a in result.actions.values()]


def test_oracle_reports_exactly_a_broken_field_mapping(monkeypatch):
    # Map Flatchr's part-time remote to fully remote: only jobs.remote_work_status may fail.
    monkeypatch.setitem(mapping.REMOTE, "parttime", "REMOTE")
    result = run_vendor("flatchr", size="tiny")
    assert failing_fields(result) == {("jobs", "remote_work_status")}
    assert {m.field for m in result.oracle.failures()} == {"remote_work_status"}


def test_oracle_reports_an_unlisted_field_the_connector_fills(monkeypatch):
    original = mapping.application_stage

    def with_status(column):
        record = original(column)
        record.status = "ACTIVE"  # not on Flatchr's page: must stay empty
        return record

    monkeypatch.setattr(mapping, "application_stage", with_status)
    result = run_vendor("flatchr", size="tiny")
    assert failing_fields(result) == {("application_stages", "status")}
