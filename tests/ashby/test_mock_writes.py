"""The mock's writes: they persist, bump updatedAt on the sandbox clock, validate like Ashby
and never half-apply."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from .conftest import NOW, AshbySandbox
from .helpers import form_values, job_with_form, stages_of

MISSING = "00000000-0000-4000-8000-000000000000"


def test_candidate_create_persists_and_is_readable(fresh: AshbySandbox) -> None:
    made = fresh.ok("candidate.create", {
        "name": "Ada Lovelace", "email": "ada@example.com", "phoneNumber": "+44 20 7946 0000",
        "linkedInUrl": "https://linkedin.com/in/ada", "githubUrl": "https://github.com/ada",
        "alternateEmailAddresses": ["ada@work.example"], "location": {"city": "London", "country": "United Kingdom"},
    })  # fmt: skip
    again = fresh.ok("candidate.info", {"id": made["id"]})
    assert again == made
    assert made["primaryEmailAddress"] == {"value": "ada@example.com", "type": "Personal", "isPrimary": True}
    assert {link["type"] for link in made["socialLinks"]} == {"LinkedIn", "GitHub"}
    assert made["location"]["locationSummary"] == "United Kingdom, London"
    assert made["createdAt"] == made["updatedAt"] == "2026-06-02T09:00:00.000Z"


def test_candidate_create_validates(fresh: AshbySandbox) -> None:
    assert fresh.error("candidate.create", {})["code"] == "invalid_input"
    assert fresh.error("candidate.create", {"name": "  "})["code"] == "invalid_input"
    assert fresh.error("candidate.create", {"name": "X", "email": "nope"})["code"] == "invalid_input"
    assert fresh.error("candidate.create", {"name": "X", "sourceId": MISSING})["code"] == "source_not_found"


def test_update_bumps_updated_at_and_social_links_replace(fresh: AshbySandbox) -> None:
    made = fresh.ok("candidate.create", {"name": "Alan Turing", "linkedInUrl": "https://linkedin.com/in/alan"})
    fresh.clock.advance(timedelta(minutes=5))
    updated = fresh.ok("candidate.update", {
        "candidateId": made["id"], "name": "Alan M. Turing",
        "socialLinks": [{"type": "Twitter", "url": "https://twitter.com/alan"}],
    })  # fmt: skip
    assert updated["name"] == "Alan M. Turing"
    assert updated["socialLinks"] == [{"type": "Twitter", "url": "https://twitter.com/alan"}]
    assert updated["updatedAt"] == "2026-06-02T09:05:00.000Z" and updated["createdAt"] == made["createdAt"]
    redated = fresh.ok("candidate.update", {"candidateId": made["id"], "createdAt": "2024-01-01T00:00:00.000Z"})
    assert redated["createdAt"] == "2024-01-01T00:00:00.000Z"


def test_tags_are_created_once_by_title_and_added_once(fresh: AshbySandbox) -> None:
    tag = fresh.ok("candidateTag.create", {"title": "Strong hire"})
    assert fresh.ok("candidateTag.create", {"title": "Strong hire"})["id"] == tag["id"]
    made = fresh.ok("candidate.create", {"name": "Tagged Person"})
    for _ in range(2):
        tagged = fresh.ok("candidate.addTag", {"candidateId": made["id"], "tagId": tag["id"]})
    assert [t["id"] for t in tagged["tags"]] == [tag["id"]]
    assert fresh.error("candidate.addTag", {"candidateId": made["id"], "tagId": MISSING})["code"] == "tag_not_found"


def test_uploads_are_multipart_and_downloadable(fresh: AshbySandbox) -> None:
    made = fresh.ok("candidate.create", {"name": "File Person"})
    resume = fresh.post("candidate.uploadResume", data={"candidateId": made["id"],
                                                        "resume": (io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf", "application/pdf")})  # fmt: skip
    result = resume.get_json()["results"]
    assert result["resumeFileHandle"]["name"] == "cv.pdf" and len(result["fileHandles"]) == 1
    other = fresh.post("candidate.uploadFile", data={"candidateId": made["id"],
                                                     "file": (io.BytesIO(b"hello"), "letter.txt", "text/plain")})  # fmt: skip
    handles = other.get_json()["results"]["fileHandles"]
    assert [h["name"] for h in handles] == ["cv.pdf", "letter.txt"]
    url = fresh.ok("file.info", {"fileHandle": handles[1]["handle"]})["url"]
    download = fresh.flask_app.test_client().get(url.removeprefix("http://localhost"))
    assert download.status_code == 200 and download.data == b"hello"
    tampered = fresh.flask_app.test_client().get(url.removeprefix("http://localhost").replace("signature=", "signature=x"))
    assert tampered.status_code == 403
    fresh.clock.advance(timedelta(hours=2))
    assert fresh.flask_app.test_client().get(url.removeprefix("http://localhost")).status_code == 403
    as_json = fresh.error("candidate.uploadFile", {"candidateId": made["id"]})
    assert as_json["code"] == "invalid_input"
    assert fresh.error("file.info", {"fileHandle": "garbage"})["code"] == "file_not_found"


def test_notes_keep_only_the_supported_html(fresh: AshbySandbox) -> None:
    made = fresh.ok("candidate.create", {"name": "Noted Person"})
    note = fresh.ok("candidate.createNote", {"candidateId": made["id"], "note": {
        "type": "text/html", "value": '<div><b>Great</b> call, see <a href="https://x.example">this</a><script>evil()</script></div>'}})  # fmt: skip
    assert note["content"] == 'Great call, see <a href="https://x.example">this</a>'.replace("Great", "<b>Great</b>")
    plain = fresh.ok("candidate.createNote", {"candidateId": made["id"], "note": "<b>kept as text</b>"})
    assert plain["content"] == "<b>kept as text</b>"
    listed = fresh.ok("candidate.listNotes", {"candidateId": made["id"]})
    assert [n["id"] for n in listed] == [note["id"], plain["id"]]
    assert fresh.error("candidate.createNote", {"candidateId": made["id"], "note": 5})["code"] == "invalid_input"


def test_application_create_starts_in_the_first_lead_stage(fresh: AshbySandbox) -> None:
    job, _ = job_with_form(fresh)
    made = fresh.ok("candidate.create", {"name": "Applicant One"})
    app = fresh.ok("application.create", {"candidateId": made["id"], "jobId": job["id"]})
    stages = stages_of(fresh, job)
    expected = next((s for s in stages if s["type"] == "Lead"), stages[0])
    assert app["currentInterviewStage"]["id"] == expected["id"]
    assert fresh.ok("candidate.info", {"id": made["id"]})["applicationIds"] == [app["id"]]
    again = fresh.error("application.create", {"candidateId": made["id"], "jobId": job["id"]})
    assert again["code"] == "duplicate_application"


def test_change_stage_rejection_needs_an_archive_reason(fresh: AshbySandbox) -> None:
    job, _ = job_with_form(fresh)
    made = fresh.ok("candidate.create", {"name": "Applicant Two"})
    app = fresh.ok("application.create", {"candidateId": made["id"], "jobId": job["id"]})
    stages = stages_of(fresh, job)
    archived = next(s for s in stages if s["type"] == "Archived")
    active = next(s for s in stages if s["type"] not in ("Archived", "Lead"))
    reason = fresh.ok("archiveReason.list")[0]
    base = {"applicationId": app["id"]}
    assert fresh.error("application.changeStage", {**base, "interviewStageId": archived["id"]})["message"] == \
        "Archive reason ID is required for archive stages"  # fmt: skip
    wrong = fresh.error("application.changeStage", {**base, "interviewStageId": active["id"], "archiveReasonId": reason["id"]})
    assert wrong["message"] == "Archive fields are not allowed for non-archive stages"
    assert fresh.error("application.changeStage", {**base, "interviewStageId": MISSING})["code"] == "interview_stage_not_found"
    fresh.clock.advance(timedelta(hours=1))
    rejected = fresh.ok("application.changeStage", {**base, "interviewStageId": archived["id"], "archiveReasonId": reason["id"]})
    assert rejected["status"] == "Archived" and rejected["archiveReason"]["id"] == reason["id"]
    assert rejected["archivedAt"] == rejected["updatedAt"] == "2026-06-02T10:00:00.000Z"
    revived = fresh.ok("application.changeStage", {**base, "interviewStageId": active["id"]})
    assert revived["status"] == "Active" and "archiveReason" not in revived
    history = fresh.ok("application.info", base)["applicationHistory"]
    assert [h["stageId"] for h in history] == [app["currentInterviewStage"]["id"], archived["id"], active["id"]]


def test_change_source_sets_and_unsets(fresh: AshbySandbox) -> None:
    app = fresh.ok("application.list", {"limit": 1})[0]
    source = fresh.post("source.list", {}).get_json()["results"][0]
    changed = fresh.ok("application.changeSource", {"applicationId": app["id"], "sourceId": source["id"]})
    assert changed["source"]["id"] == source["id"]
    assert "source" not in fresh.ok("application.changeSource", {"applicationId": app["id"], "sourceId": None})
    assert fresh.error("application.changeSource", {"applicationId": app["id"]})["code"] == "invalid_input"


def test_application_form_submit_creates_candidate_application_and_answers(fresh: AshbySandbox) -> None:
    _, info = job_with_form(fresh)
    form = {"fieldSubmissions": form_values(info, "form.person@example.com")}
    response = fresh.post("applicationForm.submit", data={
        "jobPostingId": info["id"], "applicationForm": json.dumps(form),
        "cv_part": (io.BytesIO(b"%PDF cv"), "cv.pdf", "application/pdf")})  # fmt: skip
    result = response.get_json()["results"]
    assert result["formMessages"] == {"blocked": False}
    instance = result["submittedFormInstance"]
    app = fresh.ok("application.info", {"submittedFormInstanceId": instance["id"], "expand": ["applicationFormSubmissions"]})
    assert app["appliedViaJobPostingId"] == info["id"] and app["candidate"]["name"] == "Form Person"
    assert app["applicationFormSubmissions"][0]["submittedValues"] == instance["submittedValues"]
    candidate = fresh.ok("candidate.info", {"id": app["candidate"]["id"]})
    assert candidate["resumeFileHandle"]["name"] == "cv.pdf"
    for handle in candidate["fileHandles"]:  # every field naming the part got its bytes
        url = fresh.ok("file.info", {"fileHandle": handle["handle"]})["url"]
        assert fresh.flask_app.test_client().get(url.removeprefix("http://localhost")).data == b"%PDF cv"


def test_failed_form_submission_leaves_nothing_behind(fresh: AshbySandbox) -> None:
    _, info = job_with_form(fresh)
    form = {"fieldSubmissions": form_values(info, "twice@example.com")}
    data = {"jobPostingId": info["id"], "applicationForm": json.dumps(form)}
    fresh.post("applicationForm.submit", data={**data, "cv_part": (io.BytesIO(b"one"), "a.pdf", "application/pdf")})
    files_before = [h["name"] for h in fresh.ok("candidate.search", {"email": "twice@example.com"})[0]["fileHandles"]]
    seq = fresh.store.current_seq(fresh.tenant)
    tag = fresh.ok("candidateTag.create", {"title": "Applied twice"})
    before = fresh.store.current_seq(fresh.tenant)
    assert before == seq + 1
    second = fresh.post("applicationForm.submit", data={**data, "tagIds": json.dumps([tag["id"]]),
                                                        "cv_part": (io.BytesIO(b"two"), "b.pdf", "application/pdf")})  # fmt: skip
    assert second.get_json()["errorInfo"]["code"] == "duplicate_application"
    # The tag and the file written before the duplicate was found were rolled back.
    assert fresh.store.current_seq(fresh.tenant) == before
    person = fresh.ok("candidate.search", {"email": "twice@example.com"})[0]
    assert person["tags"] == [] and [h["name"] for h in person["fileHandles"]] == files_before
    assert set(files_before) == {"a.pdf"}


def test_application_form_submit_validates_fields(fresh: AshbySandbox) -> None:
    _, info = job_with_form(fresh)
    form = {"fieldSubmissions": [{"path": "_systemfield_name", "value": "Only Name"}]}
    multipart = "multipart/form-data"
    missing = fresh.post("applicationForm.submit", data={"jobPostingId": info["id"], "applicationForm": json.dumps(form)},
                         content_type=multipart)  # fmt: skip
    assert missing.get_json()["errorInfo"]["message"].startswith("Missing required fields")
    unknown = {"fieldSubmissions": [{"path": "nope", "value": "x"}]}
    bad = fresh.post("applicationForm.submit", data={"jobPostingId": info["id"], "applicationForm": json.dumps(unknown)},
                     content_type=multipart)  # fmt: skip
    assert "Unknown form field path" in bad.get_json()["errorInfo"]["message"]


def test_webhook_settings_round_trip_without_exposing_the_secret(fresh: AshbySandbox) -> None:
    hook = fresh.ok("webhook.create", {"webhookType": "candidateHire", "requestUrl": "https://hooks.example/h",
                                       "secretToken": "s3cr3t"})  # fmt: skip
    assert hook["secretToken"] == "s3cr3t" and hook["enabled"] is True
    assert "secretToken" not in fresh.ok("webhook.info", {"webhookId": hook["id"]})
    assert fresh.error("webhook.update", {"webhookId": hook["id"]})["code"] == "invalid_input"
    assert fresh.ok("webhook.update", {"webhookId": hook["id"], "enabled": False})["enabled"] is False
    assert fresh.ok("webhook.delete", {"webhookId": hook["id"]}) == {"webhookId": hook["id"]}
    assert fresh.error("webhook.info", {"webhookId": hook["id"]})["code"] == "webhook_not_found"
    assert fresh.error("webhook.create", {"webhookType": "jobCreate", "requestUrl": "https://x.example",
                                          "secretToken": "s"})["code"] == "invalid_input"  # fmt: skip


def test_completed_assessment_lands_on_the_latest_application(fresh: AshbySandbox) -> None:
    app = fresh.ok("application.list", {"limit": 1})[0]
    body = {
        "candidateId": app["candidate"]["id"], "partnerId": app["id"], "timestamp": int(NOW.timestamp() * 1000),
        "assessment": {"assessmentTypeId": app["id"], "assessmentId": app["candidate"]["id"], "assessmentName": "Coding test",
                       "result": {"identifier": "report", "label": "Report", "type": "url", "value": "https://r.example/1"},
                       "metadata": [{"identifier": "score", "label": "Acme: Score", "type": "string", "value": "97"}]},
    }  # fmt: skip
    out = fresh.ok("assessment.addCompletedToCandidate", body)
    assert out["result"]["value"] == "https://r.example/1" and out["metadata"][0]["value"] == "97"
    assert out["candidateId"] == app["candidate"]["id"] and out["applicationId"]
    body["assessment"]["result"]["type"] = "link"
    assert fresh.error("assessment.addCompletedToCandidate", body)["code"] == "invalid_input"
