"""Write-action inputs and outputs (kombo.md §4 and Appendix A request bodies).

Constructing or parsing an input with bad data raises the unified ``InvalidInput`` (field =
the dotted path of the first problem), never a bare pydantic error, so connectors and the
HTTP layers above them answer invalid input the same way.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Self, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InvalidInput
from .records import Application, Candidate
from .types import (
    AttachmentType,
    ContactType,
    DateOrDatetime,
    Gender,
    NoteContentType,
    SalaryExpectationPeriod,
    UtcDatetime,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTENT_TYPE = re.compile(r"^[\w.-]+/[\w.-]+$")  # kombo.md §4.1
_COUNTRY = re.compile(r"^[A-Z]{2}$")
DATA_URL_SCHEMES = ("http", "https", "data")


class _RaisesInvalidInput(type(BaseModel)):
    # Converting in the metaclass's __call__ rather than an overridden __init__: pydantic
    # runs a custom __init__ for nested models too, which would turn nested errors into
    # opaque "Value error" strings and lose their field paths.
    def __call__(cls, /, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as exc:
            raise InvalidInput.from_validation(exc) from None


class WriteInput(BaseModel, metaclass=_RaisesInvalidInput):
    """Base of every write input: unknown keys are refused, errors are ``InvalidInput``
    (from the constructor and from ``parse``)."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def parse(cls, data: Any) -> Self:
        """Validate a request body (a dict, or an instance which is returned as is)."""
        if isinstance(data, cls):
            return data
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput.from_validation(exc) from None


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("not an email address")
    return value


def _check_url(value: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    parts = urlsplit(value)
    if parts.scheme not in schemes or (parts.scheme != "data" and not parts.netloc):
        raise ValueError(f"not a {'/'.join(schemes)} URL")
    return value


# --- files --------------------------------------------------------------------------------
class FileInput(WriteInput):
    """A file given inline (``data``, base64) or by URL (``data_url``, fetched once).

    One of the two is required; when both are given ``data`` is used. ``content_type`` is
    required with ``data`` and optional with ``data_url`` (the download's type is used).
    ``data_url`` may be http(s) or a ``data:`` URL.
    """

    name: str
    content_type: str | None = None
    data_url: str | None = None
    data: str | None = None

    @field_validator("content_type")
    @classmethod
    def _content_type(cls, value: str | None) -> str | None:
        if value is not None and not _CONTENT_TYPE.match(value):
            raise ValueError("content_type must look like type/subtype")
        return value

    @field_validator("data")
    @classmethod
    def _base64(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("data must be base64") from None
        return value

    @field_validator("data_url")
    @classmethod
    def _data_url(cls, value: str | None) -> str | None:
        return None if value is None else _check_url(value, DATA_URL_SCHEMES)

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if self.data is None and self.data_url is None:
            raise ValueError("either data or data_url is required")
        if self.data is not None and self.content_type is None:
            raise ValueError("content_type is required when data is given")
        return self


class AttachmentInput(FileInput):
    type: AttachmentType


class FileAnswerInput(FileInput):
    """The answer to a FILE screening question."""


# --- candidate ----------------------------------------------------------------------------
class AdditionalEmailInput(WriteInput):
    type: ContactType
    email_address: str

    _email = field_validator("email_address")(_check_email)


class AdditionalPhoneInput(WriteInput):
    type: ContactType
    phone_number: str


class CandidateLocationInput(WriteInput):
    city: str | None = None
    country: str  # ISO-3166 alpha-2
    state: str | None = None
    street_1: str | None = None
    zip_code: str | None = None

    @field_validator("country")
    @classmethod
    def _iso2(cls, value: str) -> str:
        if not _COUNTRY.match(value):
            raise ValueError("country must be an ISO-3166 alpha-2 code such as DE")
        return value


class SalaryExpectationsInput(WriteInput):
    period: SalaryExpectationPeriod
    amount: float


class SocialLinkInput(WriteInput):
    url: str

    _url = field_validator("url")(_check_url)


class CandidateInput(WriteInput):
    first_name: str
    last_name: str
    email_address: str
    additional_email_addresses: list[AdditionalEmailInput] = Field(default_factory=list)
    company: str | None = None
    title: str | None = None
    phone_number: str | None = None
    additional_phone_numbers: list[AdditionalPhoneInput] = Field(default_factory=list)
    location: CandidateLocationInput | None = None
    gender: Gender | None = None
    availability_date: DateOrDatetime | None = None
    salary_expectations: SalaryExpectationsInput | None = None
    social_links: list[SocialLinkInput] = Field(default_factory=list)

    _email = field_validator("email_address")(_check_email)


class ScreeningAnswerInput(WriteInput):
    """``answer`` by question format: TEXT str, SINGLE_SELECT option id, MULTI_SELECT list
    of option ids, BOOLEAN bool, NUMBER number, DATE ISO date string, FILE a file object."""

    question_id: str
    answer: bool | int | float | str | list[str] | FileAnswerInput


class SourceInput(WriteInput):
    """Deprecated by Kombo (it writes the source itself) yet still accepted and listed."""

    name: str | None = None
    unified_key: str | None = None
    id: str | None = None


class SourcedByInput(WriteInput):
    user_id: str  # unified user id or remote:<id>


class GdprConsentInput(WriteInput):
    expires_at: DateOrDatetime | None = None
    given: bool | None = None


class ApplicationTargetInput(WriteInput):
    job_id: str  # unified job id or remote:<id>
    stage_id: str | None = None  # the job's default stage when omitted


class _ApplicantInput(WriteInput):
    # What create-candidate and create-application share.
    candidate: CandidateInput
    attachments: list[AttachmentInput] = Field(default_factory=list)
    screening_question_answers: list[ScreeningAnswerInput] = Field(default_factory=list)
    source: SourceInput | None = None
    sourced_by: SourcedByInput | None = None
    gdpr_consent: GdprConsentInput | None = None
    remote_fields: dict[str, Any] | None = None  # per-tool extras; connectors may ignore them


class CreateCandidateInput(_ApplicantInput):
    """``POST /ats/candidates`` (legacy): the job is in ``application``."""

    application: ApplicationTargetInput


class CreateApplicationInput(_ApplicantInput):
    """``POST /ats/jobs/{job_id}/applications``: the job is in the path."""

    stage_id: str | None = None


# --- the smaller actions ------------------------------------------------------------------
class TagInput(WriteInput):
    """Tags are addressed by name (kombo.md §4.8): the body's ``tag`` object."""

    name: str


class RejectInput(WriteInput):
    rejection_reason_id: str
    note: str | None = None
    remote_fields: dict[str, Any] | None = None


class MoveStageInput(WriteInput):
    stage_id: str
    remote_fields: dict[str, Any] | None = None


class NoteInput(WriteInput):
    content: str
    content_type: NoteContentType = "PLAIN_TEXT"  # the only value Kombo knows
    remote_fields: dict[str, Any] | None = None


class ResultLinkAttributeInput(WriteInput):
    key: str
    value: str


class ResultLinkDetailsInput(WriteInput):
    custom_field_name_prefix: str  # custom fields become "<prefix> <key>"
    attributes: list[ResultLinkAttributeInput]


class ResultLinkInput(WriteInput):
    label: str
    url: str
    details: ResultLinkDetailsInput | None = None
    remote_fields: dict[str, Any] | None = None

    _url = field_validator("url")(_check_url)


# --- outputs ------------------------------------------------------------------------------
class AttachmentOut(BaseModel):
    """One file of ``get_*_attachments`` (kombo.md §3.14). The application variant may leave
    ``application_id`` and ``candidate_id`` unset."""

    model_config = ConfigDict(extra="forbid")

    id: str
    remote_id: str
    application_id: str | None = None
    candidate_id: str | None = None
    type: AttachmentType
    data_url: str  # where the bytes can be downloaded (a vendor URL or a data: URL)
    file_name: str
    content_type: str
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None


class CreatedApplication(BaseModel):
    """What create-candidate and create-application return: the new (or matched) candidate
    and the new application, flat, plus Kombo-style warnings."""

    model_config = ConfigDict(extra="forbid")

    application: Application
    candidate: Candidate
    warnings: list[str] = Field(default_factory=list)


# --- introspection for the contracts ------------------------------------------------------
def _model_in(annotation: Any) -> type[BaseModel] | None:
    # The BaseModel inside `X | None`, `list[X]` or `bool | ... | X`, if any.
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is not None:
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def input_field_paths(model: type[BaseModel], prefix: str = "") -> frozenset[str]:
    """Every dotted path of an input model, lists flattened the way the coverage pages write
    them (``candidate.social_links.url``, ``attachments.type``). Intermediate objects are
    paths too (``candidate.location``)."""
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.add(path)
        nested = _model_in(info.annotation)
        if nested is not None:
            paths |= input_field_paths(nested, f"{path}.")
    return frozenset(paths)
