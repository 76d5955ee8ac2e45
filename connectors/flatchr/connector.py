"""The Flatchr connector: api.flatchr.io + careers.flatchr.io -> Kombo's unified model.

Reads avoid per-record calls: jobs are one vacancy list (plus one list per publication
channel for visibility), applicants and candidates one applicant search with
``?fields=candidate``, stages one column list, candidate tags one search per candidate tag.
Flatchr has no paging, no change filter except the search's day-granular ``start_update``
(``MM/DD/YY``) and no deletion flag (the sandbox's bin, ``deleted_at``, is read when served).
So the connector remembers what it read (``Sightings``, shared with Personio) and notices
what Flatchr does not say, dated by Flatchr's clock (the ``Date`` of its answers): records
gone from a complete listing are deleted, changes without a vendor time (tags, derived rows)
are dated when noticed, unchanged records keep their time. Only a complete listing shows
what is gone, so a delta read of candidates or applications by a connector that listed them
before searches without ``start_update`` (one answer either way: Flatchr does not page); a
connector that has not asks for ``updated_after``'s day onwards. Every other model is a full
listing each time; all keep what changed after ``updated_after``.

Writes post to the career site (``/vacancy/candidate/json``) with the vacancy's slug;
Flatchr keeps one resume, so only the first attachment of type CV is sent. The source is
the configured offerer id (Kombo's Tools > Flatchr > Settings); asking for a source
without one is the unified InvalidInput error.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from atsbox.connectors.base import Connector, register_connector
from atsbox.connectors.errors import AuthError, ConnectorError, InvalidInput, RemoteError
from atsbox.connectors.ids import remote_id_of
from atsbox.connectors.personio.tracking import Sightings, VendorClock
from atsbox.connectors.unified import (
    CreateApplicationInput,
    CreateCandidateInput,
    CreatedApplication,
    UnifiedRecord,
)

from . import mapping

API_HOST = "api.flatchr.io"
CAREERS_URL = "https://careers.flatchr.io"
SANDBOX_CAREERS_PREFIX = "/careers"


@register_connector
class FlatchrConnector(Connector):
    vendor = "flatchr"
    default_base_url = f"https://{API_HOST}"

    def __init__(self, transport: Any, **kwargs: Any) -> None:
        super().__init__(transport, **kwargs)
        self.clock = VendorClock(transport)
        self.sightings = Sightings(self.clock.now)

    @classmethod
    def transport_kwargs(cls, credentials: Mapping[str, str]) -> dict[str, Any]:
        key = credentials.get("api_key")
        return {"headers": {"Authorization": f"Bearer {key}"}} if key else {}

    @classmethod
    def parse_error(cls, response: requests.Response) -> ConnectorError | None:
        if response.status_code == 429:
            return None  # the transport reads Retry-After
        try:
            body = response.json()
        except ValueError:
            return None
        if not isinstance(body, dict) or "message" not in body:
            return None
        text = f"Flatchr answered HTTP {response.status_code}: {body['message']}"
        if response.status_code in (401, 403):
            return AuthError(response.status_code, body, text)
        return RemoteError(response.status_code, body, text)

    # -- settings -------------------------------------------------------------------------
    @property
    def company(self) -> str:
        company = self.credentials.get("company_id")
        if not company:
            raise InvalidInput(
                "the Flatchr company key is required (Settings > Advanced > API)", "company_id"
            )
        return str(company)

    @property
    def offerer_id(self) -> int | None:
        value = self.credentials.get("offerer_id")
        return int(value) if value not in (None, "") else None

    def careers_url(self, path: str) -> str:
        """The career site's URL for ``path``: careers.flatchr.io next to the real API host,
        else (a sandbox) the ``/careers`` sub-prefix of the API base URL."""
        configured = self.credentials.get("careers_base_url")
        if configured:
            return str(configured).rstrip("/") + path
        base = self.transport.base_url
        if urlsplit(base).hostname == API_HOST:
            return CAREERS_URL + path
        return base + SANDBOX_CAREERS_PREFIX + path

    # -- HTTP helpers -----------------------------------------------------------------------
    def _get(self, path: str, **params: Any) -> Any:
        return self.transport.json("GET", f"/company/{self.company}{path}", params=params or None)

    def _search(self, body: Mapping[str, Any]) -> list[dict[str, Any]]:
        return self.transport.json(
            "POST",
            f"/company/{self.company}/search/applicants",
            params={"fields": "candidate"},
            json=dict(body),
        )

    def _rows(self, model: str, updated_after: datetime | None) -> tuple[bool, list[dict[str, Any]]]:
        """(complete, search rows with their candidate) for a read of `model`: all applicants,
        or those updated since `updated_after`'s day when the model was never listed. A row
        whose candidate or vacancy Flatchr no longer shows is left out (it is gone)."""
        complete = self.sightings.lists_all(model, updated_after)
        body = (
            {} if complete or updated_after is None else {"start_update": updated_after.strftime("%m/%d/%y")}
        )
        return complete, [
            r for r in self._search(body) if r.get("candidate") and r.get("vacancy_id") is not None
        ]

    def _tracked(
        self,
        model: str,
        records: list[UnifiedRecord],
        updated_after: datetime | None,
        *,
        complete: bool = True,
    ) -> list[UnifiedRecord]:
        return self.sightings.changed_after(model, records, complete=complete, updated_after=updated_after)

    def _folders_and_candidate_tags(self) -> tuple[set[str], list[dict[str, Any]]]:
        tags = self._get("/tags")
        return {t["id"] for t in tags if t.get("folder")}, [t for t in tags if t.get("type") == "candidates"]

    # -- reads ------------------------------------------------------------------------------
    def read_jobs(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        vacancies = self._get("/vacancies", fields="address,tags")
        channels: dict[str, set[int]] = {}
        for offer in (mapping.CAREER_SITE, mapping.INTRANET):
            for vacancy in self._get("/vacancies", offer_id=offer):
                channels.setdefault(vacancy["id"], set()).add(offer)
        folders, _ = self._folders_and_candidate_tags()
        jobs = [mapping.job(v, channels.get(v["id"], set()), folders) for v in vacancies]
        return self._tracked("jobs", jobs, updated_after)

    def read_candidates(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        complete, rows = self._rows("candidates", updated_after)
        people: dict[str, dict[str, Any]] = {}
        for row in rows:
            people.setdefault(row["candidate"]["id"], row["candidate"])
        records = [mapping.candidate(p) for p in people.values()]
        return self._tracked("candidates", records, updated_after, complete=complete)

    def read_application_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        stages = [mapping.application_stage(c) for c in self._get("/columns")]
        return self._tracked("application_stages", stages, updated_after)

    def read_job_stages(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        rows = [mapping.job_stage(c) for c in self._get("/columns") if c.get("vacancy_id")]
        return self._tracked("job_stages", rows, updated_after)

    def read_applications(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        complete, rows = self._rows("applications", updated_after)
        # Search rows name the vacancy by integer id and the column by title: resolve both.
        vacancy_key = {v["vacancy_id"]: v["id"] for v in self._get("/vacancies")}
        column_id = {(c["vacancy_id"], c["title"]): c["id"] for c in self._get("/columns")}
        out = []
        for row in rows:
            vacancy = vacancy_key[row["vacancy_id"]]
            out.append(mapping.application_of_row(row, vacancy, column_id.get((vacancy, row["column"]))))
        return self._tracked("applications", out, updated_after, complete=complete)

    def read_tags(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        _, definitions = self._folders_and_candidate_tags()
        # Tags carry no times: a definition is dated when first seen as it is (Flatchr's
        # clock), and keeps that date while it stays the same (see Sightings).
        seen_at = self.clock.now()
        return self._tracked("tags", [mapping.tag(t, seen_at) for t in definitions], updated_after)

    def read_candidate_tags(self, updated_after: datetime | None) -> list[UnifiedRecord]:
        _, definitions = self._folders_and_candidate_tags()
        out: dict[str, UnifiedRecord] = {}
        for definition in definitions:
            for row in self._search({"tag": definition["id"]}):
                if row.get("candidate"):
                    record = mapping.candidate_tag(row["candidate"], definition)
                    out.setdefault(record.id, record)
        return self._tracked("candidate_tags", list(out.values()), updated_after)

    # -- writes -----------------------------------------------------------------------------
    def create_candidate(self, data: CreateCandidateInput) -> CreatedApplication:
        job = remote_id_of(data.application.job_id, "jobs", field="application.job_id")
        return self._apply(job, data)

    def create_application(self, job_id: str, data: CreateApplicationInput) -> CreatedApplication:
        return self._apply(remote_id_of(job_id, "jobs", field="job_id"), data)

    def _resume(self, data: CreateCandidateInput | CreateApplicationInput) -> dict[str, Any]:
        """``type`` and ``resume`` for the first CV: Flatchr keeps a single resume."""
        cv = next((a for a in data.attachments if a.type == "CV"), None)
        if cv is None:
            raise InvalidInput("Flatchr needs a resume: add an attachment of type CV", "attachments")
        if cv.data is None and urlsplit(cv.data_url or "").scheme in ("http", "https"):
            return {"type": "link", "resume": cv.data_url}
        file = self.file_bytes(cv)
        return {"type": "document", "resume": {"data": base64.b64encode(file.data).decode("ascii"),
                                               "fileName": file.name, "contentType": file.content_type}}  # fmt: skip

    def _apply(self, job: str, data: CreateCandidateInput | CreateApplicationInput) -> CreatedApplication:
        offerer = self.offerer_id
        if data.source is not None and offerer is None:
            raise InvalidInput(
                "writing a source to Flatchr needs your offerer id (Tools > Flatchr > Settings)", "source"
            )
        person = data.candidate
        vacancy = self.transport.json("GET", f"/vacancy/{job}")
        body: dict[str, Any] = {
            "vacancy": vacancy["slug"],
            "firstname": person.first_name,
            "lastname": person.last_name,
            "email": person.email_address,
            "token": self.credentials.get("api_key"),
            **self._resume(data),
        }
        if person.phone_number:
            body["phone"] = person.phone_number
        if offerer is not None:
            body["offerer_id"] = offerer
        self.transport.post(self.careers_url("/vacancy/candidate/json"), json=body)
        # The career site answers without the new applicant's id: find it by email and vacancy.
        rows = self._search({"email": person.email_address, "vacancy": job})
        if not rows:
            raise RemoteError(200, None, "Flatchr accepted the candidate but the applicant cannot be found")
        row = max(enumerate(rows), key=lambda item: (item[1].get("updated_at") or 0, item[0]))[1]
        applicant = self._get(f"/applicant/{row['applicant']}")
        return CreatedApplication(
            application=mapping.application_of_applicant(applicant, bool(row.get("hired"))),
            candidate=mapping.candidate(applicant["candidate"]),
        )
