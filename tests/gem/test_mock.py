"""The Gem mock answers like Gem: auth, bare arrays, paging, filters, soft deletion, errors."""

from __future__ import annotations

import json

from atsbox.mocks.gem import ids


def test_lists_are_bare_arrays_with_and_without_trailing_slash(gem):
    with_slash = gem.get("/ats/v0/jobs/")
    without = gem.get("/ats/v0/jobs")
    assert with_slash.status_code == without.status_code == 200
    assert isinstance(with_slash.json, list) and with_slash.json == without.json


def test_missing_wrong_and_malformed_keys_get_the_gateways_403(gem):
    assert gem.client.get("/gem/ats/v0/jobs/").status_code == 403
    wrong = gem.client.get("/gem/ats/v0/jobs/", headers={"X-API-Key": "A" * 40})
    assert (wrong.status_code, wrong.json) == (403, {"message": "Forbidden"})
    short = gem.client.get("/gem/ats/v0/jobs/", headers={"X-API-Key": gem.key[:20]})
    assert short.status_code == 403


def test_partner_keys_need_the_application_secret(gem):
    alone = gem.client.get("/gem/ats/v0/users/", headers={"X-API-Key": gem.partner_key})
    assert alone.status_code == 403
    both = gem.client.get(
        "/gem/ats/v0/users/", headers={"X-API-Key": gem.partner_key, "X-Application-Secret": gem.app_secret}
    )
    assert both.status_code == 200


def test_page_and_per_page_with_harvest_link_headers(gem):
    first = gem.get("/ats/v0/candidates/?per_page=5")
    assert len(first.json) == 5
    link = first.headers["Link"]
    assert 'rel="next"' in link and 'rel="last"' in link and 'rel="prev"' not in link
    total = len(gem.get("/ats/v0/candidates/?per_page=500").json)
    last_page = -(-total // 5)
    last = gem.get(f"/ats/v0/candidates/?per_page=5&page={last_page}")
    assert 'rel="next"' not in last.headers["Link"] and 'rel="prev"' in last.headers["Link"]
    past = gem.get(f"/ats/v0/candidates/?per_page=5&page={last_page + 1}")
    assert past.status_code == 200 and past.json == []
    assert "Link" not in gem.get("/ats/v0/candidates/?per_page=500").headers


def test_per_page_default_100_and_max_500(gem):
    assert gem.get("/ats/v0/interview_users/").status_code == 404
    bad = gem.get("/ats/v0/jobs/?per_page=501")
    assert bad.status_code == 422
    assert bad.json["message"] == "Validation error" and bad.json["errors"][0]["field"] == "per_page"
    assert gem.get("/ats/v0/jobs/?page=0").status_code == 422


def test_soft_deleted_rows_only_with_include_deleted(gem):
    deleted = [c for c in gem.world.candidates if c.times.deleted_at is not None]
    assert deleted, "the world has deleted candidates"
    gone = ids.native_id("candidate", deleted[0].id)
    default = {c["id"] for c in gem.get("/ats/v0/candidates/?per_page=500").json}
    everything = {c["id"]: c for c in gem.get("/ats/v0/candidates/?per_page=500&include_deleted=true").json}
    assert gone not in default and gone in everything
    assert everything[gone]["deleted_at"] is not None
    assert gem.get(f"/ats/v0/candidates/{gone}").status_code == 404


def test_updated_after_filters_by_iso_time(gem):
    jobs = gem.get("/ats/v0/jobs/?per_page=500").json
    times = sorted(j["updated_at"] for j in jobs)
    middle = times[len(times) // 2]
    newer = gem.get(f"/ats/v0/jobs/?per_page=500&updated_after={middle}").json
    assert newer and all(j["updated_at"] > middle for j in newer)
    assert gem.get("/ats/v0/jobs/?updated_after=yesterday").status_code == 422


def test_unknown_ids_get_harvests_404(gem):
    missing = gem.get(f"/ats/v0/applications/{ids.encode('Application', 999999)}")
    assert (missing.status_code, missing.json) == (404, {"message": "Resource not found"})
    assert gem.get("/ats/v0/applications/not-an-id").status_code == 404


def test_times_are_iso_in_the_ats_api_and_unix_seconds_in_the_sourcing_api(gem):
    cand = gem.get("/ats/v0/candidates/?per_page=1").json[0]
    assert cand["created_at"].endswith("Z")
    sourcing = gem.get(f"/v0/candidates/{cand['id']}")
    assert isinstance(sourcing.json["created_at"], int)


def test_sourcing_lists_carry_x_pagination(gem):
    response = gem.get("/v0/users?page_size=2")
    info = json.loads(response.headers["X-Pagination"])
    assert (
        info["page"] == 1
        and info["next_page"] == 2
        and info["total"] == sum(1 for u in gem.world.users if u.times.deleted_at is None)
    )
    assert len(response.json) == 2


def test_sourcing_errors_use_gems_envelope(gem):
    response = gem.get("/v0/users?page_size=1000")
    assert response.status_code == 422
    assert response.json["code"] == 422 and response.json["status"] == "Unprocessable Entity"
    assert "page_size" in response.json["errors"]["json"]


def test_malformed_json_is_a_4xx_not_a_500(fresh_gem):
    app = fresh_gem.get("/ats/v0/applications/?per_page=1").json[0]
    response = fresh_gem.post(
        f"/ats/v0/applications/{app['id']}/move", data="{nope", content_type="application/json"
    )
    assert response.status_code == 400 and "message" in response.json


def test_rate_limit_429_over_the_burst():
    from datetime import timedelta

    from atsbox.clock import clock_for

    from .conftest import TENANT, make_sandbox

    gem = make_sandbox(config={"rate_limits": True})
    clock = clock_for(gem.store, TENANT)
    clock.freeze()
    statuses = [gem.get("/ats/v0/offices/").status_code for _ in range(501)]
    assert statuses[:500] == [200] * 500 and statuses[500] == 429
    assert gem.get("/ats/v0/offices/").json == {"message": "Too Many Requests"}
    clock.advance(timedelta(seconds=1))
    assert gem.get("/ats/v0/offices/").status_code == 200  # 20 tokens back after a second


def test_same_seed_same_bytes():
    from .conftest import make_sandbox

    one, two = make_sandbox(), make_sandbox()
    path = "/ats/v0/applications/?per_page=500&include_deleted=true"
    assert one.get(path).data == two.get(path).data


def test_removed_stages_and_deleted_postings_show_only_with_include_deleted(gem):
    removed = [
        (j, s)
        for j in gem.world.jobs
        if j.times.deleted_at is None
        for s in j.stages
        if s.deleted_at is not None
    ]
    postings = [p for j in gem.world.jobs for p in j.postings if p.times.deleted_at is not None]
    assert removed and postings, "the world removes stages and deletes postings"
    job, stage = removed[0]
    stage_id = ids.native_id("stage", stage.id)
    live = {s["id"] for s in gem.get("/ats/v0/job_stages/?per_page=500").json}
    everything = {s["id"]: s for s in gem.get("/ats/v0/job_stages/?per_page=500&include_deleted=true").json}
    assert stage_id not in live and everything[stage_id]["deleted_at"] is not None
    assert stage_id not in {
        s["id"] for s in gem.get(f"/ats/v0/jobs/{ids.native_id('job', job.id)}/stages").json
    }
    assert gem.get(f"/ats/v0/job_stages/{stage_id}").status_code == 404
    post_id = ids.native_id("posting", postings[0].id)
    assert post_id not in {p["id"] for p in gem.get("/ats/v0/job_posts/?per_page=500").json}
    shown = {p["id"]: p for p in gem.get("/ats/v0/job_posts/?per_page=500&include_deleted=true").json}
    assert shown[post_id]["deleted_at"] is not None
