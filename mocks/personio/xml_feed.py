"""The public XML job feed of a company's career site: ``GET {company}.jobs.personio.de/xml``.

One ``<position>`` per published job under the root ``<workzag-jobs>``, its children in the
order real feeds use; optional elements are left out when empty, plain text is
entity-encoded and each description section's HTML sits in a CDATA block. The feed is
built by hand rather than with ElementTree: ElementTree cannot write CDATA, and a large
company's feed is written on every request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

DEFAULT_LANGUAGE = "de"
LANGUAGES: tuple[str, ...] = ("de", "en", "fr", "es", "nl", "it", "pt")

# The heading of the (single) description section, in the feed's language.
SECTION_TITLES: dict[str, str] = {
    "de": "Stellenbeschreibung",
    "en": "Job description",
    "fr": "Description du poste",
    "es": "Descripción del puesto",
    "nl": "Functieomschrijving",
    "it": "Descrizione del lavoro",
    "pt": "Descrição da vaga",
}

# Position-document key -> element, in the order of real feeds. The containers
# (additionalOffices, jobDescriptions) are written by their own helpers at their place.
_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("subcompany", "subcompany"),
    ("office", "office"),
    ("additional_offices", "additionalOffices"),
    ("department", "department"),
    ("category", "recruitingCategory"),
    ("name", "name"),
    ("descriptions", "jobDescriptions"),
    ("employment_type", "employmentType"),
    ("seniority", "seniority"),
    ("schedule", "schedule"),
    ("years_of_experience", "yearsOfExperience"),
    ("keywords", "keywords"),
    ("occupation", "occupation"),
    ("occupation_category", "occupationCategory"),
    ("created_at", "createdAt"),
)


def language_of(requested: str | None) -> str:
    """The feed language for a `language` parameter; unknown or absent ones get German."""
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


def feed_time(value: datetime) -> str:
    """`createdAt` as feeds write it: seconds and a numeric offset (``2024-11-13T14:10:41+00:00``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def cdata(text: str) -> str:
    # "]]>" cannot appear inside CDATA: end the block after "]]" and open a new one.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def description_for(position: Mapping[str, Any], language: str) -> str | None:
    """A position's description in `language` if it has one, else its own description."""
    return (position.get("descriptions") or {}).get(language) or position.get("description")


def _name_of(value: Any) -> Any:
    # Departments and categories are stored as {id, name}; the feed shows the name.
    return value.get("name") if isinstance(value, Mapping) else value


def _position(doc: Mapping[str, Any], language: str) -> str:
    parts = ["<position>"]
    for key, element in _ELEMENTS:
        if key == "descriptions":
            text = description_for(doc, language)
            if text:
                title = escape(SECTION_TITLES[language])
                section = f"<jobDescription><name>{title}</name><value>{cdata(text)}</value></jobDescription>"
                parts.append(f"<jobDescriptions>{section}</jobDescriptions>")
            else:
                parts.append("<jobDescriptions></jobDescriptions>")
            continue
        if key == "additional_offices":
            offices = doc.get(key) or []
            if offices:
                inner = "".join(f"<office>{escape(office)}</office>" for office in offices)
                parts.append(f"<additionalOffices>{inner}</additionalOffices>")
            continue
        value = _name_of(doc.get(key))
        if value is None or value == "":
            continue
        parts.append(f"<{element}>{escape(str(value))}</{element}>")
    parts.append("</position>")
    return "".join(parts)


def render_feed(positions: Iterable[Mapping[str, Any]], language: str) -> bytes:
    """The whole feed for the published positions, UTF-8 encoded."""
    body = "".join(_position(doc, language) for doc in positions)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>{body}</workzag-jobs>\n'.encode()
