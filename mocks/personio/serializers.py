"""Native documents -> the Recruiting API v2 wire format (JSON).

v2 ids are strings, envelopes are ``_data`` / ``_meta``. Application, job and
stage-transition times are ``{"date-time": ..., "timezone": ...}`` objects and candidate
times plain strings, as a client of the live API records them (the reference's TP-CLIENT;
the official schema was not retrievable). Our decisions (docs/vendors/personio.md): the
``date-time`` value is UTC with milliseconds and ``Z`` (common-components-v2 describes its
date-time as having no offset from UTC), the timezone is the company's; a stage is
``{id, name, type, kind}`` with ``type`` SYSTEM or CUSTOM, ``id`` the system word or the
custom phase number, ``kind`` the upper-cased system word or CUSTOM. Optional candidate
fields without a value are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from atsbox.store import Record

from .phases import SYSTEM_PHASE_NAMES, is_system

COMPANY_TIMEZONE = "Europe/Berlin"
_CANDIDATE_OPTIONAL = ("gender", "phone", "location", "birthday", "linkedin_profile", "available_from")


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def zoned(value: datetime, timezone: str = COMPANY_TIMEZONE) -> dict[str, str]:
    return {"date-time": iso(value), "timezone": timezone}


def stage(phase_id: str, custom_names: Mapping[str, str]) -> dict[str, Any]:
    if is_system(phase_id):
        return {
            "id": phase_id,
            "name": SYSTEM_PHASE_NAMES[phase_id],
            "type": "SYSTEM",
            "kind": phase_id.upper(),
        }
    return {"id": phase_id, "name": custom_names.get(phase_id), "type": "CUSTOM", "kind": "CUSTOM"}


def job(record: Record, company_id: int) -> dict[str, Any]:
    doc = record.doc
    return {
        "id": record.id,
        "name": doc["name"],
        "department": doc.get("department"),
        "category": doc.get("category"),
        "hiring_team": doc.get("hiring_team") or [],
        "company": {"id": str(company_id)},
        "created_at": zoned(record.created_at),
        "updated_at": zoned(record.updated_at),
    }


def candidate(record: Record) -> dict[str, Any]:
    doc = record.doc
    out: dict[str, Any] = {
        "id": record.id,
        "first_name": doc["first_name"],
        "last_name": doc["last_name"],
        "email": doc["email"],
    }
    for key in _CANDIDATE_OPTIONAL:
        if doc.get(key) is not None:
            out[key] = doc[key]
    out["applications"] = list(doc.get("applications") or [])
    out["created_at"] = iso(record.created_at)
    out["updated_at"] = iso(record.updated_at)
    return out


JOB_REF_KEYS = ("name", "department", "category", "hiring_team")


def job_ref(position: Mapping[str, Any]) -> dict[str, Any]:
    """What an application embeds of its job (kept per tenant: positions do not change)."""
    return {key: position.get(key) for key in JOB_REF_KEYS}


def candidate_ref(person: Mapping[str, Any]) -> dict[str, Any]:
    """What an application embeds of its candidate (kept on the application document, and
    refreshed there when the candidate changes)."""
    ref = {key: person.get(key) for key in ("email", "first_name", "last_name")}
    if person.get("gender") is not None:
        ref["gender"] = person["gender"]
    return ref


def application(
    record: Record,
    position: Mapping[str, Any] | None,
    channels: Mapping[int, str],
    custom_names: Mapping[str, str],
) -> dict[str, Any]:
    doc = record.doc
    position = position or {}
    embedded_candidate = {"id": doc["candidate_id"], **doc["candidate"]}
    channel_id = doc.get("channel_id")
    return {
        "id": record.id,
        "application_date": doc["application_date"],
        "candidate": embedded_candidate,
        "job": {
            "id": doc["job_id"],
            "name": position.get("name"),
            "department": position.get("department"),
            "category": position.get("category"),
        },
        "current_stage": stage(doc["phase"]["id"], custom_names),
        "channel": {"id": str(channel_id), "name": channels.get(channel_id)}
        if channel_id is not None
        else None,
        "hiring_team": position.get("hiring_team") or [],
        "is_anonymized": bool(doc.get("is_anonymized")),
        "created_at": zoned(record.created_at),
        "updated_at": zoned(record.updated_at),
    }


def transition(entry: Mapping[str, Any], custom_names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "entered_at": zoned(datetime.fromisoformat(entry["entered_at"])),
        "stage": stage(entry["phase"], custom_names),
    }


def category(
    record: Record, custom_names: Mapping[str, str], with_stages: bool, company_id: int
) -> dict[str, Any]:
    doc = record.doc
    out: dict[str, Any] = {"id": record.id, "name": doc["name"], "company": {"id": str(company_id)}}
    if with_stages:
        out["stages"] = [stage(str(p), custom_names) for p in doc.get("phase_ids") or []]
    return out


def uploaded_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {key: doc[key] for key in ("uuid", "size", "mimetype", "original_filename", "extension")}
