"""`ats/questions` (a job posting's screening questions) and `ats/answers`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g

from atsbox.mocks.core import MockError, json_body, optional, rate_bucket, require

from .. import render
from ..api import (
    VENDOR,
    body_id,
    caller,
    delete_route,
    get_doc,
    id_list,
    list_of_job_postings,
    list_response,
    path_id,
    read_route,
    serializer,
)
from ..errors import conflict
from ..writes import check_company, flag, mint, require_body_id, save, stamp, text, touch
from .job_postings import posting

QUESTION_TYPES = ("text", "long_text", "single_choice", "multiple_choice", "file")
ANSWER_TYPES = ("text", "long_text", "single_choice", "multiple_choice")


def _options(body: dict[str, Any]) -> list[dict[str, Any]] | None:
    raw = optional(body, "options", list, items=dict)
    if raw is None:
        return None
    out: dict[str, dict[str, Any]] = {}
    for option in raw:
        label = text(option, "text", required=True)
        # An option is its text: a repeated text is the same option (the first one wins).
        out.setdefault(
            label, {"text": label, "disqualifies": bool(optional(option, "disqualifies", bool, False))}
        )
    return list(out.values())


def routes(bp: Blueprint, prefix: str) -> None:
    questions = f"{prefix}/ats/questions"
    answers = f"{prefix}/ats/answers"

    @bp.get(questions)
    def list_questions() -> Any:
        return list_of_job_postings(render.QUESTION)

    def load_question(number: int) -> dict[str, Any]:
        return get_doc(render.QUESTION, number, "Question")

    read_route(bp, questions, render.QUESTION, "question", load_question)

    @bp.post(questions)
    @rate_bucket("post")
    def create_question() -> Any:
        body = json_body()
        check_company(body, required=True)
        job = posting(body_id(body, "ats_job_posting_id"))  # type: ignore[arg-type]
        label = text(body, "label", required=True)
        position = require(body, "position", int)
        question_type = text(body, "question_type", required=True, choices=QUESTION_TYPES)
        options = _options(body)
        at = stamp()
        doc = {
            "id": mint(render.QUESTION),
            "ats_job_posting_id": job["id"],
            "label": label,
            "position": position,
            "mandatory": bool(flag(body, "mandatory")),
            "auto_disqualify": bool(flag(body, "auto_disqualify")),
            "question_type": question_type,
            "options": options,
            "created_at": at,
            "updated_at": at,
        }
        save(render.QUESTION, doc, parent=str(job["id"]))
        return serializer().one(render.QUESTION, doc), 201

    @bp.put(f"{questions}/<int:raw_id>")
    def update_question(raw_id: int) -> Any:
        number = path_id(raw_id)
        get_doc(render.QUESTION, number, "Question")
        body = json_body()
        require_body_id(body)
        changes: dict[str, Any] = {"updated_at": stamp()}
        if "label" in body:
            changes["label"] = text(body, "label", required=True)
        if "position" in body:
            changes["position"] = require(body, "position", int)
        for key in ("mandatory", "auto_disqualify"):
            if key in body:
                changes[key] = bool(flag(body, key))
        if "options" in body:
            changes["options"] = _options(body)
        doc = touch(render.QUESTION, number, "Question", **changes)
        return serializer().one(render.QUESTION, doc)

    delete_route(bp, questions, render.QUESTION, "question", load_question)

    @bp.get(answers)
    def list_answers() -> Any:
        applications = id_list("ats_application_ids")
        wanted = set(applications) if applications is not None else None
        who = caller()
        visible_apps = _visible_applications() if who.restricted else None

        def where(record: Any) -> bool:
            app_id = record.doc["ats_application_id"]
            return (wanted is None or app_id in wanted) and (visible_apps is None or app_id in visible_apps)

        filtered = wanted is not None or visible_apps is not None
        return list_response(
            render.ANSWER,
            parent=str(next(iter(wanted))) if wanted is not None and len(wanted) == 1 else None,
            where=where if filtered else None,
            filters={"applications": sorted(wanted) if wanted is not None else None},
            only_ids=id_list("ids"),
        )

    def load_answer(number: int) -> dict[str, Any]:
        doc = get_doc(render.ANSWER, number, "Answer")
        if caller().restricted and doc["ats_application_id"] not in _visible_applications():
            raise MockError.of("not_found", f"Answer {number} not found.")
        return doc

    read_route(bp, answers, render.ANSWER, "answer", load_answer)

    @bp.post(answers)
    @rate_bucket("post")
    def create_answer() -> Any:
        body = json_body()
        question = get_doc(render.QUESTION, body_id(body, "ats_question_id"), "Question")  # type: ignore[arg-type]
        application_id = body_id(body, "ats_application_id")
        application = get_doc(render.APPLICATION, application_id, "Application")  # type: ignore[arg-type]
        if not caller().sees_job(application["ats_job_posting_id"]):
            raise MockError.of("not_found", f"Application {application_id} not found.")
        if question["ats_job_posting_id"] != application["ats_job_posting_id"]:
            raise conflict("The question is not asked by the application's job posting.", "ats_question_id")
        value = require(body, "value", str)
        label = text(body, "original_question_label", required=True)
        kind = text(body, "original_question_type", required=True, choices=ANSWER_TYPES)
        at = stamp()
        doc = {
            "id": mint(render.ANSWER),
            "ats_application_id": application_id,
            "ats_question_id": question["id"],
            "original_question_label": label,
            "original_question_type": kind,
            "value": value,
            "created_at": at,
            "updated_at": at,
        }
        save(render.ANSWER, doc, parent=str(application_id))
        return serializer().one(render.ANSWER, doc), 201


def _visible_applications() -> set[int]:
    who = caller()
    return {
        r.doc["id"]
        for r in g.store.list(g.tenant, VENDOR, render.APPLICATION)
        if who.sees_job(r.doc["ats_job_posting_id"])
    }
