"""ATS API writes: application source (documented), stage moves and candidate notes.

Gem documents PATCH application ``source_id`` and the candidate notes endpoint; the stage
move follows Greenhouse Harvest's ``POST /applications/{id}/move`` (``from_stage_id``,
``to_stage_id``) with the acting user in the body as ``user_id``, the way Gem's own notes
endpoint takes it. Every write bumps the record (and the candidate behind an application)
on the sandbox clock, so delta syncs see it.

Statuses (Gem documents none for these; the decision is in one place, here): a body that is
malformed or misses a field is 422; a well-formed body naming an object that does not exist
(user, stage, source) is 404, like an unknown id in the path; a well-formed body the
records' current state forbids (the application is not active or not in ``from_stage_id``,
the stage belongs to another job, the acting user is disabled) is 409 Conflict.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify

from atsbox.mocks.core.context import now
from atsbox.mocks.core.errors import MockError, json_body, optional, require

from .. import render as kinds
from .. import serializers
from ..wire import NOTE_MAX, is_blank, iso
from .ats_reads import ATS
from .common import fetch, mint, put, route


def _unprocessable(field: str, message: str) -> MockError:
    return MockError.of("invalid_field", message, field=field)


def _unknown(what: str, object_id: str) -> MockError:
    """A body names an object that does not exist."""
    return MockError.of("not_found", f"{what} {object_id} not found", field=None)


def _conflict(field: str, message: str) -> MockError:
    """A body the records' current state forbids."""
    return MockError.of("conflict", message, field=field)


def acting_user(body: dict[str, Any], field: str = "user_id") -> Any:
    """The Gem user a write is attributed to: required, existing and not disabled."""
    user_id = require(body, field, str)
    user = g.store.get(g.tenant, g.vendor.name, kinds.USER, user_id)
    if user is None:
        raise _unknown("User", user_id)
    if user.doc.get("disabled"):
        raise _conflict(field, f"User {user_id} is disabled.")
    return user


def touch_candidate(candidate_id: str) -> None:
    """An application's change is activity on its candidate (bumps updated_at)."""
    record = g.store.get(g.tenant, g.vendor.name, kinds.CANDIDATE, candidate_id)
    if record is not None:
        put(record, record.doc)


def patch_application(application_id: str) -> Any:
    record = fetch(kinds.APPLICATION, application_id)
    body = json_body()
    source_id = require(body, "source_id", str)
    source = g.store.get(g.tenant, g.vendor.name, kinds.SOURCE, source_id)
    if source is None:
        raise _unknown("Source", source_id)
    doc = dict(record.doc)
    doc["source"] = {"id": source.id, "public_name": source.doc["name"]}
    return _save_application(record, doc)


def _save_application(record: Any, doc: dict[str, Any]) -> Any:
    updated = put(record, doc)
    touch_candidate(record.parent)
    return jsonify(serializers.application(updated))


def move_application(application_id: str) -> Any:
    record = fetch(kinds.APPLICATION, application_id)
    body = json_body()
    from_stage = require(body, "from_stage_id", str)
    to_stage = require(body, "to_stage_id", str)
    acting_user(body)
    doc = dict(record.doc)
    if doc["status"] != "active":
        raise _conflict("to_stage_id", f"Application must be 'active', is currently '{doc['status']}'.")
    current = (doc.get("current_stage") or {}).get("id")
    if from_stage != current:
        raise _conflict("from_stage_id", f"Application is not in stage {from_stage}.")
    job_id = doc["jobs"][0]["id"]
    stage = g.store.get(g.tenant, g.vendor.name, kinds.JOB_STAGE, to_stage)
    if stage is None:
        raise _unknown("Job stage", to_stage)
    if stage.doc["job_id"] != job_id:
        raise _conflict("to_stage_id", f"Stage {to_stage} is not a stage of job {job_id}.")
    doc["current_stage"] = {"id": stage.id, "name": stage.doc["name"]}
    return _save_application(record, doc)


def add_note(candidate_id: str) -> Any:
    candidate = fetch(kinds.CANDIDATE, candidate_id)
    body = json_body()
    user = acting_user(body)
    text = require(body, "body", str)
    if is_blank(text):
        raise _unprocessable("body", "Note body must not be blank.")
    if len(text) > NOTE_MAX:
        raise _unprocessable("body", f"Note body must be at most {NOTE_MAX} characters.")
    visibility = optional(body, "visibility", str, "public", choices=("public", "private"))
    at = now()
    lite = {k: user.doc[k] for k in ("id", "name", "first_name", "last_name", "employee_id")}
    note = {
        "id": mint("note"),
        "created_at": iso(at),
        "body": text,
        "user": lite,
        "private": visibility == "private",
        "visibility": visibility,
    }
    g.store.put(g.tenant, g.vendor.name, kinds.NOTE, note["id"], note, parent=candidate.id, at=at)
    put(candidate, candidate.doc, at)
    return jsonify(note), 201


def activity_feed(candidate_id: str) -> Any:
    fetch(kinds.CANDIDATE, candidate_id)
    notes = g.store.list(g.tenant, g.vendor.name, kinds.NOTE, parent=candidate_id)
    return jsonify({"notes": [serializers.plain(n) for n in notes], "emails": [], "activities": []})


def register(bp: Blueprint) -> None:
    route(bp, f"{ATS}/applications/<application_id>", patch_application, ["PATCH"])
    route(bp, f"{ATS}/applications/<application_id>/move", move_application, ["POST"])
    route(bp, f"{ATS}/candidates/<candidate_id>/activity_feed/notes", add_note, ["POST"])
    route(bp, f"{ATS}/candidates/<candidate_id>/activity_feed", activity_feed, ["GET"])
