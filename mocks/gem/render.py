"""World -> Gem's native documents in the store.

Documents are stored in the ATS API's own shape (Greenhouse-Harvest-like field names,
ISO times), so serializers only add what depends on other records or on the request
(a candidate's applications, attachment download URLs, times from the store's record).

Embedded copies (an application's job name, a job's offices) are taken at render time;
the API cannot rename jobs, offices or stages, so they never go stale.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from atsbox.fixtures import World
from atsbox.fixtures import model as w

from . import ids, wire
from .wire import iso

# Store kinds (one per Gem object the mock keeps).
USER = "user"
DEPARTMENT = "department"
OFFICE = "office"
JOB = "job"
JOB_POST = "job_post"
JOB_STAGE = "job_stage"
CANDIDATE = "candidate"
APPLICATION = "application"
INTERVIEW = "scheduled_interview"
NOTE = "note"
ATTACHMENT = "attachment"
SOURCE = "source"


@dataclass(slots=True)
class Doc:
    kind: str
    id: str
    doc: dict[str, Any]
    at: datetime
    parent: str | None = None
    deleted_at: datetime | None = None


def nid(kind: str, world_id: str) -> str:
    return ids.native_id(kind, world_id)


def user_lite(user: w.User) -> dict[str, Any]:
    return {
        "id": nid("user", user.id),
        "name": f"{user.first_name} {user.last_name}",
        "first_name": user.first_name,
        "last_name": user.last_name,
        "employee_id": None,
    }


def department_doc(dept: w.Department, children: list[str]) -> dict[str, Any]:
    return {
        "id": nid("department", dept.id),
        "name": dept.name,
        "parent_id": nid("department", dept.parent_id) if dept.parent_id else None,
        "child_ids": [nid("department", c) for c in children],
        "parent_department_external_id": None,
        "child_department_external_ids": [],
        "external_id": None,
        "deleted_at": iso(dept.times.deleted_at),
    }


def office_doc(office: w.Office) -> dict[str, Any]:
    a = office.address
    return {
        "id": nid("office", office.id),
        "name": office.name,
        "location": {"name": wire.office_location_name(a.city, a.region, a.country)},
        "primary_contact_user_id": None,
        "parent_id": None,
        "child_ids": [],
        "parent_office_external_id": None,
        "child_office_external_ids": [],
        "external_id": None,
        "deleted_at": iso(office.times.deleted_at),
    }


# Harvest's source types, by the world's source kinds.
SOURCE_TYPES = {
    "job_board": (1, "Job boards"),
    "referral": (2, "Referrals"),
    "agency": (3, "Agencies"),
    "career_site": (4, "Company marketing"),
    "sourced": (5, "Prospecting"),
    "other": (6, "Other"),
}


def source_doc(source: w.Source) -> dict[str, Any]:
    type_id, type_name = SOURCE_TYPES[source.kind]
    return {"id": nid("source", source.id), "name": source.name, "type": {"id": type_id, "name": type_name}}


def keyed_custom_fields(world: World, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Harvest's pair: ``custom_fields`` {key: value} and ``keyed_custom_fields``
    {key: {name, type, value}}; keys are the fields' name keys."""
    defs = {d.key: d for d in world.custom_fields}
    plain: dict[str, Any] = {}
    keyed: dict[str, Any] = {}
    for key, value in values.items():
        definition = defs.get(key)
        if definition is None:
            continue
        plain[key] = value
        keyed[key] = {"name": definition.label, "type": _CUSTOM_TYPES[definition.type], "value": value}
    return plain, keyed


_CUSTOM_TYPES = {"text": "short_text", "number": "number", "boolean": "boolean", "date": "date", "select": "single_select"}


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def attachment_meta(att: w.Attachment) -> dict[str, Any]:
    return {
        "id": nid("attachment", att.id),
        "filename": att.file_name,
        "type": wire.ATTACHMENT_TYPES[att.type],
        "content_type": att.content_type,
        "created_at": iso(att.times.created_at),
    }


def render_world(world: World) -> Iterator[Doc]:
    """Every native document of the world, parents before children."""
    return _Renderer(world).docs()


class _Renderer:
    """One pass over the world; lookups built once."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.users = {u.id: u for u in world.users}
        self.lites = {u.id: user_lite(u) for u in world.users}
        self.departments = {d.id: d for d in world.departments}
        self.offices = {o.id: o for o in world.offices}
        self.sources = {s.id: s for s in world.sources}
        self.reasons = {r.id: r for r in world.rejection_reasons}
        self.tags = {t.id: t for t in world.tags}
        self.jobs = {j.id: j for j in world.jobs}
        self.children: dict[str, list[str]] = defaultdict(list)
        for dept in world.departments:
            if dept.parent_id:
                self.children[dept.parent_id].append(dept.id)
        self.apps_by_candidate: dict[str, list[w.Application]] = defaultdict(list)
        for app in world.applications:
            self.apps_by_candidate[app.candidate_id].append(app)
        self.interviews_by_app: dict[str, list[w.Interview]] = defaultdict(list)
        for interview in world.interviews:
            self.interviews_by_app[interview.application_id].append(interview)
        self.notes_by_app: dict[str, list[w.Note]] = defaultdict(list)
        for note in world.notes:
            self.notes_by_app[note.application_id].append(note)
        # Interview kits: one per (job, stage, interview title), numbered in world order
        # so the same seed gives the same ids.
        self.kits: dict[tuple[str, str, str], dict[str, Any]] = {}
        apps = {a.id: a for a in world.applications}
        for interview in world.interviews:
            app = apps.get(interview.application_id)
            key = (app.job_id if app else "", interview.stage_id, interview.title)
            if app is not None and key not in self.kits:
                kit_id = ids.encode(ids.TYPES["interview_kit"], len(self.kits) + 1)
                self.kits[key] = {"id": kit_id, "name": interview.title}

    def docs(self) -> Iterator[Doc]:
        for user in self.world.users:
            yield self.user(user)
        for dept in self.world.departments:
            doc = department_doc(dept, self.children[dept.id])
            yield Doc(DEPARTMENT, doc["id"], doc, dept.times.updated_at, deleted_at=dept.times.deleted_at)
        for office in self.world.offices:
            doc = office_doc(office)
            yield Doc(OFFICE, doc["id"], doc, office.times.updated_at, deleted_at=office.times.deleted_at)
        for source in self.world.sources:
            doc = source_doc(source)
            yield Doc(SOURCE, doc["id"], doc, source.times.updated_at, deleted_at=source.times.deleted_at)
        for job in self.world.jobs:
            yield self.job(job)
            for stage in job.stages:
                yield self.stage(job, stage)
            for posting in job.postings:
                yield self.posting(job, posting)
        for cand in self.world.candidates:
            yield from self.candidate(cand)

    def custom(self, values: dict[str, Any]) -> dict[str, Any]:
        plain, keyed = keyed_custom_fields(self.world, values)
        return {
            "custom_fields": {k: _json_value(v) for k, v in plain.items()},
            "keyed_custom_fields": {k: {**v, "value": _json_value(v["value"])} for k, v in keyed.items()},
        }

    def user(self, user: w.User) -> Doc:
        lite = self.lites[user.id]
        doc = {
            **lite,
            "primary_email_address": user.email,
            "emails": [user.email],
            "disabled": user.status == "INACTIVE",
            "site_admin": "ADMIN" in user.roles,
            "linked_candidate_ids": [],
            "offices": [],
            "departments": [],
            "created_at": iso(user.times.created_at),
            "updated_at": iso(user.times.updated_at),
            "deleted_at": iso(user.times.deleted_at),
        }
        return Doc(USER, lite["id"], doc, user.times.updated_at, deleted_at=user.times.deleted_at)

    def job(self, job: w.Job) -> Doc:
        team: dict[str, list[dict[str, Any]]] = {key: [] for key in wire.HIRING_TEAM_KEYS.values()}
        for member in job.hiring_team:
            for role in member.roles:
                key = wire.HIRING_TEAM_KEYS.get(role)
                if key is None or member.user_id not in self.lites:
                    continue
                entry = dict(self.lites[member.user_id])
                if key in ("recruiters", "coordinators"):
                    entry["responsible"] = False
                team[key].append(entry)
        doc = {
            "id": nid("job", job.id),
            "name": job.name,
            "requisition_id": job.job_code,
            "notes": None,
            "confidential": job.confidential,
            "status": wire.JOB_STATUS_OUT[job.status],
            "is_template": False,
            "copied_from_id": None,
            "created_at": iso(job.times.created_at),
            "opened_at": iso(job.opened_at),
            "closed_at": iso(job.closed_at),
            "updated_at": iso(job.times.updated_at),
            "deleted_at": iso(job.times.deleted_at),
            "departments": [department_doc(self.departments[d], self.children[d]) for d in job.department_ids],
            "offices": [office_doc(self.offices[o]) for o in job.office_ids],
            "hiring_team": team,
            "openings": [],
            **self.custom(job.custom_fields),
        }
        return Doc(JOB, doc["id"], doc, job.times.updated_at, deleted_at=job.times.deleted_at)

    def stage(self, job: w.Job, stage: w.JobStage) -> Doc:
        kits = [
            {
                "id": kit["id"],
                "name": kit["name"],
                "schedulable": True,
                "estimated_minutes": 60,
                "default_interviewer_users": [],
                "interview_kit": None,
                "deleted_at": None,
                "job_stage_interview_item_id": kit["id"],
            }
            for (kit_job, kit_stage, _), kit in self.kits.items()
            if kit_job == job.id and kit_stage == stage.id
        ]
        doc = {
            "id": nid("stage", stage.id),
            "name": stage.name,
            "created_at": iso(job.times.created_at),
            "updated_at": iso(job.times.created_at),
            # A stage removed from the job's pipeline stays, soft-deleted, like Gem's other rows.
            "deleted_at": iso(stage.deleted_at),
            "active": not stage.hidden,
            "job_id": nid("job", job.id),
            "priority": stage.index,
            "interviews": kits,
        }
        return Doc(JOB_STAGE, doc["id"], doc, job.times.created_at, parent=doc["job_id"], deleted_at=stage.deleted_at)

    def posting(self, job: w.Job, posting: w.JobPosting) -> Doc:
        internal, external = wire.posting_flags(posting.visibility)
        first_office = self.offices[job.office_ids[0]] if job.office_ids else None
        doc = {
            "id": nid("posting", posting.id),
            "title": posting.title,
            "location": {"name": first_office.name} if first_office else None,
            "internal": internal,
            "external": external,
            "active": posting.status == "ACTIVE",
            "live": posting.live,
            # A posting that was never published is a draft.
            "first_published_at": None if posting.status == "DRAFT" else iso(posting.times.created_at),
            "job_id": nid("job", job.id),
            "content": posting.description_html,
            "internal_content": None,
            "absolute_url": posting.url,
            "created_at": iso(posting.times.created_at),
            "updated_at": iso(posting.times.updated_at),
            "deleted_at": iso(posting.times.deleted_at),
        }
        return Doc(JOB_POST, doc["id"], doc, posting.times.updated_at, parent=doc["job_id"],
                   deleted_at=posting.times.deleted_at)  # fmt: skip

    def candidate(self, cand: w.Candidate) -> Iterator[Doc]:
        cand_id = nid("candidate", cand.id)
        doc = {
            "id": cand_id,
            "first_name": cand.first_name,
            "last_name": cand.last_name,
            "company": cand.company,
            "title": cand.title,
            "is_private": cand.confidential,
            "created_at": iso(cand.times.created_at),
            "updated_at": iso(cand.times.updated_at),
            "last_activity": iso(cand.times.updated_at),
            "deleted_at": iso(cand.times.deleted_at),
            "phone_numbers": [{"value": p.number, "type": wire.PHONE_TYPES[p.type]} for p in cand.phones],
            "email_addresses": [
                {"value": e.address, "type": wire.EMAIL_TYPES[e.type], "is_primary": i == 0}
                for i, e in enumerate(cand.emails)
            ],
            "social_media_addresses": [{"value": s.url} for s in cand.social_links],
            "tags": [self.tags[t].name for t in cand.tag_ids if t in self.tags],
            "educations": [],
            "employments": [],
            "linked_user_ids": [],
            # File metadata lives on the candidate (the wire embeds it); the bytes live in
            # ATTACHMENT documents that the download route serves.
            "attachments": [attachment_meta(att) for att in cand.attachments if att.times.deleted_at is None],
            # Every application of the candidate, deleted ones too (the API creates none), so a
            # page of candidates finds its applications in one store read; the serializer
            # shows the live ones.
            "application_ids": [nid("application", app.id) for app in self.apps_by_candidate[cand.id]],
            **self.custom(cand.custom_fields),
        }
        yield Doc(CANDIDATE, cand_id, doc, cand.times.updated_at, deleted_at=cand.times.deleted_at)
        for att in cand.attachments:
            att_doc = {**attachment_meta(att), "data": base64.b64encode(att.data).decode("ascii")}
            yield Doc(ATTACHMENT, att_doc["id"], att_doc, att.times.updated_at, parent=cand_id,
                      deleted_at=att.times.deleted_at)  # fmt: skip
        for app in self.apps_by_candidate[cand.id]:
            yield self.application(app, cand_id)
            for interview in self.interviews_by_app[app.id]:
                yield self.interview(interview, app)
            for note in self.notes_by_app[app.id]:
                yield self.note(note, cand_id)

    def application(self, app: w.Application, cand_id: str) -> Doc:
        job = self.jobs[app.job_id]
        stage = next((s for s in job.stages if s.id == app.stage_id), None)
        source = self.sources.get(app.source_id) if app.source_id else None
        reason = self.reasons.get(app.rejection_reason_id) if app.rejection_reason_id else None
        posting = next((p for p in job.postings if p.status == "ACTIVE"), None)
        rejection = None
        if reason is not None:
            type_id, type_name = wire.REJECTION_TYPES[reason.by_candidate]
            rejection = {
                "id": nid("rejection_reason", reason.id),
                "name": reason.name,
                "type": {"id": type_id, "name": type_name},
            }
        doc = {
            "id": nid("application", app.id),
            "candidate_id": cand_id,
            "prospect": False,
            "applied_at": iso(app.times.created_at),
            "rejected_at": iso(app.rejected_at),
            "last_activity_at": iso(app.times.updated_at),
            "location": None,
            "source": {"id": nid("source", source.id), "public_name": source.name} if source else None,
            "credited_to": None,
            "rejection_reason": rejection,
            "rejection_details": None,
            "jobs": [{"id": nid("job", job.id), "name": job.name}],
            "job_post_id": nid("posting", posting.id) if posting else None,
            "status": wire.APPLICATION_STATUS_OUT[app.outcome],
            "current_stage": {"id": nid("stage", stage.id), "name": stage.name} if stage else None,
            "answers": [],
            **self.custom(app.custom_fields),
            "deleted_at": iso(app.times.deleted_at),
        }
        return Doc(APPLICATION, doc["id"], doc, app.times.updated_at, parent=cand_id,
                   deleted_at=app.times.deleted_at)  # fmt: skip

    def interview(self, interview: w.Interview, app: w.Application) -> Doc:
        kit = self.kits[(app.job_id, interview.stage_id, interview.title)]
        interviewers = [
            {
                "id": nid("user", uid),
                "name": self.lites[uid]["name"],
                "email": self.users[uid].email,
                "employee_id": None,
                "response_status": "accepted",
                "scorecard_id": None,
            }
            for uid in interview.interviewer_ids
            if uid in self.users
        ]
        if interview.canceled:
            status = wire.INTERVIEW_CANCELED
        elif interview.ends_at <= self.world.anchor:
            status = "complete"
        else:
            status = "scheduled"
        first = interview.interviewer_ids[0] if interview.interviewer_ids else None
        doc = {
            "id": nid("interview", interview.id),
            "application_id": nid("application", app.id),
            "external_event_id": f"event-{ids.world_number(interview.id)}",
            "created_at": iso(interview.times.created_at),
            "updated_at": iso(interview.times.updated_at),
            "start": {"date_time": iso(interview.starts_at)},
            "end": {"date_time": iso(interview.ends_at)},
            "location": None,
            "video_conferencing_url": interview.video_url,
            "status": status,
            "interview": {"id": kit["id"], "name": kit["name"]},
            "organizer": self.lites.get(first) if first else None,
            "interviewers": interviewers,
            "job_stage_interview_item_id": kit["id"],
            "deleted_at": iso(interview.times.deleted_at),
        }
        return Doc(INTERVIEW, doc["id"], doc, interview.times.updated_at, parent=doc["application_id"],
                   deleted_at=interview.times.deleted_at)  # fmt: skip

    def note(self, note: w.Note, cand_id: str) -> Doc:
        doc = {
            "id": nid("note", note.id),
            "created_at": iso(note.times.created_at),
            "body": note.content,
            "user": self.lites.get(note.author_id) if note.author_id else None,
            "private": False,
            "visibility": "public",
        }
        return Doc(NOTE, doc["id"], doc, note.times.updated_at, parent=cand_id, deleted_at=note.times.deleted_at)


def render_into(world: World, ctx: Any) -> None:
    """Write the world into the store in bulk, one ``put_many`` per kind (insert order is
    world order, which list endpoints keep)."""
    rows: dict[str, list[tuple[str, dict[str, Any], str | None, datetime, datetime, datetime | None]]] = {}
    for item in render_world(world):
        row = (item.id, item.doc, item.parent, _created_of(item), item.at, item.deleted_at)
        rows.setdefault(item.kind, []).append(row)
    for kind, kind_rows in rows.items():
        ctx.store.put_many(ctx.tenant, ctx.vendor, kind, kind_rows)


_CREATED_KEYS = ("created_at", "applied_at")


def _created_of(item: Doc) -> datetime:
    from .wire import parse_iso

    for key in _CREATED_KEYS:
        value = item.doc.get(key)
        if value:
            return parse_iso(value)
    return item.at
