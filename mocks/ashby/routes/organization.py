"""The organisation's setup: the API key, users, departments, locations, sources, archive
reasons, candidate tags and custom field definitions."""

from __future__ import annotations

import re
from typing import Any

from flask import g

from .. import serializers as S
from .. import store_kinds as K
from ..ids import minted_id
from .base import Listing, field, get_doc, include_archived, paginate, put, query, rpc, uuid_field


def scope_name(permission: str) -> str:
    """apiKey.info's scope spelling of a permission: candidatesRead -> candidates:read."""
    match = re.fullmatch(r"(\w+?)(Read|Write)", permission)
    return f"{match.group(1)}:{match.group(2).lower()}" if match else permission


@rpc("apiKey.info")
def api_key_info(body: dict[str, Any]) -> dict[str, Any]:
    meta = g.credential_meta
    permissions = meta.get("permissions")
    if permissions is None:
        from ..endpoints import PERMISSIONS

        permissions = PERMISSIONS
    return {
        "title": meta.get("title", "API key"),
        "createdAt": meta.get("createdAt", "2024-01-01T00:00:00.000Z"),
        "scopes": [scope_name(p) for p in permissions],
    }


@rpc("user.list")
def user_list(body: dict[str, Any]) -> Listing:
    deactivated = bool(field(body, "includeDeactivated", bool, default=False))
    records = query(
        K.USER,
        where=None if deactivated else (lambda r: r.doc["isEnabled"]),
        filters={"includeDeactivated": deactivated},
    )
    return paginate(body, records, lambda rs: [S.user(r) for r in rs])


@rpc("user.info")
def user_info(body: dict[str, Any]) -> dict[str, Any]:
    return S.user(get_doc(K.USER, uuid_field(body, "userId", required=True), "user"))


def _archivable(kind: str, body: dict[str, Any]) -> Any:
    archived = include_archived(body)
    return query(
        kind,
        where=None if archived else (lambda r: not r.doc.get("isArchived")),
        filters={"includeArchived": archived},
    )


@rpc("department.list")
def department_list(body: dict[str, Any]) -> Listing:
    return paginate(body, _archivable(K.DEPARTMENT, body), lambda rs: [S.department(r) for r in rs])


@rpc("location.list")
def location_list(body: dict[str, Any]) -> Listing:
    field(body, "includeLocationHierarchy", bool)  # no regions are rendered, so nothing to add
    return paginate(body, _archivable(K.LOCATION, body), lambda rs: [S.location(r) for r in rs])


@rpc("archiveReason.list")
def archive_reason_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    archived = include_archived(body)
    records = g.store.list(g.tenant, "ashby", K.ARCHIVE_REASON)
    return [S.plain(r) for r in records if archived or not r.doc["isArchived"]]


@rpc("source.list")
def source_list(body: dict[str, Any]) -> Listing:
    archived = include_archived(body)
    records = g.store.list(g.tenant, "ashby", K.SOURCE)
    return Listing([S.plain(r) for r in records if archived or not r.doc["isArchived"]], more=False)


@rpc("candidateTag.list")
def candidate_tag_list(body: dict[str, Any]) -> Listing:
    return paginate(body, _archivable(K.CANDIDATE_TAG, body), lambda rs: [S.plain(r) for r in rs])


@rpc("candidateTag.create")
def candidate_tag_create(body: dict[str, Any]) -> dict[str, Any]:
    title = field(body, "title", str, required=True).strip()
    if not title:
        from .. import errors

        raise errors.invalid_input("title must not be empty", field="title")
    # Idempotent by title: an existing (live) tag with the same title is returned as is.
    for record in g.store.list(g.tenant, "ashby", K.CANDIDATE_TAG):
        if record.doc["title"] == title and not record.doc["isArchived"]:
            return S.plain(record)
    doc = {"id": minted_id(g.tenant, K.CANDIDATE_TAG, g.store.next_int(g.tenant, "ashby", K.CANDIDATE_TAG)),
           "title": title, "isArchived": False}  # fmt: skip
    return S.plain(put(K.CANDIDATE_TAG, doc))


@rpc("customField.list")
def custom_field_list(body: dict[str, Any]) -> Listing:
    return paginate(body, query(K.CUSTOM_FIELD), lambda rs: [S.plain(r) for r in rs])
