"""Reading Personio's public career site: the XML job feed and the jobs' application forms.

**Screening questions (an assumption, kept in this one module).** Personio has no API that
lists a job's screening questions. They are the recruiting attributes the company put on
the job's application form, which the public apply page shows, so the connector reads that
page: ``GET {career site}/job/{id}/apply?language=en`` (``APPLY_PATH``). Every form field
named ``custom_attribute_<n>`` is a question; its label is the title (a trailing
``* (required)`` — in any of the career site's languages — marks it required), a
``p.application-field-description`` its description, the input's kind its format, select
options (``custom_option_<n>``) its choices, and ``data-depends-on`` /
``data-depends-on-values`` on the field's wrapper its precondition. Should Personio expose
the form another way, only this module changes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

APPLY_PATH = "/job/{job_id}/apply"
APPLY_LANGUAGE = "en"
FEED_PATH = "/xml"
QUESTION_PREFIX = "custom_attribute_"
_REQUIRED = re.compile(
    r"\s*\*\s*(\((required|erforderlich|obligatoire|obligatorio|verplicht|obbligatorio|obrigatório)\))?\s*$"
)

# --- the XML feed -----------------------------------------------------------------------


def parse_feed(body: bytes) -> dict[str, dict[str, Any]]:
    """Positions by id: each element's text (containers as lists), descriptions as sections."""
    root = ET.fromstring(body)
    positions: dict[str, dict[str, Any]] = {}
    for element in root.findall("position"):
        position: dict[str, Any] = {}
        for child in element:
            if child.tag == "jobDescriptions":
                position[child.tag] = [
                    {"name": d.findtext("name") or "", "value": d.findtext("value") or ""}
                    for d in child.findall("jobDescription")
                ]
            elif child.tag == "additionalOffices":
                offices = [o.text or "" for o in child.findall("office")]
                position[child.tag] = offices or [t for t in [(child.text or "").strip()] if t]
            else:
                position[child.tag] = (child.text or "").strip()
        if position.get("id"):
            positions[position["id"]] = position
    return positions


def description_of(position: dict[str, Any]) -> str | None:
    """One HTML description: a lone section's value, or each section under its heading."""
    sections = [s for s in position.get("jobDescriptions") or [] if s["value"]]
    if not sections:
        return None
    if len(sections) == 1:
        return sections[0]["value"]
    return "".join(f"<h3>{s['name']}</h3>{s['value']}" for s in sections)


# --- the application form ---------------------------------------------------------------


@dataclass
class FormField:
    """One field of an application form, as the page shows it."""

    name: str
    label: str = ""
    required: bool = False
    description: str | None = None
    control: str = ""  # input type, "textarea", "select", "select-multiple" or "radio"
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    attrs: dict[str, str] = field(default_factory=dict)  # the control's HTML attributes
    depends_on: str | None = None
    depends_on_values: list[str] = field(default_factory=list)

    @property
    def is_question(self) -> bool:
        return self.name.startswith(QUESTION_PREFIX)


class _FormParser(HTMLParser):
    """Collects the fields of ``form#application-form`` in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[FormField] = []
        self._in_form = False
        self._current: FormField | None = None
        self._labels: dict[str, str] = {}  # for= -> text
        self._label_for: str | None = None
        self._text: list[str] = []
        self._capture: str | None = None  # "label", "description" or "option"
        self._option_value: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form" and attrs.get("id") == "application-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "div" and "application-field" in attrs.get("class", "").split():
            self._current = FormField(
                name=attrs.get("data-attribute", ""),
                depends_on=attrs.get("data-depends-on") or None,
                depends_on_values=(attrs.get("data-depends-on-values") or "").split(),
            )
            self.fields.append(self._current)
        elif tag == "label":
            self._label_for, self._capture, self._text = attrs.get("for"), "label", []
        elif tag == "p" and "application-field-description" in attrs.get("class", "").split():
            self._capture, self._text = "description", []
        elif self._current is not None and tag in ("input", "textarea", "select"):
            self._control(tag, attrs)
        elif tag == "option" and self._current is not None:
            self._capture, self._text, self._option_value = "option", [], attrs.get("value", "")

    def _control(self, tag: str, attrs: dict[str, str]) -> None:
        current = self._current
        assert current is not None
        if tag == "input" and attrs.get("type") == "radio":
            current.control = "radio"
            current.options.append((attrs.get("value", ""), attrs.get("id", "")))  # label follows
            return
        if tag == "select":
            current.control = "select-multiple" if "multiple" in attrs else "select"
        elif tag == "textarea":
            current.control = "textarea"
        else:
            current.control = attrs.get("type", "text")
        current.attrs = attrs

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
            self._current = None
        if self._capture == "label" and tag == "label":
            self._labels[self._label_for or ""] = "".join(self._text)
            self._capture = None
        elif self._capture == "description" and tag == "p" and self._current is not None:
            self._current.description = "".join(self._text)
            self._capture = None
        elif self._capture == "option" and tag == "option" and self._current is not None:
            if self._option_value:
                self._current.options.append((self._option_value, "".join(self._text)))
            self._capture = None
        elif tag == "div" and self._current is not None and not self._capture:
            self._finish(self._current)
            self._current = None

    def _finish(self, current: FormField) -> None:
        text = self._labels.get(f"field-{current.name}", "")
        current.required = _REQUIRED.search(text) is not None
        current.label = _REQUIRED.sub("", text)
        # Radio buttons carry their own labels (label for= the button's id).
        current.options = [(value, self._labels.get(ref, ref) if current.control == "radio" else ref)
                           for value, ref in current.options]  # fmt: skip


def parse_apply_page(body: bytes) -> list[FormField]:
    """The fields of an apply page's application form, in order."""
    parser = _FormParser()
    parser.feed(body.decode("utf-8"))
    parser.close()
    return parser.fields


# --- form fields -> unified question formats --------------------------------------------

_TEXT_DISPLAY = {"text": "SINGLE_LINE", "textarea": "MULTI_LINE", "email": "EMAIL", "url": "URL"}


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def question_format(form_field: FormField, option_id: Any) -> dict[str, Any]:
    """The unified format of a question field; `option_id(value)` gives an option's unified id."""
    control, attrs = form_field.control, form_field.attrs
    options = [
        {"id": option_id(value), "remote_id": value, "name": name} for value, name in form_field.options
    ]
    if control in _TEXT_DISPLAY:
        length = attrs.get("maxlength")
        return {
            "type": "TEXT",
            "display_type": _TEXT_DISPLAY[control],
            "max_length": int(length) if length else None,
        }
    if control in ("number", "range"):
        display = "SLIDER" if control == "range" else "FIELD"
        return {
            "type": "NUMBER",
            "display_type": display,
            "min": _number(attrs.get("min")),
            "max": _number(attrs.get("max")),
        }
    if control == "date":
        return {"type": "DATE"}
    if control == "checkbox":
        return {"type": "BOOLEAN"}
    if control == "file":
        return {"type": "FILE"}
    if control in ("select", "radio"):
        return {
            "type": "SINGLE_SELECT",
            "display_type": "RADIO" if control == "radio" else "DROPDOWN",
            "options": options,
        }
    if control == "select-multiple":
        return {"type": "MULTI_SELECT", "options": options}
    return {"type": "UNKNOWN", "raw_question": {"control": control, **attrs}}
