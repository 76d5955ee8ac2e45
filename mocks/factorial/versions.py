"""Factorial's dated API versions: which ones the mock serves and what each one changes.

Every resource path carries a version segment (`/api/2026-10-01/resources/...`). Factorial
releases a version each quarter and supports each for a year; a call to a version that is
no longer supported is served with the oldest supported version's schema instead of being
refused (reference §1 "Versioning"). What the mock does with a version string the
reference does not cover is decided here, in one place:

- a well-formed date older than the oldest supported version -> the oldest supported one
  (documented behaviour);
- a well-formed date between two supported versions -> the newest supported version
  released on or before it (a client pinned to a date gets the schema of that date);
- a date after the newest supported version, or anything that is not a YYYY-MM-DD date ->
  404 in Factorial's error envelope (decision: nothing can be served for a future schema).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Oldest first. The webhook `api_version` enum of the official SDK 3.0.0 lists exactly these.
SUPPORTED: tuple[str, ...] = ("2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01")
LATEST = SUPPORTED[-1]

# From this version on every id and *_id is a JSON string (changelog; SDK 2.x/3.x use str).
STRING_IDS_SINCE = "2026-07-01"
# `POST ats/applications/move_to_phase` and the application's `cv` object appear here.
MOVE_TO_PHASE_SINCE = "2026-07-01"
CV_SINCE = "2026-07-01"
# Job postings with status `deleted` are listed (the enum gained the value in SDK 3.x).
DELETED_POSTINGS_SINCE = "2026-10-01"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class ApiVersion:
    """The version a request is served with (after resolving expired or in-between dates)."""

    requested: str
    name: str

    @property
    def string_ids(self) -> bool:
        return self.name >= STRING_IDS_SINCE

    @property
    def has_move_to_phase(self) -> bool:
        return self.name >= MOVE_TO_PHASE_SINCE

    @property
    def has_cv(self) -> bool:
        return self.name >= CV_SINCE

    @property
    def lists_deleted_postings(self) -> bool:
        return self.name >= DELETED_POSTINGS_SINCE


def resolve(requested: str) -> ApiVersion | None:
    """The version that serves `requested`, or None when nothing does (-> 404)."""
    if not _DATE.match(requested):
        return None
    try:
        date.fromisoformat(requested)
    except ValueError:
        return None
    if requested > LATEST:
        return None
    served = SUPPORTED[0]
    for name in SUPPORTED:
        if name <= requested:
            served = name
    return ApiVersion(requested, served)
