"""Flatchr's projection rules, write checks and feature checks for the contract engine.

The projection states, from the world alone, what Flatchr's wire format lets Kombo's page
deliver (see docs/vendors/flatchr.md):
- jobs: CONFIDENTIAL jobs are unpublished (UNLISTED); experience is one of Flatchr's five
  ranges; a temporary remote arrangement is part-time remote (HYBRID); weekly and
  fortnightly pay have no ``mensuality``; a salary range leaves no single amount; opening
  and closing are dates (midnight UTC); custom values are tag texts;
- candidates: one email and one phone, without types;
- deleted records are served from Flatchr's bin with ``deleted_at``; a stage or job-stage
  row is gone with its job, a candidate tag with its candidate or tag.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from atsbox.connectors.base import Connector, ConnectorOptions, connector_for
from atsbox.connectors.errors import AuthError, InvalidInput
from atsbox.connectors.ids import unified_id
from atsbox.contracts.plugin import ConnectTarget, FeatureContext, VendorContract
from atsbox.contracts.projection import ANY_TIME, Expected, Projection, iso
from atsbox.contracts.writes import WriteCase, WriteChecks, WriteContext
from atsbox.fixtures import model as w
from atsbox.mocks.flatchr import ids as fids
from atsbox.mocks.flatchr import vocab

BASE_URL = "https://api.flatchr.io"


def _midnight(value: datetime | None) -> str | None:
    return None if value is None else iso(datetime(value.year, value.month, value.day, tzinfo=UTC))


def _earliest(*times: datetime | None) -> str | None:
    found = [t for t in times if t is not None]
    return iso(min(found)) if found else None


class FlatchrProjection(Projection):
    vendor = "flatchr"

    def shows(self, kind: str, record: Any) -> bool:
        return True  # deleted records stay visible with deleted_at

    def remote_id(self, kind: str, world_id: str) -> str:
        if kind == "stage":
            return str(fids.clear_id(world_id))
        return fids.encoded_id(kind, world_id)

    def _as_tag_texts(self, values: dict[str, Any]) -> dict[str, Any]:
        defs = self._custom_defs
        return {k: vocab.tag_value(v, defs[k].type) for k, v in values.items() if k in defs}

    def custom_fields_of(self, values: dict[str, Any]) -> dict[str, Any]:
        return super().custom_fields_of(self._as_tag_texts(values))

    def integration_fields_of(self, values: dict[str, Any]) -> list[dict[str, Any]]:
        return sorted(super().integration_fields_of(self._as_tag_texts(values)), key=lambda f: f["key"])

    def job(self, job: w.Job) -> Expected:
        out = super().job(job)
        if job.visibility == "CONFIDENTIAL":
            out["visibility"] = "UNLISTED"
        level = vocab.EXPERIENCE_OF_LEVEL.get(job.experience_level or "")
        out["experience_level"] = vocab.EXPERIENCES[level] if level else None
        if job.remote_work_status == "TEMPORARY":
            out["remote_work_status"] = "HYBRID"
        if out["salary_amount_from"] is not None and out["salary_amount_to"] is not None:
            out["salary_amount"] = None
        else:
            out["salary_amount_from"] = out["salary_amount_to"] = None
        if job.salary.period not in vocab.MENSUALITY_OF_PERIOD:
            out["salary_period"] = None
        out["opened_at"], out["closed_at"] = _midnight(job.opened_at), _midnight(job.closed_at)
        return out

    def candidate(self, candidate: w.Candidate) -> Expected:
        out = super().candidate(candidate)
        out["email_addresses"] = [{"email_address": candidate.emails[0].address}] if candidate.emails else []
        out["phone_numbers"] = [{"phone_number": candidate.phones[0].number}] if candidate.phones else []
        return out

    def application_stages(self) -> Iterable[Expected]:
        for job in self.world.jobs:
            for stage in job.stages:
                yield {
                    **self.base("application_stages", "stage", stage),
                    "name": stage.name,
                    "remote_deleted_at": iso(job.times.deleted_at),
                }

    def job_stages(self) -> Iterable[Expected]:
        deleted = {self.uid("jobs", "job", j.id): iso(j.times.deleted_at) for j in self.world.jobs}
        return [{**row, "remote_deleted_at": deleted[row["job_id"]]} for row in super().job_stages()]

    def candidate_tags(self) -> Iterable[Expected]:
        tags = {t.id: t for t in self.world.tags}
        for candidate in self.world.candidates:
            for tag_id in candidate.tag_ids:
                yield {
                    "id": self.join_uid("candidate_tags", ("candidate", candidate.id), ("tag", tag_id)),
                    "candidate_id": self.uid("candidates", "candidate", candidate.id),
                    "tag_id": self.uid("tags", "tag", tag_id),
                    "changed_at": ANY_TIME,
                    "remote_deleted_at": _earliest(candidate.times.deleted_at, tags[tag_id].times.deleted_at),
                }


# --- connecting -----------------------------------------------------------------------------


def connector_credentials(target: ConnectTarget) -> dict[str, Any]:
    """The connector's settings from the sandbox's credential (its meta holds the company
    key and the partner's offerer id) or from plain values (--base-url runs, tests)."""
    creds = dict(target.credentials)
    key = creds.get("api_key")
    if hasattr(key, "secret"):
        meta = dict(key.meta)
        return {
            "api_key": key.secret,
            "company_id": meta.get("company_id"),
            "offerer_id": meta.get("offerer_id"),
        }
    return creds


def make_connector(target: ConnectTarget, **options: Any) -> Connector:
    credentials = connector_credentials(target)
    overrides = options.pop("credentials", None)
    if overrides is not None:
        credentials = {**credentials, **overrides}
    return connector_for(
        "flatchr",
        base_url=target.base_url or BASE_URL,
        wsgi_app=target.wsgi_app,
        credentials={k: v for k, v in credentials.items() if v is not None},
        options=ConnectorOptions(**options) if options else None,
    )


def auth_headers(target: ConnectTarget) -> dict[str, str]:
    return {"Authorization": f"Bearer {connector_credentials(target)['api_key']}"}


# --- write checks ------------------------------------------------------------------------------

CV_BYTES = b"%PDF-1.4\n% atsbox contract CV\n"
COVER_BYTES = b"%PDF-1.4\n% cover letter, not a CV\n"
SECOND_CV_BYTES = b"%PDF-1.4\n% a second CV that Flatchr cannot keep\n"


def open_jobs(world: Any) -> list[w.Job]:
    """Jobs that take applications: open, not deleted, with a visible stage."""
    return [j for j in world.jobs if j.status == "OPEN" and j.times.deleted_at is None
            and any(not s.hidden for s in j.stages)]  # fmt: skip


def live_open_jobs(ctx: WriteContext) -> list[str]:
    """Unified ids of the world's open jobs that Flatchr still holds, open and with a visible
    column (a sandbox may have changed since it was seeded)."""
    company = ctx.connector.credentials["company_id"]
    vacancies = {v["id"]: v for v in ctx.api("GET", f"/company/{company}/vacancies").json()}
    columns = ctx.api("GET", f"/company/{company}/columns").json()
    usable = {c["vacancy_id"] for c in columns if c["visible"] and c.get("deleted_at") is None}
    found = []
    for job in open_jobs(ctx.world):
        vacancy = vacancies.get(fids.encoded_id("job", job.id))
        if (
            vacancy
            and vacancy["status"] == 1
            and vacancy.get("deleted_at") is None
            and vacancy["id"] in usable
        ):
            found.append(job_uid(job))
    if not found:
        raise AssertionError("no open vacancy left to apply to")
    return found


def job_uid(job: w.Job) -> str:
    return unified_id("jobs", fids.encoded_id("job", job.id))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def applicant_input(email: str, *, first: str = "Amélie", last: str = "Contract") -> dict[str, Any]:
    """An applicant whose first CV (after a cover letter) is the one Flatchr must keep."""
    return {
        "candidate": {"first_name": first, "last_name": last, "email_address": email,
                      "phone_number": "+33 6 12 34 56 78"},
        "attachments": [
            {"name": "Lettre.pdf", "content_type": "application/pdf", "data": _b64(COVER_BYTES), "type": "COVER_LETTER"},
            {"name": "CV_Amelie.pdf", "content_type": "application/pdf", "data": _b64(CV_BYTES),
             "data_url": f"data:application/pdf;base64,{_b64(CV_BYTES)}", "type": "CV"},
            {"name": "CV_second.pdf", "content_type": "application/pdf", "data": _b64(SECOND_CV_BYTES), "type": "CV"},
        ],
    }  # fmt: skip


def expected_fields(data: Mapping[str, Any], job_id: str) -> dict[str, Any]:
    person, cv = data["candidate"], data["attachments"][1]
    return {
        "candidate.first_name": person["first_name"],
        "candidate.last_name": person["last_name"],
        "candidate.email_address": person["email_address"],
        "candidate.phone_number": person["phone_number"],
        "application.job_id": job_id,
        "attachments.name": cv["name"],
        "attachments.content_type": cv["content_type"],
        "attachments.data": cv["data"],
        "attachments.data_url": cv["data_url"],
        "attachments.type": cv["type"],
    }


def held_application(api: Any, company: str, email: str) -> dict[str, Any]:
    """What Flatchr holds for the newest applicant with this email, read through its API,
    named by the create actions' input fields."""
    rows = api("POST", f"/company/{company}/search/applicants", json={"email": email}).json()
    if not rows:
        return {}
    applicant = api("GET", f"/company/{company}/applicant/{rows[-1]['applicant']}").json()
    person = applicant["candidate"]
    out = {
        "candidate.first_name": person["firstname"],
        "candidate.last_name": person["lastname"],
        "candidate.email_address": person["email"],
        "candidate.phone_number": person["phone"],
        "application.job_id": unified_id("jobs", applicant["vacancy_id"]),
    }
    aws = person.get("aws")
    if aws:
        file = api(
            "GET",
            f"/company/{company}/files/expire",
            params={"key": aws["key"], "extension": aws["extension"]},
        )
        content_type = file.headers.get("Content-Type", "").split(";")[0]
        name = file.headers.get("Content-Disposition", "").partition('filename="')[2].rstrip('"')
        out.update({
            "attachments.name": name,
            "attachments.content_type": content_type,
            "attachments.data": _b64(file.content),
            "attachments.data_url": f"data:{content_type};base64,{_b64(file.content)}",
            "attachments.type": "CV",  # the resume slot is the one CV Flatchr keeps
        })  # fmt: skip
    return out


class FlatchrWrites(WriteChecks):
    def build(self, action: str, ctx: WriteContext) -> WriteCase:
        jobs = live_open_jobs(ctx)
        if action == "create_candidate":
            job = jobs[0]
            data = applicant_input("contract.candidate@example.org")
            data["application"] = {"job_id": job}
            return WriteCase((data,), expected_fields(data, job))
        if action == "create_application":
            job = jobs[-1]
            data = applicant_input("contract.application@example.org")
            return WriteCase((job, data), expected_fields(data, job))
        raise NotImplementedError(action)

    def readback(self, action: str, case: WriteCase, result: Any, ctx: WriteContext) -> Mapping[str, Any]:
        data = case.args[-1]
        company = ctx.connector.credentials["company_id"]
        return held_application(ctx.api, company, data["candidate"]["email_address"])


# --- feature checks ------------------------------------------------------------------------------


def _source_of(connector: Connector, email: str) -> str | None:
    company = connector.credentials["company_id"]
    rows = connector.passthrough(
        "POST", f"/company/{company}/search/applicants", json={"email": email}
    ).json()
    return rows[-1]["source"] if rows else None


def check_source_writing(ctx: FeatureContext) -> str:
    job = job_uid(open_jobs(ctx.world)[0])
    with_offerer = ctx.connect()
    offerer = with_offerer.credentials.get("offerer_id")
    assert offerer, "the sandbox credential names no offerer id"
    data = {**applicant_input("source.offerer@example.org"), "source": {"name": "Kombo"}}
    with_offerer.create_application(job, data)
    written = _source_of(with_offerer, "source.offerer@example.org")
    offerers = {"atsbox partner"}
    assert written in offerers, f"source with offerer {offerer}: {written!r}"
    without = ctx.connect(credentials={"offerer_id": None})
    try:
        without.create_application(
            job, {**applicant_input("source.none@example.org"), "source": {"name": "Kombo"}}
        )
    except InvalidInput as exc:
        assert exc.field == "source", exc
    else:
        raise AssertionError("a source was accepted without an offerer id")
    assert _source_of(without, "source.none@example.org") is None, "a refused write reached Flatchr"
    without.create_application(job, applicant_input("source.default@example.org"))
    default = _source_of(without, "source.default@example.org")
    assert default == "Site carrière", f"without an offerer id the source is {default!r}"
    return f"offerer {offerer} becomes the source; without one a source is refused and applications land on the career site"


def check_api_passthrough(ctx: FeatureContext) -> str:
    company = ctx.connector.credentials["company_id"]
    columns = ctx.connector.passthrough("GET", f"/company/{company}/columns")
    assert columns.status_code == 200 and isinstance(columns.json(), list) and columns.json()
    missing = ctx.connector.passthrough("GET", f"/company/{company}/applicant/AAAAAAAAAAAAAAAA")
    assert missing.status_code == 404, missing.status_code
    assert missing.json() == {"statusCode": 404, "error": "Not Found", "message": "Applicant not found"}
    return "raw calls reach Flatchr with the connector's key; statuses and bodies come back as they are"


def check_prerequisites(ctx: FeatureContext) -> str:
    from atsbox.connectors.flatchr.setup import PREREQUISITES, missing_credentials

    assert PREREQUISITES, "no prerequisites written down"
    incomplete = ctx.connect(credentials={"company_id": None})
    assert missing_credentials(incomplete.credentials) == ["company_id"]
    try:
        incomplete.read("application_stages")
    except InvalidInput as exc:
        assert exc.field == "company_id", exc
    else:
        raise AssertionError("a connection without the company key worked")
    return f"{len(PREREQUISITES)} prerequisites; the connector names what is missing"


def check_create_credentials(ctx: FeatureContext) -> str:
    from atsbox.connectors.flatchr.setup import CREDENTIALS

    issued = connector_credentials(ctx.target)
    for field in CREDENTIALS:
        assert issued.get(field.key), f"the sandbox issues no {field.label} ({field.key})"
    wrong = ctx.connect(credentials={"api_key": "0" * 40})
    try:
        wrong.read("application_stages")
    except AuthError as exc:
        assert exc.code == "INTEGRATION.AUTHENTICATION_INVALID", exc.code
    else:
        raise AssertionError("a wrong API key was accepted")
    return f"the sandbox issues {', '.join(f.label for f in CREDENTIALS)}; a wrong key is refused"


def check_connection_guide(ctx: FeatureContext) -> str:
    from atsbox.connectors.flatchr.setup import CONNECTION_GUIDE, CREDENTIALS

    values = {f.key: connector_credentials(ctx.target).get(f.key) for f in CREDENTIALS}
    connector = ctx.connect(credentials=values)
    stages = connector.read("application_stages")
    assert stages, "following the guide gave a connection that lists no stages"
    return f"{len(CONNECTION_GUIDE)} steps; their values connect and list {len(stages)} stages"


CONTRACT = VendorContract(
    vendor="flatchr",
    projection=FlatchrProjection,
    connect=make_connector,
    writes=FlatchrWrites(),
    features={
        "Source Writing": check_source_writing,
        "Connection Guide": check_connection_guide,
        "Prerequisites": check_prerequisites,
        "Create credentials": check_create_credentials,
        "API Passthrough": check_api_passthrough,
    },
    auth_headers=auth_headers,
)
