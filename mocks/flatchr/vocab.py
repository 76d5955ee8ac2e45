"""Flatchr's words for the world's values: referentials, enums and how tag values are written.

One table per concept, used by the renderer and by writes, and read by the contract
projection so expectations follow the same rules. Where Flatchr's reference leaves a
value's meaning open (vacancy ``status`` beyond 1, the experience labels) the choice is
made here and written in docs/vendors/flatchr.md.
"""

from __future__ import annotations

import zlib
from typing import Any

# contract_type_id -> label (the /contracts referential). PART_TIME is a CDI with the
# vacancy's `partial` flag: Flatchr keeps part time as a flag, not as a contract type.
CONTRACTS: dict[int, str] = {1: "CDI", 2: "CDD", 3: "Intérim", 4: "Stage", 5: "Saisonnier", 6: "Freelance",
                             7: "Alternance"}  # fmt: skip
CONTRACT_OF_EMPLOYMENT: dict[str, tuple[int, bool]] = {
    "FULL_TIME": (1, False),
    "PART_TIME": (1, True),
    "CONTRACT": (2, False),
    "SEASONAL": (5, False),
    "INTERNSHIP": (4, False),
}

# experience: the documented enum 1, 2, 4, 6, 11 with the labels Flatchr's forms show.
EXPERIENCES: dict[int, str] = {1: "Moins d'un an", 2: "1 à 3 ans", 4: "3 à 5 ans", 6: "6 à 10 ans",
                               11: "Plus de 10 ans"}  # fmt: skip
EXPERIENCE_OF_LEVEL: dict[str, int] = {
    "Internship": 1,
    "Entry level": 1,
    "Junior": 2,
    "Mid-level": 4,
    "Senior": 6,
    "Lead": 6,
    "Principal": 11,
    "Executive": 11,
}

# remote: notime | parttime | fulltime. A temporary remote arrangement is part-time remote.
REMOTE_OF_STATUS: dict[str, str] = {"ON_SITE": "notime", "HYBRID": "parttime", "TEMPORARY": "parttime",
                                    "REMOTE": "fulltime"}  # fmt: skip

# mensuality: y | m | d | h. Weekly and fortnightly pay have no letter.
MENSUALITY_OF_PERIOD: dict[str, str] = {"YEAR": "y", "MONTH": "m", "DAY": "d", "HOUR": "h"}

# Vacancy status: 1 is the only value the docs show (on published vacancies).
STATUS_OF_JOB: dict[str, int] = {"CLOSED": 0, "OPEN": 1, "DRAFT": 2, "ARCHIVED": 3}

# Publication channels (`offer_id` of a distribution): the career site and the intranet.
CAREER_SITE_CHANNEL = 98
INTRANET_CHANNEL = 152
CHANNEL_OF_VISIBILITY: dict[str, int | None] = {
    "PUBLIC": CAREER_SITE_CHANNEL,
    "INTERNAL": INTRANET_CHANNEL,
    "UNLISTED": None,
    "CONFIDENTIAL": None,  # Flatchr has no confidential flag: such a job is simply not published
}

CURRENCIES = ("EUR", "USD", "GBP", "CAD", "CHF")

DEPARTMENT_TAG_TITLE = "Département"
BOOLEAN_WORDS = ("Non", "Oui")


def referential_id(label: str) -> int:
    """A stable integer id for a free referential label (activities, channels, métiers)."""
    return zlib.crc32(label.encode()) % 9000 + 1000


def money(value: float | None) -> str | None:
    """Flatchr's salary strings: French digit grouping ("40 000"), decimal comma."""
    if value is None:
        return None
    whole = int(value)
    text = f"{whole:,}".replace(",", " ")
    if value != whole:
        text += "," + f"{value - whole:.2f}"[2:].rstrip("0")
    return text


def tag_value(value: Any, field_type: str) -> str:
    """How a custom value is written as a tag value (tags hold text)."""
    if field_type == "boolean":
        return BOOLEAN_WORDS[bool(value)]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def tag_values(field_type: str, options: list[str]) -> str:
    """A tag definition's allowed values, `;`-joined ("" = free text)."""
    if field_type == "boolean":
        return ";".join(BOOLEAN_WORDS)
    return ";".join(options)
