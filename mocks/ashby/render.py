"""World -> Ashby's native documents in the store.

Documents are Ashby objects as Ashby keeps them: flat, pointing at each other by id (a job
names its location, an application its candidate and stage). `serializers.py` turns them
into the wire JSON of each endpoint, embedding what Ashby embeds. Record times (created,
updated, deleted) are the world's, so `createdAt` / `updatedAt` and the change sequence
behind sync tokens follow the world.

How the world's objects become Ashby's (the vendor's own model, reference §4):
- each job gets its own interview plan; the job's stages are that plan's interview stages,
  typed by kind (a rejected stage is an `Archived` stage, reached with an archive reason);
- a posting is published when ACTIVE; INTERNAL postings sit on the internal job board
  (no externalLink), UNLISTED ones on the external board with isListed false;
- a job's screening questions are the application form of its postings; EEO and
  demographic questions go to survey forms (EEOC / Diversity) attached to the postings,
  one form per distinct set of such questions;
- an application with answers has an application-form submission; its EEO/demographic
  answers are survey submissions, which Ashby's API never reads back;
- an interview is an interview schedule with one event; its interview (definition) is the
  shared one named after its stage;
- deleted users, candidates, applications, jobs (with their postings and interview plans),
  interviews, offers, notes and stages removed from a pipeline are gone (soft-deleted in
  the store); deleted tags and rejection reasons are archived instead, because Ashby
  archives those rather than deleting them.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from atsbox.fixtures.model import (
    Application,
    Candidate,
    CustomFieldDef,
    Interview,
    Job,
    JobPosting,
    JobQuestion,
    Question,
    Timestamps,
    World,
)

from . import vocab
from .ids import file_handle, native_id
from .store_kinds import (
    APPLICATION,
    ARCHIVE_REASON,
    CANDIDATE,
    CANDIDATE_TAG,
    CUSTOM_FIELD,
    DEPARTMENT,
    FILE,
    FORM_FIELD,
    FORM_SUBMISSION,
    INTERVIEW,
    INTERVIEW_PLAN,
    INTERVIEW_SCHEDULE,
    INTERVIEW_STAGE,
    JOB,
    JOB_POSTING,
    LOCATION,
    NOTE,
    OFFER,
    SOURCE,
    SURVEY_FORM,
    SURVEY_SUBMISSION,
    USER,
)

Row = tuple[str, dict[str, Any], str | None, datetime, datetime, datetime | None]
JOB_BOARD = "https://jobs.ashbyhq.com"


def iso(moment: datetime) -> str:
    """Ashby's timestamp form: UTC, milliseconds, `Z` (times here are UTC already)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_date_as_time(day: date | str) -> str:
    """A calendar date in Ashby's date-time form (custom Date fields, offer start dates)."""
    text = day.isoformat() if isinstance(day, date) else day
    return f"{text}T00:00:00.000Z"


def _row(id_: str, doc: dict[str, Any], times: Timestamps, parent: str | None = None, *,
         hide_deleted: bool = True) -> Row:  # fmt: skip
    deleted = times.deleted_at if hide_deleted else None
    return (id_, doc, parent, times.created_at, times.updated_at, deleted)


def _compact(doc: dict[str, Any]) -> dict[str, Any]:
    # Ashby's schema types optional fields as plain strings/objects: absent, never null.
    return {k: v for k, v in doc.items() if v is not None}


class Renderer:
    """Renders one world for one tenant. `rows()` yields (kind, rows) in dependency order."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.owner = world.users[0].id if world.users else None
        self.questions = {q.id: q for q in world.questions}
        self.cf_defs = {cf.key: cf for cf in world.custom_fields}
        self.stage_kind = {s.id: s.kind for job in world.jobs for s in job.stages}
        self.stage_name = {s.id: s.name for job in world.jobs for s in job.stages}
        self.jobs_by_id = {job.id: job for job in world.jobs}
        self.survey_form_ids: dict[tuple[str, tuple[tuple[str, bool], ...]], str] = {}
        self.job_surveys: dict[str, list[str]] = {}
        self.attachment_owner = {a.id: c for c in world.candidates for a in c.attachments}

    # -- helpers -------------------------------------------------------------------------
    def custom_values(self, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in values.items():
            cf = self.cf_defs.get(key)
            if cf is None:
                continue
            out[native_id("custom_field", cf.id)] = iso_date_as_time(value) if cf.type == "date" else value
        return out

    # -- organisation --------------------------------------------------------------------
    def users(self) -> Iterable[Row]:
        for u in self.world.users:
            doc = {
                "id": native_id("user", u.id),
                "firstName": u.first_name,
                "lastName": u.last_name,
                "email": u.email,
                "globalRole": vocab.global_role(list(u.roles)),
                "isEnabled": u.status == "ACTIVE",
            }
            yield _row(doc["id"], doc, u.times)

    def departments(self) -> Iterable[Row]:
        for dep in self.world.departments:
            doc = _compact(
                {
                    "id": native_id("department", dep.id),
                    "name": dep.name,
                    "isArchived": False,
                    "parentId": native_id("department", dep.parent_id) if dep.parent_id else None,
                }
            )
            yield _row(doc["id"], doc, dep.times)

    def locations(self) -> Iterable[Row]:
        for office in self.world.offices:
            a = office.address
            postal = _compact(
                {
                    "addressCountry": vocab.country_name(a.country),
                    "addressRegion": a.region,
                    "addressLocality": a.city,
                    "postalCode": a.zip_code,
                    "streetAddress": a.street,
                }
            )
            doc = _compact(
                {
                    "id": native_id("office", office.id),
                    "name": office.name,
                    "isArchived": False,
                    "address": {"postalAddress": postal} if postal else None,
                    "isRemote": office.remote,
                    "workplaceType": "Remote" if office.remote else "OnSite",
                    "type": "Location",
                }
            )
            yield _row(doc["id"], doc, office.times)

    def archive_reasons(self) -> Iterable[Row]:
        for r in self.world.rejection_reasons:
            doc = {
                "id": native_id("rejection_reason", r.id),
                "text": r.name,
                "reasonType": "RejectedByCandidate" if r.by_candidate else "RejectedByOrg",
                # Ashby archives reasons rather than deleting them.
                "isArchived": r.times.deleted_at is not None,
            }
            yield _row(doc["id"], doc, r.times, hide_deleted=False)

    def tags(self) -> Iterable[Row]:
        for t in self.world.tags:
            doc = {"id": native_id("tag", t.id), "title": t.name, "isArchived": t.times.deleted_at is not None}
            yield _row(doc["id"], doc, t.times, hide_deleted=False)

    def sources(self) -> Iterable[Row]:
        for s in self.world.sources:
            type_title = vocab.SOURCE_TYPE[s.kind]
            doc = {
                "id": native_id("source", s.id),
                "title": s.name,
                "isArchived": False,
                "sourceType": {"id": native_id("source_type", s.kind), "title": type_title, "isArchived": False},
            }
            yield _row(doc["id"], doc, s.times)

    def custom_fields(self) -> Iterable[Row]:
        anchor = self.world.anchor
        for cf in self.world.custom_fields:
            yield self.custom_field_row(cf, anchor)

    @staticmethod
    def custom_field_row(cf: CustomFieldDef, anchor: datetime) -> Row:
        doc: dict[str, Any] = {
            "id": native_id("custom_field", cf.id),
            "isPrivate": False,
            "title": cf.label,
            "objectType": vocab.CUSTOM_FIELD_OBJECT[cf.object],
            "isArchived": False,
            "fieldType": vocab.CUSTOM_FIELD_TYPE[cf.type],
        }
        if cf.options:
            doc["selectableValues"] = [{"label": o, "value": o, "isArchived": False} for o in cf.options]
        times = Timestamps(created_at=anchor, updated_at=anchor)
        return _row(doc["id"], doc, times)

    # -- questions and surveys -----------------------------------------------------------
    def form_fields(self) -> Iterable[Row]:
        for q in self.world.questions:
            yield _row(native_id("question", q.id), self.form_field(q), q.times)

    @staticmethod
    def form_field(q: Question) -> dict[str, Any]:
        """One form field definition (shared by every form that asks the question)."""
        path = native_id("question", q.id)
        field: dict[str, Any] = {
            "id": path,
            "type": vocab.question_field_type(q.format.type, q.format.display_type),
            "path": path,
            "humanReadablePath": q.title,
            "title": q.title,
            "isNullable": True,
        }
        if q.format.options:
            field["selectableValues"] = [
                {"label": o.name, "value": native_id("option", o.id)} for o in q.format.options
            ]
        doc: dict[str, Any] = {"field": field}
        if q.description:
            doc["descriptionHtml"] = q.description
            doc["descriptionPlain"] = vocab.plain_text(q.description)
        return doc

    def form_entry(self, jq: JobQuestion) -> dict[str, Any]:
        """A job's use of a question: the field path, required, and its display condition."""
        entry: dict[str, Any] = {"path": native_id("question", jq.question_id), "isRequired": jq.required}
        if jq.precondition_question_id:
            gate = self.questions[jq.precondition_question_id]
            options = jq.precondition_options or []
            values = [o if isinstance(o, bool) else native_id("option", o) for o in options]
            entry["condition"] = {"path": native_id("question", gate.id), "values": values}
        return entry

    def survey_forms(self) -> Iterable[Row]:
        """One survey form per distinct set of (question, required) of one survey type."""
        anchor = self.world.anchor
        for job in self.world.jobs:
            by_type: dict[str, list[JobQuestion]] = defaultdict(list)
            for jq in sorted(job.questions, key=lambda x: x.index):
                category = self.questions[jq.question_id].category
                if category is not None:
                    by_type[vocab.SURVEY_TYPE[category]].append(jq)
            form_ids = []
            for survey_type in ("EEOC", "Diversity"):
                entries = by_type.get(survey_type)
                if not entries:
                    continue
                key = (survey_type, tuple((jq.question_id, jq.required) for jq in entries))
                form_id = self.survey_form_ids.get(key)
                if form_id is None:
                    n = sum(1 for k in self.survey_form_ids if k[0] == survey_type) + 1
                    form_id = native_id("survey_form", f"{survey_type}/{n}")
                    self.survey_form_ids[key] = form_id
                    label = "EEO" if survey_type == "EEOC" else "Diversity"
                    doc = {
                        "id": form_id,
                        "title": f"{label} survey {n}",
                        "surveyType": survey_type,
                        "isArchived": False,
                        "isDefaultForm": n == 1,
                        "fields": [self.form_entry(jq) for jq in entries],
                    }
                    yield _row(form_id, doc, Timestamps(created_at=anchor, updated_at=anchor))
                form_ids.append(form_id)
            self.job_surveys[job.id] = form_ids

    # -- jobs ----------------------------------------------------------------------------
    def interview_plans(self) -> Iterable[Row]:
        for job in self.world.jobs:
            plan_id = native_id("interview_plan", job.id)
            doc = {"id": plan_id, "title": f"{job.name} interview plan", "isArchived": False}
            yield _row(plan_id, doc, job.times)

    def interview_stages(self) -> Iterable[Row]:
        for job in self.world.jobs:
            plan_id = native_id("interview_plan", job.id)
            for stage in job.stages:
                stage_type = vocab.STAGE_TYPE[stage.kind]
                doc = {
                    "id": native_id("stage", stage.id),
                    "title": stage.name,
                    "type": stage_type,
                    "orderInInterviewPlan": stage.index,
                    "interviewStageGroupId": native_id("stage_group", stage_type),
                    "interviewPlanId": plan_id,
                }
                # A stage removed from the job's pipeline is gone from its interview plan.
                removed = getattr(stage, "deleted_at", None)
                times = Timestamps(job.times.created_at, job.times.created_at, removed)
                yield _row(doc["id"], doc, times, plan_id)

    def jobs(self) -> Iterable[Row]:
        for job in self.world.jobs:
            yield _row(native_id("job", job.id), self.job(job), job.times)

    def job(self, job: Job) -> dict[str, Any]:
        team = [
            {"userId": native_id("user", m.user_id), "role": vocab.ROLE_TITLE[role]}
            for m in job.hiring_team
            for role in m.roles
        ]
        salary = job.salary
        compensation = None
        if salary.period is not None and salary.currency is not None:
            low = salary.amount_from if salary.amount_from is not None else salary.amount
            high = salary.amount_to if salary.amount_to is not None else salary.amount
            compensation = {
                "currencyCode": salary.currency,
                "interval": vocab.SALARY_INTERVAL[salary.period],
                "minValue": low,
                "maxValue": high,
            }
        return _compact(
            {
                "id": native_id("job", job.id),
                "title": job.name,
                "confidential": job.confidential,
                "status": vocab.JOB_STATUS[job.status],
                # Ashby requires an employment type; a job without one is full-time there.
                "employmentType": vocab.EMPLOYMENT_TYPE[job.employment_type or "FULL_TIME"],
                "locationId": native_id("office", job.office_ids[0]) if job.office_ids else None,
                "secondaryLocationIds": [native_id("office", o) for o in job.office_ids[1:]],
                "departmentId": native_id("department", job.department_ids[0]) if job.department_ids else None,
                "defaultInterviewPlanId": native_id("interview_plan", job.id),
                "interviewPlanIds": [native_id("interview_plan", job.id)],
                "customFields": self.custom_values(job.custom_fields),
                # Deleted postings stay listed here; the serializer shows only the live ones.
                "jobPostingIds": [native_id("posting", p.id) for p in job.postings],
                "hiringTeam": team,
                "openedAt": iso(job.opened_at) if job.opened_at else None,
                "closedAt": iso(job.closed_at) if job.closed_at else None,
                "compensation": compensation,
                "workplaceType": vocab.WORKPLACE_TYPE.get(job.remote_work_status or ""),
            }
        )

    def postings(self) -> Iterable[Row]:
        for job in self.world.jobs:
            for posting in job.postings:
                doc = self.posting(job, posting)
                # A deleted job's postings go with it.
                times = posting.times
                if job.times.deleted_at is not None and times.deleted_at is None:
                    times = Timestamps(times.created_at, times.updated_at, job.times.deleted_at)
                yield _row(doc["id"], doc, times, native_id("job", job.id))

    def posting(self, job: Job, posting: JobPosting) -> dict[str, Any]:
        published = posting.status == "ACTIVE"
        internal = posting.visibility == "INTERNAL"
        questions = sorted(job.questions, key=lambda x: x.index)
        form = [self.form_entry(jq) for jq in questions if self.questions[jq.question_id].category is None]
        posting_id = native_id("posting", posting.id)
        return _compact(
            {
                "id": posting_id,
                "jobId": native_id("job", job.id),
                "title": posting.title,
                "descriptionHtml": posting.description_html,
                "isPublished": published,
                "isListed": posting.visibility == "PUBLIC",
                "jobBoard": "internal" if internal else "external",
                # Every posting on the external board has its job-board page, published or not.
                "externalLink": None if internal else posting.url or f"{JOB_BOARD}/{self.world.company_slug}/{posting_id}",
                "publishedDate": posting.times.created_at.date().isoformat(),
                "formFields": form,
                "surveyFormIds": self.job_surveys.get(job.id, []),
            }
        )

    # -- people --------------------------------------------------------------------------
    def candidates(self, app_ids: dict[str, list[str]]) -> Iterable[Row]:
        for c in self.world.candidates:
            yield _row(native_id("candidate", c.id), self.candidate(c, app_ids.get(c.id, [])), c.times)

    def candidate(self, c: Candidate, application_ids: list[str]) -> dict[str, Any]:
        cv = next((a for a in c.attachments if a.type == "CV"), None)
        location = None
        if c.address is not None:
            location = _compact(
                {"city": c.address.city, "region": c.address.region, "country": vocab.country_name(c.address.country)}
            )
        return _compact(
            {
                "id": native_id("candidate", c.id),
                "name": f"{c.first_name} {c.last_name}",
                "emailAddresses": [
                    {"value": e.address, "type": vocab.EMAIL_TYPE[e.type], "isPrimary": i == 0}
                    for i, e in enumerate(c.emails)
                ],
                "phoneNumbers": [
                    {"value": p.number, "type": vocab.PHONE_TYPE[p.type], "isPrimary": i == 0}
                    for i, p in enumerate(c.phones)
                ],
                "socialLinks": [{"type": vocab.SOCIAL_TYPE[s.type], "url": s.url} for s in c.social_links],
                "tagIds": [native_id("tag", t) for t in c.tag_ids],
                "position": c.title,
                "company": c.company,
                "applicationIds": application_ids,
                "resumeFileId": native_id("attachment", cv.id) if cv else None,
                "files": [{"id": native_id("attachment", a.id), "name": a.file_name} for a in c.attachments],
                "customFields": self.custom_values(c.custom_fields),
                "sourceId": native_id("source", c.source_id) if c.source_id else None,
                "location": location or None,
            }
        )

    def files(self) -> Iterable[Row]:
        for c in self.world.candidates:
            cand_id = native_id("candidate", c.id)
            for a in c.attachments:
                doc = {
                    "id": native_id("attachment", a.id),
                    "name": a.file_name,
                    "contentType": a.content_type,
                    "candidateId": cand_id,
                    "data": base64.b64encode(a.data).decode("ascii"),
                }
                yield _row(doc["id"], doc, a.times, cand_id)

    # -- applications ------------------------------------------------------------------------
    def applications(self, forms: list[Row]) -> Iterable[Row]:
        # Each application keeps a copy of its (immutable) form submissions, so
        # application.info reads one document.
        by_app: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for _id, form, parent, *_ in forms:
            by_app[parent or ""].append({k: form[k] for k in ("id", "jobPostingId", "submittedValues")})
        for app in self.world.applications:
            doc = self.application(app)
            if by_app.get(doc["id"]):
                doc["formSubmissions"] = by_app[doc["id"]]
            yield _row(doc["id"], doc, app.times, doc["candidateId"])

    def applied_via(self, app: Application) -> JobPosting | None:
        """The posting an inbound application came through: the job's first posting."""
        first_stage = app.history[0].stage_id if app.history else app.stage_id
        if self.stage_kind.get(first_stage) == "lead":
            return None
        job = self.jobs_by_id[app.job_id]
        visible = [p for p in job.postings if p.times.deleted_at is None]
        return visible[0] if visible else None

    def application(self, app: Application) -> dict[str, Any]:
        kind = self.stage_kind[app.stage_id]
        status = {"hired": "Hired", "rejected": "Archived", "lead": "Lead"}.get(kind, "Active")
        via = self.applied_via(app)
        history = []
        for n, change in enumerate(app.history):
            left = app.history[n + 1].entered_at if n + 1 < len(app.history) else None
            history.append(
                _compact(
                    {
                        "id": native_id("application", f"{app.id}/history/{n}"),
                        "stageId": native_id("stage", change.stage_id),
                        "title": self.stage_name[change.stage_id],
                        "enteredStageAt": iso(change.entered_at),
                        "leftStageAt": iso(left) if left else None,
                        "stageNumber": n,
                        "allowedActions": ["none"],
                    }
                )
            )
        return _compact(
            {
                "id": native_id("application", app.id),
                "candidateId": native_id("candidate", app.candidate_id),
                "jobId": native_id("job", app.job_id),
                "interviewPlanId": native_id("interview_plan", app.job_id),
                "currentInterviewStageId": native_id("stage", app.stage_id),
                "status": status,
                "sourceId": native_id("source", app.source_id) if app.source_id else None,
                "archiveReasonId": (
                    native_id("rejection_reason", app.rejection_reason_id) if app.rejection_reason_id else None
                ),
                "archivedAt": iso(app.rejected_at) if app.rejected_at else None,
                "appliedViaJobPostingId": native_id("posting", via.id) if via else None,
                "customFields": self.custom_values(app.custom_fields),
                "applicationHistory": history,
            }
        )

    def answer_value(self, question: Question, value: Any) -> Any:
        kind = question.format.type
        if kind == "SINGLE_SELECT":
            return native_id("option", value)
        if kind == "MULTI_SELECT":
            return [native_id("option", v) for v in value]
        if kind == "FILE":
            owner = self.attachment_owner.get(value)
            attachment = next((a for a in owner.attachments if a.id == value), None) if owner else None
            if attachment is None:
                return None
            file_id = native_id("attachment", attachment.id)
            return {"id": file_id, "name": attachment.file_name, "handle": file_handle(file_id)}
        if kind == "NUMBER" and isinstance(value, float) and value.is_integer():
            return int(value)  # Ashby's Number fields take integers
        return value

    def submissions(self) -> tuple[list[Row], list[Row]]:
        """Application-form submissions and the (unreadable) EEO/diversity survey submissions."""
        forms: list[Row] = []
        surveys: list[Row] = []
        for app in self.world.applications:
            via = self.applied_via(app)
            if via is None or not app.answers:
                continue
            app_id = native_id("application", app.id)
            regular: dict[str, Any] = {}
            by_type: dict[str, dict[str, Any]] = defaultdict(dict)
            for answer in app.answers:
                q = self.questions[answer.question_id]
                value = self.answer_value(q, answer.value)
                if value is None:
                    continue
                path = native_id("question", q.id)
                if q.category is None:
                    regular[path] = value
                else:
                    by_type[vocab.SURVEY_TYPE[q.category]][path] = value
            times = Timestamps(created_at=app.times.created_at, updated_at=app.times.created_at)
            if regular:
                sub_id = native_id("form_submission", app.id)
                doc = {"id": sub_id, "applicationId": app_id, "jobPostingId": native_id("posting", via.id),
                       "submittedValues": regular}  # fmt: skip
                forms.append(_row(sub_id, doc, times, app_id))
            surveys_of_job = self.job_surveys.get(app.job_id, [])
            for survey_type, values in by_type.items():
                sub_id = native_id("form_submission", f"{app.id}/{survey_type}")
                form_id = next(
                    (fid for (t, _), fid in self.survey_form_ids.items() if t == survey_type and fid in surveys_of_job),
                    None,
                )
                doc = {
                    "id": sub_id,
                    "candidateId": native_id("candidate", app.candidate_id),
                    "applicationId": app_id,
                    "surveyType": survey_type,
                    "surveyFormDefinitionId": form_id,
                    "submittedValues": values,
                }
                surveys.append(_row(sub_id, _compact(doc), times, app_id))
        return forms, surveys

    # -- activities ----------------------------------------------------------------------
    def interview_definitions(self) -> Iterable[Row]:
        seen: set[str] = set()
        anchor = self.world.anchor
        for job in self.world.jobs:
            for stage in job.stages:
                if stage.kind != "interview" or stage.name in seen:
                    continue
                seen.add(stage.name)
                def_id = native_id("interview_definition", stage.name)
                doc = {
                    "id": def_id,
                    "title": stage.name,
                    "isArchived": False,
                    "isDebrief": False,
                    "feedbackFormDefinitionId": native_id("form_definition", f"feedback/{stage.name}"),
                }
                yield _row(def_id, doc, Timestamps(created_at=anchor, updated_at=anchor))

    def interviews(self) -> Iterable[Row]:
        anchor = self.world.anchor
        for interview in self.world.interviews:
            doc = self.schedule(interview, anchor)
            yield _row(doc["id"], doc, interview.times, doc["applicationId"])

    def schedule(self, interview: Interview, anchor: datetime) -> dict[str, Any]:
        event_id = native_id("interview", interview.id)
        if interview.canceled:
            status = "Cancelled"
        elif interview.ends_at < anchor:
            status = "Complete"
        else:
            status = "Scheduled"
        event = _compact(
            {
                "id": event_id,
                "interviewId": native_id("interview_definition", self.stage_name[interview.stage_id]),
                "interviewerUserIds": [native_id("user", u) for u in interview.interviewer_ids],
                "startTime": iso(interview.starts_at),
                "endTime": iso(interview.ends_at),
                "meetingLink": interview.video_url,
                "hasSubmittedFeedback": status == "Complete",
            }
        )
        return {
            "id": native_id("interview_schedule", interview.id),
            "status": status,
            "applicationId": native_id("application", interview.application_id),
            "interviewStageId": native_id("stage", interview.stage_id),
            "interviewEvents": [event],
        }

    def offers(self) -> Iterable[Row]:
        for offer in self.world.offers:
            offer_status, acceptance = vocab.OFFER_STATUS[offer.status]
            decided = offer.status in ("ACCEPTED", "DECLINED")
            doc = _compact(
                {
                    "id": native_id("offer", offer.id),
                    "applicationId": native_id("application", offer.application_id),
                    "offerStatus": offer_status,
                    "acceptanceStatus": acceptance,
                    "decidedAt": iso(offer.times.updated_at) if decided else None,
                    "latestVersion": _compact(
                        {
                            "id": native_id("offer", f"{offer.id}/version/1"),
                            "startDate": iso_date_as_time(offer.start_date) if offer.start_date else None,
                            # The latest version is the offer's last change.
                            "createdAt": iso(offer.times.updated_at),
                            "customFields": self.custom_values(offer.custom_fields),
                            "fileHandles": [],
                        }
                    ),
                }
            )
            yield _row(doc["id"], doc, offer.times, doc["applicationId"])

    def notes(self, candidate_of: dict[str, str]) -> Iterable[Row]:
        for note in self.world.notes:
            cand = candidate_of.get(note.application_id)
            if cand is None:
                continue
            author = note.author_id or self.owner
            doc = _compact(
                {
                    "id": native_id("note", note.id),
                    "candidateId": native_id("candidate", cand),
                    "content": note.content,
                    "isPrivate": False,
                    "authorId": native_id("user", author) if author else None,
                }
            )
            yield _row(doc["id"], doc, note.times, doc["candidateId"])

    # -- everything ------------------------------------------------------------------------
    def rows(self) -> Iterable[tuple[str, list[Row]]]:
        w = self.world
        visible_apps: dict[str, list[str]] = defaultdict(list)
        for app in w.applications:
            if app.times.deleted_at is None:
                visible_apps[app.candidate_id].append(native_id("application", app.id))
        yield USER, list(self.users())
        yield DEPARTMENT, list(self.departments())
        yield LOCATION, list(self.locations())
        yield ARCHIVE_REASON, list(self.archive_reasons())
        yield CANDIDATE_TAG, list(self.tags())
        yield SOURCE, list(self.sources())
        yield CUSTOM_FIELD, list(self.custom_fields())
        yield FORM_FIELD, list(self.form_fields())
        yield SURVEY_FORM, list(self.survey_forms())
        yield INTERVIEW_PLAN, list(self.interview_plans())
        yield INTERVIEW_STAGE, list(self.interview_stages())
        yield JOB, list(self.jobs())
        yield JOB_POSTING, list(self.postings())
        yield CANDIDATE, list(self.candidates(visible_apps))
        yield FILE, list(self.files())
        forms, surveys = self.submissions()
        yield APPLICATION, list(self.applications(forms))
        yield FORM_SUBMISSION, forms
        yield SURVEY_SUBMISSION, surveys
        yield INTERVIEW, list(self.interview_definitions())
        yield INTERVIEW_SCHEDULE, list(self.interviews())
        yield OFFER, list(self.offers())
        yield NOTE, list(self.notes({a.id: a.candidate_id for a in w.applications}))


def render_world(world: World, store: Any, tenant: str, vendor: str = "ashby") -> int:
    """Write every native document of `world` for `tenant`; returns how many."""
    total = 0
    # Job-board links and schema.org data name the company.
    store.kv_set(tenant, vendor, "organization", {"slug": world.company_slug, "name": world.company_name})
    for kind, rows in Renderer(world).rows():
        total += store.put_many(tenant, vendor, kind, rows)
    return total
