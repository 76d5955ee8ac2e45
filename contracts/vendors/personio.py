"""Personio's projection rules, write checks and feature checks for the contract engine.

What Kombo's Personio page promises, stated from the world and Personio's wire format:

- jobs: v2 knows every job's name, department and category; only published positions (open
  and public) are in the XML feed, so only they carry a description (the German one, the
  feed's default), employment type, seniority, office (as the location's raw text) and post
  URL, and are OPEN / PUBLIC; the others have no status or visibility;
- candidates: Personio keeps one email, one phone, the LinkedIn profile and a free-text
  ``City, CC`` location; the source is the channel of the candidate's first application;
- stages exist only as the phases applications sit in (no stage endpoint): predefined
  phases under Personio's names, custom ones under the world stage's name; a job's stages
  are the phases its applications occupy, in pipeline order;
- screening questions come from the published jobs' application forms;
- custom fields: v2 returns no custom attributes, so every model's custom and integration
  fields are Personio's own extra fields (the connector's documented default mapping).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from atsbox.connectors.base import Connector, ConnectorOptions, connector_for
from atsbox.connectors.errors import InvalidInput
from atsbox.connectors.ids import join_remote_id, remote_id_of, unified_id
from atsbox.contracts.plugin import ConnectTarget, FeatureContext, VendorContract
from atsbox.contracts.projection import ANY_TIME, Expected, Projection
from atsbox.contracts.writes import WriteCase, WriteChecks, WriteContext
from atsbox.fixtures import model as w
from atsbox.mocks.personio import ids as personio_ids
from atsbox.mocks.personio import vocabulary
from atsbox.mocks.personio.phases import SYSTEM_PHASE_NAMES, is_system, job_phases, pipeline_key

# kind -> native id (text) for the kinds whose ids are plain numbers.
_NUMBERED = ("job", "candidate", "application", "department", "source", "user", "tag")


def integration_field(model: str, key: str, label: str, value: Any) -> dict[str, Any]:
    return {
        "id": unified_id("integration_fields", f"{model}.{key}"),
        "key": key,
        "type": "DEFAULT",
        "value": value,
        "label": label,
    }


def fields_of(
    model: str, entries: Iterable[tuple[str, str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(integration fields, custom fields) of the non-empty (key, label, value) entries."""
    fields = [integration_field(model, k, label, v) for k, label, v in entries if v not in (None, "", [])]
    return fields, {f["label"]: f["value"] for f in fields}


class PersonioProjection(Projection):
    vendor = "personio"

    def __init__(self, world: w.World) -> None:
        super().__init__(world)
        self.phase_of: dict[str, str] = {}
        self.custom_names: dict[str, str] = {}
        for job in world.jobs:
            phases = job_phases(job)
            self.phase_of.update(phases)
            for stage in job.stages:
                if not is_system(phases[stage.id]):
                    self.custom_names[phases[stage.id]] = stage.name

    def deleted_at(self, kind: str, record: Any) -> Any:
        # Personio keeps no tombstones: the connector notices a deletion when a record it saw
        # is gone, and stamps that moment.
        times = getattr(record, "times", None)
        return ANY_TIME if times is not None and times.deleted_at is not None else None

    def remote_id(self, kind: str, world_id: str) -> str:
        if kind == "stage":
            return self.phase_of[world_id]
        if kind in ("question", "custom_field"):
            return personio_ids.attribute_id(kind, world_id)
        if kind == "option":
            return personio_ids.option_id(world_id)
        if kind in _NUMBERED:
            return str(personio_ids.native_int(kind, world_id))
        raise KeyError(f"Personio has no id for {kind}")

    # -- jobs ---------------------------------------------------------------------------

    def job(self, job: w.Job) -> Expected:
        out = super().job(job)
        published = vocabulary.is_published(job)
        offices = [self.ix.office(o).name for o in job.office_ids]
        employment, schedule = vocabulary.EMPLOYMENT.get(job.employment_type or "", (None, None))
        seniority, years = vocabulary.SENIORITY.get(job.experience_level or "", (None, None))
        employment_type = {"permanent": "PART_TIME" if schedule == "part-time" else "FULL_TIME",
                           "intern": "INTERNSHIP", "freelance": "CONTRACT"}.get(employment or "")  # fmt: skip
        fields, custom = fields_of(
            "jobs",
            [
                ("subcompany", "Subcompany", self.world.company_name),
                ("additionalOffices", "Additional offices", offices[1:]),
                ("schedule", "Schedule", schedule),
                ("yearsOfExperience", "Years of experience", years),
            ]
            if published
            else [],
        )
        out.update(
            description=vocabulary.german_description(job) if published else None,
            employment_type=employment_type if published else None,
            status="OPEN" if published else None,
            visibility="PUBLIC" if published else None,
            post_url=f"https://{self.world.company_slug}.jobs.personio.de/job/{out['remote_id']}"
            if published
            else None,
            experience_level=seniority if published else None,
            location={"raw": offices[0]} if published and offices else None,
            custom_fields=custom,
            integration_fields=fields,
        )
        return out

    # -- candidates and applications ------------------------------------------------------

    def _channel(self, application: w.Application) -> str | None:
        source_id = application.source_id or self.ix.candidate(application.candidate_id).source_id
        return self.ix.source(source_id).name if source_id else None

    def candidate(self, candidate: w.Candidate) -> Expected:
        out = super().candidate(candidate)
        # The source comes from the applications the candidate's last sighting showed: all of
        # them for a deleted candidate (seen before the deletions), the live ones otherwise.
        deleted = _deleted(candidate)
        seen = [a for a in self.ix.applications_of_candidate(candidate.id) if deleted or not _deleted(a)]
        first = min(
            seen, key=lambda a: (a.times.created_at, self.remote_id("application", a.id)), default=None
        )
        linkedin = next((s.url for s in candidate.social_links if s.type == "LINKEDIN"), None)
        address = candidate.address
        location = None
        if address is not None and (address.city or address.country):
            location = {"city": address.city, "country": address.country}
        fields, custom = fields_of(
            "candidates",
            [
                ("gender", "Gender", vocabulary.GENDER.get(candidate.gender or "")),
                (
                    "available_from",
                    "Available from",
                    candidate.availability_date.isoformat() if candidate.availability_date else None,
                ),
            ],  # fmt: skip
        )
        out.update(
            source=self._channel(first) if first else None,
            phone_numbers=[{"phone_number": candidate.phones[0].number, "type": None}]
            if candidate.phones
            else [],
            email_addresses=[{"email_address": candidate.emails[0].address, "type": None}]
            if candidate.emails
            else [],
            social_media=[{"link": linkedin, "type": "LINKEDIN", "username": None}] if linkedin else [],
            location=location,
            custom_fields=custom,
            integration_fields=fields,
        )
        return out

    def application(self, application: w.Application) -> Expected:
        out = super().application(application)
        fields, custom = fields_of(
            "applications",
            [
                ("application_date", "Application date", application.times.created_at.date().isoformat()),
                ("channel", "Channel", self._channel(application)),
                ("is_anonymized", "Anonymized", False),
            ],
        )
        out.update(custom_fields=custom, integration_fields=fields)
        return out

    # -- stages, inferred from where applications sit --------------------------------------
    # The connector saw every application once (the first sync), then only the live ones:
    # a stage (or a job's stage) no live application sits in is gone, as of that sighting.

    def _occupied(self, *, live_only: bool) -> dict[str, set[str]]:
        """Job remote id -> the phases its applications sit in."""
        out: dict[str, set[str]] = {}
        for app in self.world.applications:
            if not (live_only and _deleted(app)):
                out.setdefault(self.remote_id("job", app.job_id), set()).add(self.phase_of[app.stage_id])
        return out

    def _phase_name(self, phase: str) -> str:
        return SYSTEM_PHASE_NAMES[phase] if is_system(phase) else self.custom_names[phase]

    def application_stages(self) -> Iterable[Expected]:
        live = set().union(*self._occupied(live_only=True).values())
        for phase in sorted(set().union(*self._occupied(live_only=False).values()), key=pipeline_key):
            yield {
                "id": unified_id("application_stages", phase),
                "remote_id": phase,
                "changed_at": ANY_TIME,
                "remote_deleted_at": None if phase in live else ANY_TIME,
                "name": self._phase_name(phase),
            }

    def job_stages(self) -> Iterable[Expected]:
        live = self._occupied(live_only=True)
        for job_id, phases in self._occupied(live_only=False).items():
            current = sorted(live.get(job_id, set()), key=pipeline_key)
            for index, phase in enumerate(sorted(phases, key=pipeline_key)):
                yield {
                    "id": unified_id("job_stages", join_remote_id(job_id, phase)),
                    "job_id": unified_id("jobs", job_id),
                    "stage_id": unified_id("application_stages", phase),
                    # A live row's position among the live stages; a gone row keeps the one
                    # it had when last seen.
                    "index": current.index(phase) if phase in current else index,
                    "changed_at": ANY_TIME,
                    "remote_deleted_at": None if phase in current else ANY_TIME,
                }

    # -- screening questions: the published jobs' application forms -------------------------

    def _published(self) -> list[w.Job]:
        return [j for j in self.world.jobs if vocabulary.is_published(j)]

    def screening_questions(self) -> Iterable[Expected]:
        live = {q.question_id for job in self._published() if not _deleted(job) for q in job.questions}
        used = {q.question_id for job in self._published() for q in job.questions}
        for record in super().screening_questions():
            question = next(
                q for q in self.world.questions if self.remote_id("question", q.id) == record["remote_id"]
            )
            if question.id in used:
                yield {**record, "remote_deleted_at": None if question.id in live else ANY_TIME}

    def job_screening_questions(self) -> Iterable[Expected]:
        published = {unified_id("jobs", self.remote_id("job", j.id)): j for j in self._published()}
        for row in super().job_screening_questions():
            job = published.get(row["job_id"])
            if job is not None:
                yield {**row, "remote_deleted_at": ANY_TIME if _deleted(job) else None}


def _deleted(record: Any) -> bool:
    return record.times.deleted_at is not None


# --- connecting ---------------------------------------------------------------------------------


def connector_credentials(target: ConnectTarget) -> dict[str, str]:
    """The sandbox's credentials (Credential objects) or --base-url ones (strings), flat."""
    out: dict[str, str] = {}
    for label, value in target.credentials.items():
        if hasattr(value, "shown"):
            out.update(value.shown())
        else:
            out[label] = str(value)
    return out


def make_connector(target: ConnectTarget, **options: Any) -> Connector:
    return connector_for(
        "personio",
        base_url=target.base_url,
        wsgi_app=target.wsgi_app,
        credentials={**connector_credentials(target), **options.pop("credentials", {})},
        options=ConnectorOptions(**options) if options else None,
    )


def auth_headers(target: ConnectTarget) -> dict[str, str]:
    """Recruiting v1's headers (v2 takes an OAuth token; its tests fetch one per run)."""
    creds = connector_credentials(target)
    return {"Authorization": f"Bearer {creds['recruiting_api_key']}", "X-Company-ID": creds["company_id"]}


# --- Schemathesis ---------------------------------------------------------------------------------

_ACCEPTED = ["2xx", "401", "403", "404", "409", "429"]
# Personio refuses some schema-valid requests, as its documents say: a submission naming a
# job, channel or phase the company does not have (400, REC1: "some properties of the request
# did not match their expectation"), a file of a type it does not take (422, "the document you
# provided could not be processed"), a cursor it did not issue or both updated_at.gt and
# updated_at.lt at once (400).
_SCHEMATHESIS_CONFIG = {
    "operations": [
        {
            "include-name": "POST /v1/recruiting/applications",
            "checks": {"positive_data_acceptance": {"expected-statuses": [*_ACCEPTED, "400"]}},
        },
        {
            "include-name": "POST /v1/recruiting/applications/documents",
            "checks": {"positive_data_acceptance": {"expected-statuses": [*_ACCEPTED, "422"]}},
        },
        {
            "include-path-regex": "^/v2/recruiting/",
            "checks": {"positive_data_acceptance": {"expected-statuses": [*_ACCEPTED, "400"]}},
        },
    ]
}


def schemathesis_schema(schema: Any, target: ConnectTarget) -> Any:
    """Personio's document for Schemathesis: its JSON operations (the feed and the career
    pages are HTML/XML, checked by tests/personio/test_feed.py), each with its own
    credentials: the Recruiting API key on v1, an OAuth access token on v2 reads, none on the
    token endpoint (its generated client ids get the documented 401)."""
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    creds = connector_credentials(target)
    app = schema.app
    config = SchemathesisConfig.from_dict(_SCHEMATHESIS_CONFIG)
    fresh = (
        schemathesis.openapi.from_wsgi("/personio/openapi.json", app, config=config)
        .exclude(tag="XML")
        .exclude(tag="Career site")
    )
    tokens: list[str] = []

    def token() -> str:
        if not tokens:
            form = {
                "grant_type": "client_credentials",
                "client_id": creds["client_id"],
                "client_secret": creds["client_secret"],
            }
            tokens.append(app.test_client().post("/personio/v2/auth/token", data=form).json["access_token"])
        return tokens[0]

    @fresh.auth()
    class PersonioAuth:
        def get(self, case: Any, ctx: Any) -> dict[str, str]:
            path = ctx.operation.path
            if path.startswith("/v1/"):
                return auth_headers(target)
            if path.startswith("/v2/recruiting"):
                return {"Authorization": f"Bearer {token()}"}
            return {}

        def set(self, case: Any, data: dict[str, str], ctx: Any) -> None:
            headers = dict(case.headers or {})
            for name, value in data.items():
                # X-Company-ID is a documented header parameter: the sandbox's value when the
                # case sends it, absent when Schemathesis checks that leaving it out is refused.
                if name != "X-Company-ID" or name in headers:
                    headers[name] = value
            case.headers = headers

    return fresh


# --- write checks ---------------------------------------------------------------------------------

CV = b"%PDF-1.4\n% a CV\n"
LETTER = b"Dear team,\nI would like to apply.\n"


def _job_with_questions(world: w.World) -> w.Job:
    """A published job whose form asks a text or single-select question."""
    questions = {q.id: q for q in world.questions}
    for job in world.jobs:
        if vocabulary.is_live_published(job) and any(
            questions[jq.question_id].format.type in ("TEXT", "SINGLE_SELECT") for jq in job.questions
        ):
            return job
    raise AssertionError("the world has no published job asking a text or single-select question")


def _answerable(world: w.World, job: w.Job) -> tuple[str, Any]:
    questions = {q.id: q for q in world.questions}
    for jq in job.questions:
        question = questions[jq.question_id]
        if question.format.type == "SINGLE_SELECT":
            option = question.format.options[-1]
            return question.id, unified_id("screening_question_options", personio_ids.option_id(option.id))
    question = next(
        questions[jq.question_id] for jq in job.questions if questions[jq.question_id].format.type == "TEXT"
    )
    return question.id, "Because the mission matters to me."


def _custom_phase(world: w.World, job: w.Job) -> str:
    phases = job_phases(job)
    return next(phases[s.id] for s in job.stages if not is_system(phases[s.id]) and not s.hidden)


class PersonioWrites(WriteChecks):
    def build(self, action: str, ctx: WriteContext) -> WriteCase:
        world = ctx.world
        job = _job_with_questions(world)
        job_uid = unified_id("jobs", str(personio_ids.native_int("job", job.id)))
        question_id, answer = _answerable(world, job)
        question_uid = unified_id("screening_questions", personio_ids.attribute_id("question", question_id))
        if action == "create_candidate":
            stage_uid = unified_id("application_stages", "offer")  # a predefined stage
        else:
            stage_uid = f"remote:{_custom_phase(world, job)}"  # a custom stage by its remote id
        email = _unused_email(ctx, f"{action.replace('_', '.')}.{ctx.seed}")
        letter_url = "data:text/plain;base64," + base64.b64encode(LETTER).decode()
        body: dict[str, Any] = {
            "candidate": {
                "first_name": "Ada",
                "last_name": "Lovelace-Müller",
                "email_address": email,
                "phone_number": "+49 30 1234567",
                "location": {"city": "Berlin", "country": "DE"},
                "gender": "FEMALE",
                "availability_date": "2026-09-01",
                "salary_expectations": {"period": "YEAR", "amount": 65000},
            },
            "screening_question_answers": [{"question_id": question_uid, "answer": answer}],
            "attachments": [
                {
                    "name": "Ada_CV.pdf",
                    "type": "CV",
                    "content_type": "application/pdf",
                    "data": base64.b64encode(CV).decode(),
                },
                {"name": "Cover_letter.txt", "type": "COVER_LETTER", "data_url": letter_url},
            ],  # fmt: skip
        }
        expected = {
            "candidate.first_name": "Ada",
            "candidate.last_name": "Lovelace-Müller",
            "candidate.email_address": email,
            "candidate.phone_number": "+49 30 1234567",
            "candidate.location.city": "Berlin",
            "candidate.location.country": "DE",
            "candidate.gender": "FEMALE",
            "candidate.availability_date": "2026-09-01",
            "candidate.salary_expectations.period": "YEAR",
            "candidate.salary_expectations.amount": 65000,
            "application.job_id": job_uid,
            "application.stage_id": stage_uid,
            "screening_question_answers.question_id": question_uid,
            "screening_question_answers.answer": answer,
            "attachments.name": ["Ada_CV.pdf", "Cover_letter.txt"],
            "attachments.content_type": ["application/pdf", "text/plain"],
            "attachments.data": base64.b64encode(CV).decode(),
            "attachments.data_url": letter_url,
            "attachments.type": ["CV", "COVER_LETTER"],
        }
        if action == "create_candidate":
            body["application"] = {"job_id": job_uid, "stage_id": stage_uid}
            return WriteCase((body,), expected)
        body["stage_id"] = stage_uid
        return WriteCase((job_uid, body), expected)

    def readback(self, action: str, case: WriteCase, result: Any, ctx: WriteContext) -> Mapping[str, Any]:
        return read_back(ctx, result.application.remote_id, case.expected["application.stage_id"])


def _unused_email(ctx: WriteContext, local: str) -> str:
    """`local`@example.org, numbered when an application already uses it: Personio refuses
    a second application of one email to one job, and a sequence may write twice."""
    for n in range(1, 100):
        email = f"{local}{'' if n == 1 else f'.{n}'}@example.org"
        taken = ctx.api("GET", "/v2/recruiting/applications", params={"candidate.email": email})
        if taken.status_code == 200 and not taken.json().get("_data"):
            return email
    raise AssertionError(f"no free email for {local}")


def _get(ctx: WriteContext, path: str, **headers: str) -> Any:
    response = ctx.api("GET", path, headers=headers or None)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    return response.json()


def read_back(ctx: WriteContext, application_id: str, stage_given: str) -> dict[str, Any]:
    """What Personio holds for an application, as the create actions' input fields.

    v2 shows the candidate's fields, the job and the stage; the attributes (salary, answers)
    and the files only the sandbox's inspection read shows (Personio returns neither).
    """
    app = _get(ctx, f"/v2/recruiting/applications/{application_id}")
    person = _get(ctx, f"/v2/recruiting/candidates/{app['candidate']['id']}")
    token = ctx.connector.api.token()  # type: ignore[attr-defined]
    held = _get(ctx, f"/_sandbox/applications/{application_id}", Authorization=f"Bearer {token}")
    city, _, country = (person.get("location") or "").rpartition(", ")
    amount, _, period = (held["candidate"].get("salary_expectations") or "").partition(" per ")
    stage = app["current_stage"]["id"]
    genders = {"male": "MALE", "female": "FEMALE", "diverse": "OTHER"}
    answers = {
        k: v for k, v in held["application"]["attributes"].items() if k.startswith("custom_attribute_")
    }
    question, value = next(iter(answers.items()), (None, None))
    if value is not None and value.startswith("custom_option_"):
        value = unified_id("screening_question_options", value)
    documents = {d["uuid"]: d for d in held["documents"]}
    files = [(f, documents[f["uuid"]]) for f in held["application"]["files"]]
    types = {"cv": "CV", "cover-letter": "COVER_LETTER", "other": "OTHER"}
    return {
        "candidate.first_name": person["first_name"],
        "candidate.last_name": person["last_name"],
        "candidate.email_address": person["email"],
        "candidate.phone_number": person.get("phone"),
        "candidate.location.city": city or None,
        "candidate.location.country": country or None,
        "candidate.gender": genders.get(person.get("gender", "")),
        "candidate.availability_date": person.get("available_from"),
        "candidate.salary_expectations.period": period.upper() or None,
        "candidate.salary_expectations.amount": float(amount) if amount else None,
        "application.job_id": unified_id("jobs", app["job"]["id"]),
        # Stages cannot be read by id through a unified id of another form: compare the remote id.
        "application.stage_id": stage_given
        if remote_id_of(stage_given, "application_stages") == stage
        else stage,
        "screening_question_answers.question_id": unified_id("screening_questions", question)
        if question
        else None,
        "screening_question_answers.answer": value,
        "attachments.name": [f["original_filename"] for f, _ in files],
        "attachments.content_type": [d["mimetype"] for _, d in files],
        "attachments.data": files[0][1].get("data") if files else None,
        "attachments.data_url": f"data:{files[1][1]['mimetype']};base64,{files[1][1]['data']}"
        if len(files) > 1
        else None,
        "attachments.type": [types[f["category"]] for f, _ in files],
    }


# --- feature checks (one per row of the page) -------------------------------------------------

README = Path(__file__).resolve().parents[2] / "docs" / "vendors" / "personio.md"


def _published_job_uid(world: w.World) -> str:
    return unified_id("jobs", str(personio_ids.native_int("job", _job_with_questions(world).id)))


def _applicant(tag: str) -> dict[str, Any]:
    return {
        "candidate": {"first_name": "Sam", "last_name": tag.title(), "email_address": f"{tag}@example.org"}
    }


def check_source_writing(ctx: FeatureContext) -> str:
    world = ctx.world
    job = _published_job_uid(world)
    configured = ctx.connector.credentials["recruiting_channel_id"]
    created = ctx.connector.create_application(job, _applicant("source-writing"))
    channels = {f["key"]: f["value"] for f in created.application.model_dump()["integration_fields"]}
    held = ctx.connector.passthrough(
        "GET", f"/v2/recruiting/applications/{created.application.remote_id}"
    ).json()
    assert held["channel"]["id"] == configured, held["channel"]
    chosen = world.sources[1]
    explicit = ctx.connector.create_application(
        job,
        {
            **_applicant("source-writing-explicit"),
            "source": {"id": f"remote:{personio_ids.native_int('source', chosen.id)}"},
        },
    )
    assert explicit.candidate.source == chosen.name, explicit.candidate.source
    return (
        f"new applications carry the connection's recruiting channel ({channels['channel']}) or the given one"
    )


def check_candidate_source_tracking(ctx: FeatureContext) -> str:
    live = {c.remote_id: c for c in ctx.connector.read("candidates") if c.remote_deleted_at is None}
    applications = ctx.connector.api.v2_all("/v2/recruiting/applications")  # type: ignore[attr-defined]
    first: dict[str, dict[str, Any]] = {}
    for app in sorted(applications, key=lambda a: (a["created_at"]["date-time"], int(a["id"]))):
        first.setdefault(app["candidate"]["id"], app)
    checked = 0
    for candidate_id, app in first.items():
        channel = (app.get("channel") or {}).get("name")
        assert live[candidate_id].source == channel, (candidate_id, live[candidate_id].source, channel)
        checked += channel is not None
    assert checked >= 3, checked
    return f"{checked} candidates carry the recruiting channel of their first application as their source"


def check_api_passthrough(ctx: FeatureContext) -> str:
    connector = ctx.connector
    jobs = connector.passthrough("GET", "/v2/recruiting/jobs", params={"limit": 2})
    assert (
        jobs.status_code == 200 and len(jobs.json()["_data"]) == 2 and "next" in jobs.json()["_meta"]["links"]
    )
    refused = connector.passthrough("POST", "/v1/recruiting/applications", json={})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "first_name"
    feed = connector.passthrough("GET", "/xml", params={"language": "en"})
    assert feed.status_code == 200 and feed.content.lstrip().startswith(b"<?xml")
    missing = connector.passthrough("GET", "/v2/recruiting/jobs/1")
    assert missing.status_code == 404 and "personio_trace_id" in missing.json()
    return "raw v1, v2 and career-site calls go out with each surface's credentials; answers come back as they are"


def check_scope_testing(ctx: FeatureContext) -> str:
    report = ctx.connector.test_scopes()
    assert report == {
        "scopes": ["personio:recruiting:read"],
        "career_site": True,
        "recruiting_v1": True,
        "recruiting_v2": True,
    }, report
    wrong = ctx.connect(
        credentials={"recruiting_api_key": "not-the-key", "client_secret": "wrong"}
    ).test_scopes()
    assert wrong["career_site"] and not wrong["recruiting_v1"] and not wrong["recruiting_v2"], wrong
    return "good credentials reach the career site, v1 and v2 with the read scope; wrong ones are told apart"


def check_custom_field_explorer(ctx: FeatureContext) -> str:
    world = ctx.world
    job = _job_with_questions(world)
    listed = ctx.connector.custom_attributes(unified_id("jobs", str(personio_ids.native_int("job", job.id))))
    questions = {q.id: q for q in world.questions}
    expected = [
        (personio_ids.attribute_id("question", jq.question_id), questions[jq.question_id].format.type)
        for jq in sorted(job.questions, key=lambda q: q.index)
    ]
    assert [(a["key"], a["type"]) for a in listed] == expected, listed
    return f"{len(listed)} custom attributes of a job's form listed with their types"


def _readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    marker = f"### {title}"
    assert marker in text, f"docs/vendors/personio.md has no '{marker}' section"
    return text.split(marker, 1)[1].split("\n### ", 1)[0]


def check_connection_guide(ctx: FeatureContext) -> str:
    section = _readme_section("Connection guide")
    for setting in ("company", "company_id", "recruiting_api_key", "client_id", "client_secret"):
        assert f"`{setting}`" in section, setting
    # Following the guide with the sandbox's credentials connects every surface.
    assert all(ctx.connect().test_scopes()[k] for k in ("career_site", "recruiting_v1", "recruiting_v2"))
    return "the guide names every connection setting, and following it connects all three surfaces"


def check_prerequisites(ctx: FeatureContext) -> str:
    section = _readme_section("Prerequisites")
    assert "personio:recruiting:read" in section and "Recruiting" in section
    try:
        ctx.connect(credentials={"company_id": ""}).create_application(
            _published_job_uid(ctx.world), _applicant("x")
        )
    except InvalidInput as exc:
        assert exc.field == "company_id", exc
    else:
        raise AssertionError("a connection without its company id was used")
    return "the prerequisites are listed, and a connection missing one is refused naming it"


def check_create_credentials(ctx: FeatureContext) -> str:
    section = _readme_section("Create credentials")
    assert "Recruiting API" in section and "client" in section.lower()
    connector = ctx.connect()
    connector.api.token(renew=True)  # type: ignore[attr-defined]
    assert connector.api.granted_scopes == ["personio:recruiting:read"]  # type: ignore[attr-defined]
    return "the credentials the guide has the customer create grant the recruiting read scope"


CONTRACT = VendorContract(
    vendor="personio",
    projection=PersonioProjection,
    connect=make_connector,
    writes=PersonioWrites(),
    features={
        "Source Writing": check_source_writing,
        "Connection Guide": check_connection_guide,
        "Prerequisites": check_prerequisites,
        "Create credentials": check_create_credentials,
        "Candidate source tracking": check_candidate_source_tracking,
        "API Passthrough": check_api_passthrough,
        "Scope Testing": check_scope_testing,
        "Custom Field Explorer": check_custom_field_explorer,
    },
    auth_headers=auth_headers,
    schemathesis=schemathesis_schema,
)
