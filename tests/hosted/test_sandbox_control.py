"""The per-sandbox control API: faults, the clock, the journal, the webhook outbox, and the
service's /healthz and /metrics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from werkzeug.wrappers import Request, Response

from atsbox.loopback import loopback_server
from atsbox.mocks.core.faults import DroppedConnection
from atsbox.mocks.core.webhooks import Outbox, hmac_sha256_signer
from atsbox.store import Store

from .helpers import Hosted, ashby


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def service(slept: list[float]) -> Iterator[Hosted]:
    hosted = Hosted(Store("sqlite://"), vendors=["ashby"], config={"sleep": slept.append}, journal_size=5)
    yield hosted
    hosted.close()


def test_faults_for_the_next_n_requests_then_normal_service(service: Hosted) -> None:
    sandbox = service.create()
    sid = sandbox["id"]
    rule = service.control(
        "POST",
        f"/sandboxes/{sid}/faults",
        token=sandbox["access_token"],
        json={"vendor": "ashby", "endpoint": "/candidate.*", "status": 429, "retry_after": 7, "count": 2},
    )
    assert rule.status_code == 201, rule.get_json()
    for _ in range(2):
        limited = ashby(service, sandbox, "candidate.list")
        assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    assert ashby(service, sandbox, "candidate.list").status_code == 200
    assert ashby(service, sandbox, "job.list").status_code == 200  # another endpoint was never hit
    listed = service.control("GET", f"/sandboxes/{sid}/faults").get_json()["faults"]
    assert [(f["id"], f["fired"], f["remaining"]) for f in listed] == [(rule.get_json()["id"], 2, 0)]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error_faults_at_a_rate(service: Hosted, status: int) -> None:
    sandbox = service.create()
    sid = sandbox["id"]
    body = {"vendor": "ashby", "status": status, "rate": 0.5, "seed": 11}
    assert service.control("POST", f"/sandboxes/{sid}/faults", json=body).status_code == 201
    statuses = [ashby(service, sandbox, "job.list").status_code for _ in range(40)]
    assert set(statuses) == {200, status}
    assert 8 <= statuses.count(status) <= 32
    assert service.control("DELETE", f"/sandboxes/{sid}/faults").status_code == 204
    assert ashby(service, sandbox, "job.list").status_code == 200


def test_latency_and_dropped_connection_faults(service: Hosted, slept: list[float]) -> None:
    sandbox = service.create()
    sid = sandbox["id"]
    service.control(
        "POST",
        f"/sandboxes/{sid}/faults",
        json={"vendor": "ashby", "action": "latency", "latency_ms": 250, "count": 1},
    )
    assert ashby(service, sandbox, "job.list").status_code == 200
    assert slept == [0.25]
    drop = service.control(
        "POST", f"/sandboxes/{sid}/faults", json={"vendor": "ashby", "action": "drop", "count": 1}
    )
    with pytest.raises(DroppedConnection):
        ashby(service, sandbox, "job.list")
    assert ashby(service, sandbox, "job.list").status_code == 200
    assert service.control("DELETE", f"/sandboxes/{sid}/faults/{drop.get_json()['id']}").status_code == 204
    assert service.control("DELETE", f"/sandboxes/{sid}/faults/{drop.get_json()['id']}").status_code == 404


def test_bad_fault_requests_are_400(service: Hosted) -> None:
    sid = service.create()["id"]
    for body in (
        {"vendor": "gem"},
        {"vendor": "ashby", "status": 200},
        {"vendor": "ashby", "rate": 2},
        {"vendor": "ashby", "action": "explode"},
        {"vendor": "ashby", "count": 0},
        {"vendor": "ashby", "latency_ms": "slow"},
        {"vendor": "ashby", "surprise": 1},
    ):
        assert service.control("POST", f"/sandboxes/{sid}/faults", json=body).status_code == 400, body


def test_the_clock_advances_and_freezes_and_writes_use_it(service: Hosted) -> None:
    sandbox = service.create()
    sid = sandbox["id"]
    frozen = service.control("POST", f"/sandboxes/{sid}/clock/freeze", json={"at": "2031-05-01T12:00:00Z"})
    assert frozen.get_json() == {"now": "2031-05-01T12:00:00.000+00:00", "frozen": True}
    advanced = service.control("POST", f"/sandboxes/{sid}/clock/advance", json={"seconds": 86_400})
    assert advanced.get_json()["now"] == "2031-05-02T12:00:00.000+00:00"
    created = ashby(service, sandbox, "candidate.create", {"name": "Time Traveller"}).get_json()
    assert created["results"]["createdAt"] == "2031-05-02T12:00:00.000Z"
    back = service.control("POST", f"/sandboxes/{sid}/clock/freeze", json={"at": "2030-01-01T00:00:00Z"})
    assert back.status_code == 409  # a clock never goes back
    assert service.control("POST", f"/sandboxes/{sid}/clock/advance", json={"seconds": -1}).status_code == 400
    running = service.control("POST", f"/sandboxes/{sid}/clock/unfreeze").get_json()
    assert running["frozen"] is False
    assert datetime.fromisoformat(running["now"]) >= datetime.fromisoformat("2031-05-02T12:00:00+00:00")


def test_journal_is_per_sandbox_filterable_and_bounded(service: Hosted) -> None:
    first, second = service.create(), service.create()
    ashby(service, first, "candidate.list")
    ashby(service, first, "job.list")
    ashby(service, first, "candidate.info", {"id": "not-a-uuid"})
    service.client.post(
        "/ashby/job.list", json={}, headers={"Authorization": "Basic eDo="}
    )  # 403, no sandbox
    ashby(service, second, "job.list")
    path = f"/sandboxes/{first['id']}/journal"
    entries = service.control("GET", path, token=first["access_token"]).get_json()["entries"]
    assert [e["path"] for e in entries] == ["/candidate.list", "/job.list", "/candidate.info"]
    only_jobs = service.control("GET", path + "?path=/job.*").get_json()["entries"]
    assert [e["path"] for e in only_jobs] == ["/job.list"]
    assert service.control("GET", path + "?vendor=gem").get_json()["entries"] == []
    assert [e["status"] for e in service.control("GET", path + "?status=2xx").get_json()["entries"]] == [
        200
    ] * 3
    assert service.control("GET", path + "?status=teapot").status_code == 400
    assert [e["path"] for e in service.control("GET", path + "?limit=1").get_json()["entries"]] == [
        "/candidate.info"
    ]
    for _ in range(6):
        ashby(service, first, "job.list")
    bounded = service.control("GET", path).get_json()
    assert bounded["size"] == 5 and len(bounded["entries"]) == 5
    assert service.control("DELETE", path).status_code == 204
    assert service.control("GET", path).get_json()["entries"] == []
    other = service.control("GET", f"/sandboxes/{second['id']}/journal").get_json()["entries"]
    assert [e["path"] for e in other] == ["/job.list"]


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[bytes], list[int]]]:
    """A loopback webhook receiver answering the statuses queued in `answers` (then 200)."""
    received: list[bytes] = []
    answers: list[int] = []

    @Request.application
    def app(request: Request) -> Response:
        received.append(request.get_data())
        return Response("ok", status=answers.pop(0) if answers else 200)

    with loopback_server(app, threaded=False) as base:
        yield f"{base}/hook", received, answers


def test_outbox_shows_attempts_and_codes_and_replays(service: Hosted, receiver) -> None:
    url, received, answers = receiver
    sandbox = service.create()
    sid = sandbox["id"]
    outbox = Outbox(service.store)
    outbox.subscribe(sid, "ashby", url, "s3cret", ["*"])
    [delivery_id] = outbox.emit(
        sid, "ashby", "candidateHire", {"action": "candidateHire"}, sign=hmac_sha256_signer("Ashby-Signature")
    )
    answers.append(500)
    first = service.control("POST", f"/sandboxes/{sid}/webhooks/deliver", token=sandbox["access_token"])
    assert [a["status"] for a in first.get_json()["attempted"][0]["attempts"]] == [500]
    pending = service.control("GET", f"/sandboxes/{sid}/webhooks/deliveries?state=pending").get_json()[
        "deliveries"
    ]
    assert [d["id"] for d in pending] == [delivery_id]
    replayed = service.control("POST", f"/sandboxes/{sid}/webhooks/deliveries/{delivery_id}/replay")
    assert replayed.status_code == 201 and replayed.get_json()["replay_of"] == delivery_id
    service.control("POST", f"/sandboxes/{sid}/webhooks/deliver")  # the replay is due now
    detail = service.control(
        "GET", f"/sandboxes/{sid}/webhooks/deliveries/{replayed.get_json()['id']}"
    ).get_json()
    assert detail["state"] == "delivered" and [a["status"] for a in detail["attempts"]] == [200]
    assert received == [b'{"action":"candidateHire"}'] * 2
    subs = service.control("GET", f"/sandboxes/{sid}/webhooks/subscriptions").get_json()["subscriptions"]
    assert [s["url"] for s in subs] == [url]
    assert service.control("GET", f"/sandboxes/{sid}/webhooks/deliveries/whd_999").status_code == 404
    assert service.control("GET", f"/sandboxes/{sid}/webhooks/deliveries?state=lost").status_code == 400


def test_healthz_and_prometheus_metrics(service: Hosted) -> None:
    sandbox = service.create()
    assert service.client.get("/healthz").get_json()["status"] == "ok"
    for _ in range(3):
        ashby(service, sandbox, "job.list")
    ashby(service, sandbox, "job.info", {"id": "nope"})
    text = service.client.get("/metrics").get_data(as_text=True)
    assert (
        'atsbox_requests_total{endpoint="/ashby/job.list",method="POST",status="200",vendor="ashby"} 3.0'
        in text
    )
    assert (
        'atsbox_request_duration_seconds_bucket{endpoint="/ashby/job.list",le="+Inf",vendor="ashby"} 3.0'
        in text
    )
    assert 'endpoint="/_sandbox/sandboxes",method="POST",status="201",vendor="-"' in text
    assert "# TYPE atsbox_request_duration_seconds histogram" in text
