"""Scalar types and enums of the unified model (kombo.md §3.0).

Open enums (``enum(open ...)`` in kombo.md) are typed ``Literal[...] | str``: Kombo emits
the listed value when it can map the vendor's word and passes the raw string through
otherwise, so both must validate. Closed enums are plain Literals.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

# --- open enums (Job) ---------------------------------------------------------------------
EmploymentTypeValue = Literal["FULL_TIME", "PART_TIME", "CONTRACT", "SEASONAL", "INTERNSHIP"]
JobStatusValue = Literal["OPEN", "CLOSED", "DRAFT", "ARCHIVED"]
JobVisibilityValue = Literal["PUBLIC", "INTERNAL", "UNLISTED", "CONFIDENTIAL"]
RemoteWorkStatusValue = Literal["REMOTE", "HYBRID", "TEMPORARY", "ON_SITE"]
SalaryPeriodValue = Literal["YEAR", "MONTH", "TWO_WEEKS", "WEEK", "DAY", "HOUR"]

EmploymentType = EmploymentTypeValue | str
JobStatus = JobStatusValue | str
JobVisibility = JobVisibilityValue | str
RemoteWorkStatus = RemoteWorkStatusValue | str
SalaryPeriod = SalaryPeriodValue | str

# --- closed enums -------------------------------------------------------------------------
StageStatus = Literal["ACTIVE", "INACTIVE"]
PostingStatus = Literal["ACTIVE", "INACTIVE", "DRAFT"]
PostingVisibility = Literal["PUBLIC", "INTERNAL", "UNLISTED"]
QuestionFormatType = Literal[
    "TEXT", "NUMBER", "FILE", "SINGLE_SELECT", "BOOLEAN", "DATE", "MULTI_SELECT", "INFORMATION", "UNKNOWN"
]
AnswerType = Literal["TEXT", "SINGLE_SELECT", "MULTI_SELECT", "BOOLEAN", "NUMBER", "DATE", "UNKNOWN"]
TextDisplayType = Literal["SINGLE_LINE", "MULTI_LINE", "EMAIL", "URL"]
NumberDisplayType = Literal["SLIDER", "FIELD"]
SelectDisplayType = Literal["DROPDOWN", "RADIO"]
QuestionCategory = Literal["EEO", "DEMOGRAPHIC"]
Outcome = Literal["PENDING", "HIRED", "DECLINED"]
OfferStatus = Literal["ACCEPTED", "DECLINED", "SENT", "APPROVED", "DRAFT", "ABANDONED"]
UserStatus = Literal["ACTIVE", "INACTIVE"]
RoleScope = Literal["SYSTEM", "JOB"]
RoleType = Literal["HIRING_MANAGER", "RECRUITER", "COORDINATOR", "SOURCER", "INTERVIEWER", "ADMIN"]
AttachmentType = Literal["CV", "COVER_LETTER", "OTHER"]
IntegrationFieldType = Literal["DEFAULT", "CUSTOM"]
# write inputs
Gender = Literal["MALE", "FEMALE", "OTHER"]
SalaryExpectationPeriod = Literal["MONTH", "YEAR"]
ContactType = Literal["PERSONAL", "WORK", "OTHER"]
NoteContentType = Literal["PLAIN_TEXT"]


# --- times --------------------------------------------------------------------------------
def _as_datetime(value: Any) -> Any:
    # A bare date (an offer's start date) is midnight UTC of that day.
    if type(value) is date:
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


def _to_utc(value: datetime) -> datetime:
    # Vendors send naive local-less times as often as offsets; the unified model is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso_utc(value: datetime) -> str:
    """Kombo's wire form of a time: ISO-8601 UTC with milliseconds (``2022-08-07T14:01:29.196Z``)."""
    utc = _to_utc(value)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


UtcDatetime = Annotated[
    datetime,
    BeforeValidator(_as_datetime),
    AfterValidator(_to_utc),
    PlainSerializer(iso_utc, return_type=str, when_used="json"),
]
"""A timezone-aware UTC datetime: naive input is taken as UTC, offsets are converted, a
bare date is midnight UTC; JSON output has milliseconds and ``Z``."""

# kombo.md §1.4: write-request dates are a bare date or a timestamp with optional fraction and Z.
_DATE_OR_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?Z?$")


def _parse_date_or_datetime(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if not _DATE_OR_TIMESTAMP.match(value):
        raise ValueError("expected YYYY-MM-DD or an ISO-8601 timestamp")
    if len(value) == 10:
        return date.fromisoformat(value)
    return _to_utc(datetime.fromisoformat(value))


DateOrDatetime = Annotated[datetime | date, BeforeValidator(_parse_date_or_datetime)]
"""A write-request date (``availability_date``, ``gdpr_consent.expires_at``): a ``date`` when
a bare date was sent, a UTC ``datetime`` when a timestamp was."""
