"""Helpers the Ashby tests share: finding a job with a form, its stages, filling its form."""

from __future__ import annotations

from typing import Any

from .conftest import AshbySandbox


def job_with_form(sb: AshbySandbox) -> tuple[dict[str, Any], dict[str, Any]]:
    for job in sb.all_pages("job.list", {"status": ["Open"]})[0]:
        for posting_id in job["jobPostingIds"]:
            info = sb.ok("jobPosting.info", {"jobPostingId": posting_id})
            if len(info["applicationFormDefinition"]["sections"]) > 1:
                return job, info
    raise AssertionError("no open job with screening questions")


def stages_of(sb: AshbySandbox, job: dict[str, Any]) -> list[dict[str, Any]]:
    return sb.ok("interviewStage.list", {"interviewPlanId": job["defaultInterviewPlanId"]})


def form_values(info: dict[str, Any], email: str) -> list[dict[str, Any]]:
    values = []
    for section in info["applicationFormDefinition"]["sections"]:
        for entry in section["fields"]:
            field = entry["field"]
            options = [v["value"] for v in field.get("selectableValues", [])]
            value = {"String": "Text", "LongText": "Long text", "Email": email, "Phone": "+49 30 1234",
                     "Boolean": True, "Number": 4, "Date": "2026-07-01", "ValueSelect": options[:1] and options[0],
                     "MultiValueSelect": options[:2], "File": "cv_part"}[field["type"]]  # fmt: skip
            if field["path"] == "_systemfield_name":
                value = "Form Person"
            values.append({"path": field["path"], "value": value})
    return values
