"""Rate limits, fault injection and the request journal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from atsbox.mocks.core import DroppedConnection, add_fault, clear_faults, list_faults, remove_fault
from atsbox.mocks.core.journal import JournalEntry, MemoryJournal
from atsbox.mocks.core.limits import FixedWindow, TokenBucket, consume
from atsbox.mocks.example.testing import FROZEN_AT, demo_sandbox


class Sleeps(list):
    """An injectable sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def sb(sleeps):
    return demo_sandbox(config={"sleep": sleeps})


# --- rate limits ------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_in_the_envelope(sb):
    sb.clock.freeze(FROZEN_AT + timedelta(seconds=15))  # 45 s left in the aligned minute
    for _ in range(3):
        assert sb.client.get("/example/reports", headers=sb.headers).status_code == 200
    response = sb.client.get("/example/reports", headers=sb.headers)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "45"
    assert response.get_json()["error"]["code"] == "rate_limited"
    # Other routes are not in the bucket.
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200
    sb.clock.advance(timedelta(seconds=45))
    assert sb.client.get("/example/reports", headers=sb.headers).status_code == 200


def test_rate_limits_are_per_tenant(sb):
    from atsbox.mocks.example.testing import add_tenant

    other = {"X-Api-Key": add_tenant(sb.store, "t2")["api_key"].secret}
    for _ in range(3):
        sb.client.get("/example/reports", headers=sb.headers)
    assert sb.client.get("/example/reports", headers=sb.headers).status_code == 429
    assert sb.client.get("/example/reports", headers=other).status_code == 200


def test_rate_limits_switch_off_for_all_vendors_or_one():
    for config in ({"rate_limits": False}, {"example": {"rate_limits": False}}):
        sb = demo_sandbox(config=config)
        statuses = {sb.client.get("/example/reports", headers=sb.headers).status_code for _ in range(10)}
        assert statuses == {200}, config


def test_token_bucket_refills_on_the_sandbox_clock():
    sb = demo_sandbox()
    bucket = TokenBucket(rate=2, burst=3)
    now = sb.clock.now()
    decisions = [consume(sb.store, "t1", "example", "b", bucket, now) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == 1
    assert consume(sb.store, "t1", "example", "b", bucket, now + timedelta(milliseconds=500)).allowed
    assert not consume(sb.store, "t1", "example", "b", bucket, now + timedelta(milliseconds=500)).allowed


def test_fixed_window_state_is_shared_through_the_store():
    sb = demo_sandbox()
    window = FixedWindow(limit=2, window=10)
    now = sb.clock.now()
    # Two "processes" are two calls on one store: the count is the store's, not theirs.
    assert consume(sb.store, "t1", "example", "w", window, now).remaining == 1
    assert consume(sb.store, "t1", "example", "w", window, now).remaining == 0
    assert not consume(sb.store, "t1", "example", "w", window, now).allowed


# --- faults -----------------------------------------------------------------------------


def test_fault_next_n_requests_then_normal(sb):
    add_fault(sb.store, "t1", "example", endpoint="/candidates", status=503, retry_after=7, count=2)
    responses = [sb.client.get("/example/candidates", headers=sb.headers) for _ in range(3)]
    assert [r.status_code for r in responses] == [503, 503, 200]
    assert responses[0].headers["Retry-After"] == "7"
    assert responses[0].get_json()["error"]["code"] == "service_unavailable"
    assert list_faults(sb.store, "t1", "example")[0]["fired"] == 2


@pytest.mark.parametrize(
    ("status", "code"), [(500, "internal_error"), (502, "bad_gateway"), (429, "rate_limited")]
)
def test_fault_statuses_come_in_the_vendor_envelope(sb, status, code):
    add_fault(sb.store, "t1", "example", endpoint="/candidates*", status=status, count=1)
    response = sb.client.get("/example/candidates/paged", headers=sb.headers)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    if status == 429:
        assert response.headers["Retry-After"] == "1"


def test_faults_match_endpoint_and_method_and_tenant(sb):
    add_fault(sb.store, "t1", "example", endpoint="/candidates", method="POST", status=500)
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200
    assert sb.client.get("/example/reports", headers=sb.headers).status_code == 200
    body = {"name": "A", "email": "a@x"}
    assert sb.client.post("/example/candidates", headers=sb.headers, json=body).status_code == 500
    assert sb.store.list("t1", "example", "candidate") == []  # the route never ran


def test_fault_rate_is_seeded_and_repeatable(sb):
    def run():
        clear_faults(sb.store, "t1", "example")
        add_fault(sb.store, "t1", "example", endpoint="/candidates", status=502, rate=0.5, seed=42)
        return [sb.client.get("/example/candidates", headers=sb.headers).status_code for _ in range(20)]

    first, second = run(), run()
    assert first == second
    assert set(first) == {200, 502}


def test_latency_fault_uses_the_injected_sleep(sb, sleeps):
    add_fault(sb.store, "t1", "example", endpoint="*", action="latency", latency_ms=1500, count=1)
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200
    assert sleeps == [1.5]


def test_dropped_connection_in_process_raises(sb):
    add_fault(sb.store, "t1", "example", endpoint="/candidates", action="drop", count=1)
    with pytest.raises(DroppedConnection):
        sb.client.get("/example/candidates", headers=sb.headers)
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200
    assert [e.status for e in sb.app.extensions["atsbox"].journal.entries("t1")] == [0, 200]


def test_remove_and_clear_faults(sb):
    rule = add_fault(sb.store, "t1", "example", status=500)
    assert remove_fault(sb.store, "t1", "example", rule["id"]) is True
    assert remove_fault(sb.store, "t1", "example", rule["id"]) is False
    add_fault(sb.store, "t1", "example", status=500)
    clear_faults(sb.store, "t1", "example")
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200


def test_bad_fault_rules_are_refused(sb):
    with pytest.raises(ValueError):
        add_fault(sb.store, "t1", "example", action="explode")
    with pytest.raises(ValueError):
        add_fault(sb.store, "t1", "example", status=200)
    with pytest.raises(ValueError):
        add_fault(sb.store, "t1", "example", rate=1.5)


# --- journal ----------------------------------------------------------------------------


def test_journal_records_requests_per_tenant_with_filters(sb):
    sb.client.get("/example/candidates", headers=sb.headers)
    sb.client.get("/example/candidates/nope", headers=sb.headers)
    sb.client.post("/example/candidates", headers=sb.headers, json={"name": "A", "email": "a@x"})
    sb.client.get("/example/candidates")  # no credentials: no tenant
    sb.client.get("/candidates", headers={**sb.headers, "Host": "api.example-ats.test"})
    journal = sb.app.extensions["atsbox"].journal
    entries = journal.entries("t1")
    assert [(e.method, e.path, e.status) for e in entries] == [
        ("GET", "/candidates", 200),
        ("GET", "/candidates/nope", 404),
        ("POST", "/candidates", 201),
        ("GET", "/candidates", 200),
    ]
    assert entries[-1].host == "api.example-ats.test" and entries[0].host is None
    assert all(e.time == FROZEN_AT and e.vendor == "example" and e.duration_ms >= 0 for e in entries)
    assert [e.status for e in journal.entries(None)] == [401]
    assert [e.path for e in journal.entries("t1", status="4xx")] == ["/candidates/nope"]
    assert [e.status for e in journal.entries("t1", method="post")] == [201]
    assert len(journal.entries("t1", path="/candidates/*")) == 1
    assert len(journal.entries("t1", status=[200, 201])) == 3
    assert len(journal.entries("t1", vendor="other")) == 0
    assert [e.status for e in journal.entries("t1", limit=2)] == [201, 200]


def test_journal_is_a_bounded_ring_per_tenant():
    journal = MemoryJournal(size=3)

    def entry(tenant, n):
        return JournalEntry(journal.next_seq(), None, tenant, "v", "GET", f"/{n}", "", 200, 0.0, None, None)

    for n in range(5):
        journal.record(entry("a", n))
    journal.record(entry("b", 9))
    assert [e.path for e in journal.entries("a")] == ["/2", "/3", "/4"]
    assert [e.path for e in journal.entries("b")] == ["/9"]
    journal.clear("a")
    assert journal.entries("a") == [] and len(journal.entries("b")) == 1
    with pytest.raises(ValueError):
        MemoryJournal(size=0)


def test_journal_size_comes_from_the_app_config():
    sb = demo_sandbox(config={"journal_size": 2})
    for _ in range(4):
        sb.client.get("/example/candidates", headers=sb.headers)
    assert len(sb.app.extensions["atsbox"].journal.entries("t1")) == 2
