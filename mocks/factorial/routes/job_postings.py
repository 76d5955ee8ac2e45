"""`ats/job_postings`: list, read, create, update, delete, duplicate.

Deleted postings keep their row with status `deleted`; versions that know the status
(versions.DELETED_POSTINGS_SINCE) list and read them, older ones answer as if they were gone.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from atsbox.mocks.core import MockError, json_body, optional, rate_bucket

from .. import ids, render
from ..api import (
    body_id,
    get_doc,
    id_list,
    id_param,
    list_response,
    path_id,
    read_route,
    serializer,
    version,
)
from ..writes import check_path_id, mint, now, save, soft_delete, text, touch

STATUSES = ("draft", "published", "unlisted", "archived", "cancelled")
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


def posting(number: int) -> dict[str, Any]:
    """A job posting this version shows (deleted ones only where the status exists)."""
    return get_doc(
        render.JOB_POSTING, number, "Job posting", include_deleted=version().lists_deleted_postings
    )


def _attributes(body: dict[str, Any]) -> dict[str, Any]:
    """The optional attributes shared by create and update, as sent."""
    out: dict[str, Any] = {}
    choices = {
        "contract_type": CONTRACT_TYPES, "category": CATEGORIES, "workplace_type": WORKPLACES,
        "schedule_type": SCHEDULES, "salary_format": SALARY_FORMATS, "salary_period": SALARY_PERIODS,
        **dict.fromkeys(REQUIREMENT_FIELDS, REQUIREMENTS),
    }  # fmt: skip
    for key, allowed in choices.items():
        if key in body:
            out[key] = text(body, key, choices=allowed)
    if "title" in body:
        out["title"] = text(body, "title", required=True)
    if "description" in body:
        out["description"] = text(body, "description")
    if "status" in body:
        out["status"] = text(body, "status", required=True, choices=STATUSES)
    for key in ("team_id", "location_id"):
        if key in body:
            out[key] = body_id(body, key, required=False)
    for key in ("salary_from_amount_in_cents", "salary_to_amount_in_cents"):
        if key in body:
            amount = optional(body, key, int)
            if amount is not None and amount < 0:
                raise MockError.of("invalid_field", f"'{key}' must not be negative.", field=key)
            out[key] = amount
    if "workplace_type" in out:
        out["remote"] = out["workplace_type"] == "remote"
    return out


def routes(bp: Blueprint, prefix: str) -> None:
    base = f"{prefix}/ats/job_postings"

    @bp.get(base)
    def list_job_postings() -> Any:
        status = request.args.get("status")
        if status is not None and status not in (*STATUSES, "deleted"):
            raise MockError.of(
                "invalid_query", f"'status' must be one of {', '.join(STATUSES)}.", field="status"
            )
        team, location = id_param("team_id"), id_param("location_id")
        legal_entity = id_param("legal_entity_id")

        def where(record: Any) -> bool:
            doc = record.doc
            return (
                (status is None or doc["status"] == status)
                and (team is None or doc["team_id"] == team)
                and (location is None or doc["location_id"] == location)
                and (legal_entity is None or doc["legal_entity_id"] == legal_entity)
            )

        filtered = any(v is not None for v in (status, team, location, legal_entity))
        return list_response(
            render.JOB_POSTING,
            where=where if filtered else None,
            filters={"status": status, "team": team, "location": location, "legal_entity": legal_entity},
            include_deleted=version().lists_deleted_postings,
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

    @bp.put(f"{base}/<raw_id>")
    def update_job_posting(raw_id: str) -> Any:
        number = path_id(raw_id)
        current = posting(number)
        body = json_body()
        check_path_id(body, number)
        if current["status"] == "deleted":
            raise MockError.of("invalid_field", "A deleted job posting cannot be changed.", field="id")
        doc = {**current, **_attributes(body)}
        _publish(doc)
        doc = touch(render.JOB_POSTING, number, "Job posting", **doc)
        return serializer().one(render.JOB_POSTING, doc)

    @bp.delete(f"{base}/<raw_id>")
    def delete_job_posting(raw_id: str) -> Any:
        number = path_id(raw_id)
        current = posting(number)
        doc = touch(
            render.JOB_POSTING, number, "Job posting", **{**current, "status": "deleted", "url": None}
        )
        soft_delete(render.JOB_POSTING, number)
        return serializer().one(render.JOB_POSTING, doc)

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
