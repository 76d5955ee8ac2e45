"""API keys, the OAuth2 authorization-code flow, token lifetimes and what OAuth users see."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from atsbox.mocks.factorial import DEFAULT_REDIRECT_URI, ids

from .conftest import Sandbox


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_key_and_its_refusals(sandbox: Sandbox) -> None:
    assert sandbox.get("ats/candidates").status_code == 200
    missing = sandbox.get("ats/candidates", headers={})
    wrong = sandbox.get("ats/candidates", headers={"x-api-key": "nope"})
    as_bearer = sandbox.get("ats/candidates", headers=bearer(sandbox.api_key))  # a key is not a bearer token
    for response in (missing, wrong, as_bearer):
        assert response.status_code == 401
        assert response.json["errors"][0]["code"] == "unauthorized"


def test_authorization_code_flow_gives_the_documented_token_response(sandbox: Sandbox) -> None:
    token = sandbox.oauth_token()
    assert set(token) == {"access_token", "token_type", "expires_in", "refresh_token", "scope", "created_at"}
    assert token["token_type"] == "Bearer" and token["expires_in"] == 7200
    assert len(token["access_token"]) == 64 and isinstance(token["created_at"], int)
    assert token["scope"] == "read write"
    assert sandbox.get("ats/candidates", headers=bearer(token["access_token"])).status_code == 200


def test_codes_are_single_use_and_bound_to_client_and_redirect(sandbox: Sandbox) -> None:
    code = sandbox.authorize()
    wrong_redirect = sandbox.token(
        grant_type="authorization_code", code=code, redirect_uri="http://evil.test/cb"
    )
    assert wrong_redirect.status_code == 400 and wrong_redirect.json["error"] == "invalid_grant"
    code = sandbox.authorize()
    ok = sandbox.token(grant_type="authorization_code", code=code, redirect_uri=DEFAULT_REDIRECT_URI)
    assert ok.status_code == 200
    again = sandbox.token(grant_type="authorization_code", code=code, redirect_uri=DEFAULT_REDIRECT_URI)
    assert again.status_code == 400 and again.json["error"] == "invalid_grant"
    bad_secret = sandbox.client.post("/oauth/token", data={"client_id": sandbox.client_id, "client_secret": "x",
                                                           "grant_type": "authorization_code", "code": code})  # fmt: skip
    assert bad_secret.status_code == 401 and bad_secret.json["error"] == "invalid_client"


def test_authorize_refuses_unknown_clients_without_redirecting_and_reports_other_errors_by_redirect(
    sandbox: Sandbox,
) -> None:
    unknown = sandbox.client.get("/oauth/authorize", query_string={"client_id": "nope", "response_type": "code",
                                                                   "redirect_uri": DEFAULT_REDIRECT_URI})  # fmt: skip
    assert unknown.status_code == 401 and "Location" not in unknown.headers
    foreign = sandbox.client.get("/oauth/authorize", query_string={"client_id": sandbox.client_id,
                                                                   "response_type": "code",
                                                                   "redirect_uri": "http://evil.test/cb"})  # fmt: skip
    assert foreign.status_code == 400 and "Location" not in foreign.headers
    token_type = sandbox.client.get("/oauth/authorize", query_string={"client_id": sandbox.client_id,
                                                                      "response_type": "token", "state": "s",
                                                                      "redirect_uri": DEFAULT_REDIRECT_URI})  # fmt: skip
    assert token_type.status_code == 302
    assert parse_qs(urlsplit(token_type.headers["Location"]).query)["error"] == ["unsupported_response_type"]


def test_tokens_expire_after_two_hours_and_refresh_rotates_the_pair(sandbox: Sandbox) -> None:
    token = sandbox.oauth_token()
    sandbox.advance(seconds=7199)
    assert sandbox.get("ats/candidates", headers=bearer(token["access_token"])).status_code == 200
    sandbox.advance(seconds=2)
    expired = sandbox.get("ats/candidates", headers=bearer(token["access_token"]))
    assert expired.status_code == 401 and "expired" in expired.json["errors"][0]["message"]
    refreshed = sandbox.token(grant_type="refresh_token", refresh_token=token["refresh_token"])
    assert refreshed.status_code == 200, refreshed.json
    new = refreshed.json
    assert new["access_token"] != token["access_token"] and new["expires_in"] == 7200
    assert sandbox.get("ats/candidates", headers=bearer(new["access_token"])).status_code == 200
    reused = sandbox.token(grant_type="refresh_token", refresh_token=token["refresh_token"])
    assert reused.status_code == 400 and reused.json["error"] == "invalid_grant"
    sandbox.advance(days=8)
    stale = sandbox.token(grant_type="refresh_token", refresh_token=new["refresh_token"])
    assert stale.status_code == 400


def test_revoked_tokens_and_superseded_tokens_are_refused(sandbox: Sandbox) -> None:
    first = sandbox.oauth_token()
    second = sandbox.oauth_token()  # only one token per app and user
    assert sandbox.get("ats/candidates", headers=bearer(first["access_token"])).status_code == 401
    assert sandbox.get("ats/candidates", headers=bearer(second["access_token"])).status_code == 200
    revoked = sandbox.client.post("/oauth/revoke", data={"token": second["access_token"],
                                                         "client_id": sandbox.client_id,
                                                         "client_secret": sandbox.client_secret})  # fmt: skip
    assert revoked.status_code == 200
    assert sandbox.get("ats/candidates", headers=bearer(second["access_token"])).status_code == 401
    anonymous = sandbox.client.post("/oauth/revoke", data={"token": second["refresh_token"]})
    assert anonymous.status_code == 401 and anonymous.json["error"] == "invalid_client"


def test_api_key_wins_over_a_bearer_token(sandbox: Sandbox) -> None:
    headers = {"x-api-key": sandbox.api_key, "Authorization": "Bearer not-a-token"}
    assert sandbox.get("ats/candidates", headers=headers).status_code == 200


def test_company_tokens_never_expire(sandbox: Sandbox) -> None:
    token = sandbox.oauth_token(resource_owner_type="company")
    assert "expires_in" not in token
    sandbox.advance(days=400)
    assert sandbox.get("ats/candidates", headers=bearer(token["access_token"])).status_code == 200


def test_scopes_limit_what_a_token_may_do(sandbox: Sandbox) -> None:
    reader = sandbox.oauth_token(scope="read")
    headers = bearer(reader["access_token"])
    assert sandbox.get("ats/candidates", headers=headers).status_code == 200
    refused = sandbox.post("ats/candidates", headers=headers, json={"first_name": "A", "last_name": "B",
                                                                    "company_id": 1})  # fmt: skip
    assert refused.status_code == 403 and refused.json["errors"][0]["code"] == "forbidden"
    other = sandbox.oauth_token(scope="time_tracking")
    assert sandbox.get("ats/candidates", headers=bearer(other["access_token"])).status_code == 403


def test_a_non_admin_user_sees_only_candidates_of_jobs_they_manage_and_no_salaries(sandbox: Sandbox) -> None:
    world = sandbox.world
    managed: dict[str, set[str]] = {}
    for job in world.jobs:
        for member in job.hiring_team:
            if "HIRING_MANAGER" in member.roles:
                managed.setdefault(member.user_id, set()).add(job.id)
    applied = {a.job_id for a in world.applications if a.times.deleted_at is None}
    user = next(u for u in world.users if "ADMIN" not in u.roles and managed.get(u.id, set()) & applied)
    token = sandbox.oauth_token(login_as=str(ids.native_id("user", user.id)))
    headers = bearer(token["access_token"])
    mine = {str(ids.native_id("job", j)) for j in managed[user.id]}
    seen = sandbox.all("ats/candidates", headers=headers)
    everyone = sandbox.all("ats/candidates")
    assert 0 < len(seen) < len(everyone)
    assert all(set(c["ats_job_posting_ids"]) & mine for c in seen)
    hidden = next(c for c in everyone if not set(c["ats_job_posting_ids"]) & mine)
    assert sandbox.get(f"ats/candidates/{hidden['id']}", headers=headers).status_code == 404
    apps = sandbox.all("ats/applications", headers=headers)
    assert apps and all(a["ats_job_posting_id"] in mine for a in apps)
    postings = sandbox.all("ats/job_postings", headers=headers)
    assert all(p["salary_from_amount_in_cents"] is None for p in postings)
    admin = sandbox.oauth_token()  # the first admin approves by default
    assert len(sandbox.all("ats/candidates", headers=bearer(admin["access_token"]))) == len(everyone)
