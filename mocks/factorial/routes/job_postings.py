"""`ats/job_postings`: list, read, create, update, delete, duplicate.

`deleted` is a status like the others (settable by POST and PUT, as Factorial's document
allows): such postings stay, and versions that know the status (versions.DELETED_POSTINGS_SINCE)
list and read them; older versions answer as if they were gone. `DELETE` removes a posting
for good.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from atsbox.mocks.core import MockError, json_body, rate_bucket, require

from .. import ids, render
from ..api import (
    VENDOR,
    body_id,
    delete_route,
    get_doc,
    id_list,
    id_param,
    list_response,
    path_id,
    read_route,
    serializer,
    version,
)
from ..errors import conflict, not_found, unknown_reference
from ..writes import mint, now, require_body_id, save, soft_delete, text, touch

STATUSES = ("draft", "published", "unlisted", "archived", "cancelled", "deleted")
REQUIREMENTS = ("mandatory", "optional", "do_not_ask")
REQUIREMENT_FIELDS = (
    "cv_requirement", "cover_letter_requirement", "phone_requirement", "photo_requirement",
    "personal_url_requirement",
)  # fmt: skip
CONTRACT_TYPES = (
    "indefinite", "temporary", "intern", "training", "freelance", "vendor_contractor", "volunteer", "per_hour",
    "other", "alternant", "interim", "minijob", "werkstudent", "apprenticeship", "pj", "clt", "jovem_aprendiz",
    "a_termo_incerto", "a_termo_certo", "de_curta_duracao", "de_muita_curta_duracao", "promessa_de_trabalho",
    "a_tempo_parcial", "com_pluralidade_de_empregadores", "teletrabalho", "pre_reforma", "recibos_verdes",
    "estagio", "sem_termo", "apprentissage", "fixed_discontinued", "apprendistato",
)  # fmt: skip
CATEGORIES = (
    "administration_and_secretariat", "design_and_architecture", "education_and_social_policy", "engineering",
    "finance", "hr", "it", "legal", "management_and_consulting", "marketing_and_communication",
    "nursing_and_therapy", "other", "physicians", "public_sector", "sales", "sciences_and_research",
    "service_industry_and_manufacturing", "sports_art_and_creative_jobs",
)  # fmt: skip
WORKPLACES = ("onsite", "remote", "hybrid")
SCHEDULES = ("full_time", "part_time")
SALARY_FORMATS = ("fixed_amount", "range")
SALARY_PERIODS = ("annual", "monthly", "daily")
# Where postings created through the API are published (the world's own carry their URLs).
CAREERS_SITE = "https://careers.factorial.example"


def shown(doc: dict[str, Any]) -> bool:
    """Whether this request's version can show the posting (status `deleted` is recent)."""
    return doc["status"] != "deleted" or version().lists_deleted_postings


def posting(number: int) -> dict[str, Any]:
    doc = get_doc(render.JOB_POSTING, number, "Job posting")
    if not shown(doc):
        raise not_found("Job posting", number)
    return doc


def _attributes(body: dict[str, Any], *, updating: bool = False) -> dict[str, Any]:
    """The attributes create and update share, as sent (null means "not given")."""
    given = {k: v for k, v in body.items() if v is not None}
    out: dict[str, Any] = {}
    choices = {
        "contract_type": CONTRACT_TYPES, "category": CATEGORIES, "workplace_type": WORKPLACES,
        "schedule_type": SCHEDULES, "salary_format": SALARY_FORMATS, "salary_period": SALARY_PERIODS,
        "status": STATUSES, **dict.fromkeys(REQUIREMENT_FIELDS, REQUIREMENTS),
    }  # fmt: skip
    for key, allowed in choices.items():
        if key in given:
            out[key] = text(given, key, choices=allowed)
    if "title" in given:
        out["title"] = text(given, "title", required=True)
    if "description" in given:
        out["description"] = text(given, "description")
    for key, kind, what in (("team_id", render.TEAM, "Team"), ("location_id", render.LOCATION, "Location")):
        if key in given:
            out[key] = body_id(given, key)
            if g.store.get(g.tenant, VENDOR, kind, str(out[key])) is None:  # it must exist
                raise unknown_reference(what, out[key], key) if updating else not_found(what, out[key])
    for key in ("salary_from_amount_in_cents", "salary_to_amount_in_cents"):
        if key in given:
            out[key] = require(given, key, int)
            if out[key] < 0:
                raise MockError.of("invalid_field", f"'{key}' must not be negative.", field=key)
    if "workplace_type" in out:
        out["remote"] = out["workplace_type"] == "remote"
    return out


def routes(bp: Blueprint, prefix: str) -> None:
    base = f"{prefix}/ats/job_postings"

    @bp.get(base)
    def list_job_postings() -> Any:
        status = request.args.get("status")
        if status is not None and status not in STATUSES:
            raise MockError.of(
                "invalid_query", f"'status' must be one of {', '.join(STATUSES)}.", field="status"
            )
        team, location = id_param("team_id"), id_param("location_id")
        legal_entity = id_param("legal_entity_id")

        def where(record: Any) -> bool:
            doc = record.doc
            return (
                shown(doc)
                and (status is None or doc["status"] == status)
                and (team is None or doc["team_id"] == team)
                and (location is None or doc["location_id"] == location)
                and (legal_entity is None or doc["legal_entity_id"] == legal_entity)
            )

        filtered = not version().lists_deleted_postings or any(
            v is not None for v in (status, team, location, legal_entity)
        )
        return list_response(
            render.JOB_POSTING,
            where=where if filtered else None,
            filters={"status": status, "team": team, "location": location, "legal_entity": legal_entity},
            only_ids=id_list("ids"),
        )

    read_route(bp, base, render.JOB_POSTING, "job_posting", posting)

    @bp.post(base)
    @rate_bucket("post")
    def create_job_posting() -> Any:
        body = json_body()
        text(body, "title", required=True)
        text(body, "status", required=True, choices=STATUSES)
        for key in REQUIREMENT_FIELDS:
            text(body, key, required=True, choices=REQUIREMENTS)
        attributes = _attributes(body)
        number = mint(render.JOB_POSTING)
        doc = {
            "id": number, "company_id": ids.COMPANY_ID, "ats_company_id": ids.ATS_COMPANY_ID,
            "title": None, "description": None, "contract_type": None, "category": None, "workplace_type": None,
            "remote": False, "status": None, "schedule_type": None, "team_id": None, "location_id": None,
            "legal_entity_id": None, "salary_format": None, "salary_from_amount_in_cents": None,
            "salary_to_amount_in_cents": None, "salary_period": "annual", "hide_salary": False,
            **dict.fromkeys(REQUIREMENT_FIELDS), "url": None, "published_at": None,
            "created_at": render.iso(now()),
        }  # fmt: skip
        doc.update(attributes)
        _publish(doc)
        save(render.JOB_POSTING, doc)
        return serializer().one(render.JOB_POSTING, doc), 201

    @bp.put(f"{base}/<int:raw_id>")
    def update_job_posting(raw_id: int) -> Any:
        number = path_id(raw_id)
        current = posting(number)
        body = json_body()
        require_body_id(body)
        if current["status"] == "deleted":
            raise conflict("A deleted job posting cannot be changed.", "id")
        doc = {**current, **_attributes(body, updating=True)}
        _publish(doc)
        doc = touch(render.JOB_POSTING, number, "Job posting", **doc)
        return serializer().one(render.JOB_POSTING, doc)

    def with_dependents(doc: dict[str, Any]) -> None:
        # A removed posting takes its questions and phases along (Rails' dependent destroy).
        for kind in (render.QUESTION, render.APPLICATION_PHASE):
            for record in g.store.list(g.tenant, VENDOR, kind, parent=str(doc["id"])):
                soft_delete(kind, record.doc["id"])

    delete_route(bp, base, render.JOB_POSTING, "job_posting", posting, after=with_dependents)

    @bp.post(f"{base}/duplicate")
    @rate_bucket("post")
    def duplicate_job_posting() -> Any:
        body = json_body()
        source = posting(body_id(body, "id"))  # type: ignore[arg-type]
        number = mint(render.JOB_POSTING)
        doc = {**source, "id": number, "status": "draft", "url": None, "published_at": None,
               "created_at": render.iso(now())}  # fmt: skip
        save(render.JOB_POSTING, doc)
        return serializer().one(render.JOB_POSTING, doc)


def _publish(doc: dict[str, Any]) -> None:
    """A posting that goes live gets its public URL and publication time."""
    live = doc["status"] in ("published", "unlisted")
    if live and not doc.get("url"):
        doc["url"] = f"{CAREERS_SITE}/job_posting/{doc['id']}"
    if not live:
        doc["url"] = None
    if doc["status"] != "draft" and doc.get("published_at") is None and live:
        doc["published_at"] = render.iso(now())
