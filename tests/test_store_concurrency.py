"""Concurrent use: processes sharing one database file, threads sharing one in-memory store.

Assertions are about what was written (counts, uniqueness), never about timing.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from atsbox.store import Store
from atsbox.store.testing import hammer, shared_url  # noqa: F401 - shared_url is a fixture

T0 = datetime(2024, 1, 1, tzinfo=UTC)
WRITES = 300


def run_writers(url: str, tenant: str, *, workers: int, count: int) -> list[dict]:
    """Run `workers` hammer() processes at once (spawned: no inherited connections)."""
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(workers), ctx.Queue()
    procs = [ctx.Process(target=hammer, args=(url, tenant, w, count, start, out)) for w in range(workers)]
    for proc in procs:
        proc.start()
    results = []
    while len(results) < workers:
        try:
            results.append(out.get(timeout=1))
        except queue.Empty:
            # A writer that died never reports: fail now instead of waiting forever.
            assert all(proc.exitcode in (None, 0) for proc in procs), [proc.exitcode for proc in procs]
    for proc in procs:
        proc.join()
        assert proc.exitcode == 0
    return sorted(results, key=lambda result: result["worker"])


def test_two_processes_writing_at_once_lose_nothing(shared_url: str) -> None:  # noqa: F811
    with Store(shared_url) as store:
        store.create_tenant("t1")
        store.create_tenant("bystander")
        store.put("bystander", "gem", "candidate", "w0-0", {}, at=T0)

        results = run_writers(shared_url, "t1", workers=2, count=WRITES)

        # Every write of both processes is there, exactly once.
        own = store.list("t1", "gem", "candidate")
        assert len(own) == 2 * WRITES
        assert {r.id for r in own} == {f"w{w}-{i}" for w in (0, 1) for i in range(WRITES)}
        shared = store.list("t1", "gem", "note")
        assert sorted(r.id for r in shared) == sorted(f"shared-{i}" for i in range(WRITES))

        # Each put got its own change-sequence number, and the sequence counted them all.
        seqs = [s for result in results for s in result["seqs"]]
        assert len(set(seqs)) == len(seqs) == 4 * WRITES
        assert store.current_seq("t1") == 6 * WRITES  # 2 reported puts + 1 tally put per round
        # No read-modify-write transaction lost an increment.
        assert store.get("t1", "gem", "tally", "t").doc == {"done": 2 * WRITES}
        # Each process saw its own seqs strictly increase.
        for result in results:
            assert result["seqs"] == sorted(result["seqs"])
        # What is stored carries seqs the writers were handed.
        stored_seqs = {r.seq for r in own + shared}
        assert stored_seqs <= set(seqs)

        # next_int handed out 1..600 with no duplicates and no gaps.
        ints = [n for result in results for n in result["ints"]]
        assert sorted(ints) == list(range(1, 2 * WRITES + 1))
        assert store.next_int("t1", "gem", "candidate") == 2 * WRITES + 1

        # The bystander tenant is untouched.
        assert store.current_seq("bystander") == 1
        assert [r.id for r in store.list("bystander", "gem", "candidate")] == ["w0-0"]


def test_a_second_process_sees_committed_writes(shared_url: str) -> None:  # noqa: F811
    with Store(shared_url) as reader:
        reader.create_tenant("t1")
        assert reader.count("t1", "gem", "candidate") == 0  # the reader's connection is now open
        run_writers(shared_url, "t1", workers=1, count=5)
        assert reader.count("t1", "gem", "candidate") == 5
        assert reader.current_seq("t1") == 15
        assert reader.next_int("t1", "gem", "candidate") == 6


@pytest.mark.parametrize("url", ["sqlite://", "file"])
def test_threads_share_one_store(url: str, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'threads.db'}" if url == "file" else url
    with Store(url) as store:
        store.create_tenant("t1")
        threads, per_thread = 6, 50

        def work(worker: int) -> list[int]:
            ints = []
            for i in range(per_thread):
                with store.transaction():  # each thread's block uses that thread's connection
                    n = store.next_int("t1", "ashby", "candidate")
                    store.put(
                        "t1", "ashby", "candidate", f"{worker}-{i}", {"n": n}, at=T0 + timedelta(seconds=i)
                    )
                ints.append(n)
                store.get("t1", "ashby", "candidate", f"{worker}-{i}")
            return ints

        with ThreadPoolExecutor(threads) as pool:
            ints = [n for result in pool.map(work, range(threads)) for n in result]
        assert sorted(ints) == list(range(1, threads * per_thread + 1))
        records = store.list("t1", "ashby", "candidate")
        assert len(records) == threads * per_thread
        assert sorted(r.doc["n"] for r in records) == sorted(ints)
        assert Counter(r.seq for r in records).most_common(1)[0][1] == 1
        assert store.current_seq("t1") == threads * per_thread


def test_a_failing_thread_rolls_back_only_its_own_transaction() -> None:
    with Store("sqlite://") as store:
        store.create_tenant("t1")
        errors: list[BaseException] = []

        def failing() -> None:
            try:
                with store.transaction():
                    for i in range(20):
                        store.put("t1", "gem", "candidate", f"bad-{i}", {}, at=T0)
                    raise ValueError("rolled back")
            except ValueError as exc:
                errors.append(exc)

        def succeeding() -> None:
            for i in range(20):
                store.put("t1", "gem", "candidate", f"good-{i}", {}, at=T0)

        workers = [threading.Thread(target=failing), threading.Thread(target=succeeding)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        assert len(errors) == 1
        assert {r.id for r in store.list("t1", "gem", "candidate")} == {f"good-{i}" for i in range(20)}
        assert store.current_seq("t1") == 20
