"""Ashby's transport: RPC routes, auth, envelopes, statuses, permissions, headers."""

from __future__ import annotations

import re

from .conftest import AshbySandbox, basic, make_sandbox

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def test_success_envelope_uuid_ids_and_millisecond_times(ashby: AshbySandbox) -> None:
    response = ashby.post("candidate.list", {"limit": 5})
    data = response.get_json()
    assert response.status_code == 200 and data["success"] is True
    assert set(data) == {"success", "results", "moreDataAvailable", "nextCursor"}
    for candidate in data["results"]:
        assert UUID.match(candidate["id"])
        assert ISO_MS.match(candidate["createdAt"]) and ISO_MS.match(candidate["updatedAt"])


def test_missing_key_is_401_and_wrong_key_is_403(ashby: AshbySandbox) -> None:
    info = ashby.error("user.list", {}, status=401, key="")
    assert info["code"] == "unauthenticated" and info["requestId"]
    assert ashby.error("user.list", {}, status=403, key="not-a-key")["code"] == "invalid_api_key"


def test_password_is_ignored_like_ashby_does(ashby: AshbySandbox) -> None:
    import base64

    header = {"Authorization": "Basic " + base64.b64encode(f"{ashby.key}:{ashby.key}".encode()).decode()}
    assert ashby.post("apiKey.info", {}, key="", headers=header).get_json()["success"]


def test_key_without_permission_gets_missing_endpoint_permission(ashby: AshbySandbox) -> None:
    info = ashby.error("candidate.create", {"name": "Nope"}, status=403, key=ashby.read_only_key)
    assert info["code"] == "missing_endpoint_permission"
    assert ashby.post("candidate.list", {"limit": 1}, key=ashby.read_only_key).get_json()["success"]


def test_api_key_info_names_the_scopes(ashby: AshbySandbox) -> None:
    info = ashby.ok("apiKey.info", {}, key=ashby.read_only_key)
    assert "candidates:read" in info["scopes"] and "candidates:write" not in info["scopes"]


def test_business_errors_come_back_with_http_200(ashby: AshbySandbox) -> None:
    info = ashby.error("application.info", {"applicationId": "00000000-0000-4000-8000-000000000000"})
    assert info["code"] == "application_not_found"


def test_malformed_json_and_wrong_types_are_invalid_input(ashby: AshbySandbox) -> None:
    bad = ashby.post("candidate.list", data=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 200 and bad.get_json()["errorInfo"]["code"] == "invalid_input"
    assert ashby.error("candidate.list", {"limit": "ten"})["code"] == "invalid_input"
    assert ashby.error("candidate.list", [1, 2])["code"] == "invalid_input"
    assert ashby.error("user.info", {"userId": "not-a-uuid"})["code"] == "invalid_input"


def test_unknown_body_keys_are_ignored(ashby: AshbySandbox) -> None:
    assert ashby.ok("candidate.list", {"limit": 1, "per_page": 50, "whatever": {"x": 1}})


def test_only_post_exists_and_unknown_endpoints_are_404(ashby: AshbySandbox) -> None:
    response = ashby.client.get("/candidate.list", headers=basic(ashby.key))
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert response.get_json()["success"] is False
    missing = ashby.post("candidate.teleport", {})
    assert missing.status_code == 404 and missing.get_json()["success"] is False


def test_every_response_names_the_api_version(ashby: AshbySandbox) -> None:
    response = ashby.post("apiKey.info", {})
    assert response.headers["Ashby-Version"] == "2026-01-01"
    assert response.headers["Ashby-Version-Status"] == "active"


def test_rate_limit_answers_429_rate_limit_exceeded(tiny_world) -> None:
    sandbox = make_sandbox(tiny_world, {"rate_limit_per_minute": 3})
    sandbox.flask_app.extensions["atsbox"].vendors["ashby"].config["rate_limits"] = True
    for _ in range(3):
        assert sandbox.ok("apiKey.info")
    response = sandbox.post("apiKey.info", {})
    assert response.status_code == 429
    assert response.get_json()["errorInfo"]["code"] == "rate_limit_exceeded"
    assert int(response.headers["Retry-After"]) > 0
    # The window is on the sandbox clock: a minute later the key may call again.
    from datetime import timedelta

    sandbox.clock.advance(timedelta(seconds=61))
    assert sandbox.ok("apiKey.info")


def test_requests_over_the_host_route_work_too(ashby: AshbySandbox) -> None:
    response = ashby.client.post("/candidate.list", json={"limit": 1}, headers={**basic(ashby.key)},
                                 base_url="https://api.ashbyhq.com")  # fmt: skip
    assert response.get_json()["success"]
