"""Sandbox lifecycle through the control API, on every store backend: create, get, list,
reset, delete, export and import, and who may do what."""

from __future__ import annotations

import pytest

from atsbox.mocks.core.vendor import derive_secret
from atsbox.store import Store

from .helpers import ADMIN, Hosted, ashby, ashby_key, basic


def test_create_returns_working_credentials_and_an_access_token(hosted: Hosted) -> None:
    sandbox = hosted.create(seed=3)
    assert sandbox["id"].startswith("sbx_") and len(sandbox["id"]) == 36
    assert sandbox["seed"] == 3 and sandbox["size"] == "tiny" and sandbox["hosted"] is True
    ashby_info = sandbox["vendors"]["ashby"]
    assert ashby_info["base_url"].endswith("/ashby")
    assert ashby_info["guide"].endswith(f"/ashby/?sandbox={sandbox['id']}&token={sandbox['access_token']}")
    assert ashby(hosted, sandbox, "candidate.list", {"limit": 1}).get_json()["success"] is True
    got = hosted.control("GET", f"/sandboxes/{sandbox['id']}", token=sandbox["access_token"])
    assert got.status_code == 200
    assert got.get_json()["vendors"]["ashby"]["credentials"] == ashby_info["credentials"]
    assert "access_token" not in got.get_json()  # shown once, at creation
    listed = hosted.control("GET", "/sandboxes").get_json()["sandboxes"]
    assert {"id": sandbox["id"], "seed": 3, "size": "tiny", "vendors": ["ashby"]} in listed


def test_credentials_are_random_not_derived_from_the_sandbox_id(hosted: Hosted) -> None:
    first = hosted.create(seed=0, id="same-seed-a")
    second = hosted.create(seed=0, id="same-seed-b")
    assert ashby_key(first) != ashby_key(second)
    assert ashby_key(first) != derive_secret("ashby", "same-seed-a", 0, "api_key", length=32)
    assert len(ashby_key(first)) == 32 and int(ashby_key(first), 16) >= 0  # same shape as Ashby's
    # The derived defaults were removed, not just hidden.
    derived = derive_secret("ashby", "same-seed-a", 0, "api_key", length=32)
    assert hosted.client.post("/ashby/candidate.list", json={}, headers=basic(derived)).status_code == 403


def test_control_api_needs_a_token_and_a_sandbox_token_sees_only_its_sandbox(hosted: Hosted) -> None:
    mine = hosted.create(id="mine")
    other = hosted.create(id="other")
    assert hosted.client.post("/_sandbox/sandboxes", json={}).status_code == 401
    assert hosted.control("POST", "/sandboxes", token="wrong", json={}).status_code == 403
    assert hosted.control("POST", "/sandboxes", token=mine["access_token"], json={}).status_code == 403
    assert hosted.control("GET", "/sandboxes", token=mine["access_token"]).status_code == 403
    token = mine["access_token"]
    swapped = hosted.control("GET", "/sandboxes/other", token=token)
    missing = hosted.control("GET", "/sandboxes/no-such-sandbox", token=token)
    assert swapped.status_code == missing.status_code == 404
    assert swapped.get_json()["error"]["code"] == missing.get_json()["error"]["code"] == "sandbox_not_found"
    for path in ("/reset", "/export", "/faults", "/clock", "/journal", "/webhooks/deliveries"):
        method = "POST" if path == "/reset" else "GET"
        assert hosted.control(method, f"/sandboxes/other{path}", token=token).status_code == 404, path
    assert hosted.control("DELETE", "/sandboxes/other", token=token).status_code == 404
    assert hosted.control("GET", "/sandboxes/other", token=other["access_token"]).status_code == 200


def test_invalid_creation_requests_are_400_and_ids_are_unique(hosted: Hosted) -> None:
    for body in (
        {"size": "huge"},
        {"seed": -1},
        {"seed": "1"},
        {"vendors": ["nope"]},
        {"vendors": []},
        {"id": "Bad Id"},
        {"colour": "blue"},
        {"credentials": {"ashby": {"nope": {}}}},
        {"credentials": {"ashby": {"api_key": {"permissions": ["everything"]}}}},
        {"credentials": {"ashby": {"api_key": {"redirect_uris": ["https://x.test/cb"]}}}},
    ):
        response = hosted.control("POST", "/sandboxes", json=body)
        assert response.status_code == 400, (body, response.get_json())
    hosted.create(id="taken")
    assert hosted.control("POST", "/sandboxes", json={"id": "taken"}).status_code == 409


def test_chosen_permissions_limit_the_key(hosted: Hosted) -> None:
    sandbox = hosted.create(credentials={"ashby": {"api_key": {"permissions": ["candidatesRead"]}}})
    assert sandbox["vendors"]["ashby"]["credentials"]["api_key"]["meta"]["permissions"] == ["candidatesRead"]
    assert ashby(hosted, sandbox, "candidate.list", {"limit": 1}).status_code == 200
    refused = ashby(hosted, sandbox, "candidate.create", {"name": "No Rights"})
    assert refused.status_code == 403


def test_reset_restores_the_seeded_world_and_keeps_credentials_token_and_clock(hosted: Hosted) -> None:
    sandbox = hosted.create()
    sid, token = sandbox["id"], sandbox["access_token"]
    seeded = hosted.store.export_tenant(sid)["records"]
    created = ashby(hosted, sandbox, "candidate.create", {"name": "Written Then Reset"}).get_json()
    assert created["success"] is True
    hosted.control("POST", f"/sandboxes/{sid}/clock/advance", json={"seconds": 3600})
    before = hosted.control("GET", f"/sandboxes/{sid}/clock").get_json()["now"]
    reset = hosted.control("POST", f"/sandboxes/{sid}/reset", token=token)
    assert reset.status_code == 200
    assert reset.get_json()["vendors"]["ashby"]["credentials"] == sandbox["vendors"]["ashby"]["credentials"]
    assert hosted.store.export_tenant(sid)["records"] == seeded
    info = ashby(hosted, sandbox, "candidate.info", {"id": created["results"]["id"]}).get_json()
    assert info["success"] is False
    assert hosted.control("GET", f"/sandboxes/{sid}/clock", token=token).get_json()["now"] >= before


def test_delete_removes_the_sandbox_and_its_credentials(hosted: Hosted) -> None:
    sandbox = hosted.create()
    sid = sandbox["id"]
    assert hosted.control("DELETE", f"/sandboxes/{sid}", token=sandbox["access_token"]).status_code == 204
    assert hosted.control("GET", f"/sandboxes/{sid}").status_code == 404
    assert ashby(hosted, sandbox, "candidate.list").status_code == 403
    assert (
        hosted.control("GET", f"/sandboxes/{sid}", token=sandbox["access_token"]).status_code == 403
    )  # the token went with it
    assert sid not in hosted.store.tenants()


def test_export_then_import_gives_the_identical_sandbox(hosted: Hosted) -> None:
    sandbox = hosted.create(seed=5)
    sid = sandbox["id"]
    ashby(hosted, sandbox, "candidate.create", {"name": "Exported Writer"})
    exported = hosted.control("GET", f"/sandboxes/{sid}/export", token=sandbox["access_token"]).get_json()
    assert hosted.control("POST", "/import", json=exported).status_code == 409
    assert hosted.control("DELETE", f"/sandboxes/{sid}").status_code == 204
    imported = hosted.control("POST", "/import", json=exported)
    assert imported.status_code == 201 and imported.get_json()["id"] == sid
    assert hosted.control("GET", f"/sandboxes/{sid}/export").get_json() == exported
    # Everything works as before: the credentials, the access token, the written record.
    found = ashby(hosted, sandbox, "candidate.search", {"name": "Exported Writer"}).get_json()
    assert [c["name"] for c in found["results"]] == ["Exported Writer"]
    assert hosted.control("GET", f"/sandboxes/{sid}", token=sandbox["access_token"]).status_code == 200
    again = hosted.control("POST", "/import?replace=true", json=exported)
    assert again.status_code == 201
    assert hosted.control("GET", f"/sandboxes/{sid}/export").get_json() == exported
    assert hosted.control("POST", "/import", json={"format": "nope"}).status_code == 400


def test_a_generated_admin_token_is_stored_as_a_digest_and_printed_once() -> None:
    from atsbox.hosted.db import HostedDB
    from atsbox.hosted.tokens import ADMIN_SETTING, AdminTokens, ensure_admin_token

    db = HostedDB("sqlite://")
    token = ensure_admin_token(db, env={})
    assert token is not None and token.startswith("atsa_")
    assert ensure_admin_token(db, env={}) is None  # not shown again
    assert token not in str(db.setting(ADMIN_SETTING))
    tokens = AdminTokens(db, env={})
    assert tokens.valid(token) and not tokens.valid(token + "x") and not tokens.valid("")
    rotated = ensure_admin_token(db, env={}, rotate=True)
    assert rotated and AdminTokens(db, env={}).valid(rotated) and not tokens.valid(token)
    assert ensure_admin_token(db, env={"ATSBOX_ADMIN_TOKEN": ADMIN}) is None
    assert AdminTokens(db, env={"ATSBOX_ADMIN_TOKEN": ADMIN}).valid(ADMIN)


@pytest.mark.parametrize("vendor", ["personio", "gem", "factorial", "flatchr"])
def test_every_vendor_gets_the_credentials_the_issue_lists(vendor: str) -> None:
    hosted = Hosted(Store("sqlite://"), vendors=[vendor])
    try:
        creds = hosted.create()["vendors"][vendor]["credentials"]
    finally:
        hosted.close()
    shown = {k: v for c in creds.values() for k, v in c["display"].items()}
    metas = {k for c in creds.values() for k in c["meta"]}
    expected = {
        "personio": ({"client_id", "client_secret", "recruiting_api_key", "company_id"}, set()),
        "gem": ({"X-API-Key", "X-Application-Secret"}, set()),
        "factorial": ({"api_key", "client_id", "client_secret"}, {"redirect_uris"}),
        "flatchr": ({"API key", "Company key", "Career site slug"}, {"company_id", "slug"}),
    }[vendor]
    assert expected[0] <= set(shown), shown
    assert expected[1] <= metas
    if vendor == "factorial":
        client = creds["oauth_app"]["meta"]
        assert any(uri.endswith("/_guides/factorial/oauth/callback") for uri in client["redirect_uris"])
