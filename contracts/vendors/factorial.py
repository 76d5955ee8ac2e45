"""Factorial's projection rules, write checks and feature checks for the contract engine.

The projection states, from the world alone, what Kombo's Factorial page promises and what
Factorial's wire format can carry:

- jobs are job postings. A posting's status is one of draft / published / unlisted /
  archived / cancelled / deleted, so: an open job is published when public and unlisted
  otherwise (Factorial has no internal postings), its visibility is UNLISTED for an unlisted
  posting and PUBLIC for every other; a closed job is cancelled (CLOSED); a deleted job is
  still listed with status `deleted` (ARCHIVED, no URL);
- Factorial dates no deletion: a deleted job posting says `deleted`, a deleted candidate or
  question simply vanishes, and the connector dates the deletion when it notices it
  (remote_deleted_at: any time, on every record the world deleted);
- salaries exist per year, month or day only, and a fixed amount sits in the "from" field;
  a job paid per hour, week or fortnight has no salary in Factorial;
- "temporarily remote" is remote;
- a candidate has one e-mail address and no address type;
- screening questions belong to one job posting each: every (job, question) pair of the
  world is its own question, with Factorial's five question types (numbers and dates are
  text questions, yes/no questions a single choice between "Yes" and "No"), options
  identified by their text, no description and no preconditions.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from atsbox.connectors.base import Connector, ConnectorOptions, connector_for
from atsbox.connectors.ids import join_remote_id, remote_id_of, unified_id
from atsbox.contracts.plugin import ConnectTarget, FeatureContext, VendorContract
from atsbox.contracts.projection import ANY_TIME, Expected, Projection
from atsbox.contracts.writes import WriteCase, WriteChecks, WriteContext
from atsbox.fixtures import model as w
from atsbox.mocks.factorial import ids as factorial_ids

# What Factorial's wire format has no place for although the page lists it. The oracle
# finds these empty on every record; they are the vendor's limits, not the connector's.
NOT_CARRIED: dict[tuple[str, str], str] = {
    ("screening_questions", "description"): "a Factorial question has a label and no description",
    ("job_screening_questions", "precondition_question_id"): "Factorial questions have no preconditions",
    ("job_screening_questions", "precondition_options"): "Factorial questions have no preconditions",
}

PERIODS = ("YEAR", "MONTH", "DAY")
CHOICE_TYPES = ("SINGLE_SELECT", "MULTI_SELECT", "BOOLEAN")


class FactorialProjection(Projection):
    vendor = "factorial"

    def remote_id(self, kind: str, world_id: str) -> str:
        return str(factorial_ids.native_id(kind, world_id))

    def shows(self, kind: str, record: Any) -> bool:
        # A deleted job posting is listed with status "deleted"; a deleted candidate vanishes,
        # and the connector reports it once a sync misses what an earlier one saw.
        return True

    def base(self, model: str, kind: str, record: Any) -> Expected:
        out = super().base(model, kind, record)
        # Factorial never says when something was deleted: the connector notices it.
        out["remote_deleted_at"] = ANY_TIME if record.times.deleted_at is not None else None
        return out

    # -- jobs -------------------------------------------------------------------------------
    def posting_status(self, job: w.Job) -> str:
        if job.times.deleted_at is not None:
            return "deleted"
        if job.status == "OPEN":
            return "published" if job.visibility == "PUBLIC" else "unlisted"
        return {"DRAFT": "draft", "CLOSED": "cancelled", "ARCHIVED": "archived"}[job.status]

    def job(self, job: w.Job) -> Expected:
        out = super().job(job)
        status = self.posting_status(job)
        out["status"] = "ARCHIVED" if status == "deleted" else job.status
        out["visibility"] = "UNLISTED" if status == "unlisted" else "PUBLIC"
        if status not in ("published", "unlisted"):
            out["post_url"] = None
        if job.remote_work_status == "TEMPORARY":
            out["remote_work_status"] = "REMOTE"
        salary = job.salary
        if salary.period in PERIODS:
            ranged = salary.amount_from is not None or salary.amount_to is not None
            out["salary_amount_from"] = salary.amount_from if ranged else salary.amount
            out["salary_amount_to"] = salary.amount_to if ranged else None
        else:
            out["salary_amount_from"] = out["salary_amount_to"] = out["salary_period"] = None
        return out

    # -- candidates ---------------------------------------------------------------------------
    def candidate(self, candidate: w.Candidate) -> Expected:
        out = super().candidate(candidate)
        out["email_addresses"] = [{"email_address": candidate.emails[0].address}] if candidate.emails else []
        return out

    # -- screening questions: one per job and question ------------------------------------------
    def asked(self) -> Iterable[tuple[w.Job, w.JobQuestion, w.Question]]:
        for job in self.world.jobs:
            for jq in job.questions:
                yield job, jq, self.ix.question(jq.question_id)

    def question_remote(self, job: w.Job, question: w.Question) -> str:
        return str(factorial_ids.question_id(job.id, question.id))

    def deleted_with(self, job: w.Job, question: w.Question) -> Any:
        """A job's question is gone with its job posting, or when the question was deleted."""
        gone = job.times.deleted_at is not None or question.times.deleted_at is not None
        return ANY_TIME if gone else None

    def screening_questions(self) -> Iterable[Expected]:
        for job, _jq, question in self.asked():
            remote = self.question_remote(job, question)
            yield {
                "id": unified_id("screening_questions", remote),
                "remote_id": remote,
                "changed_at": ANY_TIME,
                "remote_deleted_at": self.deleted_with(job, question),
                "title": question.title,
                "description": None,
                "format": self.factorial_format(remote, question),
                "category": None,
            }

    def factorial_format(self, remote: str, question: w.Question) -> dict[str, Any]:
        fmt = question.format
        if fmt.type in CHOICE_TYPES:
            names = ["Yes", "No"] if fmt.type == "BOOLEAN" else [o.name for o in fmt.options]
            options = [
                {
                    "id": unified_id("screening_question_options", join_remote_id(remote, name)),
                    "remote_id": join_remote_id(remote, name),
                    "name": name,
                }
                for name in names
            ]
            return {
                "type": "MULTI_SELECT" if fmt.type == "MULTI_SELECT" else "SINGLE_SELECT",
                "options": options,
            }
        if fmt.type == "FILE":
            return {"type": "FILE"}
        long_text = fmt.type == "TEXT" and fmt.display_type == "MULTI_LINE"
        return {"type": "TEXT", "display_type": "MULTI_LINE" if long_text else "SINGLE_LINE"}

    def job_screening_questions(self) -> Iterable[Expected]:
        for job, jq, question in self.asked():
            job_remote = self.remote_id("job", job.id)
            remote = self.question_remote(job, question)
            yield {
                "id": unified_id("job_screening_questions", join_remote_id(job_remote, remote)),
                "job_id": unified_id("jobs", job_remote),
                "question_id": unified_id("screening_questions", remote),
                "index": jq.index,
                "required": jq.required,
                "precondition_question_id": None,
                "precondition_options": None,
                "changed_at": ANY_TIME,
                "remote_deleted_at": self.deleted_with(job, question),
            }


# --- connecting ---------------------------------------------------------------------------------


def connector_credentials(target: ConnectTarget, *, oauth: bool = False) -> dict[str, str]:
    """The API key of a sandbox (or remote credentials as given); with `oauth`, the OAuth app."""
    creds = target.credentials
    app = creds.get("oauth_app")
    if oauth and app is not None:
        return {"client_id": app.secret, "client_secret": app.meta["client_secret"],
                "redirect_uri": app.display["redirect_uri"]}  # fmt: skip
    key = creds.get("api_key")
    if key is not None:
        return {"api_key": getattr(key, "secret", key)}
    return {k: getattr(v, "secret", v) for k, v in creds.items()}


def make_connector(target: ConnectTarget, *, oauth: bool = False, **options: Any) -> Connector:
    return connector_for(
        "factorial",
        base_url=target.base_url or "https://api.factorialhr.com",
        wsgi_app=target.wsgi_app,
        credentials=connector_credentials(target, oauth=oauth),
        options=ConnectorOptions(**options) if options else None,
    )


def auth_headers(target: ConnectTarget) -> dict[str, str]:
    """Both of Factorial's credentials: the API key and, when the sandbox has an OAuth app, a
    bearer token from the authorization-code flow (so checks that tamper with either see it
    enforced; with both sent, the API key decides)."""
    headers = {"x-api-key": connector_credentials(target)["api_key"]}
    if target.credentials.get("oauth_app") is not None:
        oauth = make_connector(target, oauth=True).oauth
        assert oauth is not None
        headers["Authorization"] = oauth.header()
    return headers


# --- write checks ---------------------------------------------------------------------------------

API = "/api/2026-10-01/resources"
CV_BYTES = b"%PDF-1.4\n% atsbox contract CV\n"
CV_B64 = base64.b64encode(CV_BYTES).decode("ascii")
CV_DATA_URL = f"data:application/pdf;base64,{CV_B64}"
SOURCE = "atsbox contract source"


def _json(ctx: WriteContext, path: str, params: dict[str, Any] | None = None) -> Any:
    response = ctx.api("GET", path, params=params)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    return response.json()


def _listing(ctx: WriteContext, resource: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    query = {"limit": 100, **(params or {})}
    while True:
        page = _json(ctx, f"{API}/{resource}", query)
        out += page["data"]
        if not page["meta"]["has_next_page"]:
            return out
        query["after_id"] = page["meta"]["end_cursor"]


def _open_job_with_questions(ctx: WriteContext) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The open job posting asking the most kinds of answerable question. A world without
    one (some seeds have no open job, or no questions on them) gets one through the API."""
    best: tuple[int, dict[str, Any], list[dict[str, Any]]] | None = None
    for status in ("published", "unlisted"):
        for job in _listing(ctx, "ats/job_postings", {"status": status}):
            questions = _listing(ctx, "ats/questions", {"ats_job_posting_ids[]": job["id"]})
            kinds = len({q["question_type"] for q in questions} - {"file"})
            if best is None or kinds > best[0]:
                best = (kinds, job, questions)
    if best is not None and best[0] > 0:
        return best[1], best[2]
    job = best[1] if best is not None else _created(ctx, "ats/job_postings", OPEN_POSTING)
    asked = [_created(ctx, "ats/questions", {**q, "ats_job_posting_id": job["id"], "company_id": 1})
             for q in QUESTIONS]  # fmt: skip
    return job, asked


def _created(ctx: WriteContext, resource: str, body: dict[str, Any]) -> dict[str, Any]:
    response = ctx.api("POST", f"{API}/{resource}", json=body)
    assert response.status_code == 201, f"POST {resource} answered {response.status_code}"
    return response.json()


def open_job_uid(connector: Connector) -> str:
    """A job that takes applications: an open one of the sandbox, else one made for the check."""
    job = next((j for j in connector.read("jobs") if j.status == "OPEN"), None)
    if job is not None:
        return job.id
    response = connector.passthrough("POST", f"{API}/ats/job_postings", json=OPEN_POSTING)
    assert response.status_code == 201, response.status_code
    return unified_id("jobs", str(response.json()["id"]))


OPEN_POSTING = {"title": "atsbox contract posting", "status": "published",
                **dict.fromkeys(("cv_requirement", "cover_letter_requirement", "phone_requirement",
                                 "photo_requirement", "personal_url_requirement"), "optional")}  # fmt: skip
QUESTIONS = (
    {"label": "Why us?", "position": 0, "question_type": "long_text"},
    {"label": "Notice period", "position": 1, "question_type": "single_choice",
     "options": [{"text": "None"}, {"text": "One month"}, {"text": "Three months"}]},
    {"label": "Languages", "position": 2, "question_type": "multiple_choice",
     "options": [{"text": "English"}, {"text": "German"}, {"text": "Spanish"}]},
)  # fmt: skip


def _answer_for(question: dict[str, Any]) -> Any:
    qid = str(question["id"])
    texts = [o["text"] for o in question.get("options") or ()]
    option = lambda text: unified_id("screening_question_options", join_remote_id(qid, text))  # noqa: E731
    if question["question_type"] == "single_choice":
        return option(texts[-1])
    if question["question_type"] == "multiple_choice":
        return [option(t) for t in texts[:2]]
    return f"Answer to {question['label']}"


def _applicant_case(ctx: WriteContext, tag: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A create-candidate / create-application input, what the vendor must then hold, the job."""
    job, questions = _open_job_with_questions(ctx)
    chosen: dict[str, dict[str, Any]] = {}
    for q in questions:
        if q["question_type"] != "file":
            chosen.setdefault(q["question_type"], q)
    answers = [{"question_id": unified_id("screening_questions", str(q["id"])), "answer": _answer_for(q)}
               for q in chosen.values()]  # fmt: skip
    job_uid = unified_id("jobs", str(job["id"]))
    data: dict[str, Any] = {
        "candidate": {"first_name": "Ada", "last_name": f"Contract {tag}",
                      "email_address": f"ada.{tag}@contract.example", "phone_number": "+49 30 5550 1234"},
        "screening_question_answers": answers,
        "attachments": [{"name": f"cv-{tag}.pdf", "content_type": "application/pdf", "data": CV_B64,
                         "data_url": CV_DATA_URL, "type": "CV"}],
        "source": {"name": SOURCE},
    }  # fmt: skip
    expected = {
        "candidate.first_name": "Ada",
        "candidate.last_name": f"Contract {tag}",
        "candidate.email_address": f"ada.{tag}@contract.example",
        "candidate.phone_number": "+49 30 5550 1234",
        "application.job_id": job_uid,
        "screening_question_answers.question_id": [a["question_id"] for a in answers],
        "screening_question_answers.answer": [a["answer"] for a in answers],
        "attachments.name": f"cv-{tag}.pdf",
        "attachments.content_type": "application/pdf",
        "attachments.data": CV_B64,
        "attachments.data_url": CV_DATA_URL,
        "attachments.type": "CV",
        "source.name": SOURCE,
    }
    return data, expected, job_uid


def _answer_back(question: dict[str, Any], value: str) -> Any:
    """A stored Factorial answer as the unified answer that would write it."""
    qid = str(question["id"])
    option = lambda text: unified_id("screening_question_options", join_remote_id(qid, text))  # noqa: E731
    if question["question_type"] == "single_choice":
        return option(value)
    if question["question_type"] == "multiple_choice":
        texts = [o["text"] for o in question.get("options") or ()]
        return [option(t) for t in texts if t in value.split(", ")]
    return value


def _cv_back(ctx: WriteContext, cv: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    if not cv:
        return {}
    data = ctx.api("GET", cv["url"]).content
    out = {f"{prefix}.name": cv["filename"], f"{prefix}.content_type": cv["content_type"],
           f"{prefix}.data": base64.b64encode(data).decode("ascii"), f"{prefix}.type": "CV"}  # fmt: skip
    if data == CV_BYTES:
        out[f"{prefix}.data_url"] = CV_DATA_URL  # what the URL serves is what Factorial holds
    return out


class FactorialWrites(WriteChecks):
    def build(self, action: str, ctx: WriteContext) -> WriteCase:
        if action == "create_candidate":
            data, expected, job_uid = _applicant_case(ctx, "candidate")
            return WriteCase(({**data, "application": {"job_id": job_uid}},), expected)
        if action == "create_application":
            data, expected, job_uid = _applicant_case(ctx, "application")
            return WriteCase((job_uid, data), expected)
        if action == "add_application_attachment":
            bare = next(a for a in _listing(ctx, "ats/applications") if not a.get("cv"))
            app_uid = unified_id("applications", str(bare["id"]))
            attachment = {
                "name": "cv-added.pdf",
                "content_type": "application/pdf",
                "data": CV_B64,
                "type": "CV",
            }
            expected = {"application_id": app_uid, "attachment.name": "cv-added.pdf",
                        "attachment.content_type": "application/pdf", "attachment.data": CV_B64,
                        "attachment.type": "CV"}  # fmt: skip
            return WriteCase((app_uid, attachment), expected)
        raise NotImplementedError(action)

    def readback(self, action: str, case: WriteCase, result: Any, ctx: WriteContext) -> Mapping[str, Any]:
        if action == "add_application_attachment":
            remote = remote_id_of(case.args[0], "applications")
            app = _json(ctx, f"{API}/ats/applications/{remote}")
            out = _cv_back(ctx, app.get("cv"), "attachment")
            out.pop("attachment.data_url", None)
            return {"application_id": unified_id("applications", str(app["id"])), **out}
        remote = remote_id_of(result.application.id, "applications")
        app = _json(ctx, f"{API}/ats/applications/{remote}")
        candidate = _json(ctx, f"{API}/ats/candidates/{app['ats_candidate_id']}")
        source = (
            _json(ctx, f"{API}/ats/candidate_sources/{candidate['source_id']}")
            if candidate["source_id"]
            else {}
        )
        questions = {str(q["id"]): q for q in _listing(ctx, "ats/questions",
                                                      {"ats_job_posting_ids[]": app["ats_job_posting_id"]})}  # fmt: skip
        answers = _listing(ctx, "ats/answers", {"ats_application_ids[]": app["id"]})
        return {
            "candidate.first_name": candidate["first_name"],
            "candidate.last_name": candidate["last_name"],
            "candidate.email_address": candidate["email"],
            "candidate.phone_number": candidate["phone_number"],
            "application.job_id": unified_id("jobs", str(app["ats_job_posting_id"])),
            "screening_question_answers.question_id": [
                unified_id("screening_questions", str(a["ats_question_id"])) for a in answers
            ],
            "screening_question_answers.answer": [
                _answer_back(questions[str(a["ats_question_id"])], a["value"]) for a in answers
            ],
            **_cv_back(ctx, app.get("cv"), "attachments"),
            "source.name": source.get("name"),
        }


# --- feature checks ---------------------------------------------------------------------------------


def _oauth_app(ctx: FeatureContext) -> dict[str, str]:
    return connector_credentials(ctx.target, oauth=True)


def _consent(ctx: FeatureContext, **extra: str) -> Any:
    """The browser's visit to the consent page: the redirect it gets, not followed."""
    app = _oauth_app(ctx)
    transport = ctx.connector.transport
    params = {
        "client_id": app["client_id"],
        "redirect_uri": app["redirect_uri"],
        "response_type": "code",
        **extra,
    }
    return transport.session.get(transport.url("/oauth/authorize"), params=params, allow_redirects=False,
                                 headers={"x-api-key": None})  # fmt: skip


def check_source_writing(ctx: FeatureContext) -> str:
    connector = ctx.connect()
    name = "atsbox source-writing check"
    created = connector.create_candidate({
        "candidate": {"first_name": "Sourced", "last_name": "Candidate", "email_address": "sourced@check.example"},
        "application": {"job_id": open_job_uid(connector)},
        "source": {"name": name},
    })  # fmt: skip
    assert created.candidate.source == name, created.candidate.source
    synced = {c.id: c for c in connector.read("candidates")}[created.candidate.id]
    assert synced.source == name, synced.source
    return f"a candidate created with source {name!r} syncs back with it"


def check_sync_only_created_applications(ctx: FeatureContext) -> str:
    connector = ctx.connect(sync_only_created_applications=True)
    assert connector.read("candidates") == [], "untracked candidates were synced"
    everyone = ctx.connect().read("candidates")
    created = connector.create_candidate({
        "candidate": {"first_name": "Tracked", "last_name": "Candidate", "email_address": "tracked@check.example"},
        "application": {"job_id": open_job_uid(connector)},
    })  # fmt: skip
    synced = [c.id for c in connector.read("candidates")]
    assert synced == [created.candidate.id], synced
    return f"only the candidate created through the connector syncs ({len(everyone)} exist)"


def check_oauth(ctx: FeatureContext) -> str:
    connector = ctx.connect(oauth=True)
    by_key = {c.id for c in ctx.connect().read("candidates")}
    assert {c.id for c in connector.read("candidates")} == by_key, "an OAuth admin sees what the API key sees"
    oauth = connector.oauth
    assert oauth is not None and oauth.token is not None and oauth.token.refresh_token
    first = oauth.token.access_token
    app = _oauth_app(ctx)
    revoked = connector.transport.request("POST", "/oauth/revoke", raise_for_status=False,
                                          data={"token": first, **app})  # fmt: skip
    assert revoked.status_code == 200, revoked.status_code
    assert {c.id for c in connector.read("candidates")} == by_key, "the connector did not recover"
    assert oauth.token.access_token != first, "the refused token was not refreshed"
    return "the connector runs the authorization-code flow, reads with the token and refreshes a refused one"


def check_api_passthrough(ctx: FeatureContext) -> str:
    page = ctx.connector.passthrough("GET", f"{API}/ats/job_postings", params={"limit": 2})
    assert page.status_code == 200, page.status_code
    assert len(page.json()["data"]) == 2 and page.json()["meta"]["has_next_page"] is True
    missing = ctx.connector.passthrough("GET", f"{API}/ats/job_postings/999999999")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not_found"
    return "raw calls reach Factorial with the connector's credentials; statuses and bodies come back as they are"


def check_connection_guide(ctx: FeatureContext) -> str:
    """The guide's steps: send the admin to Factorial's consent page, receive the code on
    the registered redirect URI, exchange it, call the API."""
    app = _oauth_app(ctx)
    transport = ctx.connector.transport
    consent = _consent(ctx, state="guide")
    location = consent.headers.get("Location", "")
    assert consent.status_code == 302 and location.startswith(app["redirect_uri"]), consent.status_code
    query = parse_qs(urlsplit(location).query)
    assert query.get("state") == ["guide"] and query.get("code"), query
    token = transport.request("POST", "/oauth/token", raise_for_status=False, headers={"x-api-key": None}, data={
        **app, "grant_type": "authorization_code", "code": query["code"][0]}).json()  # fmt: skip
    assert token.get("token_type") == "Bearer" and token.get("expires_in") == 7200, token
    call = transport.request("GET", f"{API}/ats/job_postings", raise_for_status=False,
                             headers={"x-api-key": None, "Authorization": f"Bearer {token['access_token']}"})  # fmt: skip
    assert call.status_code == 200, call.status_code
    return "authorize -> redirect with code and state -> token exchange -> API call, as the guide describes"


def check_prerequisites(ctx: FeatureContext) -> str:
    """The guide's prerequisite: connect as a Factorial admin; anyone else sees only part."""
    app = _oauth_app(ctx)
    managers = {m.user_id for j in ctx.world.jobs for m in j.hiring_team if "HIRING_MANAGER" in m.roles}
    others = [u for u in ctx.world.users if "ADMIN" not in u.roles]
    user = next((u for u in others if u.id in managers), others[0])
    transport = ctx.connector.transport
    consent = _consent(ctx, login_as=str(factorial_ids.native_id("user", user.id)))
    code = parse_qs(urlsplit(consent.headers["Location"]).query)["code"][0]
    token = transport.request("POST", "/oauth/token", raise_for_status=False, headers={"x-api-key": None}, data={
        **app, "grant_type": "authorization_code", "code": code}).json()["access_token"]  # fmt: skip
    seen = transport.request("GET", f"{API}/ats/candidates", raise_for_status=False,
                             headers={"x-api-key": None, "Authorization": f"Bearer {token}"}).json()  # fmt: skip
    everyone = ctx.connector.passthrough("GET", f"{API}/ats/candidates").json()
    assert seen["meta"]["total"] < everyone["meta"]["total"], "a non-admin saw every candidate"
    return (f"an admin's connection sees all {everyone['meta']['total']} candidates, a hiring manager's only "
            f"{seen['meta']['total']}")  # fmt: skip


def check_create_credentials(ctx: FeatureContext) -> str:
    """The customer creates an API key (Settings > API) and pastes it: it must work, and a
    wrong one must be refused."""
    key = connector_credentials(ctx.target)["api_key"]
    transport = ctx.connector.transport
    ok = transport.request("GET", f"{API}/ats/candidates", raise_for_status=False, headers={"x-api-key": key})
    wrong = transport.request("GET", f"{API}/ats/candidates", raise_for_status=False,
                              headers={"x-api-key": key[::-1]})  # fmt: skip
    assert ok.status_code == 200 and wrong.status_code == 401, (ok.status_code, wrong.status_code)
    return "the sandbox's API key authenticates as x-api-key; a wrong key gets 401"


FEATURES = {
    "Source Writing": check_source_writing,
    "Sync Only Created Applications": check_sync_only_created_applications,
    "Connection Guide": check_connection_guide,
    "Prerequisites": check_prerequisites,
    "Create credentials": check_create_credentials,
    "OAuth": check_oauth,
    "API Passthrough": check_api_passthrough,
}

CONTRACT = VendorContract(
    vendor="factorial",
    projection=FactorialProjection,
    connect=make_connector,
    writes=FactorialWrites(),
    features=FEATURES,
    auth_headers=auth_headers,
    gaps=NOT_CARRIED,
)
