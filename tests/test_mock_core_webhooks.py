"""The webhook outbox against a loopback receiver: signature, retries with backoff, replay."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from datetime import timedelta

import pytest
import requests

from atsbox.mocks.core import Outbox, add_fault
from atsbox.mocks.example import SIGN
from atsbox.mocks.example.testing import Receiver, demo_sandbox, serving

SECRET = "s3cret"


@pytest.fixture
def sb():
    return demo_sandbox(config={"rate_limits": False})


def subscribe(sb, url, events=("candidate.created",), secret=SECRET):
    body = {"url": url, "events": list(events), "secret": secret}
    response = sb.client.post("/example/webhooks", headers=sb.headers, json=body)
    assert response.status_code == 201
    return response.get_json()


def create(sb, name="Ada"):
    response = sb.client.post("/example/candidates", headers=sb.headers, json={"name": name, "email": "a@x"})
    assert response.status_code == 201
    return response.get_json()


def test_delivery_is_signed_over_the_exact_bytes_sent(sb):
    with Receiver() as receiver:
        subscribe(sb, receiver.url)
        candidate = create(sb)
        outbox = Outbox(sb.store)
        assert outbox.deliver_pending(tenant="t1")[0]["state"] == "delivered"
    [received] = receiver.requests
    assert json.loads(received.body) == {"event": "candidate.created", "data": candidate}
    expected = "sha256=" + hmac.new(SECRET.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["Example-Signature"] == expected
    assert received.headers["Content-Type"] == "application/json"
    delivery = outbox.deliveries("t1")[0]
    assert delivery["attempts"] == [
        {"at": sb.clock.now().isoformat(timespec="milliseconds"), "status": 200, "error": None}
    ]


def test_only_subscribed_events_and_enabled_subscriptions_are_delivered(sb):
    outbox = Outbox(sb.store)
    with Receiver() as receiver:
        subscribe(sb, receiver.url, events=["candidate.deleted"])
        everything = subscribe(sb, receiver.url + "/all", events=["*"], secret=None)
        create(sb)
        outbox.deliver_pending(tenant="t1")
        assert [r.path for r in receiver.requests] == ["/hook/all"]
        assert "Example-Signature" not in receiver.requests[0].headers  # no secret, no signature
        outbox.update_subscription("t1", "example", everything["id"], enabled=False)
        create(sb, "Bob")
        assert outbox.deliver_pending(tenant="t1") == []
        assert outbox.unsubscribe("t1", "example", everything["id"]) is True
        assert [s["events"] for s in outbox.subscriptions("t1", "example")] == [["candidate.deleted"]]


def emit(outbox, payload=None):
    return outbox.emit("t1", "example", "candidate.created", payload or {"n": 1}, sign=SIGN)


def test_failures_retry_with_exponential_backoff_on_the_sandbox_clock(sb):
    outbox = Outbox(sb.store, max_attempts=4, backoff=timedelta(seconds=10))
    with Receiver(statuses=[500, 503, 200]) as receiver:
        subscribe(sb, receiver.url)
        emit(outbox)
        outbox = Outbox(sb.store)  # the deliverer follows the policy stored at emit time
        start = sb.clock.now()
        assert outbox.deliver_pending(tenant="t1")[0]["state"] == "pending"
        assert outbox.deliver_pending(tenant="t1") == []  # not due yet
        sb.clock.advance(timedelta(seconds=9))
        assert outbox.deliver_pending(tenant="t1") == []
        sb.clock.advance(timedelta(seconds=1))  # 10 s after the first attempt
        assert outbox.deliver_pending(tenant="t1")[0]["state"] == "pending"
        sb.clock.advance(timedelta(seconds=19))
        assert outbox.deliver_pending(tenant="t1") == []
        sb.clock.advance(timedelta(seconds=1))  # 20 s after the second attempt
        [done] = outbox.deliver_pending(tenant="t1")
    assert done["state"] == "delivered"
    assert [a["status"] for a in done["attempts"]] == [500, 503, 200]
    offsets = [
        (a["at"], (start + timedelta(seconds=s)).isoformat(timespec="milliseconds"))
        for a, s in zip(done["attempts"], (0, 10, 30), strict=True)
    ]
    assert all(at == expected for at, expected in offsets)
    assert len({r.body for r in receiver.requests}) == 1  # every retry sends the same bytes


def test_delivery_gives_up_after_max_attempts_and_on_no_retry_statuses(sb):
    outbox = Outbox(sb.store, max_attempts=2, backoff=timedelta(seconds=1), no_retry=(410,))
    with Receiver(statuses=[500, 500, 410]) as receiver:
        subscribe(sb, receiver.url)
        emit(outbox)
        outbox.deliver_pending(tenant="t1")
        sb.clock.advance(timedelta(seconds=1))
        [failed] = outbox.deliver_pending(tenant="t1")
        assert failed["state"] == "failed" and len(failed["attempts"]) == 2
        emit(outbox, {"n": 2})
        [gone] = outbox.deliver_pending(tenant="t1")
        assert gone["state"] == "failed" and [a["status"] for a in gone["attempts"]] == [410]
        assert len(receiver.requests) == 3


def test_unreachable_receivers_are_recorded_as_errors(sb):
    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
    outbox = Outbox(sb.store)
    subscribe(sb, url)
    create(sb)
    [doc] = outbox.deliver_pending(tenant="t1")
    assert doc["state"] == "pending"
    assert doc["attempts"][0]["status"] is None and "ConnectionError" in doc["attempts"][0]["error"]


def test_replay_sends_the_same_bytes_again_as_a_new_delivery(sb):
    outbox = Outbox(sb.store)
    with Receiver() as receiver:
        subscribe(sb, receiver.url)
        create(sb)
        [first] = outbox.deliver_pending(tenant="t1")
        new_id = outbox.replay("t1", first["id"])
        assert new_id != first["id"]
        [again] = outbox.deliver_pending(tenant="t1")
        assert again["id"] == new_id and again["replay_of"] == first["id"]
    assert receiver.requests[0].body == receiver.requests[1].body
    assert (
        receiver.requests[0].headers["Example-Signature"] == receiver.requests[1].headers["Example-Signature"]
    )
    with pytest.raises(KeyError):
        outbox.replay("t1", "whd_999")


def test_a_failed_write_emits_nothing(sb):
    outbox = Outbox(sb.store)
    subscribe(sb, "http://127.0.0.1:9/hook")
    add_fault(sb.store, "t1", "example", endpoint="/candidates", method="POST", status=500, count=1)
    assert (
        sb.client.post(
            "/example/candidates", headers=sb.headers, json={"name": "A", "email": "a"}
        ).status_code
        == 500
    )
    response = sb.client.post("/example/candidates", headers=sb.headers, json={"name": 5, "email": "a"})
    assert response.status_code == 400
    assert outbox.deliveries("t1") == []


def test_a_dropped_connection_over_a_real_socket_sends_no_response(sb):
    add_fault(sb.store, "t1", "example", endpoint="/candidates", action="drop", count=1)
    with serving(sb.app) as base:
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{base}/example/candidates", headers=sb.headers, timeout=5)
        assert requests.get(f"{base}/example/candidates", headers=sb.headers, timeout=5).status_code == 200
