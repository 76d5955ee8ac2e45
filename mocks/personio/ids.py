"""Personio's native ids, derived deterministically from world ids, and how new ones are minted.

Personio numbers everything with plain integers (a job position is ``1834171`` in the XML
feed and ``"1834171"`` as a v2 string id; a custom phase is ``26485``; an application
``"495039"``), names custom attributes and their options ``custom_attribute_<n>`` /
``custom_option_<n>``, and identifies uploaded documents by UUID.

World ids end in a counter (``job_0007``, ``stg_00042``); each kind adds that counter to a
base of its own, so ids look like Personio's, never collide across kinds and are the same
for every seed. Candidates, applications and tags created through the API take the next
integer of a store counter (named like the kind) that rendering seeds past the world's
largest id.
"""

from __future__ import annotations

import hashlib
import uuid

# kind -> base added to the world id's counter.
BASES: dict[str, int] = {
    "job": 1_830_000,
    "candidate": 5_100_000,
    "application": 4_950_000,
    "stage": 26_000,
    "department": 600_000,
    "category": 80_000,
    "source": 250_000,
    "user": 12_000_000,
    "question": 3_900_000,
    "custom_field": 4_100_000,
    "option": 700_000,
    "tag": 90_000,
}

# The recruiting channel the sandbox sets up for Kombo to write as the source (below the
# world's sources, which start at BASES["source"] + 1).
KOMBO_CHANNEL = BASES["source"]
KOMBO_CHANNEL_NAME = "Kombo"

# Document UUIDs are name-based (UUID5) in this namespace: deterministic, yet UUID-shaped.
DOCUMENT_NAMESPACE = uuid.UUID("5d1f7a52-3c43-4f8e-9a52-6e0f0c2b9d11")


def counter_of(world_id: str) -> int:
    """The trailing counter of a world id: ``job_0007`` -> 7."""
    head, sep, tail = world_id.rpartition("_")
    if not sep or not tail.isdigit():
        raise ValueError(f"not a world id with a trailing counter: {world_id!r}")
    return int(tail)


def native_int(kind: str, world_id: str) -> int:
    """The integer id Personio gives the world record ``world_id`` of ``kind``."""
    return BASES[kind] + counter_of(world_id)


def attribute_id(kind: str, world_id: str) -> str:
    """``custom_attribute_<n>`` of a screening question (``question``) or custom field."""
    return f"custom_attribute_{native_int(kind, world_id)}"


def option_id(world_option_id: str) -> str:
    return f"custom_option_{native_int('option', world_option_id)}"


def category_ids(names: list[str | None]) -> dict[str, int]:
    """Recruiting categories are names in the world; number them in sorted-name order."""
    distinct = sorted({name for name in names if name})
    return {name: BASES["category"] + rank for rank, name in enumerate(distinct, start=1)}


def document_uuid(key: str) -> str:
    """The UUID of a document: ``key`` is a world attachment id or ``<tenant>:<n>`` for uploads."""
    return str(uuid.uuid5(DOCUMENT_NAMESPACE, key))


def company_id(tenant: str) -> int:
    """The integer company id a tenant's ``X-Company-ID`` header carries (six digits)."""
    digest = hashlib.sha256(f"personio-company:{tenant}".encode()).digest()
    return 100_000 + int.from_bytes(digest[:4], "big") % 900_000


def trace_id(*parts: object) -> str:
    """A UUID-shaped trace id for an error, derived from what identifies the request."""
    return str(uuid.uuid5(DOCUMENT_NAMESPACE, "trace:" + "\x1f".join(str(p) for p in parts)))
