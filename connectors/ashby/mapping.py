"""Ashby's words -> the unified vocabulary (the read direction), and back for the writes.

Every rule here is a documented Kombo-for-Ashby mapping decision (docs/vendors/ashby.md):
where Ashby has fewer words than the unified model (three contact types, no job
visibility, no posting status) the mapping says which unified value Ashby's word means.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from atsbox.connectors.ids import unified_id

from .countries import country_code

EMPLOYMENT_TYPE = {
    "FullTime": "FULL_TIME",
    "PartTime": "PART_TIME",
    "Contract": "CONTRACT",
    "Intern": "INTERNSHIP",
    "Temporary": "SEASONAL",
}
JOB_STATUS = {"Open": "OPEN", "Closed": "CLOSED", "Draft": "DRAFT", "Archived": "ARCHIVED"}
WORKPLACE = {"OnSite": "ON_SITE", "Hybrid": "HYBRID", "Remote": "REMOTE"}
SALARY_PERIOD = {"1 YEAR": "YEAR", "1 MONTH": "MONTH", "2 WEEK": "TWO_WEEKS", "1 WEEK": "WEEK", "1 DAY": "DAY",
                 "1 HOUR": "HOUR"}  # fmt: skip
SOCIAL_TYPE = {
    "LinkedIn": "LINKEDIN",
    "GitHub": "GITHUB",
    "Twitter": "TWITTER",
    "Medium": "MEDIUM",
    "StackOverflow": "STACKOVERFLOW",
    "Website": "WEBSITE",
}
ROLE_TYPE = {
    "Hiring Manager": "HIRING_MANAGER",
    "Recruiter": "RECRUITER",
    "Recruiting Coordinator": "COORDINATOR",
    "Coordinator": "COORDINATOR",
    "Sourcer": "SOURCER",
    "Interviewer": "INTERVIEWER",
    "Admin": "ADMIN",
}
# Offers: the acceptance status says most; offerStatus separates approved from drafts.
OFFER_STATUS = {
    "Accepted": "ACCEPTED",
    "Declined": "DECLINED",
    "Cancelled": "ABANDONED",
    "WaitingOnResponse": "SENT",
    "Pending": "APPROVED",
    "Created": "DRAFT",
}
# Form field types -> screening question / answer types.
FIELD_TYPE = {
    "String": "TEXT",
    "LongText": "TEXT",
    "Email": "TEXT",
    "Phone": "TEXT",
    "Number": "NUMBER",
    "Boolean": "BOOLEAN",
    "Date": "DATE",
    "ValueSelect": "SINGLE_SELECT",
    "MultiValueSelect": "MULTI_SELECT",
    "File": "FILE",
}
TEXT_DISPLAY = {"String": "SINGLE_LINE", "LongText": "MULTI_LINE", "Email": "EMAIL", "Phone": "SINGLE_LINE"}
SURVEY_CATEGORY = {"EEOC": "EEO", "Diversity": "DEMOGRAPHIC"}
SYSTEM_FIELD_PREFIX = "_systemfield_"


def parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def upper(value: Any) -> str | None:
    return value.upper() if isinstance(value, str) and value else None


def split_name(name: str) -> tuple[str | None, str | None]:
    """Ashby keeps one `name`: the first word is the first name, the rest the last name."""
    parts = (name or "").strip().split(" ", 1)
    first = parts[0] or None
    return first, (parts[1].strip() or None) if len(parts) > 1 else None


def location_of_address(address: Any) -> dict[str, Any] | None:
    postal = (address or {}).get("postalAddress") or {}
    if not postal:
        return None
    return {
        "city": postal.get("addressLocality"),
        "state": postal.get("addressRegion"),
        "country": country_code(postal.get("addressCountry")),
        "zip_code": postal.get("postalCode"),
        "street_1": postal.get("streetAddress"),
    }


def location_of_components(location: Any) -> dict[str, Any] | None:
    parts = {c.get("type"): c.get("name") for c in (location or {}).get("locationComponents") or []}
    if not parts:
        return None
    return {"city": parts.get("City"), "state": parts.get("Region"), "country": country_code(parts.get("Country"))}


def date_value(value: Any) -> Any:
    """A custom Date field's value as the calendar date it stands for."""
    if isinstance(value, str) and value.endswith("T00:00:00.000Z"):
        return value[:10]
    return value


def custom_fields(values: list[dict[str, Any]], types: dict[str, str]) -> dict[str, Any]:
    out = {}
    for entry in values or []:
        value = entry.get("value")
        out[entry["title"]] = date_value(value) if types.get(entry["id"]) == "Date" else value
    return out


def integration_fields(values: list[dict[str, Any]], types: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "id": unified_id("integration_fields", entry["id"]),
            "key": entry["id"],
            "type": "CUSTOM",
            "value": date_value(entry.get("value")) if types.get(entry["id"]) == "Date" else entry.get("value"),
            "label": entry.get("title"),
        }
        for entry in values or []
    ]


def salary(job: dict[str, Any]) -> dict[str, Any]:
    tiers = ((job.get("compensation") or {}).get("compensationTiers")) or []
    for tier in tiers:
        for component in tier.get("components") or []:
            if component.get("compensationType") == "Salary":
                return {
                    "salary_amount_from": component.get("minValue"),
                    "salary_amount_to": component.get("maxValue"),
                    "salary_currency": component.get("currencyCode"),
                    "salary_period": SALARY_PERIOD.get(component.get("interval"), component.get("interval")),
                }
    return {}


def offer_status(offer: dict[str, Any]) -> str | None:
    return OFFER_STATUS.get(offer.get("acceptanceStatus"))


def outcome(status: str | None) -> str | None:
    return {"Hired": "HIRED", "Archived": "DECLINED", "Active": "PENDING", "Lead": "PENDING"}.get(status or "")


def option_id(value: str) -> str:
    return unified_id("screening_question_options", value)


def question_format(field: dict[str, Any]) -> dict[str, Any]:
    kind = FIELD_TYPE.get(field.get("type"), "UNKNOWN")
    out: dict[str, Any] = {"type": kind}
    if kind in ("SINGLE_SELECT", "MULTI_SELECT"):
        out["options"] = [
            {"id": option_id(v["value"]), "remote_id": v["value"], "name": v["label"]}
            for v in field.get("selectableValues") or []
        ]
    if kind == "TEXT":
        out["display_type"] = TEXT_DISPLAY.get(field.get("type"))
    if kind == "NUMBER":
        out["display_type"] = "FIELD"  # Ashby's number fields are plain inputs
    if kind == "UNKNOWN":
        out = {"type": "UNKNOWN", "raw_question": field}
    return out


def answer(field: dict[str, Any], value: Any) -> dict[str, Any] | None:
    """One screening answer in the unified shape; None for files and system fields."""
    path = field.get("path") or ""
    kind = FIELD_TYPE.get(field.get("type"), "UNKNOWN")
    if path.startswith(SYSTEM_FIELD_PREFIX) or kind == "FILE":
        return None
    labels = {v["value"]: v["label"] for v in field.get("selectableValues") or []}
    if kind == "TEXT":
        given: dict[str, Any] = {"content": value}
    elif kind == "NUMBER":
        given = {"number": value}
    elif kind == "BOOLEAN":
        given = {"checked": value}
    elif kind == "DATE":
        given = {"date": value}
    elif kind == "SINGLE_SELECT":
        given = {"choice": labels.get(value, value)}
    elif kind == "MULTI_SELECT":
        given = {"choices": [labels.get(v, v) for v in value or []]}
    else:
        given = {"raw": value}
    return {"question": {"remote_id": path, "title": field.get("title"), "type": kind}, "answer": given}
