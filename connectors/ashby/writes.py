"""The write actions on Ashby's coverage page, in Ashby calls.

| action | Ashby |
|---|---|
| create candidate / application, without screening answers | candidate.search (reuse by email) or candidate.create, candidate.update (other social links), application.create |
| ... with screening answers | applicationForm.submit on the job's posting (the only way Ashby takes answers), then application.changeSource / changeStage as asked |
| attachments (of both) | the first CV as candidate.uploadResume, the others candidate.uploadFile; Ashby keeps files on the candidate |
| add tag to candidate | candidateTag.create (idempotent by title) + candidate.addTag |
| move application to stage | application.changeStage (not to an Archived stage: that is a rejection) |
| reject application | application.changeStage to the plan's Archived stage with archiveReasonId; the note, if any, as a candidate note |
| add result link (application / candidate) | assessment.addCompletedToCandidate: a completed assessment whose result is the URL and whose metadata are the attributes, labelled "<prefix> <key>" |
| add note to application | candidate.createNote on the application's candidate |
| get application attachments | application.info, candidate.info, file.info per file handle |

Everything that can be checked is checked before the first write (ids, stages, files,
answers), since Ashby has no transactions across calls.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlsplit

from atsbox.connectors.base import Connector, ResolvedFile
from atsbox.connectors.errors import InvalidInput
from atsbox.connectors.ids import remote_id_of, unified_id
from atsbox.connectors.unified import (
    AttachmentInput,
    AttachmentOut,
    CreateApplicationInput,
    CreateCandidateInput,
    CreatedApplication,
    NoteInput,
    RejectInput,
    ResultLinkInput,
    TagInput,
)

from . import mapping as M
from .client import AshbyApi

# Result links are assessments from a partner; Ashby registers partners, a sandbox does not.
# A real connection passes its partner id as credentials["assessment_partner_id"].
DEFAULT_PARTNER_ID = "6b1f0d2e-4a7c-5e38-9d21-0f6c3b8a9e47"
_RESULT_NAMESPACE = uuid.UUID("0b6f3f0e-2b5e-5d2a-8d61-6a1f2c9b7e13")
_SOCIAL_HOSTS = {
    "linkedin.com": "LinkedIn",
    "github.com": "GitHub",
    "twitter.com": "Twitter",
    "x.com": "Twitter",
    "medium.com": "Medium",
    "stackoverflow.com": "StackOverflow",
}
_CREATE_KEYS = {"LinkedIn": "linkedInUrl", "GitHub": "githubUrl", "Website": "website"}


def social_type(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    for domain, kind in _SOCIAL_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return kind
    return "Website"


class AshbyWrites(Connector):
    """The write half of the Ashby connector (see connector.py for the whole)."""

    api: AshbyApi

    # -- creating applicants ---------------------------------------------------------------
    def create_candidate(self, data: CreateCandidateInput) -> CreatedApplication:
        return self._apply(data, data.application.job_id, data.application.stage_id)

    def create_application(self, job_id: str, data: CreateApplicationInput) -> CreatedApplication:
        return self._apply(data, job_id, data.stage_id)

    def _apply(self, data: CreateCandidateInput | CreateApplicationInput, job_ref: str, stage_ref: str | None
               ) -> CreatedApplication:  # fmt: skip
        warnings: list[str] = []
        job_id = remote_id_of(job_ref, "jobs", field="application.job_id")
        job = self.api.call("job.info", {"id": job_id, "includeUnpublishedJobPostingsIds": True})
        stages = {s["id"]: s for s in self.api.call("interviewStage.list", {"interviewPlanId": job["defaultInterviewPlanId"]})}
        stage_id = remote_id_of(stage_ref, "application_stages", field="application.stage_id") if stage_ref else None
        if stage_id is not None and stage_id not in stages:
            raise InvalidInput("the stage is not a stage of the job", "application.stage_id")
        if stage_id is not None and stages[stage_id]["type"] == "Archived":
            raise InvalidInput("an application cannot start in an archived stage; reject it instead", "application.stage_id")
        files = [self.file_bytes(a) for a in data.attachments]
        source_id = self._source_id(data.source.name if data.source else None, warnings)
        cand_in = data.candidate
        links = [(social_type(link.url), link.url) for link in cand_in.social_links]
        if data.screening_question_answers:
            posting, fields, surveys = self._form_of(job)
            submission, parts, cv_sent = self._submission(data, fields, surveys, files, warnings)
            result = self.api.call("applicationForm.submit", data={"jobPostingId": posting,
                                   "applicationForm": json.dumps({"fieldSubmissions": submission})}, files=parts)  # fmt: skip
            app = self.api.call("application.info", {"submittedFormInstanceId": result["submittedFormInstance"]["id"]})
            candidate_id = app["candidate"]["id"]
            if source_id:
                self.api.call("application.changeSource", {"applicationId": app["id"], "sourceId": source_id})
            if links or source_id:
                self._update_candidate(candidate_id, links, source_id)
            if stage_id and app["currentInterviewStage"]["id"] != stage_id:
                self.api.call("application.changeStage", {"applicationId": app["id"], "interviewStageId": stage_id})
        else:
            candidate_id = self._find_or_create_candidate(cand_in, links, source_id)
            body: dict[str, Any] = {"candidateId": candidate_id, "jobId": job_id}
            if stage_id:
                body["interviewStageId"] = stage_id
            if source_id:
                body["sourceId"] = source_id
            app = self.api.call("application.create", body)
            cv_sent = False
        first_cv = _first_cv(files)
        for index, file in enumerate(files):
            if index == first_cv and cv_sent:
                continue  # went with the form as its resume
            self._upload(candidate_id, file, resume=index == first_cv)
        app_info = self.api.call("application.info", {"applicationId": app["id"], "expand": ["applicationFormSubmissions"]})
        candidate = self.api.call("candidate.info", {"id": candidate_id})
        return CreatedApplication(
            application=self.application_record(app_info),  # type: ignore[attr-defined]
            candidate=self.candidate_record(candidate),  # type: ignore[attr-defined]
            warnings=warnings,
        )

    def _source_id(self, name: str | None, warnings: list[str]) -> str | None:
        """Source writing: the Ashby source with this title (Ashby's API cannot create one)."""
        if not name:
            return None
        sources = self.api.call("source.list", {"includeArchived": False}) or []
        found = next((s for s in sources if s["title"].strip().lower() == name.strip().lower()), None)
        if found is None:
            warnings.append(f"Ashby has no source named {name!r}; the candidate was created without a source.")
            return None
        return found["id"]

    def _find_or_create_candidate(self, cand: Any, links: list[tuple[str, str]], source_id: str | None) -> str:
        # Like Kombo: an existing candidate with the same email gets the application.
        found = self.api.call("candidate.search", {"email": cand.email_address}) or []
        if found:
            if links:
                self._update_candidate(found[0]["id"], links, None)
            return found[0]["id"]
        body: dict[str, Any] = {"name": f"{cand.first_name} {cand.last_name}", "email": cand.email_address}
        if cand.phone_number:
            body["phoneNumber"] = cand.phone_number
        extra_emails = [e.email_address for e in cand.additional_email_addresses]
        if extra_emails:
            body["alternateEmailAddresses"] = extra_emails
        if source_id:
            body["sourceId"] = source_id
        rest = []
        for kind, url in links:
            key = _CREATE_KEYS.get(kind)
            if key and key not in body:
                body[key] = url
            else:
                rest.append((kind, url))
        made = self.api.call("candidate.create", body)
        if rest:
            self._update_candidate(made["id"], links, None)
        return made["id"]

    def _update_candidate(self, candidate_id: str, links: list[tuple[str, str]], source_id: str | None) -> None:
        body: dict[str, Any] = {"candidateId": candidate_id, "sendNotifications": False}
        if links:
            current = self.api.call("candidate.info", {"id": candidate_id})["socialLinks"]
            merged = {(link["type"], link["url"]) for link in current}
            ordered = [*(link for link in current), *({"type": k, "url": u} for k, u in links if (k, u) not in merged)]
            body["socialLinks"] = ordered
        if source_id:
            body["sourceId"] = source_id
        self.api.call("candidate.update", body)

    def _form_of(self, job: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]], set[str]]:
        """The posting to apply through (the first published one), its form fields and the
        paths of its survey questions."""
        published = self.api.call("job.info", {"id": job["id"]}).get("jobPostingIds") or []
        candidates = published or job.get("jobPostingIds") or []
        if not candidates:
            raise InvalidInput("the job has no job posting, so Ashby cannot take screening answers for it",
                               "screening_question_answers")  # fmt: skip
        info = self.api.call("jobPosting.info", {"jobPostingId": candidates[0]})
        fields = {
            entry["field"]["path"]: entry
            for section in info["applicationFormDefinition"]["sections"]
            for entry in section.get("fields") or []
        }
        surveys = {
            entry["field"]["path"]
            for survey in info.get("surveyFormDefinitions") or []
            for section in survey["formDefinition"].get("sections") or []
            for entry in section.get("fields") or []
        }
        return info["id"], fields, surveys

    def _submission(self, data: Any, fields: dict[str, dict[str, Any]], surveys: set[str], files: list[ResolvedFile],
                    warnings: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any], bool]:  # fmt: skip
        cand = data.candidate
        values: list[dict[str, Any]] = [
            {"path": "_systemfield_name", "value": f"{cand.first_name} {cand.last_name}"},
            {"path": "_systemfield_email", "value": cand.email_address},
        ]
        if cand.phone_number and "_systemfield_phone" in fields:
            values.append({"path": "_systemfield_phone", "value": cand.phone_number})
        parts: dict[str, Any] = {}
        for n, given in enumerate(data.screening_question_answers):
            path = remote_id_of(given.question_id, "screening_questions", field=f"screening_question_answers.{n}.question_id")
            entry = fields.get(path)
            if entry is None:
                why = "is an EEO/diversity survey question, which Ashby's API cannot answer" if path in surveys \
                    else "is not asked by the job's application form"  # fmt: skip
                warnings.append(f"screening question {given.question_id} {why}; its answer was not submitted.")
                continue
            value = self._answer_value(entry["field"], given.answer, f"screening_question_answers.{n}.answer")
            if entry["field"]["type"] == "File":
                file = self.file_bytes(given.answer)
                part = f"answer_{n}"
                parts[part] = (file.name, file.data, file.content_type)
                value = part
            values.append({"path": path, "value": value})
        cv_sent = False
        cv = next((f for f in files if f.type == "CV"), None)
        if cv is not None and "_systemfield_resume" in fields:
            parts["resume"] = (cv.name, cv.data, cv.content_type)
            values.append({"path": "_systemfield_resume", "value": "resume"})
            cv_sent = True
        return values, parts, cv_sent

    @staticmethod
    def _answer_value(field: dict[str, Any], answer: Any, where: str) -> Any:
        kind = M.FIELD_TYPE.get(field.get("type"), "UNKNOWN")
        if kind == "FILE":
            return None  # sent as a file part
        if kind == "SINGLE_SELECT":
            if not isinstance(answer, str):
                raise InvalidInput("a single-select answer is one option id", where)
            return remote_id_of(answer, "screening_question_options", field=where)
        if kind == "MULTI_SELECT":
            if not isinstance(answer, list):
                raise InvalidInput("a multi-select answer is a list of option ids", where)
            return [remote_id_of(a, "screening_question_options", field=where) for a in answer]
        if kind == "BOOLEAN":
            if not isinstance(answer, bool):
                raise InvalidInput("a boolean answer is true or false", where)
            return answer
        if kind == "NUMBER":
            if isinstance(answer, bool) or not isinstance(answer, int | float) or float(answer) != int(answer):
                raise InvalidInput("Ashby's number questions take whole numbers", where)
            return int(answer)
        if kind == "DATE":
            if not isinstance(answer, str):
                raise InvalidInput("a date answer is an ISO date", where)
            return answer[:10]
        if not isinstance(answer, str):
            raise InvalidInput("a text answer is a string", where)
        return answer

    def _upload(self, candidate_id: str, file: ResolvedFile, *, resume: bool) -> None:
        part = "resume" if resume else "file"
        endpoint = "candidate.uploadResume" if resume else "candidate.uploadFile"
        self.api.call(endpoint, data={"candidateId": candidate_id}, files={part: (file.name, file.data, file.content_type)})

    def _candidate_of(self, application_id: str, field: str = "application_id") -> tuple[str, dict[str, Any]]:
        app_id = remote_id_of(application_id, "applications", field=field)
        app = self.api.call("application.info", {"applicationId": app_id})
        return app["candidate"]["id"], app

    # -- the smaller actions ----------------------------------------------------------------
    def add_candidate_tag(self, candidate_id: str, tag: TagInput) -> None:
        cid = remote_id_of(candidate_id, "candidates", field="candidate_id")
        made = self.api.call("candidateTag.create", {"title": tag.name})
        self.api.call("candidate.addTag", {"candidateId": cid, "tagId": made["id"]})

    def add_application_attachment(self, application_id: str, attachment: AttachmentInput) -> None:
        # Ashby keeps files on the candidate, so the application's candidate gets it.
        file = self.file_bytes(attachment)
        candidate_id, _ = self._candidate_of(application_id)
        self._upload(candidate_id, file, resume=file.type == "CV")

    def add_candidate_attachment(self, candidate_id: str, attachment: AttachmentInput) -> None:
        file = self.file_bytes(attachment)
        cid = remote_id_of(candidate_id, "candidates", field="candidate_id")
        self._upload(cid, file, resume=file.type == "CV")

    def _stage_in_plan(self, app: dict[str, Any], stage_id: str) -> dict[str, Any]:
        plan = app["currentInterviewStage"]["interviewPlanId"]
        stages = {s["id"]: s for s in self.api.call("interviewStage.list", {"interviewPlanId": plan})}
        if stage_id not in stages:
            raise InvalidInput("the stage is not a stage of the application's job", "stage_id")
        return stages[stage_id]

    def move_application_to_stage(self, application_id: str, stage_id: str) -> None:
        _, app = self._candidate_of(application_id)
        sid = remote_id_of(stage_id, "application_stages", field="stage_id")
        if self._stage_in_plan(app, sid)["type"] == "Archived":
            raise InvalidInput("moving to an archived stage is a rejection: use reject_application", "stage_id")
        self.api.call("application.changeStage", {"applicationId": app["id"], "interviewStageId": sid})

    def reject_application(self, application_id: str, data: RejectInput) -> None:
        candidate_id, app = self._candidate_of(application_id)
        reason_id = remote_id_of(data.rejection_reason_id, "rejection_reasons", field="rejection_reason_id")
        reasons = {r["id"]: r for r in self.api.call("archiveReason.list", {"includeArchived": True})}
        if reason_id not in reasons:
            raise InvalidInput("unknown rejection reason", "rejection_reason_id")
        plan = app["currentInterviewStage"]["interviewPlanId"]
        archived = [s for s in self.api.call("interviewStage.list", {"interviewPlanId": plan}) if s["type"] == "Archived"]
        if not archived:
            raise InvalidInput("the application's interview plan has no archived stage to reject into", "application_id")
        # A plan with a second archived stage ("Withdrawn") takes the candidate's own reasons.
        by_candidate = reasons[reason_id].get("reasonType") == "RejectedByCandidate"
        stage = archived[-1] if by_candidate and len(archived) > 1 else archived[0]
        self.api.call("application.changeStage", {"applicationId": app["id"], "interviewStageId": stage["id"],
                                                  "archiveReasonId": reason_id})  # fmt: skip
        if data.note:
            self.api.call("candidate.createNote", {"candidateId": candidate_id, "note": {"type": "text/plain", "value": data.note}})

    def _result_link(self, candidate_id: str, target: str, link: ResultLinkInput) -> None:
        prefix = link.details.custom_field_name_prefix if link.details else ""
        metadata = [
            {"identifier": attr.key, "label": f"{prefix} {attr.key}".strip(), "type": "string", "value": attr.value}
            for attr in (link.details.attributes if link.details else [])
        ]
        body = {
            "candidateId": candidate_id,
            "partnerId": self.credentials.get("assessment_partner_id") or DEFAULT_PARTNER_ID,
            "timestamp": int(self.now().timestamp() * 1000),  # type: ignore[attr-defined]
            "assessment": {
                "assessmentTypeId": str(uuid.uuid5(_RESULT_NAMESPACE, f"type/{link.label}")),
                "assessmentId": str(uuid.uuid5(_RESULT_NAMESPACE, f"{target}/{link.label}/{link.url}")),
                "assessmentName": link.label,
                "result": {"identifier": "result_link", "label": link.label, "type": "url", "value": link.url},
                "metadata": metadata,
            },
        }
        self.api.call("assessment.addCompletedToCandidate", body)

    def add_application_result_link(self, application_id: str, link: ResultLinkInput) -> None:
        candidate_id, app = self._candidate_of(application_id)
        self._result_link(candidate_id, app["id"], link)

    def add_candidate_result_link(self, candidate_id: str, link: ResultLinkInput) -> None:
        cid = remote_id_of(candidate_id, "candidates", field="candidate_id")
        self._result_link(cid, cid, link)

    def add_application_note(self, application_id: str, note: NoteInput) -> None:
        candidate_id, _ = self._candidate_of(application_id)
        self.api.call("candidate.createNote", {"candidateId": candidate_id, "note": {"type": "text/plain", "value": note.content},
                                               "sendNotifications": False})  # fmt: skip

    def get_application_attachments(self, application_id: str) -> list[AttachmentOut]:
        candidate_id, app = self._candidate_of(application_id)
        candidate = self.api.call("candidate.info", {"id": candidate_id})
        resume = (candidate.get("resumeFileHandle") or {}).get("id")
        out = []
        for handle in candidate.get("fileHandles") or []:
            url = self.api.call("file.info", {"fileHandle": handle["handle"]})["url"]
            _, content_type = self.fetch(url)
            out.append(
                AttachmentOut(
                    id=unified_id("attachments", handle["id"]), remote_id=handle["id"],
                    application_id=unified_id("applications", app["id"]), candidate_id=unified_id("candidates", candidate_id),
                    type="CV" if handle["id"] == resume else "OTHER", data_url=url, file_name=handle["name"],
                    content_type=(content_type or "application/octet-stream").split(";")[0].strip(),
                )
            )  # fmt: skip
        return out


def _first_cv(files: list[ResolvedFile]) -> int:
    return next((i for i, f in enumerate(files) if f.type == "CV"), -1)
