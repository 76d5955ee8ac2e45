"""Gem's write endpoints persist, bump change times and refuse bad input without half-writes."""

from __future__ import annotations

import io

from atsbox.mocks.gem import ids


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


def test_move_refuses_a_wrong_from_stage_a_foreign_stage_and_an_unknown_user(fresh_gem):
    gem = fresh_gem
    app, stage = _active_application(gem)
    user = _user(gem)["id"]
    path = f"/ats/v0/applications/{app['id']}/move"
    wrong_from = gem.post(path, json={"from_stage_id": stage["id"], "to_stage_id": stage["id"], "user_id": user})
    assert wrong_from.status_code == 422 and wrong_from.json["errors"][0]["field"] == "from_stage_id"
    foreign = ids.encode("JobStage", 999999)
    bad_to = gem.post(path, json={"from_stage_id": app["current_stage"]["id"], "to_stage_id": foreign, "user_id": user})
    assert bad_to.status_code == 422
    no_user = gem.post(path, json={"from_stage_id": app["current_stage"]["id"], "to_stage_id": stage["id"]})
    assert no_user.status_code == 422 and no_user.json["errors"][0]["field"] == "user_id"
    # Nothing was half-applied.
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
    empty = gem.post(f"/ats/v0/candidates/{cand['id']}/activity_feed/notes", json={"user_id": _user(gem)["id"], "body": " "})
    assert empty.status_code == 422


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


def test_attachment_urls_need_their_signature(gem):
    cand = next(c for c in gem.get("/ats/v0/candidates/?per_page=500").json if c["attachments"])
    url = cand["attachments"][0]["url"].replace("http://localhost", "")
    assert gem.client.get(url).status_code == 200
    assert gem.client.get(url[:-3] + "abc").status_code == 403
