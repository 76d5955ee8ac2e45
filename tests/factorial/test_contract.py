"""The whole Factorial contract (oracle, write actions, feature rows) through run_vendor.

The small world is the smallest that holds three or more non-empty values of every field
Factorial carries (the tiny one has a single deleted job, for one). Three listed fields
have no place in Factorial's wire format (contracts/vendors/factorial.py NOT_CARRIED); the
oracle must find them empty on every record (reported as gaps) and nothing else wrong.
"""

from __future__ import annotations

from typing import Any

import pytest

from atsbox.connectors.factorial import mapping
from atsbox.contracts.engine import run_vendor
from atsbox.contracts.vendors.factorial import NOT_CARRIED


def problems(matrix: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Every documented model field that is not verified, with its status."""
    return {
        (model, name): f["status"]
        for model, m in matrix["models"].items()
        for name, f in m["fields"].items()
        if f["status"] != "verified"
    }


@pytest.fixture(scope="module")
def result() -> Any:
    return run_vendor("factorial", size="small")


def test_the_matrix_passes_for_everything_factorial_can_carry(result: Any) -> None:
    matrix = result.matrix()
    assert matrix["errors"] == []
    assert matrix["summary"]["record_problems"] == 0
    # Reported as gaps (declared in CONTRACT.gaps), because the oracle found them empty on
    # every record; never as verified.
    assert problems(matrix) == dict.fromkeys(NOT_CARRIED, "gap")
    for model, name in NOT_CARRIED:
        (failure,) = matrix["models"][model]["fields"][name]["failures"]
        assert "not carried by the vendor's API" in failure
        assert "world defect" in str(result.oracle.models[model].fields[name].failures[0])
    for action, a in matrix["actions"].items():
        assert a["error"] is None, (action, a["error"])
        assert all(i["status"] == "verified" for i in a["input_fields"].values()), (action, a["input_fields"])
    assert {name: f["status"] for name, f in matrix["features"].items()} == dict.fromkeys(
        matrix["features"], "verified"
    )
    assert (
        matrix["summary"]["input_fields"]["verified"] == matrix["summary"]["input_fields"]["documented"] > 0
    )


def test_a_broken_field_mapping_is_reported_as_exactly_that_field(monkeypatch: pytest.MonkeyPatch) -> None:
    real_job = mapping.job

    def job_without_department(*args: Any, **kwargs: Any) -> Any:
        return real_job(*args, **kwargs).model_copy(update={"department": None})

    monkeypatch.setattr(mapping, "job", job_without_department)
    report = run_vendor("factorial", size="tiny").oracle
    assert report is not None
    failing = {(m.model, m.field) for m in report.failures()}
    assert failing == {("jobs", "department"), *NOT_CARRIED}
    department = [m for m in report.failures() if m.field == "department"]
    assert department and all(m.actual is None and m.expected for m in department)
