"""``POST /v1/recruiting/applications``: the rules a submission must pass, and what it writes.

Validation collects every field error before answering (REC1's ``error_response`` lists
errors per field), so a client sees all its mistakes at once; nothing is written unless
all pass. Field paths are ours (the reference has none): ``first_name``,
``files[0].uuid``, ``attributes[2].value``.

What Personio does that a mock must too: the job must be published (else
``errors.job-position.not-published``, also for unknown ids: the public API cannot tell
them apart); one application per email and job (``errors.applicant-already-exists``); an
``application_date`` not in the future; files referenced by UUIDs uploaded before, with a
known category; a system phase from the five words (else
``errors.phase-validation.invalid-system-phase``), while an unknown custom phase, or one
the job's category does not select, silently becomes ``unassigned``; unknown tags are
created. A known email applying to another job is the same candidate (Personio keys
candidates by email).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask import g

from atsbox.store import Record

from . import attributes, errors
from .documents import CATEGORIES
from .errors import FieldError
from .phases import SYSTEM_PHASES
from .serializers import candidate_ref, iso

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Submitted system attributes that live on the candidate (and show in v2 candidates).
CANDIDATE_ATTRIBUTES = attributes.SYSTEM_ATTRIBUTES
_BLANK = object()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Submission:
    """One create-application request: `validate()` then `apply()` inside the transaction."""

    def __init__(self, body: Mapping[str, Any], now: datetime) -> None:
        self.body = body
        self.now = now
        self.errors: list[FieldError] = []
        self.store, self.tenant, self.vendor = g.store, g.tenant, g.vendor.name
        self.position: Record | None = None
        self.candidate: Record | None = None

    def _fail(self, field: str, reason: str, context: dict[str, Any] | None = None) -> None:
        self.errors.append((field, reason, context))

    # -- validation -------------------------------------------------------------------

    def _text(self, key: str, *, required: bool) -> str | None:
        value = self.body.get(key)
        if value is None:
            if required:
                self._fail(key, errors.REQUIRED_ATTRIBUTE)
            return None
        if not isinstance(value, str):
            self._fail(key, errors.INVALID_TYPE)
            return None
        if required and not value.strip():
            self._fail(key, errors.REQUIRED_ATTRIBUTE)
            return None
        return value

    def _list(self, key: str) -> list[Any]:
        value = self.body.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._fail(key, errors.INVALID_TYPE)
            return []
        return value

    def _check_job(self) -> None:
        job_id = self.body.get("job_position_id")
        if job_id is None:
            self._fail("job_position_id", errors.REQUIRED_ATTRIBUTE)
            return
        if not _is_int(job_id):
            self._fail("job_position_id", errors.INVALID_TYPE)
            return
        record = self.store.get(self.tenant, self.vendor, "position", str(job_id))
        if record is None or not record.doc.get("published"):
            self._fail("job_position_id", errors.NOT_PUBLISHED, {"job_position_id": job_id})
            return
        self.position = record

    def _check_channel(self) -> None:
        channel = self.body.get("recruiting_channel_id")
        if channel is None:
            return
        if not _is_int(channel):
            self._fail("recruiting_channel_id", errors.INVALID_TYPE)
        elif self.store.get(self.tenant, self.vendor, "channel", str(channel)) is None:
            self._fail("recruiting_channel_id", errors.CHANNEL_NOT_FOUND, {"recruiting_channel_id": channel})

    def _check_date(self) -> None:
        value = self._text("application_date", required=False)
        if value is None:
            return
        if not attributes.is_iso_date(value):
            self._fail("application_date", errors.INVALID_DATE_FORMAT)
        elif date.fromisoformat(value) > self.now.date():
            self._fail("application_date", errors.DATE_IN_FUTURE)

    def _check_phase(self) -> None:
        phase = self.body.get("phase")
        if phase is None:
            return
        if not isinstance(phase, dict) or phase.get("type") not in ("system", "custom") or "id" not in phase:
            self._fail("phase", errors.INVALID_TYPE)
            return
        if phase["type"] == "system" and phase["id"] not in SYSTEM_PHASES:
            self._fail("phase.id", errors.INVALID_SYSTEM_PHASE, {"id": phase["id"]})
        elif phase["type"] == "custom" and not (_is_int(phase["id"]) or isinstance(phase["id"], str)):
            self._fail("phase.id", errors.INVALID_TYPE)

    def _check_tags(self) -> None:
        for i, tag in enumerate(self._list("tags")):
            if not isinstance(tag, str) or not tag.strip():
                self._fail(f"tags[{i}]", errors.INVALID_TYPE)

    def _check_files(self) -> None:
        for i, item in enumerate(self._list("files")):
            if not isinstance(item, dict):
                self._fail(f"files[{i}]", errors.INVALID_TYPE)
                continue
            for key in ("uuid", "original_filename", "category"):
                if not isinstance(item.get(key), str) or not item[key]:
                    self._fail(f"files[{i}].{key}", errors.REQUIRED_ATTRIBUTE)
            if (
                isinstance(item.get("category"), str)
                and item["category"]
                and item["category"] not in CATEGORIES
            ):
                self._fail(
                    f"files[{i}].category", errors.UNKNOWN_FILE_CATEGORY, {"category": item["category"]}
                )
            if isinstance(item.get("uuid"), str) and item["uuid"] and not self._document_exists(item["uuid"]):
                self._fail(f"files[{i}].uuid", errors.FILE_NOT_EXISTS, {"uuid": item["uuid"]})

    def _document_exists(self, uuid: str) -> bool:
        return self.store.get(self.tenant, self.vendor, "document", uuid) is not None

    def _check_attributes(self) -> None:
        items = self._list("attributes")
        ids = [item.get("id") for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]
        definitions = {r.id: r.doc for r in self.store.list(self.tenant, self.vendor, "attribute", ids=ids)}
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                self._fail(f"attributes[{i}]", errors.INVALID_TYPE)
                continue
            attribute_id, value = item.get("id"), item.get("value", _BLANK)
            if not isinstance(attribute_id, str) or not attribute_id:
                self._fail(f"attributes[{i}].id", errors.REQUIRED_ATTRIBUTE)
                continue
            if value is _BLANK or value is None:
                self._fail(f"attributes[{i}].value", errors.REQUIRED_ATTRIBUTE)
                continue
            reason = attributes.check(attribute_id, value, definitions, self._document_exists)
            if reason == errors.UNKNOWN_ATTRIBUTE:
                self._fail(f"attributes[{i}].id", reason, {"id": attribute_id})
            elif reason is not None:
                self._fail(f"attributes[{i}].value", reason, {"id": attribute_id})

    def _check_duplicate(self, email: str) -> None:
        wanted = email.strip().lower()
        for record in self.store.list(self.tenant, self.vendor, "candidate"):
            if (record.doc.get("email") or "").lower() == wanted:
                self.candidate = record
                break
        if self.candidate is None or self.position is None:
            return
        applied = {a["id"] for a in self.candidate.doc.get("applications") or []}
        for record in self.store.list(self.tenant, self.vendor, "application", ids=sorted(applied)):
            if record.doc["job_id"] == self.position.id:
                self._fail("email", errors.APPLICANT_EXISTS, {"job_position_id": int(self.position.id)})
                return

    def validate(self) -> list[FieldError]:
        self._text("first_name", required=True)
        self._text("last_name", required=True)
        email = self._text("email", required=True)
        if email is not None and not _EMAIL.match(email.strip()):
            self._fail("email", errors.INVALID_EMAIL_FORMAT)
            email = None
        self._check_job()
        self._check_channel()
        self._text("external_posting_id", required=False)
        self._text("message", required=False)
        self._check_date()
        self._check_phase()
        self._check_tags()
        self._check_files()
        self._check_attributes()
        if email is not None and not self.errors:
            self._check_duplicate(email)
        return self.errors

    # -- writing ----------------------------------------------------------------------

    def _phase(self) -> dict[str, str]:
        """The phase the application lands in (unknown custom phases become unassigned)."""
        phase = self.body.get("phase")
        if phase is None:
            return {"type": "system", "id": "unassigned"}
        if phase["type"] == "system":
            return {"type": "system", "id": phase["id"]}
        custom = str(phase["id"])
        known = custom.isdigit() and self.store.get(self.tenant, self.vendor, "phase", custom) is not None
        category = (self.position.doc.get("category") if self.position else None) or None
        if known and category is not None:
            selected = self.store.get(self.tenant, self.vendor, "category", category["id"])
            known = selected is not None and int(custom) in selected.doc.get("phase_ids", [])
        return {"type": "custom", "id": custom} if known else {"type": "system", "id": "unassigned"}

    def _ensure_tags(self, names: list[str]) -> None:
        existing = {r.doc["name"] for r in self.store.list(self.tenant, self.vendor, "tag")}
        for name in dict.fromkeys(names):
            if name not in existing:
                tag_id = self.store.next_int(self.tenant, self.vendor, "tag")
                self.store.put(self.tenant, self.vendor, "tag", str(tag_id), {"name": name}, at=self.now)

    def _refresh_refs(self, person: dict[str, Any]) -> None:
        """The candidate's other applications embed their name and email: keep them current
        (without touching the applications' own update times)."""
        ref = candidate_ref(person)
        earlier = [a["id"] for a in person.get("applications") or []]
        for record in self.store.list(self.tenant, self.vendor, "application", ids=earlier):
            if record.doc.get("candidate") != ref:
                doc = {**record.doc, "candidate": ref}
                self.store.put(self.tenant, self.vendor, "application", record.id, doc, at=record.updated_at)

    def apply(self) -> tuple[Record, Record]:
        """Write the candidate and the application; returns both records."""
        assert self.position is not None
        body, now, store = self.body, self.now, self.store
        given = {
            item["id"]: item["value"]
            for item in body.get("attributes") or []
            if item["id"] in CANDIDATE_ATTRIBUTES
        }
        custom = {
            item["id"]: item["value"]
            for item in body.get("attributes") or []
            if item["id"] not in CANDIDATE_ATTRIBUTES
        }
        tags = [t.strip() for t in body.get("tags") or []]
        self._ensure_tags(tags)
        application_id = str(store.next_int(self.tenant, self.vendor, "application"))
        application_date = body.get("application_date") or now.date().isoformat()
        if self.candidate is None:
            candidate_id = str(store.next_int(self.tenant, self.vendor, "candidate"))
            person: dict[str, Any] = {"id": int(candidate_id), "attributes": {}, "applications": []}
        else:
            candidate_id = self.candidate.id
            person = dict(self.candidate.doc)
        person.update(
            first_name=body["first_name"].strip(),
            last_name=body["last_name"].strip(),
            email=body["email"].strip(),
        )
        for key in CANDIDATE_ATTRIBUTES:
            person.setdefault(key, None)
            if key in given:
                person[key] = given[key]
        person["applications"] = [
            *(person.get("applications") or []),
            {"id": application_id, "application_date": application_date},
        ]
        phase = self._phase()
        application = {
            "id": int(application_id),
            "candidate_id": candidate_id,
            "candidate": candidate_ref(person),
            "job_id": self.position.id,
            "application_date": application_date,
            "phase": phase,
            "channel_id": body.get("recruiting_channel_id"),
            "external_posting_id": body.get("external_posting_id"),
            "message": body.get("message"),
            "tags": list(dict.fromkeys(tags)),
            "files": [
                {"uuid": f["uuid"], "original_filename": f["original_filename"], "category": f["category"]}
                for f in body.get("files") or []
            ],
            "attributes": custom,
            "transitions": [{"phase": phase["id"], "entered_at": iso(now)}],
            "is_anonymized": False,
        }
        candidate_record = store.put(self.tenant, self.vendor, "candidate", candidate_id, person, at=now)
        self._refresh_refs(person)
        application_record = store.put(
            self.tenant, self.vendor, "application", application_id, application, at=now
        )
        return candidate_record, application_record
