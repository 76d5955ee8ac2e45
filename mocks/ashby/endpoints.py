"""The Ashby endpoints the mock emulates, with what each one needs.

One table so the routes, the permission check, the OpenAPI document, the schema-subset
refresh script and the scope test all agree on the same list. Permissions are the ones
Ashby's OpenAPI document names in each endpoint's description ("Requires the
`candidatesRead` permission"); `scripts/refresh_ashby_schemas.py` copies them into the
subset and a test holds this table to it.

This module imports nothing from atsbox on purpose: the refresh script loads it by path.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str  # "<object>.<method>", the path without its slash
    permission: str
    # "cursor": cursor + limit paging with moreDataAvailable/nextCursor; "flag": a single page
    # that still says moreDataAvailable (source.list, interviewStage.list); "none": results only.
    paging: str = "none"
    sync: bool = False  # accepts syncToken and returns one on the last page
    multipart: bool = False
    write: bool = False


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("apiKey.info", "apiKeysRead"),
    Endpoint("user.list", "organizationRead", "cursor", sync=True),
    Endpoint("user.info", "organizationRead"),
    Endpoint("department.list", "organizationRead", "cursor", sync=True),
    Endpoint("location.list", "organizationRead", "cursor", sync=True),
    Endpoint("job.list", "jobsRead", "cursor", sync=True),
    Endpoint("job.info", "jobsRead"),
    Endpoint("jobPosting.list", "jobsRead"),
    Endpoint("jobPosting.info", "jobsRead"),
    Endpoint("interviewPlan.list", "interviewsRead", "cursor", sync=True),
    Endpoint("interviewStage.list", "interviewsRead", "flag"),
    Endpoint("candidate.list", "candidatesRead", "cursor", sync=True),
    Endpoint("candidate.info", "candidatesRead"),
    Endpoint("candidate.search", "candidatesRead"),
    Endpoint("candidate.create", "candidatesWrite", write=True),
    Endpoint("candidate.update", "candidatesWrite", write=True),
    Endpoint("candidate.addTag", "candidatesWrite", write=True),
    Endpoint("candidate.uploadResume", "candidatesWrite", multipart=True, write=True),
    Endpoint("candidate.uploadFile", "candidatesWrite", multipart=True, write=True),
    Endpoint("candidate.createNote", "candidatesWrite", write=True),
    Endpoint("candidate.listNotes", "candidatesRead", "cursor", sync=True),
    Endpoint("candidateTag.list", "hiringProcessMetadataRead", "cursor", sync=True),
    Endpoint("candidateTag.create", "hiringProcessMetadataWrite", write=True),
    Endpoint("application.list", "candidatesRead", "cursor", sync=True),
    Endpoint("application.info", "candidatesRead"),
    Endpoint("application.create", "candidatesWrite", write=True),
    Endpoint("application.changeStage", "candidatesWrite", write=True),
    Endpoint("application.changeSource", "candidatesWrite", write=True),
    Endpoint("applicationForm.submit", "candidatesWrite", multipart=True, write=True),
    Endpoint("archiveReason.list", "hiringProcessMetadataRead"),
    Endpoint("source.list", "hiringProcessMetadataRead", "flag"),
    Endpoint("interview.list", "interviewsRead", "cursor", sync=True),
    Endpoint("interviewSchedule.list", "interviewsRead", "cursor", sync=True),
    Endpoint("offer.list", "offersRead", "cursor", sync=True),
    Endpoint("customField.list", "hiringProcessMetadataRead", "cursor", sync=True),
    Endpoint("surveyFormDefinition.list", "hiringProcessMetadataRead", "cursor", sync=True),
    Endpoint("surveySubmission.list", "candidatesRead", "cursor", sync=True),
    Endpoint("file.info", "candidatesRead"),
    Endpoint("webhook.create", "apiKeysWrite", write=True),
    Endpoint("webhook.info", "apiKeysRead"),
    Endpoint("webhook.update", "apiKeysWrite", write=True),
    Endpoint("webhook.delete", "apiKeysWrite", write=True),
    Endpoint("assessment.addCompletedToCandidate", "candidatesWrite", write=True),
)

BY_NAME: dict[str, Endpoint] = {e.name: e for e in ENDPOINTS}

# Every permission an Ashby API key can hold among the emulated endpoints.
PERMISSIONS: tuple[str, ...] = tuple(sorted({e.permission for e in ENDPOINTS}))
