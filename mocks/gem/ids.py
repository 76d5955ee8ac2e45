"""Gem's id scheme: opaque base64 of ``"<Type>:<int>"`` (Graphene global ids).

Gem calls them ObjectIDs; ``UHJvamVjdDox`` is ``Project:1``. Real clients decode them
(a Slack bot rebuilds web URLs from the number), so the mock keeps the exact shape:
standard base64 with ``=`` padding, as Graphene's ``to_global_id`` produces.

World ids (``job_0007``, ``stage_0003_02``) map to a number deterministically: the digit
groups joined. The world pads them to fixed widths, so the join is injective per kind.
Ids minted by writes come from the store's counter above ``MINTED_BASE`` so they can
never meet a rendered one.
"""

from __future__ import annotations

import base64
import binascii
import re

# Native type name per record kind. One table so routes, render and the contract
# projection agree on every id.
TYPES: dict[str, str] = {
    "user": "User",
    "department": "Department",
    "office": "Office",
    "job": "Job",
    "posting": "JobPost",
    "stage": "JobStage",
    "interview_kit": "JobStageInterview",
    "candidate": "Candidate",
    "application": "Application",
    "interview": "ScheduledInterview",
    "source": "Source",
    "rejection_reason": "RejectionReason",
    "rejection_type": "RejectionReasonType",
    "attachment": "Attachment",
    "note": "Note",
    "custom_field": "CustomField",
    "resume": "UploadedResume",
    # Not served by the mock, named so every world record has a Gem id.
    "question": "Question",
    "option": "QuestionOption",
    "tag": "Tag",
    "offer": "Offer",
}

# Rendered ids stay below this; writes mint ids above it.
MINTED_BASE = 10_000_000_000

_DIGITS = re.compile(r"\d+")


class BadId(ValueError):
    """Not a Gem object id, or the id of another type."""


def encode(type_name: str, number: int) -> str:
    return base64.b64encode(f"{type_name}:{number}".encode()).decode("ascii")


def decode(object_id: str) -> tuple[str, int]:
    """``"Sm9iOjc="`` -> ``("Job", 7)``; raises BadId for anything else."""
    try:
        raw = base64.b64decode(object_id.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise BadId(f"{object_id!r} is not a valid ObjectID") from exc
    type_name, sep, number = raw.partition(":")
    if not sep or not type_name or not number.isdigit():
        raise BadId(f"{object_id!r} is not a valid ObjectID")
    return type_name, int(number)


def world_number(world_id: str) -> int:
    groups = _DIGITS.findall(world_id)
    if not groups:
        raise ValueError(f"world id {world_id!r} has no number")
    return int("".join(groups))


def native_id(kind: str, world_id: str) -> str:
    """The Gem id a world record is rendered under."""
    return encode(TYPES[kind], world_number(world_id))


def minted_id(kind: str, counter: int) -> str:
    """The id of a record created through the API (``counter`` from ``store.next_int``)."""
    return encode(TYPES[kind], MINTED_BASE + counter)


def check(kind: str, object_id: str) -> str:
    """Return ``object_id`` if it is a well-formed id of ``kind``; else raise BadId."""
    type_name, _ = decode(object_id)
    if type_name != TYPES[kind]:
        raise BadId(f"{object_id!r} is not a {TYPES[kind]} id")
    return object_id
