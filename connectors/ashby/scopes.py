"""Scope testing: which unified models and actions an Ashby API key may use.

Ashby keys carry module permissions (candidatesRead, jobsWrite ...); `apiKey.info` lists
them as scopes ("candidates:read"). Each model and action needs the permissions of the
endpoints the connector calls for it; the report says, per model and action, whether the
key has them all and which are missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# What the connector calls for each model and action, as Ashby permissions.
MODEL_PERMISSIONS: dict[str, frozenset[str]] = {
    "users": frozenset({"organizationRead"}),
    "jobs": frozenset({"jobsRead", "organizationRead", "hiringProcessMetadataRead"}),
    "job_postings": frozenset({"jobsRead"}),
    "candidates": frozenset({"candidatesRead"}),
    "application_stages": frozenset({"interviewsRead"}),
    "applications": frozenset({"candidatesRead"}),
    "screening_questions": frozenset({"jobsRead"}),
    "tags": frozenset({"hiringProcessMetadataRead"}),
    "interviews": frozenset({"interviewsRead"}),
    "offers": frozenset({"offersRead", "hiringProcessMetadataRead"}),
    "rejection_reasons": frozenset({"hiringProcessMetadataRead"}),
    "candidate_tags": frozenset({"candidatesRead"}),
    "job_stages": frozenset({"jobsRead", "interviewsRead"}),
    "job_screening_questions": frozenset({"jobsRead"}),
    "job_hiring_team": frozenset({"jobsRead"}),
    "interview_users": frozenset({"interviewsRead"}),
}
_APPLICANT = frozenset({"candidatesRead", "candidatesWrite", "jobsRead", "hiringProcessMetadataRead"})
ACTION_PERMISSIONS: dict[str, frozenset[str]] = {
    "create_candidate": _APPLICANT,
    "create_application": _APPLICANT,
    "add_candidate_tag": frozenset({"candidatesWrite", "hiringProcessMetadataWrite"}),
    "add_application_attachment": frozenset({"candidatesRead", "candidatesWrite"}),
    "add_candidate_attachment": frozenset({"candidatesWrite"}),
    "move_application_to_stage": frozenset({"candidatesRead", "candidatesWrite"}),
    "reject_application": frozenset({"candidatesRead", "candidatesWrite", "interviewsRead"}),
    "add_application_result_link": frozenset({"candidatesRead", "candidatesWrite"}),
    "add_candidate_result_link": frozenset({"candidatesWrite"}),
    "add_application_note": frozenset({"candidatesRead", "candidatesWrite"}),
    "get_application_attachments": frozenset({"candidatesRead"}),
}


def permission_of_scope(scope: str) -> str:
    """apiKey.info's "candidates:read" -> the permission name candidatesRead."""
    match = re.fullmatch(r"(\w+):(read|write)", scope)
    return f"{match.group(1)}{match.group(2).capitalize()}" if match else scope


@dataclass
class ScopeReport:
    permissions: frozenset[str]
    models: dict[str, bool] = field(default_factory=dict)
    actions: dict[str, bool] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(self.models.values()) and all(self.actions.values())


def scope_report(key_info: dict[str, Any], models: list[str], actions: list[str]) -> ScopeReport:
    granted = frozenset(permission_of_scope(s) for s in key_info.get("scopes") or [])
    report = ScopeReport(granted)
    for name, needed, into in [
        *((m, MODEL_PERMISSIONS[m], report.models) for m in models if m in MODEL_PERMISSIONS),
        *((a, ACTION_PERMISSIONS[a], report.actions) for a in actions if a in ACTION_PERMISSIONS),
    ]:
        lacking = sorted(needed - granted)
        into[name] = not lacking
        if lacking:
            report.missing[name] = lacking
    return report
