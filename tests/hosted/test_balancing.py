"""`atsbox serve --workers N` shares kept-alive connections out between its workers."""

from __future__ import annotations

import http.client
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from atsbox.hosted.balancing import WorkerLoads, may_accept
from atsbox.serve_process import start_serve


def test_a_worker_takes_connections_while_it_holds_no_more_than_the_least_busy_plus_one() -> None:
    assert may_accept(0, [])  # alone
    assert may_accept(3, [2]) and may_accept(2, [3])
    assert not may_accept(4, [2])
    assert not may_accept(5, [9, 3]) and may_accept(4, [9, 3])


def test_only_live_workers_count_and_a_new_worker_gets_a_free_slot() -> None:
    loads = WorkerLoads(3)
    loads.pids[0], loads.counts[0] = os.getpid(), 7
    loads.pids[1], loads.counts[1] = 2**31 - 5, 0  # no such process: its 0 must not hold others back
    assert loads.others(2) == [7]
    assert loads.claim({0, 2}) == 1 and (loads.pids[1], loads.counts[1]) == (0, 0)
    with pytest.raises(RuntimeError):
        loads.claim({0, 1, 2})


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    return found


def _established(port: int) -> set[str]:
    """Inodes of established TCP sockets whose local port is `port`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "01" and int(fields[1].split(":")[1], 16) == port:
            inodes.add(fields[9])
    return inodes


def _sockets_of(pid: int) -> set[str]:
    held = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            held.add(target[8:-1])
    return held


def _wait_for_workers(master: int, count: int) -> None:
    """Until `count` workers run their event loop ("Listening" comes before they fork)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready = [pid for pid in _children(master) if _polls(pid)]
        if len(ready) >= count:
            return
        time.sleep(0.05)  # waiting for processes to boot, not for time to pass
    pytest.fail(f"{count} workers did not start")


def _polls(pid: int) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == "anon_inode:[eventpoll]" for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_eight_keep_alive_clients_are_shared_out_between_two_workers(tmp_path: Path) -> None:
    server = start_serve(
        ["--port", "0", "--size", "tiny", "--vendors", "gem", "--workers", "2", "--threads", "4",
         "--db", str(tmp_path / "s.db")],
        env={"XDG_DATA_HOME": str(tmp_path / "data")},
    )  # fmt: skip
    base = server.base_url
    clients = []
    try:
        _wait_for_workers(server.proc.pid, 2)
        url = urlsplit(base)
        for _ in range(8):
            client = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            client.request("GET", "/healthz")
            response = client.getresponse()
            response.read()
            assert response.status == 200
            clients.append(client)
        open_here = _established(url.port)
        held = sorted(len(_sockets_of(pid) & open_here) for pid in _children(server.proc.pid))
        assert len(held) == 2 and sum(held) == 8, held
        assert held[0] >= 3, f"connections per worker: {held}"
    finally:
        for client in clients:
            client.close()
        assert server.stop() == 0, server.output
