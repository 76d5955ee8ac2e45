"""Every emulated endpoint's answers, success and error alike, validate against the response
schema of Ashby's own OpenAPI document (contracts/reference/ashby_openapi_subset.json)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from atsbox.mocks.ashby.endpoints import BY_NAME, ENDPOINTS

from .conftest import AshbySandbox
from .helpers import form_values, job_with_form
from .wire_schemas import SUBSET, problems, subset

MISSING = "00000000-0000-4000-8000-000000000000"
ROOT = Path(__file__).resolve().parents[2]


def test_subset_covers_exactly_the_emulated_endpoints_with_their_permissions() -> None:
    endpoints = subset()["endpoints"]
    assert set(endpoints) == set(BY_NAME)
    for endpoint in ENDPOINTS:
        assert endpoints[endpoint.name]["permission"] == endpoint.permission, endpoint.name


def test_the_refresh_script_reproduces_the_committed_subset(tmp_path: Path) -> None:
    source = _installed_document()
    if source is None:
        pytest.skip("Ashby's OpenAPI document (arcade-ashby-api) is not installed here")
    out = tmp_path / "subset.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "refresh_ashby_schemas.py"), str(source), "--out", str(out)],
                   check=True, capture_output=True)  # fmt: skip
    assert out.read_bytes() == SUBSET.read_bytes()


def _installed_document() -> Path | None:
    """Ashby's document: $ATSBOX_ASHBY_OPENAPI, else an installed arcade-ashby-api."""
    import importlib.util
    import os

    candidates = [Path(os.environ["ATSBOX_ASHBY_OPENAPI"])] if os.environ.get("ATSBOX_ASHBY_OPENAPI") else []
    spec = importlib.util.find_spec("arcade_ashby_api")
    candidates += [Path(p) / "moar" / "openapi.json" for p in (spec.submodule_search_locations or [])] if spec else []
    return next((p for p in candidates if p.is_file()), None)


def test_the_validator_is_not_vacuous() -> None:
    assert problems("candidate.info", {"success": True, "results": {"id": "not-a-uuid"}})
    assert problems("candidate.list", {"success": True, "results": []})  # moreDataAvailable missing
    assert problems("user.list", {"success": False, "errors": ["x"]})  # errorInfo missing
    assert not problems("user.list", {"success": False, "errors": ["x"], "errorInfo": {"code": "x"}})


def _multipart(sb: AshbySandbox, endpoint: str, fields: dict[str, Any]) -> Any:
    return sb.post(endpoint, data=fields, content_type="multipart/form-data")


def _calls(sb: AshbySandbox) -> dict[str, tuple[Any, Any]]:
    """endpoint -> (a call that succeeds, a call that fails), as zero-argument callables."""
    cand = sb.ok("candidate.list", {"limit": 1})[0]
    app = next(a for a in sb.ok("application.list", {}) if a["status"] == "Active")
    job = next(j for j in sb.all_pages("job.list")[0] if j["jobPostingIds"])
    posting = job["jobPostingIds"][0]
    user = sb.ok("user.list", {"limit": 1})[0]
    tag = sb.ok("candidateTag.list", {"limit": 1})[0]
    source = sb.ok("source.list")[0]
    handle = next(c for c in sb.all_pages("candidate.list")[0] if c["fileHandles"])["fileHandles"][0]["handle"]
    hook = sb.ok("webhook.create", {"webhookType": "applicationUpdate", "requestUrl": "https://h.example", "secretToken": "s"})
    post = sb.post
    bad = {"limit": "x"}
    assessment = {"candidateId": cand["id"], "partnerId": MISSING, "timestamp": 1,
                  "assessment": {"assessmentTypeId": MISSING, "assessmentId": MISSING, "assessmentName": "A",
                                 "result": {"identifier": "u", "label": "L", "type": "url", "value": "https://x.example"},
                                 "metadata": []}}  # fmt: skip
    _, info = job_with_form(sb)
    form = json.dumps({"fieldSubmissions": form_values(info, "schema.person@example.com")})
    cv = (io.BytesIO(b"%PDF"), "cv.pdf")
    return {
        "apiKey.info": (lambda: post("apiKey.info", {}), lambda: post("apiKey.info", {}, key="wrong")),
        "user.list": (lambda: post("user.list", {}), lambda: post("user.list", bad)),
        "user.info": (lambda: post("user.info", {"userId": user["id"]}), lambda: post("user.info", {"userId": MISSING})),
        "department.list": (lambda: post("department.list", {}), lambda: post("department.list", bad)),
        "location.list": (lambda: post("location.list", {}), lambda: post("location.list", bad)),
        "job.list": (lambda: post("job.list", {"expand": ["location"]}), lambda: post("job.list", {"status": ["Nope"]})),
        "job.info": (lambda: post("job.info", {"id": job["id"]}), lambda: post("job.info", {"id": MISSING})),
        "jobPosting.list": (lambda: post("jobPosting.list", {}), lambda: post("jobPosting.list", {"listedOnly": "y"})),
        "jobPosting.info": (lambda: post("jobPosting.info", {"jobPostingId": posting}),
                            lambda: post("jobPosting.info", {"jobPostingId": MISSING})),
        "interviewPlan.list": (lambda: post("interviewPlan.list", {}), lambda: post("interviewPlan.list", bad)),
        "interviewStage.list": (lambda: post("interviewStage.list", {"interviewPlanId": job["defaultInterviewPlanId"]}),
                                lambda: post("interviewStage.list", {"interviewPlanId": MISSING})),
        "candidate.list": (lambda: post("candidate.list", {}), lambda: post("candidate.list", {"cursor": "x"})),
        "candidate.info": (lambda: post("candidate.info", {"id": cand["id"]}), lambda: post("candidate.info", {"id": MISSING})),
        "candidate.search": (lambda: post("candidate.search", {"name": cand["name"]}), lambda: post("candidate.search", {})),
        "candidate.create": (lambda: post("candidate.create", {"name": "Schema Person"}), lambda: post("candidate.create", {})),
        "candidate.update": (lambda: post("candidate.update", {"candidateId": cand["id"], "name": "Renamed"}),
                             lambda: post("candidate.update", {"candidateId": MISSING})),
        "candidate.addTag": (lambda: post("candidate.addTag", {"candidateId": cand["id"], "tagId": tag["id"]}),
                             lambda: post("candidate.addTag", {"candidateId": cand["id"], "tagId": MISSING})),
        "candidate.uploadResume": (
            lambda: _multipart(sb, "candidate.uploadResume", {"candidateId": cand["id"], "resume": (io.BytesIO(b"cv"), "cv.pdf")}),
            lambda: _multipart(sb, "candidate.uploadResume", {"candidateId": cand["id"]})),
        "candidate.uploadFile": (
            lambda: _multipart(sb, "candidate.uploadFile", {"candidateId": cand["id"], "file": (io.BytesIO(b"x"), "x.txt")}),
            lambda: post("candidate.uploadFile", {"candidateId": cand["id"]})),
        "candidate.createNote": (lambda: post("candidate.createNote", {"candidateId": cand["id"], "note": "Hi"}),
                                 lambda: post("candidate.createNote", {"candidateId": MISSING, "note": "Hi"})),
        "candidate.listNotes": (lambda: post("candidate.listNotes", {"candidateId": cand["id"]}),
                                lambda: post("candidate.listNotes", {})),
        "candidateTag.list": (lambda: post("candidateTag.list", {}), lambda: post("candidateTag.list", {"syncToken": "x"})),
        "candidateTag.create": (lambda: post("candidateTag.create", {"title": "T"}), lambda: post("candidateTag.create", {})),
        "application.list": (lambda: post("application.list", {}), lambda: post("application.list", {"status": "Nope"})),
        "application.info": (lambda: post("application.info", {"applicationId": app["id"], "expand": ["applicationFormSubmissions"]}),
                             lambda: post("application.info", {"applicationId": MISSING})),
        "application.create": (lambda: post("application.create", {"candidateId": sb.ok("candidate.create", {"name": "N"})["id"],
                                                                   "jobId": job["id"]}),
                               lambda: post("application.create", {"candidateId": cand["id"], "jobId": MISSING})),
        "application.changeStage": (
            lambda: post("application.changeStage", {"applicationId": app["id"], "interviewStageId": app["currentInterviewStage"]["id"]}),
            lambda: post("application.changeStage", {"applicationId": app["id"], "interviewStageId": MISSING})),
        "application.changeSource": (lambda: post("application.changeSource", {"applicationId": app["id"], "sourceId": source["id"]}),
                                     lambda: post("application.changeSource", {"applicationId": MISSING, "sourceId": None})),
        "applicationForm.submit": (
            lambda: _multipart(sb, "applicationForm.submit", {"jobPostingId": info["id"], "applicationForm": form,
                                                              "cv_part": cv}),
            lambda: _multipart(sb, "applicationForm.submit", {"jobPostingId": MISSING, "applicationForm": form})),
        "archiveReason.list": (lambda: post("archiveReason.list", {}), lambda: post("archiveReason.list", {"includeArchived": 1})),
        "source.list": (lambda: post("source.list", {}), lambda: post("source.list", {"includeArchived": "no"})),
        "interview.list": (lambda: post("interview.list", {}), lambda: post("interview.list", bad)),
        "interviewSchedule.list": (lambda: post("interviewSchedule.list", {}), lambda: post("interviewSchedule.list", bad)),
        "offer.list": (lambda: post("offer.list", {}), lambda: post("offer.list", {"offerStatus": ["Nope"]})),
        "customField.list": (lambda: post("customField.list", {}), lambda: post("customField.list", bad)),
        "surveyFormDefinition.list": (lambda: post("surveyFormDefinition.list", {}), lambda: post("surveyFormDefinition.list", bad)),
        "surveySubmission.list": (lambda: post("surveySubmission.list", {"surveyType": "Questionnaire"}),
                                  lambda: post("surveySubmission.list", {"surveyType": "EEOC"})),
        "file.info": (lambda: post("file.info", {"fileHandle": handle}), lambda: post("file.info", {"fileHandle": "x"})),
        "webhook.create": (lambda: post("webhook.create", {"webhookType": "candidateHire", "requestUrl": "https://h.example",
                                                           "secretToken": "s"}),
                           lambda: post("webhook.create", {"webhookType": "candidateHire"})),
        "webhook.info": (lambda: post("webhook.info", {"webhookId": hook["id"]}), lambda: post("webhook.info", {"webhookId": MISSING})),
        "webhook.update": (lambda: post("webhook.update", {"webhookId": hook["id"], "enabled": True}),
                           lambda: post("webhook.update", {"webhookId": hook["id"]})),
        "webhook.delete": (lambda: post("webhook.delete", {"webhookId": hook["id"]}),
                           lambda: post("webhook.delete", {"webhookId": hook["id"]})),
        "assessment.addCompletedToCandidate": (lambda: post("assessment.addCompletedToCandidate", assessment),
                                               lambda: post("assessment.addCompletedToCandidate", {})),
    }  # fmt: skip


def test_every_endpoint_success_and_error_validate(fresh: AshbySandbox) -> None:
    calls = _calls(fresh)
    assert set(calls) == set(BY_NAME)
    fresh.app.checked.clear()
    for endpoint, (succeed, fail) in calls.items():
        good = succeed().get_json()
        assert good["success"] is True, (endpoint, good)
        wrong = fail().get_json()
        assert wrong["success"] is False, (endpoint, wrong)
    assert not fresh.app.violations, "\n".join(fresh.app.violations[:20])
    assert {e: b for e, b in fresh.app.checked.items() if b != {"success", "error"}} == {}
    assert set(fresh.app.checked) == set(BY_NAME)
