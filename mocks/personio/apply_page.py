"""The career site's pages for one job: the job page and its application form (HTML).

Personio has no API that lists a job's screening questions; they are the recruiting
attributes (``custom_attribute_<n>``) the company put on the job's application form, which
the public apply page ``/job/{id}/apply`` shows. That page is what the connector reads (the
assumption is written down in docs/vendors/personio.md). Its form follows what clients of
the live pages rely on:

- each field is a ``<label for="field-<name>">`` plus an input, select or textarea named
  like the attribute (``first_name``, ``email``, ``custom_attribute_3960215``,
  ``documents.cv``); select options carry the option key (``custom_option_7``);
- a required field is marked by the label's suffix ``* (required)`` (``* (erforderlich)``
  in German ...), not by an HTML attribute;
- (our decisions) each field sits in a ``div.application-field`` whose ``data-attribute``
  names it; a conditional field names the field and the values it depends on in
  ``data-depends-on`` / ``data-depends-on-values``; a field's help text is a
  ``p.application-field-description``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .xml_feed import description_for

REQUIRED_SUFFIX: dict[str, str] = {
    "de": "* (erforderlich)",
    "en": "* (required)",
    "fr": "* (obligatoire)",
    "es": "* (obligatorio)",
    "nl": "* (verplicht)",
    "it": "* (obbligatorio)",
    "pt": "* (obrigatório)",
}

# The fixed fields of every form: name -> (German label, English label, input type).
_STANDARD: tuple[tuple[str, str, str, str], ...] = (
    ("first_name", "Vorname", "First name", "text"),
    ("last_name", "Nachname", "Last name", "text"),
    ("email", "E-Mail", "Email", "email"),
)
_DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("documents.cv", "Lebenslauf hochladen", "Upload CV"),
    ("documents.cover-letter", "Anschreiben hochladen", "Upload Cover letter"),
    ("documents.other", "Weitere Dokumente hochladen", "Upload Other"),
)
_CHOOSE = {"de": "Bitte auswählen", "en": "Please choose"}
_APPLY = {"de": "Jetzt bewerben", "en": "Apply now"}


def _text(language: str, german: str, english: str) -> str:
    return german if language == "de" else english


def _attr(name: str, value: Any) -> str:
    return "" if value is None else f' {name}="{escape(str(value))}"'


def _label(field_id: str, text: str, required: bool, language: str) -> str:
    suffix = REQUIRED_SUFFIX[language] if required else ""
    return f'<label for="{field_id}">{escape(text)}{escape(suffix)}</label>'


def _options(options: Sequence[Mapping[str, str]]) -> str:
    return "".join(f'<option value="{escape(o["id"])}">{escape(o["name"])}</option>' for o in options)


def _control(attribute: Mapping[str, Any], field_id: str, language: str) -> str:
    """The input of one custom attribute, by its type and display."""
    name = escape(attribute["id"])
    kind, display = attribute["type"], attribute.get("display")
    base = f'name="{name}" id="{field_id}"'
    if kind == "text":
        if display == "multi-line":
            return f"<textarea {base}{_attr('maxlength', attribute.get('max_length'))}></textarea>"
        input_type = {"email": "email", "url": "url"}.get(display or "", "text")
        return f'<input type="{input_type}" {base}{_attr("maxlength", attribute.get("max_length"))}>'
    if kind == "number":
        input_type = "range" if display == "slider" else "number"
        return f'<input type="{input_type}" {base}{_attr("min", attribute.get("min"))}{_attr("max", attribute.get("max"))}>'
    if kind == "date":
        return f'<input type="date" {base}>'
    if kind == "boolean":
        return f'<input type="checkbox" {base} value="true">'
    if kind == "file":
        return f'<input type="file" {base}>'
    options = attribute.get("options") or []
    if kind == "option" and display == "radio":
        buttons = "".join(
            f'<input type="radio" name="{name}" id="{field_id}-{escape(o["id"])}" value="{escape(o["id"])}">'
            f'<label for="{field_id}-{escape(o["id"])}">{escape(o["name"])}</label>'
            for o in options
        )
        return f'<fieldset id="{field_id}">{buttons}</fieldset>'
    multiple = " multiple" if kind == "multi-option" else ""
    placeholder = (
        "" if multiple else f'<option value="">{escape(_CHOOSE.get(language, _CHOOSE["en"]))}</option>'
    )
    return f"<select {base}{multiple}>{placeholder}{_options(options)}</select>"


def _custom_field(entry: Mapping[str, Any], attribute: Mapping[str, Any], language: str) -> str:
    field_id = f"field-{escape(attribute['id'])}"
    condition = entry.get("condition")
    data = f' data-attribute="{escape(attribute["id"])}"'
    if condition:
        data += f' data-depends-on="{escape(condition["attribute"])}"'
        data += f' data-depends-on-values="{escape(" ".join(condition["values"]))}"'
    parts = [
        f'<div class="application-field"{data}>',
        _label(field_id, attribute["label"], entry["required"], language),
    ]
    if attribute.get("description"):
        parts.append(f'<p class="application-field-description">{escape(attribute["description"])}</p>')
    parts.append(_control(attribute, field_id, language))
    parts.append("</div>")
    return "".join(parts)


def _page(title: str, language: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"</head><body>{body}</body></html>\n"
    ).encode()


def render_apply_page(
    position: Mapping[str, Any], attributes: Mapping[str, Mapping[str, Any]], company: str, language: str
) -> bytes:
    """The apply page of a published position: its form, fields in the form's order."""
    fields = []
    for name, german, english, input_type in _STANDARD:
        field_id = f"field-{name}"
        fields.append(
            f'<div class="application-field" data-attribute="{name}">'
            f"{_label(field_id, _text(language, german, english), True, language)}"
            f'<input type="{input_type}" name="{name}" id="{field_id}"></div>'
        )
    for entry in position.get("form") or []:
        attribute = attributes.get(entry["attribute"])
        if attribute is not None:
            fields.append(_custom_field(entry, attribute, language))
    for name, german, english in _DOCUMENTS:
        field_id = f"field-{name}"
        fields.append(
            f'<div class="application-field" data-attribute="{name}">'
            f"{_label(field_id, _text(language, german, english), False, language)}"
            f'<input type="file" name="{name}" id="{field_id}"></div>'
        )
    job_id = position["id"]
    form = (
        f'<form id="application-form" method="post" action="/job/{job_id}/apply" enctype="multipart/form-data">'
        + "".join(fields)
        + f'<button type="submit">{escape(_text(language, _APPLY["de"], _APPLY["en"]))}</button></form>'
    )
    heading = f"<h1>{escape(position['name'])}</h1>"
    return _page(f"{position['name']} - {company}", language, heading + form)


def render_job_page(position: Mapping[str, Any], company: str, language: str) -> bytes:
    """The public job page (the post URL): title, description and a link to the form."""
    description = description_for(position, language) or ""
    link = f'<a href="/job/{position["id"]}/apply?language={language}">{escape(_text(language, _APPLY["de"], _APPLY["en"]))}</a>'
    # The description is the company's own HTML, shown as such.
    body = f'<h1>{escape(position["name"])}</h1><div class="job-description">{description}</div>{link}'
    return _page(f"{position['name']} - {company}", language, body)


def render_not_found(language: str) -> bytes:
    return _page("404", language, "<h1>404</h1>")
