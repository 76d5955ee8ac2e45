"""The OpenAPI 3 document of exactly the Personio endpoints the mock emulates.

It follows Personio's own files where they describe an operation (api-docs
``personio-recruiting-api.yaml`` for the XML feed and Recruiting v1, the developer hub's
"Recruiting (Beta)" v2 pages, ``common-components-v2.json`` for pagination and errors), so
a client generated from Personio's documents works against the sandbox unchanged. Where
those files leave a gap the schema says what the mock sends (our decisions, listed in
docs/vendors/personio.md): the v2 object shapes, the v2 error envelope as observed live
(``personio_trace_id``), bodies on the v1 401/429 answers, and ``ppt`` beside REC1's
misspelt ``ptt`` extension. The career site's HTML pages are described too; the
sandbox-only ``/_sandbox`` read is not.
"""

from __future__ import annotations

from typing import Any

from .documents import CATEGORIES, EXTENSIONS
from .listing import DEFAULT_LIMIT, MAX_LIMIT
from .phases import SYSTEM_PHASES
from .xml_feed import LANGUAGES


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


STR = {"type": "string"}
ID = {"type": "string", "example": "495039"}
DATE = {"type": "string", "format": "date"}
TIME = {"type": "string", "format": "date-time"}

COMPANY_HEADER = {
    "name": "X-Company-ID",
    "in": "header",
    "required": True,
    "description": "Your company's Personio id.",
    "schema": {"type": "string"},
}
PARTNER_HEADERS = [
    {
        "name": "X-Personio-Partner-ID",
        "in": "header",
        "required": False,
        "description": "The partner identifier.",
        "schema": STR,
    },
    {
        "name": "X-Personio-App-ID",
        "in": "header",
        "required": False,
        "description": "The application identifier.",
        "schema": STR,
    },
]
BETA_HEADER = {
    "name": "Beta",
    "in": "header",
    "required": False,
    "description": "Required while the endpoints were in beta; accepted and ignored.",
    "schema": {"type": "string", "example": "true"},
}
LIMIT = {
    "in": "query",
    "name": "limit",
    "required": False,
    "description": f"The amount of resources per page, between 1 and {MAX_LIMIT}.",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
}
CURSOR = {
    "in": "query",
    "name": "cursor",
    "required": False,
    "description": "The cursor of the next page, from `_meta.links.next.href`. Without it, the first page.",
    "schema": {"type": "string", "example": "cur_82sQwR2eZvKilo2duNh219Kw"},
}
UPDATED = [
    {
        "in": "query",
        "name": f"updated_at.{op}",
        "required": False,
        "description": f"Only resources updated {word} this time. Cannot be combined with updated_at.{other}.",
        "schema": TIME,
    }
    for op, word, other in (("gt", "after", "lt"), ("lt", "before", "gt"))
]


def _v1_errors() -> dict[str, Any]:
    field_error = _obj(
        {
            "field": {
                "type": "string",
                "description": "Location of the error; unique in the `errors` array.",
            },
            "errors": {
                "type": "array",
                "items": _obj(
                    {"reason": {"type": "string"}, "context": {"type": "object"}},
                    ["reason"],
                ),
            },
        },
        ["field", "errors"],
    )
    generic_error = _obj(
        {
            "id": {"type": "string", "format": "uuid"},
            "status": {"type": "string", "description": "HTTP status code"},
            "title": STR,
            "detail": STR,
        },
        ["id", "status", "title"],
    )
    return _obj({"errors": {"type": "array", "items": {"oneOf": [field_error, generic_error]}}}, ["errors"])


SCHEMAS: dict[str, Any] = {
    "submit_application": _obj(
        {
            "first_name": {"type": "string", "minLength": 1, "example": "John"},
            "last_name": {"type": "string", "minLength": 1, "example": "Doe"},
            "email": {"type": "string", "format": "email", "example": "john.doe@email.com"},
            "job_position_id": {"type": "integer", "example": 123},
            "recruiting_channel_id": {"type": "integer", "example": 456},
            "external_posting_id": STR,
            "message": STR,
            "application_date": {**DATE, "description": "It cannot be a date in the future."},
            "phase": _obj(
                {
                    "type": {"type": "string", "enum": ["system", "custom"]},
                    "id": {
                        "oneOf": [{"type": "string"}, {"type": "integer"}],
                        "description": "System phases: "
                        + ", ".join(SYSTEM_PHASES)
                        + "; custom phases: an integer.",
                    },
                },
                ["type", "id"],
                description="An invalid custom phase lands the application in `unassigned`.",
            ),
            "tags": {"type": "array", "items": STR, "description": "Non-existing tags will be created."},
            "files": {
                "type": "array",
                "items": _obj(
                    {
                        "uuid": {"type": "string", "format": "uuid"},
                        "original_filename": STR,
                        "category": {"type": "string", "enum": list(CATEGORIES)},
                    },
                    ["uuid", "original_filename", "category"],
                ),
            },
            "attributes": {
                "type": "array",
                "items": _obj({"id": STR, "value": STR}, ["id", "value"]),
            },
        },
        ["first_name", "last_name", "email", "job_position_id"],
    ),
    "uploaded_document": _obj(
        {
            "uuid": {"type": "string", "format": "uuid"},
            "size": {"type": "integer"},
            "mimetype": STR,
            "original_filename": STR,
            "extension": {"type": "string", "enum": [*EXTENSIONS, "ptt"]},
        },
        ["uuid", "size", "mimetype", "original_filename", "extension"],
    ),
    "error_response": _v1_errors(),
    "ErrorResponse": _obj(
        {
            "personio_trace_id": STR,
            "timestamp": TIME,
            "errors": {
                "type": "array",
                "items": _obj(
                    {
                        "title": STR,
                        "detail": STR,
                        "type": {"type": "string", "format": "uri"},
                        "_meta": {"type": "object"},
                    },
                    ["title", "detail"],
                ),
            },
            "error": {"type": "string", "description": "OAuth error code (token endpoint only)."},
            "error_description": {"type": "string", "description": "OAuth error text (token endpoint only)."},
        },
        ["personio_trace_id", "timestamp", "errors"],
    ),
    "AccessToken": _obj(
        {
            "access_token": STR,
            "token_type": {"type": "string", "enum": ["Bearer"]},
            "expires_in": {"type": "integer"},
            "scope": STR,
        },
        ["access_token", "token_type", "expires_in", "scope"],
    ),
    "DateTimeWithTimezone": _obj({"date-time": TIME, "timezone": STR}, ["date-time", "timezone"]),
    "Reference": _obj({"id": ID, "name": STR}, ["id", "name"]),
    "Stage": _obj(
        {
            "id": _nullable(STR),
            "name": _nullable(STR),
            "type": {"type": "string", "enum": ["SYSTEM", "CUSTOM"]},
            "kind": {"type": "string", "enum": [p.upper() for p in SYSTEM_PHASES] + ["CUSTOM"]},
        },
        ["id", "name", "type", "kind"],
    ),
    "HiringTeamMember": _obj(
        {"person": _obj({"id": ID}, ["id"]), "role": _obj({"name": STR}, ["name"])}, ["person", "role"]
    ),
    "Job": _obj(
        {
            "id": ID,
            "name": STR,
            "department": _nullable(_ref("Reference")),
            "category": _nullable(_ref("Reference")),
            "hiring_team": {"type": "array", "items": _ref("HiringTeamMember")},
            "company": _obj({"id": ID}, ["id"]),
            "created_at": _ref("DateTimeWithTimezone"),
            "updated_at": _ref("DateTimeWithTimezone"),
        },
        ["id", "name", "department", "category", "hiring_team", "company", "created_at", "updated_at"],
    ),
    "Candidate": _obj(
        {
            "id": ID,
            "first_name": STR,
            "last_name": STR,
            "email": _nullable(STR),
            "gender": {"type": "string", "enum": ["male", "female", "diverse", "undefined"]},
            "phone": STR,
            "location": STR,
            "birthday": STR,
            "linkedin_profile": STR,
            "available_from": STR,
            "applications": {
                "type": "array",
                "items": _obj({"id": ID, "application_date": DATE}, ["id", "application_date"]),
            },
            "created_at": TIME,
            "updated_at": TIME,
        },
        ["id", "first_name", "last_name", "email", "applications", "created_at", "updated_at"],
    ),
    "Application": _obj(
        {
            "id": ID,
            "application_date": DATE,
            "candidate": _obj(
                {
                    "id": ID,
                    "email": _nullable(STR),
                    "first_name": _nullable(STR),
                    "last_name": _nullable(STR),
                    "gender": STR,
                },
                ["id", "email", "first_name", "last_name"],
            ),
            "job": _obj(
                {
                    "id": ID,
                    "name": _nullable(STR),
                    "department": _nullable(_ref("Reference")),
                    "category": _nullable(_ref("Reference")),
                },
                ["id", "name", "department", "category"],
            ),
            "current_stage": _ref("Stage"),
            "channel": _nullable(_obj({"id": ID, "name": _nullable(STR)}, ["id", "name"])),
            "hiring_team": {"type": "array", "items": _ref("HiringTeamMember")},
            "is_anonymized": {"type": "boolean"},
            "created_at": _ref("DateTimeWithTimezone"),
            "updated_at": _ref("DateTimeWithTimezone"),
        },
        [
            "id",
            "application_date",
            "candidate",
            "job",
            "current_stage",
            "channel",
            "hiring_team",
            "is_anonymized",
            "created_at",
            "updated_at",
        ],
    ),
    "StageTransition": _obj(
        {"entered_at": _ref("DateTimeWithTimezone"), "stage": _ref("Stage")}, ["entered_at", "stage"]
    ),
    "Category": _obj(
        {
            "id": ID,
            "name": STR,
            "company": _obj({"id": ID}, ["id"]),
            "stages": {"type": "array", "items": _ref("Stage")},
        },
        ["id", "name", "company"],
    ),
    "Links": _obj(
        {"self": _obj({"href": STR}, ["href"]), "next": _obj({"href": STR}, ["href"])},
        ["self"],
    ),
}
for _name in ("Application", "Candidate", "Job", "Category", "StageTransition"):
    SCHEMAS[f"{_name}List"] = _obj(
        {
            "_data": {"type": "array", "items": _ref(_name)},
            "_meta": _obj({"links": _ref("Links")}, ["links"]),
        },
        ["_data", "_meta"],
    )


def _json_response(description: str, schema: str, media: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": _ref(schema)}}}


def _v1_error(description: str) -> dict[str, Any]:
    return _json_response(description, "error_response")


def _v2_error(description: str) -> dict[str, Any]:
    return _json_response(description, "ErrorResponse", "application/problem+json")


V1_UNAUTHORIZED = _v1_error(
    "Unauthorized - The API token and/or company id was not recognized. Please provide a valid API token "
    "as value of an `Authorization` header, like `Bearer api-token-value`."
)
V1_RATE_LIMITED = _v1_error("Too Many Requests - 20 requests per 60 seconds per company.")
V2_COMMON = {
    "400": _v2_error("Invalid parameters (limit, cursor, updated_at filters)."),
    "401": _v2_error("Missing, invalid or expired access token."),
    "403": _v2_error("The access token lacks the scope `personio:recruiting:read`."),
    "429": _v2_error("Too many requests."),
}


def _v2_read(
    summary: str,
    operation_id: str,
    schema: str,
    params: list[dict[str, Any]],
    *,
    one: bool = False,
    links: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A v2 read; `links` name operations whose `id` is a listed item's or this object's id
    (OpenAPI links, for stateful tests)."""
    responses: dict[str, Any] = {"200": _json_response("Successful response.", schema), **V2_COMMON}
    if one:
        responses["404"] = _v2_error("Not found.")
    source = "$response.body#/id" if one else "$response.body#/_data/0/id"
    if links:
        responses["200"]["links"] = {
            name: {"operationId": target, "parameters": {"id": source}} for name, target in links.items()
        }
    return {
        "get": {
            "tags": ["Recruiting v2"],
            "summary": summary,
            "operationId": operation_id,
            "description": "The endpoint requires the `personio:recruiting:read` scope.",
            "security": [{"BearerAuth": []}],
            "parameters": [*params, BETA_HEADER],
            "responses": responses,
        }
    }


def _id_param(name: str, what: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": f"ID of {what}.", "schema": ID}


def _career_site_paths() -> dict[str, Any]:
    career_server = [
        {
            "url": "https://{YOUR_COMPANY}.jobs.personio.de",
            "description": "Career Site URL (in the sandbox also /personio/jobs/{YOUR_COMPANY})",
            "variables": {"YOUR_COMPANY": {"default": "personio", "description": "Company hostname."}},
        }
    ]
    language = {
        "in": "query",
        "name": "language",
        "required": True,
        "description": "Language code; without it (as many clients send it) the feed is German.",
        "schema": {"type": "string", "enum": list(LANGUAGES)},
    }
    html = {"text/html": {"schema": {"type": "string"}}}
    job_id = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    paths: dict[str, Any] = {
        "/xml": {
            "get": {
                "servers": career_server,
                "tags": ["XML"],
                "summary": "Retrieve open positions",
                "operationId": "get_xml",
                "description": "The job positions XML feed from the company career site: root `workzag-jobs`, "
                "one `position` per published job.",
                # REC1 declares the v1 headers on the feed too; the public feed needs none of them.
                "parameters": [language, COMPANY_HEADER, *PARTNER_HEADERS],
                "responses": {
                    "200": {
                        "description": "The feed.",
                        "content": {"application/xml": {"schema": _obj({}, xml={"name": "workzag-jobs"})}},
                    }
                },
            }
        },
    }
    for path, summary, operation_id in (
        ("/job/{job_id}", "The public job page", "get_job_page"),
        ("/job/{job_id}/apply", "The job's application form (its screening questions)", "get_apply_page"),
    ):
        paths[path] = {
            "get": {
                "servers": career_server,
                "tags": ["Career site"],
                "summary": summary,
                "operationId": operation_id,
                "parameters": [job_id, {**language, "required": False}],
                "responses": {
                    "200": {"description": "HTML page.", "content": html},
                    "404": {"description": "No such published job.", "content": html},
                },
            }
        }
    return paths


def _v1_paths() -> dict[str, Any]:
    common = [COMPANY_HEADER, *PARTNER_HEADERS]
    return {
        "/v1/recruiting/applications": {
            "parameters": common,
            "post": {
                "tags": ["Application"],
                "summary": "Creating applications in Personio",
                "operationId": "post_v1_recruiting_applications",
                "security": [{"RecruitingToken": []}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("submit_application")}},
                },
                "responses": {
                    "201": {"description": "Created - Application was created successfully."},
                    "400": _v1_error("Bad Request - Check body for details."),
                    "401": V1_UNAUTHORIZED,
                    "403": _v1_error("Forbidden - Your company does not have access to a feature used."),
                    "413": _v1_error("Payload Too Large."),
                    "429": V1_RATE_LIMITED,
                    "500": _v1_error("Internal Server Error."),
                },
            },
        },
        "/v1/recruiting/applications/documents": {
            "parameters": common,
            "post": {
                "tags": ["Application Documents"],
                "summary": "Upload documents to be attached to applications",
                "operationId": "post_v1_recruiting_applications_documents",
                "security": [{"RecruitingToken": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": _obj(
                                {
                                    "file": {
                                        "type": "string",
                                        "format": "binary",
                                        "description": "The file to be uploaded. Maximum file size: 20MB. One of: "
                                        + ", ".join(EXTENSIONS),
                                    }
                                },
                                ["file"],
                            )
                        }
                    },
                },
                "responses": {
                    "200": _json_response("OK", "uploaded_document"),
                    "401": V1_UNAUTHORIZED,
                    "403": _v1_error("Forbidden."),
                    "413": _v1_error("Payload Too Large - Your document exceeded the size limit."),
                    "422": _v1_error("Unprocessable Entity - The document could not be processed."),
                    "429": V1_RATE_LIMITED,
                    "500": _v1_error("Internal Server Error."),
                },
            },
        },
    }


def _v2_paths() -> dict[str, Any]:
    base = "/v2/recruiting"
    token_form = _obj(
        {
            "grant_type": {"type": "string", "enum": ["client_credentials"]},
            "client_id": STR,
            "client_secret": STR,
            "scope": STR,
        },
        ["grant_type", "client_id", "client_secret"],
    )
    return {
        "/v2/auth/token": {
            "post": {
                "tags": ["Authentication"],
                "summary": "Request an access token (client credentials)",
                "operationId": "post_v2_auth_token",
                "requestBody": {
                    "required": True,
                    "content": {"application/x-www-form-urlencoded": {"schema": token_form}},
                },
                "responses": {
                    "200": _json_response("The access token.", "AccessToken"),
                    "400": _v2_error("Missing parameters, unsupported grant type or invalid scope."),
                    "401": _v2_error("Invalid client credentials."),
                    "429": _v2_error("150 requests per minute, then one per second."),
                },
            }
        },
        f"{base}/applications": _v2_read(
            "List all applications.",
            "get_v2_recruiting_applications",
            "ApplicationList",
            [
                LIMIT,
                CURSOR,
                *UPDATED,
                {"in": "query", "name": "candidate.email", "required": False, "schema": STR},
            ],
        ),
        f"{base}/applications/{{id}}": _v2_read(
            "Retrieve an application by ID.",
            "get_v2_recruiting_applications_by_id",
            "Application",
            [_id_param("id", "application")],
            one=True,
        ),
        f"{base}/applications/{{id}}/stage-transitions": _v2_read(
            "List all application stage transitions for an application ID (latest first).",
            "get_v2_recruiting_applications_by_id_stage_transitions",
            "StageTransitionList",
            [_id_param("id", "the application"), LIMIT, CURSOR],
            one=True,
        ),
        f"{base}/candidates": _v2_read(
            "List all candidates.",
            "get_v2_recruiting_candidates",
            "CandidateList",
            [LIMIT, CURSOR, *UPDATED, {"in": "query", "name": "email", "required": False, "schema": STR}],
            links={"GetCandidate": "get_v2_recruiting_candidates_by_id"},
        ),
        f"{base}/candidates/{{id}}": _v2_read(
            "Retrieve a candidate by ID.",
            "get_v2_recruiting_candidates_by_id",
            "Candidate",
            [_id_param("id", "candidate")],
            one=True,
        ),
        f"{base}/jobs": _v2_read(
            "List all jobs.",
            "get_v2_recruiting_jobs",
            "JobList",
            [LIMIT, CURSOR],
            links={"GetJob": "get_v2_recruiting_jobs_by_id"},
        ),
        f"{base}/jobs/{{id}}": _v2_read(
            "Retrieve a job by ID.", "get_v2_recruiting_jobs_by_id", "Job", [_id_param("id", "job")], one=True
        ),
        f"{base}/categories": _v2_read(
            "List all job categories.",
            "get_v2_recruiting_categories",
            "CategoryList",
            [LIMIT, CURSOR],
            links={"GetCategory": "get_v2_recruiting_categories_by_id"},
        ),
        f"{base}/categories/{{id}}": _v2_read(
            "Retrieve a job category by ID.",
            "get_v2_recruiting_categories_by_id",
            "Category",
            [_id_param("id", "job category")],
            one=True,
        ),
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Personio Recruiting (atsbox sandbox)",
            "version": "1.0",
            "description": "The public XML job feed and career pages, the write-only Recruiting API v1 and the "
            "read-only Recruiting API v2 with its OAuth2 token endpoint, as the atsbox sandbox emulates them.",
        },
        "servers": [
            {"url": "/personio", "description": "This sandbox"},
            {"url": "https://api.personio.de", "description": "Personio"},
        ],
        "paths": {**_career_site_paths(), **_v1_paths(), **_v2_paths()},
        "components": {
            "securitySchemes": {
                "RecruitingToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The Recruiting API key (Settings > Integrations > API Credentials), "
                    "together with the X-Company-ID header.",
                },
                "BearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "An access token from POST /v2/auth/token.",
                },
            },
            "schemas": SCHEMAS,
        },
    }
