"""Flatchr wire objects -> unified records. Pure functions: no HTTP, no state.

Flatchr's words mapped back (see docs/vendors/flatchr.md for the reasoning):
- vacancy ``status`` 0/1/2/3 = CLOSED/OPEN/DRAFT/ARCHIVED; visibility from where the
  vacancy is distributed (career site 98 = PUBLIC, intranet 152 = INTERNAL, else UNLISTED);
- ``partial: true`` is part time whatever the contract; else the contract label decides;
- the vacancy folder tag is the department, its other tags are custom fields;
- ``start_date`` / ``end_date`` are when the job opens and closes (midnight UTC);
- an archived applicant (``status`` 0) is DECLINED, one in a ``hired`` column HIRED;
- records in Flatchr's bin carry ``deleted_at``, which becomes ``remote_deleted_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.connectors.unified import (
    Application,
    ApplicationStage,
    Candidate,
    CandidateTag,
    Job,
    JobStage,
    Tag,
)

Wire = Mapping[str, Any]

CAREER_SITE = 98
INTRANET = 152
JOB_STATUS = {0: "CLOSED", 1: "OPEN", 2: "DRAFT", 3: "ARCHIVED"}
EMPLOYMENT = {"CDI": "FULL_TIME", "CDD": "CONTRACT", "Intérim": "CONTRACT", "Freelance": "CONTRACT",
              "Stage": "INTERNSHIP", "Alternance": "INTERNSHIP", "Saisonnier": "SEASONAL"}  # fmt: skip
EXPERIENCE = {1: "Moins d'un an", 2: "1 à 3 ans", 4: "3 à 5 ans", 6: "6 à 10 ans", 11: "Plus de 10 ans"}
REMOTE = {"notime": "ON_SITE", "parttime": "HYBRID", "fulltime": "REMOTE"}
PERIOD = {"y": "YEAR", "m": "MONTH", "d": "DAY", "h": "HOUR"}


# --- values -----------------------------------------------------------------------------------
def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def from_unix(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


def midnight(value: str | None) -> datetime | None:
    if not value:
        return None
    day = date.fromisoformat(value[:10])
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def money(value: Any) -> float | None:
    """ "40 000" / "12,5" / 40000 -> a number; empty or "0" -> None."""
    if value is None:
        return None
    text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    number = float(text)
    return number or None


def changed(*times: datetime | None) -> datetime:
    """A record's change time: the newest of its own times (a deletion is a change)."""
    found = [t for t in times if t is not None]
    return max(found) if found else datetime.now(UTC)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --- jobs -------------------------------------------------------------------------------------
def visibility(channels: set[int]) -> str:
    if CAREER_SITE in channels:
        return "PUBLIC"
    if INTRANET in channels:
        return "INTERNAL"
    return "UNLISTED"


def employment_type(vacancy: Wire) -> str | None:
    if vacancy.get("partial"):
        return "PART_TIME"
    label = vacancy.get("contract_type")
    return EMPLOYMENT.get(label, label) if label else None


def location(address: Wire | None) -> dict[str, Any] | None:
    if not address:
        return None
    street = " ".join(p for p in (address.get("street_number"), address.get("route")) if p) or None
    out = {
        "city": address.get("locality"),
        "country": address.get("country"),
        "state": address.get("administrative_area_level_1"),
        "zip_code": address.get("postal_code"),
        "street_1": street,
    }
    return out if any(out.values()) else None


def tag_fields(
    tags: Iterable[Wire], folders: set[str]
) -> tuple[str | None, dict[str, Any], list[dict[str, Any]]]:
    """(department, custom_fields, integration_fields) from a vacancy's tags."""
    department = None
    custom: dict[str, Any] = {}
    integration = []
    for tag in tags:
        if tag["tag_id"] in folders:
            department = department or tag.get("value")
            continue
        custom[tag["title"]] = tag.get("value")
        integration.append({"id": unified_id("integration_fields", tag["tag_id"]), "key": tag["tag_id"],
                            "type": "CUSTOM", "value": tag.get("value"), "label": tag["title"]})  # fmt: skip
    integration.sort(key=lambda f: f["key"])
    return department, custom, integration


def job(vacancy: Wire, channels: set[int], folders: set[str]) -> Job:
    low, high = money(vacancy.get("salary")), money(vacancy.get("salary_max"))
    department, custom, integration = tag_fields(vacancy.get("tags") or [], folders)
    description = "".join(
        p for p in (vacancy.get(k) for k in ("description", "mission", "profile")) if _text(p)
    )
    deleted = parse_iso(vacancy.get("deleted_at"))
    updated = parse_iso(vacancy.get("updated_at"))
    return Job(
        id=unified_id("jobs", vacancy["id"]),
        remote_id=vacancy["id"],
        changed_at=changed(updated, deleted),
        remote_deleted_at=deleted,
        name=vacancy.get("title"),
        description=description or None,
        employment_type=employment_type(vacancy),
        status=JOB_STATUS.get(vacancy.get("status")),
        visibility=visibility(channels),
        category=_text(vacancy.get("metier")),
        department=department,
        post_url=_text(vacancy.get("apply_url")),
        experience_level=EXPERIENCE.get(vacancy.get("experience")),
        remote_work_status=REMOTE.get(vacancy.get("remote")),
        salary_amount=low if high is None else None,
        salary_amount_from=low if high is not None else None,
        salary_amount_to=high,
        salary_currency=_text(vacancy.get("currency")),
        salary_period=PERIOD.get(vacancy.get("mensuality")),
        location=location(vacancy.get("address")),
        custom_fields=custom,
        integration_fields=integration,
        opened_at=midnight(vacancy.get("start_date")),
        closed_at=midnight(vacancy.get("end_date")),
        remote_created_at=parse_iso(vacancy.get("created_at")),
        remote_updated_at=updated,
        remote_data={"vacancy": dict(vacancy)},
    )


# --- stages -----------------------------------------------------------------------------------
def application_stage(column: Wire) -> ApplicationStage:
    deleted = parse_iso(column.get("deleted_at"))
    return ApplicationStage(
        id=unified_id("application_stages", column["id"]),
        remote_id=str(column["id"]),
        changed_at=changed(parse_iso(column.get("updated_at")), deleted),
        remote_deleted_at=deleted,
        name=column.get("title"),
        remote_data={"column": dict(column)},
    )


def job_stage(column: Wire) -> JobStage:
    """A job's stage row; hidden columns (``visible: false``) are rows too."""
    deleted = parse_iso(column.get("deleted_at"))
    return JobStage(
        id=unified_id("job_stages", join_remote_id(column["vacancy_id"], column["id"])),
        changed_at=changed(parse_iso(column.get("updated_at")), deleted),
        remote_deleted_at=deleted,
        job_id=unified_id("jobs", column["vacancy_id"]),
        stage_id=unified_id("application_stages", column["id"]),
        index=column.get("position"),
    )


# --- people -----------------------------------------------------------------------------------
def candidate(person: Wire) -> Candidate:
    deleted = parse_iso(person.get("deleted_at"))
    phone = person.get("phone")
    return Candidate(
        id=unified_id("candidates", person["id"]),
        remote_id=person["id"],
        changed_at=changed(parse_iso(person.get("updated_at")), deleted),
        remote_deleted_at=deleted,
        first_name=person.get("firstname"),
        last_name=person.get("lastname"),
        phone_numbers=[{"phone_number": str(phone)}] if phone not in (None, "") else [],
        email_addresses=[{"email_address": person["email"]}] if person.get("email") else [],
        remote_data={"candidate": dict(person)},
    )


def outcome(status: int, hired: bool) -> str:
    if status == 0:
        return "DECLINED"
    return "HIRED" if hired else "PENDING"


def application(applicant_id: str, *, vacancy_id: str, column_id: int | None, person: Wire, status: int,
                hired: bool, updated: datetime | None, deleted: datetime | None, raw: Wire) -> Application:  # fmt: skip
    # The applicant carries its candidate (its payload is the remote data), so a change or
    # binning of the candidate is a change of the application too.
    person_times = (parse_iso(person.get("updated_at")), parse_iso(person.get("deleted_at")))
    return Application(
        id=unified_id("applications", applicant_id),
        remote_id=applicant_id,
        changed_at=changed(updated, deleted, *person_times),
        remote_deleted_at=deleted,
        outcome=outcome(status, hired),
        current_stage_id=unified_id("application_stages", column_id) if column_id is not None else None,
        job_id=unified_id("jobs", vacancy_id),
        candidate_id=unified_id("candidates", person["id"]),
        remote_data={"applicant": dict(raw)},
    )


def application_of_row(row: Wire, vacancy_id: str, column_id: int | None) -> Application:
    """A search row (with ``?fields=candidate``): the vacancy and column come as integer id
    and title, resolved by the caller."""
    return application(
        row["applicant"], vacancy_id=vacancy_id, column_id=column_id, person=row["candidate"],
        status=row["status"], hired=bool(row.get("hired")), updated=from_unix(row.get("updated_at")),
        deleted=parse_iso(row.get("deleted_at")), raw=row,
    )  # fmt: skip


def application_of_applicant(applicant: Wire, hired: bool) -> Application:
    return application(
        applicant["id"], vacancy_id=applicant["vacancy_id"], column_id=applicant.get("column_id"),
        person=applicant["candidate"], status=applicant["status"], hired=hired,
        updated=from_unix(applicant.get("updated_at")), deleted=parse_iso(applicant.get("deleted_at")), raw=applicant,
    )  # fmt: skip


# --- tags -------------------------------------------------------------------------------------
def tag(definition: Wire, seen_at: datetime) -> Tag:
    """Tag definitions carry no times: changed_at is when the connector first saw this
    definition (``seen_at``), as Kombo's is when it noticed a change."""
    deleted = parse_iso(definition.get("deleted_at"))
    return Tag(
        id=unified_id("tags", definition["id"]),
        remote_id=definition["id"],
        changed_at=max(seen_at, deleted) if deleted else seen_at,
        remote_deleted_at=deleted,
        name=definition.get("title"),
        remote_data={"tag": dict(definition)},
    )


def candidate_tag(person: Wire, definition: Wire) -> CandidateTag:
    deleted = [t for t in (parse_iso(person.get("deleted_at")), parse_iso(definition.get("deleted_at"))) if t]
    return CandidateTag(
        id=unified_id("candidate_tags", join_remote_id(person["id"], definition["id"])),
        changed_at=changed(parse_iso(person.get("updated_at")), *deleted),
        remote_deleted_at=min(deleted) if deleted else None,
        candidate_id=unified_id("candidates", person["id"]),
        tag_id=unified_id("tags", definition["id"]),
    )
