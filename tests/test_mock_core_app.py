"""The mock core's app: mounting, host routing, errors in the vendor's envelope, transactions."""

from __future__ import annotations

import io

import pytest

from atsbox.mocks.core import create_app, create_vendor_app, get_vendor, vendors
from atsbox.mocks.core.context import ulid_like
from atsbox.mocks.example import ExampleVendor
from atsbox.mocks.example.testing import add_tenant, demo_sandbox
from atsbox.store import Store


@pytest.fixture
def sb():
    return demo_sandbox(config={"rate_limits": False})


def assert_envelope(response, status, code):
    """The demo vendor's envelope, with the status inside matching the HTTP status."""
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["status"] == status
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"]
    return error


# --- mounting and routing ---------------------------------------------------------------


def test_prefix_routing_serves_the_vendor(sb):
    sb.add_candidates(2)
    response = sb.client.get("/example/candidates", headers=sb.headers)
    assert response.status_code == 200
    assert [c["id"] for c in response.get_json()["data"]] == ["cand_1", "cand_2"]


def test_host_routing_serves_the_vendor_at_the_root(sb):
    sb.add_candidates(1)
    for host in ("api.example-ats.test", "API.EXAMPLE-ATS.TEST:443", "api.example-ats.test."):
        response = sb.client.get("/candidates", headers={**sb.headers, "Host": host})
        assert response.status_code == 200, host
        assert response.get_json()["data"][0]["id"] == "cand_1"


def test_host_routing_keeps_unknown_hosts_on_prefixes(sb):
    response = sb.client.get("/candidates", headers={**sb.headers, "Host": "elsewhere.test"})
    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": "unknown_route", "message": "No route GET /candidates."}}


def test_wildcard_host_routes_and_exposes_the_subdomain(sb):
    sb.add_candidates(1)
    # The career feed is public and finds its tenant from the subdomain alone.
    response = sb.client.get("/feed", headers={"Host": f"{sb.tenant}.jobs.example-ats.test"})
    assert response.status_code == 200
    assert response.get_json() == {"jobs": ["Person 1"]}
    # The bare suffix is not a subdomain of itself.
    assert sb.client.get("/feed", headers={"Host": "jobs.example-ats.test"}).status_code == 404


def test_openapi_is_served_under_the_prefix_and_on_the_vendor_host(sb):
    expected = ExampleVendor().openapi()
    assert sb.client.get("/example/openapi.json").get_json() == expected
    assert sb.client.get("/openapi.json", headers={"Host": "api.example-ats.test"}).get_json() == expected


def test_index_lists_the_mounted_vendors(sb):
    body = sb.client.get("/").get_json()
    assert [v["name"] for v in body["vendors"]] == ["example"]
    assert body["vendors"][0]["openapi"] == "http://localhost/example/openapi.json"


def test_vendor_app_serves_one_vendor_at_the_root_and_under_its_prefix():
    store = Store("sqlite://")
    creds = add_tenant(store, "t1")
    client = create_vendor_app("example", store).test_client()
    headers = {"X-Api-Key": creds["api_key"].secret}
    assert client.get("/candidates", headers=headers).status_code == 200
    assert client.get("/example/candidates", headers=headers).status_code == 200
    assert client.get("/openapi.json").get_json()["openapi"] == "3.0.3"


def test_urls_follow_how_the_client_addressed_the_vendor(sb):
    sb.add_candidates(3)
    prefixed = sb.client.get("/example/candidates/paged?per_page=2&x=1", headers=sb.headers)
    assert (
        '<http://localhost/example/candidates/paged?per_page=2&x=1&page=2>; rel="next"'
        in prefixed.headers["Link"]
    )
    hosted = sb.client.get(
        "/candidates/paged?per_page=2", headers={**sb.headers, "Host": "api.example-ats.test"}
    )
    assert (
        '<http://api.example-ats.test/candidates/paged?per_page=2&page=2>; rel="next"'
        in hosted.headers["Link"]
    )


def test_request_ids_are_ulid_shaped_and_deterministic():
    first = demo_sandbox(config={"rate_limits": False})
    second = demo_sandbox(config={"rate_limits": False})
    ids = [c.client.get("/example/candidates").get_json()["error"]["request_id"] for c in (first, second)]
    assert ids[0] == ids[1] == ulid_like(0, 1)
    assert len(ids[0]) == 26
    assert first.client.get("/example/x").get_json()["error"]["request_id"] == ulid_like(0, 2)


def test_the_default_registry_never_lists_the_demo_vendor(monkeypatch):
    monkeypatch.delenv("ATSBOX_VENDOR_MODULES", raising=False)
    assert "example" not in vendors()
    assert get_vendor("example") is ExampleVendor  # registered on import, usable by name
    monkeypatch.setenv("ATSBOX_VENDOR_MODULES", "atsbox.mocks.example")
    assert vendors()["example"] is ExampleVendor


def test_unknown_vendor_names_fail_clearly():
    with pytest.raises(KeyError, match="unknown vendor 'nope'"):
        create_app(Store("sqlite://"), vendors=["nope"])


# --- errors in the vendor's envelope ----------------------------------------------------


def test_missing_credentials_are_401_in_the_envelope(sb):
    response = sb.client.get("/example/candidates")
    assert_envelope(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Basic realm="example"'


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Api-Key": "wrong"},
        {"X-Api-Key": ""},
        {"Authorization": "Basic !!!not-base64"},
        {"Authorization": "Basic Og=="},  # ":" -> an empty key
    ],
)
def test_bad_credentials_are_relabelled_by_the_vendor(sb, headers):
    assert_envelope(sb.client.get("/example/candidates", headers=headers), 403, "invalid_api_key")


def test_basic_auth_takes_the_key_as_username_and_ignores_the_password(sb):
    assert sb.client.get("/example/candidates", headers=sb.basic).status_code == 200


def test_malformed_json_is_a_4xx(sb):
    for body in ("{bad", "[1, 2", "NaN", b"\xff\xfe"):
        response = sb.client.post("/example/candidates", headers=sb.headers, data=body)
        assert_envelope(response, 400, "malformed_json")


def test_a_non_object_or_missing_body_is_a_4xx(sb):
    assert_envelope(sb.client.post("/example/candidates", headers=sb.headers, json=[1]), 400, "invalid_body")
    assert_envelope(sb.client.post("/example/candidates", headers=sb.headers), 400, "invalid_body")


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"email": "a@b.c"}, "missing_field", "name"),
        ({"name": None, "email": "a@b.c"}, "missing_field", "name"),
        ({"name": 7, "email": "a@b.c"}, "invalid_field", "name"),
        ({"name": True, "email": "a@b.c"}, "invalid_field", "name"),
        ({"name": "A", "email": ["a@b.c"]}, "invalid_field", "email"),
        ({"name": "A", "email": "a@b.c", "tags": "x"}, "invalid_field", "tags"),
        ({"name": "A", "email": "a@b.c", "tags": ["x", 3]}, "invalid_field", "tags"),
    ],
)
def test_wrong_or_missing_fields_name_the_field(sb, body, code, field):
    response = sb.client.post("/example/candidates", headers=sb.headers, json=body)
    assert assert_envelope(response, 400, code)["field"] == field


def test_unknown_id_unknown_route_and_wrong_method(sb):
    assert_envelope(
        sb.client.get("/example/candidates/cand_9", headers=sb.headers), 404, "candidate_not_found"
    )
    assert_envelope(sb.client.get("/example/no/such/route", headers=sb.headers), 404, "unknown_route")
    response = sb.client.delete("/example/candidates", headers=sb.headers)
    assert_envelope(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_oversized_bodies_are_refused_before_parsing(sb):
    big = b"{" + b" " * (64 * 1024) + b"}"
    response = sb.client.post("/example/candidates", headers=sb.headers, data=big)
    assert_envelope(response, 413, "payload_too_large")
    # A route may lower the limit (a file upload of at most 1 KiB here).
    assert sb.client.post("/example/files", headers=sb.headers, data=b"x" * 1024).status_code == 201
    assert_envelope(
        sb.client.post("/example/files", headers=sb.headers, data=b"x" * 1025), 413, "payload_too_large"
    )


def test_a_chunked_body_without_length_is_cut_at_the_limit(sb):
    # What werkzeug's server hands the app for a chunked request: no CONTENT_LENGTH, and
    # wsgi.input_terminated to say the stream ends by itself.
    response = sb.client.post(
        "/example/files",
        headers={**sb.headers, "Transfer-Encoding": "chunked"},
        input_stream=io.BytesIO(b"x" * 1800),
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.request.content_length is None
    assert_envelope(response, 413, "payload_too_large")


def test_bad_input_never_reaches_the_500_handler(sb):
    runtime = sb.app.extensions["atsbox"]
    probes = [
        ("post", "/example/candidates", {"data": "{"}),
        ("post", "/example/candidates", {"json": {"name": {}, "email": 1}}),
        ("post", "/example/candidates/bulk", {"json": {"candidates": "x"}}),
        ("post", "/example/candidates/bulk", {"json": {"candidates": [1]}}),
        ("get", "/example/candidates?limit=abc", {}),
        ("get", "/example/candidates?limit=-1", {}),
        ("get", "/example/candidates?cursor=%00%ff", {}),
        ("get", "/example/candidates/paged?page=0", {}),
        ("get", "/example/candidates/meta?after_id=x&before_id=y", {}),
        ("post", "/example/candidates/sync", {"json": {"syncToken": 5}}),
        ("post", "/example/webhooks", {"json": {"url": "http://x", "events": [1]}}),
    ]
    for method, path, kwargs in probes:
        response = getattr(sb.client, method)(path, headers=sb.headers, **kwargs)
        assert 400 <= response.status_code < 500, (path, kwargs, response.get_json())
        assert "error" in response.get_json()
    assert list(runtime.internal_errors) == []


# --- transactions -----------------------------------------------------------------------


def test_a_write_that_fails_validation_midway_leaves_nothing_behind(sb):
    before = sb.store.current_seq(sb.tenant)
    body = {"candidates": [{"name": "A", "email": "a@x"}, {"name": "B", "email": "b@x"}, {"name": "C"}]}
    assert_envelope(
        sb.client.post("/example/candidates/bulk", headers=sb.headers, json=body), 400, "missing_field"
    )
    assert sb.store.list(sb.tenant, "example", "candidate") == []
    assert sb.store.current_seq(sb.tenant) == before
    ok = sb.client.post(
        "/example/candidates/bulk", headers=sb.headers, json={"candidates": body["candidates"][:2]}
    )
    assert [c["id"] for c in ok.get_json()["data"]] == ["cand_1", "cand_2"]


def test_an_unexpected_exception_rolls_back_and_answers_500_in_the_envelope(sb):
    response = sb.client.post("/example/debug/crash", headers=sb.headers)
    assert_envelope(response, 500, "internal_error")
    assert "RuntimeError" not in response.get_data(as_text=True)  # no internals leak
    assert sb.store.list(sb.tenant, "example", "candidate") == []
    assert [type(e) for e in sb.app.extensions["atsbox"].internal_errors] == [RuntimeError]
