"""Gem's write endpoints persist, bump change times and refuse bad input without half-writes."""

from __future__ import annotations

import io

from atsbox.mocks.gem import ids

from .conftest import TENANT


def _active_application(gem):
    for app in gem.get("/ats/v0/applications/?per_page=500&status=active").json:
        stages = gem.get(f"/ats/v0/jobs/{app['jobs'][0]['id']}/stages").json
        others = [s for s in stages if s["id"] != app["current_stage"]["id"]]
        if others:
            return app, others[0]
    raise AssertionError("no movable application")


def _user(gem):
    return next(u for u in gem.get("/ats/v0/users/").json if not u["disabled"])


def test_move_changes_the_stage_and_bumps_last_activity(fresh_gem):
    gem = fresh_gem
    app, stage = _active_application(gem)
    body = {"from_stage_id": app["current_stage"]["id"], "to_stage_id": stage["id"], "user_id": _user(gem)["id"]}
    moved = gem.post(f"/ats/v0/applications/{app['id']}/move", json=body)
    assert moved.status_code == 200 and moved.json["current_stage"] == {"id": stage["id"], "name": stage["name"]}
    again = gem.get(f"/ats/v0/applications/{app['id']}").json
    assert again["current_stage"]["id"] == stage["id"]
    assert again["last_activity_at"] > app["last_activity_at"]


def _foreign_stage(gem, app):
    """A stage of another job than the application's."""
    job_id = app["jobs"][0]["id"]
    return next(s for s in gem.get("/ats/v0/job_stages/?per_page=500").json if s["job_id"] != job_id)


def test_move_refusals_404_for_unknown_objects_409_for_the_wrong_state(fresh_gem):
    """A schema-valid body naming nothing is 404, one the records' state forbids is 409;
    only a malformed body is 422 (and nothing is half-applied)."""
    gem = fresh_gem
    app, stage = _active_application(gem)
    user = _user(gem)["id"]
    current = app["current_stage"]["id"]
    path = f"/ats/v0/applications/{app['id']}/move"

    def move(**body):
        return gem.post(path, json={"from_stage_id": current, "to_stage_id": stage["id"], "user_id": user, **body})

    wrong_from = move(from_stage_id=stage["id"])
    assert wrong_from.status_code == 409 and "is not in stage" in wrong_from.json["message"]
    unknown_stage = move(to_stage_id=ids.encode("JobStage", 999999))
    assert (unknown_stage.status_code, unknown_stage.json) == (404, {"message": "Job stage Sm9iU3RhZ2U6OTk5OTk5 not found"})
    foreign = move(to_stage_id=_foreign_stage(gem, app)["id"])
    assert foreign.status_code == 409 and "is not a stage of job" in foreign.json["message"]
    unknown_user = move(user_id=ids.encode("User", 999999))
    assert unknown_user.status_code == 404
    record = gem.store.get(TENANT, "gem", "user", user)
    gem.store.put(TENANT, "gem", "user", user, {**record.doc, "disabled": True}, at=record.updated_at)
    assert move().status_code == 409
    gem.store.put(TENANT, "gem", "user", user, record.doc, at=record.updated_at)
    no_user = gem.post(path, json={"from_stage_id": current, "to_stage_id": stage["id"]})
    assert no_user.status_code == 422 and no_user.json["errors"][0]["field"] == "user_id"
    assert gem.get(f"/ats/v0/applications/{app['id']}").json == app
    rejected = gem.get("/ats/v0/applications/?per_page=1&status=rejected").json[0]
    not_active = gem.post(
        f"/ats/v0/applications/{rejected['id']}/move",
        json={"from_stage_id": rejected["current_stage"]["id"], "to_stage_id": stage["id"], "user_id": user},
    )
    assert not_active.status_code == 409


def test_patch_with_an_unknown_source_is_404(fresh_gem):
    gem = fresh_gem
    app = gem.get("/ats/v0/applications/?per_page=1").json[0]
    response = gem.client.patch(
        f"/gem/ats/v0/applications/{app['id']}", json={"source_id": ids.encode("Source", 999999)},
        headers={"X-API-Key": gem.key},
    )  # fmt: skip
    assert response.status_code == 404
    assert gem.get(f"/ats/v0/applications/{app['id']}").json == app


def test_patch_source_and_the_candidate_is_touched(fresh_gem):
    gem = fresh_gem
    app = gem.get("/ats/v0/applications/?per_page=1").json[0]
    before = gem.get(f"/ats/v0/candidates/{app['candidate_id']}").json
    source = gem.get("/ats/v0/sources/").json[-1]
    patched = gem.client.patch(
        f"/gem/ats/v0/applications/{app['id']}", json={"source_id": source["id"]}, headers={"X-API-Key": gem.key}
    )
    assert patched.status_code == 200 and patched.json["source"] == {"id": source["id"], "public_name": source["name"]}
    after = gem.get(f"/ats/v0/candidates/{app['candidate_id']}").json
    assert after["updated_at"] > before["updated_at"]


def test_notes_are_created_with_201_and_listed_in_the_activity_feed(fresh_gem):
    gem = fresh_gem
    cand = gem.get("/ats/v0/candidates/?per_page=1").json[0]
    note = gem.post(
        f"/ats/v0/candidates/{cand['id']}/activity_feed/notes",
        json={"user_id": _user(gem)["id"], "body": "Strong systems design.", "visibility": "private"},
    )
    assert note.status_code == 201 and note.json["private"] is True
    assert ids.decode(note.json["id"])[0] == "Note"
    feed = gem.get(f"/ats/v0/candidates/{cand['id']}/activity_feed").json
    assert note.json in feed["notes"]
    for blank in (" ", "\t\r\n\x0b\x0c"):
        empty = gem.post(f"/ats/v0/candidates/{cand['id']}/activity_feed/notes", json={"user_id": _user(gem)["id"], "body": blank})
        assert empty.status_code == 422
    # Only ASCII whitespace is blank, exactly what the document's pattern says.
    odd = gem.post(f"/ats/v0/candidates/{cand['id']}/activity_feed/notes", json={"user_id": _user(gem)["id"], "body": "\x1c"})
    assert odd.status_code == 201


def test_note_body_pattern_in_the_document_matches_the_mocks_blank_rule():
    import re

    from atsbox.mocks.gem import wire
    from atsbox.mocks.gem.openapi import document

    path = document()["paths"]["/ats/v0/candidates/{candidate_id}/activity_feed/notes"]
    pattern = path["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["body"]["pattern"]
    for text in (" ", "\n\t", "a", " x ", "\x1c", "\u00a0", "\x0b\x0c\r"):
        assert (re.search(pattern, text) is not None) == (not wire.is_blank(text)), repr(text)


def test_resume_upload_lands_on_the_candidate_and_downloads(fresh_gem):
    gem = fresh_gem
    cand = gem.get("/ats/v0/candidates/?per_page=1").json[0]
    user = _user(gem)["id"]
    pdf = b"%PDF-1.4 resume"
    created = gem.post(
        f"/v0/candidates/{cand['id']}/uploaded_resumes/{user}",
        data={"resume_file": (io.BytesIO(pdf), "cv.pdf")},
        content_type="multipart/form-data",
    )
    assert created.status_code == 201
    assert isinstance(created.json["created_at"], int) and created.json["user_id"] == user
    files = gem.get(f"/ats/v0/candidates/{cand['id']}").json["attachments"]
    mine = [f for f in files if f["filename"] == "cv.pdf"]
    assert mine and mine[0]["type"] == "resume"
    download = gem.client.get(mine[0]["url"].replace("http://localhost", ""))
    assert download.status_code == 200 and download.data == pdf
    listed = gem.get(f"/v0/candidates/{cand['id']}/uploaded_resumes").json
    assert created.json in listed


def test_resume_upload_validation_is_422_in_gems_envelope(fresh_gem):
    gem = fresh_gem
    cand = gem.get("/ats/v0/candidates/?per_page=1").json[0]
    user = _user(gem)["id"]
    missing = gem.post(f"/v0/candidates/{cand['id']}/uploaded_resumes/{user}", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422
    assert missing.json["errors"] == {"json": {"resume_file": ["Missing data for required field."]}}
    exe = gem.post(
        f"/v0/candidates/{cand['id']}/uploaded_resumes/{user}",
        data={"resume_file": (io.BytesIO(b"MZ"), "cv.exe")},
        content_type="multipart/form-data",
    )
    assert exe.status_code == 422
    nameless = gem.post(
        f"/v0/candidates/{cand['id']}/uploaded_resumes/{user}",
        data={"resume_file": (io.BytesIO(b"bytes"), "resume_file", "text/plain")},
        content_type="multipart/form-data",
    )
    assert nameless.status_code == 422


def test_a_resume_named_without_extension_is_taken_by_its_declared_type(fresh_gem):
    gem = fresh_gem
    cand = gem.get("/ats/v0/candidates/?per_page=1").json[0]
    created = gem.post(
        f"/v0/candidates/{cand['id']}/uploaded_resumes/{_user(gem)['id']}",
        data={"resume_file": (io.BytesIO(b"%PDF-1.4"), "resume", "application/pdf")},
        content_type="multipart/form-data",
    )
    assert created.status_code == 201 and created.json["filename"] == "resume"


def test_sourcing_candidate_ids_count_items_as_sent(gem):
    assert gem.get("/v0/candidates?candidate_ids=" + "," * 19).status_code == 200
    too_many = gem.get("/v0/candidates?candidate_ids=" + "," * 20)
    assert too_many.status_code == 422 and "candidate_ids" in too_many.json["errors"]["json"]


def test_attachment_urls_need_their_signature(gem):
    cand = next(c for c in gem.get("/ats/v0/candidates/?per_page=500").json if c["attachments"])
    url = cand["attachments"][0]["url"].replace("http://localhost", "")
    assert gem.client.get(url).status_code == 200
    assert gem.client.get(url[:-3] + "abc").status_code == 403
