"""Requests that only read run in read transactions; a view that writes starts over in a
write transaction. Found by scripts/bench_serve.py: every request used to take SQLite's
write lock (BEGIN IMMEDIATE), so two gunicorn workers served reads one at a time."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from atsbox.mocks.example import NAME
from atsbox.mocks.example.testing import demo_sandbox
from atsbox.store import ReadOnlyViolation, Store, StoreError


class Spy:
    """Records the `readonly` flag of each outermost store transaction."""

    def __init__(self, store: Store) -> None:
        self.opened: list[bool] = []
        self._transaction = store.transaction
        self._depth = 0
        store.transaction = self.transaction  # type: ignore[method-assign]

    @contextlib.contextmanager
    def transaction(self, *, readonly: bool = False) -> Iterator[None]:
        if self._depth == 0:
            self.opened.append(readonly)
        self._depth += 1
        try:
            with self._transaction(readonly=readonly):
                yield
        finally:
            self._depth -= 1


def test_a_write_in_a_read_transaction_is_a_store_error() -> None:
    store = Store("sqlite://")
    store.create_tenant("t1")
    with store.transaction(readonly=True):
        with pytest.raises(ReadOnlyViolation):
            store.next_int("t1", NAME, "n")
        with pytest.raises(ReadOnlyViolation), store.transaction():
            pass
    assert issubclass(ReadOnlyViolation, StoreError)


def test_a_read_request_opens_only_a_read_transaction() -> None:
    sb = demo_sandbox(config={"rate_limits": False})
    sb.add_candidates(2)
    spy = Spy(sb.store)
    response = sb.client.get(f"/{NAME}/candidates", headers=sb.headers)
    assert response.status_code == 200
    assert len(response.get_json()["data"]) == 2
    assert spy.opened == [True]


def test_a_write_request_starts_over_in_a_write_transaction_and_writes_once() -> None:
    sb = demo_sandbox(config={"rate_limits": False})
    spy = Spy(sb.store)
    body = {"name": "Ada", "email": "ada@example.test"}
    created = sb.client.post(f"/{NAME}/candidates", headers=sb.headers, json=body)
    assert created.status_code == 201, created.get_json()
    assert spy.opened == [True, False]
    # The first try's id was never committed: the candidate exists once, with the first number.
    assert created.get_json()["id"] == "cand_1"
    assert [r.doc["name"] for r in sb.store.list(sb.tenant, NAME, "candidate")] == ["Ada"]
    assert sb.store.next_int(sb.tenant, NAME, "candidate") == 2


def test_a_route_that_wrote_starts_in_a_write_transaction_from_then_on() -> None:
    sb = demo_sandbox(config={"rate_limits": False})
    spy = Spy(sb.store)
    for name in ("Ada", "Grace", "Edsger"):
        body = {"name": name, "email": f"{name.lower()}@example.test"}
        assert sb.client.post(f"/{NAME}/candidates", headers=sb.headers, json=body).status_code == 201
    assert spy.opened == [True, False, False, False]  # one read try, for the first request only
    assert [r.doc["name"] for r in sb.store.list(sb.tenant, NAME, "candidate")] == ["Ada", "Grace", "Edsger"]
    # Reads of other routes still start read-only.
    assert sb.client.get(f"/{NAME}/candidates", headers=sb.headers).status_code == 200
    assert spy.opened[-1] is True


def test_reads_do_not_queue_behind_a_writer_of_the_same_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    # A short busy timeout: a request that waited for the write lock would fail at once.
    sb = demo_sandbox(config={"rate_limits": False}, store=Store(url, busy_timeout_ms=50))
    sb.add_candidates(1)
    other = Store(url, busy_timeout_ms=50)  # another worker process, in the middle of a write
    with other.transaction():
        other.put(sb.tenant, NAME, "candidate", "cand_x", {"id": "cand_x"}, at=sb.clock.now())
        read = sb.client.get(f"/{NAME}/candidates", headers=sb.headers)
        assert read.status_code == 200, read.get_json()
        assert [c["id"] for c in read.get_json()["data"]] == ["cand_1"]  # the committed state
    other.close()
    sb.store.close()


def test_injected_latency_is_slept_after_the_fault_is_counted_and_outside_any_transaction() -> None:
    from atsbox.mocks.core import add_fault

    seen: list[tuple[float, bool]] = []
    holder: dict[str, Store] = {}

    def sleep(seconds: float) -> None:
        # A sleeping request must not hold the store (SQLite's write lock) for the others.
        seen.append((seconds, holder["store"]._active.get() is not None))

    sb = demo_sandbox(config={"sleep": sleep})
    holder["store"] = sb.store
    sb.add_candidates(1)
    add_fault(sb.store, sb.tenant, NAME, endpoint="/candidates", action="latency", latency_ms=1500, count=1)
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 200
    assert seen == [(1.5, False)]
    (rule,) = sb.store.kv_get(sb.tenant, NAME, "faults")
    assert (rule["fired"], rule["remaining"]) == (1, 0)
