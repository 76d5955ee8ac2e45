"""Recruiting attributes: Personio's custom applicant fields, their types and their values.

Personio keeps everything an applicant answers beyond name and email as *attributes*: the
system ones (``birthday``, ``gender``, ``location``, ``phone``, ``available_from``,
``salary_expectations``) and the company's custom ones (``custom_attribute_<n>``), whose
values always travel as strings (the v1 create body's ``attributes[].value``).

Here live the custom attribute definitions the world implies (one per screening question
and per candidate/application custom field), how a world value becomes the string Personio
stores, and the v1 rules for an incoming value. Our decisions where Personio's types end
(the reference lists text, date and option attributes): numbers are decimal strings,
booleans ``true``/``false``, a multi-select is its option keys joined by commas, and a
file question holds the UUID of an uploaded document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from atsbox.fixtures import model as w

from . import errors, ids

SYSTEM_ATTRIBUTES: tuple[str, ...] = (
    "birthday",
    "gender",
    "location",
    "phone",
    "available_from",
    "salary_expectations",
)
GENDERS: tuple[str, ...] = ("male", "female", "diverse", "undefined")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

# World question type -> (Personio attribute type, display by world display type).
_QUESTION_TYPES: dict[str, str] = {
    "TEXT": "text",
    "NUMBER": "number",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "SINGLE_SELECT": "option",
    "MULTI_SELECT": "multi-option",
    "FILE": "file",
}
_DISPLAYS: dict[str, str] = {
    "SINGLE_LINE": "single-line",
    "MULTI_LINE": "multi-line",
    "EMAIL": "email",
    "URL": "url",
    "FIELD": "field",
    "SLIDER": "slider",
    "DROPDOWN": "dropdown",
    "RADIO": "radio",
}
_FIELD_TYPES: dict[str, str] = {
    "text": "text",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
    "select": "option",
}


def number_text(value: float | int) -> str:
    """A number as Personio's string value: no trailing ``.0`` on whole numbers."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def question_attribute(question: w.Question) -> dict[str, Any]:
    fmt = question.format
    return {
        "id": ids.attribute_id("question", question.id),
        "label": question.title,
        "description": question.description,
        "type": _QUESTION_TYPES[fmt.type],
        "display": _DISPLAYS.get(fmt.display_type or ""),
        "options": [{"id": ids.option_id(o.id), "name": o.name} for o in fmt.options],
        "max_length": fmt.max_length,
        "min": None if fmt.min is None else number_text(fmt.min),
        "max": None if fmt.max is None else number_text(fmt.max),
    }


def custom_field_option(definition: w.CustomFieldDef, index: int) -> str:
    # Custom-field options are plain strings in the world; number them after the field.
    return f"custom_option_{ids.native_int('custom_field', definition.id) * 100 + index}"


def custom_field_attribute(definition: w.CustomFieldDef) -> dict[str, Any]:
    return {
        "id": ids.attribute_id("custom_field", definition.id),
        "label": definition.label,
        "description": None,
        "type": _FIELD_TYPES[definition.type],
        "display": None,
        "options": [
            {"id": custom_field_option(definition, i), "name": name}
            for i, name in enumerate(definition.options, 1)
        ],
        "max_length": None,
        "min": None,
        "max": None,
    }


def encode(value: Any, attribute: Mapping[str, Any], documents: Mapping[str, str] | None = None) -> str:
    """A world value (an answer or a custom-field value) as the attribute's string value.

    Select answers are world option ids, custom-field selects option names; `documents`
    maps world attachment ids to document UUIDs for file answers.
    """
    kind = attribute["type"]
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "number":
        return number_text(value)
    if kind == "file":
        return (documents or {}).get(value, str(value))
    if kind in ("option", "multi-option"):
        by_name = {o["name"]: o["id"] for o in attribute["options"]}
        chosen = value if isinstance(value, list) else [value]
        keys = [by_name[c] if c in by_name else ids.option_id(c) for c in chosen]
        return ",".join(keys)
    return str(value)


def check(
    attribute_id: str,
    value: Any,
    definitions: Mapping[str, Mapping[str, Any]],
    document_exists: Callable[[str], bool],
) -> str | None:
    """The v1 reason an attribute value is refused for, or None when it is fine."""
    if not isinstance(value, str):
        return errors.INVALID_TYPE
    if attribute_id in SYSTEM_ATTRIBUTES:
        if not value.strip():
            return errors.REQUIRED_ATTRIBUTE
        if attribute_id == "birthday":
            return _date_reason(value)
        if attribute_id == "gender" and value not in GENDERS:
            return errors.UNKNOWN_OPTION
        return None
    definition = definitions.get(attribute_id)
    if definition is None:
        return errors.UNKNOWN_ATTRIBUTE
    if not value.strip():
        return errors.REQUIRED_ATTRIBUTE
    kind = definition["type"]
    if kind == "date":
        return _date_reason(value)
    if kind == "file" and not document_exists(value):
        return errors.FILE_NOT_EXISTS
    if kind == "number" and not _NUMBER.match(value):
        return errors.INVALID_TYPE
    if kind == "boolean" and value not in ("true", "false"):
        return errors.UNKNOWN_OPTION
    if kind in ("option", "multi-option"):
        allowed = {o["id"] for o in definition["options"]}
        chosen = value.split(",") if kind == "multi-option" else [value]
        if not all(c in allowed for c in chosen):
            return errors.UNKNOWN_OPTION
    return None


def is_iso_date(value: str) -> bool:
    """A strict ``YYYY-MM-DD`` calendar date (ISO-8601 local date)."""
    if not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _date_reason(value: str) -> str | None:
    return None if is_iso_date(value) else errors.INVALID_DATE_FORMAT
