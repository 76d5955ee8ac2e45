"""The Factorial connector: Factorial's ATS API (version 2026-10-01) -> Kombo's unified model.

Auth: an API key (`x-api-key`) or OAuth2 (`client_id`, `client_secret`, `redirect_uri`,
optionally a stored `access_token` / `refresh_token`); with OAuth the connector runs the
authorization-code flow itself when it has no token and refreshes it before expiry or after
a 401.

Reads list every page (limit 100, following `meta.end_cursor`) of the resources a model
needs, once per read: no request per record. Factorial has no change filter, so a delta read
is a full read narrowed by changes.ChangeLog, which dates what it notices by Factorial's clock
(the `Date` of its answers), the clock a caller's `updated_after` is compared with.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from atsbox.connectors.base import Connector, ResolvedFile, register_connector
from atsbox.connectors.errors import AuthError, ConnectorError, InvalidInput, RemoteError
from atsbox.connectors.http import body_of
from atsbox.connectors.ids import remote_id_of
from atsbox.connectors.unified import (
    AttachmentInput,
    CreateApplicationInput,
    CreateCandidateInput,
    CreatedApplication,
    UnifiedRecord,
)

from . import mapping
from .changes import ChangeLog
from .oauth import OAuthClient, Token

PAGE = 100
OAUTH_KEYS = ("client_id", "client_secret")
DATES = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")


def credential(credentials: Mapping[str, Any], name: str) -> str | None:
    value = credentials.get(name)
    value = getattr(value, "secret", value)  # a sandbox Credential or a plain string
    return str(value) if value else None


@register_connector
class FactorialConnector(Connector):
    vendor = "factorial"
    default_base_url = "https://api.factorialhr.com"
    version = mapping.VERSION

    def __init__(self, transport: Any, **kwargs: Any) -> None:
        super().__init__(transport, **kwargs)
        self.changes = ChangeLog(self.now)
        self.oauth: OAuthClient | None = None
        self._server_time: datetime | None = None
        # One custom-value listing serves a pass over the models: (fields, values, types served).
        self._values: tuple[list[dict[str, Any]], list[dict[str, Any]], set[str]] | None = None
        if credential(self.credentials, "api_key") is None and all(
            credential(self.credentials, k) for k in OAUTH_KEYS
        ):
            self.oauth = self._oauth_client()

    @classmethod
    def transport_kwargs(cls, credentials: Mapping[str, str]) -> dict[str, Any]:
        key = credential(credentials, "api_key")
        return {"headers": {"x-api-key": key, "Accept": "application/json"}} if key else {}

    @classmethod
    def parse_error(cls, response: requests.Response) -> ConnectorError | None:
        """Factorial's envelope (`{"errors": [{"code", "message", "field"}]}`) into the message."""
        status = response.status_code
        if status == 429:
            return None  # the transport reads Retry-After
        body = body_of(response)
        errors = body.get("errors") if isinstance(body, dict) else None
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
        message = first.get("message")
        text = f"Factorial answered HTTP {status}: {message}" if message else None
        if status in (401, 403):
            return AuthError(status, body, text)
        return RemoteError(status, body, text)

    # -- OAuth ------------------------------------------------------------------------------
    def _oauth_client(self) -> OAuthClient:
        stored = credential(self.credentials, "access_token")
        expires = self.credentials.get("expires_at")
        token = (
            Token(
                stored,
                credential(self.credentials, "refresh_token"),
                mapping.parse_time(expires) if isinstance(expires, str) else expires,
            )  # fmt: skip
            if stored
            else None
        )
        return OAuthClient(
            self.transport.session,
            self.transport.base_url,
            credential(self.credentials, "client_id") or "",
            credential(self.credentials, "client_secret") or "",
            credential(self.credentials, "redirect_uri") or "",
            now=self.now,
            scope=credential(self.credentials, "scope"),
            token=token,
        )

    def now(self) -> datetime:
        """Factorial's time: the `Date` of its latest answer, else this machine's clock."""
        return self._server_time or self.transport.now()

    def _note_time(self, response: requests.Response) -> None:
        found = server_date(response.headers.get("Date"))
        if found is not None:
            self._server_time = found

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A request with the current credentials; an OAuth 401 refreshes once and retries."""
        if self.oauth is None:
            response = self.transport.request(method, path, raise_for_status=False, **kwargs)
        else:
            headers = {**kwargs.pop("headers", {}), "Authorization": self.oauth.header()}
            response = self.transport.request(method, path, headers=headers, raise_for_status=False, **kwargs)
            if response.status_code == 401:
                self.oauth.refresh()
                headers["Authorization"] = self.oauth.header()
                response = self.transport.request(method, path, headers=headers, raise_for_status=False,
                                                  **kwargs)  # fmt: skip
        self._note_time(response)
        if response.status_code >= 400:
            raise self.transport.error_for(response)
        return response

    def passthrough(self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None,
                    data: Any = None, files: Any = None,
                    headers: Mapping[str, str] | None = None) -> requests.Response:  # fmt: skip
        sent = dict(headers or {})
        if self.oauth is not None:
            sent.setdefault("Authorization", self.oauth.header())
        return self.transport.request(method, path, json=json, params=params, data=data, files=files,
                                      headers=sent, raise_for_status=False, retry=False)  # fmt: skip

    # -- HTTP helpers -------------------------------------------------------------------------
    def path(self, resource: str) -> str:
        return f"/api/{self.version}/resources/{resource}"

    def pages(self, resource: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        query: dict[str, Any] = {"limit": PAGE, **(params or {})}
        while True:
            page = self._request("GET", self.path(resource), params=query).json()
            yield from page["data"]
            meta = page.get("meta") or {}
            if not meta.get("has_next_page") or not meta.get("end_cursor"):
                return
            query = {**query, "after_id": meta["end_cursor"]}

    def all(self, resource: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return list(self.pages(resource, params))

    def by_id(self, resource: str) -> dict[str, dict[str, Any]]:
        return {mapping.rid(item["id"]): item for item in self.pages(resource)}

    def get(self, resource: str, remote: str) -> dict[str, Any]:
        return self._request("GET", self.path(f"{resource}/{remote}")).json()

    def custom_values(self, valuable_type: str) -> mapping.CustomValues:
        """Factorial lists every record's custom values in one collection (no filter by record
        type), the longest listing of a sync: jobs and candidates of one pass over the models
        share it; reading a model again lists anew."""
        if self._values is None or valuable_type in self._values[2]:
            self._values = (self.all("custom_fields/fields"), self.all("custom_fields/values"), set())
        self._values[2].add(valuable_type)
        return mapping.CustomValues.of(self._values[0], self._values[1], valuable_type)

    # -- reads --------------------------------------------------------------------------------
    def _tracked(self, model: str, rows: list[tuple[UnifiedRecord, datetime | None, bool]],
                 updated_after: datetime | None) -> list[UnifiedRecord]:  # fmt: skip
        records = self.changes.track(model, rows)
        if updated_after is None:
            return records
        return [r for r in records if r.changed_at > updated_after]

    def read_jobs(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        postings = self.all("ats/job_postings")
        teams, places = self.by_id("teams/teams"), self.by_id("locations/locations")
        custom = self.custom_values(mapping.VALUABLE_JOB)
        rows = [
            (mapping.job(p, teams, places, custom), mapping.job_time(p), p.get("status") == "deleted")
            for p in postings
        ]
        return self._tracked("jobs", rows, updated_after)

    def read_candidates(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        sources = self.by_id("ats/candidate_sources")
        custom = self.custom_values(mapping.VALUABLE_CANDIDATE)
        rows = [
            (mapping.candidate(c, sources, custom), _latest(c, custom), False)
            for c in self.pages("ats/candidates")
        ]
        return self._tracked("candidates", rows, updated_after)

    def _questions(self, model: str, to_record: Any, updated_after: datetime | None) -> list[UnifiedRecord]:
        """A job posting's questions as `model`; a deleted job posting takes its questions along."""
        deleted = {
            mapping.rid(p["id"]) for p in self.pages("ats/job_postings") if p.get("status") == "deleted"
        }
        rows = [
            (
                to_record(q),
                mapping.parse_time(q.get("updated_at")),
                mapping.rid(q["ats_job_posting_id"]) in deleted,
            )
            for q in self.pages("ats/questions")
        ]
        return self._tracked(model, rows, updated_after)

    def read_screening_questions(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return self._questions("screening_questions", mapping.screening_question, updated_after)

    def read_job_screening_questions(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return self._questions("job_screening_questions", mapping.job_screening_question, updated_after)

    # -- writes -------------------------------------------------------------------------------
    def create_candidate(self, data: CreateCandidateInput) -> CreatedApplication:
        job = remote_id_of(data.application.job_id, "jobs", field="application.job_id")
        return self._apply(job, data)

    def create_application(self, job_id: str, data: CreateApplicationInput) -> CreatedApplication:
        job = remote_id_of(job_id, "jobs", field="job_id")
        return self._apply(job, data, stage_id=data.stage_id)

    def add_application_attachment(self, application_id: str, attachment: AttachmentInput) -> None:
        remote = remote_id_of(application_id, "applications", field="application_id")
        if attachment.type != "CV":
            raise InvalidInput(
                f"{SINGLE_CV}; {attachment.type} attachments cannot be added", "attachment.type"
            )
        body = {"id": remote, "cv": cv_body(self.file_bytes(attachment))}
        try:
            self._request("POST", self.path("ats/applications/attach_cv"), json=body)
        except RemoteError as exc:
            if exc.status == 409:
                raise InvalidInput(
                    f"{SINGLE_CV}, and the application has its CV already", "attachment"
                ) from exc
            raise

    def _apply(self, job: str, data: CreateCandidateInput | CreateApplicationInput,
               stage_id: str | None = None) -> CreatedApplication:  # fmt: skip
        """Candidate and application in one `apply` call (Factorial dedups the candidate by e-mail)."""
        if len(data.attachments) > 1:
            raise InvalidInput(f"{SINGLE_CV}; got {len(data.attachments)} attachments", "attachments")
        for i, attachment in enumerate(data.attachments):
            if attachment.type != "CV":
                raise InvalidInput(f"{SINGLE_CV}; cover letters and other files cannot be sent",
                                   f"attachments.{i}.type")  # fmt: skip
        person = data.candidate
        body: dict[str, Any] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email_address,
            "ats_job_posting_id": job,
        }
        if person.phone_number:
            body["phone"] = person.phone_number
        if data.source is not None and data.source.name:
            body["source"] = data.source.name
        answers = self._answers(job, data)
        if answers:
            body["answers"] = answers
        if data.attachments:
            body["cv"] = cv_body(self.file_bytes(data.attachments[0]))
        created = self._request("POST", self.path("ats/applications/apply"), json=body).json()
        return self._created(created, ignored(data, stage_id))

    def _answers(self, job: str, data: CreateCandidateInput | CreateApplicationInput) -> list[dict[str, Any]]:
        if not data.screening_question_answers:
            return []
        asked = {mapping.rid(q["id"]): q for q in self.pages("ats/questions", {"ats_job_posting_ids[]": job})}
        out = []
        for i, answer in enumerate(data.screening_question_answers):
            field = f"screening_question_answers.{i}"
            qid = remote_id_of(answer.question_id, "screening_questions", field=f"{field}.question_id")
            question = asked.get(qid)
            if question is None:
                raise InvalidInput(f"question {qid} is not asked by job {job}", f"{field}.question_id")
            out.append(
                {"ats_question_id": qid, "value": answer_value(question, answer.answer, f"{field}.answer")}
            )
        return out

    def _created(self, item: dict[str, Any], warnings: list[str]) -> CreatedApplication:
        candidate = self.get("ats/candidates", mapping.rid(item["ats_candidate_id"]))
        sources = {}
        if candidate.get("source_id") is not None:
            source_id = mapping.rid(candidate["source_id"])
            sources[source_id] = self.get("ats/candidate_sources", source_id)
        phase = item.get("ats_application_phase_id")
        phase_type = (
            self.get("ats/application_phases", mapping.rid(phase)).get("phase_type") if phase else None
        )
        unified_candidate = mapping.candidate(candidate, sources, mapping.CustomValues({}))
        unified_candidate.changed_at = unified_candidate.remote_updated_at or mapping.EPOCH
        return CreatedApplication(
            application=mapping.application(item, phase_type), candidate=unified_candidate, warnings=warnings
        )


# --- write helpers ---------------------------------------------------------------------------

SINGLE_CV = "Factorial only supports a single attachment, of the type CV"


def cv_body(file: ResolvedFile) -> dict[str, Any]:
    return {"filename": file.name, "content_type": file.content_type,
            "data": base64.b64encode(file.data).decode("ascii")}  # fmt: skip


def answer_value(question: Mapping[str, Any], answer: Any, field: str) -> Any:
    """A unified screening answer as Factorial takes it for this question's type."""
    kind = question.get("question_type")
    qid = mapping.rid(question["id"])
    if kind in ("text", "long_text"):
        if not isinstance(answer, str):
            raise InvalidInput("the answer to a TEXT question must be a string", field)
        return answer
    if kind in ("single_choice", "multiple_choice"):
        chosen = [answer] if kind == "single_choice" else answer
        if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
            expected = "an option id" if kind == "single_choice" else "a list of option ids"
            raise InvalidInput(f"the answer must be {expected}", field)
        texts = [option_of(qid, c, field) for c in chosen]
        known = {o["text"] for o in question.get("options") or ()}
        unknown = [t for t in texts if t not in known]
        if unknown:
            raise InvalidInput(f"{unknown[0]!r} is not an option of this question", field)
        return texts[0] if kind == "single_choice" else texts
    raise InvalidInput("Factorial's API takes no answers to FILE questions", field)


def option_of(question_remote: str, option_id: str, field: str) -> str:
    remote = remote_id_of(option_id, "screening_question_options", field=field)
    try:
        owner, text = mapping.option_text(remote)
    except ValueError:
        raise InvalidInput(f"{option_id!r} is not an option id of Factorial", field) from None
    if owner != question_remote:
        raise InvalidInput(f"{option_id!r} is an option of another question", field)
    return text


def server_date(value: str | None) -> datetime | None:
    """The time in a `Date` header. Behind some servers an answer carries two (the server's
    own first, the application's second, joined by requests): the application's is taken."""
    if not value:
        return None
    found = DATES.findall(value)
    try:
        return parsedate_to_datetime(found[-1]) if found else None
    except (TypeError, ValueError):
        return None


def ignored(data: CreateCandidateInput | CreateApplicationInput, stage_id: str | None) -> list[str]:
    """Warnings for the given inputs Factorial's apply has no place for."""
    person = data.candidate
    unused = {
        "candidate.additional_email_addresses": person.additional_email_addresses,
        "candidate.additional_phone_numbers": person.additional_phone_numbers,
        "candidate.company": person.company,
        "candidate.title": person.title,
        "candidate.location": person.location,
        "candidate.gender": person.gender,
        "candidate.availability_date": person.availability_date,
        "candidate.salary_expectations": person.salary_expectations,
        "candidate.social_links": person.social_links,
        "sourced_by": data.sourced_by,
        "gdpr_consent": data.gdpr_consent,
        "stage_id": stage_id,
    }
    return [
        f"{name} was not written: Factorial has no field for it" for name, value in unused.items() if value
    ]


def _latest(item: Mapping[str, Any], custom: mapping.CustomValues) -> datetime | None:
    """A candidate's own change time, or its custom values' when those changed later."""
    times = [mapping.parse_time(item.get("updated_at"))]
    times += [
        mapping.parse_time(v.get("updated_at")) for v in custom.by_record.get(mapping.rid(item["id"]), [])
    ]
    found = [t for t in times if t is not None]
    return max(found) if found else None
