"""Project the world into the unified records a vendor's connector should deliver.

A `Projection` turns the vendor-neutral world into expected unified records, one dict of
field -> value per record, for every unified model. The generic rules here are what any
vendor that carries a concept delivers (a job's department is its first department's name,
its location is its first office, an application's stage is its current stage ...). Each
vendor subclasses it in `contracts/vendors/<vendor>.py` to say how its native ids derive
from world ids, which world records it shows, and where its documented mapping rules or
its wire format change a value (Gem keeps only the first office; Personio has predefined
stages).

The oracle then keeps only the fields the coverage table lists and checks every other
field is empty, so a projection may compute more than the vendor delivers.

Two markers stand for values the world cannot know exactly: `ANY_TIME` (a timestamp the
connector stamps, like `changed_at`) and `NON_EMPTY` (the raw vendor payload in
`remote_data`). Everything else is an exact value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, ClassVar

from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.fixtures import World, WorldIndex
from atsbox.fixtures import model as w


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ANY_TIME = _Marker("<any timestamp>")
NON_EMPTY = _Marker("<any non-empty value>")

Expected = dict[str, Any]

# World record kinds a vendor's `remote_id` is asked about.
KINDS = (
    "user", "department", "office", "rejection_reason", "tag", "source", "question", "option",
    "custom_field", "job", "posting", "stage", "candidate", "attachment", "application",
    "interview", "offer", "note",
)  # fmt: skip


def iso(value: datetime | date | None) -> str | None:
    """The one textual form the oracle compares times in: UTC, milliseconds, `Z`."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return value.isoformat()


def location_of(address: w.Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "city": address.city,
        "country": address.country,
        "state": address.region,
        "zip_code": address.zip_code,
        "street_1": address.street,
        "street_2": None,
        "raw": None,
    }


class Projection:
    """World -> expected unified records for one vendor (before the coverage filter)."""

    vendor: ClassVar[str] = ""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ix = WorldIndex(world)
        self._custom_defs = {d.key: d for d in world.custom_fields}

    # -- what every vendor says ------------------------------------------------------

    def remote_id(self, kind: str, world_id: str) -> str:
        """The vendor's native id for a world record (the mock's id scheme)."""
        raise NotImplementedError

    def shows(self, kind: str, record: Any) -> bool:
        """Whether the checked sync delivers this world record.

        By default every record does, deleted ones included: the engine lets the connector
        see the world's deleted records first and then deletes them, so the sync it checks
        must report them with `remote_deleted_at` (see `contracts.engine.observed_deletions`).
        """
        return True

    def deleted_at(self, kind: str, record: Any) -> Any:
        """The expected `remote_deleted_at`: the world's deletion time by default. A vendor
        whose API cannot say when a record was deleted expects `ANY_TIME` (the connector
        stamps the time it noticed)."""
        times = getattr(record, "times", None)
        return iso(times.deleted_at) if times and times.deleted_at else None

    # -- helpers ---------------------------------------------------------------------

    def uid(self, model: str, kind: str, world_id: str) -> str:
        return unified_id(model, self.remote_id(kind, world_id))

    def join_uid(self, model: str, left: tuple[str, str], right: tuple[str, str]) -> str:
        return unified_id(model, join_remote_id(self.remote_id(*left), self.remote_id(*right)))

    def base(self, model: str, kind: str, record: Any) -> Expected:
        """Fields every synced record has: ids, change tracking, raw payload."""
        times: w.Timestamps | None = getattr(record, "times", None)
        return {
            "id": self.uid(model, kind, record.id),
            "remote_id": self.remote_id(kind, record.id),
            "changed_at": ANY_TIME,
            "remote_deleted_at": self.deleted_at(kind, record),
            "remote_created_at": iso(times.created_at) if times else None,
            "remote_updated_at": iso(times.updated_at) if times else None,
            "remote_data": NON_EMPTY,
        }

    def custom_fields_of(self, values: dict[str, Any]) -> dict[str, Any]:
        """Custom values keyed by the field's label, the name a user sees in the vendor."""
        return {
            self._custom_defs[key].label: value for key, value in values.items() if key in self._custom_defs
        }

    def integration_fields_of(self, values: dict[str, Any]) -> list[dict[str, Any]]:
        fields = []
        for key, value in values.items():
            definition = self._custom_defs.get(key)
            if definition is None:
                continue
            fields.append(
                {
                    "id": unified_id("integration_fields", self.remote_id("custom_field", definition.id)),
                    "key": self.remote_id("custom_field", definition.id),
                    "type": "CUSTOM",
                    "value": value,
                    "label": definition.label,
                }
            )
        return fields

    def visible(self, kind: str, records: Iterable[Any]) -> list[Any]:
        return [r for r in records if self.shows(kind, r)]

    # -- models ----------------------------------------------------------------------

    def expected(self, model: str) -> dict[str, Expected]:
        """Expected records of one unified model, keyed by unified id."""
        builder: Callable[[], Iterable[Expected]] = getattr(self, model)
        return {record["id"]: record for record in builder()}

    def users(self) -> Iterable[Expected]:
        for user in self.visible("user", self.world.users):
            yield {
                **self.base("users", "user", user),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "status": user.status,
            }

    def jobs(self) -> Iterable[Expected]:
        for job in self.visible("job", self.world.jobs):
            yield self.job(job)

    def job(self, job: w.Job) -> Expected:
        department = self.ix.department(job.department_ids[0]) if job.department_ids else None
        office = self.ix.office(job.office_ids[0]) if job.office_ids else None
        posting = self.primary_posting(job)
        return {
            **self.base("jobs", "job", job),
            "name": job.name,
            "job_code": job.job_code,
            "description": job.description_html,
            "confidential": job.confidential,
            "weekly_hours": job.weekly_hours,
            "employment_type": job.employment_type,
            "status": job.status,
            "visibility": job.visibility,
            "category": job.category,
            "department": department.name if department else None,
            "post_url": posting.url if posting else None,
            "experience_level": job.experience_level,
            "remote_work_status": job.remote_work_status,
            "salary_amount": job.salary.amount,
            "salary_amount_from": job.salary.amount_from,
            "salary_amount_to": job.salary.amount_to,
            "salary_currency": job.salary.currency,
            "salary_period": job.salary.period,
            "location": location_of(office.address) if office else None,
            "custom_fields": self.custom_fields_of(job.custom_fields),
            "integration_fields": self.integration_fields_of(job.custom_fields),
            "remote_url": None,
            "opened_at": iso(job.opened_at),
            "closed_at": iso(job.closed_at),
        }

    def primary_posting(self, job: w.Job) -> w.JobPosting | None:
        """The posting whose URL a job carries: the newest live and active one."""
        candidates = [
            p for p in job.postings if p.live and p.status == "ACTIVE" and p.times.deleted_at is None
        ]
        return max(candidates, key=lambda p: p.times.created_at, default=None)

    def job_postings(self) -> Iterable[Expected]:
        for job in self.visible("job", self.world.jobs):
            for posting in self.visible("posting", job.postings):
                yield {
                    **self.base("job_postings", "posting", posting),
                    "title": posting.title,
                    "description_html": posting.description_html,
                    "status": posting.status,
                    "visibility": posting.visibility,
                    "url": posting.url,
                    "job_id": self.uid("jobs", "job", job.id),
                }

    def candidates(self) -> Iterable[Expected]:
        for candidate in self.visible("candidate", self.world.candidates):
            yield self.candidate(candidate)

    def candidate(self, candidate: w.Candidate) -> Expected:
        source = self.ix.source(candidate.source_id) if candidate.source_id else None
        return {
            **self.base("candidates", "candidate", candidate),
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "company": candidate.company,
            "title": candidate.title,
            "confidential": candidate.confidential,
            "source": source.name if source else None,
            "phone_numbers": [{"phone_number": p.number, "type": p.type} for p in candidate.phones],
            "email_addresses": [{"email_address": e.address, "type": e.type} for e in candidate.emails],
            "social_media": [
                {"link": s.url, "type": s.type, "username": s.username} for s in candidate.social_links
            ],
            "location": location_of(candidate.address),
            "custom_fields": self.custom_fields_of(candidate.custom_fields),
            "integration_fields": self.integration_fields_of(candidate.custom_fields),
            "remote_url": None,
        }

    def application_stages(self) -> Iterable[Expected]:
        for job in self.visible("job", self.world.jobs):
            for stage in job.stages:
                yield {
                    **self.base("application_stages", "stage", stage),
                    "name": stage.name,
                    "status": "INACTIVE" if stage.hidden else "ACTIVE",
                    "custom_fields": {},
                    "global_index": None,
                    "remote_created_at": None,
                    "remote_updated_at": None,
                    "remote_deleted_at": None,
                }

    def applications(self) -> Iterable[Expected]:
        for application in self.visible("application", self.world.applications):
            yield self.application(application)

    def application(self, application: w.Application) -> Expected:
        reason = (
            self.ix.rejection_reason(application.rejection_reason_id)
            if application.rejection_reason_id
            else None
        )
        return {
            **self.base("applications", "application", application),
            "outcome": application.outcome,
            "rejection_reason_name": reason.name if reason else None,
            "rejected_at": iso(application.rejected_at),
            "current_stage_id": self.uid("application_stages", "stage", application.stage_id),
            "job_id": self.uid("jobs", "job", application.job_id),
            "candidate_id": self.uid("candidates", "candidate", application.candidate_id),
            "screening_question_answers": self.answers_of(application),
            "custom_fields": self.custom_fields_of(application.custom_fields),
            "integration_fields": self.integration_fields_of(application.custom_fields),
            "remote_url": None,
        }

    def answers_of(self, application: w.Application) -> list[dict[str, Any]]:
        """Screening answers in Kombo's shape; FILE answers are never returned."""
        answers = []
        for answer in application.answers:
            question = self.ix.question(answer.question_id)
            kind = question.format.type
            if kind == "FILE":
                continue
            options = {o.id: o.name for o in question.format.options}
            if kind == "TEXT":
                value: dict[str, Any] = {"content": answer.value}
            elif kind == "DATE":
                value = {"date": answer.value}
            elif kind == "NUMBER":
                value = {"number": answer.value}
            elif kind == "BOOLEAN":
                value = {"checked": answer.value}
            elif kind == "SINGLE_SELECT":
                value = {"choice": options.get(answer.value)}
            else:
                value = {"choices": [options[o] for o in answer.value if o in options]}
            answers.append(
                {
                    "question": {
                        "remote_id": self.remote_id("question", question.id),
                        "title": question.title,
                        "type": kind,
                    },
                    "answer": value,
                }
            )
        return answers

    def screening_questions(self) -> Iterable[Expected]:
        used = {q.question_id for job in self.visible("job", self.world.jobs) for q in job.questions}
        for question in self.world.questions:
            if question.id in used and self.shows("question", question):
                yield {
                    **self.base("screening_questions", "question", question),
                    "title": question.title,
                    "description": question.description,
                    "format": self.format_of(question),
                    "category": question.category,
                    "remote_created_at": None,
                    "remote_updated_at": None,
                }

    def format_of(self, question: w.Question) -> dict[str, Any]:
        fmt = question.format
        out: dict[str, Any] = {"type": fmt.type}
        if fmt.type in ("SINGLE_SELECT", "MULTI_SELECT"):
            out["options"] = [
                {
                    "id": unified_id("screening_question_options", self.remote_id("option", o.id)),
                    "remote_id": self.remote_id("option", o.id),
                    "name": o.name,
                }
                for o in fmt.options
            ]
        if fmt.type in ("TEXT", "NUMBER", "SINGLE_SELECT"):
            out["display_type"] = fmt.display_type
        if fmt.type == "TEXT":
            out["max_length"] = fmt.max_length
        if fmt.type == "NUMBER":
            out["min"] = fmt.min
            out["max"] = fmt.max
        return out

    def tags(self) -> Iterable[Expected]:
        for tag in self.visible("tag", self.world.tags):
            yield {**self.base("tags", "tag", tag), "name": tag.name}

    def candidate_tags(self) -> Iterable[Expected]:
        tags = {t.id for t in self.visible("tag", self.world.tags)}
        for candidate in self.visible("candidate", self.world.candidates):
            for tag_id in candidate.tag_ids:
                if tag_id in tags:
                    yield {
                        "id": self.join_uid("candidate_tags", ("candidate", candidate.id), ("tag", tag_id)),
                        "candidate_id": self.uid("candidates", "candidate", candidate.id),
                        "tag_id": self.uid("tags", "tag", tag_id),
                        "changed_at": ANY_TIME,
                        "remote_deleted_at": None,
                    }

    def interviews(self) -> Iterable[Expected]:
        shown_applications = {a.id for a in self.visible("application", self.world.applications)}
        for interview in self.visible("interview", self.world.interviews):
            if interview.application_id not in shown_applications:
                continue
            yield {
                **self.base("interviews", "interview", interview),
                "title": interview.title,
                "starting_at": iso(interview.starts_at),
                "ending_at": iso(interview.ends_at),
                "location": None,
                "video_conferencing_url": interview.video_url,
                "application_id": self.uid("applications", "application", interview.application_id),
                "stage_id": self.uid("application_stages", "stage", interview.stage_id),
                "canceled": interview.canceled,
            }

    def interview_users(self) -> Iterable[Expected]:
        for interview in self.interviews_shown():
            for user_id in interview.interviewer_ids:
                yield {
                    "id": self.join_uid("interview_users", ("interview", interview.id), ("user", user_id)),
                    "interview_id": self.uid("interviews", "interview", interview.id),
                    "user_id": self.uid("users", "user", user_id),
                    "changed_at": ANY_TIME,
                    "remote_deleted_at": None,
                }

    def interviews_shown(self) -> list[w.Interview]:
        shown = {e["remote_id"] for e in self.interviews()}
        return [i for i in self.world.interviews if self.remote_id("interview", i.id) in shown]

    def offers(self) -> Iterable[Expected]:
        shown_applications = {a.id for a in self.visible("application", self.world.applications)}
        for offer in self.visible("offer", self.world.offers):
            if offer.application_id not in shown_applications:
                continue
            yield {
                **self.base("offers", "offer", offer),
                "status": offer.status,
                "employment_start_date": iso(offer.start_date),
                "application_id": self.uid("applications", "application", offer.application_id),
                "custom_fields": self.custom_fields_of(offer.custom_fields),
                "integration_fields": self.integration_fields_of(offer.custom_fields),
            }

    def rejection_reasons(self) -> Iterable[Expected]:
        for reason in self.visible("rejection_reason", self.world.rejection_reasons):
            yield {**self.base("rejection_reasons", "rejection_reason", reason), "name": reason.name}

    def job_stages(self) -> Iterable[Expected]:
        for job in self.visible("job", self.world.jobs):
            for stage in job.stages:
                yield {
                    "id": self.join_uid("job_stages", ("job", job.id), ("stage", stage.id)),
                    "job_id": self.uid("jobs", "job", job.id),
                    "stage_id": self.uid("application_stages", "stage", stage.id),
                    "index": stage.index,
                    "changed_at": ANY_TIME,
                    "remote_deleted_at": None,
                }

    def job_screening_questions(self) -> Iterable[Expected]:
        for job in self.visible("job", self.world.jobs):
            for jq in job.questions:
                options = jq.precondition_options
                if options and isinstance(options[0], str):
                    options = [
                        unified_id("screening_question_options", self.remote_id("option", o)) for o in options
                    ]
                yield {
                    "id": self.join_uid(
                        "job_screening_questions", ("job", job.id), ("question", jq.question_id)
                    ),
                    "job_id": self.uid("jobs", "job", job.id),
                    "question_id": self.uid("screening_questions", "question", jq.question_id),
                    "index": jq.index,
                    "required": jq.required,
                    "precondition_question_id": (
                        self.uid("screening_questions", "question", jq.precondition_question_id)
                        if jq.precondition_question_id
                        else None
                    ),
                    "precondition_options": options,
                    "changed_at": ANY_TIME,
                    "remote_deleted_at": None,
                }

    def job_hiring_team(self) -> Iterable[Expected]:
        for job in self.visible("job", self.world.jobs):
            for member in job.hiring_team:
                yield {
                    "id": self.join_uid("job_hiring_team", ("job", job.id), ("user", member.user_id)),
                    "job_id": self.uid("jobs", "job", job.id),
                    "user_id": self.uid("users", "user", member.user_id),
                    "roles": self.roles_of(member),
                    "changed_at": ANY_TIME,
                    "remote_deleted_at": None,
                }

    def roles_of(self, member: w.HiringTeamMember) -> list[dict[str, Any]]:
        return [
            {
                "remote_id": role,
                "remote_label": role.replace("_", " ").title(),
                "scope": "JOB",
                "unified_type": role,
            }
            for role in member.roles
        ]
