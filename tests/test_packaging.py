"""The distribution ships one import namespace with its data files, for a regular install too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("atsbox-*.whl")
    return zipfile.ZipFile(path)


def test_only_atsbox_is_a_top_level_package(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"atsbox"}


def test_subpackages_and_data_files_are_shipped(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for required in (
        "atsbox/mocks/core/__init__.py",
        "atsbox/fixtures/model.py",
        "atsbox/connectors/base.py",
        "atsbox/contracts/oracle.py",
        "atsbox/contracts/schemathesis_cases.py",
        "atsbox/contracts/coverage/ashby.yaml",
        "atsbox/contracts/coverage/flatchr.yaml",
    ):
        assert required in names, required
    for vendor in ("ashby", "personio", "gem", "factorial", "flatchr"):
        assert f"atsbox/mocks/{vendor}/__init__.py" in names, vendor


def test_entry_points_register_the_cli_and_the_pytest_plugin(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "atsbox = atsbox.cli:main" in text
    assert "[pytest11]" in text and "atsbox = atsbox.pytest_plugin" in text
