"""Factorial wire objects -> unified records: exactly the fields Kombo's Factorial page lists.

Jobs come from job postings, screening questions from a job posting's questions (Factorial
keeps questions per job posting, so each is its own screening question), and a job's
questions are its job-specific screening questions. Every other unified field stays empty.

`changed_at` and `remote_deleted_at` are placeholders here; changes.ChangeLog sets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from atsbox.connectors.ids import join_remote_id, split_remote_id, unified_id
from atsbox.connectors.unified import (
    Application,
    Candidate,
    Job,
    JobScreeningQuestion,
    ScreeningQuestion,
)

Wire = Mapping[str, Any]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
VERSION = "2026-10-01"
RESOURCES = f"/api/{VERSION}/resources"

# Factorial word -> unified word.
STATUS = {"draft": "DRAFT", "published": "OPEN", "unlisted": "OPEN", "archived": "ARCHIVED",
          "cancelled": "CLOSED", "deleted": "ARCHIVED"}  # fmt: skip
WORKPLACE = {"onsite": "ON_SITE", "hybrid": "HYBRID", "remote": "REMOTE"}
SALARY_PERIOD = {"annual": "YEAR", "monthly": "MONTH", "daily": "DAY"}
CONTRACT_EMPLOYMENT = {"intern": "INTERNSHIP", "temporary": "SEASONAL", "freelance": "CONTRACT",
                       "vendor_contractor": "CONTRACT"}  # fmt: skip
SCHEDULE_EMPLOYMENT = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
VALUABLE_JOB = "Ats::JobPosting"
VALUABLE_CANDIDATE = "Ats::Candidate"


def job_time(item: Wire) -> datetime | None:
    """A job posting's latest own time (it has no updated_at): its publication or creation."""
    times = [t for t in (parse_time(item.get("published_at")), parse_time(item.get("created_at"))) if t]
    return max(times, default=None)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def rid(value: Any) -> str:
    """A Factorial id as the unified remote id (ids are numbers or strings by version)."""
    return str(value)


def linked(table: Mapping[str, Wire], item: Wire, key: str) -> Wire:
    """The record `item[key]` points at in `table` (an empty mapping when none)."""
    target = item.get(key)
    return table.get(rid(target), {}) if target is not None else {}


def remote_data(resource: str, item: Wire) -> dict[str, Any]:
    return {f"{RESOURCES}/{resource}/{rid(item['id'])}": dict(item)}


# --- custom fields --------------------------------------------------------------------------


@dataclass(slots=True)
class CustomValues:
    """The custom-field values of one kind of record, by record id, in field order."""

    fields: dict[str, Wire]
    by_record: dict[str, list[Wire]] = field(default_factory=dict)

    @classmethod
    def of(cls, fields: list[Wire], values: list[Wire], valuable_type: str) -> CustomValues:
        out = cls({rid(f["id"]): f for f in fields})
        for value in values:
            if value.get("valuable_type") == valuable_type:
                out.by_record.setdefault(rid(value["valuable_id"]), []).append(value)
        for rows in out.by_record.values():
            rows.sort(key=lambda v: int(rid(v["field_id"])) if rid(v["field_id"]).isdigit() else 0)
        return out

    def value(self, row: Wire) -> Any:
        kind = (self.fields.get(rid(row["field_id"])) or {}).get("field_type")
        if kind in ("cents", "money"):
            cents = row.get("cents_value")
            return None if cents is None else cents / 100
        if kind == "checkbox":
            return {"true": True, "false": False}.get(str(row.get("value")).lower())
        if kind == "date":
            return row.get("date_value")
        if kind == "single_choice":
            return row.get("single_choice_value")
        if kind == "long_text":
            return row.get("long_text_value") or row.get("value")
        return row.get("value")

    def label(self, row: Wire) -> str | None:
        found = self.fields.get(rid(row["field_id"]))
        return (found or {}).get("label_text") or row.get("label")

    def custom_fields(self, record_id: str) -> dict[str, Any]:
        return {self.label(r): self.value(r) for r in self.by_record.get(record_id, []) if self.label(r)}

    def integration_fields(self, record_id: str) -> list[dict[str, Any]]:
        return [
            {
                "id": unified_id("integration_fields", rid(r["field_id"])),
                "key": rid(r["field_id"]),
                "type": "CUSTOM",
                "value": self.value(r),
                "label": self.label(r),
            }
            for r in self.by_record.get(record_id, [])
        ]


# --- jobs -----------------------------------------------------------------------------------


def employment_type(item: Wire) -> str | None:
    contract = CONTRACT_EMPLOYMENT.get(item.get("contract_type") or "")
    return contract or SCHEDULE_EMPLOYMENT.get(item.get("schedule_type") or "")


def location(place: Wire | None) -> dict[str, Any] | None:
    if not place:
        return None
    out = {
        "city": place.get("city"),
        "country": place.get("country"),
        "state": place.get("state"),
        "zip_code": place.get("postal_code"),
        "street_1": place.get("address_line_1"),
        "street_2": place.get("address_line_2"),
    }
    return out if any(out.values()) else None


def job(item: Wire, teams: Mapping[str, Wire], places: Mapping[str, Wire], custom: CustomValues) -> Job:
    remote = rid(item["id"])
    low, high = item.get("salary_from_amount_in_cents"), item.get("salary_to_amount_in_cents")
    has_salary = low is not None or high is not None
    workplace = WORKPLACE.get(item.get("workplace_type") or "") or ("REMOTE" if item.get("remote") else None)
    return Job(
        id=unified_id("jobs", remote),
        remote_id=remote,
        changed_at=EPOCH,
        name=item.get("title"),
        description=item.get("description"),
        employment_type=employment_type(item),
        status=STATUS.get(item.get("status") or ""),
        visibility="UNLISTED" if item.get("status") == "unlisted" else "PUBLIC",
        department=linked(teams, item, "team_id").get("name"),
        post_url=item.get("url"),
        remote_work_status=workplace,
        salary_amount_from=None if low is None else low / 100,
        salary_amount_to=None if high is None else high / 100,
        salary_period=SALARY_PERIOD.get(item.get("salary_period") or "") if has_salary else None,
        location=location(linked(places, item, "location_id")),
        custom_fields=custom.custom_fields(remote),
        integration_fields=custom.integration_fields(remote),
        remote_created_at=parse_time(item.get("created_at")),
        remote_data=remote_data("ats/job_postings", item),
    )


# --- candidates -----------------------------------------------------------------------------


def candidate(item: Wire, sources: Mapping[str, Wire], custom: CustomValues) -> Candidate:
    remote = rid(item["id"])
    email = item.get("email")
    return Candidate(
        id=unified_id("candidates", remote),
        remote_id=remote,
        changed_at=EPOCH,
        first_name=item.get("first_name"),
        last_name=item.get("last_name"),
        source=linked(sources, item, "source_id").get("name"),
        email_addresses=[{"email_address": email}] if email else [],
        custom_fields=custom.custom_fields(remote),
        integration_fields=custom.integration_fields(remote),
        remote_created_at=parse_time(item.get("created_at")),
        remote_updated_at=parse_time(item.get("updated_at")),
        remote_data=remote_data("ats/candidates", item),
    )


# --- screening questions --------------------------------------------------------------------


def option_remote_id(question_id: str, text: str) -> str:
    """Factorial options have no ids: an option is its question and its text."""
    return join_remote_id(question_id, text)


def option_text(option_remote: str) -> tuple[str, str]:
    """(question remote id, option text) of an option id from `option_remote_id`."""
    parts = split_remote_id(option_remote)
    if len(parts) != 2:
        raise ValueError(f"not a Factorial option id: {option_remote!r}")
    return parts[0], parts[1]


def question_format(item: Wire) -> dict[str, Any]:
    kind = item.get("question_type")
    qid = rid(item["id"])
    if kind in ("single_choice", "multiple_choice"):
        options = [
            {
                "id": unified_id("screening_question_options", option_remote_id(qid, o["text"])),
                "remote_id": option_remote_id(qid, o["text"]),
                "name": o["text"],
            }
            for o in item.get("options") or ()
        ]
        return {"type": "SINGLE_SELECT" if kind == "single_choice" else "MULTI_SELECT", "options": options}
    if kind == "file":
        return {"type": "FILE"}
    if kind in ("text", "long_text"):
        return {"type": "TEXT", "display_type": "MULTI_LINE" if kind == "long_text" else "SINGLE_LINE"}
    return {"type": "UNKNOWN", "raw_question": dict(item)}


def screening_question(item: Wire) -> ScreeningQuestion:
    remote = rid(item["id"])
    return ScreeningQuestion(
        id=unified_id("screening_questions", remote),
        remote_id=remote,
        changed_at=EPOCH,
        title=item.get("label"),
        format=question_format(item),
    )


def job_screening_question(item: Wire) -> JobScreeningQuestion:
    job_remote, question_remote = rid(item["ats_job_posting_id"]), rid(item["id"])
    return JobScreeningQuestion(
        id=unified_id("job_screening_questions", join_remote_id(job_remote, question_remote)),
        changed_at=EPOCH,
        job_id=unified_id("jobs", job_remote),
        question_id=unified_id("screening_questions", question_remote),
        index=item.get("position"),
        required=item.get("mandatory"),
    )


# --- what the write actions return ----------------------------------------------------------


def application(item: Wire, phase_type: str | None) -> Application:
    """The application a create action made (applications are not synced for Factorial)."""
    remote = rid(item["id"])
    outcome = (
        "DECLINED" if item.get("qualified") is False else ("HIRED" if phase_type == "hired" else "PENDING")
    )
    phase = item.get("ats_application_phase_id")
    return Application(
        id=unified_id("applications", remote),
        remote_id=remote,
        changed_at=parse_time(item.get("created_at")) or EPOCH,
        outcome=outcome,
        current_stage_id=unified_id("application_stages", rid(phase)) if phase is not None else None,
        job_id=unified_id("jobs", rid(item["ats_job_posting_id"])),
        candidate_id=unified_id("candidates", rid(item["ats_candidate_id"])),
        remote_created_at=parse_time(item.get("created_at")),
        remote_data=remote_data("ats/applications", item),
    )
