"""Recruiting API v2: the token endpoint, list envelopes, cursors, filters and errors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from atsbox.mocks.personio import ids

from .conftest import TENANT, make_sandbox

TOKEN = "/personio/v2/auth/token"


def token_request(sandbox, **form):
    data = {
        "grant_type": "client_credentials",
        "client_id": sandbox.credentials["client_id"],
        "client_secret": sandbox.credentials["client_secret"],
        **form,
    }
    return sandbox.client.post(TOKEN, data={k: v for k, v in data.items() if v is not None})


def all_pages(sandbox, path: str, **params) -> list[dict]:
    items, response = [], sandbox.v2(path, **params)
    while True:
        assert response.status_code == 200, response.json
        items += response.json["_data"]
        following = response.json["_meta"]["links"].get("next")
        if following is None:
            return items
        response = sandbox.client.get(
            following["href"], headers={"Authorization": f"Bearer {sandbox.token()}"}
        )


def assert_v2_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json
    assert set(body) >= {"personio_trace_id", "timestamp", "errors"}
    assert set(body["errors"][0]) == {"title", "detail", "type", "_meta"}
    return body


# --- auth ---------------------------------------------------------------------------------


def test_token_is_a_bearer_with_the_recruiting_scope(personio):
    body = token_request(personio).json
    assert body["token_type"] == "Bearer" and body["expires_in"] == 86400
    assert body["scope"] == "personio:recruiting:read"


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"scope": "personio:persons:write"}, 400, "invalid_scope"),
    ],
)
def test_token_errors_carry_the_oauth_code_in_the_v2_envelope(personio, form, status, error):
    body = assert_v2_error(token_request(personio, **form), status)
    assert body["error"] == error


def test_token_endpoint_wants_a_form(personio):
    response = personio.client.post(TOKEN, json={"grant_type": "client_credentials"})
    assert assert_v2_error(response, 400)["error"] == "invalid_request"


def test_reads_need_a_live_token_with_the_read_scope(fresh):
    assert_v2_error(fresh.client.get("/personio/v2/recruiting/jobs"), 401)
    bad = fresh.client.get("/personio/v2/recruiting/jobs", headers={"Authorization": "Bearer nope"})
    assert_v2_error(bad, 401)
    fresh.clock.freeze()
    token = fresh.token()
    fresh.clock.advance(timedelta(days=1, seconds=1))
    expired = fresh.client.get("/personio/v2/recruiting/jobs", headers={"Authorization": f"Bearer {token}"})
    assert_v2_error(expired, 401)


def test_token_endpoint_allows_150_a_minute_then_one_a_second():
    sandbox = make_sandbox(config={"rate_limits": True})
    sandbox.clock.freeze()
    assert all(token_request(sandbox).status_code == 200 for _ in range(150))
    assert token_request(sandbox).status_code == 200  # the trickle's one request this second
    limited = token_request(sandbox)
    assert_v2_error(limited, 429)
    assert limited.headers["Retry-After"] == "1"
    sandbox.clock.advance(timedelta(seconds=1))
    assert token_request(sandbox).status_code == 200


# --- lists --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/applications", "/candidates", "/jobs", "/categories"])
def test_lists_are_newest_updated_first_with_cursor_pages(personio, path):
    items = all_pages(personio, path, limit=7)
    assert len({i["id"] for i in items}) == len(items)
    first = personio.v2(path).json
    assert first["_data"] == items[: len(first["_data"])]  # default limit 100
    times = [
        i["updated_at"]["date-time"] if isinstance(i.get("updated_at"), dict) else i.get("updated_at")
        for i in items
    ]
    if times[0] is not None:
        assert times == sorted(times, reverse=True)


def test_all_visible_records_are_listed_and_deleted_ones_are_not(personio):
    world = personio.world
    expected = {
        str(ids.native_int("application", a.id)) for a in world.applications if a.times.deleted_at is None
    }
    assert {a["id"] for a in all_pages(personio, "/applications", limit=200)} == expected
    expected = {
        str(ids.native_int("candidate", c.id)) for c in world.candidates if c.times.deleted_at is None
    }
    assert {c["id"] for c in all_pages(personio, "/candidates", limit=200)} == expected


@pytest.mark.parametrize("limit", ["0", "201", "ten"])
def test_limit_must_be_1_to_200(personio, limit):
    assert_v2_error(personio.v2("/jobs", limit=limit), 400)


def test_a_tampered_or_foreign_cursor_is_400(personio):
    next_href = personio.v2("/candidates", limit=2).json["_meta"]["links"]["next"]["href"]
    cursor = next_href.split("cursor=")[1]
    assert_v2_error(personio.v2("/candidates", limit=2, cursor=cursor[:-2] + "xx"), 400)
    assert_v2_error(personio.v2("/applications", limit=2, cursor=cursor), 400)


def test_updated_at_filters(personio):
    items = all_pages(personio, "/applications", limit=200)
    pivot = sorted(i["updated_at"]["date-time"] for i in items)[len(items) // 2]
    newer = all_pages(personio, "/applications", **{"updated_at.gt": pivot})
    older = all_pages(personio, "/applications", **{"updated_at.lt": pivot})
    assert all(i["updated_at"]["date-time"] > pivot for i in newer)
    assert all(i["updated_at"]["date-time"] < pivot for i in older)
    assert len(newer) + len(older) + sum(i["updated_at"]["date-time"] == pivot for i in items) == len(items)
    assert_v2_error(personio.v2("/applications", **{"updated_at.gt": pivot, "updated_at.lt": pivot}), 400)
    assert_v2_error(personio.v2("/candidates", **{"updated_at.gt": "yesterday"}), 400)


def test_email_filters(personio):
    candidate = personio.v2("/candidates", limit=1).json["_data"][0]
    found = personio.v2("/candidates", email=candidate["email"].upper()).json["_data"]
    assert [c["id"] for c in found] == [candidate["id"]]
    apps = personio.v2("/applications", **{"candidate.email": candidate["email"]}).json["_data"]
    assert {a["id"] for a in apps} == {a["id"] for a in candidate["applications"]}


# --- single resources ---------------------------------------------------------------------


def test_single_resources_are_bare_objects_and_unknown_ids_404(personio):
    listed = personio.v2("/applications", limit=1).json["_data"][0]
    assert personio.v2(f"/applications/{listed['id']}").json == listed
    for path in (
        "/applications/1",
        "/candidates/1",
        "/jobs/1",
        "/categories/1",
        "/applications/1/stage-transitions",
    ):
        body = assert_v2_error(personio.v2(path), 404)
        assert body["errors"][0]["type"].endswith("#commonrequested_resource_not_found")


def test_stage_transitions_are_latest_first_and_end_in_the_current_stage(personio):
    for application in personio.v2("/applications", limit=20).json["_data"]:
        transitions = personio.v2(f"/applications/{application['id']}/stage-transitions").json["_data"]
        times = [t["entered_at"]["date-time"] for t in transitions]
        assert times == sorted(times, reverse=True)
        assert transitions[0]["stage"] == application["current_stage"]


def test_stage_shapes(personio):
    stages = {
        a["current_stage"]["type"]: a["current_stage"]
        for a in all_pages(personio, "/applications", limit=200)
    }
    assert stages["SYSTEM"]["id"] in ("unassigned", "rejected", "withdrawn", "offer", "accepted")
    assert stages["SYSTEM"]["kind"] == stages["SYSTEM"]["id"].upper()
    assert stages["CUSTOM"]["id"].isdigit() and stages["CUSTOM"]["kind"] == "CUSTOM"


def test_categories_hide_their_stages_unless_configured(personio):
    category = personio.v2("/categories").json["_data"][0]
    assert "stages" not in category
    from atsbox.mocks.core import create_vendor_app

    app = create_vendor_app("personio", personio.store, config={"personio": {"category_stages": True}})
    shown = (
        app.test_client()
        .get(
            f"/personio/v2/recruiting/categories/{category['id']}",
            headers={"Authorization": f"Bearer {personio.token()}"},
        )
        .json
    )
    assert shown["stages"] and all(s["type"] == "CUSTOM" for s in shown["stages"])


def test_responses_carry_rate_limit_headers_when_limits_are_on():
    sandbox = make_sandbox(config={"rate_limits": True})
    response = sandbox.v2("/jobs")
    assert response.headers["x-ratelimit-burst-capacity"] == "30"
    assert int(response.headers["x-ratelimit-remaining"]) < 30


@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])
def test_applications_cannot_be_changed_through_the_api(personio, method):
    application = personio.v2("/applications", limit=1).json["_data"][0]
    response = personio.client.open(
        f"/personio/v2/recruiting/applications/{application['id']}",
        method=method,
        json={"current_stage": {"id": "offer"}},
        headers={"Authorization": f"Bearer {personio.token()}"},
    )
    assert_v2_error(response, 405)
    assert "GET" in response.headers["Allow"]
    assert personio.v2(f"/applications/{application['id']}").json == application


def test_the_same_first_page_reuses_its_cursor_snapshot_until_the_records_change(fresh):
    first = fresh.v2("/candidates", limit=2).json["_meta"]["links"]["next"]["href"]
    snapshots = fresh.store.kv_list(TENANT, "personio", "snapshot:")
    again = fresh.v2("/candidates", limit=2).json["_meta"]["links"]["next"]["href"]
    assert again == first  # no new snapshot: asking again only reads
    assert fresh.store.kv_list(TENANT, "personio", "snapshot:") == snapshots
    assert fresh.v2("/candidates", limit=3).json["_meta"]["links"]["next"]["href"] != first  # other listing
    record = fresh.store.list(TENANT, "personio", "candidate")[0]
    fresh.store.put(TENANT, "personio", "candidate", record.id, record.doc, at=fresh.clock.now())
    changed = fresh.v2("/candidates", limit=2).json["_meta"]["links"]["next"]["href"]
    assert changed != first  # the records moved on: a snapshot of their new order
    # A snapshot with less than half its lifetime left is not handed out again.
    fresh.clock.advance(timedelta(minutes=31))
    assert fresh.v2("/candidates", limit=2).json["_meta"]["links"]["next"]["href"] != changed
