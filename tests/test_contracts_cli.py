"""`atsbox contracts`: the reports it writes, its exit code, and that a broken mapping is named."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from atsbox.cli import main


def run(tmp_path: Path, *extra: str) -> tuple[int, dict]:
    code = main(
        ["contracts", "--vendor", "gem", "--mode", "wsgi", "--no-schemathesis", "--quiet",
         "--report", str(tmp_path / "report"), "--junit", str(tmp_path / "junit.xml"), *extra]
    )  # fmt: skip
    return code, json.loads((tmp_path / "report" / "coverage.json").read_text())


def test_reports_are_written_and_agree(tmp_path: Path) -> None:
    code, matrix = run(tmp_path)
    gem = matrix["gem"]
    assert set(gem["models"]) >= {"users", "jobs", "candidates", "applications"}
    assert gem["summary"]["fields"]["documented"] == 110
    suites = ET.parse(tmp_path / "junit.xml").getroot()
    cases = suites.findall(".//testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    s = gem["summary"]
    not_verified = sum(
        s[k]["failing"] + s[k]["unverified"] for k in ("fields", "input_fields", "features", "checks")
    )
    record_rows = sum(1 for c in cases if c.get("name") == "(records)" and c.find("failure") is not None)
    assert len(failing) == not_verified + record_rows
    html = (tmp_path / "report" / "coverage.html").read_text()
    assert html.startswith("<!doctype html>") and "<script" not in html and "gem" in html
    summary = (tmp_path / "report" / "summary.md").read_text()
    assert "| gem |" in summary
    assert code == (0 if not failing else 1)


def test_a_broken_field_mapping_fails_the_run_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atsbox.connectors.gem import mapping

    real = mapping.candidate

    def broken(item):  # type: ignore[no-untyped-def]
        record = real(item)
        return record.model_copy(update={"last_name": (record.last_name or "") + "x"})

    monkeypatch.setattr(mapping, "candidate", broken)
    code, matrix = run(tmp_path)
    assert code == 1
    fields = matrix["gem"]["models"]["candidates"]["fields"]
    assert fields["last_name"]["status"] == "failing"
    assert "gem.candidates.last_name" in fields["last_name"]["failures"][0]
    assert [name for name, f in fields.items() if f["status"] == "failing"] == ["last_name"]


def test_unknown_vendor_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contracts", "--vendor", "nope"]) == 2
    assert "unknown vendor" in capsys.readouterr().err


def test_a_broken_mock_field_fails_the_run_and_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mock side can fail too: a candidate's company served wrong on the wire."""
    from atsbox.mocks.gem import serializers

    real = serializers.candidate

    def broken(record, applications):  # type: ignore[no-untyped-def]
        doc = real(record, applications)
        if doc.get("company"):
            doc["company"] = doc["company"] + " Ltd (typo)"
        return doc

    monkeypatch.setattr(serializers, "candidate", broken)
    code, matrix = run(tmp_path)
    assert code == 1
    fields = matrix["gem"]["models"]["candidates"]["fields"]
    assert [name for name, f in fields.items() if f["status"] == "failing"] == ["company"]
    assert "gem.candidates.company" in fields["company"]["failures"][0]
