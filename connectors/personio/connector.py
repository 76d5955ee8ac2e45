"""The Personio connector: reads over v2 and the career site, writes over Recruiting v1.

Reads (every model on the coverage page):

- jobs: v2 jobs merged with the XML feed (published positions only carry description,
  employment type, seniority and office); a credential without v2 access still gets the
  published jobs from the feed;
- candidates and applications: v2 lists, delta through ``updated_at.gt``;
- application stages and job-specific stages: inferred from the stages applications sit
  in (Personio has no stage endpoint, as Kombo describes);
- screening questions and job-specific screening questions: the published jobs' apply
  forms (careers.py holds that assumption);
- deletions and derived changes: Personio keeps no tombstones, so the connector remembers
  what it read (tracking.py) and reports a record a later complete listing no longer shows
  with ``remote_deleted_at``, and a record whose derived fields changed (a candidate's
  source, an inferred stage's jobs) as changed, both dated by Personio's clock. A delta read
  of candidates or applications therefore lists them in full (200 a page, shared with the
  stage inference and sources, which need every application anyway) once the connector has
  listed them before; a connector that has not uses ``updated_at.gt`` alone.

Writes: create candidate / create application upload each attachment first (one request per
file), then submit the application with the candidate's fields as Personio attributes, the
screening answers as custom attributes, the stage as a phase and the source as a
recruiting channel, and read the new application back through v2 (v1 answers 201 without
a body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

import requests

from atsbox.connectors.base import Connector, register_connector
from atsbox.connectors.errors import ConnectorError, InvalidInput, RemoteError
from atsbox.connectors.http import body_of
from atsbox.connectors.ids import join_remote_id, remote_id_of, unified_id
from atsbox.connectors.unified import (
    CreateApplicationInput,
    CreateCandidateInput,
    CreatedApplication,
    JobScreeningQuestion,
    ScreeningQuestion,
    UnifiedRecord,
)

from . import careers, mapping
from .client import PersonioApi
from .tracking import Sightings, VendorClock

GENDERS = {"MALE": "male", "FEMALE": "female", "OTHER": "diverse"}
CATEGORIES = {"CV": "cv", "COVER_LETTER": "cover-letter", "OTHER": "other"}
# v1 reasons that have a precise Kombo code.
REASON_CODES = {
    "errors.applicant-already-exists": "ATS.APPLICATION_ALREADY_EXISTS",
    "errors.job-position.not-published": "ATS.JOB_CLOSED",
}


@register_connector
class PersonioConnector(Connector):
    vendor = "personio"
    default_base_url = "https://api.personio.de"

    def __init__(self, transport: Any, **kwargs: Any) -> None:
        super().__init__(transport, **kwargs)
        self.api = PersonioApi(transport, self.credentials)
        # What earlier reads saw, per model: Personio keeps no tombstones, so deletions (and
        # changes of derived fields) are noticed, dated by Personio's clock.
        self.clock = VendorClock(transport)
        self.sightings = Sightings(self.clock.now)
        self._memo: dict[str, Any] | None = None  # listings shared within one read_all

    def _tracked(
        self, model: str, records: list[UnifiedRecord], *, complete: bool, updated_after: datetime | None
    ) -> list[UnifiedRecord]:
        """`records` plus the deletions a complete listing reveals, changed after `updated_after`."""
        return self.sightings.changed_after(model, records, complete=complete, updated_after=updated_after)

    @classmethod
    def parse_error(cls, response: requests.Response) -> ConnectorError | None:
        status = response.status_code
        if status in (401, 403, 429):
            return None  # the transport's AuthError / RateLimited
        body = body_of(response)
        errors = body.get("errors") if isinstance(body, dict) else None
        if not isinstance(errors, list) or not errors:
            return None
        reasons = [
            (entry.get("field"), problem.get("reason"))
            for entry in errors
            if isinstance(entry, dict)
            for problem in entry.get("errors") or []
            if isinstance(problem, dict)
        ]
        if reasons:
            code = next((REASON_CODES[r] for _, r in reasons if r in REASON_CODES), None)
            text = "; ".join(f"{field}: {reason}" for field, reason in reasons)
            return RemoteError(status, body, f"Personio refused the request: {text}", code=code)
        first = errors[0] if isinstance(errors[0], dict) else {}
        return RemoteError(
            status, body, f"Personio answered HTTP {status}: {first.get('detail') or first.get('title')}"
        )

    # --- what the reads share ----------------------------------------------------------

    def read_all(self, updated_after: datetime | None = None) -> dict[str, list[UnifiedRecord]]:
        """A full (or delta) sync of every model, fetching each Personio listing once: the
        stages, the candidates' sources and the questions all come from lists other models
        read too."""
        self._memo = {}
        try:
            return super().read_all(updated_after)
        finally:
            self._memo = None

    def _once(self, key: str, fetch: Callable[[], Any]) -> Any:
        """`fetch()`, shared by every model of one `read_all` (fetched anew otherwise)."""
        if self._memo is None:
            return fetch()
        if key not in self._memo:
            self._memo[key] = fetch()
        return self._memo[key]

    def _applications(self, updated_after: datetime | None = None) -> list[dict[str, Any]]:
        if updated_after is not None:
            params = {"updated_at.gt": updated_after.isoformat()}
            return list(self.api.v2_all("/v2/recruiting/applications", params))
        return self._once("applications", lambda: list(self.api.v2_all("/v2/recruiting/applications")))

    def _v2_jobs(self) -> list[dict[str, Any]]:
        if not self.api.has_v2:
            return []
        return self._once("jobs", lambda: list(self.api.v2_all("/v2/recruiting/jobs")))

    def _feed(self) -> dict[str, dict[str, Any]]:
        return self._once("feed", self._fetch_feed)

    def _fetch_feed(self) -> dict[str, dict[str, Any]]:
        language = self.credentials.get("feed_language")
        response = self.api.career(careers.FEED_PATH, {"language": language} if language else None)
        if response.status_code >= 400:
            raise self.transport.error_for(response)
        return careers.parse_feed(response.content)

    def _form(self, job_id: str) -> list[careers.FormField] | None:
        """The job's application form, or None when the job has no public apply page."""
        return self._once(f"form:{job_id}", lambda: self._fetch_form(job_id))

    def _fetch_form(self, job_id: str) -> list[careers.FormField] | None:
        response = self.api.career(
            careers.APPLY_PATH.format(job_id=job_id), {"language": careers.APPLY_LANGUAGE}
        )
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise self.transport.error_for(response)
        return careers.parse_apply_page(response.content)

    def _job_times(self) -> dict[str, datetime]:
        """When each job last changed: v2's updated_at (the feed's createdAt without v2)."""
        if self.api.has_v2:
            return {
                str(j["id"]): mapping.later(mapping.v2_time(j.get("updated_at"))) for j in self._v2_jobs()
            }
        return {job_id: mapping.later(p.get("createdAt")) for job_id, p in self._feed().items()}

    # --- reads -------------------------------------------------------------------------

    def read_jobs(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        positions = self._feed()
        jobs = {str(j["id"]): j for j in self._v2_jobs()}
        records = []
        for job_id in [*jobs, *(p for p in positions if p not in jobs)]:
            v2, position = jobs.get(job_id), positions.get(job_id)
            raw: dict[str, Any] = {}
            if v2 is not None:
                raw[f"/v2/recruiting/jobs/{job_id}"] = v2
            if position is not None:
                raw[careers.FEED_PATH] = position
            records.append(
                mapping.job(
                    job_id,
                    v2,
                    position,
                    careers.description_of(position) if position else None,
                    self.api.public_job_url(job_id) if position else None,
                    raw,
                )
            )
        return self._tracked("jobs", records, complete=True, updated_after=updated_after)

    def read_candidates(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        complete = self.sightings.lists_all("candidates", updated_after)
        params = None if complete or updated_after is None else {"updated_at.gt": updated_after.isoformat()}
        people = list(self.api.v2_all("/v2/recruiting/candidates", params))
        sources = self._sources(self._applications())
        records = [mapping.candidate(p, sources.get(str(p["id"]))) for p in people]
        return self._tracked("candidates", records, complete=complete, updated_after=updated_after)

    @staticmethod
    def _sources(applications: Iterable[Mapping[str, Any]]) -> dict[str, str | None]:
        """A candidate's source: the recruiting channel of their first application."""
        first: dict[str, tuple[str, int, str | None]] = {}
        for app in applications:
            key = (
                mapping.v2_time(app.get("created_at")) or "",
                int(app["id"]) if str(app["id"]).isdigit() else 0,
            )
            candidate_id = str(app["candidate"]["id"])
            if candidate_id not in first or key < first[candidate_id][:2]:
                first[candidate_id] = (*key, (app.get("channel") or {}).get("name"))
        return {candidate_id: entry[2] for candidate_id, entry in first.items()}

    def read_applications(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        complete = self.sightings.lists_all("applications", updated_after)
        records = [
            mapping.application(a, {f"/v2/recruiting/applications/{a['id']}": a})
            for a in self._applications(None if complete else updated_after)
        ]
        return self._tracked("applications", records, complete=complete, updated_after=updated_after)

    def read_application_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        stages, _ = mapping.inferred_stages(self._applications())
        return self._tracked("application_stages", stages, complete=True, updated_after=updated_after)

    def read_job_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        _, rows = mapping.inferred_stages(self._applications())
        return self._tracked("job_stages", rows, complete=True, updated_after=updated_after)

    def _questions(self) -> tuple[list[ScreeningQuestion], list[JobScreeningQuestion]]:
        times = self._job_times()
        questions: dict[str, ScreeningQuestion] = {}
        rows: list[JobScreeningQuestion] = []
        for job_id in self._feed():
            form = self._form(job_id)
            if form is None:
                continue
            changed = times.get(job_id)
            fields = [f for f in form if f.is_question]
            kinds = {f.name: f.control for f in fields}
            for index, field in enumerate(fields):
                question_uid = unified_id("screening_questions", field.name)
                seen = questions.get(field.name)
                if seen is None or seen.changed_at < changed:
                    questions[field.name] = ScreeningQuestion(
                        id=question_uid,
                        remote_id=field.name,
                        changed_at=changed,
                        title=field.label,
                        description=field.description,
                        format=careers.question_format(field, _option_uid),
                    )
                gate = field.depends_on
                rows.append(
                    JobScreeningQuestion(
                        id=unified_id("job_screening_questions", join_remote_id(job_id, field.name)),
                        changed_at=changed,
                        job_id=unified_id("jobs", job_id),
                        question_id=question_uid,
                        index=index,
                        required=field.required,
                        precondition_question_id=unified_id("screening_questions", gate) if gate else None,
                        precondition_options=_precondition(field.depends_on_values, kinds.get(gate or "")),
                    )
                )
        return list(questions.values()), rows

    def read_screening_questions(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        questions, _ = self._questions()
        return self._tracked("screening_questions", questions, complete=True, updated_after=updated_after)

    def read_job_screening_questions(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        _, rows = self._questions()
        return self._tracked("job_screening_questions", rows, complete=True, updated_after=updated_after)

    # --- writes ------------------------------------------------------------------------

    def create_candidate(self, data: CreateCandidateInput) -> CreatedApplication:
        return self._submit(data.application.job_id, data.application.stage_id, data, "application.")

    def create_application(self, job_id: str, data: CreateApplicationInput) -> CreatedApplication:
        return self._submit(job_id, data.stage_id, data, "")

    def _submit(
        self,
        job_id: str,
        stage_id: str | None,
        data: CreateCandidateInput | CreateApplicationInput,
        prefix: str,
    ) -> CreatedApplication:
        job = remote_id_of(job_id, "jobs", field=f"{prefix}job_id")
        if not job.isdigit():
            raise InvalidInput(f"a Personio job position id is a number, got {job!r}", f"{prefix}job_id")
        warnings: list[str] = []
        phase = _phase(stage_id, f"{prefix}stage_id")
        candidate = data.candidate
        body: dict[str, Any] = {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email_address,
            "job_position_id": int(job),
            "attributes": self._candidate_attributes(candidate, warnings),
        }
        if phase is not None:
            body["phase"] = phase
        channel = self._channel(data, warnings)
        if channel is not None:
            body["recruiting_channel_id"] = channel
        if data.screening_question_answers:
            body["attributes"] += self._answers(job, data, warnings)
        files = [self._upload(a, CATEGORIES[a.type]) for a in data.attachments]
        if files:
            body["files"] = files
        self.api.v1("POST", "/v1/recruiting/applications", json=body)
        return self._created(candidate.email_address, job, warnings)

    def _candidate_attributes(self, candidate: Any, warnings: list[str]) -> list[dict[str, str]]:
        values: dict[str, str | None] = {
            "phone": candidate.phone_number,
            "gender": GENDERS.get(candidate.gender) if candidate.gender else None,
            "available_from": _iso_date(candidate.availability_date) if candidate.availability_date else None,
        }
        if candidate.location is not None:
            parts = (candidate.location.city, candidate.location.country)
            values["location"] = ", ".join(p for p in parts if p)
        if candidate.salary_expectations is not None:
            expectation = candidate.salary_expectations
            values["salary_expectations"] = (
                f"{_number_text(expectation.amount)} per {expectation.period.lower()}"
            )
        for name in ("additional_email_addresses", "additional_phone_numbers", "social_links"):
            if getattr(candidate, name):
                warnings.append(
                    f"Personio keeps one email, one phone and no links: candidate.{name} was not sent."
                )
        return [{"id": key, "value": value} for key, value in values.items() if value]

    def _channel(self, data: Any, warnings: list[str]) -> int | None:
        """The recruiting channel to record as the source: the input's source id, else the
        channel configured for this connection (Kombo writes its source on every create)."""
        chosen = (data.source.id if data.source is not None else None) or self.credentials.get(
            "recruiting_channel_id"
        )
        if chosen is None:
            if data.source is not None and data.source.name:
                warnings.append("Personio sources are channel ids; a source name alone was not sent.")
            return None
        text = str(chosen).removeprefix("remote:")
        if not text.isdigit():
            raise InvalidInput(f"a Personio recruiting channel id is a number, got {chosen!r}", "source.id")
        return int(text)

    def _answers(self, job: str, data: Any, warnings: list[str]) -> list[dict[str, str]]:
        form = {f.name: f for f in self._form(job) or [] if f.is_question}
        out = []
        for i, item in enumerate(data.screening_question_answers):
            where = f"screening_question_answers.{i}"
            question = remote_id_of(item.question_id, "screening_questions", field=f"{where}.question_id")
            field = form.get(question)
            if field is None:
                warnings.append(
                    f"question {question} is not on the job's application form; its answer was not sent."
                )
                continue
            fmt = careers.question_format(field, _option_uid)
            out.append({"id": question, "value": self._answer(fmt, item.answer, f"{where}.answer")})
        return out

    def _answer(self, fmt: Mapping[str, Any], answer: Any, where: str) -> str:
        kind = fmt["type"]
        if kind == "FILE":
            if isinstance(answer, (str, bool, int, float, list)):
                raise InvalidInput("a FILE question takes a file", where)
            return self._upload(answer, "other")["uuid"]
        if kind == "BOOLEAN" and isinstance(answer, bool):
            return "true" if answer else "false"
        if kind == "NUMBER" and isinstance(answer, int | float) and not isinstance(answer, bool):
            return _number_text(answer)
        if kind == "TEXT" and isinstance(answer, str):
            return answer
        if kind == "DATE" and isinstance(answer, str):
            try:
                return date.fromisoformat(answer[:10]).isoformat()
            except ValueError:
                raise InvalidInput("a DATE answer is an ISO date", where) from None
        allowed = {o["id"]: o["remote_id"] for o in fmt.get("options") or []}
        if kind == "SINGLE_SELECT" and isinstance(answer, str) and answer in allowed:
            return allowed[answer]
        if kind == "MULTI_SELECT" and isinstance(answer, list) and all(a in allowed for a in answer):
            return ",".join(allowed[a] for a in answer)
        raise InvalidInput(f"the answer does not fit the question's format {kind}", where)

    def _upload(self, file: Any, category: str) -> dict[str, str]:
        resolved = self.file_bytes(file)
        response = self.api.v1(
            "POST",
            "/v1/recruiting/applications/documents",
            files={"file": (resolved.name, resolved.data, resolved.content_type)},
        )
        uploaded = response.json()
        return {"uuid": uploaded["uuid"], "original_filename": resolved.name, "category": category}

    def _created(self, email: str, job: str, warnings: list[str]) -> CreatedApplication:
        """The application just created, read back through v2 (v1 answers 201 and no body)."""
        theirs = list(self.api.v2_all("/v2/recruiting/applications", {"candidate.email": email}))
        found = [a for a in theirs if str(a["job"]["id"]) == job]
        if not found:
            raise RemoteError(201, None, "Personio accepted the application but v2 does not show it yet")
        newest = max(found, key=lambda a: (mapping.v2_time(a.get("created_at")) or "", int(a["id"])))
        person = self.api.v2_one(f"/v2/recruiting/candidates/{newest['candidate']['id']}")
        source = self._sources(theirs).get(str(person["id"]))
        return CreatedApplication(
            application=mapping.application(newest, {f"/v2/recruiting/applications/{newest['id']}": newest}),
            candidate=mapping.candidate(person, source),
            warnings=warnings,
        )

    # --- features ----------------------------------------------------------------------

    def passthrough(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        data: Any = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """A raw call with the credentials of the surface `path` belongs to: ``/v1/...`` the
        Recruiting API key and company id, ``/v2/...`` an access token, the career site's
        ``/xml`` and ``/job/...`` none (sent to the career site)."""
        extra: dict[str, str] = {}
        url = path
        if path.startswith("/v1/"):
            extra = self.api.v1_headers()
        elif path.startswith("/v2/") and not path.startswith("/v2/auth/"):
            extra = {"Authorization": f"Bearer {self.api.token()}"}
        elif path == careers.FEED_PATH or path.startswith("/job/"):
            url = self.api.career_site() + path
        return self.transport.request(
            method, url, json=json, params=params, data=data, files=files,
            headers={**extra, **(headers or {})}, raise_for_status=False, retry=False,
        )  # fmt: skip

    def test_scopes(self) -> dict[str, Any]:
        """Which surfaces the credentials reach (Kombo's scope testing), without writing.

        ``career_site``: the XML feed answers; ``recruiting_v1``: the Recruiting API key and
        company id are accepted (an empty submission is refused for its content, 400, not
        for its credentials); ``recruiting_v2``: a token is granted with
        ``personio:recruiting:read`` and the recruiting reads answer.
        """
        report: dict[str, Any] = {"scopes": []}
        feed = self.api.career(careers.FEED_PATH)
        report["career_site"] = feed.status_code == 200 and feed.content.lstrip().startswith(b"<?xml")
        if self.credentials.get("recruiting_api_key") and self.credentials.get("company_id"):
            probe = self.passthrough("POST", "/v1/recruiting/applications", json={})
            report["recruiting_v1"] = probe.status_code == 400
        else:
            report["recruiting_v1"] = False
        report["recruiting_v2"] = False
        if self.api.has_v2:
            try:
                self.api.token(renew=True)
            except ConnectorError:
                return report
            report["scopes"] = list(self.api.granted_scopes)
            probe = self.passthrough("GET", "/v2/recruiting/jobs", params={"limit": 1})
            report["recruiting_v2"] = probe.status_code == 200
        return report

    def custom_attributes(self, job_id: str) -> list[dict[str, Any]]:
        """The custom attributes a job's applications can carry (Kombo's custom field
        explorer): each ``custom_attribute_<n>`` on the job's application form with its
        label, type, whether it is required and its options."""
        job = remote_id_of(job_id, "jobs", field="job_id")
        form = self._form(job)
        if form is None:
            raise RemoteError(404, None, f"job {job} has no public application form")
        return [
            {
                "key": f.name,
                "label": f.label,
                "type": careers.question_format(f, _option_uid)["type"],
                "required": f.required,
                "options": [{"key": value, "label": name} for value, name in f.options],
            }
            for f in form
            if f.is_question
        ]


def _option_uid(value: str) -> str:
    return unified_id("screening_question_options", value)


def _precondition(values: list[str], gate_control: str | None) -> list[str] | list[bool] | None:
    if not values:
        return None
    if gate_control == "checkbox":
        return [v == "true" for v in values]
    return [_option_uid(v) for v in values]


def _phase(stage_id: str | None, where: str) -> dict[str, Any] | None:
    """A unified or remote stage id as Personio's phase: a predefined stage by its word, a
    custom stage by its number. Stages cannot be read, so nothing else can be resolved."""
    if stage_id is None:
        return None
    remote = remote_id_of(stage_id, "application_stages", field=where)
    if remote.lower() in mapping.SYSTEM_PHASES:
        return {"type": "system", "id": remote.lower()}
    if remote.isdigit():
        return {"type": "custom", "id": int(remote)}
    raise InvalidInput(
        "Personio only takes a predefined stage ("
        + ", ".join(mapping.SYSTEM_PHASES)
        + ") or a custom stage's "
        f"remote id; {remote!r} is neither",
        where,
    )


def _number_text(value: float) -> str:
    """A number as Personio's attribute text: whole numbers without ``.0``."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _iso_date(value: date | datetime) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()
