"""Native documents -> Ashby's wire JSON, endpoint by endpoint (reference §4).

Stored documents point at each other by id; the wire embeds what Ashby embeds (an
application carries its candidate's name, its stage, its job's title, its hiring team).
`Lookup` fetches what a page of records points at in one store query per kind and keeps
the small kinds (users, stages, sources, custom fields ...) for the whole request.

Optional fields are left out rather than sent as null: Ashby's OpenAPI document types
them as plain strings and objects, and every response is validated against it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from . import store_kinds as K
from .ids import file_handle, native_id
from .render import iso
from .vocab import plain_text

APP_URL = "https://app.ashbyhq.com"
JOBS_URL = "https://jobs.ashbyhq.com"
ORGANIZATION = native_id("organization", "sandbox")
# Form fields every Ashby application form starts with (reference §4 FormDefinition).
SYSTEM_FIELDS = (
    ("_systemfield_name", "Name", "String", True),
    ("_systemfield_email", "Email", "Email", True),
    ("_systemfield_phone", "Phone", "Phone", False),
    ("_systemfield_resume", "Resume", "File", False),
)


# The organisation's setup: kinds with at most a few thousand records that nearly every
# response points at. They are loaded whole once and shared by every request until the
# tenant's change sequence moves (any write), so a sync that reads thousands of
# applications decodes its users, jobs and stages once instead of once per request.
SHARED_KINDS = frozenset(
    {K.USER, K.DEPARTMENT, K.LOCATION, K.ARCHIVE_REASON, K.CANDIDATE_TAG, K.SOURCE, K.CUSTOM_FIELD, K.FORM_FIELD,
     K.SURVEY_FORM, K.INTERVIEW_PLAN, K.INTERVIEW_STAGE, K.JOB, K.JOB_POSTING}
)  # fmt: skip


class _TenantCache:
    """The shared kinds of one tenant as of one change sequence."""

    def __init__(self, seq: int) -> None:
        self.seq = seq
        self.kinds: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()


_CACHES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], _TenantCache]] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _tenant_cache(store: Any, tenant: str, vendor: str) -> _TenantCache:
    seq = store.current_seq(tenant)
    with _CACHES_LOCK:
        per_store = _CACHES.setdefault(store, {})
        cache = per_store.get((tenant, vendor))
        if cache is None or cache.seq != seq:
            cache = per_store[(tenant, vendor)] = _TenantCache(seq)
    return cache


class Lookup:
    """Records one request's serializers point at: shared kinds from the tenant cache, the
    others fetched once per kind and id (a page serializer asks for a whole page at once)."""

    def __init__(self, store: Any, tenant: str, vendor: str = "ashby") -> None:
        self.store = store
        self.tenant = tenant
        self.vendor = vendor
        self._shared = _tenant_cache(store, tenant, vendor)
        self._some: dict[str, dict[str, Any]] = {}

    def all(self, kind: str) -> dict[str, Any]:
        """Every (live) record of a shared kind, by id."""
        if kind not in SHARED_KINDS:
            raise ValueError(f"{kind} is not a shared kind; use many()")
        cache = self._shared
        found = cache.kinds.get(kind)
        if found is None:
            with cache.lock:
                found = cache.kinds.get(kind)
                if found is None:
                    found = cache.kinds[kind] = {r.id: r for r in self.store.list(self.tenant, self.vendor, kind)}
        return found

    def many(self, kind: str, ids: Iterable[str]) -> dict[str, Any]:
        if kind in SHARED_KINDS:
            return self.all(kind)
        cache = self._some.setdefault(kind, {})
        missing = {i for i in ids if i and i not in cache}
        if missing:
            for record in self.store.list(self.tenant, self.vendor, kind, ids=sorted(missing)):
                cache[record.id] = record
            for i in missing:
                cache.setdefault(i, None)
        return cache

    def one(self, kind: str, id_: str | None) -> Any:
        return self.many(kind, [id_]).get(id_) if id_ else None

    def shared_cache(self, name: str) -> dict[str, Any]:
        """A dict derived from the shared kinds, kept as long as they are (until a write)."""
        return self._shared.kinds.setdefault(f"derived:{name}", {})

    def custom_field_titles(self) -> dict[str, tuple[str, bool]]:
        """Custom field id -> (title, whether it is a select field)."""
        titles = self._shared.kinds.get("customField:titles")
        if titles is None:
            titles = {
                i: (r.doc["title"], r.doc["fieldType"] in ("ValueSelect", "MultiValueSelect"))
                for i, r in self.all(K.CUSTOM_FIELD).items()
            }
            self._shared.kinds["customField:titles"] = titles
        return titles

    def record(self, kind: str, id_: str | None) -> Any:
        return self.one(kind, id_)

    def doc(self, kind: str, id_: str | None) -> dict[str, Any] | None:
        record = self.record(kind, id_)
        return None if record is None else record.doc


def _t(moment: datetime) -> str:
    return iso(moment)


def _times(record: Any) -> dict[str, str]:
    return {"createdAt": _t(record.created_at), "updatedAt": _t(record.updated_at)}


def _drop_none(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if v is not None}


# --- organisation ---------------------------------------------------------------------------
def user(record: Any) -> dict[str, Any]:
    return {**record.doc, "updatedAt": _t(record.updated_at)}


def user_summary(lk: Lookup, user_id: str | None) -> dict[str, Any] | None:
    record = lk.record(K.USER, user_id)
    return None if record is None else user(record)


def department(record: Any) -> dict[str, Any]:
    return {**record.doc, **_times(record)}


def location(record: Any) -> dict[str, Any]:
    return dict(record.doc)


def plain(record: Any) -> dict[str, Any]:
    """Objects whose document is their wire form (archive reasons, tags, sources, custom
    field definitions, interview stages, interview definitions)."""
    return dict(record.doc)


def with_times(record: Any) -> dict[str, Any]:
    """Objects whose wire form adds createdAt/updatedAt (interview plans)."""
    return {**record.doc, **_times(record)}


def custom_field_values(lk: Lookup, values: dict[str, Any]) -> list[dict[str, Any]]:
    if not values:
        return []
    definitions = lk.custom_field_titles()
    out = []
    for field_id, value in values.items():
        found = definitions.get(field_id)
        if found is None:
            continue
        title, select = found
        entry: dict[str, Any] = {"id": field_id, "isPrivate": False, "title": title, "value": value}
        if select:
            entry["valueLabel"] = value
        out.append(entry)
    return out


def source(lk: Lookup, source_id: str | None) -> dict[str, Any] | None:
    return lk.doc(K.SOURCE, source_id)


def hiring_team(lk: Lookup, team: list[dict[str, Any]]) -> list[dict[str, Any]]:
    users = lk.many(K.USER, [m["userId"] for m in team])
    out = []
    for member in team:
        found = users.get(member["userId"])
        if found is None:
            continue
        u = found.doc
        out.append(
            {"email": u["email"], "firstName": u["firstName"], "lastName": u["lastName"],
             "role": member["role"], "userId": u["id"]}
        )  # fmt: skip
    return out


# --- candidates -----------------------------------------------------------------------------
def _primary(entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    for entry in entries:
        if entry.get("isPrimary"):
            return entry
    return entries[0] if entries else None


def candidate_location(candidate_id: str, place: dict[str, Any] | None) -> dict[str, Any] | None:
    if not place:
        return None
    components = [
        {"type": kind, "name": place[key]}
        for kind, key in (("Country", "country"), ("Region", "region"), ("City", "city"))
        if place.get(key)
    ]
    if not components:
        return None
    return {
        "id": native_id("candidate", f"{candidate_id}/location"),
        "locationSummary": ", ".join(c["name"] for c in components),
        "locationComponents": components,
    }


def _handle(entry: dict[str, Any]) -> dict[str, Any]:
    return {"id": entry["id"], "name": entry["name"], "handle": file_handle(entry["id"])}


def candidate(record: Any, lk: Lookup) -> dict[str, Any]:
    doc = record.doc
    tags = lk.all(K.CANDIDATE_TAG)
    files = doc.get("files", [])
    resume = next((f for f in files if f["id"] == doc.get("resumeFileId")), None)
    return _drop_none(
        {
            "id": doc["id"],
            **_times(record),
            # candidate.update may re-date a candidate (createdAt in its body).
            **({"createdAt": doc["createdAt"]} if doc.get("createdAt") else {}),
            "name": doc["name"],
            "primaryEmailAddress": _primary(doc["emailAddresses"]),
            "emailAddresses": doc["emailAddresses"],
            "primaryPhoneNumber": _primary(doc["phoneNumbers"]),
            "phoneNumbers": doc["phoneNumbers"],
            "socialLinks": doc["socialLinks"],
            "tags": [tags[t].doc for t in doc["tagIds"] if t in tags],
            "position": doc.get("position"),
            "company": doc.get("company"),
            "applicationIds": doc["applicationIds"],
            "resumeFileHandle": _handle(resume) if resume else None,
            "fileHandles": [_handle(f) for f in files],
            "customFields": custom_field_values(lk, doc.get("customFields", {})),
            "profileUrl": f"{APP_URL}/candidates/{doc['id']}",
            "source": source(lk, doc.get("sourceId")),
            "creditedToUser": user_summary(lk, doc.get("creditedToUserId")),
            "location": candidate_location(doc["id"], doc.get("location")),
        }
    )


def candidate_summary(doc: dict[str, Any]) -> dict[str, Any]:
    return _drop_none(
        {
            "id": doc["id"],
            "name": doc["name"],
            "primaryEmailAddress": _primary(doc["emailAddresses"]),
            "primaryPhoneNumber": _primary(doc["phoneNumbers"]),
        }
    )


def note(record: Any, lk: Lookup) -> dict[str, Any]:
    doc = record.doc
    author = lk.doc(K.USER, doc.get("authorId"))
    return _drop_none(
        {
            "id": doc["id"],
            "createdAt": _t(record.created_at),
            "isPrivate": doc.get("isPrivate", False),
            "content": doc["content"],
            "author": (
                {"id": author["id"], "firstName": author["firstName"], "lastName": author["lastName"],
                 "email": author["email"]}
                if author else {"id": ORGANIZATION, "firstName": "Ashby", "lastName": "API"}
            ),  # fmt: skip
        }
    )


# --- jobs -----------------------------------------------------------------------------------
def stage(lk: Lookup, stage_id: str | None) -> dict[str, Any] | None:
    return lk.doc(K.INTERVIEW_STAGE, stage_id)


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def compensation_tiers(job_doc: dict[str, Any]) -> list[dict[str, Any]]:
    comp = job_doc.get("compensation")
    if not comp:
        return []
    low, high = comp["minValue"], comp["maxValue"]
    amount = _money(low) if low == high else f"{_money(low)} – {_money(high)}"
    summary = f"{comp['currencyCode']} {amount} per {comp['interval'].lower()}"
    component = {
        "id": native_id("job", f"{job_doc['id']}/compensation/salary"),
        "compensationType": "Salary",
        "interval": comp["interval"],
        "currencyCode": comp["currencyCode"],
        "minValue": low,
        "maxValue": high,
        "summary": summary,
    }
    return [
        {"id": native_id("job", f"{job_doc['id']}/compensation"), "title": "Salary",
         "components": [component], "tierSummary": summary}
    ]  # fmt: skip


_JOB_INTERNAL = ("secondaryLocationIds", "compensation", "workplaceType", "customFields", "hiringTeam", "jobPostingIds")


def job(record: Any, lk: Lookup, *, unpublished_postings: bool = False, expand: Iterable[str] = ()) -> dict[str, Any]:
    doc = record.doc
    postings = lk.many(K.JOB_POSTING, doc.get("jobPostingIds", []))
    posting_ids = [
        pid for pid in doc.get("jobPostingIds", [])
        if postings.get(pid) is not None and (unpublished_postings or postings[pid].doc["isPublished"])
    ]  # fmt: skip
    out = {k: v for k, v in doc.items() if k not in _JOB_INTERNAL}
    out.update(
        {
            "customFields": custom_field_values(lk, doc.get("customFields", {})),
            "jobPostingIds": posting_ids,
            "hiringTeam": hiring_team(lk, doc.get("hiringTeam", [])),
            **_times(record),
        }
    )
    tiers = compensation_tiers(doc)
    if tiers:
        out["compensation"] = {"compensationTiers": tiers}
    if "location" in expand and doc.get("locationId"):
        place = lk.doc(K.LOCATION, doc["locationId"])
        if place is not None:
            out["location"] = place
    if "openings" in expand:
        out["openings"] = []
    return out


def job_summary(doc: dict[str, Any]) -> dict[str, Any]:
    return _drop_none(
        {"id": doc["id"], "title": doc["title"], "locationId": doc.get("locationId"),
         "departmentId": doc.get("departmentId")}
    )  # fmt: skip


def apply_link(posting_id: str, slug: str) -> str:
    return f"{JOBS_URL}/{slug}/{posting_id}/application"


def posting_summary(record: Any, lk: Lookup, slug: str) -> dict[str, Any]:
    doc = record.doc
    job_record = lk.one(K.JOB, doc["jobId"])
    job_doc = job_record.doc if job_record is not None else {}
    dept = lk.doc(K.DEPARTMENT, job_doc.get("departmentId")) or {}
    place = lk.doc(K.LOCATION, job_doc.get("locationId")) or {}
    tiers = compensation_tiers(job_doc)
    return _drop_none(
        {
            "id": doc["id"],
            "title": doc["title"],
            "jobId": doc["jobId"],
            "departmentName": dept.get("name", ""),
            "teamName": dept.get("name", ""),
            "locationName": place.get("name", ""),
            "locationIds": {
                "primaryLocationId": job_doc.get("locationId") or native_id("office", "unknown"),
                "secondaryLocationIds": job_doc.get("secondaryLocationIds", []),
            },
            "workplaceType": job_doc.get("workplaceType"),
            "employmentType": job_doc.get("employmentType", "FullTime"),
            "isListed": doc["isListed"],
            "publishedDate": doc["publishedDate"],
            "externalLink": doc.get("externalLink"),
            "applyLink": apply_link(doc["id"], slug),
            "compensationTierSummary": tiers[0]["tierSummary"] if tiers else None,
            "shouldDisplayCompensationOnJobBoard": bool(tiers),
            "updatedAt": _t(record.updated_at),
        }
    )


def field_entry(lk: Lookup, entry: dict[str, Any]) -> dict[str, Any] | None:
    """A form's field entry: the shared field definition, required flag and condition."""
    record = lk.all(K.FORM_FIELD).get(entry["path"])
    if record is None:
        return None
    out = {"isRequired": entry["isRequired"], **record.doc}
    if entry.get("condition"):
        out["condition"] = entry["condition"]
    return out


def _system_entries() -> list[dict[str, Any]]:
    return [
        {"isRequired": required,
         "field": {"id": native_id("form_definition", path), "type": kind, "path": path,
                   "humanReadablePath": title, "title": title, "isNullable": not required}}
        for path, title, kind, required in SYSTEM_FIELDS
    ]  # fmt: skip


def application_form(lk: Lookup, posting_doc: dict[str, Any]) -> dict[str, Any]:
    """A posting's application form (built once per posting until the next write: every
    form submission of the posting answers with it)."""
    cache = lk.shared_cache("applicationForm")
    form = cache.get(posting_doc["id"])
    if form is None:
        fields = [e for e in (field_entry(lk, entry) for entry in posting_doc.get("formFields", [])) if e]
        sections = [{"title": "Application", "fields": _system_entries()}]
        if fields:
            sections.append({"title": "Questions", "fields": fields})
        form = cache[posting_doc["id"]] = {"sections": sections}
    return form


def survey_form(record: Any, lk: Lookup) -> dict[str, Any]:
    doc = record.doc
    fields = [e for e in (field_entry(lk, entry) for entry in doc.get("fields", [])) if e]
    return {
        "id": doc["id"],
        "organizationId": ORGANIZATION,
        "title": doc["title"],
        "isArchived": doc["isArchived"],
        "isDefaultForm": doc["isDefaultForm"],
        "formDefinition": {"sections": [{"title": doc["title"], "fields": fields}]},
        "surveyType": doc["surveyType"],
    }


def posting_info(record: Any, lk: Lookup, slug: str, company: str) -> dict[str, Any]:
    doc = record.doc
    summary = posting_summary(record, lk, slug)
    job_record = lk.one(K.JOB, doc["jobId"])
    job_doc = job_record.doc if job_record is not None else {}
    html = doc.get("descriptionHtml") or ""
    text = plain_text(html)
    place = lk.doc(K.LOCATION, job_doc.get("locationId")) or {}
    surveys = [lk.all(K.SURVEY_FORM).get(sid) for sid in doc.get("surveyFormIds", [])]
    tiers = compensation_tiers(job_doc)
    out = {
        **summary,
        "descriptionPlain": text,
        "descriptionHtml": html,
        "descriptionParts": {"descriptionBody": {"html": html, "plain": text}},
        "teamNameHierarchy": [summary["teamName"]] if summary["teamName"] else [],
        "linkedData": {
            "@context": "https://schema.org/",
            "@type": "JobPosting",
            "title": doc["title"],
            "description": html,
            "identifier": {"@type": "PropertyValue", "name": company, "value": doc["id"]},
            "datePosted": doc["publishedDate"],
            "hiringOrganization": {"@type": "Organization", "name": company, "sameAs": f"{JOBS_URL}/{slug}"},
            "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                                                          **place.get("address", {}).get("postalAddress", {})}},
            "employmentType": summary["employmentType"].upper(),
        },
        "applicationFormDefinition": application_form(lk, doc),
        "surveyFormDefinitions": [survey_form(s, lk) for s in surveys if s is not None],
        "compensation": {
            "compensationTiers": tiers,
            "shouldDisplayCompensationOnJobBoard": bool(tiers),
            **({"compensationTierSummary": tiers[0]["tierSummary"]} if tiers else {}),
        },
    }
    if place.get("address"):
        out["address"] = place["address"]
    if "isRemote" in place:
        out["isRemote"] = place["isRemote"]
    return out


# --- applications ---------------------------------------------------------------------------
def archive_reason(lk: Lookup, reason_id: str | None) -> dict[str, Any] | None:
    doc = lk.doc(K.ARCHIVE_REASON, reason_id)
    return None if doc is None else {**doc, "customFields": []}


def application(record: Any, lk: Lookup, *, candidates: dict[str, Any], jobs: dict[str, Any]) -> dict[str, Any]:
    doc = record.doc
    cand = candidates.get(doc["candidateId"])
    job_record = jobs.get(doc["jobId"])
    job_doc = job_record.doc if job_record is not None else {"id": doc["jobId"], "title": ""}
    return _drop_none(
        {
            "id": doc["id"],
            **_times(record),
            "status": doc["status"],
            "customFields": custom_field_values(lk, doc.get("customFields", {})),
            "candidate": candidate_summary(cand.doc) if cand is not None else {"id": doc["candidateId"], "name": ""},
            "currentInterviewStage": stage(lk, doc["currentInterviewStageId"]),
            "source": source(lk, doc.get("sourceId")),
            "archiveReason": archive_reason(lk, doc.get("archiveReasonId")),
            "archivedAt": doc.get("archivedAt"),
            "job": job_summary(job_doc),
            "creditedToUser": user_summary(lk, doc.get("creditedToUserId")),
            "hiringTeam": hiring_team(lk, job_doc.get("hiringTeam", [])),
            "appliedViaJobPostingId": doc.get("appliedViaJobPostingId"),
        }
    )


def applications(records: list[Any], lk: Lookup) -> list[dict[str, Any]]:
    """A page of applications, with their candidates fetched in one query."""
    candidates = lk.many(K.CANDIDATE, {r.doc["candidateId"] for r in records})
    jobs = lk.all(K.JOB)
    return [application(r, lk, candidates=candidates, jobs=jobs) for r in records]


def form_submission(doc: dict[str, Any], lk: Lookup) -> dict[str, Any]:
    """A submitted application form (a stored submission or an application's copy)."""
    posting = lk.one(K.JOB_POSTING, doc.get("jobPostingId"))
    definition = application_form(lk, posting.doc) if posting is not None else {"sections": []}
    return {"id": doc["id"], "formDefinition": definition, "submittedValues": doc["submittedValues"]}


def application_history(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(doc.get("applicationHistory", []))


# --- interviews, offers, surveys --------------------------------------------------------------
def interview_schedule(record: Any, lk: Lookup) -> dict[str, Any]:
    doc = record.doc
    users = lk.many(K.USER, [u for e in doc.get("interviewEvents", []) for u in e.get("interviewerUserIds", [])])
    events = []
    for event in doc.get("interviewEvents", []):
        interviewers = [
            {**user(users[u]), "trainingRole": None, "interviewerPool": None}
            for u in event.get("interviewerUserIds", [])
            if users.get(u) is not None
        ]
        events.append(
            _drop_none(
                {
                    "id": event["id"],
                    "interviewId": event["interviewId"],
                    "interviewScheduleId": doc["id"],
                    "interviewerUserIds": event.get("interviewerUserIds", []),
                    "interviewers": interviewers,
                    "createdAt": _t(record.created_at),
                    "updatedAt": _t(record.updated_at),
                    "startTime": event["startTime"],
                    "endTime": event["endTime"],
                    "feedbackLink": f"{APP_URL}/interview-briefings/{event['id']}/feedback",
                    "meetingLink": event.get("meetingLink"),
                    "hasSubmittedFeedback": event.get("hasSubmittedFeedback", False),
                }
            )
        )
    return {
        "id": doc["id"],
        "status": doc["status"],
        "applicationId": doc["applicationId"],
        "interviewStageId": doc["interviewStageId"],
        "interviewEvents": events,
    }


def offer(record: Any, lk: Lookup) -> dict[str, Any]:
    doc = record.doc
    version = dict(doc.get("latestVersion", {}))
    version["customFields"] = custom_field_values(lk, version.get("customFields", {}))
    return {**doc, "latestVersion": version}


def survey_submission(record: Any, lk: Lookup) -> dict[str, Any]:
    doc = record.doc
    form = lk.all(K.SURVEY_FORM).get(doc.get("surveyFormDefinitionId"))
    out = {
        "id": doc["id"],
        "submittedAt": _t(record.created_at),
        "candidateId": doc["candidateId"],
        "applicationId": doc.get("applicationId"),
        "surveyType": doc["surveyType"],
        "submittedValues": doc["submittedValues"],
    }
    if form is not None:
        out["formDefinition"] = survey_form(form, lk)["formDefinition"]
    return _drop_none(out)


def webhook(doc: dict[str, Any], *, with_secret: bool) -> dict[str, Any]:
    out = {k: doc[k] for k in ("id", "enabled", "requestUrl", "webhookType")}
    if with_secret:
        out["secretToken"] = doc["secretToken"]
    return out
