"""ATS API reads: every collection is a bare JSON array, paginated by page/per_page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, jsonify, request

from .. import render as kinds
from .. import serializers, wire
from ..listing import (
    CREATED_UPDATED,
    Predicate,
    ats_page_of,
    choice,
    doc_equals,
    flag,
    iso_param,
    select,
    time_filters,
)
from .common import fetch, route

ATS = "/ats/v0"


Page = Callable[[list[Any]], list[dict[str, Any]]]


def _listing(kind: str, predicates: list[Predicate], serialize_page: Page | None = None) -> Any:
    chunk, headers = ats_page_of(kind, predicates)
    if serialize_page is None:
        serializer = serializers.SERIALIZERS[kind]
        return jsonify([serializer(r) for r in chunk]), 200, headers
    return jsonify(serialize_page(chunk)), 200, headers


def _one(kind: str, object_id: str) -> Any:
    return jsonify(serializers.SERIALIZERS[kind](fetch(kind, object_id)))


# --- users, offices, departments, sources ------------------------------------------------


def list_users() -> Any:
    predicates = time_filters(CREATED_UPDATED)
    email = request.args.get("email")
    if email:
        predicates.append(lambda r: email.lower() in [e.lower() for e in r.doc.get("emails", [])])
    return _listing(kinds.USER, predicates)


def get_user(user_id: str) -> Any:
    return _one(kinds.USER, user_id)


def list_offices() -> Any:
    return _listing(kinds.OFFICE, [])


def get_office(office_id: str) -> Any:
    return _one(kinds.OFFICE, office_id)


def list_departments() -> Any:
    return _listing(kinds.DEPARTMENT, [])


def get_department(department_id: str) -> Any:
    return _one(kinds.DEPARTMENT, department_id)


def list_sources() -> Any:
    return _listing(kinds.SOURCE, [], lambda page: [dict(r.doc) for r in page])


# --- jobs, stages, posts --------------------------------------------------------------------


def list_jobs() -> Any:
    predicates = time_filters(CREATED_UPDATED)
    status = choice("status", wire.JOB_STATUSES)
    if status:
        predicates.append(doc_equals("status", status))
    requisition = request.args.get("requisition_id")
    if requisition:
        predicates.append(doc_equals("requisition_id", requisition))
    for param, key in (("department_id", "departments"), ("office_id", "offices")):
        wanted = request.args.get(param)
        if wanted:
            predicates.append(lambda r, k=key, v=wanted: any(x["id"] == v for x in r.doc.get(k, [])))
    return _listing(kinds.JOB, predicates)


def get_job(job_id: str) -> Any:
    return _one(kinds.JOB, job_id)


def list_job_stages() -> Any:
    return _listing(kinds.JOB_STAGE, time_filters(CREATED_UPDATED))


def get_job_stage(job_stage_id: str) -> Any:
    return _one(kinds.JOB_STAGE, job_stage_id)


def list_stages_of_job(job_id: str) -> Any:
    fetch(kinds.JOB, job_id)
    records = select(kinds.JOB_STAGE, time_filters(CREATED_UPDATED), parent=job_id)
    return jsonify([serializers.plain(r) for r in records])


def list_job_posts() -> Any:
    predicates = time_filters(CREATED_UPDATED)
    for name in ("live", "active"):
        value = flag(name)
        if value is not None:
            predicates.append(doc_equals(name, value))
    job_id = request.args.get("job_id")
    if job_id:
        predicates.append(doc_equals("job_id", job_id))
    return _listing(kinds.JOB_POST, predicates)


def get_job_post(job_post_id: str) -> Any:
    return _one(kinds.JOB_POST, job_post_id)


# --- candidates, applications, interviews ---------------------------------------------------


def candidates_json(records: list[Any]) -> list[dict[str, Any]]:
    """Candidates with their live applications embedded; one store read for the whole page."""
    wanted = [app_id for r in records for app_id in r.doc.get("application_ids", ())]
    apps = g.store.list(g.tenant, g.vendor.name, kinds.APPLICATION, ids=wanted) if wanted else []
    by_candidate: dict[str, list[Any]] = defaultdict(list)
    for app in apps:
        by_candidate[app.parent].append(app)
    return [serializers.candidate(r, by_candidate[r.id]) for r in records]


def list_candidates() -> Any:
    predicates = time_filters(CREATED_UPDATED)
    email = request.args.get("email")
    if email:
        predicates.append(
            lambda r: email.lower() in [e["value"].lower() for e in r.doc.get("email_addresses", [])]
        )
    wanted_ids = request.args.get("candidate_ids")
    if wanted_ids:
        id_set = {part.strip() for part in wanted_ids.split(",") if part.strip()}
        predicates.append(lambda r: r.id in id_set)
    job_id = request.args.get("job_id")
    if job_id:
        applied = {
            a.parent for a in select(kinds.APPLICATION, []) if any(j["id"] == job_id for j in a.doc["jobs"])
        }
        predicates.append(lambda r: r.id in applied)
    return _listing(kinds.CANDIDATE, predicates, candidates_json)


def get_candidate(candidate_id: str) -> Any:
    return jsonify(candidates_json([fetch(kinds.CANDIDATE, candidate_id)])[0])


APPLICATION_FILTERS = {
    "created_after": ("created_at", "after"),
    "created_before": ("created_at", "before"),
    # Applications have no updated_at in Gem: their change time is last_activity_at.
    "last_activity_after": ("updated_at", "after"),
}


def list_applications() -> Any:
    predicates = time_filters(APPLICATION_FILTERS)
    job_id = request.args.get("job_id")
    if job_id:
        predicates.append(lambda r: any(j["id"] == job_id for j in r.doc["jobs"]))
    status = choice("status", wire.APPLICATION_STATUSES)
    if status:
        predicates.append(doc_equals("status", status))
    return _listing(kinds.APPLICATION, predicates)


def get_application(application_id: str) -> Any:
    return _one(kinds.APPLICATION, application_id)


INTERVIEW_FILTERS = {
    **CREATED_UPDATED,
}


def list_scheduled_interviews() -> Any:
    predicates = time_filters(INTERVIEW_FILTERS)
    for name, key, direction in (
        ("starts_after", "start", "after"),
        ("starts_before", "start", "before"),
        ("ends_after", "end", "after"),
        ("ends_before", "end", "before"),
    ):
        bound = iso_param(name)
        if bound is None:
            continue
        text = wire.iso(bound)
        if direction == "after":
            predicates.append(lambda r, k=key, t=text: r.doc[k]["date_time"] > t)
        else:
            predicates.append(lambda r, k=key, t=text: r.doc[k]["date_time"] < t)
    for name in ("external_event_id", "application_id"):
        value = request.args.get(name)
        if value:
            predicates.append(doc_equals(name, value))
    actionable = flag("actionable")
    if actionable is not None:
        predicates.append(lambda r: (r.doc["status"] in ("scheduled", "awaiting_feedback")) == actionable)
    return _listing(kinds.INTERVIEW, predicates)


def get_scheduled_interview(interview_id: str) -> Any:
    return _one(kinds.INTERVIEW, interview_id)


def register(bp: Blueprint) -> None:
    collections = [
        ("users", list_users, get_user, "user_id"),
        ("offices", list_offices, get_office, "office_id"),
        ("departments", list_departments, get_department, "department_id"),
        ("jobs", list_jobs, get_job, "job_id"),
        ("job_stages", list_job_stages, get_job_stage, "job_stage_id"),
        ("job_posts", list_job_posts, get_job_post, "job_post_id"),
        ("candidates", list_candidates, get_candidate, "candidate_id"),
        ("applications", list_applications, get_application, "application_id"),
        ("scheduled_interviews", list_scheduled_interviews, get_scheduled_interview, "interview_id"),
    ]
    for name, lister, getter, param in collections:
        route(bp, f"{ATS}/{name}/", lister, ["GET"])
        route(bp, f"{ATS}/{name}/<{param}>", getter, ["GET"])
    route(bp, f"{ATS}/jobs/<job_id>/stages", list_stages_of_job, ["GET"])
    route(bp, f"{ATS}/sources/", list_sources, ["GET"])
