"""Write-action inputs: Kombo request bodies validate, bad ones raise the unified InvalidInput,
and every input field the coverage pages list has a place."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from atsbox.connectors.errors import InvalidInput
from atsbox.connectors.unified import (
    ACTION_TITLES,
    ACTIONS,
    AttachmentInput,
    CreateApplicationInput,
    CreateCandidateInput,
    FileAnswerInput,
    MoveStageInput,
    NoteInput,
    RejectInput,
    ResultLinkInput,
    TagInput,
    input_field_paths,
    page_field_target,
)

# kombo.md Appendix A: POST /ats/candidates with every documented key.
CREATE_CANDIDATE_BODY = {
    "candidate": {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email_address": "ada@example.com",
        "additional_email_addresses": [{"type": "WORK", "email_address": "ada@work.example"}],
        "company": "Analytical Engines",
        "title": "Engineer",
        "phone_number": "+44 20 1234",
        "additional_phone_numbers": [{"type": "PERSONAL", "phone_number": "+44 7700 900"}],
        "location": {
            "city": "London",
            "country": "GB",
            "state": None,
            "street_1": "1 Main St",
            "zip_code": "N1",
        },
        "gender": "FEMALE",
        "availability_date": "2024-06-01",
        "salary_expectations": {"period": "YEAR", "amount": 90000},
        "social_links": [{"url": "https://www.linkedin.com/in/ada"}],
    },
    "application": {"job_id": "remote:32", "stage_id": "H5daSm8e85Dmvmne3wLeCPhX"},
    "screening_question_answers": [
        {"question_id": "q1", "answer": "Because"},
        {"question_id": "q2", "answer": True},
        {"question_id": "q3", "answer": 7.5},
        {"question_id": "q4", "answer": ["o1", "o2"]},
        {
            "question_id": "q5",
            "answer": {"name": "cv.pdf", "content_type": "application/pdf", "data": "JVBERi0="},
        },
    ],
    "attachments": [
        {"name": "cv.pdf", "type": "CV", "content_type": "application/pdf", "data": "JVBERi0xLjQ="},
        {"name": "letter.txt", "type": "COVER_LETTER", "data_url": "https://files.example.com/letter.txt"},
    ],
    "source": {"name": "Careers page", "unified_key": None, "id": None},
    "sourced_by": {"user_id": "remote:u7"},
    "gdpr_consent": {"expires_at": "2025-01-01T00:00:00Z", "given": True},
    "remote_fields": {"personio": {"anything": 1}},
}

# The input fields the five coverage pages list per action (their union).
PAGE_INPUT_FIELDS: dict[str, set[str]] = {
    "Create candidate": {
        "candidate.first_name", "candidate.last_name", "candidate.email_address", "candidate.phone_number",
        "candidate.social_links.url", "application.job_id", "application.stage_id",
        "screening_question_answers.question_id", "screening_question_answers.answer", "attachments.name",
        "attachments.content_type", "attachments.data", "attachments.data_url", "attachments.type", "source.name",
        "candidate.location.city", "candidate.location.country", "candidate.gender", "candidate.availability_date",
        "candidate.salary_expectations.period", "candidate.salary_expectations.amount",
    },
    "Add tag to candidate": {"candidate_id", "tag.name"},
    "Add attachment to application": {"application_id", "attachment.name", "attachment.content_type",
                                      "attachment.data", "attachment.type"},
    "Move application to stage": {"application_id", "stage_id"},
    "Reject application": {"application_id", "rejection_reason_id"},
    "Add result link to application": {"application_id", "label", "url", "details.custom_field_name_prefix",
                                       "details.attributes.key", "details.attributes.value"},
    "Add note to application": {"application_id", "content"},
    "Get application attachments": {"application_id"},
    "Add attachment to candidate": {"candidate_id", "attachment.name", "attachment.content_type",
                                    "attachment.data", "attachment.type"},
    "Add result link to candidate": {"candidate_id", "label", "url", "details.custom_field_name_prefix",
                                     "details.attributes.key", "details.attributes.value"},
    "Get candidate attachments": {"candidate_id"},
}  # fmt: skip
PAGE_INPUT_FIELDS["Create application"] = PAGE_INPUT_FIELDS["Create candidate"]


def test_create_candidate_accepts_kombos_body():
    data = CreateCandidateInput.parse(CREATE_CANDIDATE_BODY)
    assert data.candidate.availability_date == date(2024, 6, 1)
    assert data.gdpr_consent is not None and data.gdpr_consent.expires_at == datetime(2025, 1, 1, tzinfo=UTC)
    answers = [answer.answer for answer in data.screening_question_answers]
    assert answers[:4] == ["Because", True, 7.5, ["o1", "o2"]]
    assert type(answers[1]) is bool  # not coerced to a number or a string
    assert isinstance(answers[4], FileAnswerInput)
    assert data.application.job_id == "remote:32"


def test_create_application_takes_the_job_from_the_path():
    body = {key: value for key, value in CREATE_CANDIDATE_BODY.items() if key != "application"}
    data = CreateApplicationInput.parse({**body, "stage_id": "S1"})
    assert data.stage_id == "S1"
    with pytest.raises(InvalidInput) as caught:
        CreateApplicationInput.parse(CREATE_CANDIDATE_BODY)
    assert caught.value.field == "application"


def test_minimal_bodies_default_to_empty():
    data = CreateApplicationInput.parse(
        {"candidate": {"first_name": "A", "last_name": "B", "email_address": "a@b.co"}}
    )
    assert (
        data.attachments == [] and data.screening_question_answers == [] and data.candidate.social_links == []
    )
    assert data.stage_id is None and data.source is None


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"candidate": {"first_name": "A", "last_name": "B", "email_address": "not-an-email"}}, "candidate.email_address"),
        ({"candidate": {"first_name": "A", "email_address": "a@b.co"}}, "candidate.last_name"),
        ({"candidate": {**CREATE_CANDIDATE_BODY["candidate"], "location": {"country": "Germany"}}},
         "candidate.location.country"),
        ({"candidate": {**CREATE_CANDIDATE_BODY["candidate"], "gender": "UNKNOWN"}}, "candidate.gender"),
        ({"candidate": {**CREATE_CANDIDATE_BODY["candidate"], "availability_date": "next week"}},
         "candidate.availability_date"),
        ({"candidate": {**CREATE_CANDIDATE_BODY["candidate"], "social_links": [{"url": "linkedin"}]}},
         "candidate.social_links.0.url"),
        ({"candidate": {**CREATE_CANDIDATE_BODY["candidate"], "salary_expectations": {"period": "WEEK", "amount": 1}}},
         "candidate.salary_expectations.period"),
        ({"attachments": [{"name": "cv", "type": "CV"}]}, "attachments.0"),
        ({"attachments": [{"name": "cv", "type": "CV", "data": "aGk="}]}, "attachments.0"),
        ({"attachments": [{"name": "cv", "type": "CV", "content_type": "text/plain", "data": "!!"}]},
         "attachments.0.data"),
        ({"attachments": [{"name": "cv", "type": "RESUME", "data_url": "https://x.example/cv"}]}, "attachments.0.type"),
        ({"attachments": [{"name": "cv", "type": "CV", "data_url": "ftp://x.example/cv"}]}, "attachments.0.data_url"),
        ({"attachments": [{"name": "cv", "type": "CV", "content_type": "pdf", "data": "aGk="}]},
         "attachments.0.content_type"),
        ({"application": {}}, "application.job_id"),
        ({"surprise": 1}, "surprise"),
    ],
)  # fmt: skip
def test_invalid_bodies_raise_invalid_input_naming_the_field(patch, field):
    with pytest.raises(InvalidInput) as caught:
        CreateCandidateInput.parse({**CREATE_CANDIDATE_BODY, **patch})
    assert caught.value.field == field
    assert caught.value.code == "PLATFORM.INPUT_INVALID"


def test_constructors_raise_invalid_input_too():
    with pytest.raises(InvalidInput) as caught:
        AttachmentInput(name="cv", type="CV")
    assert "data or data_url" in caught.value.message
    with pytest.raises(InvalidInput):
        NoteInput(content="hi", content_type="HTML")
    with pytest.raises(InvalidInput):
        ResultLinkInput(label="Score", url="not a url")


def test_small_action_inputs():
    assert NoteInput(content="hi").content_type == "PLAIN_TEXT"
    assert TagInput.parse({"name": "Excellent Fit"}).name == "Excellent Fit"
    assert RejectInput.parse({"rejection_reason_id": "r1", "note": "sorry"}).note == "sorry"
    assert MoveStageInput.parse({"stage_id": "s1"}).stage_id == "s1"
    link = ResultLinkInput.parse({"label": "Report", "url": "https://acme.example/r/1",
                                  "details": {"custom_field_name_prefix": "Acme:",
                                              "attributes": [{"key": "Score", "value": "97"}]}})  # fmt: skip
    assert link.details is not None and link.details.attributes[0].value == "97"
    with pytest.raises(InvalidInput):
        ResultLinkInput.parse({"label": "R", "url": "https://a.example", "details": {"attributes": []}})
    existing = TagInput(name="x")
    assert TagInput.parse(existing) is existing


def test_every_page_action_is_a_connector_action():
    assert set(PAGE_INPUT_FIELDS) <= set(ACTION_TITLES)
    assert {ACTIONS[name].title for name in ACTION_TITLES.values()} == set(ACTION_TITLES)


@pytest.mark.parametrize("title", sorted(PAGE_INPUT_FIELDS))
def test_every_page_input_field_has_a_place(title):
    action = ACTION_TITLES[title]
    for page_field in PAGE_INPUT_FIELDS[title]:
        kind, target = page_field_target(action, page_field)
        if kind == "input":
            assert target in input_field_paths(ACTIONS[action].input)
        else:
            assert target in ACTIONS[action].params


def test_page_field_targets():
    assert page_field_target("create_application", "application.job_id") == ("param", "job_id")
    assert page_field_target("create_application", "application.stage_id") == ("input", "stage_id")
    assert page_field_target("create_candidate", "application.stage_id") == ("input", "application.stage_id")
    assert page_field_target("add_candidate_tag", "tag.name") == ("input", "name")
    assert page_field_target("move_application_to_stage", "stage_id") == ("param", "stage_id")
    with pytest.raises(KeyError):
        page_field_target("add_candidate_tag", "tag.colour")


def test_input_field_paths_flatten_lists_and_unions():
    paths = input_field_paths(CreateCandidateInput)
    assert {"candidate.social_links.url", "attachments.data_url", "screening_question_answers.answer.data_url",
            "candidate.location", "sourced_by.user_id"} <= paths  # fmt: skip
    assert "candidate.social_links.0.url" not in paths
