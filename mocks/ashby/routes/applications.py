"""Applications (list, info, create, stage and source changes), application-form
submissions, interviews, offers, surveys and completed assessments (result links)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import g, request

from .. import errors, events
from .. import serializers as S
from .. import store_kinds as K
from ..render import iso
from .base import (
    Listing,
    epoch_ms,
    field,
    get_doc,
    json_part,
    lookup,
    paginate,
    put,
    query,
    rpc,
    str_list,
    timestamp_field,
    uuid_field,
)
from .candidates import attach_bytes, create_candidate_doc, new_id, store_candidate
from .jobs import require_stage_of_plan

APPLICATION_STATUSES = ("Hired", "Archived", "Active", "Lead")
OFFER_STATUSES = (
    "WaitingOnApprovalStart", "WaitingOnOfferApproval", "WaitingOnApprovalDefinition",
    "WaitingOnCandidateResponse", "CandidateRejected", "CandidateAccepted", "OfferCancelled",
)  # fmt: skip
ACCEPTANCE_STATUSES = ("Accepted", "Declined", "Pending", "Created", "Cancelled", "WaitingOnResponse")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _created_ms(record: Any) -> int:
    return int(record.created_at.timestamp() * 1000)


def _status_for(stage_type: str) -> str:
    return {"Hired": "Hired", "Archived": "Archived", "Lead": "Lead"}.get(stage_type, "Active")


def application_out(record: Any, expand: list[str] | None = None) -> dict[str, Any]:
    lk = lookup()
    out = S.applications([record], lk)[0]
    out["applicationHistory"] = S.application_history(record.doc)
    expand = expand or []
    if "applicationFormSubmissions" in expand:
        out["applicationFormSubmissions"] = [S.form_submission(s, lk) for s in record.doc.get("formSubmissions", [])]
    if "openings" in expand:
        out["openings"] = []
    if "referrals" in expand:
        out["referrals"] = []
    return out


# --- reads ------------------------------------------------------------------------------------
@rpc("application.list")
def application_list(body: dict[str, Any]) -> Listing:
    created_after = epoch_ms(body, "createdAfter")
    status = field(body, "status", str)
    if status is not None and status not in APPLICATION_STATUSES:
        raise errors.invalid_input(f"status must be one of {', '.join(APPLICATION_STATUSES)}", field="status")
    job_id = uuid_field(body, "jobId")
    str_list(body, "expand", ("openings",))

    def keep(record: Any) -> bool:
        doc = record.doc
        return (
            (created_after is None or _created_ms(record) > created_after)
            and (status is None or doc["status"] == status)
            and (job_id is None or doc["jobId"] == job_id)
        )

    filtered = created_after is not None or status is not None or job_id is not None
    records = query(K.APPLICATION, where=keep if filtered else None,
                    filters={"createdAfter": created_after, "status": status, "jobId": job_id})  # fmt: skip
    lk = lookup()
    return paginate(body, records, lambda rs: S.applications(rs, lk))


@rpc("application.info")
def application_info(body: dict[str, Any]) -> dict[str, Any]:
    expand = str_list(body, "expand", ("openings", "applicationFormSubmissions", "referrals")) or []
    app_id = uuid_field(body, "applicationId")
    if app_id is None:
        form_id = uuid_field(body, "submittedFormInstanceId")
        if form_id is None:
            raise errors.invalid_input("Provide applicationId or submittedFormInstanceId.")
        submission = get_doc(K.FORM_SUBMISSION, form_id, "submitted_form_instance")
        app_id = submission.doc["applicationId"]
    return application_out(get_doc(K.APPLICATION, app_id, "application"), expand)


# --- writes -----------------------------------------------------------------------------------
def _stages_of(plan_id: str) -> list[Any]:
    stages = g.store.list(g.tenant, "ashby", K.INTERVIEW_STAGE, parent=plan_id)
    return sorted(stages, key=lambda r: r.doc["orderInInterviewPlan"])


def _history_entry(app_id: str, n: int, stage: dict[str, Any], at: str) -> dict[str, Any]:
    from ..ids import native_id

    return {"id": native_id("application", f"{app_id}/history/{n}"), "stageId": stage["id"],
            "title": stage["title"], "enteredStageAt": at, "stageNumber": n, "allowedActions": ["none"]}  # fmt: skip


def new_application(candidate: Any, job: Any, stage: dict[str, Any], *, source_id: str | None = None,
                    credited_to: str | None = None, via_posting: str | None = None,
                    created_at: datetime | None = None) -> Any:  # fmt: skip
    """Create an application (and link it on its candidate); returns the stored record."""
    app_id = new_id(K.APPLICATION)
    for other in g.store.list(g.tenant, "ashby", K.APPLICATION, parent=candidate.id):
        if other.doc["jobId"] == job.id:
            raise errors.business_error("duplicate_application", "The candidate already has an application for this job.")
    entered = iso(created_at or g.clock.now())
    doc = {
        "id": app_id,
        "candidateId": candidate.id,
        "jobId": job.id,
        "interviewPlanId": stage["interviewPlanId"],
        "currentInterviewStageId": stage["id"],
        "status": _status_for(stage["type"]),
        "customFields": {},
        "applicationHistory": [_history_entry(app_id, 0, stage, entered)],
    }
    for key, value in (("sourceId", source_id), ("creditedToUserId", credited_to), ("appliedViaJobPostingId", via_posting)):
        if value:
            doc[key] = value
    record = g.store.put(g.tenant, "ashby", K.APPLICATION, app_id, doc, parent=candidate.id, at=g.clock.now(),
                         created_at=created_at)  # fmt: skip
    cand = dict(candidate.doc)
    cand["applicationIds"] = [*cand["applicationIds"], app_id]
    put(K.CANDIDATE, cand)
    events.application_event("applicationSubmit", record)
    return record


@rpc("application.create")
def application_create(body: dict[str, Any]) -> dict[str, Any]:
    candidate = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    job = get_doc(K.JOB, uuid_field(body, "jobId", required=True), "job")
    plan_id = uuid_field(body, "interviewPlanId") or job.doc["defaultInterviewPlanId"]
    if plan_id not in job.doc["interviewPlanIds"]:
        raise errors.not_found("interview_plan", plan_id)
    stage_id = uuid_field(body, "interviewStageId")
    stages = _stages_of(plan_id)
    if stage_id is not None:
        stage = require_stage_of_plan(stage_id, plan_id).doc
    else:
        # Without a stage Ashby starts at the plan's first Lead stage (else its first stage).
        stage = next((s.doc for s in stages if s.doc["type"] == "Lead"), stages[0].doc if stages else None)
        if stage is None:
            raise errors.not_found("interview_stage", None)
    if stage["type"] == "Archived":
        raise errors.invalid_input("An application cannot be created in an archived stage.")
    source_id = uuid_field(body, "sourceId")
    if source_id is not None:
        get_doc(K.SOURCE, source_id, "source")
    credited = uuid_field(body, "creditedToUserId")
    if credited is not None:
        get_doc(K.USER, credited, "user")
    created_at = timestamp_field(body, "createdAt")
    if field(body, "applicationHistory", list):
        # Back-filling history needs the key setting "Allow updating application history?".
        raise errors.invalid_input("applicationHistory is not allowed for this API key.")
    record = new_application(candidate, job, stage, source_id=source_id, credited_to=credited, created_at=created_at)
    return application_out(record)


@rpc("application.changeStage")
def application_change_stage(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.APPLICATION, uuid_field(body, "applicationId", required=True), "application")
    stage_id = uuid_field(body, "interviewStageId", required=True)
    stage = get_doc(K.INTERVIEW_STAGE, stage_id, "interview_stage").doc
    if stage["interviewPlanId"] != record.doc["interviewPlanId"]:
        raise errors.invalid_input("The interview stage is not part of the application's interview plan.")
    reason_id = uuid_field(body, "archiveReasonId")
    archive_email = field(body, "archiveEmail", dict)
    archiving = stage["type"] == "Archived"
    if archiving and reason_id is None:
        raise errors.invalid_input("Archive reason ID is required for archive stages", field="archiveReasonId")
    if not archiving and (reason_id is not None or archive_email is not None):
        raise errors.invalid_input("Archive fields are not allowed for non-archive stages")
    if reason_id is not None:
        get_doc(K.ARCHIVE_REASON, reason_id, "archive_reason")
    if archive_email is not None:
        template = uuid_field(archive_email, "communicationTemplateId", required=True)
        # The sandbox has no communication templates, so every id is unknown.
        raise errors.not_found("communication_template", template)
    doc = dict(record.doc)
    now = iso(g.clock.now())
    history = [dict(h) for h in doc.get("applicationHistory", [])]
    if history and "leftStageAt" not in history[-1]:
        history[-1]["leftStageAt"] = now
    history.append(_history_entry(doc["id"], len(history), stage, now))
    doc.update(currentInterviewStageId=stage_id, status=_status_for(stage["type"]), applicationHistory=history)
    if archiving:
        doc.update(archiveReasonId=reason_id, archivedAt=now)
    else:
        doc.pop("archiveReasonId", None)
        doc.pop("archivedAt", None)
    saved = put(K.APPLICATION, doc, parent=doc["candidateId"])
    events.stage_changed(saved)
    return application_out(saved)


@rpc("application.changeSource")
def application_change_source(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.APPLICATION, uuid_field(body, "applicationId", required=True), "application")
    if "sourceId" not in body:
        raise errors.invalid_input("Missing required field: sourceId", field="sourceId")
    source_id = uuid_field(body, "sourceId")  # null unsets the source
    if source_id is not None:
        get_doc(K.SOURCE, source_id, "source")
    doc = dict(record.doc)
    if source_id is None:
        doc.pop("sourceId", None)
    else:
        doc["sourceId"] = source_id
    saved = put(K.APPLICATION, doc, parent=doc["candidateId"])
    events.application_event("applicationUpdate", saved)
    return application_out(saved)


# --- application forms ---------------------------------------------------------------------------
def _form_fields(posting: Any) -> dict[str, dict[str, Any]]:
    form = S.application_form(lookup(), posting.doc)
    return {entry["field"]["path"]: entry for section in form["sections"] for entry in section["fields"]}


def _checked_value(entry: dict[str, Any], value: Any, files: dict[str, Any]) -> Any:
    spec = entry["field"]
    kind, path = spec["type"], spec["path"]
    allowed = {v["value"] for v in spec.get("selectableValues", [])}

    def bad(why: str) -> errors.MockError:
        return errors.invalid_input(f"Invalid value for {spec['title']} ({path}): {why}", field=path)

    if kind == "Boolean":
        if not isinstance(value, bool):
            raise bad("expected a boolean")
    elif kind == "Number":
        if isinstance(value, bool) or not isinstance(value, int | float) or (isinstance(value, float) and not value.is_integer()):
            raise bad("expected an integer")
        value = int(value)
    elif kind == "Date":
        try:
            date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            raise bad("expected a date YYYY-MM-DD") from None
    elif kind == "Email":
        if not isinstance(value, str) or not _EMAIL.match(value):
            raise bad("expected an email address")
    elif kind == "ValueSelect":
        if value not in allowed:
            raise bad("not one of the field's selectable values")
    elif kind == "MultiValueSelect":
        if not isinstance(value, list) or not value or any(v not in allowed for v in value):
            raise bad("expected a list of the field's selectable values")
    elif kind == "File":
        if not isinstance(value, str) or value not in files:
            raise bad("expected the name of a file part of this request")
    elif not isinstance(value, str):
        raise bad("expected a string")
    return value


@rpc("applicationForm.submit")
def application_form_submit(body: dict[str, Any]) -> dict[str, Any]:
    posting = get_doc(K.JOB_POSTING, uuid_field(body, "jobPostingId", required=True), "job_posting")
    allow = (body.get("allowSubmissionForUnpublishedJobPosting") or "true").lower() != "false"
    if not posting.doc["isPublished"] and not allow:
        raise errors.business_error("job_posting_not_published", "The job posting is not published.")
    form = json_part(body, "applicationForm")
    if not isinstance(form, dict) or not isinstance(form.get("fieldSubmissions"), list):
        raise errors.invalid_input("applicationForm.fieldSubmissions is required", field="applicationForm")
    fields = _form_fields(posting)
    files = dict(request.files.items())
    values: dict[str, Any] = {}
    for i, item in enumerate(form["fieldSubmissions"]):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or "value" not in item:
            raise errors.invalid_input(f"fieldSubmissions[{i}] needs a path and a value", field="applicationForm")
        entry = fields.get(item["path"])
        if entry is None:
            raise errors.invalid_input(f"Unknown form field path {item['path']!r}", field="applicationForm")
        values[item["path"]] = _checked_value(entry, item["value"], files)
    missing = [entry["field"]["title"] for path, entry in fields.items() if entry["isRequired"] and path not in values]
    if missing:
        raise errors.invalid_input(f"Missing required fields: {', '.join(missing)}", field="applicationForm")
    tag_ids = json_part(body, "tagIds") or []
    if not isinstance(tag_ids, list):
        raise errors.invalid_input("tagIds must be a JSON array", field="tagIds")
    for tag_id in tag_ids:
        get_doc(K.CANDIDATE_TAG, tag_id if isinstance(tag_id, str) else None, "tag")
    utm = json_part(body, "utmData")
    if utm is not None and not isinstance(utm, dict):
        raise errors.invalid_input("utmData must be a JSON object", field="utmData")

    candidate = _find_or_create_candidate(values)
    if tag_ids:
        cand = dict(candidate.doc)
        cand["tagIds"] = [*cand["tagIds"], *(t for t in tag_ids if t not in cand["tagIds"])]
        candidate = put(K.CANDIDATE, cand)
    stored: dict[str, Any] = {}
    contents: dict[str, bytes] = {}  # a part read once, however many fields name it
    for path, value in values.items():
        kind = fields[path]["field"]["type"]
        if kind == "File":
            upload = files[value]
            data = contents.setdefault(value, upload.read())
            candidate = attach_bytes(candidate, upload.filename or value, upload.mimetype or "application/octet-stream",
                                     data, resume=path == "_systemfield_resume")  # fmt: skip
            file_entry = candidate.doc["files"][-1]
            stored[path] = S._handle(file_entry)
        else:
            stored[path] = value
    job = get_doc(K.JOB, posting.doc["jobId"], "job")
    stages = _stages_of(job.doc["defaultInterviewPlanId"])
    # A form submission enters the pipeline at its first stage after the leads.
    stage = next((s.doc for s in stages if s.doc["type"] not in ("Lead", "Archived")), stages[0].doc)
    application = new_application(candidate, job, stage, via_posting=posting.id)
    submission_id = new_id(K.FORM_SUBMISSION)
    submission = {"id": submission_id, "applicationId": application.id, "jobPostingId": posting.id,
                  "submittedValues": stored}  # fmt: skip
    if utm:
        submission["utmData"] = utm
    put(K.FORM_SUBMISSION, submission, parent=application.id)
    app_doc = dict(application.doc)
    app_doc["formSubmissions"] = [*app_doc.get("formSubmissions", []),
                                  {k: submission[k] for k in ("id", "jobPostingId", "submittedValues")}]  # fmt: skip
    put(K.APPLICATION, app_doc, parent=app_doc["candidateId"])
    return {"submittedFormInstance": S.form_submission(submission, lookup()), "formMessages": {"blocked": False}}


def _find_or_create_candidate(values: dict[str, Any]) -> Any:
    """A submission's candidate: an existing one with the same email, else a new one."""
    email = values.get("_systemfield_email")
    if email:
        for record in g.store.list(g.tenant, "ashby", K.CANDIDATE):
            if any(e["value"].lower() == email.lower() for e in record.doc["emailAddresses"]):
                return record
    body = {"name": values.get("_systemfield_name", ""), "email": email, "phoneNumber": values.get("_systemfield_phone")}
    doc, _ = create_candidate_doc({k: v for k, v in body.items() if v})
    return store_candidate(doc)


# --- interviews, offers, surveys, assessments ------------------------------------------------------
@rpc("interview.list")
def interview_list(body: dict[str, Any]) -> Listing:
    archived = bool(field(body, "includeArchived", bool, default=False))
    for key in ("includeNonSharedInterviews", "excludeArchivedScheduleTemplateInterviews"):
        field(body, key, bool)
    records = query(K.INTERVIEW, where=None if archived else (lambda r: not r.doc["isArchived"]),
                    filters={"includeArchived": archived})  # fmt: skip
    return paginate(body, records, lambda rs: [S.plain(r) for r in rs])


@rpc("interviewSchedule.list")
def interview_schedule_list(body: dict[str, Any]) -> Listing:
    created_after = epoch_ms(body, "createdAfter")
    app_id = uuid_field(body, "applicationId")
    stage_id = uuid_field(body, "interviewStageId")

    def keep(record: Any) -> bool:
        return (created_after is None or _created_ms(record) > created_after) and (
            stage_id is None or record.doc["interviewStageId"] == stage_id
        )

    filtered = created_after is not None or stage_id is not None
    records = query(K.INTERVIEW_SCHEDULE, parent=app_id, where=keep if filtered else None,
                    filters={"createdAfter": created_after, "interviewStageId": stage_id})  # fmt: skip
    lk = lookup()
    return paginate(body, records, lambda rs: [S.interview_schedule(r, lk) for r in rs])


@rpc("offer.list")
def offer_list(body: dict[str, Any]) -> Listing:
    offer_statuses = str_list(body, "offerStatus", OFFER_STATUSES)
    acceptance = str_list(body, "acceptanceStatus", ACCEPTANCE_STATUSES)
    app_id = uuid_field(body, "applicationId")

    def keep(record: Any) -> bool:
        doc = record.doc
        return (not offer_statuses or doc.get("offerStatus") in offer_statuses) and (
            not acceptance or doc["acceptanceStatus"] in acceptance
        )

    filtered = bool(offer_statuses or acceptance)
    records = query(K.OFFER, parent=app_id, where=keep if filtered else None,
                    filters={"offerStatus": offer_statuses, "acceptanceStatus": acceptance})  # fmt: skip
    lk = lookup()
    return paginate(body, records, lambda rs: [S.offer(r, lk) for r in rs])


@rpc("surveySubmission.list")
def survey_submission_list(body: dict[str, Any]) -> Listing:
    # Only these two types can be listed: EEOC and Diversity answers are never readable.
    survey_type = field(body, "surveyType", str, required=True)
    if survey_type not in ("CandidateExperience", "Questionnaire"):
        raise errors.invalid_input("surveyType must be CandidateExperience or Questionnaire", field="surveyType")
    records = query(K.SURVEY_SUBMISSION, where=lambda r: r.doc["surveyType"] == survey_type,
                    filters={"surveyType": survey_type})  # fmt: skip
    lk = lookup()
    return paginate(body, records, lambda rs: [S.survey_submission(r, lk) for r in rs])


_RESULT_TYPES = ("numeric_score", "numeric_duration_minutes", "url", "string", "boolean_success")


def _assessment_value(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise errors.invalid_input(f"{where} must be an object", field=where)
    out: dict[str, Any] = {}
    for key in ("identifier", "label", "type"):
        out[key] = field(item, key, str, required=True)
    if out["type"] not in _RESULT_TYPES:
        raise errors.invalid_input(f"{where}.type must be one of {', '.join(_RESULT_TYPES)}", field=where)
    description = field(item, "description", str)
    if description is not None:
        out["description"] = description
    value = item.get("value")
    if value is None or isinstance(value, dict | list):
        raise errors.invalid_input(f"{where}.value must be a string, number or boolean", field=where)
    out["value"] = value
    return out


@rpc("assessment.addCompletedToCandidate")
def assessment_add_completed(body: dict[str, Any]) -> dict[str, Any]:
    candidate = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    partner_id = uuid_field(body, "partnerId", required=True)
    assessment = field(body, "assessment", dict, required=True)
    type_id = uuid_field(assessment, "assessmentTypeId", required=True)
    assessment_id = uuid_field(assessment, "assessmentId", required=True)
    name = field(assessment, "assessmentName", str, required=True)
    result = _assessment_value(assessment.get("result"), "assessment.result")
    metadata_in = field(assessment, "metadata", list, required=True)
    metadata = [_assessment_value(m, f"assessment.metadata[{i}]") for i, m in enumerate(metadata_in)]
    timestamp = field(body, "timestamp", int, required=True)
    applications = g.store.list(g.tenant, "ashby", K.APPLICATION, parent=candidate.id)
    live = [a for a in applications if a.doc["status"] != "Archived"] or applications
    out: dict[str, Any] = {
        "assessmentId": assessment_id,
        "assessmentName": name,
        "assessmentTypeId": type_id,
        "candidateId": candidate.id,
        "metadata": metadata,
        "result": result,
    }
    if live:
        # The candidate's most recent active application (else most recent) gets the result.
        out["applicationId"] = live[-1].id
    doc = {**out, "id": new_id(K.ASSESSMENT), "partnerId": partner_id, "timestamp": timestamp}
    put(K.ASSESSMENT, doc, parent=candidate.id)
    return out

