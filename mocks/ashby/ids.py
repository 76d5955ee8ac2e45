"""Ashby's native ids: UUIDs, derived deterministically from world ids or minted in order.

Ashby ids are UUID strings (reference §3b). A world record's id becomes a name-based UUID
(version 5) of "<kind>/<world id>" in an atsbox namespace, so the same world always renders
the same ids and the contracts can compute every native id from the world alone. Records
created through the API get a UUID of "<tenant>/<kind>/minted/<n>", n from the store's
counter: new, unique per sandbox, yet the same on every replay of the same requests.

File handles are what Ashby hands out for candidate files: opaque base64 of a small JSON
object (the reference's example decodes to {"handle":{"type":"CandidateFile",...}}).
"""

from __future__ import annotations

import base64
import json
import uuid
from functools import lru_cache
from typing import Any

# Fixed, arbitrary namespace for every Ashby id atsbox derives.
NAMESPACE = uuid.UUID("6f1c2a52-8d43-4c5e-9b7a-3e2f0d9a1b64")

# World record kinds (contracts.projection.KINDS) plus the Ashby-only objects the renderer
# derives from them (an interview plan per job, a schedule and an event per interview ...).
KINDS = frozenset(
    {
        "user", "department", "office", "rejection_reason", "tag", "source", "question", "option",
        "custom_field", "job", "posting", "stage", "candidate", "attachment", "application",
        "interview", "offer", "note",
        "interview_plan", "interview_schedule", "interview_event", "interview_definition",
        "source_type", "survey_form", "form_submission", "file", "form_definition",
        "api_key", "organization", "stage_group",
    }
)  # fmt: skip


@lru_cache(maxsize=1 << 17)
def native_id(kind: str, world_id: str) -> str:
    """The Ashby UUID of the world record `world_id` of `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown Ashby id kind {kind!r}")
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{world_id}"))


def minted_id(tenant: str, kind: str, n: int) -> str:
    """The UUID of the n-th record of `kind` created through the API in `tenant`."""
    return str(uuid.uuid5(NAMESPACE, f"{tenant}/{kind}/minted/{n}"))


def is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def file_handle(file_id: str) -> str:
    payload = json.dumps({"handle": {"type": "CandidateFile", "fileId": file_id}}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def file_id_of_handle(handle: Any) -> str | None:
    """The file id inside a handle, or None when it is not one of ours."""
    if not isinstance(handle, str) or not handle or len(handle) > 512:
        return None
    try:
        raw = base64.urlsafe_b64decode(handle + "=" * (-len(handle) % 4))
        data = json.loads(raw)
        file_id = data["handle"]["fileId"]
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    return file_id if is_uuid(file_id) else None
