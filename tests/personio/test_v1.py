"""Recruiting API v1: document uploads and application creation, with Personio's errors."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from atsbox.mocks.personio import documents, ids
from atsbox.mocks.personio.vocabulary import is_live_published

from .conftest import TENANT, make_sandbox

APPLICATIONS = "/personio/v1/recruiting/applications"
DOCUMENTS = "/personio/v1/recruiting/applications/documents"


def published_job(sandbox) -> int:
    return next(ids.native_int("job", j.id) for j in sandbox.world.jobs if is_live_published(j))


def unpublished_job(sandbox) -> int:
    return next(ids.native_int("job", j.id) for j in sandbox.world.jobs if not is_live_published(j))


def upload(sandbox, name: str = "My_CV.pdf", data: bytes = b"%PDF-1.4 cv", **headers: str):
    return sandbox.client.post(
        DOCUMENTS,
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers=sandbox.v1_headers(**headers),
    )


def apply(sandbox, **body):
    payload = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane.doe@example.org",
        "job_position_id": published_job(sandbox),
        **body,
    }
    return sandbox.client.post(APPLICATIONS, json=payload, headers=sandbox.v1_headers())


def reasons(response) -> dict[str, list[str]]:
    return {entry["field"]: [e["reason"] for e in entry["errors"]] for entry in response.json["errors"]}


def v2_application_of(sandbox, email: str) -> dict:
    found = sandbox.v2("/applications", **{"candidate.email": email}).json["_data"]
    assert len(found) == 1, found
    return found[0]


# --- documents ----------------------------------------------------------------------------


def test_upload_answers_uuid_size_mimetype_name_and_extension(fresh):
    response = upload(fresh)
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"uuid", "size", "mimetype", "original_filename", "extension"}
    assert body["size"] == len(b"%PDF-1.4 cv")
    assert (body["mimetype"], body["original_filename"], body["extension"]) == (
        "application/pdf",
        "My_CV.pdf",
        "pdf",
    )
    assert upload(fresh).json["uuid"] != body["uuid"]  # each upload is its own document


def test_upload_refuses_unsupported_types_missing_files_and_oversized_files(fresh):
    bad_type = upload(fresh, name="script.exe")
    assert bad_type.status_code == 422 and reasons(bad_type) == {"file": ["errors.invalid-file-type"]}
    missing = fresh.client.post(
        DOCUMENTS, data={"other": "x"}, content_type="multipart/form-data", headers=fresh.v1_headers()
    )
    assert missing.status_code == 422 and "file" in reasons(missing)
    too_big = upload(fresh, data=b"x" * (documents.MAX_FILE_BYTES + 1))
    assert too_big.status_code == 413 and reasons(too_big) == {"file": ["errors.file-too-big"]}


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"X-Company-ID": "1"},
        {"X-Company-ID": ""},
    ],
)
def test_v1_needs_the_key_and_its_company(personio, headers):
    response = personio.client.post(APPLICATIONS, json={}, headers={**personio.v1_headers(), **headers})
    assert response.status_code == 401
    error = response.json["errors"][0]
    assert error["status"] == "401" and error["title"] == "Unauthorized" and "company id" in error["detail"]


def test_v1_without_any_credentials_is_401(personio):
    assert personio.client.post(APPLICATIONS, json={}).status_code == 401


# --- applications -------------------------------------------------------------------------


def test_create_application_answers_201_and_the_application_appears_in_v2(fresh):
    cv = upload(fresh).json
    response = apply(
        fresh,
        recruiting_channel_id=ids.native_int("source", fresh.world.sources[0].id),
        tags=["brand-new-tag"],
        files=[{"uuid": cv["uuid"], "original_filename": "My_CV.pdf", "category": "cv"}],
        attributes=[{"id": "phone", "value": "+49 30 123"}, {"id": "location", "value": "Berlin, DE"}],
        phase={"type": "system", "id": "offer"},
    )
    assert response.status_code == 201 and response.data == b""
    app = v2_application_of(fresh, "jane.doe@example.org")
    assert app["job"]["id"] == str(published_job(fresh))
    assert app["current_stage"] == {"id": "offer", "name": "Offer", "type": "SYSTEM", "kind": "OFFER"}
    assert app["channel"]["name"] == fresh.world.sources[0].name
    candidate = fresh.v2(f"/candidates/{app['candidate']['id']}").json
    assert (candidate["phone"], candidate["location"]) == ("+49 30 123", "Berlin, DE")
    assert candidate["applications"] == [{"id": app["id"], "application_date": app["application_date"]}]
    # Tags and files are not readable through Personio's API; the sandbox read shows them.
    stored = fresh.client.get(
        f"/personio/_sandbox/applications/{app['id']}", headers={"Authorization": f"Bearer {fresh.token()}"}
    ).json
    assert stored["application"]["tags"] == ["brand-new-tag"]
    assert [d["uuid"] for d in stored["documents"]] == [cv["uuid"]]
    assert any(r.doc["name"] == "brand-new-tag" for r in fresh.store.list(TENANT, "personio", "tag"))


def test_validation_collects_every_field_error_and_writes_nothing(fresh):
    before = fresh.store.current_seq(TENANT)
    response = fresh.client.post(
        APPLICATIONS,
        json={
            "first_name": "   ",
            "email": "not-an-email",
            "job_position_id": "123",
            "application_date": "2020-13-01",
            "files": [
                {
                    "uuid": "00000000-0000-0000-0000-000000000000",
                    "original_filename": "x.pdf",
                    "category": "cv",
                }
            ],
            "attributes": [{"id": "custom_attribute_1", "value": "x"}, {"id": "gender", "value": "robot"}],
        },
        headers=fresh.v1_headers(),
    )
    assert response.status_code == 400
    assert reasons(response) == {
        "first_name": ["errors.attribute-validation.required-attribute"],
        "last_name": ["errors.attribute-validation.required-attribute"],
        "email": ["errors.attribute-validation.invalid-email-format"],
        "job_position_id": ["errors.attribute-validation.invalid-type"],
        "application_date": ["errors.attribute-validation.invalid-date-format"],
        "files[0].uuid": ["errors.file-validation.file-not-exists"],
        "attributes[0].id": ["errors.attribute-validation.unknown"],
        "attributes[1].value": ["errors.attribute-validation.unknown-attribute-option"],
    }
    assert fresh.store.current_seq(TENANT) == before


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"phase": {"type": "system", "id": "hired"}}, "phase.id", "errors.phase-validation.invalid-system-phase"),
        ({"files": [{"uuid": "x", "original_filename": "a.pdf", "category": "resume"}]}, "files[0].category",
         "errors.file-validation.unknown-file-category"),
        ({"recruiting_channel_id": 1}, "recruiting_channel_id", "errors.posting-validation.channel-not-found"),
    ],
)  # fmt: skip
def test_each_reason_code(fresh, body, field, reason):
    response = apply(fresh, **body)
    assert response.status_code == 400
    assert reason in reasons(response)[field]


def test_application_date_in_the_future_is_refused(fresh):
    tomorrow = (fresh.clock.now() + timedelta(days=1)).date().isoformat()
    response = apply(fresh, application_date=tomorrow)
    assert reasons(response) == {"application_date": ["errors.date-validation.date-in-the-future"]}


def test_unpublished_or_unknown_jobs_are_not_published(fresh):
    for job_id in (unpublished_job(fresh), 999):
        response = apply(fresh, job_position_id=job_id)
        assert reasons(response) == {"job_position_id": ["errors.job-position.not-published"]}


def test_same_email_and_job_twice_is_applicant_already_exists(fresh):
    assert apply(fresh).status_code == 201
    again = apply(fresh, email="JANE.DOE@example.org")
    assert again.status_code == 400 and reasons(again) == {"email": ["errors.applicant-already-exists"]}


def test_unknown_custom_phase_silently_lands_in_unassigned(fresh):
    assert apply(fresh, phase={"type": "custom", "id": 424242}).status_code == 201
    assert v2_application_of(fresh, "jane.doe@example.org")["current_stage"]["id"] == "unassigned"


def test_custom_phase_of_the_jobs_category_is_kept(fresh):
    job = next(j for j in fresh.world.jobs if is_live_published(j))
    record = fresh.store.get(TENANT, "personio", "position", str(ids.native_int("job", job.id)))
    category = fresh.store.get(TENANT, "personio", "category", record.doc["category"]["id"])
    phase = category.doc["phase_ids"][0]
    assert apply(fresh, phase={"type": "custom", "id": phase}).status_code == 201
    stage = v2_application_of(fresh, "jane.doe@example.org")["current_stage"]
    assert (stage["id"], stage["type"]) == (str(phase), "CUSTOM")


def test_malformed_json_gets_the_generic_v1_error(personio):
    response = personio.client.post(
        APPLICATIONS, data=b"{nope", headers={**personio.v1_headers(), "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert set(response.json["errors"][0]) == {"id", "status", "title", "detail"}


def test_v1_rate_limit_is_20_per_minute_per_endpoint_and_can_be_switched_off():
    sandbox = make_sandbox(config={"rate_limits": True})
    sandbox.clock.freeze()
    statuses = [
        sandbox.client.post(APPLICATIONS, json={}, headers=sandbox.v1_headers()).status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    assert upload(sandbox).status_code == 200  # the documents endpoint counts on its own
    sandbox.clock.advance(timedelta(seconds=61))
    assert sandbox.client.post(APPLICATIONS, json={}, headers=sandbox.v1_headers()).status_code == 400
    relaxed = make_sandbox()
    assert all(
        relaxed.client.post(APPLICATIONS, json={}, headers=relaxed.v1_headers()).status_code == 400
        for _ in range(25)
    )


def test_a_known_email_is_the_same_candidate_and_every_application_shows_their_new_name(fresh):
    jobs = [ids.native_int("job", j.id) for j in fresh.world.jobs if is_live_published(j)]
    if len(jobs) < 2:  # the tiny world publishes few jobs: open another one for this test
        record = fresh.store.get(TENANT, "personio", "position", str(unpublished_job(fresh)))
        fresh.store.put(
            TENANT, "personio", "position", record.id, {**record.doc, "published": True}, at=record.updated_at
        )
        jobs.append(int(record.id))
    assert apply(fresh, job_position_id=jobs[0]).status_code == 201
    first = v2_application_of(fresh, "jane.doe@example.org")
    assert apply(fresh, job_position_id=jobs[1], last_name="Roe").status_code == 201
    both = fresh.v2("/applications", **{"candidate.email": "jane.doe@example.org"}).json["_data"]
    assert {a["candidate"]["id"] for a in both} == {first["candidate"]["id"]}
    assert {a["candidate"]["last_name"] for a in both} == {"Roe"}
    again = fresh.v2(f"/applications/{first['id']}").json
    assert again["updated_at"] == first["updated_at"]  # the candidate changed, not the application
