"""Factorial's ids: positive integers per table, sent as JSON numbers or strings by version.

World ids (`job_0007`, `cand_00012`) map to a number deterministically: the digit groups
joined. The world pads each kind to a fixed width, so the join is injective per kind.
Records that exist once per pair of world records (a job's screening question, a job's
pipeline phase) join both numbers the same way. Ids of records created through the API
come from the store's counter, which render seeds above the largest rendered id, so they
continue the table's sequence like a database would.

On the wire an id is an integer up to version 2026-04-01 and a string from 2026-07-01
(`wire`); requests may send either form in every version (`parse`), as Rails casts both.
Cursors (`after_id` / `before_id`) are base64 of the decimal id, like Factorial's `MTY=`.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

# The company every sandbox is; Factorial ids are per table, so 1 is as good as any.
COMPANY_ID = 1
ATS_COMPANY_ID = 1

# Store counter names per kind (what `store.next_int` mints ids from).
COUNTERS = (
    "job_posting", "candidate", "application", "question", "answer", "application_phase",
    "custom_field_value", "candidate_source",
)  # fmt: skip

_DIGITS = re.compile(r"\d+")
# The largest id the mock takes (18 digits: what its OpenAPI document's id pattern allows).
MAX_ID = 10**18 - 1
ID_PATTERN = r"^0*[1-9][0-9]{0,17}$"


class BadId(ValueError):
    """Not a Factorial id (not a positive integer, as a number or a decimal string)."""


def world_number(world_id: str) -> int:
    groups = _DIGITS.findall(world_id)
    if not groups:
        raise ValueError(f"world id {world_id!r} has no number")
    return int("".join(groups))


def joined_number(*world_ids: str) -> int:
    """One number for a pair (or more) of world records: their digit groups joined."""
    return int("".join("".join(_DIGITS.findall(w)) for w in world_ids))


def native_id(kind: str, world_id: str) -> int:
    """The id a world record is rendered under. Every kind uses the world id's number."""
    return world_number(world_id)


def question_id(job_world_id: str, question_world_id: str) -> int:
    """A job's screening question: Factorial keeps questions per job posting."""
    return joined_number(job_world_id, question_world_id)


def wire(value: int | None, string_ids: bool) -> int | str | None:
    if value is None:
        return None
    return str(value) if string_ids else value


def parse(value: Any) -> int:
    """An id from a request body or path: an integer, or a decimal string of one."""
    if isinstance(value, bool):
        raise BadId(f"{value!r} is not an id")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        raise BadId(f"{value!r} is not an id")
    if number <= 0 or number > MAX_ID:
        raise BadId(f"{value!r} is not an id")
    return number


def encode_cursor(number: int) -> str:
    return base64.b64encode(str(number).encode("ascii")).decode("ascii")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadId(f"{cursor!r} is not a cursor") from None
    return parse(raw)
