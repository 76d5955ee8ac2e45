"""Plumbing for scripts/bench_serve.py: a JSON HTTP client per thread and process helpers.

Kept apart from the vendor workloads so each of them reads as the requests it sends.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
from dataclasses import dataclass
from typing import Any

import requests

TIMEOUT_S = 30.0


def basic_auth(user: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:".encode()).decode()


@dataclass
class Reply:
    status: int
    body: Any  # parsed JSON, raw text when not JSON, None when empty


class Http:
    """One keep-alive connection's worth of client: one per load thread."""

    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        self.base = base.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(headers or {})

    def call(self, method: str, path: str, *, json_body: Any = None, data: Any = None,
             headers: dict[str, str] | None = None) -> Reply:  # fmt: skip
        response = self.session.request(
            method, self.base + path, json=json_body, data=data, headers=headers, timeout=TIMEOUT_S
        )
        if not response.content:
            return Reply(response.status_code, None)
        try:
            return Reply(response.status_code, response.json())
        except ValueError:
            return Reply(response.status_code, response.text)

    def close(self) -> None:
        self.session.close()


@dataclass
class ListTarget:
    """One list request, as wrk sends it over and over."""

    method: str
    path: str  # from the server's root, query included
    headers: dict[str, str]
    body: Any = None  # JSON body, or None

    def lua(self) -> str:
        """A wrk script sending this request (wrk's -s)."""
        lines = [f'wrk.method = "{self.method}"']
        headers = dict(self.headers)
        if self.body is not None:
            lines.append(f"wrk.body = {_lua_string(json.dumps(self.body))}")
            headers["Content-Type"] = "application/json"
        lines += [f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()]
        return "\n".join(lines) + "\n"


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- processes --------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants still alive (from /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for p in [pid, *descendants(pid)]:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except OSError:
        return found
    for child in children:
        found += [child, *descendants(child)]
    return found


def stop_group(proc: subprocess.Popen[Any], timeout: float = 20.0) -> None:
    """SIGTERM the process group we started (start_new_session=True), SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
