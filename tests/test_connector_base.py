"""The connector interface, its registry, attachment bytes, the errors and the HTTP transport
(in-process WSGI and a real loopback socket)."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from atsbox.connectors import base
from atsbox.connectors.base import (
    ACTIONS,
    Connector,
    ConnectorOptions,
    attachment_bytes,
    connector_for,
    get_connector,
    keep_changed_after,
    register_connector,
)
from atsbox.connectors.errors import (
    AuthError,
    ConnectorError,
    InvalidInput,
    NotAvailable,
    RateLimited,
    RemoteError,
    UnknownVendor,
)
from atsbox.connectors.http import Transport, parse_retry_after
from atsbox.connectors.ids import remote_id_of, unified_id
from atsbox.connectors.unified import (
    Application,
    AttachmentInput,
    Candidate,
    CreateApplicationInput,
    CreatedApplication,
    Job,
    TagInput,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


# --- a tiny vendor API ----------------------------------------------------------------------
def make_app() -> Flask:
    app = Flask("tiny-vendor")
    app.config["calls"] = {}
    app.config["seen_auth"] = []

    def count(name: str) -> int:
        app.config["calls"][name] = app.config["calls"].get(name, 0) + 1
        return app.config["calls"][name]

    @app.get("/v1/jobs")
    def jobs():
        if request.headers.get("X-Api-Key") != "secret":
            return jsonify(error="bad key"), 401
        return jsonify(
            [
                {"id": 1, "title": "Engineer", "updated": "2024-03-01T10:00:00Z"},
                {"id": 2, "title": "Designer", "updated": "2024-03-02T10:00:00Z"},
            ]
        )

    @app.route("/v1/echo/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def echo(rest):
        files = {name: f.read().decode() for name, f in request.files.items()}
        return jsonify(
            method=request.method, path=rest, args=request.args.to_dict(), json=request.get_json(silent=True),
            form=request.form.to_dict(), files=files, host=request.host,
            auth=request.headers.get("Authorization"), custom=request.headers.get("X-Custom"),
        )  # fmt: skip

    @app.get("/v1/limited/<int:times>")
    def limited(times):
        if count(f"limited-{request.args.get('key')}") <= times:
            return jsonify(error="slow down"), 429, {"Retry-After": request.args.get("after", "2")}
        return jsonify(ok=True)

    @app.get("/v1/limited-no-header")
    def limited_no_header():
        return jsonify(error="slow down"), 429

    @app.get("/v1/status/<int:code>")
    def status(code):
        return jsonify(error={"code": f"E{code}", "message": "nope"}), code

    @app.get("/v1/text")
    def text():
        return "plain words", 200, {"Content-Type": "text/plain"}

    @app.get("/files/<name>")
    def files(name):
        app.config["seen_auth"].append(
            request.headers.get("Authorization") or request.headers.get("X-Api-Key")
        )
        if name == "missing":
            return "gone", 404
        return b"%PDF-1.4 bytes of " + name.encode(), 200, {"Content-Type": "application/pdf; charset=binary"}

    return app


@pytest.fixture
def app() -> Flask:
    return make_app()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Flask]]:
    """The tiny vendor on a real loopback socket."""
    served = make_app()
    httpd = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(params=["wsgi", "socket"])
def transport_to(request, app, server):
    """A factory of transports to the tiny vendor, in-process or over the socket."""
    if request.param == "wsgi":
        return lambda **kw: Transport("https://api.tiny.example/v1", wsgi_app=app, **kw)
    url, _ = server
    return lambda **kw: Transport(f"{url}/v1", **kw)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


# --- transport --------------------------------------------------------------------------
def test_transport_sends_json_params_headers_and_auth(transport_to):
    transport = transport_to(auth=("key", ""), headers={"X-Custom": "on every request"})
    body = transport.json("POST", "/echo/caf%C3%A9/x", params={"ids": "a,b", "q": "ü"}, json={"name": "Zoë"})
    assert body["method"] == "POST" and body["path"] == "café/x"
    assert body["args"] == {"ids": "a,b", "q": "ü"}
    assert body["json"] == {"name": "Zoë"}
    assert body["auth"] == "Basic " + base64.b64encode(b"key:").decode()
    assert body["custom"] == "on every request"


def test_transport_sends_forms_and_files(transport_to):
    body = transport_to().post(
        "echo/upload", data={"kind": "CV"}, files={"file": ("cv.txt", b"hello", "text/plain")}
    )
    assert body.json()["form"] == {"kind": "CV"} and body.json()["files"] == {"file": "hello"}


def test_transport_in_process_keeps_the_url_host(app):
    transport = Transport("https://api.tiny.example/v1", wsgi_app=app)
    assert transport.get("echo/h").json()["host"] == "api.tiny.example"
    other = transport.get("http://other.example:8080/v1/echo/h")  # absolute URLs go through as is
    assert other.json()["host"] == "other.example:8080"
    assert other.url == "http://other.example:8080/v1/echo/h"


def test_transport_returns_requests_responses(transport_to):
    response = transport_to().get("text")
    assert response.status_code == 200 and response.text == "plain words"
    assert response.headers["content-type"].startswith("text/plain")
    with pytest.raises(RemoteError):
        transport_to().json("GET", "text")  # a 200 that is not JSON


@pytest.mark.parametrize(
    ("code", "error", "kombo_code"),
    [
        (401, AuthError, "INTEGRATION.AUTHENTICATION_INVALID"),
        (403, AuthError, "INTEGRATION.PERMISSION_MISSING"),
        (400, RemoteError, "REMOTE.INPUT_INVALID"),
        (404, RemoteError, "REMOTE.UNKNOWN_HTTP_ERROR"),
        (500, RemoteError, "REMOTE.UNKNOWN_HTTP_ERROR"),
        (503, RemoteError, "REMOTE.SERVICE_UNAVAILABLE"),
    ],
)
def test_transport_maps_error_statuses(transport_to, code, error, kombo_code):
    with pytest.raises(error) as caught:
        transport_to().get(f"status/{code}")
    assert caught.value.code == kombo_code
    assert caught.value.status == code
    assert caught.value.body == {"error": {"code": f"E{code}", "message": "nope"}}
    response = transport_to().get(f"status/{code}", raise_for_status=False)
    assert response.status_code == code


def test_transport_uses_the_vendors_error_parser(app):
    def parse(response):
        if response.status_code == 404:
            return InvalidInput(response.json()["error"]["message"], "application_id")
        return None

    transport = Transport("https://api.tiny.example/v1", wsgi_app=app, error_parser=parse)
    with pytest.raises(InvalidInput) as caught:
        transport.get("status/404")
    assert caught.value.field == "application_id"
    with pytest.raises(RemoteError):  # the parser declined: default mapping
        transport.get("status/500")


def test_429_is_retried_after_retry_after(transport_to):
    sleeps = Sleeps()
    response = transport_to(sleep=sleeps).get("limited/2", params={"key": "a", "after": "3"})
    assert response.json() == {"ok": True}
    assert sleeps == [3.0, 3.0]


def test_429_waits_are_capped_and_give_up_as_rate_limited(transport_to):
    sleeps = Sleeps()
    transport = transport_to(sleep=sleeps, max_retries=2, max_retry_after=10)
    with pytest.raises(RateLimited) as caught:
        transport.get("limited/99", params={"key": "b", "after": "120"})
    assert sleeps == [10, 10]
    assert caught.value.retry_after == 120
    assert caught.value.code == "REMOTE.RATE_LIMIT_EXCEEDED"


def test_429_without_header_backs_off_exponentially(app):
    sleeps = Sleeps()
    transport = Transport("https://api.tiny.example/v1", wsgi_app=app, sleep=sleeps, backoff=0.5)
    with pytest.raises(RateLimited) as caught:
        transport.get("limited-no-header")
    assert sleeps == [0.5, 1.0, 2.0]
    assert caught.value.retry_after is None


def test_429_not_retried_when_asked(app):
    sleeps = Sleeps()
    transport = Transport("https://api.tiny.example/v1", wsgi_app=app, sleep=sleeps)
    assert (
        transport.get("limited/1", params={"key": "c"}, retry=False, raise_for_status=False).status_code
        == 429
    )
    assert sleeps == []


def test_retry_after_http_date():
    now = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 01 Mar 2024 12:00:30 GMT", now) == 30
    assert parse_retry_after("Fri, 01 Mar 2024 11:00:00 GMT", now) == 0  # already past
    assert parse_retry_after("5", now) == 5
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_retry_after_date_uses_the_injected_clock(app):
    @app.get("/v1/dated")
    def dated():
        return jsonify(error="later"), 429, {"Retry-After": "Fri, 01 Mar 2024 12:00:07 GMT"}

    sleeps = Sleeps()
    transport = Transport("https://x.example/v1", wsgi_app=app, sleep=sleeps, max_retries=1, now=lambda: T0)
    with pytest.raises(RateLimited):
        transport.get("dated")
    assert sleeps == [7.0]


# --- errors -----------------------------------------------------------------------------
def test_errors_carry_kombo_codes_and_envelopes():
    error = NotAvailable("gem", "offers")
    assert error.kind == "model" and error.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    action = NotAvailable("gem", "reject_application")
    assert action.kind == "action" and action.code == "INTEGRATION.ACTION_NOT_AVAILABLE"
    envelope = action.to_envelope()
    assert envelope["status"] == "error"
    assert set(envelope["error"]) == {"code", "title", "message", "log_url"}
    assert envelope["error"]["code"] == "INTEGRATION.ACTION_NOT_AVAILABLE"
    assert RemoteError(422, None, code="ATS.JOB_CLOSED").code == "ATS.JOB_CLOSED"
    assert UnknownVendor("nope").code == "PLATFORM.INTEGRATION_NOT_FOUND"
    assert isinstance(InvalidInput("x"), ValueError)
    with pytest.raises(ValueError):
        ConnectorError("made up", code="PLATFORM.MADE_UP")


# --- a connector over the tiny vendor ---------------------------------------------------
class TinyConnector(Connector):
    vendor = "tiny"
    default_base_url = "https://api.tiny.example/v1"

    @classmethod
    def transport_kwargs(cls, credentials):
        return {"headers": {"X-Api-Key": credentials.get("api_key", "")}}

    def read_jobs(self, updated_after):
        records = [
            Job(
                id=unified_id("jobs", row["id"]),
                remote_id=str(row["id"]),
                name=row["title"],
                changed_at=row["updated"],
                remote_data={"/jobs": row},
            )  # fmt: skip
            for row in self.transport.json("GET", "jobs")
        ]
        return keep_changed_after(records, updated_after)

    def read_applications(self, updated_after):
        return [
            Application(id=unified_id("applications", n), remote_id=str(n), changed_at=T0, candidate_id=None)
            for n in (1, 2, 3)
        ]

    def read_candidates(self, updated_after):
        return [Candidate(id=unified_id("candidates", n), remote_id=str(n), changed_at=T0) for n in (1, 2, 3)]

    def read_tags(self, updated_after):
        return [Job(id="wrong", remote_id="1", changed_at=T0)]  # a bug: not a Tag

    def create_application(self, job_id: str, data: CreateApplicationInput) -> CreatedApplication:
        job = remote_id_of(job_id, "jobs", field="job_id")
        self.last_input = data
        return CreatedApplication(
            application=Application(id=unified_id("applications", 2), remote_id="2", changed_at=T0),
            candidate=Candidate(
                id=unified_id("candidates", 2),
                remote_id="2",
                changed_at=T0,
                first_name=data.candidate.first_name,
                title=job,
            ),  # fmt: skip
        )

    def add_candidate_tag(self, candidate_id: str, tag: TagInput) -> None:
        self.last_tag = (candidate_id, tag)


class BareConnector(Connector):
    vendor = "bare"


@pytest.fixture
def tiny(app) -> TinyConnector:
    transport = Transport(TinyConnector.default_base_url, wsgi_app=app, headers={"X-Api-Key": "secret"})
    return TinyConnector(transport)


@pytest.fixture
def registry(monkeypatch):
    """An empty connector registry for the test, restored afterwards."""
    monkeypatch.setattr(base, "_REGISTRY", {})
    return base._REGISTRY


def test_supported_models_and_actions_follow_the_methods():
    assert TinyConnector.supported_models() == ["jobs", "candidates", "applications", "tags"]
    assert TinyConnector.supported_actions() == ["create_application", "add_candidate_tag"]
    assert BareConnector.supported_models() == [] and BareConnector.supported_actions() == []


def test_read_dispatches_and_converts(tiny):
    jobs = tiny.read("jobs")
    assert [job.name for job in jobs] == ["Engineer", "Designer"]
    assert jobs[0].remote_data == {"/jobs": {"id": 1, "title": "Engineer", "updated": "2024-03-01T10:00:00Z"}}
    later = tiny.read("jobs", updated_after=datetime(2024, 3, 1, 12, 0))  # naive: taken as UTC
    assert [job.remote_id for job in later] == ["2"]


def test_read_of_an_unlisted_model_is_not_available(tiny):
    with pytest.raises(NotAvailable) as caught:
        tiny.read("offers")
    assert caught.value.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    assert caught.value.vendor == "tiny" and caught.value.what == "offers"
    with pytest.raises(InvalidInput):
        tiny.read("nonsense")  # type: ignore[arg-type]


def test_read_checks_the_record_type(tiny):
    with pytest.raises(TypeError, match="read_tags"):
        tiny.read("tags")


def test_remote_data_option(app):
    transport = Transport(TinyConnector.default_base_url, wsgi_app=app, headers={"X-Api-Key": "secret"})
    quiet = TinyConnector(transport, options=ConnectorOptions(remote_data=False))
    assert all(job.remote_data is None for job in quiet.read("jobs"))


def test_sync_only_created_applications(app):
    transport = Transport(TinyConnector.default_base_url, wsgi_app=app, headers={"X-Api-Key": "secret"})
    connector = TinyConnector(transport, options=ConnectorOptions(sync_only_created_applications=True))
    assert connector.read("applications") == [] and connector.read("candidates") == []
    created = connector.create_application(
        "remote:7", {"candidate": {"first_name": "Ada", "last_name": "L", "email_address": "ada@x.example"}}
    )
    assert [a.id for a in connector.read("applications")] == [created.application.id]
    assert [c.id for c in connector.read("candidates")] == [created.candidate.id]
    connector.import_tracked_application(unified_id("applications", 3))
    assert len(connector.read("applications")) == 2
    assert len(connector.read("jobs")) == 2  # other models are not filtered


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_defaults_to_not_available(action):
    connector = BareConnector(Transport("https://bare.example"))
    method = getattr(connector, action)
    args = ["x"] * (len(ACTIONS[action].params) + (ACTIONS[action].input is not None))
    with pytest.raises(NotAvailable) as caught:
        method(*args)
    assert caught.value.code == "INTEGRATION.ACTION_NOT_AVAILABLE"
    assert caught.value.what == action


def test_actions_take_dicts_and_validate_them(tiny):
    created = tiny.create_application(
        unified_id("jobs", "32"),
        {"candidate": {"first_name": "Ada", "last_name": "L", "email_address": "ada@x.example"}},
    )
    assert isinstance(tiny.last_input, CreateApplicationInput)
    assert created.candidate.title == "32"
    tiny.add_candidate_tag("c1", tag={"name": "Fit"})  # by keyword too
    assert tiny.last_tag == ("c1", TagInput(name="Fit"))
    with pytest.raises(InvalidInput) as caught:
        tiny.create_application("remote:1", {"candidate": {"first_name": "Ada"}})
    assert caught.value.field == "candidate.last_name"
    with pytest.raises(InvalidInput) as caught:  # the connector's own id check
        tiny.create_application(
            unified_id("candidates", "1"),
            {"candidate": {"first_name": "A", "last_name": "L", "email_address": "a@b.co"}},
        )
    assert caught.value.field == "job_id"


def test_passthrough_returns_the_vendor_answer_as_is(tiny):
    response = tiny.passthrough(
        "POST", "/echo/raw", json={"a": 1}, params={"p": "1"}, headers={"X-Custom": "yes"}
    )
    assert response.status_code == 200
    assert response.json()["json"] == {"a": 1} and response.json()["custom"] == "yes"
    assert tiny.passthrough("GET", "status/500").status_code == 500  # not raised


# --- registry ---------------------------------------------------------------------------
def test_registry_and_connector_for(registry, app):
    register_connector(TinyConnector)
    assert get_connector("tiny") is TinyConnector
    register_connector(TinyConnector)  # idempotent
    with pytest.raises(ValueError):
        register_connector(type("Other", (Connector,), {"vendor": "tiny"}))
    connector = connector_for("tiny", wsgi_app=app, credentials={"api_key": "secret"}, sleep=Sleeps())
    assert isinstance(connector, TinyConnector)
    assert connector.credentials == {"api_key": "secret"}
    assert [job.name for job in connector.read("jobs")] == ["Engineer", "Designer"]
    refused = connector_for("tiny", wsgi_app=app, credentials={"api_key": "wrong"})
    with pytest.raises(AuthError):
        refused.read("jobs")


def test_connector_for_over_a_socket(registry, server):
    url, _ = server
    register_connector(TinyConnector)
    connector = connector_for("tiny", base_url=f"{url}/v1", credentials={"api_key": "secret"})
    assert len(connector.read("jobs")) == 2


def test_unknown_vendor(registry):
    with pytest.raises(UnknownVendor) as caught:
        get_connector("no_such_vendor")
    assert caught.value.code == "PLATFORM.INTEGRATION_NOT_FOUND"
    with pytest.raises(TypeError):
        register_connector(type("Nameless", (Connector,), {}))


# --- attachment bytes -------------------------------------------------------------------
def test_attachment_bytes_from_data():
    resolved = attachment_bytes(
        AttachmentInput(name="cv.txt", type="CV", content_type="text/plain", data="aGk=")
    )
    assert (resolved.data, resolved.content_type, resolved.type, resolved.name) == (
        b"hi",
        "text/plain",
        "CV",
        "cv.txt",
    )


def test_attachment_bytes_from_data_urls():
    encoded = attachment_bytes(AttachmentInput(name="a", type="OTHER", data_url="data:text/csv;base64,YSxi"))
    assert (encoded.data, encoded.content_type) == (b"a,b", "text/csv")
    plain = attachment_bytes(AttachmentInput(name="a", type="OTHER", data_url="data:,hello%20there"))
    assert (plain.data, plain.content_type) == (b"hello there", "application/octet-stream")
    with pytest.raises(InvalidInput):
        attachment_bytes(AttachmentInput(name="a", type="OTHER", data_url="data:text/plain;base64,!!"))


def test_attachment_bytes_fetches_over_loopback_without_credentials(server):
    url, served = server
    resolved = attachment_bytes(AttachmentInput(name="cv", type="CV", data_url=f"{url}/files/cv.pdf"))
    assert resolved.data == b"%PDF-1.4 bytes of cv.pdf"
    assert resolved.content_type == "application/pdf"
    assert served.config["seen_auth"][-1] is None
    declared = attachment_bytes(
        AttachmentInput(name="cv", type="CV", content_type="application/x-cv", data_url=f"{url}/files/b.pdf")
    )
    assert declared.content_type == "application/x-cv"  # the declared type wins
    with pytest.raises(InvalidInput):
        attachment_bytes(AttachmentInput(name="cv", type="CV", data_url=f"{url}/files/missing"))


def test_connector_fetches_in_process_without_its_credentials(tiny, app):
    resolved = tiny.file_bytes(
        AttachmentInput(name="cv", type="CV", data_url="https://files.example/files/x.pdf")
    )
    assert resolved.data == b"%PDF-1.4 bytes of x.pdf"
    assert app.config["seen_auth"] == [None]  # the vendor's X-Api-Key stayed home


def test_injected_fetcher():
    seen = []

    def fetch(url):
        seen.append(url)
        return b"abc", None

    resolved = attachment_bytes(
        AttachmentInput(name="n", type="OTHER", data_url="https://x.example/f"), fetch
    )
    assert (resolved.data, resolved.content_type, seen) == (
        b"abc",
        "application/octet-stream",
        ["https://x.example/f"],
    )


def test_keep_changed_after():
    records = [Job(id=str(n), remote_id=str(n), changed_at=T0 + timedelta(hours=n)) for n in range(3)]
    assert keep_changed_after(records, None) == records
    assert [r.id for r in keep_changed_after(records, T0 + timedelta(hours=1))] == ["2"]


def test_action_inputs_are_found_by_position_not_last():
    class Optional(Connector):
        vendor = "optional"

        def reject_application(self, application_id, data, *, dry_run=False):
            return application_id, data, dry_run

    connector = Optional(Transport("https://o.example"))
    app_id, data, dry_run = connector.reject_application("a1", {"rejection_reason_id": "r1"}, dry_run=True)
    assert (app_id, data.rejection_reason_id, dry_run) == ("a1", "r1", True)
    with pytest.raises(InvalidInput):
        connector.reject_application("a1", {"note": "no reason id"})
