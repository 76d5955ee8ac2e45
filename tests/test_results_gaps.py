"""A declared gap (a listed field the vendor's API cannot carry) is reported as such, never as
verified, and only while the field really carries nothing."""

from __future__ import annotations

from atsbox.contracts.coverage import load_coverage
from atsbox.contracts.oracle import OracleReport, compare_model
from atsbox.contracts.reports import summary_table
from atsbox.contracts.results import VendorResult, passed


def _result(description_values: list[str | None], actual_values: list[str | None]) -> VendorResult:
    coverage = load_coverage("factorial")
    listed = list(coverage.listed_fields("screening_questions") or ())
    expected = {f"q{i}": {"id": f"q{i}", "description": v} for i, v in enumerate(description_values)}
    actual = [{"id": f"q{i}", "description": v} for i, v in enumerate(actual_values)]
    model = compare_model("factorial", "screening_questions", ["id", "description"], ["id", "description"],
                          expected, actual)  # fmt: skip
    oracle = OracleReport("factorial", 3, {"screening_questions": model})
    result = VendorResult("factorial", coverage, "wsgi", oracle=oracle)
    result.gaps = {("screening_questions", "description"): "a Factorial question has no description"}
    assert "description" in listed
    return result


def test_a_field_empty_everywhere_that_is_a_declared_gap_is_a_gap() -> None:
    matrix = _result([None] * 4, [None] * 4).matrix()
    field = matrix["models"]["screening_questions"]["fields"]["description"]
    assert field["status"] == "gap" and "no description" in field["failures"][0]
    assert matrix["summary"]["fields"]["gap"] == 1
    assert "(1 gaps)" in summary_table([matrix])


def test_a_declared_gap_that_delivers_a_wrong_value_still_fails() -> None:
    matrix = _result([None] * 4, ["made up", None, None, None]).matrix()
    field = matrix["models"]["screening_questions"]["fields"]["description"]
    assert field["status"] == "failing"
    assert not passed(matrix)
