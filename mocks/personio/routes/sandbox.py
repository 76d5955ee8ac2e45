"""Sandbox-only inspection: what Personio holds for an application, for the write contracts.

Personio's API cannot read back attributes, tags or files (v1 is write-only; v2 "does not
return custom attributes and tags" nor documents). To prove a write stored every field, the
sandbox adds one read that the real Personio does not have, outside Personio's paths and
outside the mock's OpenAPI document: ``GET /_sandbox/applications/{id}`` with a v2 access
token, answering the stored application with its candidate and documents (bytes base64).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g

from atsbox.mocks.core.auth import uses_auth

from .. import errors
from ..auth import V2_AUTH


@uses_auth(V2_AUTH)
def inspect_application(application_id: str) -> dict[str, Any]:
    store, tenant, vendor = g.store, g.tenant, g.vendor.name
    record = store.get(tenant, vendor, "application", application_id)
    if record is None:
        raise errors.v2_error(
            404, errors.RESOURCE_NOT_FOUND, f"The application with id {application_id} was not found."
        )
    person = store.get(tenant, vendor, "candidate", record.doc["candidate_id"])
    uuids = [f["uuid"] for f in record.doc.get("files") or []]
    documents = [r.doc for r in store.list(tenant, vendor, "document", ids=uuids)]
    return {
        "application": record.doc,
        "candidate": person.doc if person is not None else None,
        "documents": documents,
    }


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/_sandbox/applications/<application_id>", view_func=inspect_application, methods=["GET"])
