"""Gem's wire vocabulary in one place: times, enum words, and the mapping choices the
reference leaves open (each one is listed in docs/vendors/gem.md).

Render writes with these tables and the routes validate against them, so a word never
drifts between the two.
"""

from __future__ import annotations

from datetime import UTC, datetime

# ATS API times: ISO-8601 UTC with milliseconds, as Greenhouse Harvest renders them.


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """An ISO-8601 timestamp (``Z`` or an offset; a bare date means midnight UTC)."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def unix(value: datetime | str | None) -> int | None:
    """Sourcing-API times: integer Unix seconds."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_iso(value)
    return int(value.timestamp())


# Job status: Gem knows open|closed|draft|pending_approval|approved. The world's ARCHIVED
# has no Gem word; an archived requisition is a closed one.
JOB_STATUS_OUT = {"OPEN": "open", "CLOSED": "closed", "DRAFT": "draft", "ARCHIVED": "closed"}
JOB_STATUSES = ("open", "closed", "draft", "pending_approval", "approved")

# Application status (Harvest's three).
APPLICATION_STATUS_OUT = {"PENDING": "active", "DECLINED": "rejected", "HIRED": "hired"}
APPLICATION_STATUSES = ("active", "rejected", "hired")

# Harvest's rejection reason types.
REJECTION_TYPES = {False: (1, "We rejected them"), True: (2, "They rejected us")}

# Contact types, lower case as in Harvest.
PHONE_TYPES = {"MOBILE": "mobile", "HOME": "home", "WORK": "work", "OTHER": "other"}
EMAIL_TYPES = {"PERSONAL": "personal", "WORK": "work", "OTHER": "other"}
ATTACHMENT_TYPES = {"CV": "resume", "COVER_LETTER": "cover_letter", "OTHER": "other"}

# Job hiring team: Gem's four role lists; other world roles have no place on a Gem job.
HIRING_TEAM_KEYS = {
    "HIRING_MANAGER": "hiring_managers",
    "RECRUITER": "recruiters",
    "COORDINATOR": "coordinators",
    "SOURCER": "sourcers",
}

# Scheduled interview status. Gem documents scheduled|awaiting_feedback|complete; a
# canceled interview gets the extra word below (Kombo reads `canceled` from Gem, so Gem
# must say it somewhere; this is the decision, see the README).
INTERVIEW_CANCELED = "canceled"
INTERVIEW_STATUSES = ("scheduled", "awaiting_feedback", "complete", INTERVIEW_CANCELED)


# Write limits, shared by the routes that enforce them and the OpenAPI document.
NOTE_MAX = 10_000  # characters of a candidate note
CANDIDATE_IDS_MAX = 20  # items of the sourcing API's candidate_ids filter
RESUME_MAX_BYTES = 10 * 1024 * 1024
RESUME_TYPES = {  # the resume kinds Gem takes, by extension
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# A note body is blank when it holds only these characters. Spelled out, not ``str.isspace``
# or a regex ``\s``: those differ between Python and the JSON-Schema engines that read the
# OpenAPI document's pattern, and the document must accept exactly what the mock accepts.
BLANK_CHARACTERS = " \t\n\r\x0b\x0c"
NOT_BLANK_PATTERN = "[^ \\t\\n\\r\\x0b\\x0c]"


def is_blank(text: str) -> bool:
    return not text.strip(BLANK_CHARACTERS)


def office_location_name(city: str | None, region: str | None, country: str | None) -> str | None:
    """An office's ``location.name``: "City, Region, CC" with empty parts left out."""
    parts = [p for p in (city, region, country) if p]
    return ", ".join(parts) or None


def posting_flags(visibility: str) -> tuple[bool, bool]:
    """(internal, external) job-board flags for a posting visibility. UNLISTED is on
    neither board."""
    return visibility == "INTERNAL", visibility == "PUBLIC"
