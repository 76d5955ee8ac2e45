"""The Gem connector: Gem's ATS API (Greenhouse-Harvest-shaped) -> Kombo's unified model.

Reads page through ``page``/``per_page=500`` following the ``Link: rel="next"`` header (and
stopping on a short page, which is what Gem's own clients rely on). Every read sends
``include_deleted=true`` so soft-deleted rows come back with ``remote_deleted_at``; a delta
sync adds the ``updated_after`` filter (``last_activity_after`` for applications, Gem's only
change filter there).

A delta sync also returns records whose unified fields are derived from *other* records that
changed, since Gem's own change time of a record does not move with them (Kombo's
updated_after covers linked changes):
- a candidate whose applications changed (its source is its initial application's);
- a job whose newest live and active posting may have changed (description, post_url);
- the job-stage rows of a job deleted since (they are gone with it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import requests

from atsbox.connectors.base import Connector, register_connector
from atsbox.connectors.errors import AuthError, ConnectorError, InvalidInput, RemoteError
from atsbox.connectors.ids import remote_id_of
from atsbox.connectors.unified import AttachmentOut, ResultLinkInput, UnifiedRecord

from . import mapping

ATS = "/ats/v0"
PER_PAGE = 500
# Harvest's limit on the candidate_ids filter, which Gem's ATS API mirrors.
CANDIDATE_IDS_PER_REQUEST = 50


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _credential(credentials: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = credentials.get(name)
        if value:
            return str(value)
    return None


def result_link_note(link: ResultLinkInput, application: Mapping[str, Any] | None = None) -> str:
    """The activity-feed note a result link becomes: Gem has no result-link object, so the
    label and URL go first, then one "<prefix> <key>: <value>" line per attribute (Kombo's
    custom-field naming), and for the application variant the application it belongs to."""
    lines = [f"{link.label}: {link.url}"]
    if link.details is not None:
        prefix = link.details.custom_field_name_prefix
        lines += [f"{prefix} {a.key}: {a.value}" for a in link.details.attributes]
    if application is not None:
        job = (application.get("jobs") or [{}])[0].get("name") or ""
        lines.append(f"Application: {application['id']} ({job})".rstrip(" ()"))
    return "\n".join(lines)


@register_connector
class GemConnector(Connector):
    vendor = "gem"
    default_base_url = "https://api.gem.com"

    @classmethod
    def transport_kwargs(cls, credentials: Mapping[str, str]) -> dict[str, Any]:
        headers = {}
        key = _credential(credentials, "api_key", "X-API-Key", "shareable_access_key")
        if key:
            headers["X-API-Key"] = key
        secret = _credential(credentials, "application_secret", "X-Application-Secret")
        if secret:
            headers["X-Application-Secret"] = secret
        return {"headers": headers}

    @classmethod
    def parse_error(cls, response: requests.Response) -> ConnectorError | None:
        status = response.status_code
        if status == 429:
            return None  # the transport reads Retry-After
        try:
            body = response.json()
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        message = str(body.get("message") or "")
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict) and errors[0].get("message"):
            message = f"{message}: {errors[0]['message']}" if message else str(errors[0]["message"])
        text = f"Gem answered HTTP {status}: {message}" if message else None
        if status in (401, 403):
            return AuthError(status, body, text)
        return RemoteError(status, body, text)

    # -- HTTP helpers ---------------------------------------------------------------------
    def _pages(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        url: str | None = path
        query: dict[str, Any] | None = {"per_page": PER_PAGE, **(params or {})}
        while url:
            response = self.transport.get(url, params=query)
            items = response.json()
            yield from items
            next_link = response.links.get("next", {}).get("url")
            if not next_link or len(items) < PER_PAGE:
                break  # no next page, or a short one: that was the last
            url, query = next_link, None

    def _list(self, name: str, updated_after: datetime | None, change_param: str = "updated_after") -> list[dict[str, Any]]:
        # Soft-deleted rows are always asked for: they become remote_deleted_at.
        params: dict[str, Any] = {"include_deleted": "true"}
        if updated_after is not None:
            params[change_param] = _iso(updated_after)
        return list(self._pages(f"{ATS}/{name}/", params))

    def _get(self, path: str) -> dict[str, Any]:
        return self.transport.json("GET", path)

    def _jobs_with_posts(self, updated_after: datetime | None) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
        """Jobs (changed ones on a delta) and every job's postings. On a delta, a job whose
        primary posting may have changed is returned too: its description and post_url
        follow that posting."""
        jobs = self._list("jobs", updated_after)
        posts = self._list("job_posts", None)
        by_job: dict[str, list[dict[str, Any]]] = {}
        for post in posts:
            by_job.setdefault(post["job_id"], []).append(post)
        if updated_after is not None:
            seen = {j["id"] for j in jobs}
            cutoff = _iso(updated_after)
            affected = {job_id for job_id, job_posts in by_job.items() if mapping.primary_may_have_changed(job_posts, cutoff)}
            for job_id in sorted(affected - seen):
                jobs.append(self._get(f"{ATS}/jobs/{job_id}"))
        return jobs, by_job

    def _candidates_by_id(self, candidate_ids: list[str]) -> list[dict[str, Any]]:
        """The candidates with these ids (deleted ones too), a bounded batch per request."""
        found: list[dict[str, Any]] = []
        for start in range(0, len(candidate_ids), CANDIDATE_IDS_PER_REQUEST):
            batch = candidate_ids[start : start + CANDIDATE_IDS_PER_REQUEST]
            params = {"include_deleted": "true", "candidate_ids": ",".join(batch)}
            found.extend(self._pages(f"{ATS}/candidates/", params))
        return found

    # -- reads ----------------------------------------------------------------------------
    def read_users(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return [mapping.user(u) for u in self._list("users", updated_after)]

    def read_jobs(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        jobs, posts = self._jobs_with_posts(updated_after)
        return [mapping.job(j, posts.get(j["id"], [])) for j in jobs]

    def read_job_postings(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return [mapping.job_posting(p) for p in self._list("job_posts", updated_after)]

    def read_candidates(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        candidates = self._list("candidates", updated_after)
        if updated_after is not None:
            # A changed (or deleted) application changes its candidate's embedded applications
            # and may change its source, while the candidate's updated_at need not move.
            seen = {c["id"] for c in candidates}
            changed_apps = self._list("applications", updated_after, "last_activity_after")
            candidates += self._candidates_by_id(sorted({a["candidate_id"] for a in changed_apps} - seen))
        return [mapping.candidate(c) for c in candidates]

    def read_application_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return [mapping.application_stage(s) for s in self._list("job_stages", updated_after)]

    def read_applications(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return [mapping.application(a) for a in self._list("applications", updated_after, "last_activity_after")]

    def read_interviews(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        stage_of_kit = {
            kit["id"]: stage["id"] for stage in self._list("job_stages", None) for kit in stage.get("interviews") or []
        }
        return [mapping.interview(i, stage_of_kit) for i in self._list("scheduled_interviews", updated_after)]

    def read_job_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        # A job-stage row is gone when its job is: Gem keeps the stages of a deleted job.
        job_deleted = {j["id"]: j.get("deleted_at") for j in self._list("jobs", None)}
        stages = self._list("job_stages", updated_after)
        if updated_after is not None:
            cutoff = _iso(updated_after)
            gone = {job_id for job_id, at in job_deleted.items() if at and at > cutoff}
            if gone:
                seen = {s["id"] for s in stages}
                stages += [s for s in self._list("job_stages", None) if s["job_id"] in gone and s["id"] not in seen]
        return [mapping.job_stage(s, job_deleted.get(s["job_id"])) for s in stages]

    def read_job_hiring_team(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return [member for j in self._list("jobs", updated_after) for member in mapping.hiring_team(j)]

    def read_interview_users(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        return [row for i in self._list("scheduled_interviews", updated_after) for row in mapping.interview_users(i)]

    # -- writes ---------------------------------------------------------------------------
    def acting_user_id(self) -> str:
        """The Gem user writes are attributed to (Gem requires one): the ``user_id``
        credential when given, else the first active site admin, else the first active user."""
        configured = _credential(self.credentials, "user_id", "acting_user_id")
        if configured:
            return configured
        cached = getattr(self, "_acting_user", None)
        if cached:
            return cached
        users = [u for u in self._pages(f"{ATS}/users/") if not u.get("disabled")]
        chosen = next((u for u in users if u.get("site_admin")), users[0] if users else None)
        if chosen is None:
            raise InvalidInput("Gem has no active user to attribute the write to", "user_id")
        self._acting_user = chosen["id"]
        return chosen["id"]

    def move_application_to_stage(self, application_id: str, stage_id: str) -> None:
        app_remote = remote_id_of(application_id, "applications", field="application_id")
        stage_remote = remote_id_of(stage_id, "application_stages", field="stage_id")
        current = self._get(f"{ATS}/applications/{app_remote}")
        from_stage = (current.get("current_stage") or {}).get("id")
        if from_stage == stage_remote:
            return  # already there: nothing to move
        self.transport.post(
            f"{ATS}/applications/{app_remote}/move",
            json={"from_stage_id": from_stage, "to_stage_id": stage_remote, "user_id": self.acting_user_id()},
        )

    def _note(self, candidate_remote: str, body: str) -> None:
        self.transport.post(
            f"{ATS}/candidates/{candidate_remote}/activity_feed/notes",
            json={"user_id": self.acting_user_id(), "body": body, "visibility": "public"},
        )

    def add_application_result_link(self, application_id: str, link: ResultLinkInput) -> None:
        app_remote = remote_id_of(application_id, "applications", field="application_id")
        application = self._get(f"{ATS}/applications/{app_remote}")
        self._note(application["candidate_id"], result_link_note(link, application))

    def add_candidate_result_link(self, candidate_id: str, link: ResultLinkInput) -> None:
        cand_remote = remote_id_of(candidate_id, "candidates", field="candidate_id")
        self._note(cand_remote, result_link_note(link))

    def get_candidate_attachments(self, candidate_id: str) -> list[AttachmentOut]:
        cand_remote = remote_id_of(candidate_id, "candidates", field="candidate_id")
        candidate = self._get(f"{ATS}/candidates/{cand_remote}")
        return [AttachmentOut(**mapping.attachment(a, cand_remote)) for a in candidate.get("attachments") or []]
