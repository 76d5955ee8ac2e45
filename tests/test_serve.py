"""`atsbox serve`: a real process on a free loopback port, then stopped."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from atsbox.cli import main
from atsbox.commands.serve import db_url, default_db_path
from atsbox.serve_process import ServeProcess, start_serve

START_TIMEOUT_S = 60


def start(tmp_path: Path, *args: str) -> tuple[ServeProcess, str, list[str]]:
    """Start `atsbox serve` on port 0; returns the process, its base URL and its output so far."""
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ATSBOX_VENDOR_MODULES": "atsbox.mocks.example"}
    try:
        server = start_serve(["--port", "0", "--size", "tiny", *args], env=env, timeout=START_TIMEOUT_S)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    return server, server.base_url, list(server.lines)


def stop(server: ServeProcess) -> str:
    code = server.stop(timeout=20)
    assert code == 0, server.output
    return server.output


def test_serve_answers_openapi_and_index_then_stops_and_keeps_its_sandbox(tmp_path):
    proc, base, lines = start(tmp_path, "--vendors", "example")
    try:
        assert "creating the default sandbox" in lines
        key = next(line.split()[1] for line in lines if line.strip().startswith("api_key"))
        openapi = requests.get(f"{base}/example/openapi.json", timeout=10)
        assert openapi.status_code == 200 and openapi.json()["openapi"] == "3.0.3"
        index = requests.get(f"{base}/", timeout=10).json()
        assert [v["name"] for v in index["vendors"]] == ["example"]
        listing = requests.get(f"{base}/example/candidates?limit=2", headers={"X-Api-Key": key}, timeout=10)
        assert listing.status_code == 200 and len(listing.json()["data"]) == 2
        created = requests.post(
            f"{base}/example/candidates",
            headers={"X-Api-Key": key},
            json={"name": "Kept", "email": "k@x"},
            timeout=10,
        )
        assert created.status_code == 201
    finally:
        out = stop(proc)
    assert "Stopped." in out
    assert (tmp_path / "data" / "atsbox" / "sandbox.db").exists()

    # A second start reuses the sandbox (and what was written to it) with the same credentials.
    proc, base, lines = start(tmp_path, "--vendors", "example")
    try:
        assert "Using the existing default sandbox." in lines
        assert any(key in line for line in lines)
        created_id = created.json()["id"]
        again = requests.get(
            f"{base}/example/candidates/{created_id}", headers={"X-Api-Key": key}, timeout=10
        )
        assert again.json()["name"] == "Kept"
    finally:
        stop(proc)


def test_unknown_vendor_is_a_usage_error(capsys, tmp_path):
    assert main(["serve", "--vendors", "nope", "--db", str(tmp_path / "x.db")]) == 2
    assert "unknown vendor 'nope'" in capsys.readouterr().err


def test_default_database_location(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "atsbox" / "sandbox.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "atsbox" / "sandbox.db"
    assert db_url(str(tmp_path / "a" / "b.db")) == f"sqlite:///{tmp_path / 'a' / 'b.db'}"
    assert (tmp_path / "a").is_dir()
    assert db_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_answer_cache_size_is_checked_and_reaches_the_app(capsys, monkeypatch, tmp_path):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--answer-cache", "-1", "--db", str(tmp_path / "x.db")])
    assert exited.value.code == 2 and "cannot be negative" in capsys.readouterr().err
    from atsbox.commands import serve

    seen = {}
    real = serve._prepare

    def prepare(args, classes):
        store, app, info, admin = real(args, classes)
        seen["answers"] = app.extensions["atsbox"].answers
        raise SystemExit(0)

    monkeypatch.setattr(serve, "_prepare", prepare)
    for megabytes, expected in (("0", None), ("3", 3 * 1024 * 1024)):
        with pytest.raises(SystemExit):
            main(["serve", "--vendors", "gem", "--size", "tiny", "--answer-cache", megabytes, "--db", str(tmp_path / "y.db")])
        answers = seen["answers"]
        assert (None if answers is None else answers.max_bytes) == expected
