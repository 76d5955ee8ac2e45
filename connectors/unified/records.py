"""The flat unified read models, one per coverage-page model, like Kombo's tables.

Kombo's API embeds job stages, questions, postings and the hiring team in jobs, and tags in
candidates; its database (and the coverage pages) keep them as separate tables joined by
ids. Contracts compare per model and per field, so the models here are those flat tables:
the embedded arrays of kombo.md §3 become their own models (``job_postings``,
``screening_questions``, ``job_stages``, ``candidate_tags`` ...), everything else keeps
Kombo's field names, types and enum values.

Every field not set by a connector holds its **empty value**: ``None`` for scalars and
objects, ``[]`` for arrays, ``{}`` for ``custom_fields`` (kombo.md: "empty ``{}`` when
none"), ``None`` for ``remote_data`` ("null unless the remote-data feature is enabled").
``None`` given for an array or ``custom_fields`` is stored as its empty value, so one field
has one empty value. ``empty_value`` / ``is_empty`` answer the contracts' "every field the
vendor page does not list is empty".
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .shapes import (
    EmailAddress,
    IntegrationField,
    Location,
    PhoneNumber,
    QuestionFormat,
    RoleAssignment,
    ScreeningAnswer,
    SocialMedia,
)
from .types import (
    EmploymentType,
    JobStatus,
    JobVisibility,
    OfferStatus,
    Outcome,
    PostingStatus,
    PostingVisibility,
    QuestionCategory,
    RemoteWorkStatus,
    SalaryPeriod,
    StageStatus,
    UserStatus,
    UtcDatetime,
)

ModelKey = Literal[
    "users",
    "jobs",
    "job_postings",
    "candidates",
    "application_stages",
    "applications",
    "screening_questions",
    "tags",
    "interviews",
    "offers",
    "rejection_reasons",
    "candidate_tags",
    "job_stages",
    "job_screening_questions",
    "job_hiring_team",
    "interview_users",
]
MODEL_KEYS: tuple[str, ...] = get_args(ModelKey)

# The coverage pages' section titles (/work/shared/seeds) for each model key.
MODEL_TITLES: dict[str, str] = {
    "Users": "users",
    "Jobs": "jobs",
    "Job postings": "job_postings",
    "Candidates": "candidates",
    "Application Stages": "application_stages",
    "Applications": "applications",
    "Screening questions": "screening_questions",
    "Tags": "tags",
    "Interviews": "interviews",
    "Offers": "offers",
    "Rejection reasons": "rejection_reasons",
    "Candidate tags": "candidate_tags",
    "Job-specific application stages": "job_stages",
    "Job-specific screening questions": "job_screening_questions",
    "Job hiring team members": "job_hiring_team",
    "Interviewing team members": "interview_users",
}


def _none_as_list(value: Any) -> Any:
    return [] if value is None else value


def _none_as_dict(value: Any) -> Any:
    return {} if value is None else value


CustomFields = Annotated[dict[str, Any], BeforeValidator(_none_as_dict), Field(default_factory=dict)]
IntegrationFields = Annotated[
    list[IntegrationField], BeforeValidator(_none_as_list), Field(default_factory=list)
]
RemoteData = dict[str, Any] | None  # raw vendor payloads keyed by vendor path


def _list_of(item: Any) -> Any:
    return Annotated[list[item], BeforeValidator(_none_as_list), Field(default_factory=list)]


class UnifiedRecord(BaseModel):
    """Fields every unified record has. ``model_key`` names the model (``"jobs"``)."""

    model_config = ConfigDict(extra="forbid")
    model_key: ClassVar[str]

    id: str
    changed_at: UtcDatetime
    remote_deleted_at: UtcDatetime | None = None


class User(UnifiedRecord):
    model_key: ClassVar[str] = "users"
    remote_id: str | None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None  # None when the vendor's address is invalid
    status: UserStatus | None = None
    system_roles: _list_of(RoleAssignment)
    remote_data: RemoteData = None


class Job(UnifiedRecord):
    model_key: ClassVar[str] = "jobs"
    remote_id: str
    name: str | None = None
    job_code: str | None = None
    description: str | None = None  # usually HTML
    confidential: bool | None = None  # deprecated by Kombo in favour of visibility
    weekly_hours: float | None = None
    employment_type: EmploymentType | None = None
    status: JobStatus | None = None
    visibility: JobVisibility | None = None
    category: str | None = None
    department: str | None = None
    post_url: str | None = None
    experience_level: str | None = None
    remote_work_status: RemoteWorkStatus | None = None
    salary_amount: float | None = None
    salary_amount_from: float | None = None
    salary_amount_to: float | None = None
    salary_currency: str | None = None
    salary_period: SalaryPeriod | None = None
    location: Location | None = None
    custom_fields: CustomFields
    integration_fields: IntegrationFields
    remote_url: str | None = None
    opened_at: UtcDatetime | None = None
    closed_at: UtcDatetime | None = None
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None
    contact_id: str | None = None  # deprecated by Kombo in favour of the hiring team
    remote_data: RemoteData = None


class JobPosting(UnifiedRecord):
    model_key: ClassVar[str] = "job_postings"
    remote_id: str | None
    title: str | None = None
    description_html: str | None = None
    status: PostingStatus | None = None
    visibility: PostingVisibility | None = None
    url: str | None = None
    job_id: str | None = None
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None
    remote_data: RemoteData = None


class Candidate(UnifiedRecord):
    model_key: ClassVar[str] = "candidates"
    remote_id: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    title: str | None = None
    confidential: bool | None = None
    source: str | None = None  # a plain string in kombo.md §3.3, not an object
    phone_numbers: _list_of(PhoneNumber)
    email_addresses: _list_of(EmailAddress)
    social_media: _list_of(SocialMedia)
    location: Location | None = None
    custom_fields: CustomFields
    integration_fields: IntegrationFields
    remote_url: str | None = None
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None
    remote_data: RemoteData = None


class ApplicationStage(UnifiedRecord):
    model_key: ClassVar[str] = "application_stages"
    remote_id: str | None
    name: str | None = None
    # Position in the company-wide stage list (Gem's page lists it; Kombo's job-specific
    # position is job_stages.index).
    global_index: int | None = None
    status: StageStatus | None = None
    custom_fields: CustomFields
    remote_data: RemoteData = None


class Application(UnifiedRecord):
    model_key: ClassVar[str] = "applications"
    remote_id: str | None
    outcome: Outcome | None = None
    rejection_reason_name: str | None = None
    rejected_at: UtcDatetime | None = None
    current_stage_id: str | None = None
    job_id: str | None = None
    candidate_id: str | None = None
    screening_question_answers: _list_of(ScreeningAnswer)
    custom_fields: CustomFields
    integration_fields: IntegrationFields
    remote_url: str | None = None
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None
    remote_data: RemoteData = None


class ScreeningQuestion(UnifiedRecord):
    """A question as such; where a job asks it (order, required, preconditions) is
    ``job_screening_questions``."""

    model_key: ClassVar[str] = "screening_questions"
    remote_id: str | None
    title: str | None = None
    description: str | None = None  # may contain HTML
    format: QuestionFormat | None = None
    category: QuestionCategory | None = None


class Tag(UnifiedRecord):
    model_key: ClassVar[str] = "tags"
    remote_id: str | None
    name: str | None = None
    remote_data: RemoteData = None


class Interview(UnifiedRecord):
    model_key: ClassVar[str] = "interviews"
    remote_id: str | None
    title: str | None = None
    starting_at: UtcDatetime | None = None
    ending_at: UtcDatetime | None = None
    location: Location | None = None
    video_conferencing_url: str | None = None
    application_id: str | None = None
    stage_id: str | None = None
    canceled: bool | None = None  # None when the vendor does not say
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None
    remote_data: RemoteData = None


class Offer(UnifiedRecord):
    model_key: ClassVar[str] = "offers"
    remote_id: str | None
    status: OfferStatus | None = None
    employment_start_date: UtcDatetime | None = None
    application_id: str | None = None
    custom_fields: CustomFields
    integration_fields: IntegrationFields
    remote_created_at: UtcDatetime | None = None
    remote_updated_at: UtcDatetime | None = None
    remote_data: RemoteData = None


class RejectionReason(UnifiedRecord):
    model_key: ClassVar[str] = "rejection_reasons"
    remote_id: str
    name: str | None = None
    remote_data: RemoteData = None


# --- join models: no remote_id; their id is derived from the ids they join ---------------
class CandidateTag(UnifiedRecord):
    model_key: ClassVar[str] = "candidate_tags"
    candidate_id: str
    tag_id: str


class JobStage(UnifiedRecord):
    model_key: ClassVar[str] = "job_stages"
    job_id: str
    stage_id: str
    index: int | None = None


class JobScreeningQuestion(UnifiedRecord):
    model_key: ClassVar[str] = "job_screening_questions"
    job_id: str
    question_id: str
    index: int | None = None
    required: bool | None = None
    precondition_question_id: str | None = None
    # option ids for SINGLE/MULTI_SELECT preconditions, [True] / [False] for BOOLEAN ones
    precondition_options: list[str] | list[bool] | None = None


class JobHiringTeamMember(UnifiedRecord):
    model_key: ClassVar[str] = "job_hiring_team"
    job_id: str
    user_id: str
    roles: _list_of(RoleAssignment)


class InterviewUser(UnifiedRecord):
    model_key: ClassVar[str] = "interview_users"
    interview_id: str
    user_id: str


MODELS: dict[str, type[UnifiedRecord]] = {
    cls.model_key: cls
    for cls in (
        User,
        Job,
        JobPosting,
        Candidate,
        ApplicationStage,
        Application,
        ScreeningQuestion,
        Tag,
        Interview,
        Offer,
        RejectionReason,
        CandidateTag,
        JobStage,
        JobScreeningQuestion,
        JobHiringTeamMember,
        InterviewUser,
    )
}
assert tuple(MODELS) == MODEL_KEYS, "ModelKey and MODELS disagree"

FIELDS: dict[str, frozenset[str]] = {key: frozenset(cls.model_fields) for key, cls in MODELS.items()}


def _empty_of(cls: type[UnifiedRecord]) -> dict[str, Any]:
    # A required field (id, changed_at, remote_id ...) has no empty value of its own;
    # None stands for "unset" there.
    return {
        name: None if info.is_required() else info.get_default(call_default_factory=True)
        for name, info in cls.model_fields.items()
    }


_EMPTY: dict[str, dict[str, Any]] = {key: _empty_of(cls) for key, cls in MODELS.items()}


def model_class(model: str) -> type[UnifiedRecord]:
    try:
        return MODELS[model]
    except KeyError:
        raise KeyError(f"unknown unified model {model!r}") from None


def fields_of(model: str) -> frozenset[str]:
    """The field names of ``model`` (a ModelKey)."""
    model_class(model)
    return FIELDS[model]


def empty_value(model: str, field: str) -> Any:
    """The value ``field`` of ``model`` holds when the vendor gives nothing: None, [] or {}.
    Returns a fresh object, so callers may mutate it."""
    model_class(model)
    try:
        value = _EMPTY[model][field]
    except KeyError:
        raise KeyError(f"{model} has no field {field!r}") from None
    return type(value)() if isinstance(value, list | dict) else value


def is_empty(model: str, field: str, value: Any) -> bool:
    """Whether ``value`` is the empty value of ``field`` (None counts as empty for arrays and
    ``custom_fields`` too: the models store it as their empty value)."""
    return value is None or value == empty_value(model, field)
