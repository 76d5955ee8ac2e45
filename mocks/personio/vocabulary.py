"""How the world's unified vocabulary is said in Personio's words.

Rendering uses these tables to write native documents; the contract projection uses the
same tables to say what a connector can read back, because they are the vendor's
documented vocabulary (or our recorded decision where Personio has no equivalent), not
part of any connector.
"""

from __future__ import annotations

from atsbox.fixtures import model as w

# XML `employmentType` (permanent, intern, trainee, freelance) and `schedule`
# (full-time, part-time). Personio has no seasonal type: seasonal work is a fixed-term
# engagement, written as freelance (our decision).
EMPLOYMENT: dict[str, tuple[str, str]] = {
    "FULL_TIME": ("permanent", "full-time"),
    "PART_TIME": ("permanent", "part-time"),
    "CONTRACT": ("freelance", "full-time"),
    "SEASONAL": ("freelance", "part-time"),
    "INTERNSHIP": ("intern", "full-time"),
}

# World experience level -> XML (`seniority`, `yearsOfExperience`).
SENIORITY: dict[str, tuple[str, str | None]] = {
    "Internship": ("student", None),
    "Entry level": ("entry-level", "lt-1"),
    "Junior": ("entry-level", "1-2"),
    "Mid-level": ("experienced", "2-5"),
    "Senior": ("experienced", "5-7"),
    "Lead": ("experienced", "7-10"),
    "Principal": ("executive", "10-15"),
    "Executive": ("executive", "gt-15"),
}

# v1 `gender` attribute values (male / female / diverse / undefined).
GENDER: dict[str, str] = {"MALE": "male", "FEMALE": "female", "OTHER": "diverse"}

# File categories of the v1 `files[]` items.
DOCUMENT_CATEGORY: dict[str, str] = {"CV": "cv", "COVER_LETTER": "cover-letter", "OTHER": "other"}

ROLE_NAMES: dict[str, str] = {
    "HIRING_MANAGER": "Hiring Manager",
    "RECRUITER": "Recruiter",
    "COORDINATOR": "Coordinator",
    "SOURCER": "Sourcer",
    "INTERVIEWER": "Interviewer",
    "ADMIN": "Admin",
}


def is_published(job: w.Job) -> bool:
    """On the public career site (and so in the XML feed) while it exists: open and public."""
    return job.status == "OPEN" and job.visibility == "PUBLIC"


def is_live_published(job: w.Job) -> bool:
    """Published and not deleted: what the career site shows now."""
    return is_published(job) and job.times.deleted_at is None


def location_text(city: str | None, country: str | None) -> str | None:
    """The free-text `location` attribute: ``Munich, DE`` (either part may be missing)."""
    text = ", ".join(part for part in (city, country) if part)
    return text or None


def salary_text(amount: float, period: str, currency: str | None = None) -> str:
    """The free-text `salary_expectations` attribute: ``65000 EUR per year``."""
    number = str(int(amount)) if float(amount).is_integer() else str(amount)
    money = f"{number} {currency}" if currency else number
    return f"{money} per {period.lower()}"


def german_description(job: w.Job) -> str | None:
    """What the default (German) feed shows: the German text if the job has one, else its own."""
    return job.descriptions.get("de") or job.description_html
