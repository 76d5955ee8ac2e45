"""What every Flatchr route shares: the company guard, lookups that 404 in Flatchr's shape,
the deleted-records switch and writes stamped on the sandbox clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import g, request

from atsbox.mocks.core.context import now
from atsbox.mocks.core.errors import MockError

from .. import ids
from ..render import COMPANY

CAREERS_PREFIX = "/careers"
KEY_KIND = "api_key"
SLUG_KIND = "career_slug"


def store_kwargs() -> dict[str, Any]:
    return {"include_deleted": bool(g.vendor.config.get("expose_deleted", True))}


def company() -> dict[str, Any]:
    # The company is the account itself, not a record a user can bin.
    records = g.store.list(g.tenant, g.vendor.name, COMPANY, include_deleted=True)
    if not records:
        raise MockError.of("not_found", "Company not found")
    return records[0].doc


def guard_company(company_id: str) -> dict[str, Any]:
    """The tenant's company, when the path names it (by encoded key or integer id)."""
    doc = company()
    if company_id not in (doc["id"], str(doc["company_id"])):
        if ids.looks_encoded(company_id) or company_id.isdigit():
            raise MockError(403, "forbidden", "You do not have access to this company")
        raise MockError.of("not_found", "Company not found")
    return doc


def not_found(what: str) -> MockError:
    return MockError.of("not_found", f"{what} not found")


def fetch(kind: str, record_id: str, what: str, *, live: bool = False) -> Any:
    """The record, or 404; soft-deleted ones only when exposed and not `live`."""
    include = False if live else store_kwargs()["include_deleted"]
    record = g.store.get(g.tenant, g.vendor.name, kind, record_id, include_deleted=include)
    if record is None:
        raise not_found(what)
    return record


def listing(kind: str, *, parent: str | None = None, ids: Any = None) -> list[Any]:
    return g.store.list(g.tenant, g.vendor.name, kind, parent=parent, ids=ids, **store_kwargs())


def put(record: Any, doc: dict[str, Any], at: datetime | None = None) -> Any:
    return g.store.put(g.tenant, g.vendor.name, record.kind, record.id, doc, parent=record.parent,
                       at=at or now())  # fmt: skip


def mint(kind: str) -> int:
    return ids.minted_number(g.store.next_int(g.tenant, g.vendor.name, kind))


def fields_param() -> set[str]:
    """The comma list of ``?fields=`` (no spaces, per the docs; spaces are forgiven)."""
    return {f.strip() for f in request.args.get("fields", "").split(",") if f.strip()}
