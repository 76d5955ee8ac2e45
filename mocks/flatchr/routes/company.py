"""Company data on api.flatchr.io: vacancies, Kanban columns, tags, members and CV files."""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from atsbox.mocks.core.errors import MockError, query_int

from .. import render as kinds
from .. import serializers
from .common import fetch, fields_param, guard_company, listing, not_found

# Vacancy statuses the mock knows (vocab.STATUS_OF_JOB); others are refused as filters.
VACANCY_STATUSES = (0, 1, 2, 3)
TAG_TYPES = ("candidates", "vacancies")


def vacancies(company_id: str) -> Any:
    guard_company(company_id)
    status = query_int("status")
    if status is not None and status not in VACANCY_STATUSES:
        raise MockError.of("invalid_query", f"'status' must be one of {VACANCY_STATUSES}", field="status")
    offer_id = query_int("offer_id")
    fields = fields_param()
    out = []
    for record in listing(kinds.VACANCY):
        if status is not None and record.doc["status"] != status:
            continue
        if offer_id is not None and offer_id not in {d["offer_id"] for d in record.doc["_distributions"]}:
            continue
        out.append(serializers.vacancy(record, fields))
    return jsonify(out)


def vacancy(vacancy_id: str) -> Any:
    record = fetch(kinds.VACANCY, vacancy_id, "Vacancy")
    return jsonify(serializers.vacancy(record, fields_param()))


def columns(company_id: str) -> Any:
    guard_company(company_id)
    return jsonify([serializers.column(r) for r in listing(kinds.COLUMN)])


def tags(company_id: str) -> Any:
    guard_company(company_id)
    wanted = request.args.get("type")
    if wanted is not None and wanted not in TAG_TYPES:
        raise MockError.of("invalid_query", "'type' must be candidates or vacancies", field="type")
    return jsonify([serializers.tag(r) for r in listing(kinds.TAG) if wanted in (None, r.doc["type"])])


def members(company_id: str) -> Any:
    guard_company(company_id)
    fields = fields_param()
    records = g.store.list(g.tenant, g.vendor.name, kinds.MEMBER)
    return jsonify([serializers.member(r, fields) for r in records])


def file_expire(company_id: str) -> Any:
    """A CV's bytes by its S3 key and extension (what candidate.aws names)."""
    guard_company(company_id)
    key = request.args.get("key")
    if not key:
        raise MockError.of("invalid_query", "'key' is required", field="key")
    record = g.store.get(g.tenant, g.vendor.name, kinds.FILE, key)
    if record is None or record.doc["extension"] != request.args.get("extension", record.doc["extension"]):
        raise not_found("File")
    doc = record.doc
    response = Response(base64.b64decode(doc["data"]), mimetype=doc["contentType"])
    response.headers["Content-Disposition"] = f'attachment; filename="{doc["fileName"]}"'
    return response


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/company/<company_id>/vacancies", view_func=vacancies, methods=["GET"])
    bp.add_url_rule("/vacancy/<vacancy_id>", view_func=vacancy, methods=["GET"])
    bp.add_url_rule("/company/<company_id>/columns", view_func=columns, methods=["GET"])
    bp.add_url_rule("/company/<company_id>/tags", view_func=tags, methods=["GET"])
    bp.add_url_rule("/company/<company_id>/members", view_func=members, methods=["GET"])
    bp.add_url_rule("/company/<company_id>/files/expire", view_func=file_expire, methods=["GET"])
