"""The OpenAPI 3.0 document of exactly the Gem endpoints the mock emulates.

Collection paths are written with the trailing slash, as Gem's Redoc anchors write them
(the mock also answers without it). Schemas list the fields the mock always sends; every
object stays open to extra keys, as Gem reserves the right to add fields.
"""

from __future__ import annotations

from typing import Any

from .errors import GATEWAY_MESSAGES
from .listing import ATS_PER_PAGE, MAX_UNIX, SOURCING_PAGE_SIZE
from .wire import (
    APPLICATION_STATUSES,
    CANDIDATE_IDS_MAX,
    INTERVIEW_STATUSES,
    JOB_STATUSES,
    NOT_BLANK_PATTERN,
    NOTE_MAX,
    RESUME_TYPES,
)

ATS = "/ats/v0"


def s(type_: str, nullable: bool = False, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": type_, **extra}
    if nullable:
        schema["nullable"] = True
    return schema


def obj(required: dict[str, Any], nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "required": sorted(required), "properties": required}
    if nullable:
        schema["nullable"] = True
    return schema


def ref(name: str, nullable: bool = False) -> dict[str, Any]:
    if nullable:
        return {"allOf": [{"$ref": f"#/components/schemas/{name}"}], "nullable": True}
    return {"$ref": f"#/components/schemas/{name}"}


def arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STR = s("string")
NSTR = s("string", True)
TIME = s("string", format="date-time")
NTIME = s("string", True, format="date-time")
BOOL = s("boolean")
INT = s("integer")

USER_LITE = obj({"id": STR, "name": STR, "first_name": STR, "last_name": STR, "employee_id": NSTR})
DEPARTMENT = obj(
    {"id": STR, "name": STR, "parent_id": NSTR, "child_ids": arr(STR), "deleted_at": NTIME}
)
OFFICE = obj(
    {
        "id": STR,
        "name": STR,
        "location": obj({"name": NSTR}),
        "parent_id": NSTR,
        "child_ids": arr(STR),
        "deleted_at": NTIME,
    }
)
SCHEMAS: dict[str, Any] = {
    "UserLite": USER_LITE,
    "User": {
        "allOf": [
            ref("UserLite"),
            obj(
                {
                    "primary_email_address": STR,
                    "emails": arr(STR),
                    "disabled": BOOL,
                    "site_admin": BOOL,
                    "linked_candidate_ids": arr(STR),
                    "offices": arr(ref("Office")),
                    "departments": arr(ref("Department")),
                    "created_at": TIME,
                    "updated_at": TIME,
                    "deleted_at": NTIME,
                }
            ),
        ]
    },
    "Department": DEPARTMENT,
    "Office": OFFICE,
    "Source": obj({"id": STR, "name": STR, "type": obj({"id": INT, "name": STR})}),
    "Job": obj(
        {
            "id": STR,
            "name": STR,
            "requisition_id": NSTR,
            "confidential": BOOL,
            "status": s("string", enum=list(JOB_STATUSES)),
            "is_template": BOOL,
            "created_at": TIME,
            "opened_at": NTIME,
            "closed_at": NTIME,
            "updated_at": TIME,
            "deleted_at": NTIME,
            "departments": arr(ref("Department")),
            "offices": arr(ref("Office")),
            "hiring_team": obj(
                {key: arr(ref("UserLite")) for key in ("hiring_managers", "recruiters", "coordinators", "sourcers")}
            ),
            "custom_fields": s("object"),
            "keyed_custom_fields": s("object"),
        }
    ),
    "JobStage": obj(
        {
            "id": STR,
            "name": STR,
            "created_at": TIME,
            "updated_at": TIME,
            "deleted_at": NTIME,
            "active": BOOL,
            "job_id": STR,
            "priority": INT,
            "interviews": arr(obj({"id": STR, "name": STR, "schedulable": BOOL})),
        }
    ),
    "JobPost": obj(
        {
            "id": STR,
            "title": STR,
            "active": BOOL,
            "live": BOOL,
            "internal": BOOL,
            "external": BOOL,
            "first_published_at": NTIME,
            "job_id": STR,
            "content": NSTR,
            "absolute_url": NSTR,
            "created_at": TIME,
            "updated_at": TIME,
            "deleted_at": NTIME,
        }
    ),
    "Application": obj(
        {
            "id": STR,
            "candidate_id": STR,
            "prospect": BOOL,
            "applied_at": TIME,
            "rejected_at": NTIME,
            "last_activity_at": TIME,
            "source": obj({"id": STR, "public_name": STR}, nullable=True),
            "rejection_reason": obj(
                {"id": STR, "name": STR, "type": obj({"id": INT, "name": STR})}, nullable=True
            ),
            "jobs": arr(obj({"id": STR, "name": STR})),
            "job_post_id": NSTR,
            "status": s("string", enum=list(APPLICATION_STATUSES)),
            "current_stage": obj({"id": STR, "name": STR}, nullable=True),
            "custom_fields": s("object"),
            "keyed_custom_fields": s("object"),
            "deleted_at": NTIME,
        }
    ),
    "Attachment": obj({"filename": STR, "url": STR, "type": STR, "created_at": TIME}),
    "Candidate": obj(
        {
            "id": STR,
            "first_name": STR,
            "last_name": STR,
            "company": NSTR,
            "title": NSTR,
            "is_private": BOOL,
            "created_at": TIME,
            "updated_at": NTIME,
            "last_activity": NTIME,
            "deleted_at": NTIME,
            "phone_numbers": arr(obj({"value": STR, "type": NSTR})),
            "email_addresses": arr(obj({"value": STR, "type": NSTR, "is_primary": BOOL})),
            "social_media_addresses": arr(obj({"value": STR})),
            "tags": arr(STR),
            "attachments": arr(ref("Attachment")),
            "educations": arr(s("object")),
            "employments": arr(s("object")),
            "linked_user_ids": arr(STR),
            "applications": arr(ref("Application")),
            "application_ids": arr(STR),
            "custom_fields": s("object"),
            "keyed_custom_fields": s("object"),
        }
    ),
    "ScheduledInterview": obj(
        {
            "id": STR,
            "application_id": STR,
            "external_event_id": NSTR,
            "created_at": TIME,
            "updated_at": TIME,
            "start": obj({"date_time": TIME}),
            "end": obj({"date_time": TIME}),
            "location": NSTR,
            "video_conferencing_url": NSTR,
            "status": s("string", enum=list(INTERVIEW_STATUSES)),
            "interview": obj({"id": STR, "name": STR}),
            "organizer": ref("UserLite", nullable=True),
            "interviewers": arr(obj({"id": STR, "name": STR, "email": NSTR, "response_status": STR})),
            "deleted_at": NTIME,
        }
    ),
    "Note": obj(
        {
            "id": STR,
            "created_at": TIME,
            "body": STR,
            "user": ref("UserLite", nullable=True),
            "private": BOOL,
            "visibility": s("string", enum=["public", "private"]),
        }
    ),
    "ActivityFeed": obj({"notes": arr(ref("Note")), "emails": arr(s("object")), "activities": arr(s("object"))}),
    "HarvestError": {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": STR,
            "errors": arr(obj({"message": STR, "field": NSTR})),
        },
    },
    "GatewayError": obj({"message": s("string", enum=sorted(GATEWAY_MESSAGES.values()))}),
    "GemError": obj({"code": INT, "status": STR, "message": STR, "errors": s("object")}),
    "SourcingUser": obj({"id": STR, "name": STR, "email": NSTR}),
    "SourcingCandidate": obj(
        {
            "id": STR,
            "created_at": INT,
            "last_updated_at": INT,
            "first_name": STR,
            "last_name": STR,
            "emails": arr(obj({"email_address": STR, "is_primary": BOOL})),
            "phone_number": NSTR,
            "company": NSTR,
            "title": NSTR,
            "profiles": arr(obj({"network": NSTR, "url": STR, "username": NSTR})),
            "custom_fields": arr(s("object")),
            "project_ids": arr(STR),
        }
    ),
    "UploadedResume": obj(
        {
            "id": STR,
            "candidate_id": STR,
            "created_at": INT,
            "user_id": NSTR,
            "filename": STR,
            "download_url": STR,
        }
    ),
}


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    param = {"name": name, "in": "query", "required": False, "schema": schema}
    if description:
        param["description"] = description
    return param


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


PAGING = [
    _query("page", s("integer", minimum=1, default=1)),
    _query("per_page", s("integer", minimum=1, maximum=ATS_PER_PAGE[1], default=ATS_PER_PAGE[0])),
]
SOURCING_PAGING = [
    _query("page", s("integer", minimum=1, default=1)),
    _query("page_size", s("integer", minimum=1, maximum=SOURCING_PAGE_SIZE[1], default=SOURCING_PAGE_SIZE[0])),
]
TIME_QUERY = [_query(n, s("string", format="date-time")) for n in ("created_after", "created_before", "updated_after", "updated_before")]
INCLUDE_DELETED = _query("include_deleted", s("boolean"), "Also return soft-deleted rows (deleted_at set).")
LINK_HEADER = {
    "Link": {
        "description": "RFC 5988 links to the next, previous and last page (Harvest's convention); absent when one page holds everything.",
        "schema": {"type": "string"},
    }
}
X_PAGINATION = {
    "X-Pagination": {
        "description": "JSON: total, total_pages, first_page, last_page, page, previous_page, next_page.",
        "required": True,
        "schema": {"type": "string"},
    }
}


ERROR_DESCRIPTIONS = {
    400: "Bad request (malformed JSON).",
    404: "Not found: the id in the path, or an object the body names, does not exist.",
    409: "Conflict: the records' current state forbids the write.",
    422: "Validation error: a field is missing, of the wrong type or out of range.",
}


def _link(operation_id: str, parameters: dict[str, str], body: dict[str, Any] | None = None) -> dict[str, Any]:
    link: dict[str, Any] = {"operationId": operation_id, "parameters": parameters}
    if body is not None:
        link["requestBody"] = body
    return link


def _errors(*statuses: int, sourcing: bool = False) -> dict[str, Any]:
    body = ref("GemError") if sourcing else ref("HarvestError")
    out: dict[str, Any] = {
        "403": {"description": "Missing or invalid API key (API Gateway).", **_json(ref("GatewayError"))},
        "429": {"description": "Rate limit exceeded (API Gateway).", **_json(ref("GatewayError"))},
    }
    for status in statuses:
        out[str(status)] = {"description": ERROR_DESCRIPTIONS[status], **_json(body)}
    return out


def _list_op(op_id: str, tag: str, item: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": op_id,
            "tags": [tag],
            "parameters": [*PAGING, *params],
            "responses": {
                "200": {"description": "A page (bare array).", "headers": LINK_HEADER, **_json(arr(ref(item)))},
                **_errors(422),
            },
        }
    }


def _get_op(op_id: str, tag: str, item: str, param: str, links: dict[str, Any] | None = None) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "The object.", **_json(ref(item))}
    if links:
        ok["links"] = links
    return {
        "parameters": [_path(param)],
        "get": {"operationId": op_id, "tags": [tag], "responses": {"200": ok, **_errors(404)}},
    }


# After a write to an application, read it (and its candidate) back.
READ_BACK_APPLICATION = {
    "GetApplication": _link("get_applications", {"application_id": "$response.body#/id"}),
    "GetCandidate": _link("get_candidates", {"candidate_id": "$response.body#/candidate_id"}),
}

# From an application to the writes on it: a move starts from the stage it is in.
APPLICATION_WRITES = {
    "MoveFromCurrentStage": _link(
        "move_application",
        {"application_id": "$response.body#/id"},
        {"from_stage_id": "$response.body#/current_stage/id"},
    ),
    "ListStagesOfJob": _link("list_stages_of_job", {"job_id": "$response.body#/jobs/0/id"}),
    "GetCandidate": _link("get_candidates", {"candidate_id": "$response.body#/candidate_id"}),
}


def _enum(name: str, values: tuple[str, ...]) -> dict[str, Any]:
    return _query(name, s("string", enum=list(values)))


def _ats_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    collections = [
        ("users", "User", "user_id", [*TIME_QUERY, _query("email", STR), INCLUDE_DELETED]),
        ("offices", "Office", "office_id", [INCLUDE_DELETED]),
        ("departments", "Department", "department_id", [INCLUDE_DELETED]),
        (
            "jobs",
            "Job",
            "job_id",
            [
                *TIME_QUERY,
                _query("requisition_id", STR),
                _enum("status", JOB_STATUSES),
                _query("department_id", STR),
                _query("office_id", STR),
                INCLUDE_DELETED,
            ],
        ),
        ("job_stages", "JobStage", "job_stage_id", [*TIME_QUERY, INCLUDE_DELETED]),
        (
            "job_posts",
            "JobPost",
            "job_post_id",
            [*TIME_QUERY, _query("live", BOOL), _query("active", BOOL), _query("job_id", STR), INCLUDE_DELETED],
        ),
        (
            "candidates",
            "Candidate",
            "candidate_id",
            [*TIME_QUERY, _query("job_id", STR), _query("email", STR), _query("candidate_ids", STR), INCLUDE_DELETED],
        ),
        (
            "applications",
            "Application",
            "application_id",
            [
                _query("created_after", s("string", format="date-time")),
                _query("created_before", s("string", format="date-time")),
                _query("last_activity_after", s("string", format="date-time")),
                _query("job_id", STR),
                _enum("status", APPLICATION_STATUSES),
                INCLUDE_DELETED,
            ],
        ),
        (
            "scheduled_interviews",
            "ScheduledInterview",
            "interview_id",
            [
                *TIME_QUERY,
                *[_query(n, s("string", format="date-time")) for n in ("starts_after", "starts_before", "ends_after", "ends_before")],
                _query("external_event_id", STR),
                _query("application_id", STR),
                _query("actionable", BOOL),
                INCLUDE_DELETED,
            ],
        ),
    ]
    for name, item, param, params in collections:
        paths[f"{ATS}/{name}/"] = _list_op(f"list_{name}", name, item, params)
        links = APPLICATION_WRITES if name == "applications" else None
        paths[f"{ATS}/{name}/{{{param}}}"] = _get_op(f"get_{name}", name, item, param, links)
    paths[f"{ATS}/sources/"] = _list_op("list_sources", "sources", "Source", [])
    paths[f"{ATS}/jobs/{{job_id}}/stages"] = {
        "parameters": [_path("job_id")],
        "get": {
            "operationId": "list_stages_of_job",
            "tags": ["job_stages"],
            "parameters": [*TIME_QUERY, INCLUDE_DELETED],
            "responses": {"200": {"description": "The job's stages.", **_json(arr(ref("JobStage")))}, **_errors(404, 422)},
        },
    }
    paths[f"{ATS}/applications/{{application_id}}"]["patch"] = {
        "operationId": "patch_application",
        "tags": ["applications"],
        "description": "Set the application's source. 404 when the application or the source does not exist.",
        "requestBody": {"required": True, **_json(obj({"source_id": STR}))},
        "responses": {
            "200": {"description": "The updated application.", **_json(ref("Application")), "links": READ_BACK_APPLICATION},
            **_errors(400, 404, 422),
        },
    }
    paths[f"{ATS}/applications/{{application_id}}/move"] = {
        "parameters": [_path("application_id")],
        "post": {
            "operationId": "move_application",
            "tags": ["applications"],
            "description": (
                "Move an active application to another stage of its job (Harvest's convention; the acting "
                "user goes in user_id). 404 when the application, the user or to_stage_id does not exist; "
                "409 when the application is not active or not in from_stage_id, when to_stage_id is a "
                "stage of another job, or when the user is disabled."
            ),
            "requestBody": {"required": True, **_json(obj({"from_stage_id": STR, "to_stage_id": STR, "user_id": STR}))},
            "responses": {
                "200": {"description": "The moved application.", **_json(ref("Application")), "links": READ_BACK_APPLICATION},
                **_errors(400, 404, 409, 422),
            },
        },
    }
    paths[f"{ATS}/candidates/{{candidate_id}}/activity_feed"] = {
        "parameters": [_path("candidate_id")],
        "get": {
            "operationId": "get_activity_feed",
            "tags": ["candidates"],
            "responses": {"200": {"description": "Notes, emails and activities.", **_json(ref("ActivityFeed"))}, **_errors(404)},
        },
    }
    note_body = obj({"user_id": STR, "body": s("string", maxLength=NOTE_MAX, pattern=NOT_BLANK_PATTERN)})
    note_body["properties"]["visibility"] = s("string", enum=["public", "private"])
    paths[f"{ATS}/candidates/{{candidate_id}}/activity_feed/notes"] = {
        "parameters": [_path("candidate_id")],
        "post": {
            "operationId": "add_candidate_note",
            "tags": ["candidates"],
            "description": "404 when the candidate or the user does not exist; 409 when the user is disabled.",
            "requestBody": {"required": True, **_json(note_body)},
            "responses": {
                "201": {
                    "description": "The note.",
                    **_json(ref("Note")),
                    "links": {
                        "GetActivityFeed": _link("get_activity_feed", {"candidate_id": "$request.path.candidate_id"}),
                        "GetCandidate": _link("get_candidates", {"candidate_id": "$request.path.candidate_id"}),
                    },
                },
                **_errors(400, 404, 409, 422),
            },
        },
    }
    paths[f"{ATS}/attachments/{{attachment_id}}/download"] = {
        "parameters": [_path("attachment_id"), {"name": "token", "in": "query", "required": True, "schema": STR}],
        "get": {
            "operationId": "download_attachment",
            "tags": ["attachments"],
            "security": [],
            "description": "The file behind candidate.attachments[].url: signed, no API key needed.",
            "responses": {
                "200": {"description": "The file.", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
                "403": {"description": "Bad signature.", **_json(ref("GatewayError"))},
                "404": {"description": "No such file.", **_json(ref("HarvestError"))},
                "422": {"description": "Invalid query.", **_json(ref("HarvestError"))},
            },
        },
    }
    return paths


def _sourcing_paths() -> dict[str, Any]:
    def page(schema: str) -> dict[str, Any]:
        return {"description": "A page (bare array).", "headers": X_PAGINATION, **_json(arr(ref(schema)))}

    unix = s("integer", minimum=0, maximum=MAX_UNIX)
    return {
        "/v0/users": {
            "get": {
                "operationId": "sourcing_list_users",
                "tags": ["sourcing"],
                "parameters": [*SOURCING_PAGING, _query("email", STR)],
                "responses": {"200": page("SourcingUser"), **_errors(422, sourcing=True)},
            }
        },
        "/v0/candidates": {
            "get": {
                "operationId": "sourcing_list_candidates",
                "tags": ["sourcing"],
                "parameters": [
                    *SOURCING_PAGING,
                    _query("created_after", unix),
                    _query("created_before", unix),
                    _query("updated_after", unix),
                    _query("sort", s("string", enum=["asc", "desc"])),
                    _query("email", STR),
                    _query(
                        "candidate_ids",
                        s("string", pattern=f"^[^,]*(,[^,]*){{0,{CANDIDATE_IDS_MAX - 1}}}$"),
                        f"Comma-separated ids, at most {CANDIDATE_IDS_MAX} items.",
                    ),
                ],
                "responses": {"200": page("SourcingCandidate"), **_errors(422, sourcing=True)},
            }
        },
        "/v0/candidates/{candidate_id}": {
            "parameters": [_path("candidate_id")],
            "get": {
                "operationId": "sourcing_get_candidate",
                "tags": ["sourcing"],
                "responses": {"200": {"description": "The candidate.", **_json(ref("SourcingCandidate"))}, **_errors(404, sourcing=True)},
            },
        },
        "/v0/candidates/{candidate_id}/uploaded_resumes": {
            "parameters": [_path("candidate_id")],
            "get": {
                "operationId": "sourcing_list_uploaded_resumes",
                "tags": ["sourcing"],
                "parameters": SOURCING_PAGING,
                "responses": {"200": page("UploadedResume"), **_errors(404, 422, sourcing=True)},
            },
        },
        "/v0/candidates/{candidate_id}/uploaded_resumes/{user_id}": {
            "parameters": [_path("candidate_id"), _path("user_id")],
            "post": {
                "operationId": "sourcing_upload_resume",
                "tags": ["sourcing"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["resume_file"],
                                "properties": {"resume_file": {"type": "string", "format": "binary"}},
                            },
                            # The file's name decides its kind; a name without an extension is
                            # taken by the part's declared type.
                            "encoding": {"resume_file": {"contentType": ", ".join(RESUME_TYPES.values())}},
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "The uploaded resume.",
                        **_json(ref("UploadedResume")),
                        "links": {
                            "ListUploadedResumes": _link(
                                "sourcing_list_uploaded_resumes", {"candidate_id": "$response.body#/candidate_id"}
                            ),
                        },
                    },
                    **_errors(400, 404, 422, sourcing=True),
                },
            },
        },
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Gem API (atsbox mock)",
            "version": "v0",
            "description": "Gem's ATS API (/ats/v0/, Greenhouse-Harvest-shaped) and the sourcing API pieces (/v0/) the mock emulates.",
        },
        "servers": [{"url": "/gem"}],
        "security": [{"ApiKey": []}],
        "paths": {**_ats_paths(), **_sourcing_paths()},
        "components": {
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
            "schemas": SCHEMAS,
        },
    }
