"""`atsbox world`: writes the same bytes as the library, to a file or stdout."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from atsbox.commands import world as world_command
from atsbox.fixtures import generate, world_from_json, world_to_json


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="atsbox")
    world_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_writes_the_world_to_a_file_with_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "deep" / "world.json"
    assert _run(["world", "--seed", "3", "--size", "tiny", "--output", str(out)]) == 0
    assert out.read_bytes() == world_to_json(generate(3, "tiny"))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "candidates: 30" in captured.err and "applications: 50" in captured.err
    assert str(out) in captured.err


def test_writes_to_stdout_and_takes_counts(capsysbinary: pytest.CaptureFixture) -> None:
    assert _run(["world", "--size", "tiny,jobs=3,candidates=5,applications=7", "-o", "-", "--quiet"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.err == b""
    world = world_from_json(captured.out)
    assert (len(world.jobs), len(world.candidates), len(world.applications)) == (3, 5, 7)
    assert json.loads(captured.out)["seed"] == 0


def test_a_bad_size_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    assert _run(["world", "--size", "enormous"]) == 2
    assert "unknown size profile" in capsys.readouterr().err


def test_help_names_the_profiles(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        _run(["world", "--help"])
    text = capsys.readouterr().out
    assert "tiny" in text and "large" in text and "--seed" in text and "canonical JSON" in text


def test_plugs_into_the_atsbox_cli(tmp_path: Path) -> None:
    from atsbox.cli import main

    out = tmp_path / "w.json"
    assert main(["world", "--size", "tiny", "-o", str(out), "-q"]) == 0
    assert out.read_bytes() == world_to_json(generate(0, "tiny"))
