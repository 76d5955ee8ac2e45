"""Flatchr's date formats, each used where the reference shows it.

- ISO-8601 with milliseconds and ``Z``: vacancies, candidates, columns, applies.
- Unix seconds: an applicant's ``created_at`` / ``updated_at``.
- ``DD/MM/YY``: ``created_at`` in applicant search rows.
- ``MM/DD/YY``: the search *filters* ``start``, ``end``, ``start_update``, ``end_update``
  (a full ``YYYY-MM-DD[ HH:MM:SS]`` is tolerated there too, as integrators send it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def unix(value: datetime) -> int:
    return int(value.timestamp())


def from_unix(value: int) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def day_month_year(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%d/%m/%y")


def parse_filter_date(value: str) -> date:
    """A search filter date: ``MM/DD/YY`` (documented) or ``YYYY-MM-DD[ HH:MM:SS]``.
    ValueError otherwise."""
    text = value.strip()
    if "/" in text:
        return datetime.strptime(text, "%m/%d/%y").date()
    return date.fromisoformat(text[:10])


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def day_end(day: date) -> datetime:
    return day_start(day) + timedelta(days=1)
