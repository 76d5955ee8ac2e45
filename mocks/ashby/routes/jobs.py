"""Jobs, job postings, interview plans and stages, survey form definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import g

from .. import errors
from .. import serializers as S
from .. import store_kinds as K
from ..ids import native_id
from .base import Listing, epoch_ms, field, get_doc, lookup, paginate, query, rpc, str_list, uuid_field

JOB_STATUSES = ("Draft", "Open", "Closed", "Archived")
EXTERNAL_BOARD = native_id("organization", "job-board/external")
INTERNAL_BOARD = native_id("organization", "job-board/internal")


def _ms(text: str | None) -> int | None:
    if not text:
        return None
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def org_settings() -> dict[str, str]:
    return g.store.kv_get(g.tenant, "ashby", "organization", None) or {"slug": "sandbox", "name": "Sandbox"}


def _expand(body: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    return str_list(body, "expand", allowed) or []


@rpc("job.list")
def job_list(body: dict[str, Any]) -> Listing:
    statuses = str_list(body, "status", JOB_STATUSES) or ["Open", "Closed", "Archived"]
    bounds = {key: epoch_ms(body, key) for key in ("openedAfter", "openedBefore", "closedAfter", "closedBefore")}
    unpublished = bool(field(body, "includeUnpublishedJobPostingsIds", bool, default=False))
    expand = _expand(body, ("location", "openings"))

    def keep(record: Any) -> bool:
        doc = record.doc
        if doc["status"] not in statuses:
            return False
        opened, closed = _ms(doc.get("openedAt")), _ms(doc.get("closedAt"))
        for key, moment in (("openedAfter", opened), ("closedAfter", closed)):
            if bounds[key] is not None and (moment is None or moment <= bounds[key]):
                return False
        for key, moment in (("openedBefore", opened), ("closedBefore", closed)):
            if bounds[key] is not None and (moment is None or moment >= bounds[key]):
                return False
        return True

    records = query(K.JOB, where=keep, filters={"status": sorted(statuses), **bounds})
    lk = lookup()
    return paginate(
        body, records, lambda rs: [S.job(r, lk, unpublished_postings=unpublished, expand=expand) for r in rs]
    )


@rpc("job.info")
def job_info(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.JOB, uuid_field(body, "id", required=True), "job")
    unpublished = bool(field(body, "includeUnpublishedJobPostingsIds", bool, default=False))
    return S.job(record, lookup(), unpublished_postings=unpublished, expand=_expand(body, ("location", "openings")))


@rpc("jobPosting.list")
def job_posting_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    location_name = field(body, "location", str)
    department_name = field(body, "department", str)
    listed_only = bool(field(body, "listedOnly", bool, default=False))
    board = uuid_field(body, "jobBoardId") or EXTERNAL_BOARD
    lk = lookup()
    slug = org_settings()["slug"]
    out = []
    for record in g.store.list(g.tenant, "ashby", K.JOB_POSTING):
        doc = record.doc
        on_board = EXTERNAL_BOARD if doc["jobBoard"] == "external" else INTERNAL_BOARD
        if not doc["isPublished"] or on_board != board or (listed_only and not doc["isListed"]):
            continue
        summary = S.posting_summary(record, lk, slug)
        # Both filters match names exactly (case-sensitive, reference §3).
        if location_name is not None and summary["locationName"] != location_name:
            continue
        if department_name is not None and summary["departmentName"] != department_name:
            continue
        out.append(summary)
    return out


@rpc("jobPosting.info")
def job_posting_info(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.JOB_POSTING, uuid_field(body, "jobPostingId", required=True), "job_posting")
    settings = org_settings()
    lk = lookup()
    info = S.posting_info(record, lk, settings["slug"], settings["name"])
    if "job" in _expand(body, ("job",)):
        job_record = lk.one(K.JOB, record.doc["jobId"])
        if job_record is not None:
            info["job"] = S.job(job_record, lk)
    return info


@rpc("interviewPlan.list")
def interview_plan_list(body: dict[str, Any]) -> Listing:
    archived = bool(field(body, "includeArchived", bool, default=False))
    records = query(
        K.INTERVIEW_PLAN,
        where=None if archived else (lambda r: not r.doc["isArchived"]),
        filters={"includeArchived": archived},
    )
    return paginate(body, records, lambda rs: [S.with_times(r) for r in rs])


@rpc("interviewStage.list")
def interview_stage_list(body: dict[str, Any]) -> Listing:
    plan_id = uuid_field(body, "interviewPlanId", required=True)
    get_doc(K.INTERVIEW_PLAN, plan_id, "interview_plan")
    stages = g.store.list(g.tenant, "ashby", K.INTERVIEW_STAGE, parent=plan_id)
    ordered = sorted(stages, key=lambda r: r.doc["orderInInterviewPlan"])
    return Listing([S.plain(r) for r in ordered], more=False)


@rpc("surveyFormDefinition.list")
def survey_form_definition_list(body: dict[str, Any]) -> Listing:
    lk = lookup()
    return paginate(body, query(K.SURVEY_FORM), lambda rs: [S.survey_form(r, lk) for r in rs])


def require_stage_of_plan(stage_id: str, plan_id: str) -> Any:
    record = get_doc(K.INTERVIEW_STAGE, stage_id, "interview_stage")
    if record.doc["interviewPlanId"] != plan_id:
        raise errors.invalid_input("The interview stage does not belong to the application's interview plan.")
    return record
