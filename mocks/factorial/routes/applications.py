"""`ats/applications`: list, read, create, update, delete, `apply`, `move_to_phase`, `attach_cv`.

- `apply` creates the candidate (or finds them by e-mail) and the application in one call
  and answers 200; `POST ats/applications` adds an existing candidate and answers 201.
- Rejection is `qualified: false` plus a rejection reason; there is no rejected phase.
- A phase must belong to the application's job posting.
- Answers are checked against their question's type: text for text and long-text
  questions, one option's text for single choice, a list of option texts for multiple
  choice; file questions cannot be answered through the API (none of its bodies carries
  a file).
- The CV (reference §8: one read-only `cv` object per application). The public API has no
  upload; the mock accepts one CV as `cv: {filename, content_type, data (base64)}` on
  `apply` and create, and through `POST ats/applications/attach_cv {id, cv}` (its decision,
  see docs/vendors/factorial.md). A second CV is refused with 422.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, g, request

from atsbox.mocks.core import MockError, json_body, optional, rate_bucket, require

from .. import ids, render
from .. import vocabulary as vocab
from ..api import (
    VENDOR,
    body_id,
    bool_param,
    caller,
    delete_route,
    get_doc,
    id_list,
    id_param,
    list_response,
    path_id,
    read_route,
    request_filters,
    serializer,
    version,
)
from ..errors import conflict, not_found, unknown_reference
from ..writes import check_company, mint, require_body_id, save, stamp, text, touch
from .candidates import candidate, new_candidate, save_new_candidate, source_id_for
from .job_postings import posting

ACCEPTING = ("published", "unlisted")
AUTHOR_TYPES = ("access", "company", "user")
MAX_CV_BYTES = 10 * 1024 * 1024
SINGLE_CV = "Factorial supports a single CV per application, and this application already has one."


def application(number: int) -> dict[str, Any]:
    doc = get_doc(render.APPLICATION, number, "Application")
    if not caller().sees_job(doc["ats_job_posting_id"]):
        raise MockError.of("not_found", f"Application {number} not found.")
    return doc


def _phases_of(job_posting_id: int) -> list[dict[str, Any]]:
    records = g.store.list(g.tenant, VENDOR, render.APPLICATION_PHASE, parent=str(job_posting_id))
    return sorted((r.doc for r in records), key=lambda d: d["position"])


def _phase_for(job_posting_id: int, phase_id: int | None, key: str) -> int | None:
    phases = _phases_of(job_posting_id)
    if phase_id is None:
        initial = [p for p in phases if p["phase_type"] == "initial"] or phases
        return initial[0]["id"] if initial else None
    if not any(p["id"] == phase_id for p in phases):
        raise conflict(f"Phase {phase_id} does not belong to job posting {job_posting_id}.", key)
    return phase_id


def _count(phase_id: int | None, delta: int, active: int) -> None:
    if phase_id is None:
        return
    record = g.store.get(g.tenant, VENDOR, render.APPLICATION_PHASE, str(phase_id))
    if record is None:
        return
    doc = dict(record.doc)
    doc["applications_count"] = max(0, (doc.get("applications_count") or 0) + delta)
    doc["active_applications_count"] = max(0, (doc.get("active_applications_count") or 0) + active)
    g.store.put(g.tenant, VENDOR, render.APPLICATION_PHASE, str(phase_id), doc, parent=record.parent,
                at=g.clock.now())  # fmt: skip


def _answers(body: dict[str, Any], job_posting_id: int) -> list[tuple[dict[str, Any], str]]:
    """(question, stored value) per answer, checked against the question's type."""
    raw = optional(body, "answers", list, items=dict)
    if not raw:
        return []
    questions = {
        r.doc["id"]: r.doc
        for r in g.store.list(g.tenant, VENDOR, render.QUESTION, parent=str(job_posting_id))
    }
    out: list[tuple[dict[str, Any], str]] = []
    seen: set[int] = set()
    for i, answer in enumerate(raw):
        key = f"answers[{i}]"
        question_id = body_id(answer, "ats_question_id")
        question = questions.get(question_id)  # type: ignore[arg-type]
        if question is None:
            raise conflict(f"{key}: question {question_id} is not asked by this job posting.", key)
        if question_id in seen:
            raise MockError.of(
                "invalid_field", f"{key}: question {question_id} is answered twice.", field=key
            )
        seen.add(question_id)  # type: ignore[arg-type]
        out.append((question, _answer_value(question, answer.get("value"), key)))
    return out


def _answer_value(question: dict[str, Any], value: Any, key: str) -> str:
    kind = question["question_type"]
    options = [o["text"] for o in question.get("options") or ()]
    if kind == "file":
        raise MockError.of("invalid_field", f"{key}: file questions cannot be answered through the API.",
                           field=key)  # fmt: skip
    if kind in ("text", "long_text"):
        if not isinstance(value, str):
            raise MockError.of("invalid_field", f"{key}: the answer to a text question must be a string.",
                               field=key)  # fmt: skip
        return value
    chosen = [value] if isinstance(value, str) else value
    if not isinstance(chosen, list) or not chosen or not all(isinstance(c, str) for c in chosen):
        raise MockError.of("invalid_field", f"{key}: the answer must name the chosen option(s).", field=key)
    if kind == "single_choice" and len(chosen) != 1:
        raise MockError.of("invalid_field", f"{key}: a single-choice question takes one option.", field=key)
    unknown = [c for c in chosen if c not in options]
    if unknown:
        raise MockError.of("invalid_field", f"{key}: {unknown[0]!r} is not an option of this question.",
                           field=key)  # fmt: skip
    return vocab.MULTIPLE_CHOICE_SEPARATOR.join(chosen)


def _save_answers(application_id: int, answers: list[tuple[dict[str, Any], str]]) -> None:
    at = stamp()
    for question, value in answers:
        number = mint(render.ANSWER)
        doc = {
            "id": number,
            "ats_application_id": application_id,
            "ats_question_id": question["id"],
            "original_question_label": question["label"],
            "original_question_type": question["question_type"],
            "value": value,
            "created_at": at,
            "updated_at": at,
        }
        save(render.ANSWER, doc, parent=str(application_id))


def _cv(body: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """(cv metadata, base64 bytes) from a body's `cv`, checked; None when absent."""
    cv = optional(body, "cv", dict)
    if cv is None:
        return None
    filename = text(cv, "filename", required=True)
    content_type = text(cv, "content_type", required=True)
    data = require(cv, "data", str)
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise MockError.of("invalid_field", "'cv.data' must be base64.", field="cv.data") from None
    if not raw:
        raise MockError.of("invalid_field", "'cv.data' is empty.", field="cv.data")
    if len(raw) > MAX_CV_BYTES:
        raise MockError.of("invalid_field", "The CV is larger than 10 MB.", field="cv.data")
    meta = {"filename": filename, "byte_size": len(raw), "content_type": content_type, "created_at": stamp()}
    return meta, data


def _store_cv(application_id: int, cv: tuple[dict[str, Any], str] | None) -> dict[str, Any] | None:
    if cv is None:
        return None
    meta, data = cv
    save(render.CV_FILE, {"id": application_id, "data": data})
    return meta


def _new_application(body: dict[str, Any], cand: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    """Create the application of `cand` to `job` from a create/apply body; returns the doc."""
    existing = g.store.list(g.tenant, VENDOR, render.APPLICATION, parent=str(job["id"]))
    if any(r.doc["ats_candidate_id"] == cand["id"] for r in existing):
        raise conflict("The candidate has already applied to this job posting.", "ats_job_posting_id")
    phase = _phase_for(job["id"], body_id(body, "ats_application_phase_id", required=False),
                       "ats_application_phase_id")  # fmt: skip
    answers = _answers(body, job["id"])
    cv = _cv(body)
    source = text(body, "source")
    number = mint(render.APPLICATION)
    doc = {
        "id": number,
        "company_id": ids.COMPANY_ID,
        "ats_job_posting_id": job["id"],
        "ats_candidate_id": cand["id"],
        "created_at": stamp(),
        "employee_id": None,
        "phone": text(body, "phone") or cand.get("phone_number"),
        "qualified": True,
        "ats_application_phase_id": phase,
        "cover_letter": text(body, "cover_letter"),
        "cv": _store_cv(number, cv),
        "ats_conversation_id": None,
        "medium": text(body, "medium"),
        "rating_average": None,
        "ats_rejection_reason_id": None,
        "source_id": source_id_for(source) if source and source.strip() else cand.get("source_id"),
    }
    save(render.APPLICATION, doc, parent=str(job["id"]))
    _save_answers(number, answers)
    _count(phase, 1, 1)
    jobs = sorted({*(cand.get("ats_job_posting_ids") or ()), job["id"]})
    touch(render.CANDIDATE, cand["id"], "Candidate", ats_job_posting_ids=jobs, talent_pool=False,
          updated_at=stamp())  # fmt: skip
    return doc


def routes(bp: Blueprint, prefix: str) -> None:
    base = f"{prefix}/ats/applications"

    @bp.get(base)
    def list_applications() -> Any:
        job = id_param("ats_job_posting_id")
        phase = id_param("ats_application_phase_id")
        qualified = bool_param("qualified")
        candidates = id_list("ats_candidate_ids")
        reasons = id_list("ats_rejection_reason_ids")
        search = (request.args.get("search") or "").casefold() or None
        who = caller()
        names = _candidate_names() if search else {}

        def where(record: Any) -> bool:
            doc = record.doc
            return all((
                phase is None or doc["ats_application_phase_id"] == phase,
                qualified is None or doc["qualified"] == qualified,
                candidates is None or doc["ats_candidate_id"] in candidates,
                reasons is None or doc["ats_rejection_reason_id"] in reasons,
                search is None or search in names.get(doc["ats_candidate_id"], ""),
                who.sees_job(doc["ats_job_posting_id"]),
            ))  # fmt: skip

        filtered = who.restricted or any(
            v is not None for v in (phase, qualified, candidates, reasons, search)
        )
        return list_response(
            render.APPLICATION,
            parent=str(job) if job is not None else None,
            where=where if filtered else None,
            filters=request_filters(),
            only_ids=id_list("ids"),
        )

    read_route(bp, base, render.APPLICATION, "application", application)

    @bp.post(base)
    @rate_bucket("post")
    def create_application() -> Any:
        body = json_body()
        text(body, "author_type", choices=AUTHOR_TYPES)
        body_id(body, "author_id", required=False)
        job = posting(body_id(body, "ats_job_posting_id"))  # type: ignore[arg-type]
        if job["status"] == "deleted":
            raise conflict("The job posting was deleted.", "ats_job_posting_id")
        candidate_id = body_id(body, "ats_candidate_id")
        try:
            cand = candidate(candidate_id)  # type: ignore[arg-type]
        except MockError:
            raise not_found("Candidate", candidate_id) from None
        doc = _new_application(body, cand, job)
        return serializer().one(render.APPLICATION, doc), 201

    @bp.post(f"{base}/apply")
    @rate_bucket("post")
    def apply() -> Any:
        body = json_body()
        check_company(body, required=False)
        text(body, "email", required=True)
        job = posting(body_id(body, "ats_job_posting_id"))  # type: ignore[arg-type]
        if job["status"] not in ACCEPTING:
            raise conflict(
                f"The job posting is {job['status']} and takes no applications.", "ats_job_posting_id"
            )
        fresh = new_candidate(body, email_key="email", phone_key="phone")
        cand = _candidate_by_email(fresh["email"]) or save_new_candidate(fresh)
        doc = _new_application(body, cand, job)
        return serializer().one(render.APPLICATION, doc)

    @bp.post(f"{base}/move_to_phase")
    @rate_bucket("post")
    def move_to_phase() -> Any:
        if not version().has_move_to_phase:
            raise MockError.of("unknown_route", f"No route POST {request.path}.")
        body = json_body()
        number = body_id(body, "id")
        current = application(number)  # type: ignore[arg-type]
        phase = _phase_for(current["ats_job_posting_id"], body_id(body, "ats_application_phase_id"),
                           "ats_application_phase_id")  # fmt: skip
        doc = _move(current, phase)
        return serializer().one(render.APPLICATION, doc)

    @bp.post(f"{base}/attach_cv")
    @rate_bucket("post")
    def attach_cv() -> Any:
        body = json_body()
        number = body_id(body, "id")
        current = application(number)  # type: ignore[arg-type]
        cv = _cv(body)
        if cv is None:
            raise MockError.of("missing_field", "'cv' is required.", field="cv")
        if current.get("cv"):
            raise conflict(SINGLE_CV, "cv")
        doc = touch(render.APPLICATION, number, "Application", cv=_store_cv(number, cv))  # type: ignore[arg-type]
        return serializer().one(render.APPLICATION, doc)

    @bp.put(f"{base}/<int:raw_id>")
    def update_application(raw_id: int) -> Any:
        number = path_id(raw_id)
        current = application(number)
        body = json_body()
        require_body_id(body)
        text(body, "author_type", choices=AUTHOR_TYPES)
        changes: dict[str, Any] = {}
        if "qualified" in body:
            changes["qualified"] = require(body, "qualified", bool)
        if "ats_rejection_reason_id" in body:
            reason = body_id(body, "ats_rejection_reason_id", required=False)
            if (
                reason is not None
                and g.store.get(g.tenant, VENDOR, render.REJECTION_REASON, str(reason)) is None
            ):
                raise unknown_reference("Rejection reason", reason, "ats_rejection_reason_id")
            changes["ats_rejection_reason_id"] = reason
        for key in ("phone", "disqualified_reason"):
            if key in body:
                changes[key] = text(body, key)
        changes.pop("disqualified_reason", None)  # accepted, not part of the application object
        if "source" in body:
            source = text(body, "source")
            changes["source_id"] = source_id_for(source) if source and source.strip() else None
        if "source_id" in body:
            source_id = body_id(body, "source_id", required=False)
            if source_id is not None and g.store.get(g.tenant, VENDOR, render.CANDIDATE_SOURCE,
                                                     str(source_id)) is None:  # fmt: skip
                raise unknown_reference("Candidate source", source_id, "source_id")
            changes["source_id"] = source_id
        merged = {**current, **changes}
        if "ats_application_phase_id" in body:
            phase = _phase_for(current["ats_job_posting_id"],
                               body_id(body, "ats_application_phase_id", required=False),
                               "ats_application_phase_id")  # fmt: skip
            merged = _move(merged, phase, save_doc=False)
        if current["qualified"] != merged["qualified"]:
            _count(merged["ats_application_phase_id"], 0, -1 if not merged["qualified"] else 1)
        doc = touch(render.APPLICATION, number, "Application", **merged)
        return serializer().one(render.APPLICATION, doc)

    def uncount(doc: dict[str, Any]) -> None:
        _count(doc["ats_application_phase_id"], -1, -1 if doc["qualified"] else 0)

    delete_route(bp, base, render.APPLICATION, "application", application, after=uncount)


def _move(current: dict[str, Any], phase: int | None, *, save_doc: bool = True) -> dict[str, Any]:
    before = current["ats_application_phase_id"]
    active = 1 if current["qualified"] else 0
    if phase != before:
        _count(before, -1, -active)
        _count(phase, 1, active)
    merged = {**current, "ats_application_phase_id": phase}
    if save_doc:
        return touch(render.APPLICATION, current["id"], "Application", **merged)
    return merged


def _candidate_by_email(email: str | None) -> dict[str, Any] | None:
    if not email:
        return None
    wanted = email.casefold()
    for record in g.store.list(g.tenant, VENDOR, render.CANDIDATE):
        if (record.doc.get("email") or "").casefold() == wanted:
            return record.doc
    return None


def _candidate_names() -> dict[int, str]:
    return {
        r.doc["id"]: f"{r.doc['full_name']} {r.doc.get('email') or ''}".casefold()
        for r in g.store.list(g.tenant, VENDOR, render.CANDIDATE)
    }
