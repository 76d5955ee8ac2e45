"""Nested shapes of the unified read models (kombo.md §3.0, §3.1 screening questions, §3.2
screening answers). Every key is optional and nullable unless kombo.md says otherwise."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from .types import (
    IntegrationFieldType,
    NumberDisplayType,
    RoleScope,
    RoleType,
    SelectDisplayType,
    TextDisplayType,
    UtcDatetime,
)


class Shape(BaseModel):
    # Unknown keys are a connector bug (a typo, a field of another model); fail loudly.
    model_config = ConfigDict(extra="forbid")


class Location(Shape):
    city: str | None = None
    country: str | None = None  # ISO-3166 alpha-2 when parseable, else the raw value
    raw: str | None = None
    state: str | None = None
    street_1: str | None = None
    street_2: str | None = None
    zip_code: str | None = None


class EmailAddress(Shape):
    email_address: str | None = None
    type: str | None = None  # free string, e.g. PRIVATE


class PhoneNumber(Shape):
    phone_number: str
    type: str | None = None  # free string, e.g. HOME


class SocialMedia(Shape):
    link: str | None = None
    type: str | None = None  # free string, e.g. YOUTUBE
    username: str | None = None


class IntegrationField(Shape):
    id: str
    key: str
    type: IntegrationFieldType
    value: Any = None
    label: str | None = None


class RoleAssignment(Shape):
    """A role a user holds: ``users.system_roles[]`` (scope SYSTEM) and
    ``job_hiring_team.roles[]`` (scope JOB)."""

    remote_id: str | None = None
    remote_label: str | None = None
    scope: RoleScope | None = None
    unified_type: RoleType | None = None  # None when the vendor's role maps to none


# --- screening question formats, discriminated by `type` ----------------------------------
class QuestionOption(Shape):
    id: str  # unified option id: what a SINGLE/MULTI_SELECT answer sends
    remote_id: str | None = None
    name: str


class TextFormat(Shape):
    type: Literal["TEXT"] = "TEXT"
    display_type: TextDisplayType | None = None
    max_length: int | None = None


class NumberFormat(Shape):
    type: Literal["NUMBER"] = "NUMBER"
    display_type: NumberDisplayType | None = None
    min: float | None = None
    max: float | None = None


class FileFormat(Shape):
    type: Literal["FILE"] = "FILE"
    accepted_mime_types: list[str] | None = None
    max_file_size_bytes: int | None = None


class SingleSelectFormat(Shape):
    type: Literal["SINGLE_SELECT"] = "SINGLE_SELECT"
    display_type: SelectDisplayType | None = None
    options: list[QuestionOption]


class BooleanFormat(Shape):
    type: Literal["BOOLEAN"] = "BOOLEAN"


class DateFormat(Shape):
    type: Literal["DATE"] = "DATE"


class MultiSelectFormat(Shape):
    type: Literal["MULTI_SELECT"] = "MULTI_SELECT"
    options: list[QuestionOption]


class InformationFormat(Shape):
    type: Literal["INFORMATION"] = "INFORMATION"  # a text block; nothing to answer


class UnknownFormat(Shape):
    type: Literal["UNKNOWN"] = "UNKNOWN"
    raw_question: Any = None  # the vendor's question object as it came


QuestionFormat = Annotated[
    TextFormat
    | NumberFormat
    | FileFormat
    | SingleSelectFormat
    | BooleanFormat
    | DateFormat
    | MultiSelectFormat
    | InformationFormat
    | UnknownFormat,
    Field(discriminator="type"),
]


# --- screening answers, discriminated by `question.type` ----------------------------------
T = TypeVar("T", bound=str)


class AnswerQuestion(Shape, Generic[T]):
    remote_id: str | None = None
    title: str
    type: T


class TextAnswerValue(Shape):
    content: str | None = None


class ChoiceAnswerValue(Shape):
    choice: str | None = None


class ChoicesAnswerValue(Shape):
    choices: list[str] = Field(default_factory=list)


class CheckedAnswerValue(Shape):
    checked: bool | None = None


class NumberAnswerValue(Shape):
    number: float | None = None


class DateAnswerValue(Shape):
    date: UtcDatetime | None = None


class RawAnswerValue(Shape):
    raw: Any = None


class TextAnswer(Shape):
    question: AnswerQuestion[Literal["TEXT"]]
    answer: TextAnswerValue


class SingleSelectAnswer(Shape):
    question: AnswerQuestion[Literal["SINGLE_SELECT"]]
    answer: ChoiceAnswerValue


class MultiSelectAnswer(Shape):
    question: AnswerQuestion[Literal["MULTI_SELECT"]]
    answer: ChoicesAnswerValue


class BooleanAnswer(Shape):
    question: AnswerQuestion[Literal["BOOLEAN"]]
    answer: CheckedAnswerValue


class NumberAnswer(Shape):
    question: AnswerQuestion[Literal["NUMBER"]]
    answer: NumberAnswerValue


class DateAnswer(Shape):
    question: AnswerQuestion[Literal["DATE"]]
    answer: DateAnswerValue


class UnknownAnswer(Shape):
    question: AnswerQuestion[Literal["UNKNOWN"]]
    answer: RawAnswerValue


def _answer_type(value: Any) -> str | None:
    question = value.get("question") if isinstance(value, dict) else getattr(value, "question", None)
    if isinstance(question, dict):
        return question.get("type")
    return getattr(question, "type", None)


ScreeningAnswer = Annotated[
    Annotated[TextAnswer, Tag("TEXT")]
    | Annotated[SingleSelectAnswer, Tag("SINGLE_SELECT")]
    | Annotated[MultiSelectAnswer, Tag("MULTI_SELECT")]
    | Annotated[BooleanAnswer, Tag("BOOLEAN")]
    | Annotated[NumberAnswer, Tag("NUMBER")]
    | Annotated[DateAnswer, Tag("DATE")]
    | Annotated[UnknownAnswer, Tag("UNKNOWN")],
    Discriminator(_answer_type),
]
"""One ``applications.screening_question_answers[]`` item (FILE answers are never returned)."""
