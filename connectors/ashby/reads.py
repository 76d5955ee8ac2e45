"""Reading Ashby into the unified models (one `read_<model>` per model on the coverage page).

Where each model comes from:

| unified model | Ashby |
|---|---|
| users | user.list (with deactivated users) |
| jobs | job.list (every status, all posting ids, location expanded), department.list, customField.list, the postings' jobPosting.info |
| job_postings | jobPosting.info of every posting id of job.list; published = listed by job.list without unpublished ids |
| candidates, candidate_tags | candidate.list (tags embedded) |
| tags | candidateTag.list (archived tags included, as deleted) |
| application_stages, job_stages | interviewPlan.list, interviewStage.list per plan, job.list |
| applications | application.list, plus application.info (form submissions) for applications that came through a job posting |
| screening_questions, job_screening_questions | the application forms and survey forms of the postings (jobPosting.info) |
| interviews, interview_users | interviewSchedule.list (one interview per interview event), interview.list for titles |
| offers | offer.list, customField.list |
| rejection_reasons | archiveReason.list (archived reasons included, as deleted) |
| job_hiring_team | job.list hiring teams |

`changed_at` is Ashby's `updatedAt` where the object has one (users, jobs, postings,
candidates, applications, interview events); offers use their latest version's creation.
Everything else gets the time the connector first saw it in its current form (mirror.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from atsbox.connectors.base import Connector
from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.connectors.unified import (
    Application,
    ApplicationStage,
    Candidate,
    CandidateTag,
    Interview,
    InterviewUser,
    Job,
    JobHiringTeamMember,
    JobPosting,
    JobScreeningQuestion,
    JobStage,
    Offer,
    RejectionReason,
    ScreeningQuestion,
    Tag,
    UnifiedRecord,
    User,
)

from . import mapping as M
from .mirror import Mirror

JOB_STATUSES = ["Draft", "Open", "Closed", "Archived"]


_IDS: dict[tuple[str, str], str] = {}


def uid(model: str, remote: str) -> str:
    # A large sync makes more distinct ids than unified_id's own cache keeps.
    key = (model, remote)
    found = _IDS.get(key)
    if found is None:
        if len(_IDS) > 1_000_000:
            _IDS.clear()
        found = _IDS[key] = unified_id(model, remote)
    return found


def join_id(model: str, left: str, right: str) -> str:
    return uid(model, join_remote_id(left, right))


class AshbyReads(Connector):
    """The read half of the Ashby connector (see connector.py for the whole)."""

    mirror: Mirror
    answer_workers: int = 8  # concurrent application.info calls over a network
    _asks: dict[str, bool]  # posting id -> whether its application form asks questions

    # -- the plumbing every read_<model> shares --------------------------------------------
    def _read(self, model: str, updated_after: datetime | None, build: Callable[[], Iterable[UnifiedRecord]]
              ) -> list[UnifiedRecord]:  # fmt: skip
        self.mirror.begin(model, delta=updated_after is not None)
        records = list(build())
        return self.mirror.finish(model, records, updated_after)

    def _raw(self, endpoint: str, payload: Any) -> dict[str, Any] | None:
        return {f"/{endpoint}": payload} if self.options.remote_data else None

    def _stamp(self, model: str, record_id: str, payload: Any) -> datetime:
        return self.mirror.stamp(model, record_id, payload)

    # -- Ashby lists (each fetched once per sync pass) -------------------------------------
    def _users(self) -> dict[str, Any]:
        return self.mirror.list("user.list", {"includeDeactivated": True})

    def _departments(self) -> dict[str, Any]:
        return self.mirror.list("department.list", {"includeArchived": True})

    def _custom_types(self) -> dict[str, str]:
        return {i: f["fieldType"] for i, f in self.mirror.list("customField.list").items()}

    def _jobs(self) -> dict[str, Any]:
        return self.mirror.list(
            "job.list", {"status": JOB_STATUSES, "includeUnpublishedJobPostingsIds": True, "expand": ["location"]}
        )

    def _published_posting_ids(self) -> set[str]:
        jobs = self.mirror.list("job.list", {"status": JOB_STATUSES})
        return {pid for job in jobs.values() for pid in job.get("jobPostingIds") or []}

    def _posting(self, job: dict[str, Any], posting_id: str) -> dict[str, Any]:
        # A posting is fetched again when its job changed (or on a full sync).
        key = f"{posting_id}@{job.get('updatedAt')}"
        info = self.mirror.item("jobPosting.info", key, lambda: self.api.call("jobPosting.info", {"jobPostingId": posting_id}),
                                reuse=self.mirror.delta)  # fmt: skip
        self._asks[posting_id] = any(
            not entry["field"]["path"].startswith(M.SYSTEM_FIELD_PREFIX)
            for section in (info.get("applicationFormDefinition") or {}).get("sections") or []
            for entry in section.get("fields") or []
        )
        return info

    def _postings_of(self, job: dict[str, Any]) -> list[dict[str, Any]]:
        return [self._posting(job, pid) for pid in job.get("jobPostingIds") or []]

    def _plans(self) -> dict[str, Any]:
        return self.mirror.list("interviewPlan.list", {"includeArchived": True})

    def _stages_of(self, plan: dict[str, Any]) -> list[dict[str, Any]]:
        key = f"{plan['id']}@{plan.get('updatedAt')}"
        return self.mirror.item(
            "interviewStage.list", key, lambda: self.api.call("interviewStage.list", {"interviewPlanId": plan["id"]}),
            reuse=self.mirror.delta,
        )  # fmt: skip

    def _candidates(self) -> dict[str, Any]:
        return self.mirror.list("candidate.list")

    def _applications(self) -> dict[str, Any]:
        return self.mirror.list("application.list")

    def _fetch_submissions(self, app_id: str) -> list[dict[str, Any]]:
        info = self.api.call("application.info", {"applicationId": app_id, "expand": ["applicationFormSubmissions"]})
        return info.get("applicationFormSubmissions") or []

    def _submissions(self, app: dict[str, Any]) -> list[dict[str, Any]]:
        """An application's form submissions (its screening answers). Only applications that
        came through a posting have them, and a submission never changes, so each is
        fetched once per connector (application.info is Ashby's only way to them)."""
        if not self._may_have_answers(app):
            return []
        return self.mirror.item("application.info", app["id"], lambda: self._fetch_submissions(app["id"]), reuse=True)

    def _may_have_answers(self, app: dict[str, Any]) -> bool:
        """Whether the application came through a posting whose form asks questions (a form
        of system fields only has no answers to fetch; unknown postings are asked)."""
        posting = app.get("appliedViaJobPostingId")
        return bool(posting) and self._asks.get(posting, True)

    def _prefetch_submissions(self, apps: Iterable[dict[str, Any]]) -> None:
        """Fetch the submissions not known yet, several at a time over a network (one call
        per application is the price of Ashby's API; in-process calls gain nothing from
        threads, so they stay sequential)."""
        missing = [a["id"] for a in apps if self._may_have_answers(a) and not self.mirror.has_item("application.info", a["id"])]
        if not missing or self.transport.wsgi_app is not None or self.answer_workers <= 1:
            return
        with ThreadPoolExecutor(max_workers=self.answer_workers) as pool:
            for app_id, found in zip(missing, pool.map(self._fetch_submissions, missing), strict=True):
                self.mirror.put_item("application.info", app_id, found)

    # -- users -----------------------------------------------------------------------------
    def read_users(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            for u in self._users().values():
                yield User(
                    id=uid("users", u["id"]), remote_id=u["id"], changed_at=M.parse_time(u["updatedAt"]),
                    first_name=u.get("firstName"), last_name=u.get("lastName"),
                    status="ACTIVE" if u.get("isEnabled") else "INACTIVE", remote_data=self._raw("user.list", u),
                )  # fmt: skip

        return self._read("users", updated_after, build)

    # -- jobs and postings -----------------------------------------------------------------
    def _primary_posting(self, job: dict[str, Any], published: set[str]) -> dict[str, Any] | None:
        """The posting a job's description, URL and workplace come from: its first published
        posting (in jobPostingIds order), else its first posting."""
        postings = self._postings_of(job)
        return next((p for p in postings if p["id"] in published), postings[0] if postings else None)

    @staticmethod
    def _job_visibility(job: dict[str, Any], postings: list[dict[str, Any]], published: set[str]) -> str:
        """Ashby has no job visibility: confidential jobs are CONFIDENTIAL, a listed published
        posting on the external board makes a job PUBLIC, an unlisted one UNLISTED, else INTERNAL."""
        if job.get("confidential"):
            return "CONFIDENTIAL"
        live = [p for p in postings if p["id"] in published and p.get("externalLink")]
        if any(p.get("isListed") for p in live):
            return "PUBLIC"
        return "UNLISTED" if live else "INTERNAL"

    def read_jobs(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            departments = self._departments()
            types = self._custom_types()
            published = self._published_posting_ids()
            for job in self._jobs().values():
                postings = self._postings_of(job)
                primary = self._primary_posting(job, published)
                department = departments.get(job.get("departmentId") or "")
                yield Job(
                    id=uid("jobs", job["id"]), remote_id=job["id"], changed_at=M.parse_time(job["updatedAt"]),
                    name=job.get("title"),
                    description=primary.get("descriptionHtml") if primary else None,
                    confidential=job.get("confidential"),
                    employment_type=M.EMPLOYMENT_TYPE.get(job.get("employmentType"), job.get("employmentType")),
                    status=M.JOB_STATUS.get(job.get("status"), job.get("status")),
                    visibility=self._job_visibility(job, postings, published),
                    department=department["name"] if department else None,
                    post_url=primary.get("externalLink") if primary else None,
                    remote_work_status=M.WORKPLACE.get(primary.get("workplaceType")) if primary else None,
                    location=M.location_of_address((job.get("location") or {}).get("address")),
                    custom_fields=M.custom_fields(job.get("customFields"), types),
                    integration_fields=M.integration_fields(job.get("customFields"), types),
                    opened_at=M.parse_time(job.get("openedAt")),
                    remote_data=self._raw("job.list", job),
                    **M.salary(job),
                )  # fmt: skip

        return self._read("jobs", updated_after, build)

    def read_job_postings(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            published = self._published_posting_ids()
            for job in self._jobs().values():
                for posting in self._postings_of(job):
                    external = posting.get("externalLink")
                    visibility = "INTERNAL" if not external else "PUBLIC" if posting.get("isListed") else "UNLISTED"
                    yield JobPosting(
                        id=uid("job_postings", posting["id"]), remote_id=posting["id"],
                        changed_at=M.parse_time(posting.get("updatedAt")), title=posting.get("title"),
                        description_html=posting.get("descriptionHtml"),
                        status="ACTIVE" if posting["id"] in published else "INACTIVE",
                        visibility=visibility, url=external, job_id=uid("jobs", job["id"]),
                    )  # fmt: skip

        return self._read("job_postings", updated_after, build)

    def read_job_hiring_team(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            for job in self._jobs().values():
                roles: dict[str, list[dict[str, Any]]] = {}
                for member in job.get("hiringTeam") or []:
                    role = member.get("role")
                    roles.setdefault(member["userId"], []).append(
                        {"remote_id": role, "remote_label": role, "scope": "JOB",
                         "unified_type": M.ROLE_TYPE.get(role)}
                    )  # fmt: skip
                for user_id, assigned in roles.items():
                    record_id = join_id("job_hiring_team", job["id"], user_id)
                    yield JobHiringTeamMember(
                        id=record_id, changed_at=self._stamp("job_hiring_team", record_id, assigned),
                        job_id=uid("jobs", job["id"]), user_id=uid("users", user_id), roles=assigned,
                    )  # fmt: skip

        return self._read("job_hiring_team", updated_after, build)

    # -- stages ----------------------------------------------------------------------------
    def read_application_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            seen: set[str] = set()
            for plan in self._plans().values():
                for stage in self._stages_of(plan):
                    if stage["id"] in seen:
                        continue
                    seen.add(stage["id"])
                    yield ApplicationStage(
                        id=uid("application_stages", stage["id"]), remote_id=stage["id"],
                        changed_at=self._stamp("application_stages", stage["id"], stage), name=stage.get("title"),
                        remote_data=self._raw("interviewStage.list", stage),
                    )  # fmt: skip

        return self._read("application_stages", updated_after, build)

    def read_job_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            plans = self._plans()
            for job in self._jobs().values():
                plan = plans.get(job.get("defaultInterviewPlanId") or "")
                if plan is None:
                    continue
                for stage in self._stages_of(plan):
                    record_id = join_id("job_stages", job["id"], stage["id"])
                    index = stage.get("orderInInterviewPlan")
                    yield JobStage(
                        id=record_id, changed_at=self._stamp("job_stages", record_id, index),
                        job_id=uid("jobs", job["id"]), stage_id=uid("application_stages", stage["id"]), index=index,
                    )  # fmt: skip

        return self._read("job_stages", updated_after, build)

    # -- screening questions -----------------------------------------------------------------
    def _form_entries(self, job: dict[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
        """(field entry, survey type) of a job's questions, in form order: the application
        form's own questions of its first posting, then its survey forms' questions."""
        postings = self._postings_of(job)
        if not postings:
            return []
        posting = postings[0]
        entries: list[tuple[dict[str, Any], str | None]] = []
        for section in (posting.get("applicationFormDefinition") or {}).get("sections") or []:
            for entry in section.get("fields") or []:
                if not entry["field"]["path"].startswith(M.SYSTEM_FIELD_PREFIX):
                    entries.append((entry, None))
        for survey in posting.get("surveyFormDefinitions") or []:
            for section in (survey.get("formDefinition") or {}).get("sections") or []:
                entries.extend((entry, survey.get("surveyType")) for entry in section.get("fields") or [])
        return entries

    def read_screening_questions(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            seen: set[str] = set()
            for job in self._jobs().values():
                for entry, survey_type in self._form_entries(job):
                    field = entry["field"]
                    if field["path"] in seen:
                        continue
                    seen.add(field["path"])
                    shown = {"field": field, "description": entry.get("descriptionHtml"), "survey": survey_type}
                    yield ScreeningQuestion(
                        id=uid("screening_questions", field["path"]), remote_id=field["path"],
                        changed_at=self._stamp("screening_questions", field["path"], shown), title=field.get("title"),
                        description=entry.get("descriptionHtml"), format=M.question_format(field),
                        category=M.SURVEY_CATEGORY.get(survey_type or ""),
                    )  # fmt: skip

        return self._read("screening_questions", updated_after, build)

    def read_job_screening_questions(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            for job in self._jobs().values():
                for index, (entry, _survey) in enumerate(self._form_entries(job)):
                    path = entry["field"]["path"]
                    condition = entry.get("condition") or {}
                    gate = condition.get("path")
                    values = condition.get("values") or []
                    options = [v if isinstance(v, bool) else M.option_id(v) for v in values] if gate else None
                    record_id = join_id("job_screening_questions", job["id"], path)
                    shown = [index, entry.get("isRequired"), condition]
                    yield JobScreeningQuestion(
                        id=record_id, changed_at=self._stamp("job_screening_questions", record_id, shown),
                        job_id=uid("jobs", job["id"]), question_id=uid("screening_questions", path), index=index,
                        required=entry.get("isRequired"),
                        precondition_question_id=uid("screening_questions", gate) if gate else None,
                        precondition_options=options or None,
                    )  # fmt: skip

        return self._read("job_screening_questions", updated_after, build)

    # -- candidates and tags -----------------------------------------------------------------
    def candidate_record(self, c: dict[str, Any]) -> Candidate:
        first, last = M.split_name(c.get("name", ""))
        return Candidate(
            id=uid("candidates", c["id"]), remote_id=c["id"], changed_at=M.parse_time(c.get("updatedAt")),
            first_name=first, last_name=last, company=c.get("company"), title=c.get("position"),
            source=(c.get("source") or {}).get("title"),
            phone_numbers=[{"phone_number": p["value"], "type": M.upper(p.get("type"))} for p in c.get("phoneNumbers") or []],
            email_addresses=[{"email_address": e["value"], "type": M.upper(e.get("type"))}
                             for e in c.get("emailAddresses") or []],
            social_media=[{"link": s["url"], "type": M.SOCIAL_TYPE.get(s.get("type"), M.upper(s.get("type"))),
                           "username": None} for s in c.get("socialLinks") or []],
            location=M.location_of_components(c.get("location")),
            remote_created_at=M.parse_time(c.get("createdAt")), remote_updated_at=M.parse_time(c.get("updatedAt")),
            remote_data=self._raw("candidate.list", c),
        )  # fmt: skip

    def read_candidates(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return self._read("candidates", updated_after, lambda: map(self.candidate_record, self._candidates().values()))

    def read_tags(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            for tag in self.mirror.list("candidateTag.list", {"includeArchived": True}).values():
                changed = self._stamp("tags", tag["id"], tag)
                yield Tag(
                    id=uid("tags", tag["id"]), remote_id=tag["id"], changed_at=changed, name=tag.get("title"),
                    # An archived tag can no longer be used: Kombo shows it as deleted.
                    remote_deleted_at=changed if tag.get("isArchived") else None,
                    remote_data=self._raw("candidateTag.list", tag),
                )  # fmt: skip

        return self._read("tags", updated_after, build)

    def read_candidate_tags(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            for c in self._candidates().values():
                for tag in c.get("tags") or []:
                    record_id = join_id("candidate_tags", c["id"], tag["id"])
                    yield CandidateTag(
                        id=record_id, changed_at=self._stamp("candidate_tags", record_id, True),
                        candidate_id=uid("candidates", c["id"]), tag_id=uid("tags", tag["id"]),
                    )  # fmt: skip

        return self._read("candidate_tags", updated_after, build)

    # -- applications --------------------------------------------------------------------------
    def _answers(self, app: dict[str, Any]) -> list[dict[str, Any]]:
        """The answers of an application's form submissions, in the form's question order."""
        answers: list[dict[str, Any]] = []
        for submission in self._submissions(app):
            values = submission.get("submittedValues") or {}
            for section in (submission.get("formDefinition") or {}).get("sections") or []:
                for entry in section.get("fields") or []:
                    field = entry["field"]
                    given = M.answer(field, values[field["path"]]) if field["path"] in values else None
                    if given is not None:
                        answers.append(given)
        return answers

    def application_record(self, app: dict[str, Any]) -> Application:
        archived = app.get("status") == "Archived"
        return Application(
            id=uid("applications", app["id"]), remote_id=app["id"], changed_at=M.parse_time(app.get("updatedAt")),
            outcome=M.outcome(app.get("status")),
            rejection_reason_name=(app.get("archiveReason") or {}).get("text") if archived else None,
            rejected_at=M.parse_time(app.get("archivedAt")) if archived else None,
            current_stage_id=uid("application_stages", app["currentInterviewStage"]["id"]),
            job_id=uid("jobs", app["job"]["id"]), candidate_id=uid("candidates", app["candidate"]["id"]),
            screening_question_answers=self._answers(app),
            remote_created_at=M.parse_time(app.get("createdAt")), remote_updated_at=M.parse_time(app.get("updatedAt")),
            remote_data=self._raw("application.list", app),
        )  # fmt: skip

    def read_applications(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            apps = self._applications().values()
            self._prefetch_submissions(apps)
            return map(self.application_record, apps)

        return self._read("applications", updated_after, build)

    def read_rejection_reasons(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            reasons = self.mirror.list("archiveReason.list", {"includeArchived": True}, paginated=False, sync=False)
            for reason in reasons.values():
                changed = self._stamp("rejection_reasons", reason["id"], reason)
                yield RejectionReason(
                    id=uid("rejection_reasons", reason["id"]), remote_id=reason["id"], changed_at=changed,
                    name=reason.get("text"), remote_deleted_at=changed if reason.get("isArchived") else None,
                    remote_data=self._raw("archiveReason.list", reason),
                )  # fmt: skip

        return self._read("rejection_reasons", updated_after, build)

    # -- interviews and offers -----------------------------------------------------------------
    def _events(self) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
        for schedule in self.mirror.list("interviewSchedule.list").values():
            for event in schedule.get("interviewEvents") or []:
                yield schedule, event

    def read_interviews(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            titles = {
                i: d.get("title")
                for i, d in self.mirror.list("interview.list", {"includeArchived": True,
                                                                "includeNonSharedInterviews": True}).items()
            }  # fmt: skip
            for schedule, event in self._events():
                yield Interview(
                    id=uid("interviews", event["id"]), remote_id=event["id"], changed_at=M.parse_time(event.get("updatedAt")),
                    title=titles.get(event.get("interviewId")), starting_at=M.parse_time(event.get("startTime")),
                    ending_at=M.parse_time(event.get("endTime")),
                    application_id=uid("applications", schedule["applicationId"]),
                    stage_id=uid("application_stages", schedule["interviewStageId"]),
                    remote_created_at=M.parse_time(event.get("createdAt")),
                    remote_updated_at=M.parse_time(event.get("updatedAt")),
                    remote_data=self._raw("interviewSchedule.list", {**schedule, "interviewEvents": [event]}),
                )  # fmt: skip

        return self._read("interviews", updated_after, build)

    def read_interview_users(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            for _schedule, event in self._events():
                users = event.get("interviewerUserIds") or [u["id"] for u in event.get("interviewers") or []]
                for user_id in users:
                    record_id = join_id("interview_users", event["id"], user_id)
                    yield InterviewUser(
                        id=record_id, changed_at=self._stamp("interview_users", record_id, True),
                        interview_id=uid("interviews", event["id"]), user_id=uid("users", user_id),
                    )  # fmt: skip

        return self._read("interview_users", updated_after, build)

    def read_offers(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        def build() -> Iterable[UnifiedRecord]:
            types = self._custom_types()
            for offer in self.mirror.list("offer.list").values():
                version = offer.get("latestVersion") or {}
                # offer.list carries one time: when the latest version was made.
                made = M.parse_time(version.get("createdAt"))
                values = version.get("customFields")
                yield Offer(
                    id=uid("offers", offer["id"]), remote_id=offer["id"], changed_at=made or self.mirror.now(),
                    status=M.offer_status(offer), employment_start_date=M.parse_time(version.get("startDate")),
                    application_id=uid("applications", offer["applicationId"]),
                    custom_fields=M.custom_fields(values, types), integration_fields=M.integration_fields(values, types),
                    remote_created_at=made, remote_updated_at=made, remote_data=self._raw("offer.list", offer),
                )  # fmt: skip

        return self._read("offers", updated_after, build)
