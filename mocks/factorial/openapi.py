"""The OpenAPI 3.0 document of exactly what the Factorial mock emulates.

Served at `/factorial/openapi.json`. It follows Factorial's own document (2026-10-01) where
that one speaks and says what the mock does where it is silent: error statuses and bodies
(errors.py), the OAuth endpoints, the CV upload (`cv` on apply/create and `attach_cv`), and
`limit`/`page` paging (Factorial's document declares no paging parameters; the cursors
`after_id`/`before_id` are described, not declared, since they only take the opaque values
of `meta`). Ids are integers up to version 2026-04-01 and strings from 2026-07-01, so every
id is "an integer or a decimal string". Optional request fields are nullable: like a Rails
API, the mock reads null as "not given".
"""

from __future__ import annotations

from typing import Any

from .ids import ID_PATTERN, MAX_ID
from .routes.applications import AUTHOR_TYPES
from .routes.candidates import EMAIL_PATTERN, GENDERS
from .routes.job_postings import (
    CATEGORIES,
    CONTRACT_TYPES,
    REQUIREMENT_FIELDS,
    REQUIREMENTS,
    SALARY_FORMATS,
    SALARY_PERIODS,
    SCHEDULES,
    STATUSES,
    WORKPLACES,
)
from .routes.questions import ANSWER_TYPES, QUESTION_TYPES
from .versions import SUPPORTED

API = "/api/{version}/resources"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
NOT_BLANK = r"\S"
BASE64 = r"^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


# --- schema helpers -----------------------------------------------------------------------


def s(type_: str, *, nullable: bool = False, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type_, **extra}
    if nullable:
        out["nullable"] = True
    return out


def ref(name: str, *, nullable: bool = False) -> dict[str, Any]:
    if nullable:
        return {"allOf": [{"$ref": f"#/components/schemas/{name}"}], "nullable": True}
    return {"$ref": f"#/components/schemas/{name}"}


def arr(items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": items, **extra}


def enum(values: tuple[str, ...], *, nullable: bool = False) -> dict[str, Any]:
    return s("string", nullable=nullable, enum=list(values) + ([None] if nullable else []))


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """An object whose `required` keys are always there; `optional` ones may be absent."""
    out: dict[str, Any] = {"type": "object", "properties": {**required, **(optional or {})}}
    if required:
        out["required"] = sorted(required)
    return out


def body(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """A request body: optional fields also take null."""
    loose = {k: _nullable(v) for k, v in (optional or {}).items()}
    return obj(required, loose)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    if "enum" in schema:
        return {**schema, "nullable": True, "enum": [*schema["enum"], None]}
    return {**schema, "nullable": True}


ID = {"anyOf": [s("integer", minimum=1, maximum=MAX_ID), s("string", pattern=ID_PATTERN)]}
NID = {**ID, "nullable": True}
STR, NSTR = s("string"), s("string", nullable=True)
TEXT = s("string", pattern=NOT_BLANK)
BOOL, NBOOL = s("boolean"), s("boolean", nullable=True)
INT, NINT = s("integer"), s("integer", nullable=True)
TIME, NTIME = s("string", format="date-time"), s("string", nullable=True, format="date-time")

# --- response objects ---------------------------------------------------------------------

SCHEMAS: dict[str, Any] = {
    "Meta": obj(
        {
            "has_next_page": BOOL,
            "has_previous_page": BOOL,
            "start_cursor": NSTR,
            "end_cursor": NSTR,
            "total": INT,
            "limit": INT,
        }
    ),  # fmt: skip
    "Error": obj({"errors": arr(obj({"code": STR, "message": STR}, {"field": STR}), minItems=1)}),
    "OAuthError": obj({"error": STR, "error_description": STR}),
    "Token": obj(
        {
            "access_token": STR,
            "token_type": enum(("Bearer",)),
            "refresh_token": STR,
            "scope": STR,
            "created_at": INT,
        },
        {"expires_in": INT},
    ),  # fmt: skip
    "JobPosting": obj(
        {
            "id": ID,
            "company_id": ID,
            "ats_company_id": ID,
            "title": STR,
            "description": NSTR,
            "contract_type": enum(CONTRACT_TYPES, nullable=True),
            "category": enum(CATEGORIES, nullable=True),
            "workplace_type": enum(WORKPLACES, nullable=True),
            "remote": BOOL,
            "status": enum(STATUSES),
            "schedule_type": enum(SCHEDULES, nullable=True),
            "team_id": NID,
            "location_id": NID,
            "legal_entity_id": NID,
            "salary_format": enum(SALARY_FORMATS, nullable=True),
            "salary_from_amount_in_cents": NINT,
            "salary_to_amount_in_cents": NINT,
            "salary_period": enum(SALARY_PERIODS),
            "hide_salary": NBOOL,
            **{k: enum(REQUIREMENTS) for k in REQUIREMENT_FIELDS},
            "url": NSTR,
            "published_at": NTIME,
            "created_at": TIME,
        }
    ),  # fmt: skip
    "Candidate": obj(
        {
            "id": ID,
            "company_id": NID,
            "first_name": STR,
            "last_name": STR,
            "full_name": STR,
            "email": NSTR,
            "phone_number": NSTR,
            "talent_pool": BOOL,
            "created_at": TIME,
            "updated_at": TIME,
            "consent_given_at": NSTR,
            "consent_expiration_date": NSTR,
            "inactive_since": NSTR,
            "consent_to_talent_pool": NBOOL,
            "ats_job_posting_ids": arr(ID),
            "personal_url": NSTR,
            "source_id": NID,
            "medium": NSTR,
            "gender": enum(GENDERS, nullable=True),
            "score": s("number", nullable=True),
        }
    ),  # fmt: skip
    "Cv": obj({"filename": STR, "url": STR, "byte_size": INT, "content_type": STR}, {"created_at": NTIME}),
    "Application": obj(
        {
            "id": ID,
            "company_id": ID,
            "ats_job_posting_id": ID,
            "ats_candidate_id": ID,
            "created_at": TIME,
            "employee_id": NID,
            "phone": NSTR,
            "qualified": NBOOL,
            "ats_application_phase_id": NID,
            "cover_letter": NSTR,
            "ats_conversation_id": NID,
            "medium": NSTR,
            "rating_average": NINT,
            "ats_rejection_reason_id": NID,
            "source_id": NID,
        },
        {"cv": ref("Cv")},
    ),  # fmt: skip
    "ApplicationPhase": obj(
        {
            "id": ID,
            "ats_job_posting_id": ID,
            "name": STR,
            "position": INT,
            "editable": BOOL,
            "phase_type": enum(
                ("initial", "normal", "screening", "interview", "assessment", "offer", "hired")
            ),
            "applications_count": NINT,
            "active_applications_count": NINT,
            "ats_hiring_stage_id": NID,
        }
    ),  # fmt: skip
    "HiringStage": obj(
        {
            "id": ID,
            "company_id": ID,
            "label": STR,
            "position": INT,
            "name": enum(("new", "screening", "interview", "assessment", "offer", "hired")),
        }
    ),  # fmt: skip
    "Question": obj(
        {
            "id": ID,
            "ats_job_posting_id": ID,
            "label": STR,
            "position": INT,
            "mandatory": BOOL,
            "auto_disqualify": BOOL,
            "question_type": enum(QUESTION_TYPES),
            "created_at": TIME,
            "updated_at": TIME,
        },
        {"options": arr(obj({"text": STR}, {"disqualifies": BOOL}))},
    ),  # fmt: skip
    "Answer": obj(
        {
            "id": ID,
            "ats_application_id": ID,
            "ats_question_id": NID,
            "original_question_label": STR,
            "original_question_type": enum(QUESTION_TYPES),
            "value": NSTR,
            "created_at": TIME,
            "updated_at": TIME,
        }
    ),  # fmt: skip
    "CandidateSource": obj(
        {
            "id": ID,
            "company_id": ID,
            "name": STR,
            "label": STR,
            "category": enum(
                (
                    "job_board",
                    "agency_or_external_recruiter",
                    "event",
                    "social_media",
                    "referral",
                    "internal",
                    "manually_added",
                    "organic",
                    "system",
                )
            ),
        }
    ),  # fmt: skip
    "RejectionReason": obj(
        {
            "id": ID,
            "company_id": ID,
            "decision_maker": enum(("company", "candidate")),
            "reason": STR,
            "created_at": TIME,
            "updated_at": TIME,
        }
    ),  # fmt: skip
    "Team": obj(
        {
            "id": ID,
            "name": STR,
            "company_id": ID,
            "description": NSTR,
            "avatar": NSTR,
            "employee_ids": arr(ID),
            "lead_ids": arr(ID),
            "depth": NINT,
            "parent_team_id": NID,
        }
    ),  # fmt: skip
    "Location": obj(
        {
            "id": ID,
            "company_id": ID,
            "name": STR,
            "main": BOOL,
            "timezone": NSTR,
            "country": NSTR,
            "state": NSTR,
            "city": NSTR,
            "address_line_1": NSTR,
            "address_line_2": NSTR,
            "postal_code": NSTR,
            "phone_number": NSTR,
            "latitude": s("number", nullable=True),
            "longitude": s("number", nullable=True),
            "radius": s("number", nullable=True),
            "siret": NSTR,
        }
    ),  # fmt: skip
    "CustomField": obj(
        {
            "id": ID,
            "label_text": STR,
            "position": NINT,
            "required": NBOOL,
            "min_value": NINT,
            "max_value": NINT,
            "legal_entity_name": NSTR,
            "legal_entity_id": NID,
            "slug": NSTR,
            "field_type": enum(
                (
                    "cents",
                    "checkbox",
                    "date",
                    "long_text",
                    "money",
                    "multiple_choice",
                    "rating",
                    "single_choice",
                    "text",
                )
            ),
        }
    ),  # fmt: skip
    "CustomFieldValue": obj(
        {
            "id": ID,
            "custom_field_identifier": STR,
            "valuable_id": ID,
            "field_id": ID,
            "valuable_type": STR,
            "value": NSTR,
            "long_text_value": NSTR,
            "date_value": NSTR,
            "single_choice_value": NSTR,
            "cents_value": NINT,
            "label": NSTR,
            "required": NBOOL,
            "usage_group_id": NID,
            "usage_group_slug": NSTR,
            "updated_at": NTIME,
        }
    ),  # fmt: skip
}

# --- request bodies -----------------------------------------------------------------------

CV_UPLOAD = obj({"filename": TEXT, "content_type": TEXT, "data": s("string", pattern=BASE64)})
ANSWER_IN = obj({"ats_question_id": ID, "value": {}})
JOB_ATTRIBUTES = {
    "description": STR, "contract_type": enum(CONTRACT_TYPES), "category": enum(CATEGORIES),
    "workplace_type": enum(WORKPLACES), "schedule_type": enum(SCHEDULES), "team_id": ID, "location_id": ID,
    "salary_format": enum(SALARY_FORMATS), "salary_from_amount_in_cents": s("integer", minimum=0),
    "salary_to_amount_in_cents": s("integer", minimum=0), "salary_period": enum(SALARY_PERIODS),
}  # fmt: skip
REQUIREMENT_PROPS = {k: enum(REQUIREMENTS) for k in REQUIREMENT_FIELDS}
APPLICANT = {"phone": STR, "source": STR, "medium": STR, "cover_letter": STR, "consent_to_talent_pool": BOOL,
             "answers": arr(ANSWER_IN), "cv": CV_UPLOAD}  # fmt: skip
EMAIL = s("string", pattern=EMAIL_PATTERN)

BODIES: dict[str, Any] = {
    "JobPostingCreate": body({"title": TEXT, "status": enum(STATUSES), **REQUIREMENT_PROPS}, JOB_ATTRIBUTES),
    "JobPostingUpdate": body(
        {"id": ID}, {"title": TEXT, "status": enum(STATUSES), **REQUIREMENT_PROPS, **JOB_ATTRIBUTES}
    ),
    "IdOnly": body({"id": ID}),
    "CandidateCreate": body(
        {"first_name": TEXT, "last_name": TEXT, "company_id": ID},
        {
            "email": EMAIL,
            "talent_pool": BOOL,
            "consent_given_at": STR,
            "source": STR,
            "medium": STR,
            "phone_number": STR,
            "personal_url": STR,
            "gender": enum(GENDERS),
        },
    ),  # fmt: skip
    "CandidateUpdate": body(
        {"id": ID},
        {
            "email": EMAIL,
            "first_name": TEXT,
            "last_name": TEXT,
            "talent_pool": BOOL,
            "consent_given_at": STR,
            "phone_number": STR,
            "personal_url": STR,
        },
    ),  # fmt: skip
    "ApplicationCreate": body(
        {"ats_job_posting_id": ID, "ats_candidate_id": ID},
        {"author_id": ID, "author_type": enum(AUTHOR_TYPES), "ats_application_phase_id": ID, **APPLICANT},
    ),
    "Apply": body(
        {"first_name": TEXT, "last_name": TEXT, "email": EMAIL, "ats_job_posting_id": ID},
        {"company_id": ID, "gender": enum(GENDERS), **APPLICANT},
    ),
    "ApplicationUpdate": body(
        {"id": ID},
        {
            "author_id": ID,
            "author_type": enum(AUTHOR_TYPES),
            "qualified": BOOL,
            "ats_application_phase_id": ID,
            "disqualified_reason": STR,
            "phone": STR,
            "ats_rejection_reason_id": ID,
            "source": STR,
            "source_id": ID,
        },
    ),  # fmt: skip
    "MoveToPhase": body({"id": ID, "ats_application_phase_id": ID}),
    "AttachCv": body({"id": ID, "cv": CV_UPLOAD}),
    "QuestionCreate": body(
        {
            "ats_job_posting_id": ID,
            "company_id": ID,
            "label": TEXT,
            "position": INT,
            "question_type": enum(QUESTION_TYPES),
        },
        {
            "mandatory": BOOL,
            "auto_disqualify": BOOL,
            "options": arr(obj({"text": TEXT}, {"disqualifies": BOOL})),
        },
    ),  # fmt: skip
    "QuestionUpdate": body(
        {"id": ID},
        {
            "label": TEXT,
            "position": INT,
            "mandatory": BOOL,
            "auto_disqualify": BOOL,
            "options": arr(obj({"text": TEXT}, {"disqualifies": BOOL})),
        },
    ),  # fmt: skip
    "AnswerCreate": body(
        {
            "ats_question_id": ID,
            "ats_application_id": ID,
            "value": STR,
            "original_question_label": TEXT,
            "original_question_type": enum(ANSWER_TYPES),
        }
    ),  # fmt: skip
}

# --- parameters and responses -------------------------------------------------------------

ID_PARAM_SCHEMA = s("string", pattern=ID_PATTERN)
VERSION = {"name": "version", "in": "path", "required": True, "schema": enum(SUPPORTED),
           "description": "The dated API version. Ids are integers up to 2026-04-01, strings after."}  # fmt: skip
PATH_ID = {"name": "id", "in": "path", "required": True, "schema": ID_PARAM_SCHEMA}
PAGING = [
    {"name": "limit", "in": "query", "schema": INT,
     "description": "Page size, 100 at most (larger values are capped, smaller than 1 raised to 1)."},
    {"name": "page", "in": "query", "schema": s("integer", minimum=1),
     "description": "1-based page number, for offset paging instead of the cursors."},
]  # fmt: skip
CURSORS = (
    " Cursor paging: pass `meta.end_cursor` as `after_id` (or `meta.start_cursor` as `before_id`) for the "
    "next (previous) page."
)


def q(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema}


def q_ids(name: str) -> dict[str, Any]:
    return {
        "name": f"{name}[]",
        "in": "query",
        "schema": arr(ID_PARAM_SCHEMA),
        "style": "form",
        "explode": True,
    }


def error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


def ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


READ_ERRORS = {
    "400": error("A query parameter cannot be read."),
    "401": error("Missing, invalid, expired or revoked credentials."),
    "403": error("The OAuth token's scope does not cover the request."),
    "404": error("Unknown record, route or API version."),
}
WRITE_ERRORS = {
    **READ_ERRORS,
    "409": error("The records' current state refuses the request."),
    "422": error("The body fails validation."),
}
POST_ERRORS = {**WRITE_ERRORS, "429": error("Over 200 POST requests per minute.")}
SECURITY = [{"apiKey": []}, {"bearer": []}]


def op(op_id: str, summary: str, responses: dict[str, Any], *, params: list[dict[str, Any]] | None = None,
       request: str | None = None, links: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"operationId": op_id, "summary": summary, "security": SECURITY,
                           "parameters": params or [], "responses": responses}  # fmt: skip
    if request is not None:
        out["requestBody"] = {"required": True, "content": {JSON: {"schema": ref(request)}}}
    if links:
        for status in ("200", "201"):
            if status in responses:
                responses[status] = {**responses[status], "links": links}
    return out


def member_links(name: str, *, update: bool = True, delete: bool = True) -> dict[str, Any]:
    """From a created record to reading, changing and deleting it."""
    params = {"id": "$response.body#/id", "version": "$request.path.version"}
    out = {f"Get{name}": {"operationId": f"get{name}", "parameters": params}}
    if update:
        out[f"Update{name}"] = {"operationId": f"update{name}", "parameters": params}
    if delete:
        out[f"Delete{name}"] = {"operationId": f"delete{name}", "parameters": params}
    return out


def resource(path: str, name: str, schema: str, *, filters: list[dict[str, Any]] | None = None,
             create: str | None = None, update: str | None = None, delete: bool = False,
             created: str = "201") -> dict[str, Any]:  # fmt: skip
    """The collection and member paths of one resource."""
    collection: dict[str, Any] = {
        "parameters": [VERSION],
        "get": op(f"list{name}s", f"List {name} records.{CURSORS}",
                  {"200": ok(obj({"data": arr(ref(schema)), "meta": ref("Meta")})), **READ_ERRORS},
                  params=[*PAGING, q_ids("ids"), *(filters or [])]),
    }  # fmt: skip
    if create:
        collection["post"] = op(f"create{name}", f"Create a {name}.", {created: ok(ref(schema)), **POST_ERRORS},
                                request=create, links=member_links(name, update=bool(update), delete=delete))  # fmt: skip
    member: dict[str, Any] = {
        "parameters": [VERSION, PATH_ID],
        "get": op(f"get{name}", f"Read a {name}.", {"200": ok(ref(schema)), **READ_ERRORS}),
    }
    if update:
        member["put"] = op(f"update{name}", f"Update a {name}; the body repeats the id (the path decides).",
                           {"200": ok(ref(schema)), **WRITE_ERRORS}, request=update)  # fmt: skip
    if delete:
        member["delete"] = op(f"delete{name}", f"Delete a {name}; answers it as it was.",
                              {"200": ok(ref(schema)), **WRITE_ERRORS})  # fmt: skip
    return {f"{API}/{path}": collection, f"{API}/{path}/{{id}}": member}


def action(path: str, op_id: str, summary: str, request: str, schema: str) -> dict[str, Any]:
    return {f"{API}/{path}": {"parameters": [VERSION], "post": op(
        op_id, summary, {"200": ok(ref(schema)), **POST_ERRORS}, request=request)}}  # fmt: skip


def oauth_paths() -> dict[str, Any]:
    oauth_errors = {
        "400": {"description": "RFC 6749 error.", "content": {JSON: {"schema": ref("OAuthError")}}},
        "401": {
            "description": "Unknown client or wrong secret.",
            "content": {JSON: {"schema": ref("OAuthError")}},
        },
    }
    form = lambda schema: {"required": True, "content": {FORM: {"schema": schema}}}  # noqa: E731
    return {
        "/oauth/authorize": {"get": {
            "operationId": "authorize", "security": [],
            "summary": "Approve the app (the sandbox needs no login) and redirect with a code.",
            "parameters": [
                {"name": "client_id", "in": "query", "required": True, "schema": STR},
                q("redirect_uri", STR), q("response_type", enum(("code",))), q("scope", STR), q("state", STR),
                q("resource_owner_type", enum(("company",))),
                {"name": "login_as", "in": "query", "schema": STR,
                 "description": "Sandbox only: the employee id who approves (default: the first admin)."},
            ],
            "responses": {
                "302": {"description": "Back to redirect_uri with code and state (or an error).",
                        "headers": {"Location": {"schema": STR}}, "content": {"text/html": {"schema": STR}}},
                **oauth_errors,
            },
        }},
        "/oauth/token": {"post": {
            "operationId": "token", "security": [], "summary": "Exchange a code or refresh token.",
            "requestBody": form(obj({"grant_type": enum(("authorization_code", "refresh_token"))}, {
                "code": STR, "redirect_uri": STR, "refresh_token": STR, "client_id": STR, "client_secret": STR})),
            "responses": {"200": ok(ref("Token")), **oauth_errors},
        }},
        "/oauth/revoke": {"post": {
            "operationId": "revoke", "security": [], "summary": "Revoke an access or refresh token (RFC 7009).",
            "requestBody": form(obj({"token": STR}, {"client_id": STR, "client_secret": STR})),
            "responses": {"200": ok(obj({})), **oauth_errors},
        }},
    }  # fmt: skip


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    paths |= resource("ats/job_postings", "JobPosting", "JobPosting", create="JobPostingCreate",
                      update="JobPostingUpdate", delete=True, filters=[
                          q("status", enum(STATUSES)), q("team_id", ID_PARAM_SCHEMA), q("location_id", ID_PARAM_SCHEMA),
                          q("legal_entity_id", ID_PARAM_SCHEMA)])  # fmt: skip
    paths |= action("ats/job_postings/duplicate", "duplicateJobPosting", "Duplicate a job posting as a draft.",
                    "IdOnly", "JobPosting")  # fmt: skip
    paths |= resource("ats/candidates", "Candidate", "Candidate", create="CandidateCreate",
                      update="CandidateUpdate", delete=True, filters=[
                          q_ids("emails") | {"schema": arr(STR)}, q_ids("team_ids"), q_ids("location_ids"),
                          q_ids("source") | {"schema": arr(STR)}, q("remote", BOOL), q_ids("job_posting_ids"),
                          q("minimum_average_rating", s("number")), q("active", BOOL), q("talent_pool", BOOL),
                          q("archived", BOOL)])  # fmt: skip
    paths |= resource("ats/applications", "Application", "Application", create="ApplicationCreate",
                      update="ApplicationUpdate", delete=True, filters=[
                          q("ats_job_posting_id", ID_PARAM_SCHEMA), q("qualified", BOOL),
                          q("ats_application_phase_id", ID_PARAM_SCHEMA), q_ids("ats_candidate_ids"),
                          q_ids("ats_rejection_reason_ids"), q("search", STR)])  # fmt: skip
    paths |= action("ats/applications/apply", "apply", "Apply to a job posting: candidate and application.",
                    "Apply", "Application")  # fmt: skip
    paths |= action("ats/applications/move_to_phase", "moveToPhase",
                    "Move an application to a phase of its job posting (2026-07-01 and later).", "MoveToPhase",
                    "Application")  # fmt: skip
    paths |= action("ats/applications/attach_cv", "attachCv",
                    "Give an application its CV (one per application; the mock's upload).", "AttachCv",
                    "Application")  # fmt: skip
    paths |= resource("ats/application_phases", "ApplicationPhase", "ApplicationPhase",
                      filters=[q_ids("ats_job_posting_ids")])  # fmt: skip
    paths |= resource("ats/hiring_stages", "HiringStage", "HiringStage",
                      filters=[q("ats_application_phase_id", ID_PARAM_SCHEMA)])  # fmt: skip
    paths |= resource("ats/questions", "Question", "Question", create="QuestionCreate", update="QuestionUpdate",
                      delete=True, filters=[q_ids("ats_job_posting_ids")])  # fmt: skip
    paths |= resource("ats/answers", "Answer", "Answer", create="AnswerCreate",
                      filters=[q_ids("ats_application_ids")])  # fmt: skip
    paths |= resource("ats/candidate_sources", "CandidateSource", "CandidateSource")
    paths |= resource("ats/rejection_reasons", "RejectionReason", "RejectionReason",
                      filters=[q_ids("ats_application_ids")])  # fmt: skip
    paths |= resource("teams/teams", "Team", "Team")
    paths |= resource("locations/locations", "Location", "Location")
    paths |= resource("custom_fields/fields", "CustomField", "CustomField")
    paths |= resource("custom_fields/values", "CustomFieldValue", "CustomFieldValue", filters=[
        q("field_id", ID_PARAM_SCHEMA), q("instance_id", ID_PARAM_SCHEMA), q("slug", STR),
        q("updated_at_gteq", s("string", format="date"))])  # fmt: skip
    paths |= oauth_paths()
    paths["/files/ats/cvs/{tenant}/{application_id}/{signature}/{filename}"] = {"get": {
        "operationId": "downloadCv", "security": [], "summary": "Download a CV through the link in `cv.url`.",
        "parameters": [{"name": n, "in": "path", "required": True, "schema": STR}
                       for n in ("tenant", "signature", "filename")]
                      + [{"name": "application_id", "in": "path", "required": True, "schema": s("integer", minimum=0)}],
        "responses": {"200": {"description": "The file.", "content": {"*/*": {"schema": s("string", format="binary")}}},
                      "404": error("No such file.")},
    }}  # fmt: skip
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Factorial API (atsbox mock)",
            "version": SUPPORTED[-1],
            "description": "The ATS resources of Factorial's dated public API as the atsbox sandbox serves them.",
        },
        "servers": [{"url": "https://api.factorialhr.com"}],
        "paths": paths,
        "components": {
            "schemas": {**SCHEMAS, **BODIES},
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
        },
    }
