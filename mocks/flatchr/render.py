"""World -> Flatchr's native documents in the store.

Documents are kept in Flatchr's wire shape (the serializers only join records and pick
fields); keys starting with ``_`` are the mock's own bookkeeping and never leave it.

How the world's concepts land in Flatchr (decisions in docs/vendors/flatchr.md):
- a job is a vacancy; its department is the value of the vacancy folder tag
  "Département", its custom fields are vacancy tags, its postings become distributions
  on the career site (offer 98) or the intranet (offer 152) by visibility;
- every world stage is a Kanban column scoped to its job's vacancy (``vacancy_id``),
  hidden stages as ``visible: false``;
- a candidate is Flatchr's candidate (one email, one phone, one CV); each application is
  an applicant (candidate x vacancy), archived (``status: 0``) when declined;
- world tags are candidate tag definitions; a candidate's tags are traits on each of its
  applicants, with the tag's title as value;
- world sources are offerers; an application's source is its apply's offerer.
Soft-deleted world records are stored soft-deleted (the store's ``deleted_at``).
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from atsbox.fixtures import World
from atsbox.fixtures import model as w

from . import ids, vocab
from .wire import iso, unix

COMPANY = "company"
VACANCY = "vacancy"
COLUMN = "column"
CANDIDATE = "candidate"
APPLICANT = "applicant"
TAG = "tag"
TRAIT = "trait"
# Index of traits by tag (parent = the tag's encoded id), so a search by tag reads only the
# tagged applicants.
TAG_APPLICANT = "tag_applicant"
FILE = "file"
OFFERER = "offerer"
MEMBER = "member"

CV_BUCKET = "https://flatchr-candidates.s3.eu-west-1.amazonaws.com"
CAREER_SITE_NAME = "Site carrière"


@dataclass(slots=True)
class Doc:
    kind: str
    id: str
    doc: dict[str, Any]
    created: datetime
    updated: datetime
    parent: str | None = None
    deleted: datetime | None = None


def company_doc(world: World) -> dict[str, Any]:
    return {
        "id": ids.encode(COMPANY, 1),
        "company_id": 1,
        "name": world.company_name,
        "slug": world.company_slug,
        "status": 1,
        "description": None,
        "logo": None,
    }


def file_key(number: int, file_name: str, at: datetime) -> tuple[str, str]:
    """(S3 key without extension, extension) of an uploaded CV."""
    stem, dot, ext = file_name.rpartition(".")
    if not dot:
        stem, ext = file_name, ""
    folder = ids.encode(FILE, number)
    return f"candidates/{at:%Y}/{at:%m}/{folder}/{stem}", ext.lower()


def cv_fields(key: str, ext: str) -> dict[str, Any]:
    """A candidate's ``cv`` URL and ``aws`` block for a stored file."""
    url = f"{CV_BUCKET}/{key}" + (f".{ext}" if ext else "")
    signature = hashlib.sha256(key.encode()).hexdigest()[:40]
    return {
        "cv": url,
        "aws": {"key": key, "extension": ext, "signature": f"{url}?X-Amz-Signature={signature}"},
    }


def file_doc(key: str, ext: str, name: str, content_type: str, data: bytes) -> dict[str, Any]:
    return {"key": key, "extension": ext, "fileName": name, "contentType": content_type,
            "data": base64.b64encode(data).decode("ascii")}  # fmt: skip


def render_world(world: World, *, partner_offerer: tuple[int, str] | None = None) -> Iterator[Doc]:
    return _Renderer(world, partner_offerer).docs()


class _Renderer:
    def __init__(self, world: World, partner_offerer: tuple[int, str] | None) -> None:
        self.world = world
        self.company = company_doc(world)
        self.partner_offerer = partner_offerer
        self.departments = {d.id: d for d in world.departments}
        self.offices = {o.id: o for o in world.offices}
        self.jobs = {j.id: j for j in world.jobs}
        self.tags = {t.id: t for t in world.tags}
        self.job_fields = [d for d in world.custom_fields if d.object == "job"]
        self.apps_of: dict[str, list[w.Application]] = defaultdict(list)
        for app in world.applications:
            self.apps_of[app.candidate_id].append(app)
        self.stage_of: dict[str, w.JobStage] = {s.id: s for j in world.jobs for s in j.stages}
        self.candidates = {c.id: c for c in world.candidates}

    # -- tags ---------------------------------------------------------------------------------
    def tag_definition(self, kind: str, world_id: str, title: str, values: str, tag_type: str,
                       position: int, *, folder: bool = False) -> dict[str, Any]:  # fmt: skip
        return {
            "id": ids.encoded_id(kind, world_id),
            "tag_id": ids.clear_id(world_id)
            + (0 if kind == "tag" else 50_000 if kind == "custom_field" else 90_000),
            "company_id": self.company["company_id"],
            "title": title,
            "values": values,
            "multiple": False,
            "visible": True,
            "creatable": not values,
            "folder": folder,
            "type": tag_type,
            "position": position,
            "tagCandidateRestriction": [],
        }

    def department_tag(self) -> dict[str, Any]:
        names = ";".join(d.name for d in self.world.departments)
        return self.tag_definition("department_folder", "folder_1", vocab.DEPARTMENT_TAG_TITLE, names,
                                   "vacancies", 0, folder=True)  # fmt: skip

    # -- vacancies ----------------------------------------------------------------------------
    def vacancy(self, job: w.Job) -> dict[str, Any]:
        encoded = ids.encoded_id("job", job.id)
        office = self.offices[job.office_ids[0]] if job.office_ids else None
        contract_id, partial = vocab.CONTRACT_OF_EMPLOYMENT.get(job.employment_type or "", (None, False))
        salary = job.salary
        ranged = salary.amount_from is not None and salary.amount_to is not None
        low = salary.amount_from if ranged else salary.amount
        category = job.category
        posting = self.primary_posting(job)
        channel = vocab.CHANNEL_OF_VISIBILITY[job.visibility]
        distributions = []
        if channel is not None:
            published_at = posting.times.created_at if posting else job.opened_at or job.times.created_at
            distributions.append({
                "id": ids.encoded_id("posting", job.id),
                "offer_id": channel,
                "external_id": None,
                "published": job.status == "OPEN",
                "created_at": iso(published_at),
            })  # fmt: skip
        tags = []
        if job.department_ids:
            folder = self.department_tag()
            tags.append(self.vacancy_tag(job, folder, self.departments[job.department_ids[0]].name))
        for position, definition in enumerate(self.job_fields, start=1):
            if definition.key in job.custom_fields:
                tag = self.custom_field_tag(definition, position)
                tags.append(self.vacancy_tag(job, tag, vocab.tag_value(job.custom_fields[definition.key],
                                                                       definition.type)))  # fmt: skip
        return {
            "id": encoded,
            "vacancy_id": ids.clear_id(job.id),
            "slug": ids.vacancy_slug(encoded, job.name),
            "reference": job.job_code,
            "title": job.name,
            "description": job.description_html or "",
            "mission": "",
            "profile": "",
            "experience": vocab.EXPERIENCE_OF_LEVEL.get(job.experience_level or ""),
            "salary": vocab.money(low),
            "salary_max": vocab.money(salary.amount_to) if ranged else None,
            "currency": salary.currency,
            "mensuality": vocab.MENSUALITY_OF_PERIOD.get(salary.period or ""),
            "status": vocab.STATUS_OF_JOB[job.status],
            "language": "fr_FR",
            "contract_type_id": contract_id,
            "contract_type": vocab.CONTRACTS.get(contract_id) if contract_id else None,
            "partial": partial,
            "education_level_id": None,
            "education_level": None,
            "activity_id": None,
            "activity": None,
            "channel_id": None,
            "channel": None,
            "metier_id": vocab.referential_id(category) if category else None,
            "metier": category,
            "company_id": self.company["company_id"],
            "apply_url": posting.url if posting else None,
            "created_at": iso(job.times.created_at),
            "updated_at": iso(job.times.updated_at),
            "start_date": job.opened_at.date().isoformat() if job.opened_at else None,
            "end_date": job.closed_at.date().isoformat() if job.closed_at else None,
            "driver_license": False,
            "handicap": False,
            "kanban": True,
            "remote": vocab.REMOTE_OF_STATUS.get(job.remote_work_status or ""),
            "meta_title": None,
            "meta_description": None,
            "meta_tags": None,
            "options": None,
            "slug_mail": encoded[:6].lower(),
            "address": address_of(office.address) if office else None,
            "addressFormatted": formatted(office.address) if office else None,
            "tags": tags,
            "questions": [],
            "_distributions": distributions,
        }

    @staticmethod
    def primary_posting(job: w.Job) -> w.JobPosting | None:
        live = [p for p in job.postings if p.live and p.status == "ACTIVE" and p.times.deleted_at is None]
        return max(live, key=lambda p: p.times.created_at, default=None)

    def custom_field_tag(self, definition: w.CustomFieldDef, position: int) -> dict[str, Any]:
        values = vocab.tag_values(definition.type, definition.options)
        return self.tag_definition(
            "custom_field", definition.id, definition.label, values, "vacancies", position
        )

    def vacancy_tag(self, job: w.Job, tag: dict[str, Any], value: str) -> dict[str, Any]:
        return {
            "id": ids.encode(TRAIT, ids.clear_id(job.id) * 100_000 + tag["tag_id"]),
            "tag_id": tag["id"],
            "title": tag["title"],
            "value": value,
        }

    # -- columns ------------------------------------------------------------------------------
    def column(self, job: w.Job, stage: w.JobStage) -> dict[str, Any]:
        return {
            "id": ids.clear_id(stage.id),
            "title": stage.name,
            "company_id": self.company["id"],
            "vacancy_id": ids.encoded_id("job", job.id),
            "position": stage.index,
            "created_at": iso(job.times.created_at),
            "updated_at": iso(job.times.created_at),
            "visible": not stage.hidden,
            "hired": stage.kind == "hired",
        }

    # -- people -------------------------------------------------------------------------------
    def candidate(self, cand: w.Candidate) -> tuple[dict[str, Any], Doc | None]:
        doc: dict[str, Any] = {
            "id": ids.encoded_id("candidate", cand.id),
            "email": cand.emails[0].address if cand.emails else None,
            "firstname": cand.first_name,
            "lastname": cand.last_name,
            "phone": cand.phones[0].number if cand.phones else None,
            "urls": {},
            "created_at": iso(cand.times.created_at),
            "updated_at": iso(cand.times.updated_at),
            "consent": True,
            "status": 1,
            "external_id": None,
            "cv": None,
            "aws": None,
        }
        cv = next((a for a in cand.attachments if a.type == "CV"), None)
        if cv is None:
            return doc, None
        key, ext = file_key(ids.world_number(cv.id), cv.file_name, cv.times.created_at)
        doc.update(cv_fields(key, ext))
        stored = Doc(FILE, key, file_doc(key, ext, cv.file_name, cv.content_type, cv.data),
                     cv.times.created_at, cv.times.created_at)  # fmt: skip
        return doc, stored

    def offerer_of(self, source_id: str | None) -> int:
        if source_id is None:
            return ids.CAREER_SITE_OFFERER
        return source_offerer(source_id)

    def applicant(self, app: w.Application) -> dict[str, Any]:
        encoded = ids.encoded_id("application", app.id)
        stage = self.stage_of[app.stage_id]
        return {
            "id": encoded,
            "vacancy_id": ids.encoded_id("job", app.job_id),
            "column_id": ids.clear_id(stage.id),
            "score": 0,
            "comment": "",
            "created_at": unix(app.times.created_at),
            "updated_at": unix(app.times.updated_at),
            "status": 0 if app.outcome == "DECLINED" else 1,
            "hired": app.outcome == "HIRED",
            "view": True,
            "anonym": False,
            "external_id": None,
            "foreigner": False,
            "candidate_id": ids.encoded_id("candidate", app.candidate_id),
            "applies": [
                {
                    "id": ids.encoded_id("apply", app.id),
                    "created_at": iso(app.times.created_at),
                    "vacancy_id": ids.encoded_id("job", app.job_id),
                    "offerer_id": ids.encode(OFFERER, self.offerer_of(app.source_id)),
                    "import": False,
                }
            ],  # fmt: skip
        }

    def offerers(self) -> Iterator[Doc]:
        anchor = self.world.anchor
        rows = [(ids.CAREER_SITE_OFFERER, CAREER_SITE_NAME)]
        rows += [(source_offerer(s.id), s.name) for s in self.world.sources]
        if self.partner_offerer is not None:
            rows.append(self.partner_offerer)
        for number, name in rows:
            doc = {"id": number, "key": ids.encode(OFFERER, number), "name": name}
            yield Doc(OFFERER, str(number), doc, anchor, anchor)

    def member(self, user: w.User) -> dict[str, Any]:
        return {
            "id": ids.encoded_id("member", user.id),
            "role_id": 1 if "ADMIN" in user.roles else 2,
            "external_id": None,
            "company_id": self.company["company_id"],
            "created_at": iso(user.times.created_at),
            "user": {
                "id": ids.encoded_id("user", user.id),
                "user_id": ids.clear_id(user.id),
                "firstname": user.first_name,
                "lastname": user.last_name,
                "email": user.email,
                "status": 1 if user.status == "ACTIVE" else 0,
                "language": "fr",
                "created_at": iso(user.times.created_at),
                "updated_at": iso(user.times.updated_at),
            },
            "last_login": None,
        }

    # -- everything ---------------------------------------------------------------------------
    def docs(self) -> Iterator[Doc]:
        world = self.world
        anchor = world.anchor
        yield Doc(COMPANY, self.company["id"], self.company, anchor, anchor)
        yield from self.offerers()
        for user in world.users:
            yield Doc(MEMBER, ids.encoded_id("member", user.id), self.member(user), user.times.created_at,
                      user.times.updated_at, deleted=user.times.deleted_at)  # fmt: skip
        yield Doc(TAG, self.department_tag()["id"], self.department_tag(), anchor, anchor)
        for position, definition in enumerate(self.job_fields, start=1):
            tag = self.custom_field_tag(definition, position)
            yield Doc(TAG, tag["id"], tag, anchor, anchor)
        for position, tag in enumerate(world.tags):
            doc = self.tag_definition("tag", tag.id, tag.name, "", "candidates", position)
            yield Doc(TAG, doc["id"], doc, tag.times.created_at, tag.times.updated_at,
                      deleted=tag.times.deleted_at)  # fmt: skip
        for job in world.jobs:
            t = job.times
            yield Doc(VACANCY, ids.encoded_id("job", job.id), self.vacancy(job), t.created_at, t.updated_at,
                      deleted=t.deleted_at)  # fmt: skip
            for stage in job.stages:
                col = self.column(job, stage)
                yield Doc(COLUMN, str(col["id"]), col, t.created_at, t.created_at, parent=col["vacancy_id"],
                          deleted=t.deleted_at)  # fmt: skip
        for cand in world.candidates:
            doc, stored = self.candidate(cand)
            if stored is not None:
                yield stored
            t = cand.times
            yield Doc(CANDIDATE, doc["id"], doc, t.created_at, t.updated_at, deleted=t.deleted_at)
        for app in world.applications:
            doc = self.applicant(app)
            t = app.times
            yield Doc(APPLICANT, doc["id"], doc, t.created_at, t.updated_at, parent=doc["candidate_id"],
                      deleted=t.deleted_at)  # fmt: skip
            for tag_id in self.candidate_tag_ids(app.candidate_id):
                tag = self.tags[tag_id]
                number = ids.clear_id(app.id) * 1000 + ids.clear_id(tag_id)
                trait = {
                    "id": ids.encode(TRAIT, number),
                    "tag_id": ids.encoded_id("tag", tag_id),
                    "value": tag.name,
                }
                yield Doc(TRAIT, trait["id"], trait, t.created_at, t.created_at, parent=doc["id"])
                yield tag_index(trait["tag_id"], doc["id"], t.created_at)

    def candidate_tag_ids(self, candidate_id: str) -> list[str]:
        cand = self.candidates.get(candidate_id)
        return list(cand.tag_ids) if cand else []


def render_into(world: World, ctx: Any, *, partner_offerer: tuple[int, str] | None = None) -> None:
    """Write every document with one ``put_many`` per kind (kinds in first-seen order)."""
    rows: dict[str, list[tuple[str, dict[str, Any], str | None, datetime, datetime, datetime | None]]] = {}
    for d in render_world(world, partner_offerer=partner_offerer):
        rows.setdefault(d.kind, []).append((d.id, d.doc, d.parent, d.created, d.updated, d.deleted))
    for kind, kind_rows in rows.items():
        ctx.store.put_many(ctx.tenant, ctx.vendor, kind, kind_rows)


def tag_index(tag_id: str, applicant_id: str, at: datetime) -> Doc:
    return Doc(TAG_APPLICANT, f"{tag_id}:{applicant_id}", {"applicant": applicant_id}, at, at, parent=tag_id)


def source_offerer(source_id: str) -> int:
    """The integer offerer id of a world source."""
    return 100 + ids.world_number(source_id)


def address_of(address: w.Address) -> dict[str, Any]:
    number, route = split_street(address.street)
    return {
        "street_number": number,
        "route": route,
        "locality": address.city,
        "postal_code": address.zip_code,
        "administrative_area_level_1": address.region,
        "administrative_area_level_2": None,
        "country": address.country,
        "location_lat": None,
        "location_lng": None,
        "formatted_address": formatted(address),
    }


def split_street(street: str | None) -> tuple[str | None, str | None]:
    """Google-style address parts: a leading house number apart from the route."""
    if not street:
        return None, None
    head, _, rest = street.partition(" ")
    if head.isdigit() and rest:
        return head, rest
    return None, street


def formatted(address: w.Address) -> str | None:
    parts = [address.street, " ".join(p for p in (address.zip_code, address.city) if p), address.country]
    text = ", ".join(p for p in parts if p)
    return text or None
