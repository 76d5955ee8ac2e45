"""Native documents -> Gem wire JSON.

The store's record is the truth for times (a write bumps ``updated_at`` on the sandbox
clock, a soft delete sets ``deleted_at``), so every serializer stamps them from the
record under the kind's own field names. The sourcing API (``/v0/``) speaks Unix seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote_plus

from flask import g

from atsbox.mocks.core.context import vendor_url
from atsbox.mocks.core.vendor import derive_secret

from . import render as kinds
from .wire import iso, unix

# kind -> (field for the record's created_at, field for its updated_at); deleted_at always
# goes to "deleted_at" on the kinds that have one.
TIME_FIELDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    kinds.USER: ("created_at", ("updated_at",)),
    kinds.JOB: ("created_at", ("updated_at",)),
    kinds.JOB_POST: ("created_at", ("updated_at",)),
    kinds.JOB_STAGE: ("created_at", ("updated_at",)),
    kinds.CANDIDATE: ("created_at", ("updated_at", "last_activity")),
    kinds.APPLICATION: ("applied_at", ("last_activity_at",)),
    kinds.INTERVIEW: ("created_at", ("updated_at",)),
    kinds.NOTE: ("created_at", ()),
    kinds.DEPARTMENT: (None, ()),
    kinds.OFFICE: (None, ()),
}
_WITHOUT_DELETED_AT = {kinds.NOTE}


def stamped(record: Any) -> dict[str, Any]:
    """The record's document with its times taken from the store record."""
    doc = dict(record.doc)
    created, updated = TIME_FIELDS.get(record.kind, (None, ()))
    if created:
        doc[created] = iso(record.created_at)
    for name in updated:
        doc[name] = iso(record.updated_at)
    if record.kind not in _WITHOUT_DELETED_AT:
        doc["deleted_at"] = iso(record.deleted_at)
    return doc


# --- attachments ----------------------------------------------------------------------------


def download_token(tenant: str, attachment_id: str) -> str:
    """The signed part of an attachment URL: like a pre-signed S3 link, it works without
    the API key, for this one file of this one sandbox."""
    return f"{tenant}.{derive_secret('gem-file', tenant, attachment_id, length=32)}"


def attachment_url(attachment_id: str) -> str:
    # A page of candidates carries hundreds of these: the request's root is worked out once.
    root = g.get("gem_attachments_root")
    if root is None:
        root = g.gem_attachments_root = vendor_url("/ats/v0/attachments/")
    return f"{root}{attachment_id}/download?token={quote_plus(download_token(g.tenant, attachment_id))}"


def attachment_wire(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "filename": meta["filename"],
        "url": attachment_url(meta["id"]),
        "type": meta["type"],
        "created_at": meta["created_at"],
    }


# --- ATS objects ----------------------------------------------------------------------------


def application(record: Any) -> dict[str, Any]:
    return stamped(record)


def candidate(record: Any, applications: list[Any]) -> dict[str, Any]:
    """A candidate with its applications embedded (live, not deleted), as Gem returns it."""
    doc = stamped(record)
    doc["attachments"] = [attachment_wire(a) for a in doc.get("attachments", [])]
    apps = [application(a) for a in applications]
    doc["applications"] = apps
    doc["application_ids"] = [a["id"] for a in apps]
    return doc


def plain(record: Any) -> dict[str, Any]:
    return stamped(record)


SERIALIZERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    kinds.USER: plain,
    kinds.DEPARTMENT: plain,
    kinds.OFFICE: plain,
    kinds.JOB: plain,
    kinds.JOB_POST: plain,
    kinds.JOB_STAGE: plain,
    kinds.APPLICATION: application,
    kinds.INTERVIEW: plain,
    kinds.NOTE: plain,
}


# --- sourcing API -----------------------------------------------------------------------------


def sourcing_user(record: Any) -> dict[str, Any]:
    doc = record.doc
    return {"id": doc["id"], "name": doc["name"], "email": doc["primary_email_address"]}


def sourcing_candidate(record: Any) -> dict[str, Any]:
    """The sourcing API's view of the same person (same id as in the ATS API)."""
    doc = record.doc
    emails = doc.get("email_addresses", [])
    phones = doc.get("phone_numbers", [])
    return {
        "id": doc["id"],
        "created_at": unix(record.created_at),
        "created_by": None,
        "last_updated_at": unix(record.updated_at),
        "candidate_greenhouse_id": None,
        "first_name": doc["first_name"],
        "last_name": doc["last_name"],
        "nickname": None,
        "weblink": None,
        "emails": [{"email_address": e["value"], "is_primary": e["is_primary"]} for e in emails],
        "phone_number": phones[0]["value"] if phones else None,
        "location": None,
        "linked_in_handle": None,
        "profiles": [{"network": None, "url": s["value"], "username": None} for s in doc.get("social_media_addresses", [])],
        "company": doc.get("company"),
        "title": doc.get("title"),
        "school": None,
        "education_info": [],
        "work_info": [],
        "custom_fields": [],
        "due_date": None,
        "project_ids": [],
        "sourced_from": None,
    }


def uploaded_resume(meta: dict[str, Any], candidate_id: str) -> dict[str, Any]:
    return {
        "id": meta["id"],
        "candidate_id": candidate_id,
        "created_at": unix(meta["created_at"]),
        "user_id": meta.get("uploaded_by"),
        "filename": meta["filename"],
        "download_url": attachment_url(meta["id"]),
    }
