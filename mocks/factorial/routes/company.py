"""Company-wide lists the ATS objects point at: candidate sources, rejection reasons,
teams and locations (a job posting's department and place), custom fields and values.

Which `valuable_type` custom-field values of ATS records carry is not documented; the
mock uses the Rails model names `Ats::JobPosting` and `Ats::Candidate`
(vocabulary.VALUABLE_TYPE).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, g, request

from atsbox.mocks.core import MockError

from .. import render
from ..api import (
    VENDOR,
    get_doc,
    id_list,
    id_param,
    list_response,
    read_route,
)


def _simple(bp: Blueprint, path: str, kind: str, what: str, name: str) -> None:
    """A read-only resource filtered by `ids[]` only."""

    def list_view() -> Any:
        return list_response(kind, only_ids=id_list("ids"))

    bp.add_url_rule(path, endpoint=f"list_{name}", view_func=list_view, methods=["GET"])
    read_route(bp, path, kind, name, lambda n: get_doc(kind, n, what))


def routes(bp: Blueprint, prefix: str) -> None:
    _simple(
        bp,
        f"{prefix}/ats/candidate_sources",
        render.CANDIDATE_SOURCE,
        "Candidate source",
        "candidate_sources",
    )
    _simple(bp, f"{prefix}/teams/teams", render.TEAM, "Team", "teams")
    _simple(bp, f"{prefix}/locations/locations", render.LOCATION, "Location", "locations")
    _simple(bp, f"{prefix}/custom_fields/fields", render.CUSTOM_FIELD, "Custom field", "custom_fields")

    reasons = f"{prefix}/ats/rejection_reasons"
    values = f"{prefix}/custom_fields/values"

    @bp.get(reasons)
    def list_rejection_reasons() -> Any:
        applications = id_list("ats_application_ids")
        only = id_list("ids")
        if applications is not None:
            linked = {
                r.doc["ats_rejection_reason_id"]
                for r in g.store.list(
                    g.tenant, VENDOR, render.APPLICATION, ids=[str(a) for a in applications]
                )
                if r.doc["ats_rejection_reason_id"] is not None
            }
            only = [i for i in (only if only is not None else sorted(linked)) if i in linked]
        return list_response(render.REJECTION_REASON, only_ids=only, filters={"applications": applications})

    read_route(bp, reasons, render.REJECTION_REASON, "rejection_reason",
               lambda n: get_doc(render.REJECTION_REASON, n, "Rejection reason"))  # fmt: skip

    @bp.get(values)
    def list_custom_field_values() -> Any:
        field = id_param("field_id")
        instance = id_param("instance_id")
        since_raw = request.args.get("updated_at_gteq")
        since = None
        if since_raw is not None:
            try:
                since = date.fromisoformat(since_raw[:10]).isoformat()
            except ValueError:
                raise MockError.of("invalid_query", "'updated_at_gteq' must be a date.",
                                   field="updated_at_gteq") from None  # fmt: skip
        slug = request.args.get("slug")

        def where(record: Any) -> bool:
            doc = record.doc
            return all((
                field is None or doc["field_id"] == field,
                instance is None or doc["valuable_id"] == instance,
                since is None or (doc["updated_at"] or "")[:10] >= since,
                slug is None or doc["custom_field_identifier"] == slug,
            ))  # fmt: skip

        filtered = any(v is not None for v in (field, instance, since, slug))
        return list_response(
            render.CUSTOM_FIELD_VALUE,
            where=where if filtered else None,
            filters={"field": field, "instance": instance, "since": since, "slug": slug},
            only_ids=id_list("ids"),
        )

    read_route(bp, values, render.CUSTOM_FIELD_VALUE, "custom_field_value",
               lambda n: get_doc(render.CUSTOM_FIELD_VALUE, n, "Custom field value"))  # fmt: skip
