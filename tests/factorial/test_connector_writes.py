"""The Factorial connector's write actions: the CV-only rule, typed answers, data URLs."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from atsbox.connectors.errors import InvalidInput, NotAvailable, RemoteError
from atsbox.connectors.ids import join_remote_id, unified_id

from .conftest import Sandbox

PDF = base64.b64encode(b"%PDF-1.4 connector test").decode()


def cv(**extra: Any) -> dict[str, Any]:
    return {"name": "cv.pdf", "content_type": "application/pdf", "data": PDF, "type": "CV", **extra}


def open_job(sandbox: Sandbox) -> tuple[str, list[dict[str, Any]]]:
    """A published job posting's unified id and its questions (the one asking the most)."""
    published = [j for j in sandbox.all("ats/job_postings") if j["status"] == "published"]
    asked = {j["id"]: sandbox.get("ats/questions", query_string={"ats_job_posting_ids[]": j["id"]}).json["data"]
             for j in published}  # fmt: skip
    job = max(asked, key=lambda j: len({q["question_type"] for q in asked[j]}))
    return unified_id("jobs", job), asked[job]


def applicant(job_uid: str, email: str = "new@example.org", **extra: Any) -> dict[str, Any]:
    return {"candidate": {"first_name": "New", "last_name": "Person", "email_address": email},
            "application": {"job_id": job_uid}, **extra}  # fmt: skip


def test_create_candidate_writes_candidate_application_answers_and_cv(sandbox: Sandbox) -> None:
    job_uid, questions = open_job(sandbox)
    choice = next(q for q in questions if q["question_type"] == "single_choice")
    text = next(q for q in questions if q["question_type"] in ("text", "long_text"))
    option = unified_id(
        "screening_question_options", join_remote_id(choice["id"], choice["options"][0]["text"])
    )
    answers = [{"question_id": unified_id("screening_questions", choice["id"]), "answer": option},
               {"question_id": f"remote:{text['id']}", "answer": "Gladly."}]  # fmt: skip
    data = applicant(
        job_uid, screening_question_answers=answers, attachments=[cv()], source={"name": "Kombo"}
    )
    data["candidate"]["title"] = "CTO"
    created = sandbox.connector().create_candidate(data)
    assert created.application.job_id == job_uid and created.candidate.source == "Kombo"
    assert created.warnings == ["candidate.title was not written: Factorial has no field for it"]
    app = sandbox.get(f"ats/applications/{created.application.remote_id}").json
    assert app["cv"]["filename"] == "cv.pdf"
    stored = sandbox.get("ats/answers", query_string={"ats_application_ids[]": app["id"]}).json["data"]
    assert [a["value"] for a in stored] == [choice["options"][0]["text"], "Gladly."]


def test_only_one_attachment_and_only_a_cv(sandbox: Sandbox) -> None:
    job_uid, _ = open_job(sandbox)
    connector = sandbox.connector()
    with pytest.raises(InvalidInput) as two:
        connector.create_candidate(applicant(job_uid, attachments=[cv(), cv(name="b.pdf")]))
    assert two.value.field == "attachments" and "single attachment" in two.value.message
    with pytest.raises(InvalidInput) as letter:
        person = applicant(job_uid)["candidate"]
        connector.create_application(job_uid, {"candidate": person, "attachments": [cv(type="COVER_LETTER")]})
    assert letter.value.field == "attachments.0.type" and letter.value.code == "PLATFORM.INPUT_INVALID"
    assert "CV" in letter.value.message


def test_add_attachment_takes_one_cv_and_refuses_the_rest(sandbox: Sandbox) -> None:
    job_uid, _ = open_job(sandbox)
    connector = sandbox.connector()
    created = connector.create_candidate(applicant(job_uid))
    app_uid = created.application.id
    with pytest.raises(InvalidInput) as other:
        connector.add_application_attachment(app_uid, cv(type="OTHER"))
    assert other.value.field == "attachment.type"
    connector.add_application_attachment(app_uid, cv())
    with pytest.raises(InvalidInput) as second:
        connector.add_application_attachment(app_uid, cv(name="second.pdf"))
    assert "single attachment" in second.value.message and "already" in second.value.message
    app = sandbox.get(f"ats/applications/{created.application.remote_id}").json
    assert app["cv"]["filename"] == "cv.pdf"


def test_a_cv_from_a_data_url_is_downloaded_first(sandbox: Sandbox) -> None:
    job_uid, _ = open_job(sandbox)
    source = next(a for a in sandbox.all("ats/applications") if a.get("cv"))
    url = source["cv"]["url"]  # served by the mock itself: the in-process fetch reaches it
    created = sandbox.connector().create_candidate(
        applicant(job_uid, attachments=[{"name": "fetched.pdf", "data_url": url, "type": "CV"}])
    )
    app = sandbox.get(f"ats/applications/{created.application.remote_id}").json
    assert app["cv"]["byte_size"] == source["cv"]["byte_size"]
    assert app["cv"]["content_type"] == source["cv"]["content_type"]


def test_answers_must_fit_their_question(sandbox: Sandbox) -> None:
    job_uid, questions = open_job(sandbox)
    connector = sandbox.connector()
    choice = next(q for q in questions if q["question_type"] == "single_choice")
    other = next(q for q in questions if q["question_type"] == "single_choice" and q["id"] != choice["id"])
    foreign = unified_id(
        "screening_question_options", join_remote_id(other["id"], other["options"][0]["text"])
    )
    cases = [
        (
            {"question_id": unified_id("screening_questions", choice["id"]), "answer": foreign},
            "another question",
        ),
        ({"question_id": unified_id("screening_questions", choice["id"]), "answer": 3}, "option id"),
        ({"question_id": unified_id("screening_questions", "999999"), "answer": "x"}, "not asked"),
    ]
    files = [q for q in questions if q["question_type"] == "file"]
    if files:
        cases.append(
            ({"question_id": unified_id("screening_questions", files[0]["id"]), "answer": "x"}, "FILE")
        )
    for answer, words in cases:
        with pytest.raises(InvalidInput) as refused:
            connector.create_candidate(applicant(job_uid, screening_question_answers=[answer]))
        assert words in refused.value.message, refused.value.message
    assert sandbox.get("ats/candidates", query_string={"emails[]": "new@example.org"}).json["data"] == []


def test_a_job_that_takes_no_applications_is_a_remote_input_error(sandbox: Sandbox) -> None:
    requirements = dict.fromkeys(("cv_requirement", "cover_letter_requirement", "phone_requirement",
                                  "photo_requirement", "personal_url_requirement"), "optional")  # fmt: skip
    draft = sandbox.post("ats/job_postings", json={"title": "Later", "status": "draft", **requirements}).json
    with pytest.raises(RemoteError) as refused:
        sandbox.connector().create_candidate(applicant(unified_id("jobs", draft["id"])))
    assert refused.value.code == "REMOTE.INPUT_INVALID" and "draft" in refused.value.message


def test_actions_not_on_the_page_are_not_available(sandbox: Sandbox) -> None:
    connector = sandbox.connector()
    with pytest.raises(NotAvailable):
        connector.move_application_to_stage("remote:1", "remote:2")
    with pytest.raises(NotAvailable):
        connector.add_candidate_attachment("remote:1", cv())
    with pytest.raises(NotAvailable):
        connector.read("applications")
