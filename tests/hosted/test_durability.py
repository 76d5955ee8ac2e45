"""Every acknowledged write survives a SIGKILL of the server in the middle of a write load,
on SQLite (WAL) and on PostgreSQL: count the acknowledged writes, kill, restart, find them all.

The server is `atsbox serve --workers 2` (gunicorn); the whole process group is killed, so
no worker gets to finish anything. The load comes from another process that prints each
name only after the server answered 200 for it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

from atsbox.serve_process import ServeProcess, start_serve
from atsbox.store.testing import shared_url  # noqa: F401 - SQLite file and PostgreSQL

from .helpers import ADMIN, basic

WRITER = Path(__file__).with_name("durability_writer.py")
BEFORE_KILL = 40


def _start(tmp_path: Path, db: str) -> tuple[ServeProcess, str]:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ATSBOX_ADMIN_TOKEN": ADMIN}
    server = start_serve(["--port", "0", "--size", "tiny", "--vendors", "ashby", "--workers", "2", "--db", db], env=env)
    return server, server.base_url


def test_acknowledged_writes_survive_sigkill_mid_load(tmp_path: Path, shared_url: str) -> None:  # noqa: F811
    server, base = _start(tmp_path, shared_url)
    try:
        created = requests.post(
            f"{base}/_sandbox/sandboxes",
            json={"vendors": ["ashby"], "id": "durable"},
            headers={"Authorization": f"Bearer {ADMIN}"},
            timeout=60,
        )
        assert created.status_code == 201
        key = created.json()["vendors"]["ashby"]["credentials"]["api_key"]["secret"]
        writer = subprocess.Popen([sys.executable, str(WRITER), base, key], stdout=subprocess.PIPE, text=True)
        acknowledged: list[str] = []
        assert writer.stdout is not None
        for line in writer.stdout:
            acknowledged.append(line.strip())
            if len(acknowledged) >= BEFORE_KILL:
                break
        server.kill()  # SIGKILL mid-load, workers included: the writer is still sending
        writer.terminate()
        rest, _ = writer.communicate(timeout=30)
        acknowledged += rest.split("\n")
        acknowledged = [name for name in acknowledged if name]
    finally:
        if server.proc.poll() is None:
            server.kill()
    assert len(acknowledged) >= BEFORE_KILL

    server, base = _start(tmp_path, shared_url)
    try:
        found = set()
        cursor = None
        while True:
            body = {"limit": 100, **({"cursor": cursor} if cursor else {})}
            page = requests.post(
                f"{base}/ashby/candidate.list", json=body, headers=basic(key), timeout=30
            ).json()
            found |= {c["name"] for c in page["results"]}
            cursor = page.get("nextCursor")
            if not page.get("moreDataAvailable"):
                break
        missing = [name for name in acknowledged if name not in found]
        assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"
        sandbox = requests.get(
            f"{base}/_sandbox/sandboxes/durable", headers={"Authorization": f"Bearer {ADMIN}"}
        )
        assert sandbox.status_code == 200  # the sandbox itself survived
    finally:
        server.stop()
