"""Ashby's projection rules, write checks and feature checks for the contract engine.

What Kombo's Ashby page promises, stated from the world and Ashby's wire format:

- ids: Ashby's UUIDs (mocks/ashby/ids.py); join rows join those;
- deletions: Ashby's API never says when something was deleted, so a record that
  disappeared carries the time the connector noticed (ANY_TIME); archived tags and rejection
  reasons are deleted ones; a stage removed from a pipeline is gone from its interview plan;
- jobs: Ashby has no job description, URL, visibility or workplace of its own: they come
  from the job's primary posting (its first published posting, else its first); visibility
  is CONFIDENTIAL for confidential jobs, else PUBLIC / UNLISTED when a published external
  posting is listed / unlisted, else INTERNAL; a salary given as one amount is a range from
  it to itself; Ashby requires an employment type (none means full-time) and has no
  TEMPORARY workplace;
- postings: published (ACTIVE) or not (INACTIVE: Ashby cannot tell a draft from an
  unpublished posting); internal-board postings have no external URL, external ones always
  have their job-board page (the world's URL, else Ashby's jobs.ashbyhq.com page);
- candidates: one `name` (first word = first name), three contact types (mobile and home
  phones are Personal), six social networks (XING and other links are websites, no
  usernames), a location of city, region and country only;
- screening questions: the postings' application forms plus their EEO (EEOC) and
  demographic (Diversity) survey forms, in that order; no text length, number bounds or
  select display types; answers to survey questions are never readable through the API;
- interviews: one per interview event, titled after its interview (the stage's name);
- offers: offer.list carries one time, the latest version's creation (created = updated).
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from atsbox.connectors.base import Connector, ConnectorOptions, connector_for
from atsbox.connectors.ids import remote_id_of, unified_id
from atsbox.contracts.plugin import ConnectTarget, FeatureContext, VendorContract
from atsbox.contracts.projection import ANY_TIME, Expected, Projection, iso, location_of
from atsbox.contracts.writes import WriteCase, WriteChecks, WriteContext
from atsbox.fixtures import model as w
from atsbox.mocks.ashby.ids import native_id

_PHONE_TYPES = {"MOBILE": "PERSONAL", "HOME": "PERSONAL", "WORK": "WORK", "OTHER": "OTHER"}
_SOCIAL_TYPES = {"LINKEDIN": "LINKEDIN", "GITHUB": "GITHUB", "TWITTER": "TWITTER"}  # the rest: WEBSITE
_ROLE_TITLES = {
    "HIRING_MANAGER": "Hiring Manager", "RECRUITER": "Recruiter", "COORDINATOR": "Recruiting Coordinator",
    "SOURCER": "Sourcer", "INTERVIEWER": "Interviewer", "ADMIN": "Admin",
}  # fmt: skip
_SURVEY_ORDER = {None: 0, "EEO": 1, "DEMOGRAPHIC": 2}


def midnight(day: date | str | None) -> str | None:
    """A calendar date as the unified model's UTC datetime (midnight)."""
    if day is None:
        return None
    text = day.isoformat() if isinstance(day, date) else day
    return f"{text[:10]}T00:00:00.000Z"


class AshbyProjection(Projection):
    vendor = "ashby"

    def remote_id(self, kind: str, world_id: str) -> str:
        return native_id(kind, world_id)

    def deleted_at(self, kind: str, record: Any) -> Any:
        times = getattr(record, "times", None)
        return ANY_TIME if times is not None and times.deleted_at is not None else None

    # -- helpers ------------------------------------------------------------------------------
    def _job_deleted(self, job_id: str) -> bool:
        return self.ix.job(job_id).times.deleted_at is not None

    def _gone_with(self, row: Expected, gone: bool) -> Expected:
        return {**row, "remote_deleted_at": ANY_TIME if gone else None}

    def posting_url(self, posting: w.JobPosting) -> str | None:
        if posting.visibility == "INTERNAL":
            return None
        return (
            posting.url
            or f"https://jobs.ashbyhq.com/{self.world.company_slug}/{native_id('posting', posting.id)}"
        )

    def seen_postings(self, job: w.Job) -> list[w.JobPosting]:
        """The postings the checked sync saw: a live job's live ones; a deleted job is reported
        as the sync before its deletion saw it, every posting alive."""
        if job.times.deleted_at is not None:
            return list(job.postings)
        return [p for p in job.postings if p.times.deleted_at is None]

    def primary(self, job: w.Job) -> w.JobPosting | None:
        postings = self.seen_postings(job)
        return next((p for p in postings if p.status == "ACTIVE"), postings[0] if postings else None)

    # -- jobs ---------------------------------------------------------------------------------
    def job(self, job: w.Job) -> Expected:
        out = super().job(job)
        primary = self.primary(job)
        live = [p for p in self.seen_postings(job) if p.status == "ACTIVE" and p.visibility != "INTERNAL"]
        if job.confidential:
            visibility = "CONFIDENTIAL"
        elif any(p.visibility == "PUBLIC" for p in live):
            visibility = "PUBLIC"
        else:
            visibility = "UNLISTED" if live else "INTERNAL"
        salary = job.salary
        ranged = salary.period is not None and salary.currency is not None
        office = self.ix.office(job.office_ids[0]) if job.office_ids else None
        out.update(
            description=primary.description_html if primary else None,
            employment_type=job.employment_type or "FULL_TIME",
            visibility=visibility,
            post_url=self.posting_url(primary) if primary else None,
            remote_work_status=job.remote_work_status if primary and job.remote_work_status != "TEMPORARY" else None,
            salary_amount_from=(salary.amount_from if salary.amount_from is not None else salary.amount) if ranged else None,
            salary_amount_to=(salary.amount_to if salary.amount_to is not None else salary.amount) if ranged else None,
            salary_currency=salary.currency if ranged else None,
            salary_period=salary.period if ranged else None,
            location=location_of(office.address) if office else None,
        )  # fmt: skip
        return out

    def job_postings(self) -> Iterable[Expected]:
        by_remote = {native_id("posting", p.id): (p, j) for j in self.world.jobs for p in j.postings}
        for row in super().job_postings():
            posting, job = by_remote[row["remote_id"]]
            yield {
                **row,
                "status": "ACTIVE" if posting.status == "ACTIVE" else "INACTIVE",
                "url": self.posting_url(posting),
                "remote_deleted_at": ANY_TIME if job.times.deleted_at or posting.times.deleted_at else None,
            }

    def roles_of(self, member: w.HiringTeamMember) -> list[dict[str, Any]]:
        return [
            {"remote_id": _ROLE_TITLES[r], "remote_label": _ROLE_TITLES[r], "scope": "JOB", "unified_type": r}
            for r in member.roles
        ]

    def job_hiring_team(self) -> Iterable[Expected]:
        for row in super().job_hiring_team():
            job = self._job_of_uid(row["job_id"])
            yield self._gone_with(row, job.times.deleted_at is not None)

    def _stage_gone(self, job: w.Job, stage: w.JobStage) -> bool:
        """A stage is gone with its job (its interview plan) or once removed from the plan."""
        return job.times.deleted_at is not None or getattr(stage, "deleted_at", None) is not None

    def job_stages(self) -> Iterable[Expected]:
        stages = {self.uid("application_stages", "stage", s.id): (j, s) for j in self.world.jobs for s in j.stages}
        for row in super().job_stages():
            yield self._gone_with(row, self._stage_gone(*stages[row["stage_id"]]))

    def application_stages(self) -> Iterable[Expected]:
        stages = {native_id("stage", s.id): (j, s) for j in self.world.jobs for s in j.stages}
        for row in super().application_stages():
            yield self._gone_with(row, self._stage_gone(*stages[row["remote_id"]]))

    def _job_of_uid(self, job_uid: str) -> w.Job:
        cache = self.__dict__.setdefault("_jobs_by_uid", {})
        if not cache:
            cache.update({self.uid("jobs", "job", j.id): j for j in self.world.jobs})
        return cache[job_uid]

    # -- candidates -----------------------------------------------------------------------------
    def candidate(self, candidate: w.Candidate) -> Expected:
        out = super().candidate(candidate)
        first, _, last = f"{candidate.first_name} {candidate.last_name}".strip().partition(" ")
        address = candidate.address
        place = None
        if address is not None and (address.city or address.region or address.country):
            place = {"city": address.city, "state": address.region, "country": address.country}
        out.update(
            first_name=first or None,
            last_name=last.strip() or None,
            phone_numbers=[
                {"phone_number": p.number, "type": _PHONE_TYPES[p.type]} for p in candidate.phones
            ],
            social_media=[
                {"link": s.url, "type": _SOCIAL_TYPES.get(s.type, "WEBSITE"), "username": None}
                for s in candidate.social_links
            ],  # fmt: skip
            location=place,
        )
        return out

    def candidate_tags(self) -> Iterable[Expected]:
        deleted = {
            self.uid("candidates", "candidate", c.id) for c in self.world.candidates if c.times.deleted_at
        }
        for row in super().candidate_tags():
            yield self._gone_with(row, row["candidate_id"] in deleted)

    # -- applications and questions -------------------------------------------------------------
    def has_form(self, app: w.Application) -> bool:
        """Applications that came through a posting's form (not sourced leads) have answers."""
        job = self.ix.job(app.job_id)
        first = app.history[0].stage_id if app.history else app.stage_id
        kind = next(s.kind for s in job.stages if s.id == first)
        return kind != "lead" and any(p.times.deleted_at is None for p in job.postings)

    def answers_of(self, application: w.Application) -> list[dict[str, Any]]:
        if not self.has_form(application):
            return []
        out = []
        for answer in super().answers_of(application):
            question = self.ix.question(next(a.question_id for a in application.answers
                                             if native_id("question", a.question_id) == answer["question"]["remote_id"]))  # fmt: skip
            if question.category is not None:
                continue  # EEO and diversity answers are never readable through Ashby's API
            if question.format.type == "DATE":
                answer = {**answer, "answer": {"date": midnight(answer["answer"]["date"])}}
            out.append(answer)
        return out

    def live_form(self, job: w.Job) -> bool:
        """Whether the checked sync still sees the job's form (a live job with a live posting)."""
        return job.times.deleted_at is None and any(p.times.deleted_at is None for p in job.postings)

    def _form_jobs(self, question_id: str) -> tuple[bool, bool]:
        """(asked by some job's form at all, asked by a form the checked sync still sees)."""
        jobs = [
            j
            for j in self.world.jobs
            if j.postings and any(q.question_id == question_id for q in j.questions)
        ]
        return bool(jobs), any(self.live_form(j) for j in jobs)

    def screening_questions(self) -> Iterable[Expected]:
        for row in super().screening_questions():
            question = next(
                q for q in self.world.questions if native_id("question", q.id) == row["remote_id"]
            )
            asked, live = self._form_jobs(question.id)
            if not asked:
                continue
            yield {
                **row,
                "format": self.ashby_format(question),
                "remote_deleted_at": None if live else ANY_TIME,
            }

    def ashby_format(self, question: w.Question) -> dict[str, Any]:
        out = self.format_of(question)
        kind = out["type"]
        if kind == "TEXT":
            display = question.format.display_type
            out["display_type"] = display if display in ("MULTI_LINE", "EMAIL") else "SINGLE_LINE"
            out["max_length"] = None
        elif kind == "NUMBER":
            out.update(display_type="FIELD", min=None, max=None)
        elif kind == "SINGLE_SELECT":
            out["display_type"] = None
        return out

    def job_screening_questions(self) -> Iterable[Expected]:
        rows = {row["id"]: row for row in super().job_screening_questions()}
        for job in self.world.jobs:
            if not job.postings:
                continue
            ordered = sorted(
                job.questions,
                key=lambda q: (_SURVEY_ORDER[self.ix.question(q.question_id).category], q.index),
            )
            for position, jq in enumerate(ordered):
                row_id = self.join_uid(
                    "job_screening_questions", ("job", job.id), ("question", jq.question_id)
                )
                yield self._gone_with({**rows[row_id], "index": position}, not self.live_form(job))

    # -- interviews and offers ------------------------------------------------------------------
    def interviews(self) -> Iterable[Expected]:
        stage_name = {s.id: s.name for j in self.world.jobs for s in j.stages}
        by_remote = {native_id("interview", i.id): i for i in self.world.interviews}
        for row in super().interviews():
            yield {**row, "title": stage_name[by_remote[row["remote_id"]].stage_id]}

    def interview_users(self) -> Iterable[Expected]:
        deleted = {
            self.uid("interviews", "interview", i.id) for i in self.world.interviews if i.times.deleted_at
        }
        for row in super().interview_users():
            yield self._gone_with(row, row["interview_id"] in deleted)

    def offers(self) -> Iterable[Expected]:
        by_id = {native_id("offer", o.id): o for o in self.world.offers}
        for row in super().offers():
            offer = by_id[row["remote_id"]]
            made = iso(offer.times.updated_at)
            yield {**row, "employment_start_date": midnight(offer.start_date), "remote_created_at": made,
                   "remote_updated_at": made}  # fmt: skip


# --- connecting ------------------------------------------------------------------------------------


def connector_credentials(target: ConnectTarget) -> dict[str, str]:
    key = target.credentials.get("api_key")
    return {"api_key": getattr(key, "secret", key)} if key is not None else dict(target.credentials)


def make_connector(target: ConnectTarget, **options: Any) -> Connector:
    return connector_for(
        "ashby",
        base_url=target.base_url or "https://api.ashbyhq.com",
        wsgi_app=target.wsgi_app,
        credentials=connector_credentials(target),
        options=ConnectorOptions(**options) if options else None,
    )


def auth_headers(target: ConnectTarget) -> dict[str, str]:
    key = connector_credentials(target)["api_key"]
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


# --- write checks ----------------------------------------------------------------------------------


def call(ctx: Any, endpoint: str, body: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
    """An Ashby call through the connector's passthrough; the results of a success."""
    api = ctx.api if hasattr(ctx, "api") else ctx.connector.passthrough
    response = api("POST", f"/{endpoint}", json=dict(body or {}), **kwargs)
    data = response.json()
    assert response.status_code == 200 and data.get("success"), f"{endpoint}: {response.status_code} {data}"
    return data["results"]


def uid(kind: str, world_id: str, model: str) -> str:
    return unified_id(model, native_id(kind, world_id))


def _live_apps(world: Any) -> list[w.Application]:
    jobs = {j.id: j for j in world.jobs}
    return [a for a in world.applications
            if a.times.deleted_at is None and a.outcome == "PENDING" and jobs[a.job_id].status == "OPEN"]  # fmt: skip


def _target_stage(world: Any, app: w.Application) -> w.JobStage:
    job = next(j for j in world.jobs if j.id == app.job_id)
    return next(
        s
        for s in reversed(job.stages)
        if s.kind not in ("rejected", "hired", "lead") and s.id != app.stage_id and s.deleted_at is None
    )


def _applicant_job(world: Any) -> tuple[w.Job, w.JobStage, list[w.Question]]:
    """An open live job whose form asks only answerable questions, a stage to start in, and
    the questions to answer (every required one plus a select one)."""
    for job in world.jobs:
        if job.status != "OPEN" or job.times.deleted_at or not job.postings:
            continue
        asked = [world_question(world, q.question_id) for q in sorted(job.questions, key=lambda q: q.index)]
        regular = [q for q in asked if q.category is None]
        if not regular or any(q.format.type == "FILE" for q in regular):
            continue
        stage = next((s for s in job.stages if s.kind == "screen" and s.deleted_at is None), None)
        if stage is not None:
            return job, stage, regular
    raise AssertionError("the world has no open job with an answerable form")


def world_question(world: Any, question_id: str) -> w.Question:
    return next(q for q in world.questions if q.id == question_id)


def answer_for(question: w.Question) -> Any:
    fmt = question.format
    if fmt.type == "TEXT":
        return "contract@example.com" if fmt.display_type == "EMAIL" else "An answer from the contract run"
    if fmt.type == "NUMBER":
        return 7
    if fmt.type == "BOOLEAN":
        return True
    if fmt.type == "DATE":
        return "2026-09-01"
    if fmt.type == "SINGLE_SELECT":
        return unified_id("screening_question_options", native_id("option", fmt.options[0].id))
    return [unified_id("screening_question_options", native_id("option", o.id)) for o in fmt.options[:2]]


CV = b"%PDF-1.4\n% contract CV\n"
LETTER = b"Dear team, a cover note from the contract run."
RESULT_LINK = {
    "label": "Coding assessment",
    "url": "https://assessments.example.com/results/ashby-7",
    "details": {"custom_field_name_prefix": "Acme:", "attributes": [{"key": "Score", "value": "88"}]},
}


def _applicant(world: Any, n: int) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Input and expected read-back of one create action (n keeps two runs apart)."""
    job, stage, questions = _applicant_job(world)
    source = world.sources[n % len(world.sources)]
    job_uid, stage_uid = uid("job", job.id, "jobs"), uid("stage", stage.id, "application_stages")
    answers = [
        {"question_id": uid("question", q.id, "screening_questions"), "answer": answer_for(q)}
        for q in questions
    ]
    email = f"contract.applicant{n}@example.com"
    data = {
        "candidate": {"first_name": "Contract", "last_name": f"Applicant {n}", "email_address": email,
                      "phone_number": "+49 30 555 0100", "social_links": [{"url": f"https://www.linkedin.com/in/contract-{n}"}]},
        "attachments": [
            {"name": "cv.pdf", "type": "CV", "content_type": "application/pdf", "data": base64.b64encode(CV).decode()},
            {"name": "letter.txt", "type": "COVER_LETTER",
             "data_url": "data:text/plain;base64," + base64.b64encode(LETTER).decode()},
        ],
        "screening_question_answers": answers,
        "source": {"name": source.name},
    }  # fmt: skip
    expected = {
        "candidate.first_name": "Contract", "candidate.last_name": f"Applicant {n}", "candidate.email_address": email,
        "candidate.phone_number": "+49 30 555 0100",
        "candidate.social_links.url": [f"https://www.linkedin.com/in/contract-{n}"],
        "application.job_id": job_uid, "application.stage_id": stage_uid,
        "screening_question_answers.question_id": [a["question_id"] for a in answers],
        "screening_question_answers.answer": [a["answer"] for a in answers],
        "attachments.name": ["cv.pdf", "letter.txt"], "attachments.content_type": ["application/pdf", "text/plain"],
        "attachments.data": [base64.b64encode(CV).decode()], "attachments.data_url": [base64.b64encode(LETTER).decode()],
        # Ashby knows resumes and other files: a cover letter comes back as OTHER.
        "attachments.type": ["CV", "OTHER"], "source.name": source.name,
    }  # fmt: skip
    return data, expected, job_uid


def read_applicant(ctx: WriteContext, application_uid: str) -> dict[str, Any]:
    """An application and its candidate, read back as the create actions' input fields."""
    app = call(ctx, "application.info", {"applicationId": remote_id_of(application_uid, "applications"),
                                         "expand": ["applicationFormSubmissions"]})  # fmt: skip
    cand = call(ctx, "candidate.info", {"id": app["candidate"]["id"]})
    first, _, last = cand["name"].partition(" ")
    files = read_files(ctx, cand)
    answers: list[Any] = []
    questions: list[str] = []
    for submission in app.get("applicationFormSubmissions") or []:
        fields = [
            e["field"] for section in submission["formDefinition"]["sections"] for e in section["fields"]
        ]
        for field in fields:
            path, kind = field["path"], field["type"]
            if path.startswith("_systemfield_") or path not in submission["submittedValues"]:
                continue
            value = submission["submittedValues"][path]
            questions.append(unified_id("screening_questions", path))
            option = lambda v: unified_id("screening_question_options", v)  # noqa: E731
            answers.append(option(value) if kind == "ValueSelect" else [option(v) for v in value]
                           if kind == "MultiValueSelect" else value)  # fmt: skip
    return {
        "candidate.first_name": first, "candidate.last_name": last,
        "candidate.email_address": (cand.get("primaryEmailAddress") or {}).get("value"),
        "candidate.phone_number": (cand.get("primaryPhoneNumber") or {}).get("value"),
        "candidate.social_links.url": [s["url"] for s in cand["socialLinks"]],
        "application.job_id": unified_id("jobs", app["job"]["id"]),
        "application.stage_id": unified_id("application_stages", app["currentInterviewStage"]["id"]),
        "screening_question_answers.question_id": questions, "screening_question_answers.answer": answers,
        "attachments.name": [f["name"] for f in files], "attachments.content_type": [f["content_type"] for f in files],
        "attachments.data": [f["data"] for f in files if f["name"].endswith(".pdf")],
        "attachments.data_url": [f["data"] for f in files if f["name"].endswith(".txt")],
        "attachments.type": [f["type"] for f in files], "source.name": (app.get("source") or {}).get("title"),
    }  # fmt: skip


def read_files(ctx: Any, candidate: dict[str, Any]) -> list[dict[str, Any]]:
    """A candidate's files: name, type, content type and bytes (downloaded from file.info)."""
    resume = (candidate.get("resumeFileHandle") or {}).get("id")
    out = []
    for handle in candidate.get("fileHandles") or []:
        url = call(ctx, "file.info", {"fileHandle": handle["handle"]})["url"]
        raw, content_type = ctx.connector.fetch(url)
        out.append({"name": handle["name"], "type": "CV" if handle["id"] == resume else "OTHER",
                    "content_type": (content_type or "").split(";")[0], "data": base64.b64encode(raw).decode()})  # fmt: skip
    return out


def _attachment(name: str, kind: str, content_type: str, raw: bytes) -> dict[str, Any]:
    return {"name": name, "type": kind, "content_type": content_type, "data": base64.b64encode(raw).decode()}


def read_result_link(ctx: WriteContext, candidate_remote: str) -> dict[str, Any]:
    response = ctx.api("GET", "/_atsbox/assessments", params={"candidateId": candidate_remote})
    found = response.json()["results"]
    if not found:
        return {}
    latest = found[-1]
    meta = latest["metadata"][0] if latest["metadata"] else {}
    prefix = meta.get("label", "")[: -len(meta.get("identifier", "")) or None].strip() if meta else None
    return {"label": latest["assessmentName"], "url": latest["result"]["value"],
            "details.custom_field_name_prefix": prefix, "details.attributes.key": meta.get("identifier"),
            "details.attributes.value": meta.get("value")}  # fmt: skip


class AshbyWriteChecks(WriteChecks):
    def build(self, action: str, ctx: WriteContext) -> WriteCase:
        world = ctx.world
        apps = _live_apps(world)
        if action in ("create_candidate", "create_application"):
            data, expected, job_uid = _applicant(world, 1 if action == "create_candidate" else 2)
            if action == "create_candidate":
                stage = expected["application.stage_id"]
                return WriteCase(({**data, "application": {"job_id": job_uid, "stage_id": stage}},), expected)
            return WriteCase((job_uid, {**data, "stage_id": expected["application.stage_id"]}), expected)
        app = apps[{"move_application_to_stage": 0, "reject_application": 1}.get(action, 2)]
        app_uid = uid("application", app.id, "applications")
        cand_uid = uid("candidate", app.candidate_id, "candidates")
        if action == "add_candidate_tag":
            return WriteCase(
                (cand_uid, {"name": "Contract shortlist"}),
                {"candidate_id": cand_uid, "tag.name": "Contract shortlist"},
            )
        if action in ("add_application_attachment", "add_candidate_attachment"):
            owner, key = (
                (app_uid, "application_id")
                if action == "add_application_attachment"
                else (cand_uid, "candidate_id")
            )
            kind = "OTHER" if action == "add_application_attachment" else "CV"
            name = "portfolio.txt" if kind == "OTHER" else "updated-cv.pdf"
            raw, ctype = (LETTER, "text/plain") if kind == "OTHER" else (CV, "application/pdf")
            file = _attachment(name, kind, ctype, raw)
            expected = {key: owner, "attachment.name": name, "attachment.content_type": ctype,
                        "attachment.data": file["data"], "attachment.type": kind}  # fmt: skip
            return WriteCase((owner, file), expected)
        if action == "move_application_to_stage":
            stage_uid = uid("stage", _target_stage(world, app).id, "application_stages")
            return WriteCase((app_uid, stage_uid), {"application_id": app_uid, "stage_id": stage_uid})
        if action == "reject_application":
            # A retired (archived) reason is no longer offered for new rejections.
            reason = next(r for r in world.rejection_reasons if r.times.deleted_at is None)
            reason_uid = uid("rejection_reason", reason.id, "rejection_reasons")
            return WriteCase((app_uid, {"rejection_reason_id": reason_uid}),
                             {"application_id": app_uid, "rejection_reason_id": reason_uid})  # fmt: skip
        if action in ("add_application_result_link", "add_candidate_result_link"):
            owner, key = (
                (app_uid, "application_id")
                if action == "add_application_result_link"
                else (cand_uid, "candidate_id")
            )
            details = RESULT_LINK["details"]
            return WriteCase((owner, RESULT_LINK), {
                key: owner, "label": RESULT_LINK["label"], "url": RESULT_LINK["url"],
                "details.custom_field_name_prefix": details["custom_field_name_prefix"],
                "details.attributes.key": details["attributes"][0]["key"],
                "details.attributes.value": details["attributes"][0]["value"]})  # fmt: skip
        if action == "add_application_note":
            content = "A note from the contract run: strong systems design."
            return WriteCase((app_uid, {"content": content}), {"application_id": app_uid, "content": content})
        if action == "get_application_attachments":
            with_files = next(a for a in apps if world_candidate(world, a.candidate_id).attachments)
            target = uid("application", with_files.id, "applications")
            return WriteCase((target,), {"application_id": target})
        raise NotImplementedError(action)

    def readback(self, action: str, case: WriteCase, result: Any, ctx: WriteContext) -> Mapping[str, Any]:
        if action in ("create_candidate", "create_application"):
            return read_applicant(ctx, result.application.id)
        owner = case.args[0]
        if action in ("add_candidate_tag", "add_candidate_attachment", "add_candidate_result_link"):
            candidate_remote = remote_id_of(owner, "candidates")
            owner_out = {"candidate_id": unified_id("candidates", candidate_remote)}
        else:
            app = call(ctx, "application.info", {"applicationId": remote_id_of(owner, "applications")})
            candidate_remote = app["candidate"]["id"]
            owner_out = {"application_id": unified_id("applications", app["id"])}
        candidate = call(ctx, "candidate.info", {"id": candidate_remote})
        if action == "add_candidate_tag":
            names = [t["title"] for t in candidate["tags"]]
            return {
                **owner_out,
                "tag.name": case.expected["tag.name"] if case.expected["tag.name"] in names else names,
            }
        if action in ("add_application_attachment", "add_candidate_attachment"):
            wanted = case.args[1]["name"]
            file = next((f for f in read_files(ctx, candidate) if f["name"] == wanted), None)
            if file is None:
                return owner_out
            return {**owner_out, "attachment.name": file["name"], "attachment.content_type": file["content_type"],
                    "attachment.data": file["data"], "attachment.type": file["type"]}  # fmt: skip
        if action == "move_application_to_stage":
            app = call(ctx, "application.info", {"applicationId": remote_id_of(owner, "applications")})
            return {
                **owner_out,
                "stage_id": unified_id("application_stages", app["currentInterviewStage"]["id"]),
            }
        if action == "reject_application":
            app = call(ctx, "application.info", {"applicationId": remote_id_of(owner, "applications")})
            reason = (app.get("archiveReason") or {}).get("id") if app["status"] == "Archived" else None
            return {
                **owner_out,
                "rejection_reason_id": unified_id("rejection_reasons", reason) if reason else None,
            }
        if action in ("add_application_result_link", "add_candidate_result_link"):
            return {**owner_out, **read_result_link(ctx, candidate_remote)}
        if action == "add_application_note":
            notes = call(ctx, "candidate.listNotes", {"candidateId": candidate_remote})
            return {**owner_out, "content": notes[-1]["content"] if notes else None}
        if action == "get_application_attachments":
            held = sorted(f["name"] for f in read_files(ctx, candidate))
            got = sorted(a.file_name for a in result)
            fetched = all(ctx.connector.fetch(a.data_url)[0] for a in result)
            return {"application_id": owner if got == held and held and fetched else None}
        raise NotImplementedError(action)


def world_candidate(world: Any, candidate_id: str) -> w.Candidate:
    return next(c for c in world.candidates if c.id == candidate_id)


# --- feature checks --------------------------------------------------------------------------------
DOC = Path(__file__).resolve().parents[2] / "docs" / "vendors" / "ashby.md"


def doc_section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", text, re.S | re.M)
    assert match, f"docs/vendors/ashby.md has no section {title!r}"
    return match.group(1)


def check_source_writing(ctx: FeatureContext) -> str:
    world = ctx.world
    data, _, job_uid = _applicant(world, 3)
    source = world.sources[-1].name
    made = ctx.connector.create_application(
        job_uid, {**data, "screening_question_answers": [], "source": {"name": source}}
    )
    app = call(ctx, "application.info", {"applicationId": made.application.remote_id})
    assert app["source"]["title"] == source, app.get("source")
    unknown = ctx.connector.create_application(job_uid, {**data, "candidate": {**data["candidate"], "email_address": "other.source@example.com"},
                                                         "screening_question_answers": [], "source": {"name": "Nowhere Board"}})  # fmt: skip
    assert unknown.warnings and "Nowhere Board" in unknown.warnings[0], unknown.warnings
    return f"applications carry the named source ({source!r}); an unknown source name is a warning"


def check_candidate_source_tracking(ctx: FeatureContext) -> str:
    by_remote = {c.remote_id: c for c in ctx.connector.read("candidates")}
    checked = 0
    for candidate in ctx.world.candidates:
        record = by_remote.get(native_id("candidate", candidate.id))
        if record is None or candidate.times.deleted_at:
            continue
        expected = next((s.name for s in ctx.world.sources if s.id == candidate.source_id), None)
        assert record.source == expected, (candidate.id, record.source, expected)
        checked += expected is not None
    assert checked >= 3
    return f"{checked} candidates carry their Ashby source"


def check_sync_only_created_applications(ctx: FeatureContext) -> str:
    connector = ctx.connect(sync_only_created_applications=True)
    assert connector.read("applications") == [] and connector.read("candidates") == []
    data, _, job_uid = _applicant(ctx.world, 4)
    made = connector.create_application(job_uid, {**data, "screening_question_answers": []})
    apps = connector.read("applications")
    assert [a.id for a in apps] == [made.application.id], apps
    assert [c.id for c in connector.read("candidates")] == [made.candidate.id]
    return "only the application created through the connector (and its candidate) is synced"


def check_api_passthrough(ctx: FeatureContext) -> str:
    connector = ctx.connector
    page = connector.passthrough("POST", "/candidate.list", json={"limit": 2})
    body = page.json()
    assert (
        page.status_code == 200
        and body["success"]
        and len(body["results"]) == 2
        and body["moreDataAvailable"]
    )
    missing = connector.passthrough(
        "POST", "/application.info", json={"applicationId": "00000000-0000-4000-8000-000000000000"}
    )
    assert missing.status_code == 200 and missing.json()["errorInfo"]["code"] == "application_not_found"
    return "raw Ashby calls go through with the connector's key; envelopes and statuses come back untouched"


def check_scope_testing(ctx: FeatureContext) -> str:
    full = ctx.connector.scope_report()
    assert full.ok, full.missing
    read_only = ctx.target.credentials.get("read_only")
    if read_only is None:
        return "every model and action is allowed (no read-only key to compare with)"
    target = ConnectTarget(
        "ashby", {"api_key": read_only}, wsgi_app=ctx.target.wsgi_app, base_url=ctx.target.base_url
    )
    limited = make_connector(target).scope_report()
    assert all(limited.models.values()), limited.missing
    allowed = {a for a, ok in limited.actions.items() if ok}
    assert allowed == {"get_application_attachments"}, limited.actions  # the one action that only reads
    return f"full key: everything allowed; read-only key: {len(limited.models)} models and no writes"


def check_delta_syncs(ctx: FeatureContext) -> str:
    connector = ctx.connect()
    before = connector.read("applications")
    cutoff = max(a.changed_at for a in before)
    assert connector.read("applications", cutoff) == [], "nothing changed, yet the delta is not empty"
    app = _live_apps(ctx.world)[3]
    stage = uid("stage", _target_stage(ctx.world, app).id, "application_stages")
    connector.move_application_to_stage(uid("application", app.id, "applications"), stage)
    delta = connector.read("applications", cutoff)
    assert [a.current_stage_id for a in delta] == [stage], delta
    return f"a delta sync after one stage move returns that application alone (of {len(before)})"


def check_eeo_questions(ctx: FeatureContext) -> str:
    questions = ctx.connector.read("screening_questions")
    categories = {q.category for q in questions}
    assert {"EEO", "DEMOGRAPHIC"} <= categories, categories
    surveyed = {q.remote_id for q in questions if q.category}
    answered = {
        a.question.remote_id
        for app in ctx.connector.read("applications")
        for a in app.screening_question_answers
    }
    assert not surveyed & answered, "survey answers must not be readable"
    return (
        f"{len(surveyed)} EEO/demographic survey questions synced; their answers stay unreadable, as at Ashby"
    )


def check_connection_guide(ctx: FeatureContext) -> str:
    section = doc_section("Connection guide")
    assert "api.ashbyhq.com" in section and "Basic" in section
    return "docs/vendors/ashby.md explains how to connect"


def check_prerequisites(ctx: FeatureContext) -> str:
    section = doc_section("Prerequisites")
    for permission in ("candidatesRead", "candidatesWrite", "jobsRead"):
        assert permission in section, permission
    return "docs/vendors/ashby.md lists the permissions the key needs"


def check_create_credentials(ctx: FeatureContext) -> str:
    section = doc_section("Create credentials")
    assert "API key" in section
    info = call(ctx, "apiKey.info")
    assert info["scopes"], info
    return "the sandbox's API key authenticates (apiKey.info lists its scopes)"


class _Receiver(BaseHTTPRequestHandler):
    """A loopback webhook receiver answering the statuses it is given, in turn."""

    statuses: list[int]
    received: list[tuple[dict[str, str], bytes]]

    def do_POST(self) -> None:  # noqa: N802 - the http.server spelling
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.received.append(({k: v for k, v in self.headers.items()}, body))
        status = self.statuses.pop(0) if self.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def webhook_receiver(
    statuses: Iterable[int] = (),
) -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    received: list[tuple[dict[str, str], bytes]] = []
    handler = type("Receiver", (_Receiver,), {"statuses": list(statuses), "received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/ashby-hook", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def sandbox_store(target: ConnectTarget) -> Any:
    """The store behind an in-process target (None for a remote one)."""
    app = target.wsgi_app
    while app is not None and not hasattr(app, "extensions"):
        app = getattr(app, "app", None)
    return app.extensions["atsbox"].store if app is not None else None


def check_webhook_subscriptions(ctx: FeatureContext) -> str:
    from atsbox.clock import clock_for
    from atsbox.mocks.ashby.events import outbox

    connector = ctx.connector
    store = sandbox_store(ctx.target)
    secret = "contract-webhook-secret"
    with webhook_receiver(statuses=[503]) as (url, received):
        settings = connector.subscribe_webhooks(url, secret, ["candidateStageChange"])
        app = _live_apps(ctx.world)[4]
        stage = uid("stage", _target_stage(ctx.world, app).id, "application_stages")
        connector.move_application_to_stage(uid("application", app.id, "applications"), stage)
        if store is None:
            connector.unsubscribe_webhooks(settings)
            return "webhooks registered (deliveries are not observable on a remote sandbox)"
        tenant, _ = store.resolve_credential("ashby", "api_key", connector.credentials["api_key"])
        now = clock_for(store, tenant).now()
        box = outbox(store)
        first = box.deliver_pending(now=now, tenant=tenant)
        assert [d["state"] for d in first] == ["pending"], first  # 503: retried later
        assert box.deliver_pending(now=now + timedelta(seconds=5), tenant=tenant) == []  # not due yet
        second = box.deliver_pending(now=now + timedelta(seconds=11), tenant=tenant)
        assert [d["state"] for d in second] == ["delivered"], second
        connector.unsubscribe_webhooks(settings)
    assert len(received) == 2 and received[0][1] == received[1][1]
    headers, body = received[-1]
    payload, models = connector.handle_webhook(body, headers.get("Ashby-Signature"), secret)
    assert payload["action"] == "candidateStageChange" and payload["data"]["application"]["currentInterviewStage"]["id"] \
        == remote_id_of(stage, "application_stages") and models == ("applications",)  # fmt: skip
    return "a stage change was delivered to the subscribed URL, signed, and retried after a 503"


def check_per_model_tests(ctx: FeatureContext) -> str:
    from atsbox.contracts.coverage import load_coverage

    coverage = load_coverage("ashby")
    connector = ctx.connect()
    counts = {}
    for model in coverage.models:
        records = connector.read(model.key)
        assert records, f"{model.key}: no records"
        counts[model.key] = len(records)
    assert set(counts) == set(connector.supported_models())
    return f"every model on the page reads ({len(counts)} models)"


def check_per_field_tests(ctx: FeatureContext) -> str:
    from atsbox.connectors.unified import MODELS, is_empty
    from atsbox.contracts.coverage import load_coverage

    coverage = load_coverage("ashby")
    connector = ctx.connect()
    checked = 0
    for model in coverage.models:
        records = [r.model_dump() for r in connector.read(model.key)]
        listed = set(model.field_names) if model.fields_listed else set(MODELS[model.key].model_fields)
        for name in MODELS[model.key].model_fields:
            filled = [r for r in records if not is_empty(model.key, name, r[name])]
            if name in listed:
                assert filled or name == "remote_deleted_at", (
                    f"{model.key}.{name}: listed yet empty everywhere"
                )
            else:
                assert not filled, f"{model.key}.{name}: not on the page yet delivered"
            checked += 1
    return f"{checked} fields: every listed one is filled somewhere, every other one is empty"


# Ashby answers invalid input with HTTP 200 and an error envelope (reference §2), which the
# document says (every operation's 200 answer may be the error branch): a schema-invalid
# request is rejected when it gets that envelope, whatever the status.
_SCHEMATHESIS_CONFIG = {
    "checks": {
        "negative_data_rejection": {"expected-statuses": ["200", "400", "401", "403", "404", "422", "429"]}
    },
}


def schemathesis_schema(schema: Any, target: ConnectTarget) -> Any:
    """Ashby's document for Schemathesis, with Ashby's 200-for-errors convention and auth."""
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    config = SchemathesisConfig.from_dict(_SCHEMATHESIS_CONFIG)
    fresh = schemathesis.openapi.from_wsgi("/ashby/openapi.json", schema.app, config=config)
    fresh.config.update(headers=auth_headers(target))
    return fresh


CONTRACT = VendorContract(
    vendor="ashby",
    projection=AshbyProjection,
    connect=make_connector,
    writes=AshbyWriteChecks(),
    features={
        "Source Writing": check_source_writing,
        "Sync Only Created Applications": check_sync_only_created_applications,
        "Connection Guide": check_connection_guide,
        "Prerequisites": check_prerequisites,
        "Create credentials": check_create_credentials,
        "Candidate source tracking": check_candidate_source_tracking,
        "API Passthrough": check_api_passthrough,
        "Webhook Subscriptions": check_webhook_subscriptions,
        "Scope Testing": check_scope_testing,
        "Per Model Tests": check_per_model_tests,
        "Per Field Tests": check_per_field_tests,
        "Delta Syncs": check_delta_syncs,
        "EEO Questions": check_eeo_questions,
    },
    auth_headers=auth_headers,
    schemathesis=schemathesis_schema,
)
