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

from collections.abc import Iterable
from typing import Any

from atsbox.connectors.base import Connector, ConnectorOptions, connector_for
from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.contracts.plugin import ConnectTarget, VendorContract
from atsbox.contracts.projection import ANY_TIME, Expected, Projection
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
    return {"x-api-key": connector_credentials(target)["api_key"]}


CONTRACT = VendorContract(
    vendor="factorial",
    projection=FactorialProjection,
    connect=make_connector,
    writes=None,
    features={},
    auth_headers=auth_headers,
)
