"""World -> Personio's native documents in the store.

Kinds (all ids are the native ids of ids.py, as text):

- ``position``   a job position: what the XML feed, the career pages and v2 jobs show, plus
                 its application form (the screening questions, in order);
- ``attribute``  a custom recruiting attribute (a screening question or a custom field);
- ``phase``      a company custom phase; ``category`` a recruiting category with the
                 custom phases it selects; ``channel`` a recruiting channel (source);
- ``candidate``  a person, with the applications they made (``applications``);
- ``application`` one application: job, phase, channel, tags, files, attribute values and
                 the phase transitions it went through;
- ``document``   an uploaded file's metadata (bytes are kept only for API uploads);
- ``tag``        a tag name the company uses;

and in the kv ``job_refs``: per job, what applications embed of it (positions never change
through the API, so one small document serves every application page).

Created, updated and deleted times are the store record's, taken from the world, so v2's
``created_at`` / ``updated_at`` and delta filters read them straight from the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from atsbox.fixtures import WorldIndex
from atsbox.fixtures import model as w
from atsbox.mocks.core.vendor import RenderContext

from . import attributes, ids, vocabulary
from .documents import extension_of
from .phases import job_phases, phase_type
from .serializers import candidate_ref, iso, job_ref

Row = tuple[str, dict[str, Any], str | None, datetime, datetime, datetime | None]


def _row(native_id: int | str, doc: dict[str, Any], times: w.Timestamps, parent: str | None = None) -> Row:
    return (str(native_id), doc, parent, times.created_at, times.updated_at, times.deleted_at)


class _Renderer:
    def __init__(self, world: w.World) -> None:
        self.world = world
        self.ix = WorldIndex(world)
        self.categories = ids.category_ids([job.category for job in world.jobs])
        self.phases = {job.id: job_phases(job) for job in world.jobs}
        self.questions = {q.id: attributes.question_attribute(q) for q in world.questions}
        self.fields = {f.key: attributes.custom_field_attribute(f) for f in world.custom_fields}
        self.field_objects = {f.key: f.object for f in world.custom_fields}
        self.documents = {a.id: ids.document_uuid(a.id) for c in world.candidates for a in c.attachments}

    # -- company configuration ----------------------------------------------------------

    def attribute_rows(self) -> Iterable[Row]:
        anchor = w.Timestamps(self.world.anchor, self.world.anchor)
        for question in self.world.questions:
            yield _row(self.questions[question.id]["id"], self.questions[question.id], question.times)
        for definition in self.world.custom_fields:
            yield _row(self.fields[definition.key]["id"], self.fields[definition.key], anchor)

    def phase_rows(self) -> Iterable[Row]:
        for job in self.world.jobs:
            for stage in job.stages:
                phase = self.phases[job.id][stage.id]
                if phase_type(phase) == "custom":
                    # Company configuration: it outlives a deleted job.
                    times = w.Timestamps(job.times.created_at, job.times.updated_at)
                    yield _row(phase, {"id": int(phase), "name": stage.name}, times)

    def category_rows(self) -> Iterable[Row]:
        selected: dict[str, list[int]] = {name: [] for name in self.categories}
        for job in self.world.jobs:
            if job.category:
                for phase in self.phases[job.id].values():
                    if phase_type(phase) == "custom" and int(phase) not in selected[job.category]:
                        selected[job.category].append(int(phase))
        anchor = w.Timestamps(self.world.anchor, self.world.anchor)
        for name, native in self.categories.items():
            yield _row(native, {"id": native, "name": name, "phase_ids": sorted(selected[name])}, anchor)

    def channel_rows(self) -> Iterable[Row]:
        # The channel the customer sets up for Kombo (its "Source Setup Guide"), beside the
        # world's sources.
        anchor = w.Timestamps(self.world.anchor, self.world.anchor)
        yield _row(ids.KOMBO_CHANNEL, {"id": ids.KOMBO_CHANNEL, "name": ids.KOMBO_CHANNEL_NAME}, anchor)
        for source in self.world.sources:
            native = ids.native_int("source", source.id)
            yield _row(native, {"id": native, "name": source.name}, source.times)

    def tag_rows(self) -> Iterable[Row]:
        for tag in self.world.tags:
            yield _row(ids.native_int("tag", tag.id), {"name": tag.name}, tag.times)

    # -- positions ----------------------------------------------------------------------

    def _form(self, job: w.Job) -> list[dict[str, Any]]:
        form = []
        for jq in sorted(job.questions, key=lambda q: q.index):
            condition = None
            if jq.precondition_question_id:
                values = [
                    ("true" if v else "false") if isinstance(v, bool) else ids.option_id(v)
                    for v in jq.precondition_options or []
                ]
                condition = {
                    "attribute": ids.attribute_id("question", jq.precondition_question_id),
                    "values": values,
                }
            form.append(
                {
                    "attribute": ids.attribute_id("question", jq.question_id),
                    "required": jq.required,
                    "condition": condition,
                }
            )
        return form

    def position(self, job: w.Job) -> dict[str, Any]:
        ix = self.ix
        offices = [ix.offices[o].name for o in job.office_ids]
        department = ix.departments[job.department_ids[0]] if job.department_ids else None
        employment, schedule = vocabulary.EMPLOYMENT.get(job.employment_type or "", (None, None))
        seniority, years = vocabulary.SENIORITY.get(job.experience_level or "", (None, None))
        descriptions = dict(job.descriptions)
        hiring_team = [
            {
                "person": {"id": str(ids.native_int("user", m.user_id))},
                "role": {"name": vocabulary.ROLE_NAMES[r]},
            }
            for m in job.hiring_team
            for r in m.roles
        ]
        return {
            "id": ids.native_int("job", job.id),
            "name": job.name,
            "published": vocabulary.is_published(job),
            "subcompany": self.world.company_name,
            "office": offices[0] if offices else None,
            "additional_offices": offices[1:],
            "department": {"id": str(ids.native_int("department", department.id)), "name": department.name}
            if department
            else None,
            "category": {"id": str(self.categories[job.category]), "name": job.category}
            if job.category
            else None,
            "employment_type": employment,
            "schedule": schedule,
            "seniority": seniority,
            "years_of_experience": years,
            "description": job.description_html,
            "descriptions": descriptions,
            "hiring_team": hiring_team,
            "form": self._form(job),
        }

    def position_rows(self) -> Iterable[Row]:
        for job in self.world.jobs:
            yield _row(ids.native_int("job", job.id), self.position(job), job.times)

    # -- people -------------------------------------------------------------------------

    def _attribute_values(self, values: dict[str, Any], obj: str) -> dict[str, str]:
        out = {}
        for key, value in values.items():
            if value is None or self.field_objects.get(key) != obj:
                continue
            attribute = self.fields[key]
            out[attribute["id"]] = attributes.encode(value, attribute)
        return out

    def candidate(self, candidate: w.Candidate) -> dict[str, Any]:
        address = candidate.address
        linkedin = next((s.url for s in candidate.social_links if s.type == "LINKEDIN"), None)
        expectation = candidate.salary_expectation
        applications = [
            {
                "id": str(ids.native_int("application", a.id)),
                "application_date": a.times.created_at.date().isoformat(),
            }
            for a in self.ix.applications_of_candidate(candidate.id)
            if a.times.deleted_at is None
        ]
        return {
            "id": ids.native_int("candidate", candidate.id),
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.emails[0].address if candidate.emails else None,
            "phone": candidate.phones[0].number if candidate.phones else None,
            "location": vocabulary.location_text(address.city, address.country) if address else None,
            "gender": vocabulary.GENDER.get(candidate.gender or ""),
            "birthday": None,
            "linkedin_profile": linkedin,
            "available_from": candidate.availability_date.isoformat()
            if candidate.availability_date
            else None,
            "salary_expectations": vocabulary.salary_text(
                expectation.amount, expectation.period, expectation.currency
            )
            if expectation
            else None,
            "attributes": self._attribute_values(candidate.custom_fields, "candidate"),
            "applications": applications,
        }

    def candidate_rows(self) -> Iterable[Row]:
        for candidate in self.world.candidates:
            yield _row(ids.native_int("candidate", candidate.id), self.candidate(candidate), candidate.times)

    def application(self, application: w.Application) -> dict[str, Any]:
        ix = self.ix
        candidate = ix.candidates[application.candidate_id]
        phases = self.phases[application.job_id]
        phase = phases[application.stage_id]
        source_id = application.source_id or candidate.source_id
        attribute_values = self._attribute_values(application.custom_fields, "application")
        for answer in application.answers:
            question = self.questions[answer.question_id]
            attribute_values[question["id"]] = attributes.encode(answer.value, question, self.documents)
        files = []
        for attachment_id in application.attachment_ids:
            _, attachment = ix.attachments[attachment_id]
            files.append(
                {
                    "uuid": self.documents[attachment_id],
                    "original_filename": attachment.file_name,
                    "category": vocabulary.DOCUMENT_CATEGORY[attachment.type],
                }
            )
        transitions = [
            {"phase": phases[change.stage_id], "entered_at": iso(change.entered_at)}
            for change in application.history
        ]
        return {
            "id": ids.native_int("application", application.id),
            "candidate_id": str(ids.native_int("candidate", candidate.id)),
            "candidate": candidate_ref(
                {
                    "email": candidate.emails[0].address if candidate.emails else None,
                    "first_name": candidate.first_name,
                    "last_name": candidate.last_name,
                    "gender": vocabulary.GENDER.get(candidate.gender or ""),
                }
            ),
            "job_id": str(ids.native_int("job", application.job_id)),
            "application_date": application.times.created_at.date().isoformat(),
            "phase": {"type": phase_type(phase), "id": phase},
            "channel_id": ids.native_int("source", source_id) if source_id else None,
            "external_posting_id": None,
            "message": None,
            "tags": [ix.tags[t].name for t in candidate.tag_ids if t in ix.tags],
            "files": files,
            "attributes": attribute_values,
            "transitions": transitions,
            "is_anonymized": False,
        }

    def application_rows(self) -> Iterable[Row]:
        for application in self.world.applications:
            native = ids.native_int("application", application.id)
            yield _row(native, self.application(application), application.times)

    def document_rows(self) -> Iterable[Row]:
        for candidate in self.world.candidates:
            for attachment in candidate.attachments:
                name = attachment.file_name
                extension = extension_of(name) or ""
                doc = {
                    "uuid": self.documents[attachment.id],
                    "size": len(attachment.data),
                    "mimetype": attachment.content_type,
                    "original_filename": name,
                    "extension": extension,
                }
                yield _row(doc["uuid"], doc, attachment.times)


def render(world: w.World, ctx: RenderContext) -> None:
    """Seed one tenant with the world's Personio documents and the id counters past them."""
    r = _Renderer(world)
    store, tenant, vendor = ctx.store, ctx.tenant, ctx.vendor
    batches = {
        "attribute": r.attribute_rows(),
        "phase": r.phase_rows(),
        "category": r.category_rows(),
        "channel": r.channel_rows(),
        "tag": r.tag_rows(),
        "position": list(r.position_rows()),
        "candidate": r.candidate_rows(),
        "application": r.application_rows(),
        "document": r.document_rows(),
    }
    for kind, rows in batches.items():
        store.put_many(tenant, vendor, kind, rows)
    store.kv_set(tenant, vendor, "job_refs", {row[0]: job_ref(row[1]) for row in batches["position"]})
    for kind, records in (
        ("candidate", world.candidates),
        ("application", world.applications),
        ("tag", world.tags),
    ):
        largest = max((ids.native_int(kind, record.id) for record in records), default=ids.BASES[kind])
        store.seed_int(tenant, vendor, kind, largest)
