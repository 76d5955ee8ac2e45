"""OAuth2: client credentials, authorization code, refresh, expiry on the sandbox clock, revocation."""

from __future__ import annotations

import base64
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from atsbox.mocks.example import REDIRECT_URI
from atsbox.mocks.example.testing import demo_sandbox


@pytest.fixture
def sb():
    return demo_sandbox(config={"rate_limits": False})


@pytest.fixture
def client_creds(sb):
    meta = sb.credentials["oauth"]
    return {"client_id": meta.secret, "client_secret": meta.meta["client_secret"]}


def token(sb, **form):
    return sb.client.post("/example/oauth/token", data=form)


def me(sb, access_token):
    return sb.client.get("/example/me", headers={"Authorization": f"Bearer {access_token}"})


def authorize(sb, client_id, **extra):
    params = {
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": REDIRECT_URI,
        "state": "xyz",
        **extra,
    }
    response = sb.client.get("/example/oauth/authorize", query_string=params)
    assert response.status_code == 302, response.get_json()
    location = urlsplit(response.headers["Location"])
    return f"{location.scheme}://{location.netloc}{location.path}", parse_qs(location.query)


def test_client_credentials_issue_a_token_that_authenticates(sb, client_creds):
    response = token(sb, grant_type="client_credentials", **client_creds)
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["scope"] == "read write"
    assert "refresh_token" not in body
    assert me(sb, body["access_token"]).get_json() == {"tenant": "t1", "scope": "read write"}


def test_client_secret_may_come_as_http_basic(sb, client_creds):
    basic = base64.b64encode(f"{client_creds['client_id']}:{client_creds['client_secret']}".encode()).decode()
    response = sb.client.post(
        "/example/oauth/token",
        data={"grant_type": "client_credentials", "scope": "read"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200 and response.get_json()["scope"] == "read"


def test_tokens_are_deterministic(client_creds):
    tokens = []
    for _ in range(2):
        sb = demo_sandbox()
        tokens.append(token(sb, grant_type="client_credentials", **client_creds).get_json()["access_token"])
    assert tokens[0] == tokens[1]


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [
        ({"grant_type": "client_credentials", "client_secret": "wrong"}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": ""}, 400, "invalid_request"),
        ({"grant_type": "client_credentials", "scope": "admin"}, 400, "invalid_scope"),
        ({"grant_type": "authorization_code", "code": "nope"}, 400, "invalid_grant"),
        ({"grant_type": "refresh_token", "refresh_token": "nope"}, 400, "invalid_grant"),
        ({"grant_type": "authorization_code"}, 400, "invalid_request"),
    ],
)
def test_token_endpoint_errors(sb, client_creds, form, status, code):
    response = token(sb, **{**client_creds, **form})
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_token_requests_must_be_form_encoded(sb, client_creds):
    response = sb.client.post(
        "/example/oauth/token", json={"grant_type": "client_credentials", **client_creds}
    )
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_request"


def test_unknown_client_is_invalid_client(sb):
    response = token(sb, grant_type="client_credentials", client_id="who", client_secret="x")
    assert response.status_code == 401


def test_access_tokens_expire_on_the_sandbox_clock(sb, client_creds):
    access = token(sb, grant_type="client_credentials", **client_creds).get_json()["access_token"]
    sb.clock.advance(timedelta(minutes=59, seconds=59))
    assert me(sb, access).status_code == 200
    sb.clock.advance(timedelta(seconds=1))
    response = me(sb, access)
    assert (
        response.status_code == 403
        and response.get_json()["error"]["message"] == "The access token has expired."
    )


def test_authorization_code_flow_with_refresh_rotation_and_revocation(sb, client_creds):
    redirect, params = authorize(sb, client_creds["client_id"], scope="read")
    assert redirect == REDIRECT_URI and params["state"] == ["xyz"]
    code = params["code"][0]
    grant = token(sb, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI, **client_creds)
    body = grant.get_json()
    assert grant.status_code == 200 and body["scope"] == "read" and body["refresh_token"]
    assert me(sb, body["access_token"]).status_code == 200
    # A code is single-use.
    again = token(sb, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI, **client_creds)
    assert again.get_json()["error"]["code"] == "invalid_grant"
    # Refresh: a new pair; the old refresh token and the access token issued with it are gone.
    refreshed = token(
        sb, grant_type="refresh_token", refresh_token=body["refresh_token"], **client_creds
    ).get_json()
    assert refreshed["access_token"] != body["access_token"] and refreshed["scope"] == "read"
    assert me(sb, body["access_token"]).status_code == 403
    reuse = token(sb, grant_type="refresh_token", refresh_token=body["refresh_token"], **client_creds)
    assert reuse.get_json()["error"]["code"] == "invalid_grant"
    # Revoking the refresh token takes its access token along.
    assert (
        sb.client.post("/example/oauth/revoke", data={"token": refreshed["refresh_token"]}).status_code == 200
    )
    assert me(sb, refreshed["access_token"]).status_code == 403
    assert sb.client.post("/example/oauth/revoke", data={"token": "unknown"}).status_code == 200


def test_revoking_an_access_token(sb, client_creds):
    access = token(sb, grant_type="client_credentials", **client_creds).get_json()["access_token"]
    sb.client.post("/example/oauth/revoke", data={"token": access})
    assert me(sb, access).status_code == 403


def test_codes_and_refresh_tokens_expire(sb, client_creds):
    _, params = authorize(sb, client_creds["client_id"])
    sb.clock.advance(timedelta(minutes=10))
    late = token(sb, grant_type="authorization_code", code=params["code"][0], **client_creds)
    assert late.get_json()["error"]["message"] == "The authorization code has expired."
    _, params = authorize(sb, client_creds["client_id"])
    body = token(sb, grant_type="authorization_code", code=params["code"][0], **client_creds).get_json()
    sb.clock.advance(timedelta(days=7))
    stale = token(sb, grant_type="refresh_token", refresh_token=body["refresh_token"], **client_creds)
    assert stale.get_json()["error"]["message"] == "The refresh token has expired."


def test_authorize_refuses_unregistered_redirects_and_reports_other_errors_by_redirect(sb, client_creds):
    response = sb.client.get(
        "/example/oauth/authorize",
        query_string={
            "client_id": client_creds["client_id"],
            "response_type": "code",
            "redirect_uri": "http://evil",
        },
    )
    assert response.status_code == 400 and "Location" not in response.headers
    _, params = authorize(sb, client_creds["client_id"], response_type="token")
    assert params["error"] == ["unsupported_response_type"] and params["state"] == ["xyz"]
    _, params = authorize(sb, client_creds["client_id"], scope="admin")
    assert params["error"] == ["invalid_scope"]


def test_a_code_is_bound_to_its_redirect_uri(sb, client_creds):
    _, params = authorize(sb, client_creds["client_id"])
    response = token(
        sb,
        grant_type="authorization_code",
        code=params["code"][0],
        redirect_uri="http://other",
        **client_creds,
    )
    assert response.get_json()["error"]["code"] == "invalid_grant"


def test_oauth_requests_are_journaled_under_the_sandbox(sb, client_creds):
    token(sb, grant_type="client_credentials", **client_creds)
    assert [e.path for e in sb.app.extensions["atsbox"].journal.entries("t1")] == ["/oauth/token"]
