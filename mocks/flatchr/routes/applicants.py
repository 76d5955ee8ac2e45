"""Applicants on api.flatchr.io: search, read, move between columns, archive, traits.

The search is a POST with filters in the JSON body and answers one flat array (no
envelope, no paging). Dates in its filters are ``MM/DD/YY``; its rows give ``created_at``
as ``DD/MM/YY`` and ``updated_at`` as Unix seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, g, jsonify

from atsbox.mocks.core.answers import cacheable
from atsbox.mocks.core.context import now
from atsbox.mocks.core.errors import MockError, json_body, optional, require

from .. import ids, serializers
from .. import render as kinds
from ..wire import day_end, day_start, from_unix, parse_filter_date, unix
from .common import fetch, fields_param, guard_company, listing, mint, not_found, put

TEXT_FILTERS = ("firstname", "lastname", "email", "phone", "column", "vacancy", "tag", "company")
DATE_FILTERS = ("start", "end", "start_update", "end_update")


@dataclass(slots=True)
class Filters:
    text: dict[str, str]
    hired: bool | None
    status: int | None
    created: tuple[datetime | None, datetime | None]
    updated: tuple[datetime | None, datetime | None]


def _flag(body: dict[str, Any], key: str) -> bool | None:
    # Integrators send booleans as strings ("hired": "true"); both are accepted.
    value = optional(body, key, (bool, str))
    if value is None or isinstance(value, bool):
        return value
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise MockError.of("invalid_field", f"'{key}' must be a boolean", field=key)


def _status(body: dict[str, Any]) -> int | None:
    value = optional(body, "status", (int, str))
    if value is None or isinstance(value, int):
        return value
    if value.strip().lstrip("-").isdigit():
        return int(value)
    raise MockError.of("invalid_field", "'status' must be an integer", field="status")


# A date filter that does not parse matches no applicant (as a JavaScript Invalid Date
# compares false), rather than failing the search: README, "Search filters".
NEVER = (datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC))


def _date(body: dict[str, Any], key: str, end: bool) -> datetime | None:
    value = optional(body, key, str)
    if value is None or not value.strip():
        return None
    try:
        day = parse_filter_date(value)
    except ValueError:
        return NEVER[1] if end else NEVER[0]
    return day_end(day) if end else day_start(day)


def parse_filters(body: dict[str, Any]) -> Filters:
    text = {k: v for k in TEXT_FILTERS if (v := optional(body, k, str)) not in (None, "")}
    return Filters(
        text=text,
        hired=_flag(body, "hired"),
        status=_status(body),
        created=(_date(body, "start", False), _date(body, "end", True)),
        updated=(_date(body, "start_update", False), _date(body, "end_update", True)),
    )


def _within(moment: datetime, bounds: tuple[datetime | None, datetime | None]) -> bool:
    low, high = bounds
    return (low is None or moment >= low) and (high is None or moment < high)


def last_change(record: Any, person: Any | None) -> datetime:
    """When an applicant last changed for ``start_update``/``end_update``: its own update, its
    move to the bin, or a change of its candidate."""
    times = [from_unix(record.doc["updated_at"]), record.updated_at, record.deleted_at]
    if person is not None:
        times += [person.updated_at, person.deleted_at]
    return max(t for t in times if t is not None)


def _matches(f: Filters, doc: dict[str, Any], person: dict[str, Any], column_title: str | None,
             changed_at: datetime) -> bool:  # fmt: skip
    t = f.text
    for key in ("firstname", "lastname"):
        if key in t and t[key].lower() not in (person.get(key) or "").lower():
            return False
    if "email" in t and t["email"].lower() != (person.get("email") or "").lower():
        return False
    if "phone" in t and t["phone"].replace(" ", "") not in (person.get("phone") or "").replace(" ", ""):
        return False
    if "column" in t and t["column"] != column_title:
        return False
    if "vacancy" in t and t["vacancy"] != doc["vacancy_id"]:
        return False
    if f.hired is not None and f.hired != bool(doc.get("hired")):
        return False
    if f.status is not None and f.status != doc["status"]:
        return False
    return _within(from_unix(doc["created_at"]), f.created) and _within(changed_at, f.updated)


@cacheable  # a POST that only reads: its body is part of the cache key
def search(company_id: str) -> Any:
    guard_company(company_id)
    f = parse_filters(json_body(required=False))
    fields = fields_param()
    if "tag" in f.text:
        members = g.store.list(g.tenant, g.vendor.name, kinds.TAG_APPLICANT, parent=f.text["tag"])
        applicants = listing(kinds.APPLICANT, ids=[r.doc["applicant"] for r in members])
        people = {r.id: r for r in listing(kinds.CANDIDATE, ids={r.doc["candidate_id"] for r in applicants})}
    else:
        applicants = listing(kinds.APPLICANT)
        people = {r.id: r for r in listing(kinds.CANDIDATE)}
    # A filtered search reads only the vacancies and columns its applicants sit in.
    narrow = "tag" in f.text
    vacancy_ids = {r.doc["vacancy_id"] for r in applicants} if narrow else None
    column_ids = {str(r.doc["column_id"]) for r in applicants} if narrow else None
    vacancies = {r.id: r for r in listing(kinds.VACANCY, ids=vacancy_ids)}
    columns = {r.id: r for r in listing(kinds.COLUMN, ids=column_ids)}
    offerers = g.store.list(g.tenant, g.vendor.name, kinds.OFFERER, include_deleted=True)
    sources = {r.doc["key"]: r.doc["name"] for r in offerers}
    rows = []
    for record in applicants:
        doc = record.doc
        person = people.get(doc["candidate_id"])
        column = columns.get(str(doc["column_id"]))
        title = column.doc["title"] if column else None
        if not _matches(f, doc, person.doc if person else {}, title, last_change(record, person)):
            continue
        source = sources.get(doc["applies"][0]["offerer_id"]) if doc.get("applies") else None
        rows.append(
            serializers.search_row(record, person, vacancies.get(doc["vacancy_id"]), column, source, fields)
        )
    return jsonify(rows)


def _applicant_json(record: Any) -> dict[str, Any]:
    doc = record.doc
    person = g.store.get(g.tenant, g.vendor.name, kinds.CANDIDATE, doc["candidate_id"], include_deleted=True)
    vacancy = g.store.get(g.tenant, g.vendor.name, kinds.VACANCY, doc["vacancy_id"], include_deleted=True)
    column = g.store.get(g.tenant, g.vendor.name, kinds.COLUMN, str(doc["column_id"]), include_deleted=True)
    return serializers.applicant(record, person, fields_param(), vacancy, column)


def get_applicant(company_id: str, applicant_id: str) -> Any:
    guard_company(company_id)
    return jsonify(_applicant_json(fetch(kinds.APPLICANT, applicant_id, "Applicant")))


def _applicant_of_vacancy(company_id: str, vacancy_id: str, applicant_id: str) -> Any:
    guard_company(company_id)
    fetch(kinds.VACANCY, vacancy_id, "Vacancy", live=True)
    record = fetch(kinds.APPLICANT, applicant_id, "Applicant", live=True)
    if record.doc["vacancy_id"] != vacancy_id:
        raise not_found("Applicant")
    return record


def move(company_id: str, vacancy_id: str, applicant_id: str) -> Any:
    record = _applicant_of_vacancy(company_id, vacancy_id, applicant_id)
    body = json_body()
    column_id = require(body, "column_id", int)
    column = g.store.get(g.tenant, g.vendor.name, kinds.COLUMN, str(column_id))
    if column is None or column.doc["vacancy_id"] != vacancy_id:
        raise not_found(f"Column {column_id} of this vacancy")
    at = now()
    doc = {**record.doc, "column_id": column_id, "hired": bool(column.doc["hired"]), "updated_at": unix(at)}
    return jsonify(_applicant_json(put(record, doc, at)))


def archive(company_id: str, vacancy_id: str, applicant_id: str) -> Any:
    record = _applicant_of_vacancy(company_id, vacancy_id, applicant_id)
    at = now()
    doc = {**record.doc, "status": 0, "updated_at": unix(at)}
    return jsonify(_applicant_json(put(record, doc, at)))


def traits(company_id: str, applicant_id: str) -> Any:
    guard_company(company_id)
    record = fetch(kinds.APPLICANT, applicant_id, "Applicant")
    found = g.store.list(g.tenant, g.vendor.name, kinds.TRAIT, parent=record.id)
    return jsonify([serializers.trait(r) for r in found])


def add_trait(company_id: str, applicant_id: str) -> Any:
    guard_company(company_id)
    record = fetch(kinds.APPLICANT, applicant_id, "Applicant", live=True)
    body = json_body()
    tag_id = require(body, "tag", str)
    value = require(body, "value", str)
    tag = g.store.get(g.tenant, g.vendor.name, kinds.TAG, tag_id)
    if tag is None or tag.doc["type"] != "candidates":
        raise not_found("Candidate tag")
    allowed = [v for v in tag.doc["values"].split(";") if v]
    if allowed and value not in allowed:
        raise MockError.of("invalid_field", f"'value' must be one of {', '.join(allowed)}", field="value")
    at = now()
    trait = {"id": ids.encode(kinds.TRAIT, mint(kinds.TRAIT)), "tag_id": tag_id, "value": value}
    g.store.put(g.tenant, g.vendor.name, kinds.TRAIT, trait["id"], trait, parent=record.id, at=at)
    index = kinds.tag_index(tag_id, record.id, at)
    g.store.put(g.tenant, g.vendor.name, index.kind, index.id, index.doc, parent=index.parent, at=at)
    put(record, {**record.doc, "updated_at": unix(at)}, at)
    return jsonify(trait)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/company/<company_id>/search/applicants", view_func=search, methods=["POST"])
    bp.add_url_rule(
        "/company/<company_id>/applicant/<applicant_id>", view_func=get_applicant, methods=["GET"]
    )
    path = "/company/<company_id>/vacancy/<vacancy_id>/applicant/<applicant_id>"
    bp.add_url_rule(path, view_func=move, methods=["PUT"])
    bp.add_url_rule(path, view_func=archive, methods=["DELETE"])
    bp.add_url_rule(
        "/company/<company_id>/applicant/<applicant_id>/traits", view_func=traits, methods=["GET"]
    )
    bp.add_url_rule(
        "/company/<company_id>/applicant/<applicant_id>/trait", view_func=add_trait, methods=["POST"]
    )
