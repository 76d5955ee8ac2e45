"""Typed form of a coverage table (one vendor's `<vendor>.yaml`).

The YAML files transcribe the vendors' coverage pages; these pydantic models are what the
rest of atsbox reads. They forbid unknown keys and check the invariants a transcription
can get wrong (a key outside the unified vocabulary, a model or field listed twice), so a
typo fails at load time instead of silently dropping a field from the contracts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

VENDORS: tuple[str, ...] = ("ashby", "personio", "gem", "factorial", "flatchr")

# Unified flat model key -> the model's name as the coverage pages spell it. The pages
# use one spelling across vendors, so the name fixes the key.
MODEL_KEYS: dict[str, str] = {
    "users": "Users",
    "jobs": "Jobs",
    "job_postings": "Job postings",
    "candidates": "Candidates",
    "application_stages": "Application Stages",
    "applications": "Applications",
    "screening_questions": "Screening questions",
    "tags": "Tags",
    "interviews": "Interviews",
    "offers": "Offers",
    "rejection_reasons": "Rejection reasons",
    "candidate_tags": "Candidate tags",
    "job_stages": "Job-specific application stages",
    "job_screening_questions": "Job-specific screening questions",
    "job_hiring_team": "Job hiring team members",
    "interview_users": "Interviewing team members",
}

# Unified write action key -> the action's name on the pages.
ACTION_KEYS: dict[str, str] = {
    "create_candidate": "Create candidate",
    "create_application": "Create application",
    "add_candidate_tag": "Add tag to candidate",
    "add_application_attachment": "Add attachment to application",
    "add_candidate_attachment": "Add attachment to candidate",
    "move_application_to_stage": "Move application to stage",
    "reject_application": "Reject application",
    "add_application_result_link": "Add result link to application",
    "add_candidate_result_link": "Add result link to candidate",
    "add_application_note": "Add note to application",
    "get_application_attachments": "Get application attachments",
    "get_candidate_attachments": "Get candidate attachments",
}


def _first_repeat(names: Iterable[str]) -> str | None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _reject_repeats(what: str, names: Iterable[str]) -> None:
    repeated = _first_repeat(names)
    if repeated is not None:
        raise ValueError(f"{what} {repeated!r} is listed twice")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CoveredField(_Strict):
    """One row of a "Field" or "Input Field" table. `note` paraphrases the page's note."""

    name: str
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_bare_name(cls, value: object) -> object:
        # Rows without a note are written as a bare string in the YAML to keep it readable.
        return {"name": value} if isinstance(value, str) else value


class _Block(_Strict):
    """What models and actions share: the page's name and the unified key it stands for."""

    KEYS: ClassVar[dict[str, str]]
    KIND: ClassVar[str]

    name: str
    key: str
    notes: str | None = None

    @field_validator("key")
    @classmethod
    def _known_key(cls, key: str) -> str:
        if key not in cls.KEYS:
            raise ValueError(f"{key!r} is not a unified {cls.KIND} key; known: {', '.join(cls.KEYS)}")
        return key

    @model_validator(mode="after")
    def _key_fits_name(self) -> _Block:
        # The key follows from the page name, never chosen freely: "Tags" keyed as
        # candidate_tags would silently test the wrong unified model.
        if self.KEYS[self.key] != self.name:
            raise ValueError(f"{self.name!r} cannot have key {self.key!r} (that is {self.KEYS[self.key]!r})")
        return self


class ModelCoverage(_Block):
    KEYS = MODEL_KEYS
    KIND = "model"

    # None means the page names the model as supported but shows no field table; the
    # contracts then use the unified model's standard fields. An empty list would claim
    # the opposite (supported, no fields), so it is rejected.
    fields: tuple[CoveredField, ...] | None

    @field_validator("fields")
    @classmethod
    def _fields_distinct(cls, fields: tuple[CoveredField, ...] | None) -> tuple[CoveredField, ...] | None:
        if fields is not None and not fields:
            raise ValueError("an empty field list is ambiguous: use null for 'page lists no fields'")
        _reject_repeats("field", (f.name for f in fields or ()))
        return fields

    @property
    def fields_listed(self) -> bool:
        return self.fields is not None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields or ())


class ActionCoverage(_Block):
    KEYS = ACTION_KEYS
    KIND = "action"

    input_fields: tuple[CoveredField, ...]

    @field_validator("input_fields")
    @classmethod
    def _inputs_distinct(cls, fields: tuple[CoveredField, ...]) -> tuple[CoveredField, ...]:
        _reject_repeats("input field", (f.name for f in fields))
        return fields

    @property
    def input_field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.input_fields)


class Feature(_Strict):
    name: str
    note: str | None = None


class PageArtefact(_Strict):
    """A row the page shows that the table deliberately leaves out, with the reason."""

    section: Literal["models", "actions", "features"]
    row: str
    reason: str


_B = TypeVar("_B", bound=_Block)


def _by_key(entries: tuple[_B, ...], key: str, missing: str) -> _B:
    for entry in entries:
        if entry.key == key:
            return entry
    raise KeyError(missing)


class Coverage(_Strict):
    vendor: str
    title: str
    page: str
    notes: str | None = None
    models: tuple[ModelCoverage, ...]
    actions: tuple[ActionCoverage, ...]
    features: tuple[Feature, ...]
    page_artefacts: tuple[PageArtefact, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Coverage:
        if self.vendor not in VENDORS:
            raise ValueError(f"unknown vendor {self.vendor!r}; expected one of {VENDORS}")
        _reject_repeats("model key", (m.key for m in self.models))
        _reject_repeats("action key", (a.key for a in self.actions))
        _reject_repeats("feature", (f.name for f in self.features))
        return self

    # -- look-ups -----------------------------------------------------------------------

    def supports(self, model_key: str) -> bool:
        return any(m.key == model_key for m in self.models)

    def model(self, key: str) -> ModelCoverage:
        return _by_key(self.models, key, f"{self.vendor} does not cover model {key!r}")

    def listed_fields(self, key: str) -> tuple[str, ...] | None:
        """Field names the page lists for a model, or None when it lists none."""
        entry = self.model(key)
        return entry.field_names if entry.fields_listed else None

    def supports_action(self, action_key: str) -> bool:
        return any(a.key == action_key for a in self.actions)

    def action(self, key: str) -> ActionCoverage:
        return _by_key(self.actions, key, f"{self.vendor} does not support action {key!r}")

    def has_feature(self, name: str) -> bool:
        return any(f.name == name for f in self.features)

    @property
    def vendor_name(self) -> str:
        """The vendor as the page names it ("Ashby" from "Ashby ATS Integration")."""
        return self.title.removesuffix(" ATS Integration")

    def counts(self) -> dict[str, int]:
        """How much the table holds; models without a field list add no fields."""
        return {
            "models": len(self.models),
            "fields": sum(len(m.field_names) for m in self.models),
            "actions": len(self.actions),
            "input_fields": sum(len(a.input_fields) for a in self.actions),
            "features": len(self.features),
        }
