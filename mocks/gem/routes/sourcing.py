"""The sourcing (CRM) API pieces the coverage needs, under /v0/ (documented in full by
Gem): users, candidates and uploaded resumes. Times are Unix seconds, lists carry the
``X-Pagination`` header, errors are ``{code, status, message, errors}``."""

from __future__ import annotations

import base64
import os
from typing import Any

from flask import Blueprint, g, jsonify, request

from atsbox.mocks.core.context import now

from .. import render as kinds
from .. import serializers
from ..listing import choice, select, sourcing_page, time_filters, unix_param
from ..wire import CANDIDATE_IDS_MAX, RESUME_MAX_BYTES, RESUME_TYPES, iso
from .ats_writes import _unprocessable
from .common import fetch, mint, put, route


def resume_extension(filename: str, part_type: str) -> str:
    """A resume's kind: its name's extension, or, for a name without one, the extension of
    the content type its multipart part declares (``""`` when neither says)."""
    extension = os.path.splitext(filename)[1].lower()
    if extension:
        return extension
    return next((ext for ext, kind in RESUME_TYPES.items() if kind == part_type), "")


SOURCING_CANDIDATE_FILTERS = {
    "created_after": ("created_at", "after"),
    "created_before": ("created_at", "before"),
    "updated_after": ("updated_at", "after"),
}


def _page(items: list[Any]) -> Any:
    chunk, headers = sourcing_page(items)
    return jsonify(chunk), 200, headers


def list_users() -> Any:
    email = request.args.get("email")
    predicates = [lambda r: email.lower() in [e.lower() for e in r.doc.get("emails", [])]] if email else []
    return _page([serializers.sourcing_user(r) for r in select(kinds.USER, predicates)])


def list_candidates() -> Any:
    predicates = time_filters(SOURCING_CANDIDATE_FILTERS, unix_param)
    email = request.args.get("email")
    if email:
        predicates.append(
            lambda r: any(email.lower() in e["value"].lower() for e in r.doc.get("email_addresses", []))
        )
    wanted = request.args.get("candidate_ids")
    if wanted:
        # Gem counts the comma-separated items as sent, blanks and repeats included.
        parts = wanted.split(",")
        if len(parts) > CANDIDATE_IDS_MAX:
            raise _unprocessable("candidate_ids", f"Longer than maximum length {CANDIDATE_IDS_MAX}.")
        id_set = {part.strip() for part in parts if part.strip()}
        predicates.append(lambda r: r.id in id_set)
    records = select(kinds.CANDIDATE, predicates)
    if choice("sort", ("asc", "desc")) == "desc":
        records.reverse()
    return _page([serializers.sourcing_candidate(r) for r in records])


def get_candidate(candidate_id: str) -> Any:
    return jsonify(serializers.sourcing_candidate(fetch(kinds.CANDIDATE, candidate_id)))


def _resumes(candidate: Any) -> list[dict[str, Any]]:
    return [a for a in candidate.doc.get("attachments", []) if a["type"] == "resume"]


def list_uploaded_resumes(candidate_id: str) -> Any:
    candidate = fetch(kinds.CANDIDATE, candidate_id)
    return _page([serializers.uploaded_resume(a, candidate.id) for a in _resumes(candidate)])


def upload_resume(candidate_id: str, user_id: str) -> Any:
    candidate = fetch(kinds.CANDIDATE, candidate_id)
    fetch(kinds.USER, user_id)
    upload = request.files.get("resume_file")
    if upload is None or not upload.filename:
        raise _unprocessable("resume_file", "Missing data for required field.")
    extension = resume_extension(upload.filename, upload.mimetype)
    if extension not in RESUME_TYPES:
        raise _unprocessable("resume_file", "Resume must be a .pdf, .doc or .docx file.")
    data = upload.read()
    if len(data) > RESUME_MAX_BYTES:
        raise _unprocessable("resume_file", "Resume must be at most 10 MB.")
    at = now()
    meta = {
        "id": mint("attachment"),
        "filename": upload.filename,
        "type": "resume",
        "content_type": RESUME_TYPES[extension],
        "created_at": iso(at),
        "uploaded_by": user_id,
    }

    g.store.put(
        g.tenant, g.vendor.name, kinds.ATTACHMENT, meta["id"],
        {**meta, "data": base64.b64encode(data).decode("ascii")}, parent=candidate.id, at=at,
    )  # fmt: skip
    doc = dict(candidate.doc)
    doc["attachments"] = [*doc.get("attachments", []), meta]
    put(candidate, doc, at)
    return jsonify(serializers.uploaded_resume(meta, candidate.id)), 201


def register(bp: Blueprint) -> None:
    route(bp, "/v0/users", list_users, ["GET"])
    route(bp, "/v0/candidates", list_candidates, ["GET"])
    route(bp, "/v0/candidates/<candidate_id>", get_candidate, ["GET"])
    route(bp, "/v0/candidates/<candidate_id>/uploaded_resumes", list_uploaded_resumes, ["GET"])
    route(bp, "/v0/candidates/<candidate_id>/uploaded_resumes/<user_id>", upload_resume, ["POST"])
