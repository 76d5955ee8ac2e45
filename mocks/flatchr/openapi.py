"""The OpenAPI 3.0 document of exactly the Flatchr endpoints the mock emulates, both hosts.

Served at ``/flatchr/openapi.json``: api.flatchr.io's paths sit at the server root and
careers.flatchr.io's under ``/careers`` (the mock's sub-prefix for that host). Objects stay
open to extra keys; every error is the Boom object of ``errors.py`` (``default``).
Search-filter dates are ``MM/DD/YY`` strings; one that does not parse matches nothing.
"""

from __future__ import annotations

from typing import Any

from . import ids
from .render import COMPANY as COMPANY_KIND
from .routes.common import CAREERS_PREFIX
from .routes.company import VACANCY_STATUSES


def s(type_: str, nullable: bool = False, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": type_, **extra}
    if nullable:
        schema["nullable"] = True
    return schema


def obj(
    properties: dict[str, Any], required: list[str] | None = None, nullable: bool = False
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    needed = sorted(properties) if required is None else required
    if needed:
        schema["required"] = needed
    if nullable:
        schema["nullable"] = True
    return schema


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STR, NSTR = s("string"), s("string", True)
INT, NINT = s("integer"), s("integer", True)
BOOL = s("boolean")
TIME, NTIME = s("string", format="date-time"), s("string", True, format="date-time")
ENCODED = s("string", pattern="^[0-9A-Za-z]{16}$")

ADDRESS = obj({k: NSTR for k in ("street_number", "route", "locality", "postal_code", "administrative_area_level_1",
                                  "administrative_area_level_2", "country", "location_lat", "location_lng",
                                  "formatted_address")}, nullable=True)  # fmt: skip
VACANCY_TAG = obj({"id": STR, "tag_id": STR, "title": STR, "value": NSTR})
VACANCY = obj(
    {
        "id": ENCODED, "vacancy_id": INT, "slug": STR, "reference": NSTR, "title": STR, "description": STR,
        "mission": STR, "profile": STR, "experience": s("integer", True, enum=[1, 2, 4, 6, 11, None]),
        "salary": NSTR, "salary_max": NSTR, "currency": NSTR, "mensuality": s("string", True, enum=["y", "m", "d", "h", None]),
        "status": INT, "language": STR, "contract_type_id": NINT, "contract_type": NSTR, "partial": BOOL,
        "metier_id": NINT, "metier": NSTR, "company_id": INT, "apply_url": NSTR, "created_at": TIME, "updated_at": TIME,
        "start_date": s("string", True, format="date"), "end_date": s("string", True, format="date"),
        "kanban": BOOL, "remote": s("string", True, enum=["notime", "parttime", "fulltime", None]),
        "addressFormatted": NSTR, "slug_mail": STR, "deleted_at": NTIME,
        "address": ADDRESS, "tags": arr(VACANCY_TAG), "questions": arr(obj({}, [])),
    },
    required=["id", "vacancy_id", "slug", "title", "status", "created_at", "updated_at", "deleted_at"],
)  # fmt: skip
COLUMN = obj({"id": INT, "title": STR, "company_id": STR, "vacancy_id": NSTR, "position": INT, "created_at": TIME,
              "updated_at": TIME, "visible": BOOL, "hired": BOOL, "deleted_at": NTIME})  # fmt: skip
TAG = obj({"id": ENCODED, "tag_id": INT, "company_id": INT, "title": STR, "values": STR, "multiple": BOOL,
           "visible": BOOL, "creatable": BOOL, "folder": BOOL, "type": s("string", enum=["candidates", "vacancies"]),
           "position": NINT, "tagCandidateRestriction": arr(obj({}, [])), "deleted_at": NTIME})  # fmt: skip
TRAIT = obj({"id": STR, "tag_id": STR, "value": STR})
AWS = obj({"key": STR, "extension": STR, "signature": STR}, nullable=True)
CANDIDATE = obj({"id": STR, "email": NSTR, "firstname": STR, "lastname": STR, "phone": NSTR, "urls": obj({}, []),
                 "created_at": TIME, "updated_at": TIME, "consent": BOOL, "cv": NSTR, "aws": AWS,
                 "deleted_at": NTIME})  # fmt: skip
APPLY = obj({"id": STR, "created_at": TIME, "vacancy_id": STR, "offerer_id": STR, "import": BOOL})
APPLICANT = obj(
    {"id": STR, "vacancy_id": STR, "column_id": INT, "score": INT, "comment": STR, "created_at": INT,
     "updated_at": INT, "status": INT, "view": BOOL, "anonym": BOOL, "external_id": NSTR, "foreigner": BOOL,
     "candidate": CANDIDATE, "column": obj({}, []), "vacancy": obj({}, []), "applies": arr(APPLY),
     "deleted_at": NTIME},
)  # fmt: skip
SEARCH_ROW = obj(
    {"applicant": STR, "vacancy": NSTR, "vacancy_id": NINT, "column": NSTR, "external_id": STR, "status": INT,
     "score": INT, "hired": BOOL, "firstname": NSTR, "lastname": NSTR, "email": NSTR, "phone": NSTR,
     "created_at": s("string", pattern=r"^\d\d/\d\d/\d\d$"), "updated_at": INT, "source": NSTR, "deleted_at": NTIME,
     "candidate": CANDIDATE},
    required=["applicant", "vacancy", "vacancy_id", "column", "status", "hired", "created_at", "updated_at", "deleted_at"],
)  # fmt: skip
MEMBER = obj({"id": STR, "role_id": INT, "company_id": INT, "created_at": TIME, "user": obj({}, [])},
             required=["id", "role_id", "company_id", "created_at"])  # fmt: skip
FEED = obj({"items": arr(obj({"id": STR, "offer_id": INT, "external_id": NSTR, "published": BOOL, "created_at": TIME,
                              "vacancy": VACANCY, "vacancy_id": INT}))}, required=["items"])  # fmt: skip
ERROR = obj({"statusCode": INT, "error": STR, "message": STR})
ACK = obj({"statusCode": INT, "response": STR})

FILTER_DATE = s("string", True, description="MM/DD/YY")
SEARCH_FILTERS = obj(
    {
        **{
            k: NSTR
            for k in ("firstname", "lastname", "email", "phone", "column", "vacancy", "tag", "company")
        },
        "hired": {"oneOf": [BOOL, s("string", enum=["true", "false"])], "nullable": True},
        "status": {"oneOf": [INT, s("string", pattern=r"^-?\d{1,9}$")], "nullable": True},
        **{k: FILTER_DATE for k in ("start", "end", "start_update", "end_update")},
    },
    required=[],
)
RESUME_FILE = obj({"data": s("string", format="byte"), "fileName": s("string", minLength=1, pattern=r"\S"),
                   "contentType": STR})  # fmt: skip
CANDIDATE_CREATE = obj(
    {
        "vacancy": STR, "firstname": s("string", pattern="[A-Za-z]"), "lastname": s("string", pattern="[A-Za-z]"),
        "token": STR, "email": s("string", True, format="email"), "phone": {"oneOf": [STR, INT], "nullable": True},
        "type": s("string", enum=["link", "document"]),
        "resume": {"oneOf": [s("string", pattern=r"^https?://\S+$"), RESUME_FILE]},
        "offerer_id": {"oneOf": [INT, s("string", pattern=r"^\d{1,9}$")], "nullable": True}, "comment": NSTR,
        "urls": obj({}, [], nullable=True), "legalNewsletterPartners": s("boolean", True),
        "similarities": s("boolean", True), "response_text": NSTR, "user_id": NSTR, "answers": {**arr(obj({}, [])), "nullable": True},
    },
    required=["vacancy", "firstname", "lastname", "token", "type", "resume"],
)  # fmt: skip


def param(name: str, where: str, schema: dict[str, Any], required: bool | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path" if required is None else required,
        "schema": schema,
    }


# The sandbox's company key (the same in every sandbox), so generated calls reach real data;
# other keys are what negative cases try (403 / 404).
COMPANY = param("company_id", "path", s("string", enum=[ids.encode(COMPANY_KIND, 1)]))
FIELDS = param("fields", "query", STR)


def op(operation_id: str, summary: str, ok: dict[str, Any], *, params: list[dict[str, Any]] | None = None,
       body: dict[str, Any] | None = None, body_required: bool = True, links: dict[str, Any] | None = None, public: bool = False,
       content: str = "application/json") -> dict[str, Any]:  # fmt: skip
    response: dict[str, Any] = {"description": "OK", "content": {content: {"schema": ok}}}
    if links:
        response["links"] = links
    out: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "parameters": params or [],
        "responses": {"200": response, "default": {"description": "A Boom error",
                                                   "content": {"application/json": {"schema": ref("Error")}}}},
    }  # fmt: skip
    if body is not None:
        out["requestBody"] = {"required": body_required, "content": {"application/json": {"schema": body}}}
    if public:
        out["security"] = []
    return out


def link(operation_id: str, **parameters: str) -> dict[str, Any]:
    return {"operationId": operation_id, "parameters": parameters}


def document() -> dict[str, Any]:
    applicant_path = "/company/{company_id}/vacancy/{vacancy_id}/applicant/{applicant_id}"
    move_params = [COMPANY, param("vacancy_id", "path", STR), param("applicant_id", "path", STR)]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Flatchr (atsbox mock)", "version": "1.8.2",
                 "description": "api.flatchr.io at the root, careers.flatchr.io under /careers."},
        "servers": [{"url": "/flatchr"}],
        "security": [{"Bearer": []}, {"Token": []}],
        "paths": {
            "/company/{company_id}/vacancies": {"get": op(
                "listVacancies", "All vacancies of the company", arr(ref("Vacancy")),
                params=[COMPANY, FIELDS, param("status", "query", s("integer", enum=list(VACANCY_STATUSES))),
                        param("offer_id", "query", INT)],
                links={"GetVacancy": link("getVacancy", vacancy_id="$response.body#/0/id")})},
            "/vacancy/{vacancy_id}": {"get": op("getVacancy", "One vacancy", ref("Vacancy"),
                                                params=[param("vacancy_id", "path", STR), FIELDS])},
            "/company/{company_id}/columns": {"get": op("listColumns", "Kanban columns", arr(ref("Column")),
                                                        params=[COMPANY])},
            "/company/{company_id}/tags": {"get": op(
                "listTags", "Tag definitions", arr(ref("Tag")),
                params=[COMPANY, param("type", "query", s("string", enum=["candidates", "vacancies"]))])},
            "/company/{company_id}/members": {"get": op("listMembers", "Members", arr(ref("Member")),
                                                        params=[COMPANY, FIELDS])},
            "/company/{company_id}/files/expire": {"get": op(
                "getFile", "A CV's bytes", s("string", format="binary"), content="*/*",
                params=[COMPANY, param("key", "query", s("string", minLength=1), True),
                        param("extension", "query", STR)])},
            "/company/{company_id}/search/applicants": {"post": op(
                "searchApplicants", "Search applicants (flat rows, no paging)", arr(ref("SearchRow")),
                params=[COMPANY, FIELDS], body=SEARCH_FILTERS, body_required=False,
                links={"GetApplicant": link("getApplicant", company_id="$request.path.company_id",
                                            applicant_id="$response.body#/0/applicant"),
                       "GetTraits": link("listTraits", company_id="$request.path.company_id",
                                         applicant_id="$response.body#/0/applicant")})},
            "/company/{company_id}/applicant/{applicant_id}": {"get": op(
                "getApplicant", "One applicant", ref("Applicant"),
                params=[COMPANY, param("applicant_id", "path", STR), FIELDS])},
            applicant_path: {
                "put": op("moveApplicant", "Move to a column", ref("Applicant"), params=move_params,
                          body=obj({"column_id": INT})),
                "delete": op("archiveApplicant", "Archive (status 0)", ref("Applicant"), params=move_params),
            },
            "/company/{company_id}/applicant/{applicant_id}/traits": {"get": op(
                "listTraits", "The applicant's tag values", arr(ref("Trait")),
                params=[COMPANY, param("applicant_id", "path", STR)])},
            "/company/{company_id}/applicant/{applicant_id}/trait": {"post": op(
                "addTrait", "Tag an applicant", ref("Trait"), params=[COMPANY, param("applicant_id", "path", STR)],
                body=obj({"tag": STR, "value": STR}))},
            f"{CAREERS_PREFIX}/company/{{slug}}.json": {"get": op(
                "careerFeed", "careers.flatchr.io: published vacancies", FEED, public=True,
                params=[param("slug", "path", STR), *(param(k, "query", STR) for k in
                        ("id", "filter", "locality", "administrative_area_level_1", "metier"))])},
            f"{CAREERS_PREFIX}/vacancy/candidate/json": {"post": op(
                "createCandidate", "careers.flatchr.io: create a candidate", ACK, body=CANDIDATE_CREATE, public=True)},
            f"{CAREERS_PREFIX}/vacancy/candidate/test": {"post": op(
                "testCandidate", "careers.flatchr.io: validate, create nothing", ACK, body=CANDIDATE_CREATE,
                public=True)},
        },
        "components": {
            "securitySchemes": {"Bearer": {"type": "http", "scheme": "bearer"},
                                "Token": {"type": "apiKey", "in": "query", "name": "token"}},
            "schemas": {"Vacancy": VACANCY, "Column": COLUMN, "Tag": TAG, "Trait": TRAIT, "Candidate": CANDIDATE,
                        "Applicant": APPLICANT, "SearchRow": SEARCH_ROW, "Member": MEMBER, "Error": ERROR},
        },
    }  # fmt: skip
