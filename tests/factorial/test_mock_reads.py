"""The Factorial mock's read side: versions, id types, envelopes, pagination, filters."""

from __future__ import annotations

import pytest

from atsbox.mocks.factorial import ids, versions
from atsbox.mocks.factorial.render import primary_posting

from .conftest import Sandbox, V


def test_versions_resolve_expired_and_in_between_dates_and_refuse_the_rest() -> None:
    assert versions.resolve("2026-10-01").name == "2026-10-01"
    assert versions.resolve("2024-10-01").name == versions.SUPPORTED[0]  # expired: oldest supported
    assert versions.resolve("2026-05-15").name == "2026-04-01"
    assert versions.resolve("2027-01-01") is None
    assert versions.resolve("v1") is None
    assert versions.resolve("2026-02-30") is None
    assert versions.resolve("2026-04-01").string_ids is False
    assert versions.resolve("2026-07-01").string_ids is True


def test_ids_parse_numbers_and_decimal_strings_only() -> None:
    assert ids.parse(7) == ids.parse("7") == 7
    for bad in ("07x", "", "-1", 0, True, 1.5, None, "１"):
        with pytest.raises(ids.BadId):
            ids.parse(bad)
    assert ids.question_id("job_0007", "q_0012") == 70012


def test_list_envelope_and_bare_single_object(shared: Sandbox) -> None:
    page = shared.get("ats/job_postings").json
    assert set(page) == {"data", "meta"}
    assert set(page["meta"]) == {"has_next_page", "has_previous_page", "start_cursor", "end_cursor", "total",
                                 "limit"}  # fmt: skip
    first = page["data"][0]
    one = shared.get(f"ats/job_postings/{first['id']}").json
    assert one == first  # no envelope on a single GET


@pytest.mark.parametrize(
    ("version", "kind"), [("2026-04-01", int), ("2025-10-01", int), (V, str), ("2026-07-01", str)]
)
def test_id_type_follows_the_version(shared: Sandbox, version: str, kind: type) -> None:
    app = shared.get("ats/applications", version=version, query_string={"limit": 1}).json["data"][0]
    for key in ("id", "company_id", "ats_job_posting_id", "ats_candidate_id"):
        assert type(app[key]) is kind, key
    candidate = shared.get("ats/candidates", version=version, query_string={"limit": 1}).json["data"][0]
    assert all(type(j) is kind for j in candidate["ats_job_posting_ids"])


def test_cv_object_exists_from_2026_07_01_and_downloads(shared: Sandbox) -> None:
    apps = shared.all("ats/applications")
    with_cv = [a for a in apps if a.get("cv")]
    assert with_cv, "the tiny world has applications with a CV"
    cv = with_cv[0]["cv"]
    assert set(cv) == {"filename", "url", "byte_size", "content_type", "created_at"}
    download = shared.client.get(cv["url"].replace("http://localhost", ""))
    assert download.status_code == 200 and len(download.data) == cv["byte_size"]
    assert download.data.startswith(b"%PDF")
    tampered = shared.client.get(
        cv["url"].replace("http://localhost", "").replace("/files/ats/cvs/", "/files/ats/cvs/x")
    )
    assert tampered.status_code == 404
    old = shared.get(f"ats/applications/{with_cv[0]['id']}", version="2026-04-01").json
    assert "cv" not in old


def test_pagination_walks_every_record_once_both_ways(shared: Sandbox) -> None:
    everything = shared.all("ats/candidates")
    total = shared.get("ats/candidates").json["meta"]["total"]
    assert len(everything) == total == len({c["id"] for c in everything})
    assert [int(c["id"]) for c in everything] == sorted(int(c["id"]) for c in everything)
    first = shared.get("ats/candidates", query_string={"limit": 5}).json
    assert first["meta"]["has_previous_page"] is False and first["meta"]["limit"] == 5
    second = shared.get(
        "ats/candidates", query_string={"limit": 5, "after_id": first["meta"]["end_cursor"]}
    ).json
    assert second["meta"]["has_previous_page"] is True
    assert [c["id"] for c in second["data"]] == [c["id"] for c in everything[5:10]]
    back = shared.get(
        "ats/candidates", query_string={"limit": 5, "before_id": second["meta"]["start_cursor"]}
    ).json
    assert [c["id"] for c in back["data"]] == [c["id"] for c in first["data"]]
    by_page = shared.get("ats/candidates", query_string={"limit": 5, "page": 2}).json
    assert [c["id"] for c in by_page["data"]] == [c["id"] for c in everything[5:10]]


def test_limit_is_clamped_to_1_to_100_and_bad_paging_is_a_400(shared: Sandbox) -> None:
    assert shared.get("ats/candidates", query_string={"limit": 500}).json["meta"]["limit"] == 100
    assert shared.get("ats/candidates", query_string={"limit": 0}).json["meta"]["limit"] == 1
    for bad in ({"limit": "x"}, {"after_id": "garbage"}, {"page": 0}):
        response = shared.get("ats/candidates", query_string=bad)
        assert response.status_code == 400, bad
        assert response.json["errors"][0]["code"] == "bad_request"


def test_rails_array_filters(shared: Sandbox) -> None:
    everything = shared.all("ats/candidates")
    wanted = [everything[0]["id"], everything[3]["id"]]
    found = shared.get("ats/candidates", query_string=[("ids[]", wanted[0]), ("ids[]", wanted[1])]).json[
        "data"
    ]
    assert [c["id"] for c in found] == wanted
    email = everything[2]["email"]
    by_email = shared.get("ats/candidates", query_string={"emails[]": email.upper()}).json["data"]
    assert [c["id"] for c in by_email] == [everything[2]["id"]]
    assert shared.get("ats/candidates", query_string={"ids[]": "abc"}).status_code == 400


def test_questions_and_phases_filter_by_job_posting(shared: Sandbox) -> None:
    job = shared.get("ats/job_postings").json["data"][0]["id"]
    questions = shared.get("ats/questions", query_string={"ats_job_posting_ids[]": job}).json["data"]
    assert questions and all(q["ats_job_posting_id"] == job for q in questions)
    phases = shared.get("ats/application_phases", query_string={"ats_job_posting_ids[]": job}).json["data"]
    assert phases and all(p["ats_job_posting_id"] == job for p in phases)
    stages = {s["id"]: s["name"] for s in shared.get("ats/hiring_stages").json["data"]}
    assert sorted(stages.values()) == sorted(
        ["new", "screening", "interview", "assessment", "offer", "hired"]
    )
    assert all(p["ats_hiring_stage_id"] in stages for p in phases)


def test_rejected_applications_are_unqualified_with_a_reason_and_no_rejected_phase(shared: Sandbox) -> None:
    apps = shared.all("ats/applications")
    rejected = [a for a in apps if a["qualified"] is False]
    assert rejected and all(a["ats_rejection_reason_id"] for a in rejected)
    phase_types = {p["phase_type"] for p in shared.all("ats/application_phases")}
    assert phase_types <= {"initial", "normal", "screening", "interview", "assessment", "offer", "hired"}


def test_deleted_postings_are_listed_as_deleted_only_where_the_version_knows_the_status(
    shared: Sandbox,
) -> None:
    deleted = [j for j in shared.world.jobs if j.times.deleted_at is not None]
    assert deleted
    number = ids.native_id("job", deleted[0].id)
    assert shared.get(f"ats/job_postings/{number}").json["status"] == "deleted"
    assert shared.get(f"ats/job_postings/{number}", version="2026-04-01").status_code == 404
    newest = {j["id"] for j in shared.all("ats/job_postings")}
    older = {j["id"] for j in shared.all("ats/job_postings", version="2026-04-01")}
    assert str(number) in newest and number not in older


def test_job_posting_carries_the_primary_postings_url(shared: Sandbox) -> None:
    for job in shared.world.jobs:
        doc = shared.get(f"ats/job_postings/{ids.native_id('job', job.id)}").json
        posting = primary_posting(job)
        if doc["status"] in ("published", "unlisted") and posting is not None:
            assert doc["url"] == posting.url
        else:
            assert doc["url"] is None


def test_unknown_records_routes_and_versions_are_404_in_the_envelope(shared: Sandbox) -> None:
    for resource, version in (("ats/candidates/999999", V), ("ats/candidates/abc", V), ("ats/nothing", V),
                              ("ats/candidates", "2099-01-01"), ("ats/candidates", "latest")):  # fmt: skip
        response = shared.get(resource, version=version)
        assert response.status_code == 404, resource
        assert response.json["errors"][0]["code"] == "not_found"


def test_company_lists_the_ats_records_point_at(shared: Sandbox) -> None:
    for resource in ("ats/candidate_sources", "ats/rejection_reasons", "teams/teams", "locations/locations",
                     "custom_fields/fields", "custom_fields/values"):  # fmt: skip
        page = shared.get(resource).json
        assert page["data"], resource
    values = shared.all("custom_fields/values")
    assert {v["valuable_type"] for v in values} >= {"Ats::JobPosting", "Ats::Candidate"}
