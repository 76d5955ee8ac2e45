"""The flat unified read models: coverage-page fields, empty values, Kombo-shaped data."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from atsbox.connectors.unified import (
    FIELDS,
    MODEL_KEYS,
    MODEL_TITLES,
    MODELS,
    Application,
    ApplicationStage,
    BooleanAnswer,
    Candidate,
    DateAnswer,
    Job,
    JobHiringTeamMember,
    JobScreeningQuestion,
    MultiSelectFormat,
    Offer,
    ScreeningQuestion,
    SingleSelectFormat,
    TextAnswer,
    UnknownFormat,
    User,
    empty_value,
    fields_of,
    is_empty,
)

# The union of each model's fields over the five coverage pages (/work/shared/seeds),
# copied from the pages so this test runs where the pages are not mounted. The parsing
# test below checks this table against the pages themselves when they are.
PAGE_FIELDS: dict[str, set[str]] = {
    "users": {"id", "remote_id", "changed_at", "remote_deleted_at", "first_name", "last_name", "status",
              "remote_data"},
    "jobs": {"id", "remote_id", "changed_at", "remote_deleted_at", "name", "description", "confidential",
             "employment_type", "status", "visibility", "department", "post_url", "remote_work_status",
             "salary_amount_from", "salary_amount_to", "salary_currency", "salary_period", "location",
             "custom_fields", "integration_fields", "opened_at", "remote_data", "remote_created_at",
             "category", "experience_level", "salary_amount", "closed_at", "remote_updated_at", "job_code"},
    "job_postings": {"id", "remote_id", "changed_at", "remote_deleted_at", "title", "description_html",
                     "status", "visibility", "url", "job_id", "remote_data", "remote_created_at",
                     "remote_updated_at"},
    "candidates": {"id", "remote_id", "changed_at", "remote_deleted_at", "first_name", "last_name", "company",
                   "title", "source", "phone_numbers", "email_addresses", "social_media", "location",
                   "remote_created_at", "remote_updated_at", "remote_data", "custom_fields",
                   "integration_fields", "confidential"},
    "application_stages": {"id", "remote_id", "changed_at", "remote_deleted_at", "name", "remote_data",
                           "global_index"},
    "applications": {"id", "remote_id", "changed_at", "remote_deleted_at", "outcome", "rejection_reason_name",
                     "rejected_at", "current_stage_id", "job_id", "candidate_id", "screening_question_answers",
                     "remote_created_at", "remote_updated_at", "remote_data", "custom_fields",
                     "integration_fields"},
    "screening_questions": {"id", "remote_id", "changed_at", "remote_deleted_at", "title", "description",
                            "format", "category"},
    "tags": set(),  # listed without a field table
    "interviews": {"id", "remote_id", "changed_at", "remote_deleted_at", "title", "starting_at", "ending_at",
                   "application_id", "stage_id", "remote_created_at", "remote_updated_at", "remote_data",
                   "canceled"},
    "offers": {"id", "remote_id", "changed_at", "remote_deleted_at", "status", "employment_start_date",
               "application_id", "custom_fields", "integration_fields", "remote_created_at",
               "remote_updated_at", "remote_data"},
    "rejection_reasons": {"id", "remote_id", "changed_at", "remote_deleted_at", "name", "remote_data"},
    "candidate_tags": set(),  # listed without a field table
    "job_stages": {"index", "job_id", "stage_id", "id", "changed_at", "remote_deleted_at"},
    "job_screening_questions": {"index", "required", "precondition_question_id", "precondition_options",
                                "job_id", "question_id", "id", "changed_at", "remote_deleted_at"},
    "job_hiring_team": {"roles", "job_id", "user_id", "id", "changed_at", "remote_deleted_at"},
    "interview_users": {"interview_id", "user_id", "id", "changed_at", "remote_deleted_at"},
}  # fmt: skip

SEEDS = Path("/work/shared/seeds")
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def page_tables(text: str) -> dict[str, set[str]]:
    """Field tables of one coverage page: {section title: field names}. A section title is a
    line repeated on the next line; its table starts at a line ending in "Field | Notes |"
    (notes may precede it on that line) and runs while lines look like "name | ..."."""
    lines = text.splitlines()
    tables: dict[str, set[str]] = {}
    title: str | None = None
    current: set[str] | None = None
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and line.strip() and line == lines[i + 1]:
            title = line
            tables.setdefault(title, set())
        if line.endswith("Field | Notes |") and title is not None:
            current = tables[title]
            continue
        if current is not None and not line.startswith("---"):
            match = re.match(r"^([a-z_][a-z0-9_.]*) \|", line)
            if match:
                current.add(match.group(1))
            else:
                current = None
    return tables


def test_model_keys_match_models():
    assert tuple(MODELS) == MODEL_KEYS
    assert set(MODEL_TITLES.values()) == set(MODELS)
    assert set(PAGE_FIELDS) == set(MODELS)


@pytest.mark.parametrize("model", MODEL_KEYS)
def test_every_page_field_is_a_model_field(model):
    missing = PAGE_FIELDS[model] - fields_of(model)
    assert not missing, f"{model} lacks {sorted(missing)}"


@pytest.mark.parametrize("model", MODEL_KEYS)
def test_every_model_has_the_sync_fields(model):
    assert {"id", "changed_at", "remote_deleted_at"} <= FIELDS[model]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="coverage pages not mounted")
def test_page_field_table_matches_the_pages():
    seen: dict[str, set[str]] = {model: set() for model in MODELS}
    for page in sorted(SEEDS.glob("*.txt")):
        for title, fields in page_tables(page.read_text()).items():
            if title in MODEL_TITLES:
                seen[MODEL_TITLES[title]] |= fields
    assert seen == PAGE_FIELDS
    # Each page field is on the model (the same check, straight from the pages).
    for model, fields in seen.items():
        assert fields <= fields_of(model), (model, sorted(fields - fields_of(model)))


def test_page_parser_reads_notes_before_the_table():
    text = "Jobs\nJobs\nWe map the first office.Field | Notes |\n---|---|\nid | |\nname |\nCandidates\nCandidates\n"
    assert page_tables(text) == {"Jobs": {"id", "name"}, "Candidates": set()}


# --- empty values ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "field", "empty"),
    [
        ("jobs", "custom_fields", {}),
        ("jobs", "integration_fields", []),
        ("jobs", "location", None),
        ("jobs", "remote_data", None),
        ("jobs", "employment_type", None),
        ("candidates", "email_addresses", []),
        ("candidates", "phone_numbers", []),
        ("candidates", "social_media", []),
        ("applications", "screening_question_answers", []),
        ("users", "system_roles", []),
        ("job_hiring_team", "roles", []),
        ("job_screening_questions", "precondition_options", None),
        ("application_stages", "custom_fields", {}),
        ("interviews", "canceled", None),
        ("jobs", "id", None),  # required fields have no empty value of their own
    ],
)
def test_empty_values(model, field, empty):
    assert empty_value(model, field) == empty
    assert type(empty_value(model, field)) is type(empty)
    assert is_empty(model, field, empty)


def test_empty_value_is_a_fresh_object():
    first = empty_value("jobs", "custom_fields")
    first["x"] = 1
    assert empty_value("jobs", "custom_fields") == {}


def test_is_empty_rejects_values():
    assert not is_empty("jobs", "custom_fields", {"a": 1})
    assert not is_empty("candidates", "email_addresses", [{"email_address": "a@b.de", "type": None}])
    assert not is_empty("jobs", "confidential", False)  # False is a value, not "unset"
    assert not is_empty("jobs", "name", "")
    assert is_empty("jobs", "custom_fields", None)


def test_unknown_model_or_field():
    with pytest.raises(KeyError):
        empty_value("jobs", "nope")
    with pytest.raises(KeyError):
        fields_of("nope")


@pytest.mark.parametrize("model", MODEL_KEYS)
def test_a_minimal_record_holds_empty_values(model):
    cls = MODELS[model]
    required = {name for name, info in cls.model_fields.items() if info.is_required()}
    values = {name: "x" for name in required} | {"changed_at": T0}
    record = cls(**values)
    for name in cls.model_fields:
        if name not in required:
            assert is_empty(model, name, getattr(record, name)), (model, name)


def test_none_for_arrays_and_custom_fields_becomes_empty():
    job = Job(id="j", remote_id="1", changed_at=T0, custom_fields=None, integration_fields=None)
    assert job.custom_fields == {} and job.integration_fields == []
    candidate = Candidate(id="c", remote_id="1", changed_at=T0, email_addresses=None)
    assert candidate.email_addresses == []


# --- Kombo-shaped data ----------------------------------------------------------------------
KOMBO_JOB = {
    "id": "26vafvWSRmbhNcxJYqjCzuJg",
    "remote_id": "32",
    "name": "Backend Engineer",
    "job_code": "BE-32",
    "description": "<p>Build things</p>",
    "confidential": False,
    "weekly_hours": 40,
    "employment_type": "FULL_TIME",
    "status": "OPEN",
    "visibility": "PUBLIC",
    "category": "Engineering",
    "department": "R&D",
    "post_url": "https://jobs.example.com/32",
    "experience_level": "Senior",
    "remote_work_status": "HYBRID",
    "salary_amount": None,
    "salary_amount_from": 60000,
    "salary_amount_to": 80000,
    "salary_currency": "EUR",
    "salary_period": "YEAR",
    "location": {"city": "Berlin", "country": "DE", "raw": "Berlin, Germany", "state": "Berlin",
                 "street_1": None, "street_2": None, "zip_code": "10115"},
    "custom_fields": {},
    "integration_fields": [{"id": "f1", "key": "cost_center", "type": "CUSTOM", "value": "42", "label": "Cost"}],
    "remote_url": "https://app.example.com/jobs/32",
    "opened_at": "2022-08-07T14:01:29.196Z",
    "closed_at": None,
    "remote_created_at": "2022-08-07T14:01:29.196Z",
    "remote_updated_at": "2022-08-07T14:01:29Z",
    "contact_id": None,
    "remote_data": {"/jobs/32": {"id": 32}},
    "changed_at": "2022-08-07T14:01:29.196Z",
    "remote_deleted_at": None,
}  # fmt: skip


def test_job_accepts_a_kombo_job():
    job = Job.model_validate(KOMBO_JOB)
    assert job.opened_at == datetime(2022, 8, 7, 14, 1, 29, 196000, tzinfo=UTC)
    assert job.location is not None and job.location.country == "DE"
    assert job.integration_fields[0].type == "CUSTOM"
    # Round trip in Kombo's wire format: ISO UTC with milliseconds.
    dumped = job.model_dump(mode="json")
    assert dumped["opened_at"] == "2022-08-07T14:01:29.196Z"
    assert dumped["remote_updated_at"] == "2022-08-07T14:01:29.000Z"
    assert Job.model_validate(dumped) == job


def test_embedded_arrays_are_not_job_fields():
    for embedded in ("stages", "screening_questions", "job_postings", "hiring_team"):
        with pytest.raises(ValidationError):
            Job.model_validate({**KOMBO_JOB, embedded: []})


def test_open_enums_take_raw_strings_and_closed_ones_do_not():
    job = Job.model_validate({**KOMBO_JOB, "employment_type": "Werkstudent", "status": "on hold",
                              "visibility": "internal-ish", "remote_work_status": "sometimes",
                              "salary_period": "QUARTER"})  # fmt: skip
    assert (job.employment_type, job.status, job.salary_period) == ("Werkstudent", "on hold", "QUARTER")
    with pytest.raises(ValidationError):
        Application(id="a", remote_id="1", changed_at=T0, outcome="MAYBE")
    with pytest.raises(ValidationError):
        Offer(id="o", remote_id="1", changed_at=T0, status="PENDING")
    with pytest.raises(ValidationError):
        User(id="u", remote_id="1", changed_at=T0, status="AWAY")


def test_times_become_utc():
    naive = Job(id="j", remote_id="1", changed_at=datetime(2024, 1, 1, 10, 0))
    assert naive.changed_at == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    offset = Job(id="j", remote_id="1", changed_at="2024-01-01T10:00:00+02:00")
    assert offset.changed_at == datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    assert offset.changed_at.tzinfo is UTC
    offer = Offer(id="o", remote_id="1", changed_at=T0, employment_start_date=date(2024, 5, 1))
    assert offer.employment_start_date == datetime(2024, 5, 1, tzinfo=UTC)


def test_candidate_accepts_a_kombo_candidate():
    candidate = Candidate.model_validate({
        "id": "C1", "remote_id": "7", "first_name": "Ada", "last_name": "Lovelace", "company": "Analytical",
        "title": "Engineer", "confidential": False, "source": "LinkedIn",
        "phone_numbers": [{"phone_number": "+49 30 1234", "type": "HOME"}],
        "email_addresses": [{"email_address": "ada@example.com", "type": "PRIVATE"}],
        "social_media": [{"link": "https://youtube.com/ada", "type": "YOUTUBE", "username": "ada"}],
        "location": {"city": "London", "country": "GB"}, "custom_fields": {"shoe": 42},
        "integration_fields": [], "remote_url": None, "remote_created_at": "2024-01-01T00:00:00Z",
        "remote_updated_at": "2024-01-02T00:00:00Z", "remote_data": None,
        "changed_at": "2024-01-02T00:00:00Z", "remote_deleted_at": None,
    })  # fmt: skip
    assert candidate.source == "LinkedIn"
    assert candidate.phone_numbers[0].type == "HOME"
    with pytest.raises(ValidationError):  # Kombo's candidate source is a string
        Candidate(id="c", remote_id="1", changed_at=T0, source={"name": "LinkedIn"})


def test_screening_answers_discriminate_by_question_type():
    application = Application.model_validate({
        "id": "A1", "remote_id": "9", "changed_at": T0,
        "screening_question_answers": [
            {"question": {"remote_id": "q1", "title": "Why?", "type": "TEXT"}, "answer": {"content": "Because"}},
            {"question": {"remote_id": "q2", "title": "Visa?", "type": "BOOLEAN"}, "answer": {"checked": True}},
            {"question": {"remote_id": "q3", "title": "Start", "type": "DATE"}, "answer": {"date": "2024-06-01"}},
            {"question": {"remote_id": "q4", "title": "Langs", "type": "MULTI_SELECT"},
             "answer": {"choices": ["de", "en"]}},
            {"question": {"remote_id": None, "title": "?", "type": "UNKNOWN"}, "answer": {"raw": {"x": 1}}},
        ],
    })  # fmt: skip
    kinds = [type(answer) for answer in application.screening_question_answers]
    assert kinds[:3] == [TextAnswer, BooleanAnswer, DateAnswer]
    assert application.screening_question_answers[2].answer.date == datetime(2024, 6, 1, tzinfo=UTC)
    with pytest.raises(ValidationError):  # a TEXT question with a BOOLEAN answer
        Application.model_validate({"id": "A", "remote_id": "1", "changed_at": T0, "screening_question_answers": [
            {"question": {"remote_id": "q", "title": "T", "type": "TEXT"}, "answer": {"checked": True}}]})  # fmt: skip
    with pytest.raises(ValidationError):  # FILE answers are never returned
        Application.model_validate({"id": "A", "remote_id": "1", "changed_at": T0, "screening_question_answers": [
            {"question": {"remote_id": "q", "title": "T", "type": "FILE"}, "answer": {}}]})  # fmt: skip


def test_question_formats_discriminate_by_type():
    single = ScreeningQuestion(id="q", remote_id="1", changed_at=T0, title="Pick",
                               format={"type": "SINGLE_SELECT", "display_type": "RADIO",
                                       "options": [{"id": "o1", "remote_id": None, "name": "Yes"}]})  # fmt: skip
    assert isinstance(single.format, SingleSelectFormat)
    multi = ScreeningQuestion(id="q", remote_id="1", changed_at=T0, format=MultiSelectFormat(options=[]))
    assert multi.format is not None and multi.format.type == "MULTI_SELECT"
    unknown = ScreeningQuestion(id="q", remote_id="1", changed_at=T0,
                                format={"type": "UNKNOWN", "raw_question": {"kind": "matrix"}})  # fmt: skip
    assert isinstance(unknown.format, UnknownFormat)
    for fmt in ("TEXT", "NUMBER", "FILE", "BOOLEAN", "DATE", "INFORMATION"):
        assert (
            ScreeningQuestion(id="q", remote_id="1", changed_at=T0, format={"type": fmt}).format.type == fmt
        )
    with pytest.raises(ValidationError):
        ScreeningQuestion(
            id="q", remote_id="1", changed_at=T0, format={"type": "TEXT", "display_type": "HUGE"}
        )
    with pytest.raises(ValidationError):
        ScreeningQuestion(id="q", remote_id="1", changed_at=T0, category="OTHER")


def test_join_models():
    member = JobHiringTeamMember(id="h", job_id="j", user_id="u", changed_at=T0,
                                 roles=[{"remote_id": "r", "remote_label": "Hiring Manager", "scope": "JOB",
                                         "unified_type": "HIRING_MANAGER"}])  # fmt: skip
    assert member.roles[0].unified_type == "HIRING_MANAGER"
    booleans = JobScreeningQuestion(
        id="x", job_id="j", question_id="q", changed_at=T0, precondition_options=[True]
    )
    assert booleans.precondition_options == [True]
    options = JobScreeningQuestion(
        id="x", job_id="j", question_id="q", changed_at=T0, precondition_options=["o1"]
    )
    assert options.precondition_options == ["o1"]
    with pytest.raises(ValidationError):
        JobHiringTeamMember(id="h", job_id="j", user_id="u", changed_at=T0, roles=[{"unified_type": "BOSS"}])


def test_unknown_keys_are_refused():
    with pytest.raises(ValidationError):
        ApplicationStage(id="s", remote_id="1", changed_at=T0, nmae="typo")
    with pytest.raises(ValidationError):
        Job.model_validate({**KOMBO_JOB, "location": {"city": "Berlin", "planet": "Earth"}})


def test_stage_has_gems_global_index():
    stage = ApplicationStage(
        id="s", remote_id="1", changed_at=T0, name="Screen", global_index=3, status="ACTIVE"
    )
    assert stage.global_index == 3
