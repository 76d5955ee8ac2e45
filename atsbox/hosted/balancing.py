"""gunicorn's threaded worker, taking a new connection only while it holds no more than its share.

Every worker of `atsbox serve --workers N` polls the one listening socket, and a kept-alive
connection stays with the worker that accepted it. When a few clients connect at once (a
load test's 8 keep-alive connections, a partner's small pool), the worker that wakes first
may accept most of them, and the other idles for as long as they live: in the list
benchmark, one run in three served from one core at half the throughput. So each worker
publishes how many connections it holds in an array shared by all workers (made by the
master before it forks them) and stops accepting while it holds more than the least busy
live worker plus `SLACK`. The cap is relative: with many clients every worker still
accepts, up to gunicorn's own `worker_connections`.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

# How many connections more than the least busy worker a worker may hold and still accept.
SLACK = 1


def may_accept(mine: int, others: list[int], slack: int = SLACK) -> bool:
    """Whether a worker holding `mine` connections takes another, the live others holding
    `others`."""
    return not others or mine <= min(others) + slack


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WorkerLoads:
    """Per worker slot: the pid holding it and its open connections (shared memory)."""

    def __init__(self, slots: int) -> None:
        self.pids = multiprocessing.Array("q", slots, lock=False)
        self.counts = multiprocessing.Array("i", slots, lock=False)

    def claim(self, used: set[int]) -> int:
        """A slot for a worker about to be forked (master side): one no live worker holds."""
        for slot in range(len(self.pids)):
            if slot not in used:
                self.pids[slot], self.counts[slot] = 0, 0
                return slot
        raise RuntimeError("more workers than slots")

    def others(self, slot: int) -> list[int]:
        return [self.counts[i] for i in range(len(self.pids)) if i != slot and _alive(self.pids[i])]


class BalancedThreadWorker(ThreadWorker):
    """gunicorn's gthread worker with the accept rule of the module doc.

    `loads` and `slot` are set on the worker object by the master's pre_fork hook
    (`balance_hook`), so the forked child finds them.
    """

    loads: WorkerLoads | None = None
    slot: int = 0

    def init_process(self) -> None:
        if self.loads is not None:
            self.loads.pids[self.slot] = os.getpid()
        super().init_process()

    # gunicorn's run loop compares nr_conns with worker_connections before each wait for
    # events; both are attributes there, so properties here change the rule without
    # copying the loop.
    @property
    def nr_conns(self) -> int:
        return self._nr_conns

    @nr_conns.setter
    def nr_conns(self, value: int) -> None:
        self._nr_conns = value
        if self.loads is not None:
            self.loads.counts[self.slot] = value

    @property
    def worker_connections(self) -> int:
        limit = self._worker_connections
        if self.loads is None or not hasattr(self, "_nr_conns"):
            return limit
        if may_accept(self._nr_conns, self.loads.others(self.slot)):
            return limit
        return self._nr_conns  # "full" for now: nr_conns < worker_connections is false

    @worker_connections.setter
    def worker_connections(self, value: int) -> None:
        self._worker_connections = value


def balance_hook(workers: int) -> Any:
    """The pre_fork hook that gives each new worker a slot of one shared WorkerLoads."""
    loads = WorkerLoads(workers)

    def pre_fork(server: Any, worker: Any) -> None:
        used = {getattr(w, "slot", -1) for w in server.WORKERS.values()}
        worker.loads = loads
        worker.slot = loads.claim(used)

    return pre_fork
