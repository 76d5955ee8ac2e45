"""Helpers the write routes share: the sandbox time, saving documents, checking input.

Every write runs inside the request's store transaction (the core's pipeline), so a
refused request leaves nothing half-written; every saved document gets the sandbox
clock's time as its change time, so delta readers see it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import g

from atsbox.mocks.core import MockError, optional, require

from . import render
from .api import VENDOR, body_id, get_doc
from .errors import not_found
from .ids import COMPANY_ID


def now() -> datetime:
    return g.clock.now()


def stamp() -> str:
    return render.iso(now())  # type: ignore[return-value]


def save(kind: str, doc: dict[str, Any], *, parent: str | None = None) -> dict[str, Any]:
    g.store.put(g.tenant, VENDOR, kind, str(doc["id"]), doc, parent=parent, at=now())
    return doc


def mint(kind: str) -> int:
    return g.store.next_int(g.tenant, VENDOR, kind)


def soft_delete(kind: str, number: int) -> None:
    g.store.soft_delete(g.tenant, VENDOR, kind, str(number), at=now())


def text(body: dict[str, Any], key: str, *, required: bool = False, choices: Any = None) -> str | None:
    """A string field; required ones must also be non-blank."""
    if required:
        value = require(body, key, str, choices=choices)
        if not value.strip():
            raise MockError.of("invalid_field", f"'{key}' can't be blank.", field=key)
        return value
    return optional(body, key, str, choices=choices)


def flag(body: dict[str, Any], key: str) -> bool | None:
    return optional(body, key, bool)


def require_body_id(body: dict[str, Any]) -> None:
    """PUT bodies repeat the record's id (required, as in Factorial's document); like a Rails
    controller, the id in the path decides which record changes."""
    body_id(body, "id")


def check_company(body: dict[str, Any], *, required: bool) -> None:
    company = body_id(body, "company_id", required=required)
    if company is not None and company != COMPANY_ID:
        raise not_found("Company", company)


def touch(kind: str, number: int, what: str, **changes: Any) -> dict[str, Any]:
    """Apply `changes` to a stored document and save it (bumping its change time)."""
    record = g.store.get(g.tenant, VENDOR, kind, str(number))
    if record is None:
        get_doc(kind, number, what)  # raises the 404
    assert record is not None
    doc = {**record.doc, **changes}
    g.store.put(g.tenant, VENDOR, kind, str(number), doc, parent=record.parent, at=now())
    return doc
