"""The oracle's comparison rules, on hand-made records (vendor runs are in tests/<vendor>/)."""

from __future__ import annotations

from datetime import UTC, datetime

from atsbox.contracts.oracle import compare_model, normalize
from atsbox.contracts.projection import ANY_TIME, NON_EMPTY, iso

FIELDS = ["id", "name", "status", "changed_at", "remote_data", "custom_fields", "job_code"]


def expected_records(n: int = 3) -> dict[str, dict]:
    return {
        f"r{i}": {
            "id": f"r{i}",
            "name": f"Job {i}",
            "status": "OPEN",
            "changed_at": ANY_TIME,
            "remote_data": NON_EMPTY,
        }
        for i in range(n)
    }


def actual_records(n: int = 3, **overrides: dict) -> list[dict]:
    records = []
    for i in range(n):
        record = {
            "id": f"r{i}",
            "name": f"Job {i}",
            "status": "OPEN",
            "changed_at": datetime(2026, 1, 1, tzinfo=UTC),
            "remote_data": {"/job.info": {"id": i}},
            "custom_fields": {},
            "job_code": None,
        }
        record.update(overrides.get(f"r{i}", {}))
        records.append(record)
    return records


LISTED = ["id", "name", "status", "changed_at", "remote_data"]


def test_matching_records_verify_every_listed_field() -> None:
    result = compare_model("v", "jobs", LISTED, FIELDS, expected_records(), actual_records())
    assert not result.record_failures
    for name in LISTED:
        assert result.fields[name].verified(3), name
    assert not result.fields["job_code"].listed


def test_a_wrong_value_names_vendor_model_field_record_and_values() -> None:
    actual = actual_records(r1={"status": "CLOSED"})
    result = compare_model("v", "jobs", LISTED, FIELDS, expected_records(), actual)
    failures = result.fields["status"].failures
    assert len(failures) == 1
    text = str(failures[0])
    assert "v.jobs.status" in text and "r1" in text and "'OPEN'" in text and "'CLOSED'" in text
    assert all(not result.fields[n].failures for n in LISTED if n != "status")


def test_an_unlisted_field_with_a_value_fails() -> None:
    actual = actual_records(r2={"job_code": "J-1"})
    result = compare_model("v", "jobs", LISTED, FIELDS, expected_records(), actual)
    assert [m.record_id for m in result.fields["job_code"].failures] == ["r2"]


def test_fewer_non_empty_records_than_required_leave_a_field_unverified() -> None:
    result = compare_model("v", "jobs", LISTED, FIELDS, expected_records(2), actual_records(2))
    assert not result.fields["name"].failures
    assert not result.fields["name"].verified(3)


def test_a_listed_field_empty_everywhere_is_a_world_defect() -> None:
    expected = expected_records()
    for record in expected.values():
        record["job_code"] = None
    result = compare_model("v", "jobs", [*LISTED, "job_code"], FIELDS, expected, actual_records())
    assert [m.reason for m in result.fields["job_code"].failures] == ["world defect"]


def test_missing_and_unexpected_records_are_reported() -> None:
    actual = actual_records(2) + [{"id": "extra", "name": "x"}]
    result = compare_model("v", "jobs", LISTED, FIELDS, expected_records(), actual)
    reasons = sorted((m.record_id, m.reason) for m in result.record_failures)
    assert reasons == [("extra", "unexpected record"), ("r2", "record missing")]


def test_markers_demand_a_value() -> None:
    actual = actual_records(r0={"changed_at": None, "remote_data": {}})
    result = compare_model("v", "jobs", LISTED, FIELDS, expected_records(), actual)
    assert [m.record_id for m in result.fields["changed_at"].failures] == ["r0"]
    assert [m.record_id for m in result.fields["remote_data"].failures] == ["r0"]


def test_normalize_gives_one_form_for_times_and_nested_nones() -> None:
    when = datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=UTC)
    assert normalize(when) == iso(when) == "2026-03-04T05:06:07.891Z"
    assert normalize({"city": "Lyon", "zip_code": None, "n": 3.0}) == {"city": "Lyon", "n": 3}
