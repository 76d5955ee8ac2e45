"""The Factorial connector: Factorial's ATS API (version 2026-10-01) -> Kombo's unified model.

Auth: an API key (`x-api-key`) or OAuth2 (`client_id`, `client_secret`, `redirect_uri`,
optionally a stored `access_token` / `refresh_token`); with OAuth the connector runs the
authorization-code flow itself when it has no token and refreshes it before expiry or after
a 401.

Reads list every page (limit 100, following `meta.end_cursor`) of the resources a model
needs, once per read: no request per record. Factorial has no change filter, so a delta read
is a full read narrowed by changes.ChangeLog.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import requests

from atsbox.connectors.base import Connector, register_connector
from atsbox.connectors.errors import AuthError, ConnectorError, InvalidInput, RemoteError
from atsbox.connectors.http import body_of
from atsbox.connectors.unified import UnifiedRecord

from . import mapping
from .changes import ChangeLog
from .oauth import OAuthClient, Token

PAGE = 100
OAUTH_KEYS = ("client_id", "client_secret")


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
        self.changes = ChangeLog(transport.now)
        self.oauth: OAuthClient | None = None
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
            now=self.transport.now,
            scope=credential(self.credentials, "scope"),
            token=token,
        )

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A request with the current credentials; an OAuth 401 refreshes once and retries."""
        if self.oauth is None:
            return self.transport.request(method, path, **kwargs)
        headers = {**kwargs.pop("headers", {}), "Authorization": self.oauth.header()}
        response = self.transport.request(method, path, headers=headers, raise_for_status=False, **kwargs)
        if response.status_code == 401:
            self.oauth.refresh()
            headers["Authorization"] = self.oauth.header()
            response = self.transport.request(method, path, headers=headers, raise_for_status=False, **kwargs)
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
        return mapping.CustomValues.of(self.all("custom_fields/fields"), self.all("custom_fields/values"),
                                       valuable_type)  # fmt: skip

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
            (
                mapping.job(p, teams, places, custom),
                mapping.parse_time(p.get("created_at")),
                p.get("status") == "deleted",
            )
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


def _latest(item: Mapping[str, Any], custom: mapping.CustomValues) -> datetime | None:
    """A candidate's own change time, or its custom values' when those changed later."""
    times = [mapping.parse_time(item.get("updated_at"))]
    times += [
        mapping.parse_time(v.get("updated_at")) for v in custom.by_record.get(mapping.rid(item["id"]), [])
    ]
    found = [t for t in times if t is not None]
    return max(found) if found else None


def invalid(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, field)
