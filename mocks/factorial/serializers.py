"""Native document -> the JSON a given API version answers with.

Documents are stored in the newest version's shape with integer ids (render.py). Per
version the serializer types every id and `*_id` reference (integers up to 2026-04-01,
strings from 2026-07-01), drops what the version does not have (the application's `cv`
before 2026-07-01), adds what depends on the request (the CV's download URL) and blanks
what the caller may not see (an OAuth user without admin rights: salaries).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import ids
from . import render as r
from .versions import ApiVersion

# Per store kind: the fields holding one id, and the fields holding a list of ids.
ID_FIELDS: dict[str, tuple[str, ...]] = {
    r.JOB_POSTING: ("id", "company_id", "ats_company_id", "team_id", "location_id", "legal_entity_id"),
    r.CANDIDATE: ("id", "company_id", "source_id"),
    r.APPLICATION: (
        "id", "company_id", "ats_job_posting_id", "ats_candidate_id", "employee_id", "ats_application_phase_id",
        "ats_conversation_id", "ats_rejection_reason_id", "source_id",
    ),
    r.APPLICATION_PHASE: ("id", "ats_job_posting_id", "ats_hiring_stage_id"),
    r.HIRING_STAGE: ("id", "company_id"),
    r.QUESTION: ("id", "ats_job_posting_id"),
    r.ANSWER: ("id", "ats_application_id", "ats_question_id"),
    r.CANDIDATE_SOURCE: ("id", "company_id"),
    r.REJECTION_REASON: ("id", "company_id"),
    r.TEAM: ("id", "company_id", "parent_team_id"),
    r.LOCATION: ("id", "company_id"),
    r.CUSTOM_FIELD: ("id", "legal_entity_id"),
    r.CUSTOM_FIELD_VALUE: ("id", "valuable_id", "field_id", "usage_group_id"),
}  # fmt: skip
ID_LIST_FIELDS: dict[str, tuple[str, ...]] = {
    r.CANDIDATE: ("ats_job_posting_ids",),
    r.TEAM: ("employee_ids", "lead_ids"),
}
# Fields an OAuth user without admin rights gets as null (reference §5: non-permitted
# fields come back null rather than as an error). Salaries are HR-confidential.
RESTRICTED_FIELDS: dict[str, tuple[str, ...]] = {
    r.JOB_POSTING: ("salary_from_amount_in_cents", "salary_to_amount_in_cents"),
}


class Serializer:
    """Serializes documents for one request: its version, caller and URL builder."""

    def __init__(self, version: ApiVersion, *, restricted: bool = False,
                 cv_url: Callable[[int, str], str] | None = None) -> None:  # fmt: skip
        self.version = version
        self.restricted = restricted
        self.cv_url = cv_url

    def one(self, kind: str, doc: dict[str, Any]) -> dict[str, Any]:
        string_ids = self.version.string_ids
        out = {k: v for k, v in doc.items() if not k.startswith("_")}
        for name in ID_FIELDS.get(kind, ("id",)):
            if name in out:
                out[name] = ids.wire(out[name], string_ids)
        for name in ID_LIST_FIELDS.get(kind, ()):
            if out.get(name) is not None:
                out[name] = [ids.wire(v, string_ids) for v in out[name]]
        if kind == r.APPLICATION:
            self._cv(out)
        if kind == r.QUESTION and not out.get("options"):
            out.pop("options", None)
        if self.restricted:
            for name in RESTRICTED_FIELDS.get(kind, ()):
                out[name] = None
        return out

    def many(self, kind: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.one(kind, doc) for doc in docs]

    def _cv(self, out: dict[str, Any]) -> None:
        cv = out.get("cv")
        if not self.version.has_cv or cv is None:
            # No CV, no key: Factorial's document has `cv` optional, not nullable (its SDK
            # cannot read `"cv": null`).
            out.pop("cv", None)
            return
        number = int(out["id"])
        url = self.cv_url(number, cv["filename"]) if self.cv_url else ""
        out["cv"] = {
            "filename": cv["filename"],
            "url": url,
            "byte_size": cv["byte_size"],
            "content_type": cv["content_type"],
            "created_at": cv.get("created_at"),
        }
