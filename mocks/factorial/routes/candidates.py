"""`ats/candidates`: list, read, create, update, delete.

OAuth users without admin rights only see the candidates of the job postings they are
hiring manager of (api.Caller). Candidates name their source by `source` (a name) on the
way in and point at `ats/candidate_sources` by `source_id` on the way out; a name the
company has no source for creates one (category `manually_added`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, g

from atsbox.mocks.core import MockError, json_body, optional, rate_bucket

from .. import ids, render
from ..api import (
    VENDOR,
    bool_param,
    caller,
    delete_route,
    get_doc,
    id_list,
    list_response,
    number_param,
    path_id,
    read_route,
    request_filters,
    serializer,
    str_list,
)
from ..writes import check_company, flag, mint, require_body_id, save, stamp, text, touch

GENDERS = ("female", "male", "other", "unanswered")
# What the mock takes for an e-mail address (its OpenAPI document says the same).
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
EMAIL = re.compile(EMAIL_PATTERN)


def visible(doc: dict[str, Any]) -> bool:
    who = caller()
    return not who.restricted or bool(who.job_posting_ids & set(doc.get("ats_job_posting_ids") or ()))


def candidate(number: int) -> dict[str, Any]:
    doc = get_doc(render.CANDIDATE, number, "Candidate")
    if not visible(doc):
        raise MockError.of("not_found", f"Candidate {number} not found.")
    return doc


def source_id_for(name: str) -> int:
    """The id of the company's candidate source called `name`, created if missing."""
    wanted = name.strip().casefold()
    for record in g.store.list(g.tenant, VENDOR, render.CANDIDATE_SOURCE):
        if record.doc["name"].casefold() == wanted:
            return record.doc["id"]
    number = mint(render.CANDIDATE_SOURCE)
    doc = {"id": number, "company_id": ids.COMPANY_ID, "category": "manually_added", "name": name.strip(),
           "label": name.strip()}  # fmt: skip
    save(render.CANDIDATE_SOURCE, doc)
    return number


def new_candidate(body: dict[str, Any], *, email_key: str = "email", phone_key: str = "phone_number") -> dict:
    """A candidate document from a create or apply body (validated, not yet saved)."""
    first = text(body, "first_name", required=True)
    last = text(body, "last_name", required=True)
    email = text(body, email_key)
    if email is not None and not EMAIL.match(email):
        raise MockError.of("invalid_field", f"'{email_key}' is not an e-mail address.", field=email_key)
    source = text(body, "source")
    at = stamp()
    return {
        "id": None,
        "company_id": ids.COMPANY_ID,
        "first_name": first,
        "last_name": last,
        "full_name": f"{first} {last}",
        "email": email,
        "phone_number": text(body, phone_key),
        "talent_pool": bool(flag(body, "talent_pool")),
        "created_at": at,
        "updated_at": at,
        "consent_given_at": text(body, "consent_given_at"),
        "consent_expiration_date": None,
        "inactive_since": None,
        "consent_to_talent_pool": flag(body, "consent_to_talent_pool"),
        "ats_job_posting_ids": [],
        "personal_url": text(body, "personal_url"),
        "source_id": source_id_for(source) if source and source.strip() else None,
        "medium": text(body, "medium"),
        "gender": text(body, "gender", choices=GENDERS),
        "score": None,
    }


def save_new_candidate(doc: dict[str, Any]) -> dict[str, Any]:
    doc["id"] = mint(render.CANDIDATE)
    return save(render.CANDIDATE, doc)


def routes(bp: Blueprint, prefix: str) -> None:
    base = f"{prefix}/ats/candidates"

    @bp.get(base)
    def list_candidates() -> Any:
        emails = {e.casefold() for e in str_list("emails") or ()} or None
        jobs = id_list("job_posting_ids")
        sources = str_list("source")
        talent_pool = bool_param("talent_pool")
        active = bool_param("active")
        archived = bool_param("archived")
        remote = bool_param("remote")
        minimum = number_param("minimum_average_rating")
        teams, locations = id_list("team_ids"), id_list("location_ids")
        postings = _postings() if teams or locations or remote is not None else {}
        restricted = caller().restricted

        def where(record: Any) -> bool:
            doc = record.doc
            mine = [postings[j] for j in doc.get("ats_job_posting_ids") or () if j in postings]
            checks = (
                emails is None or (doc["email"] or "").casefold() in emails,
                jobs is None or bool(set(jobs) & set(doc.get("ats_job_posting_ids") or ())),
                sources is None or str(doc["source_id"]) in sources,
                talent_pool is None or doc["talent_pool"] == talent_pool,
                active is None or (doc["inactive_since"] is None) == active,
                archived is None or archived is False,
                minimum is None or (doc["score"] or 0) >= minimum,
                teams is None or any(p["team_id"] in teams for p in mine),
                locations is None or any(p["location_id"] in locations for p in mine),
                remote is None or any(p["remote"] == remote for p in mine),
                not restricted or visible(doc),
            )
            return all(checks)

        filters = request_filters()
        return list_response(render.CANDIDATE, where=where if filters or restricted else None, filters=filters,
                             only_ids=id_list("ids"))  # fmt: skip

    read_route(bp, base, render.CANDIDATE, "candidate", candidate)

    @bp.post(base)
    @rate_bucket("post")
    def create_candidate() -> Any:
        body = json_body()
        check_company(body, required=True)
        doc = save_new_candidate(new_candidate(body))
        return serializer().one(render.CANDIDATE, doc), 201

    @bp.put(f"{base}/<int:raw_id>")
    def update_candidate(raw_id: int) -> Any:
        number = path_id(raw_id)
        current = candidate(number)
        body = json_body()
        require_body_id(body)
        changes: dict[str, Any] = {}
        for key in ("first_name", "last_name"):
            if key in body:
                changes[key] = text(body, key, required=True)
        for key in ("email", "phone_number", "personal_url", "consent_given_at"):
            if key in body:
                changes[key] = text(body, key)
        if "talent_pool" in body:
            changes["talent_pool"] = bool(optional(body, "talent_pool", bool))
        merged = {**current, **changes}
        merged["full_name"] = f"{merged['first_name']} {merged['last_name']}"
        merged["updated_at"] = stamp()
        doc = touch(render.CANDIDATE, number, "Candidate", **merged)
        return serializer().one(render.CANDIDATE, doc)

    delete_route(bp, base, render.CANDIDATE, "candidate", candidate)


def _postings() -> dict[int, dict[str, Any]]:
    return {
        r.doc["id"]: r.doc for r in g.store.list(g.tenant, VENDOR, render.JOB_POSTING, include_deleted=True)
    }
