"""Native documents -> Flatchr's wire JSON.

Stored documents are already in Flatchr's shape; serializers drop the mock's ``_`` keys,
honour ``?fields=`` (address/tags on vacancies, user on members, candidate in search
rows), join an applicant with its candidate, and add ``deleted_at`` (README: deletions).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .wire import day_month_year, from_unix, iso

VACANCY_OPTIONAL = ("address", "tags", "questions")


def _public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _with_deletion(out: dict[str, Any], record: Any) -> dict[str, Any]:
    out["deleted_at"] = iso(record.deleted_at)
    return out


def vacancy(record: Any, fields: Iterable[str] = ()) -> dict[str, Any]:
    wanted = set(fields)
    out = {k: v for k, v in _public(record.doc).items() if k not in VACANCY_OPTIONAL or k in wanted}
    return _with_deletion(out, record)


def column(record: Any) -> dict[str, Any]:
    return _with_deletion(dict(record.doc), record)


def tag(record: Any) -> dict[str, Any]:
    return _with_deletion(dict(record.doc), record)


def trait(record: Any) -> dict[str, Any]:
    return dict(record.doc)


def candidate(record: Any) -> dict[str, Any]:
    return _with_deletion(dict(record.doc), record)


def applicant(record: Any, candidate_record: Any | None, fields: Iterable[str] = (),
              vacancy_record: Any | None = None, column_record: Any | None = None) -> dict[str, Any]:  # fmt: skip
    wanted = set(fields)
    out = _public(record.doc)
    out.pop("candidate_id", None)
    out.pop("hired", None)
    out["candidate"] = candidate(candidate_record) if candidate_record is not None else None
    out["column"] = column(column_record) if "column" in wanted and column_record is not None else {}
    out["vacancy"] = vacancy(vacancy_record) if "vacancy" in wanted and vacancy_record is not None else {}
    return _with_deletion(out, record)


def search_row(record: Any, candidate_record: Any, vacancy_record: Any, column_record: Any,
               source: str | None, fields: Iterable[str] = ()) -> dict[str, Any]:  # fmt: skip
    doc = record.doc
    person = candidate_record.doc if candidate_record is not None else {}
    row: dict[str, Any] = {
        "applicant": doc["id"],
        "vacancy": vacancy_record.doc["title"] if vacancy_record is not None else None,
        "vacancy_id": vacancy_record.doc["vacancy_id"] if vacancy_record is not None else None,
        "column": column_record.doc["title"] if column_record is not None else None,
        "external_id": doc.get("external_id") or "",
        "status": doc["status"],
        "score": doc["score"],
        "hired": bool(doc.get("hired")),
        "firstname": person.get("firstname"),
        "lastname": person.get("lastname"),
        "email": person.get("email"),
        "phone": person.get("phone"),
        "created_at": day_month_year(from_unix(doc["created_at"])),
        "updated_at": doc["updated_at"],
        "source": source,
    }
    if "candidate" in set(fields) and candidate_record is not None:
        row["candidate"] = candidate(candidate_record)
    return _with_deletion(row, record)


def member(record: Any, fields: Iterable[str] = ()) -> dict[str, Any]:
    out = dict(record.doc)
    if "user" not in set(fields):
        out.pop("user", None)
    return out
