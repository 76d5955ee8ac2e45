"""World -> Factorial's native documents in the store.

Documents hold the newest version's (2026-10-01) fields with integer ids; the serializers
turn them into a requested version's wire form (string or integer ids, with or without
the application's `cv`). Keys starting with `_` are the mock's own (the CV's bytes, the
world ids behind an employee's permissions) and never reach the wire.

Store kinds are the module constants below; every route and the serializers use them.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from atsbox.fixtures import model as w
from atsbox.fixtures.index import WorldIndex

from . import ids
from . import vocabulary as vocab

JOB_POSTING = "job_posting"
CANDIDATE = "candidate"
APPLICATION = "application"
CV_FILE = "cv_file"  # the bytes behind an application's cv (id = the application's id)
APPLICATION_PHASE = "application_phase"
HIRING_STAGE = "hiring_stage"
QUESTION = "question"
ANSWER = "answer"
CANDIDATE_SOURCE = "candidate_source"
REJECTION_REASON = "rejection_reason"
TEAM = "team"
LOCATION = "location"
CUSTOM_FIELD = "custom_field"
CUSTOM_FIELD_VALUE = "custom_field_value"
EMPLOYEE = "employee"

# Seeded so that ids minted by writes continue each table after the rendered ones.
MINTED_KINDS = (JOB_POSTING, CANDIDATE, APPLICATION, QUESTION, ANSWER, CANDIDATE_SOURCE, CUSTOM_FIELD_VALUE)

Row = tuple[str, dict[str, Any], str | None, datetime, datetime, datetime | None]


def iso(value: datetime | None) -> str | None:
    """Factorial's time format: ISO-8601 UTC with milliseconds and `Z`."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def cents(amount: float | None) -> int | None:
    return None if amount is None else round(amount * 100)


def primary_posting(job: w.Job) -> w.JobPosting | None:
    """The posting whose public URL the job posting shows: the newest live, active one."""
    live = [p for p in job.postings if p.live and p.status == "ACTIVE" and p.times.deleted_at is None]
    return max(live, key=lambda p: p.times.created_at, default=None)


def posting_status(job: w.Job) -> str:
    if job.times.deleted_at is not None:
        return "deleted"
    if job.status == "OPEN":
        return vocab.OPEN_STATUS[job.visibility]
    return vocab.STATUS[job.status]


def job_posting_doc(job: w.Job) -> dict[str, Any]:
    contract, schedule = vocab.EMPLOYMENT[job.employment_type] if job.employment_type else (None, None)
    salary = job.salary
    period = vocab.SALARY_PERIOD.get(salary.period or "")
    if period is None:
        low = high = None
        salary_format = None
    elif salary.amount_from is not None or salary.amount_to is not None:
        low, high, salary_format = salary.amount_from, salary.amount_to, "range"
    else:
        # A fixed amount is kept in the "from" column, as Factorial's form does.
        low, high, salary_format = salary.amount, None, "fixed_amount"
    workplace = vocab.WORKPLACE.get(job.remote_work_status or "")
    posting = primary_posting(job)
    status = posting_status(job)
    return {
        "id": ids.native_id("job", job.id),
        "company_id": ids.COMPANY_ID,
        "ats_company_id": ids.ATS_COMPANY_ID,
        "title": job.name,
        "description": job.description_html,
        "contract_type": contract,
        "category": vocab.CATEGORY.get(job.category or "") if job.category else None,
        "workplace_type": workplace,
        "remote": workplace == "remote",
        "status": status,
        "schedule_type": schedule,
        "team_id": ids.native_id("department", job.department_ids[0]) if job.department_ids else None,
        "location_id": ids.native_id("office", job.office_ids[0]) if job.office_ids else None,
        "legal_entity_id": None,
        "salary_format": salary_format,
        "salary_from_amount_in_cents": cents(low),
        "salary_to_amount_in_cents": cents(high),
        "salary_period": period or vocab.DEFAULT_SALARY_PERIOD,
        "hide_salary": False,
        "cv_requirement": "optional",
        "cover_letter_requirement": "optional",
        "phone_requirement": "optional",
        "photo_requirement": "do_not_ask",
        "personal_url_requirement": "optional",
        "url": posting.url if posting is not None and status in ("published", "unlisted") else None,
        "published_at": iso(job.opened_at) if job.opened_at and status != "draft" else None,
        "created_at": iso(job.times.created_at),
    }


def question_format(question: w.Question) -> tuple[str, list[str]]:
    """(question_type, option texts) of a world question in Factorial's terms."""
    fmt = question.format
    kind = vocab.QUESTION_TYPE[fmt.type]
    if fmt.type == "TEXT" and fmt.display_type == vocab.LONG_TEXT_DISPLAY:
        kind = "long_text"
    if fmt.type == "BOOLEAN":
        return kind, [vocab.YES, vocab.NO]
    return kind, [o.name for o in fmt.options]


def answer_value(question: w.Question, answer: w.Answer, index: Any) -> str | None:
    """An answer as Factorial stores it: always a string."""
    value = answer.value
    kind = question.format.type
    options = {o.id: o.name for o in question.format.options}
    if kind == "BOOLEAN":
        return vocab.YES if value else vocab.NO
    if kind == "SINGLE_SELECT":
        return options.get(value)
    if kind == "MULTI_SELECT":
        return vocab.MULTIPLE_CHOICE_SEPARATOR.join(options[o] for o in value if o in options)
    if kind == "NUMBER":
        return f"{value:g}" if isinstance(value, float) else str(value)
    if kind == "FILE":
        found = index.attachments.get(value)
        return found[1].file_name if found else None
    return str(value)


def custom_value_columns(definition: w.CustomFieldDef, value: Any) -> dict[str, Any]:
    """The value columns of a custom_fields/values record (one is set, by field type)."""
    columns: dict[str, Any] = {
        "value": None,
        "long_text_value": None,
        "date_value": None,
        "single_choice_value": None,
        "cents_value": None,
    }
    if definition.type == "number":
        columns["cents_value"] = cents(float(value))
    elif definition.type == "boolean":
        columns["value"] = "true" if value else "false"
    elif definition.type == "date":
        columns["date_value"] = value
    elif definition.type == "select":
        columns["single_choice_value"] = value
    else:
        columns["value"] = str(value)
    return columns


class Renderer:
    """Builds every native document of one world; `rows()` yields them per store kind."""

    def __init__(self, world: w.World) -> None:
        self.world = world
        self.ix = WorldIndex(world)

    def rows(self) -> Iterator[tuple[str, list[Row]]]:
        yield HIRING_STAGE, self.hiring_stages()
        yield TEAM, self.teams()
        yield LOCATION, self.locations()
        yield CANDIDATE_SOURCE, self.sources()
        yield REJECTION_REASON, self.rejection_reasons()
        yield EMPLOYEE, self.employees()
        yield CUSTOM_FIELD, self.custom_fields()
        yield JOB_POSTING, self.job_postings()
        yield APPLICATION_PHASE, self.phases()
        yield QUESTION, self.questions()
        yield CANDIDATE, self.candidates()
        applications, cvs, answers = self.applications()
        yield APPLICATION, applications
        yield CV_FILE, cvs
        yield ANSWER, answers
        yield CUSTOM_FIELD_VALUE, self.custom_values()

    # -- company -----------------------------------------------------------------------

    def hiring_stages(self) -> list[Row]:
        at = self.world.anchor
        rows = []
        for position, (name, label) in enumerate(vocab.HIRING_STAGES):
            doc = {"id": position + 1, "company_id": ids.COMPANY_ID, "name": name, "label": label,
                   "position": position}  # fmt: skip
            rows.append((str(doc["id"]), doc, None, at, at, None))
        return rows

    def teams(self) -> list[Row]:
        depth: dict[str, int] = {}

        def depth_of(dept: w.Department) -> int:
            if dept.id not in depth:
                parent = self.ix.departments.get(dept.parent_id) if dept.parent_id else None
                depth[dept.id] = 1 if parent is None else depth_of(parent) + 1
            return depth[dept.id]

        rows = []
        for dept in self.world.departments:
            doc = {
                "id": ids.native_id("department", dept.id),
                "name": dept.name,
                "company_id": ids.COMPANY_ID,
                "description": None,
                "avatar": None,
                "employee_ids": [],
                "lead_ids": [],
                "depth": depth_of(dept),
                "parent_team_id": ids.native_id("department", dept.parent_id) if dept.parent_id else None,
            }
            rows.append(_row(doc, dept.times))
        return rows

    def locations(self) -> list[Row]:
        rows = []
        for i, office in enumerate(self.world.offices):
            a = office.address
            doc = {
                "id": ids.native_id("office", office.id),
                "company_id": ids.COMPANY_ID,
                "name": office.name,
                "main": i == 0,
                "timezone": None,
                "country": a.country,
                "state": a.region,
                "city": a.city,
                "address_line_1": a.street,
                "address_line_2": None,
                "postal_code": a.zip_code,
                "phone_number": None,
                "latitude": None,
                "longitude": None,
                "radius": None,
                "siret": None,
            }
            rows.append(_row(doc, office.times))
        return rows

    def sources(self) -> list[Row]:
        rows = []
        for source in self.world.sources:
            doc = {
                "id": ids.native_id("source", source.id),
                "company_id": ids.COMPANY_ID,
                "category": vocab.SOURCE_CATEGORY[source.kind],
                "name": source.name,
                "label": source.name,
            }
            rows.append(_row(doc, source.times))
        return rows

    def rejection_reasons(self) -> list[Row]:
        rows = []
        for reason in self.world.rejection_reasons:
            doc = {
                "id": ids.native_id("rejection_reason", reason.id),
                "company_id": ids.COMPANY_ID,
                "decision_maker": "candidate" if reason.by_candidate else "company",
                "reason": reason.name,
                "created_at": iso(reason.times.created_at),
                "updated_at": iso(reason.times.updated_at),
            }
            rows.append(_row(doc, reason.times))
        return rows

    def employees(self) -> list[Row]:
        """Who can consent to an OAuth app, and what they may see (never served as such)."""
        managed: dict[str, list[int]] = defaultdict(list)
        for job in self.world.jobs:
            for member in job.hiring_team:
                if "HIRING_MANAGER" in member.roles:
                    managed[member.user_id].append(ids.native_id("job", job.id))
        rows = []
        for user in self.world.users:
            doc = {
                "id": ids.native_id("user", user.id),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "_admin": "ADMIN" in user.roles,
                "_managed_job_posting_ids": managed[user.id],
            }
            rows.append(_row(doc, user.times))
        return rows

    def custom_fields(self) -> list[Row]:
        rows = []
        for position, definition in enumerate(self.world.custom_fields):
            if definition.object not in vocab.VALUABLE_TYPE:
                continue
            doc = {
                "id": ids.native_id("custom_field", definition.id),
                "field_type": vocab.CUSTOM_FIELD_TYPE[definition.type],
                "label_text": definition.label,
                "position": position,
                "required": False,
                "min_value": None,
                "max_value": None,
                "legal_entity_name": None,
                "legal_entity_id": None,
                "slug": definition.key,
                "_object": definition.object,
                "_options": list(definition.options),
            }
            at = self.world.anchor
            rows.append((str(doc["id"]), doc, None, at, at, None))
        return rows

    # -- jobs --------------------------------------------------------------------------

    def job_postings(self) -> list[Row]:
        # A deleted job is a posting in status "deleted", still listed: not deleted in the store.
        rows = [_row(job_posting_doc(job), job.times) for job in self.world.jobs]
        return _sorted([(*row[:5], None) for row in rows])

    def phases(self) -> list[Row]:
        stage_ids = {name: i + 1 for i, (name, _) in enumerate(vocab.HIRING_STAGES)}
        counts: dict[str, int] = defaultdict(int)
        active: dict[str, int] = defaultdict(int)
        for app in self.world.applications:
            if app.times.deleted_at is None:
                counts[app.stage_id] += 1
                if app.outcome == "PENDING":
                    active[app.stage_id] += 1
        rows = []
        for job in self.world.jobs:
            position = 0
            for stage in job.stages:
                if stage.kind not in vocab.PHASE:
                    continue
                phase_type, hiring_stage = vocab.PHASE[stage.kind]
                doc = {
                    "id": ids.native_id("stage", stage.id),
                    "ats_job_posting_id": ids.native_id("job", job.id),
                    "name": stage.name,
                    "position": position,
                    "editable": phase_type not in ("initial", "hired"),
                    "phase_type": phase_type,
                    "applications_count": counts[stage.id],
                    "active_applications_count": active[stage.id],
                    "ats_hiring_stage_id": stage_ids[hiring_stage],
                }
                position += 1
                # Phases stay with a deleted job posting, like its questions do.
                rows.append((str(doc["id"]), doc, str(doc["ats_job_posting_id"]), job.times.created_at,
                             job.times.updated_at, None))  # fmt: skip
        return _sorted(rows)

    def questions(self) -> list[Row]:
        rows = []
        for job in self.world.jobs:
            for jq in job.questions:
                question = self.ix.questions[jq.question_id]
                kind, options = question_format(question)
                doc = {
                    "id": ids.question_id(job.id, question.id),
                    "ats_job_posting_id": ids.native_id("job", job.id),
                    "label": question.title,
                    "position": jq.index,
                    "mandatory": jq.required,
                    "auto_disqualify": False,
                    "question_type": kind,
                    "options": [{"text": text, "disqualifies": False} for text in options] or None,
                    "created_at": iso(max(job.times.created_at, question.times.created_at)),
                    "updated_at": iso(max(job.times.created_at, question.times.updated_at)),
                }
                # A question goes with its job posting; a question deleted from the bank is
                # no longer asked by any job.
                deleted = question.times.deleted_at
                at = max(job.times.created_at, question.times.updated_at)
                rows.append((str(doc["id"]), doc, str(doc["ats_job_posting_id"]),
                             max(job.times.created_at, question.times.created_at), at, deleted))  # fmt: skip
        return _sorted(rows)

    # -- candidates and applications -----------------------------------------------------

    def candidates(self) -> list[Row]:
        jobs_of: dict[str, list[int]] = defaultdict(list)
        for app in self.world.applications:
            if app.times.deleted_at is None:
                jobs_of[app.candidate_id].append(ids.native_id("job", app.job_id))
        rows = []
        for cand in self.world.candidates:
            website = next((s.url for s in cand.social_links if s.type in ("WEBSITE", "LINKEDIN")), None)
            doc = {
                "id": ids.native_id("candidate", cand.id),
                "company_id": ids.COMPANY_ID,
                "first_name": cand.first_name,
                "last_name": cand.last_name,
                "full_name": f"{cand.first_name} {cand.last_name}",
                "email": cand.emails[0].address if cand.emails else None,
                "phone_number": cand.phones[0].number if cand.phones else None,
                "talent_pool": not jobs_of[cand.id],
                "created_at": iso(cand.times.created_at),
                "updated_at": iso(cand.times.updated_at),
                "consent_given_at": None,
                "consent_expiration_date": None,
                "inactive_since": None,
                "consent_to_talent_pool": None,
                "ats_job_posting_ids": sorted(set(jobs_of[cand.id])),
                "personal_url": website,
                "source_id": ids.native_id("source", cand.source_id) if cand.source_id else None,
                "medium": None,
                "gender": vocab.GENDER.get(cand.gender or ""),
                "score": None,
            }
            rows.append(_row(doc, cand.times))
        return rows

    def applications(self) -> tuple[list[Row], list[Row], list[Row]]:
        applications: list[Row] = []
        cvs: list[Row] = []
        answers: list[Row] = []
        answer_id = 0
        for app in self.world.applications:
            job = self.ix.jobs[app.job_id]
            cand = self.ix.candidates[app.candidate_id]
            app_id = ids.native_id("application", app.id)
            cv = self._cv_of(app, cand)
            doc = {
                "id": app_id,
                "company_id": ids.COMPANY_ID,
                "ats_job_posting_id": ids.native_id("job", job.id),
                "ats_candidate_id": ids.native_id("candidate", cand.id),
                "created_at": iso(app.times.created_at),
                "employee_id": None,
                "phone": cand.phones[0].number if cand.phones else None,
                "qualified": app.outcome != "DECLINED",
                "ats_application_phase_id": self._phase_of(job, app),
                "cover_letter": None,
                "cv": None,
                "ats_conversation_id": None,
                "medium": None,
                "rating_average": None,
                "ats_rejection_reason_id": (
                    ids.native_id("rejection_reason", app.rejection_reason_id)
                    if app.rejection_reason_id
                    else None
                ),
                "source_id": ids.native_id("source", app.source_id) if app.source_id else None,
            }
            if cv is not None:
                doc["cv"] = {
                    "filename": cv.file_name,
                    "byte_size": len(cv.data),
                    "content_type": cv.content_type,
                    "created_at": iso(cv.times.created_at),
                }
                cvs.append((str(app_id), {"data": base64.b64encode(cv.data).decode("ascii")}, None,
                            cv.times.created_at, cv.times.updated_at, None))  # fmt: skip
            applications.append(_row(doc, app.times, parent=str(doc["ats_job_posting_id"])))
            for answer in app.answers:
                question = self.ix.questions[answer.question_id]
                answer_id += 1
                kind, _ = question_format(question)
                a_doc = {
                    "id": answer_id,
                    "ats_application_id": app_id,
                    "ats_question_id": ids.question_id(job.id, question.id),
                    "original_question_label": question.title,
                    "original_question_type": kind,
                    "value": answer_value(question, answer, self.ix),
                    "created_at": iso(app.times.created_at),
                    "updated_at": iso(app.times.created_at),
                }
                answers.append((str(answer_id), a_doc, str(app_id), app.times.created_at,
                                app.times.created_at, app.times.deleted_at))  # fmt: skip
        return _sorted(applications), cvs, answers

    def _cv_of(self, app: w.Application, cand: w.Candidate) -> w.Attachment | None:
        mine = {a.id: a for a in cand.attachments}
        for attachment_id in app.attachment_ids:
            attachment = mine.get(attachment_id)
            if attachment is not None and attachment.type == "CV" and attachment.times.deleted_at is None:
                return attachment
        return None

    def _phase_of(self, job: w.Job, app: w.Application) -> int | None:
        """The application's phase: its stage, or for a rejection the stage it was rejected in."""
        kinds = {s.id: s.kind for s in job.stages}
        for change in reversed(app.history):
            if kinds.get(change.stage_id) in vocab.PHASE:
                return ids.native_id("stage", change.stage_id)
        return None

    def custom_values(self) -> list[Row]:
        defs = {(d.object, d.key): d for d in self.world.custom_fields}
        rows: list[Row] = []
        number = 0
        owners: Iterable[tuple[str, str, Any, dict[str, Any]]] = (
            *(("job", "job", j, j.custom_fields) for j in self.world.jobs),
            *(("candidate", "candidate", c, c.custom_fields) for c in self.world.candidates),
        )
        for obj, kind, record, values in owners:
            for key, value in values.items():
                definition = defs.get((obj, key))
                if definition is None:
                    continue
                number += 1
                doc = {
                    "id": number,
                    "custom_field_identifier": definition.key,
                    "valuable_id": ids.native_id(kind, record.id),
                    "field_id": ids.native_id("custom_field", definition.id),
                    "valuable_type": vocab.VALUABLE_TYPE[obj],
                    **custom_value_columns(definition, value),
                    "label": definition.label,
                    "required": False,
                    "usage_group_id": None,
                    "usage_group_slug": None,
                    "updated_at": iso(record.times.updated_at),
                }
                # A deleted job posting stays listed (status "deleted"), and its values with it.
                deleted = None if kind == "job" else record.times.deleted_at
                rows.append((str(number), doc, f"{doc['valuable_type']}:{doc['valuable_id']}",
                             record.times.created_at, record.times.updated_at, deleted))  # fmt: skip
        return rows


def _row(doc: dict[str, Any], times: w.Timestamps, parent: str | None = None) -> Row:
    return (str(doc["id"]), doc, parent, times.created_at, times.updated_at, times.deleted_at)


def _sorted(rows: list[Row]) -> list[Row]:
    # Lists are served in id order and the store lists in insertion order.
    return sorted(rows, key=lambda row: int(row[0]))


def render(world: w.World, store: Any, tenant: str, vendor: str) -> None:
    """Write every native document of `world` for `tenant`, and seed the id counters."""
    renderer = Renderer(world)
    for kind, rows in renderer.rows():
        store.put_many(tenant, vendor, kind, rows)
        if kind in MINTED_KINDS:
            store.seed_int(tenant, vendor, kind, max((int(r[0]) for r in rows), default=0))
