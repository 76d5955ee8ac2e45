"""The career site, careers.flatchr.io: the published-jobs feed and candidate creation.

Served under ``/careers`` inside the vendor (the core maps the host there). The feed is
public career-site data, found by the company slug; a key, when sent, picks the sandbox.
Candidate creation wants the key in the body (``token``) or as on the API host, and keys
the vacancy by its *slug*; ``/vacancy/candidate/test`` validates the same way and writes
nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, g, jsonify, request

from atsbox.mocks.core.auth import public
from atsbox.mocks.core.context import bind_tenant, now
from atsbox.mocks.core.errors import MockError, json_body, optional, require

from .. import ids, serializers
from .. import render as kinds
from ..wire import iso, unix
from .common import CAREERS_PREFIX, SLUG_KIND, company, listing, mint, not_found

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CLOSED_STATUSES = (0, 3)


def _authenticate(token: str | None = None) -> None:
    """Bind the sandbox from the body token, else the vendor's usual key schemes."""
    if token is not None:
        g.vendor.auth.schemes[0].authenticate(token)
    else:
        g.vendor.auth()


def _bind_by_slug(slug: str) -> None:
    sent_key = (
        request.headers.get("Authorization") or request.args.get("token") or request.args.get("api_key")
    )
    if sent_key:
        _authenticate()
        return
    found = g.store.resolve_credential(g.vendor.name, SLUG_KIND, slug)
    if found is None:
        raise not_found("Company")
    bind_tenant(*found)


def _matches_filters(doc: dict[str, Any]) -> bool:
    args = request.args
    if args.get("id") and args["id"] != doc["id"]:
        return False
    text = (args.get("filter") or "").lower()
    if text and text not in (doc["title"] or "").lower() and text not in (doc.get("reference") or "").lower():
        return False
    address = doc.get("address") or {}
    for key, field in (
        ("locality", "locality"),
        ("administrative_area_level_1", "administrative_area_level_1"),
    ):
        if args.get(key) and args[key].lower() != (address.get(field) or "").lower():
            return False
    return not (args.get("metier") and args["metier"] != str(doc.get("metier_id")))


@public
def feed(slug: str) -> Any:
    _bind_by_slug(slug)
    if company()["slug"] != slug:
        raise not_found("Company")
    items = []
    for record in g.store.list(g.tenant, g.vendor.name, kinds.VACANCY):
        doc = record.doc
        for dist in doc["_distributions"]:
            if dist["offer_id"] != 98 or not dist["published"] or not _matches_filters(doc):
                continue
            items.append({
                "id": dist["id"],
                "offer_id": dist["offer_id"],
                "external_id": dist["external_id"],
                "published": dist["published"],
                "created_at": dist["created_at"],
                "vacancy": {k: v for k, v in serializers.vacancy(record, ("address", "tags")).items()
                            if k != "deleted_at"},
                "vacancy_id": doc["vacancy_id"],
            })  # fmt: skip
    echoed = {k: request.args[k] for k in ("id", "activity", "metier", "locality", "administrative_area_level_1",
                                            "filter", "affiliated") if k in request.args}  # fmt: skip
    return jsonify({**echoed, "items": items})


@dataclass(slots=True)
class Resume:
    kind: str  # "link" | "document"
    url: str | None = None
    name: str | None = None
    content_type: str | None = None
    data: bytes | None = None


def _resume(body: dict[str, Any]) -> Resume:
    kind = require(body, "type", str, choices=("link", "document"))
    if kind == "link":
        url = require(body, "resume", str)
        if not re.match(r"^https?://\S+$", url):
            raise MockError.of(
                "invalid_field", "'resume' must be an http(s) URL when type is link", field="resume"
            )
        return Resume(kind, url=url)
    resume = require(body, "resume", dict)
    data = require(resume, "data", str)
    name = require(resume, "fileName", str)
    content_type = require(resume, "contentType", str)
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise MockError.of("invalid_field", "'resume.data' must be base64", field="resume.data") from None
    if not name.strip():
        raise MockError.of("invalid_field", "'resume.fileName' must not be empty", field="resume.fileName")
    return Resume(kind, name=name, content_type=content_type, data=raw)


def _name(body: dict[str, Any], key: str) -> str:
    value = require(body, key, str).strip()
    # Documented as /[a-zA-Z]/: at least one ASCII letter.
    if not re.search("[A-Za-z]", value):
        raise MockError.of("invalid_field", f"'{key}' must contain letters", field=key)
    return value


def _vacancy_by_slug(slug: str) -> Any:
    for record in listing(kinds.VACANCY):
        if record.doc["slug"] == slug and record.deleted_at is None:
            if record.doc["status"] in CLOSED_STATUSES:
                raise MockError.of(
                    "invalid_field", "This vacancy no longer accepts applications", field="vacancy"
                )
            return record
    raise MockError.of("not_found", f"Vacancy {slug} not found")


def _offerer(body: dict[str, Any]) -> int:
    """The apply's offerer: the given id when the company knows it, else the career site."""
    value = optional(body, "offerer_id", (int, str))
    if value is None:
        return ids.CAREER_SITE_OFFERER
    if isinstance(value, str) and not value.isdigit():
        raise MockError.of("invalid_field", "'offerer_id' must be an integer", field="offerer_id")
    number = int(value)
    if g.store.get(g.tenant, g.vendor.name, kinds.OFFERER, str(number)) is None:
        raise not_found(f"Offerer {number}")
    return number


def _first_column(vacancy_id: str) -> int:
    columns = [r.doc for r in g.store.list(g.tenant, g.vendor.name, kinds.COLUMN, parent=vacancy_id)]
    visible = sorted((c for c in columns if c["visible"]), key=lambda c: c["position"])
    if not visible:
        raise MockError.of("invalid_field", "This vacancy has no Kanban column", field="vacancy")
    return visible[0]["id"]


@public
def create_candidate(mode: str) -> Any:
    if mode not in ("json", "test"):
        raise MockError.of("unknown_route", f"No route {request.method} {request.path}.")
    body = json_body()
    token = optional(body, "token", str)
    _authenticate(token)
    vacancy = _vacancy_by_slug(require(body, "vacancy", str))
    first, last = _name(body, "firstname"), _name(body, "lastname")
    email = optional(body, "email", str)
    if email is not None and not _EMAIL.match(email):
        raise MockError.of("invalid_field", "'email' must be an email address", field="email")
    phone = optional(body, "phone", (str, int))
    resume = _resume(body)
    offerer = _offerer(body)
    # Accepted and type-checked, not kept by the mock (no read endpoint shows them).
    for key, type_ in (("comment", str), ("urls", dict), ("legalNewsletterPartners", bool),
                       ("similarities", bool), ("response_text", str), ("user_id", str)):  # fmt: skip
        optional(body, key, type_)
    optional(body, "answers", list, items=dict)
    column_id = _first_column(vacancy.id)
    if mode == "test":
        return jsonify({"statusCode": 200, "response": "applicant valid"})
    at = now()
    person = _upsert_candidate(first, last, email, None if phone is None else str(phone), resume, at)
    number = mint(kinds.APPLICANT)
    applicant = {
        "id": ids.encode(kinds.APPLICANT, number),
        "vacancy_id": vacancy.id,
        "column_id": column_id,
        "score": 0,
        "comment": optional(body, "comment", str, ""),
        "created_at": unix(at),
        "updated_at": unix(at),
        "status": 1,
        "hired": False,
        "view": False,
        "anonym": False,
        "external_id": None,
        "foreigner": False,
        "candidate_id": person,
        "applies": [
            {
                "id": ids.encode("apply", number),
                "created_at": iso(at),
                "vacancy_id": vacancy.id,
                "offerer_id": ids.encode(kinds.OFFERER, offerer),
                "import": False,
            }
        ],  # fmt: skip
    }
    g.store.put(g.tenant, g.vendor.name, kinds.APPLICANT, applicant["id"], applicant, parent=person, at=at)
    return jsonify({"statusCode": 200, "response": "applicant created"})


def _upsert_candidate(
    first: str, last: str, email: str | None, phone: str | None, resume: Resume, at: Any
) -> str:
    """The candidate behind a new applicant: the company's candidate with this email, else
    a new one; the resume becomes its one CV either way."""
    existing = None
    if email:
        existing = next((r for r in g.store.list(g.tenant, g.vendor.name, kinds.CANDIDATE)
                         if (r.doc.get("email") or "").lower() == email.lower()), None)  # fmt: skip
    if existing is not None:
        doc = dict(existing.doc)
        person_id = existing.id
    else:
        person_id = ids.encode(kinds.CANDIDATE, mint(kinds.CANDIDATE))
        doc = {"id": person_id, "email": email, "urls": {}, "created_at": iso(at), "consent": True, "status": 1,
               "external_id": None, "cv": None, "aws": None}  # fmt: skip
    doc.update({"firstname": first, "lastname": last, "updated_at": iso(at)})
    if phone is not None:
        doc["phone"] = phone
    doc.setdefault("phone", None)
    if resume.kind == "link":
        doc.update({"cv": resume.url, "aws": None})
    else:
        key, ext = kinds.file_key(mint(kinds.FILE), resume.name or "cv", at)
        stored = kinds.file_doc(key, ext, resume.name or "cv", resume.content_type or "", resume.data or b"")
        g.store.put(g.tenant, g.vendor.name, kinds.FILE, key, stored, at=at)
        doc.update(kinds.cv_fields(key, ext))
    g.store.put(g.tenant, g.vendor.name, kinds.CANDIDATE, person_id, doc, at=at)
    return person_id


def register(bp: Blueprint) -> None:
    bp.add_url_rule(f"{CAREERS_PREFIX}/company/<slug>.json", view_func=feed, methods=["GET"])
    bp.add_url_rule(
        f"{CAREERS_PREFIX}/vacancy/candidate/<mode>", view_func=create_candidate, methods=["POST"]
    )
