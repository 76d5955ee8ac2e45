"""The Factorial mock's writes: status codes, validation, atomicity, the CV rule, rate limit."""

from __future__ import annotations

import base64
from typing import Any

from atsbox.mocks.factorial import render

from .conftest import NOW, Sandbox, make_sandbox

PDF = base64.b64encode(b"%PDF-1.4 a tiny cv").decode()


def open_job(sandbox: Sandbox) -> dict[str, Any]:
    """The published job posting asking the most kinds of question."""
    published = [j for j in sandbox.all("ats/job_postings") if j["status"] == "published"]
    return max(published, key=lambda j: len(questions_of(sandbox, j["id"])))


def questions_of(sandbox: Sandbox, job_id: str) -> dict[str, dict[str, Any]]:
    found = sandbox.get("ats/questions", query_string={"ats_job_posting_ids[]": job_id}).json["data"]
    return {q["question_type"]: q for q in found}


def apply_body(job: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org",
            "ats_job_posting_id": job["id"], **extra}  # fmt: skip


def test_create_candidate_is_201_with_the_source_by_name(sandbox: Sandbox) -> None:
    body = {"first_name": "Grace", "last_name": "Hopper", "company_id": 1, "email": "grace@example.org",
            "source": "Kombo", "phone_number": "+49 30 1234"}  # fmt: skip
    response = sandbox.post("ats/candidates", json=body)
    assert response.status_code == 201, response.json
    created = response.json
    assert created["full_name"] == "Grace Hopper" and created["created_at"] == "2026-06-02T09:00:00.000Z"
    source = sandbox.get(f"ats/candidate_sources/{created['source_id']}").json
    assert source["name"] == "Kombo"
    again = sandbox.post("ats/candidates", json={**body, "source": "kombo"}).json
    assert again["source_id"] == created["source_id"]  # found by name, not created twice
    assert sandbox.get(f"ats/candidates/{created['id']}").json == created


def test_apply_creates_candidate_and_application_with_typed_answers_and_a_cv(sandbox: Sandbox) -> None:
    # The published posting asking most of the two types this test answers (not the one
    # asking the most types, which may ask neither).
    typed = {"long_text", "multiple_choice"}
    published = [j for j in sandbox.all("ats/job_postings") if j["status"] == "published"]
    job = max(published, key=lambda j: len(typed & set(questions_of(sandbox, j["id"]))))
    questions = questions_of(sandbox, job["id"])
    answers = []
    if "long_text" in questions:
        answers.append({"ats_question_id": questions["long_text"]["id"], "value": "Because."})
    if "multiple_choice" in questions:
        q = questions["multiple_choice"]
        answers.append({"ats_question_id": q["id"], "value": [o["text"] for o in q["options"][:2]]})
    assert answers, "no published posting of the world asks a long-text or multiple-choice question"
    cv = {"filename": "cv.pdf", "content_type": "application/pdf", "data": PDF}
    response = sandbox.post(
        "ats/applications/apply", json=apply_body(job, answers=answers, cv=cv, source="Kombo")
    )
    assert response.status_code == 200, response.json
    app = response.json
    assert app["qualified"] is True and app["cv"]["filename"] == "cv.pdf" and app["cv"]["byte_size"] == 18
    stored = sandbox.get("ats/answers", query_string={"ats_application_ids[]": app["id"]}).json["data"]
    assert [a["ats_question_id"] for a in stored] == [a["ats_question_id"] for a in answers]
    if "multiple_choice" in questions:
        options = [o["text"] for o in questions["multiple_choice"]["options"][:2]]
        assert stored[-1]["value"] == ", ".join(options)
    candidate = sandbox.get(f"ats/candidates/{app['ats_candidate_id']}").json
    assert candidate["email"] == "ada@example.org" and candidate["ats_job_posting_ids"] == [job["id"]]
    phase = sandbox.get(f"ats/application_phases/{app['ats_application_phase_id']}").json
    assert phase["ats_job_posting_id"] == job["id"] and phase["phase_type"] == "initial"


def test_a_refused_apply_leaves_nothing_behind(sandbox: Sandbox) -> None:
    job = open_job(sandbox)
    before = len(sandbox.all("ats/candidates"))
    bad = apply_body(job, answers=[{"ats_question_id": "999999", "value": "x"}])
    response = sandbox.post("ats/applications/apply", json=bad)
    assert response.status_code == 409 and response.json["errors"][0]["field"] == "answers[0]"
    assert len(sandbox.all("ats/candidates")) == before


def test_answers_are_checked_against_the_question_type(sandbox: Sandbox) -> None:
    job = open_job(sandbox)
    questions = questions_of(sandbox, job["id"])
    for kind, value in (("single_choice", "not an option"), ("long_text", 5), ("file", "cv.pdf")):
        if kind in questions:
            body = apply_body(job, answers=[{"ats_question_id": questions[kind]["id"], "value": value}])
            response = sandbox.post("ats/applications/apply", json=body)
            assert response.status_code == 422, kind


def test_one_cv_per_application(sandbox: Sandbox) -> None:
    job = open_job(sandbox)
    app = sandbox.post("ats/applications/apply", json=apply_body(job)).json
    assert "cv" not in app
    cv = {"filename": "cv.pdf", "content_type": "application/pdf", "data": PDF}
    first = sandbox.post("ats/applications/attach_cv", json={"id": app["id"], "cv": cv})
    assert first.status_code == 200 and first.json["cv"]["filename"] == "cv.pdf"
    second = sandbox.post(
        "ats/applications/attach_cv", json={"id": app["id"], "cv": {**cv, "filename": "2.pdf"}}
    )
    assert second.status_code == 409
    assert "single CV" in second.json["errors"][0]["message"]
    assert sandbox.get(f"ats/applications/{app['id']}").json["cv"]["filename"] == "cv.pdf"
    garbage = sandbox.post("ats/applications/attach_cv", json={"id": app["id"], "cv": {**cv, "data": "%%%"}})
    assert garbage.status_code == 422


def test_create_application_is_201_and_a_second_application_to_the_same_job_conflicts(
    sandbox: Sandbox,
) -> None:
    job = open_job(sandbox)
    cand = sandbox.post("ats/candidates", json={"first_name": "A", "last_name": "B", "company_id": 1}).json
    body = {"ats_job_posting_id": job["id"], "ats_candidate_id": cand["id"]}
    assert sandbox.post("ats/applications", json=body).status_code == 201
    assert sandbox.post("ats/applications", json=body).status_code == 409
    unknown = sandbox.post("ats/applications", json={**body, "ats_candidate_id": "999999"})
    assert unknown.status_code == 404


def test_reject_and_move_between_phases(sandbox: Sandbox) -> None:
    job = open_job(sandbox)
    app = sandbox.post("ats/applications/apply", json=apply_body(job)).json
    reason = sandbox.get("ats/rejection_reasons").json["data"][0]["id"]
    phases = sandbox.get("ats/application_phases", query_string={"ats_job_posting_ids[]": job["id"]}).json[
        "data"
    ]
    other_job = next(j for j in sandbox.all("ats/job_postings") if j["id"] != job["id"])
    foreign = sandbox.get("ats/application_phases",
                          query_string={"ats_job_posting_ids[]": other_job["id"]}).json["data"]  # fmt: skip
    moved = sandbox.post("ats/applications/move_to_phase",
                         json={"id": app["id"], "ats_application_phase_id": phases[2]["id"]})  # fmt: skip
    assert moved.status_code == 200 and moved.json["ats_application_phase_id"] == phases[2]["id"]
    wrong = sandbox.post("ats/applications/move_to_phase",
                         json={"id": app["id"], "ats_application_phase_id": foreign[0]["id"]})  # fmt: skip
    assert wrong.status_code == 409
    old_version = sandbox.post("ats/applications/move_to_phase", version="2026-04-01",
                               json={"id": int(app["id"]), "ats_application_phase_id": int(phases[1]["id"])})  # fmt: skip
    assert old_version.status_code == 404
    rejected = sandbox.put(f"ats/applications/{app['id']}",
                           json={"id": app["id"], "qualified": False, "ats_rejection_reason_id": reason})  # fmt: skip
    assert rejected.status_code == 200
    assert rejected.json["qualified"] is False and rejected.json["ats_rejection_reason_id"] == reason


def test_put_bodies_repeat_the_id_and_the_path_decides(sandbox: Sandbox) -> None:
    first, second = sandbox.all("ats/candidates")[:2]
    missing = sandbox.put(f"ats/candidates/{first['id']}", json={"first_name": "X"})
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "id"
    ok = sandbox.put(f"ats/candidates/{first['id']}", json={"id": first["id"], "first_name": "Xena"})
    assert ok.status_code == 200 and ok.json["full_name"].startswith("Xena ")
    other = sandbox.put(f"ats/candidates/{first['id']}", json={"id": second["id"], "first_name": "Yves"})
    assert other.status_code == 200 and other.json["id"] == first["id"]
    assert sandbox.get(f"ats/candidates/{second['id']}").json["first_name"] == second["first_name"]


def test_writes_bump_the_change_time_on_the_sandbox_clock(sandbox: Sandbox) -> None:
    cand = sandbox.all("ats/candidates")[0]
    sandbox.advance(minutes=5)
    updated = sandbox.put(f"ats/candidates/{cand['id']}", json={"id": cand["id"], "last_name": "Later"}).json
    assert updated["updated_at"] == "2026-06-02T09:05:00.000Z" and updated["created_at"] == cand["created_at"]
    record = sandbox.store.get("factorial-tests", "factorial", render.CANDIDATE, str(cand["id"]))
    assert record is not None and record.updated_at > NOW


def test_malformed_and_invalid_bodies_get_the_envelope(sandbox: Sandbox) -> None:
    malformed = sandbox.post("ats/candidates", data=b"{nope", headers={"x-api-key": sandbox.api_key,
                                                                       "Content-Type": "application/json"})  # fmt: skip
    assert malformed.status_code == 400 and malformed.json["errors"][0]["code"] == "bad_request"
    missing = sandbox.post("ats/candidates", json={"first_name": "A", "company_id": 1})
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "last_name"
    wrong_type = sandbox.post("ats/candidates", json={"first_name": 5, "last_name": "B", "company_id": 1})
    assert wrong_type.status_code == 422
    not_object = sandbox.post("ats/candidates", json=[1, 2])
    assert not_object.status_code == 422


def test_deleting_a_candidate_hides_it(sandbox: Sandbox) -> None:
    cand = sandbox.all("ats/candidates")[0]
    deleted = sandbox.call("DELETE", f"ats/candidates/{cand['id']}")
    assert deleted.status_code == 200 and deleted.json["id"] == cand["id"]
    assert sandbox.get(f"ats/candidates/{cand['id']}").status_code == 404


def test_two_hundred_posts_per_minute_then_429(tiny_world: Any) -> None:
    limited = make_sandbox(tiny_world, rate_limits=True)
    body = {"first_name": "A", "last_name": "B", "company_id": 1}
    statuses = [limited.post("ats/candidates", json=body).status_code for _ in range(200)]
    assert set(statuses) == {201}
    assert limited.get("ats/candidates").status_code == 200  # reads are not limited
    refused = limited.post("ats/candidates", json=body)
    assert refused.status_code == 429 and refused.json["errors"][0]["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    limited.advance(seconds=61)
    assert limited.post("ats/candidates", json=body).status_code == 201


def test_an_update_naming_a_missing_team_or_reason_is_409_and_a_create_naming_a_missing_parent_404(
    sandbox: Sandbox,
) -> None:
    job = open_job(sandbox)
    bad_team = sandbox.put(f"ats/job_postings/{job['id']}", json={"id": job["id"], "team_id": 999999})
    assert bad_team.status_code == 409, bad_team.json  # the posting exists: not 404
    assert bad_team.json["errors"][0]["field"] == "team_id"
    fields = {k: v for k, v in job.items() if k != "id" and v is not None}
    created = sandbox.post("ats/job_postings", json={**fields, "status": "draft", "team_id": 999999})
    assert created.status_code == 404, created.json
    app = sandbox.all("ats/applications")[0]
    bad_reason = sandbox.put(f"ats/applications/{app['id']}", json={"id": app["id"], "ats_rejection_reason_id": 999999})
    assert bad_reason.status_code == 409 and bad_reason.json["errors"][0]["field"] == "ats_rejection_reason_id"
    assert sandbox.get(f"ats/applications/{app['id']}").json["ats_rejection_reason_id"] == app["ats_rejection_reason_id"]
