"""Personio's wire format -> the unified model.

Rules worth knowing (docs/vendors/personio.md lists them too):

- Jobs merge v2 (name, department, category, times) with the XML feed (description,
  employment type, seniority, office), which only lists published positions: a job in the
  feed is OPEN and PUBLIC, one outside it has no known status or visibility.
- Personio's vocabularies: ``employmentType`` permanent / intern / trainee / freelance with
  ``schedule`` full- / part-time; ``seniority`` is the experience level as is; the office is
  the location's raw text (Personio offices are names, not addresses).
- A candidate has one email, one phone, a LinkedIn profile and a free-text location
  (``City, CC``); their source is the recruiting channel of their first application.
- Outcome and stage come from the application's phase: ``accepted`` is HIRED,
  ``rejected`` / ``withdrawn`` DECLINED, anything else PENDING.
- v2 returns no custom attributes. Fields the unified model has no place for (XML extras,
  a candidate's gender, an application's channel ...) are DEFAULT integration fields, and
  each is also a custom field under its label (the sandbox's default field mapping).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.connectors.unified import (
    Application,
    ApplicationStage,
    Candidate,
    IntegrationField,
    Job,
    JobStage,
)

SYSTEM_PHASES = ("unassigned", "rejected", "withdrawn", "offer", "accepted")
_PIPELINE_POSITION = {"unassigned": 0, "offer": 2, "accepted": 3, "rejected": 4, "withdrawn": 5}
EMPLOYMENT = {"intern": "INTERNSHIP", "trainee": "INTERNSHIP", "freelance": "CONTRACT"}

JOB_EXTRAS = (
    ("subcompany", "Subcompany"),
    ("additionalOffices", "Additional offices"),
    ("schedule", "Schedule"),
    ("yearsOfExperience", "Years of experience"),
    ("keywords", "Keywords"),
    ("occupation", "Occupation"),
    ("occupationCategory", "Occupation category"),
)
CANDIDATE_EXTRAS = (("gender", "Gender"), ("birthday", "Birthday"), ("available_from", "Available from"))
APPLICATION_EXTRAS = (
    ("application_date", "Application date"),
    ("channel", "Channel"),
    ("is_anonymized", "Anonymized"),
)


def v2_time(value: Any) -> str | None:
    """A v2 time: ``{"date-time": ..., "timezone": ...}`` (or ``date``), or a plain string."""
    if isinstance(value, Mapping):
        return value.get("date-time") or value.get("date")
    return value or None


def later(*values: str | datetime | None) -> datetime | None:
    times = [datetime.fromisoformat(v) if isinstance(v, str) else v for v in values if v]
    return max(times) if times else None


def extras(
    model: str, source: Mapping[str, Any], fields: Iterable[tuple[str, str]]
) -> list[IntegrationField]:
    out = []
    for key, label in fields:
        value = source.get(key)
        if value is None or value == "" or value == []:
            continue
        out.append(
            IntegrationField(
                id=unified_id("integration_fields", f"{model}.{key}"),
                key=key,
                type="DEFAULT",
                value=value,
                label=label,
            )
        )
    return out


def as_custom_fields(fields: list[IntegrationField]) -> dict[str, Any]:
    return {f.label or f.key: f.value for f in fields}


# --- jobs ---------------------------------------------------------------------------------


def employment_type(position: Mapping[str, Any]) -> str | None:
    kind = position.get("employmentType")
    if not kind:
        return None
    if kind == "permanent":
        return "PART_TIME" if position.get("schedule") == "part-time" else "FULL_TIME"
    return EMPLOYMENT.get(kind, kind)


def job(
    remote_id: str,
    v2: Mapping[str, Any] | None,
    position: Mapping[str, Any] | None,
    description: str | None,
    post_url: str | None,
    remote_data: dict[str, Any],
) -> Job:
    v2 = v2 or {}
    position = position or {}
    fields = extras("jobs", position, JOB_EXTRAS)
    department = (v2.get("department") or {}).get("name") or position.get("department")
    category = (v2.get("category") or {}).get("name") or position.get("recruitingCategory")
    published = bool(position)
    created = v2_time(v2.get("created_at")) or position.get("createdAt")
    return Job(
        id=unified_id("jobs", remote_id),
        remote_id=remote_id,
        changed_at=later(v2_time(v2.get("updated_at")), created),
        name=v2.get("name") or position.get("name"),
        description=description,
        employment_type=employment_type(position),
        status="OPEN" if published else None,
        visibility="PUBLIC" if published else None,
        category=category or None,
        department=department or None,
        post_url=post_url,
        experience_level=position.get("seniority") or None,
        location={"raw": position["office"]} if position.get("office") else None,
        custom_fields=as_custom_fields(fields),
        integration_fields=fields,
        remote_created_at=created,
        remote_data=remote_data,
    )


# --- candidates ---------------------------------------------------------------------------


def location(text: str | None) -> dict[str, str] | None:
    """``City, CC`` / ``City`` / ``CC`` -> a Location's city and country."""
    if not text:
        return None
    city, sep, tail = text.rpartition(", ")
    if sep and len(tail) == 2 and tail.isalpha() and tail.isupper():
        return {"city": city, "country": tail}
    if len(text) == 2 and text.isalpha() and text.isupper():
        return {"country": text}
    return {"city": text}


def candidate(data: Mapping[str, Any], source: str | None) -> Candidate:
    remote_id = str(data["id"])
    fields = extras("candidates", data, CANDIDATE_EXTRAS)
    linkedin = data.get("linkedin_profile")
    return Candidate(
        id=unified_id("candidates", remote_id),
        remote_id=remote_id,
        changed_at=v2_time(data.get("updated_at")),
        first_name=data.get("first_name"),
        last_name=data.get("last_name"),
        source=source,
        phone_numbers=[{"phone_number": data["phone"], "type": None}] if data.get("phone") else [],
        email_addresses=[{"email_address": data["email"], "type": None}] if data.get("email") else [],
        social_media=[{"link": linkedin, "type": "LINKEDIN", "username": None}] if linkedin else [],
        location=location(data.get("location")),
        custom_fields=as_custom_fields(fields),
        integration_fields=fields,
    )


# --- applications and their stages --------------------------------------------------------


def outcome(stage_id: str | None) -> str:
    if stage_id == "accepted":
        return "HIRED"
    if stage_id in ("rejected", "withdrawn"):
        return "DECLINED"
    return "PENDING"


def stage_id(application: Mapping[str, Any]) -> str | None:
    stage = application.get("current_stage") or {}
    if stage.get("id"):
        return str(stage["id"])
    kind = str(stage.get("kind") or "").lower()
    return kind if kind in SYSTEM_PHASES else None


def application(data: Mapping[str, Any], remote_data: dict[str, Any]) -> Application:
    remote_id = str(data["id"])
    channel = (data.get("channel") or {}).get("name")
    fields = extras("applications", {**data, "channel": channel}, APPLICATION_EXTRAS)
    stage = stage_id(data)
    updated = v2_time(data.get("updated_at"))
    return Application(
        id=unified_id("applications", remote_id),
        remote_id=remote_id,
        changed_at=updated,
        outcome=outcome(stage),
        current_stage_id=unified_id("application_stages", stage) if stage else None,
        job_id=unified_id("jobs", str(data["job"]["id"])),
        candidate_id=unified_id("candidates", str(data["candidate"]["id"])),
        custom_fields=as_custom_fields(fields),
        integration_fields=fields,
        remote_created_at=v2_time(data.get("created_at")),
        remote_updated_at=updated,
        remote_data=remote_data,
    )


def pipeline_key(stage: str) -> tuple[int, int, str]:
    """Phases in pipeline order: unassigned, the custom ones by number, offer, end states."""
    if stage in _PIPELINE_POSITION:
        return (_PIPELINE_POSITION[stage], 0, stage)
    return (1, int(stage), stage) if stage.isdigit() else (1, 0, stage)


def inferred_stages(
    applications: Iterable[Mapping[str, Any]],
) -> tuple[list[ApplicationStage], list[JobStage]]:
    """The stages the applications sit in (Personio has no stage endpoint), company-wide and
    per job; a stage row changes when an application in it last changed."""
    names: dict[str, str | None] = {}
    changed: dict[str, datetime] = {}
    per_job: dict[str, dict[str, datetime]] = {}
    for data in applications:
        stage = stage_id(data)
        if stage is None:
            continue
        updated = later(v2_time(data.get("updated_at")))
        assert updated is not None
        names.setdefault(stage, (data.get("current_stage") or {}).get("name"))
        changed[stage] = max(changed.get(stage, updated), updated)
        job_stages = per_job.setdefault(str(data["job"]["id"]), {})
        job_stages[stage] = max(job_stages.get(stage, updated), updated)
    stages = [
        ApplicationStage(
            id=unified_id("application_stages", s), remote_id=s, changed_at=changed[s], name=names[s]
        )
        for s in sorted(names, key=pipeline_key)
    ]
    rows = []
    for job_id, occupied in per_job.items():
        for index, s in enumerate(sorted(occupied, key=pipeline_key)):
            rows.append(
                JobStage(
                    id=unified_id("job_stages", join_remote_id(job_id, s)),
                    changed_at=occupied[s],
                    job_id=unified_id("jobs", job_id),
                    stage_id=unified_id("application_stages", s),
                    index=index,
                )
            )
    return stages, rows
