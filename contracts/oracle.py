"""The coverage oracle: compare a connector's unified records with the projected world.

For each model on a vendor's coverage page the oracle checks, record by record and field
by field, that

- every field the page lists carries the value the world holds (after the vendor's
  projection rules), and
- every unified field the page does not list is empty (null, [] or {}),

and it *measures* coverage: a listed field counts as verified only when its value was
compared on at least `min_nonempty` records where the world holds a non-empty value, and
no comparison failed. A listed field that is empty on every expected record is a world
defect (the world cannot prove the mapping), reported as such.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from atsbox.contracts.projection import ANY_TIME, NON_EMPTY, Projection, iso

DEFAULT_MIN_NONEMPTY = 3


@dataclass(slots=True)
class Mismatch:
    vendor: str
    model: str
    field: str
    record_id: str | None
    expected: Any
    actual: Any
    reason: str = "value differs"

    def __str__(self) -> str:
        where = f"{self.vendor}.{self.model}.{self.field}"
        if self.record_id is not None:
            where += f" [record {self.record_id}]"
        return f"{where}: {self.reason}: expected {self.expected!r}, got {self.actual!r}"


@dataclass(slots=True)
class FieldResult:
    model: str
    field: str
    listed: bool
    compared: int = 0
    nonempty: int = 0
    failures: list[Mismatch] = field(default_factory=list)

    def verified(self, min_nonempty: int) -> bool:
        return self.listed and not self.failures and self.nonempty >= min_nonempty


@dataclass(slots=True)
class ModelResult:
    model: str
    expected_records: int
    actual_records: int
    fields: dict[str, FieldResult]
    record_failures: list[Mismatch] = field(default_factory=list)


@dataclass(slots=True)
class OracleReport:
    vendor: str
    min_nonempty: int
    models: dict[str, ModelResult]

    def failures(self) -> list[Mismatch]:
        out: list[Mismatch] = []
        for result in self.models.values():
            out.extend(result.record_failures)
            for field_result in result.fields.values():
                out.extend(field_result.failures)
        return out

    def unverified(self) -> list[tuple[str, str]]:
        """Listed fields that were never shown to hold a value (too few non-empty records)."""
        return [
            (model, name)
            for model, result in self.models.items()
            for name, fr in result.fields.items()
            if fr.listed and not fr.failures and fr.nonempty < self.min_nonempty
        ]

    @property
    def ok(self) -> bool:
        return not self.failures() and not self.unverified()

    def summary(self) -> str:
        lines = []
        for mismatch in self.failures()[:50]:
            lines.append(str(mismatch))
        for model, name in self.unverified():
            fr = self.models[model].fields[name]
            lines.append(
                f"{self.vendor}.{model}.{name}: unverified: compared on {fr.nonempty} non-empty record(s), "
                f"needs {self.min_nonempty}"
            )
        return "\n".join(lines) or f"{self.vendor}: all listed fields verified"


def is_empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def normalize(value: Any) -> Any:
    """One comparable form: pydantic models as dicts, times as ISO ms strings, no None keys."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="python")
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, Mapping):
        return {k: normalize(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(expected: Any, actual: Any) -> bool:
    if expected is ANY_TIME:
        return isinstance(actual, str) and len(actual) >= 10
    if expected is NON_EMPTY:
        return not is_empty(actual)
    numbers = isinstance(expected, int | float) and isinstance(actual, int | float)
    if numbers and (isinstance(expected, float) or isinstance(actual, float)):
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)
    return expected == actual


def _record_dict(record: Any) -> dict[str, Any]:
    if isinstance(record, BaseModel):
        return record.model_dump(mode="python")
    return dict(record)


def compare_model(
    vendor: str,
    model: str,
    listed: Iterable[str],
    all_fields: Iterable[str],
    expected: Mapping[str, Mapping[str, Any]],
    actual: Iterable[Any],
) -> ModelResult:
    """Compare one model's records; `listed` are the fields the page promises."""
    listed_set = set(listed)
    fields = {name: FieldResult(model, name, name in listed_set) for name in all_fields}
    for name in listed_set - set(fields):
        # A listed field the unified model does not even have can never be delivered.
        fields[name] = FieldResult(model, name, True)
        fields[name].failures.append(
            Mismatch(
                vendor,
                model,
                name,
                None,
                "a unified field",
                None,
                "listed field unknown to the unified model",
            )
        )
    actual_by_id: dict[str, dict[str, Any]] = {}
    for record in actual:
        data = _record_dict(record)
        actual_by_id[str(data.get("id"))] = data
    result = ModelResult(model, len(expected), len(actual_by_id), fields)

    for record_id in sorted(set(expected) - set(actual_by_id)):
        result.record_failures.append(
            Mismatch(vendor, model, "id", record_id, "a delivered record", None, "record missing")
        )
    for record_id in sorted(set(actual_by_id) - set(expected)):
        result.record_failures.append(
            Mismatch(vendor, model, "id", record_id, None, "an undocumented record", "unexpected record")
        )

    for record_id, exp in expected.items():
        act = actual_by_id.get(record_id)
        if act is None:
            continue
        for name, fr in fields.items():
            actual_value = normalize(act.get(name))
            if not fr.listed:
                if not is_empty(actual_value):
                    fr.failures.append(
                        Mismatch(vendor, model, name, record_id, "empty (not on the coverage page)",
                                 actual_value, "unlisted field delivered")
                    )  # fmt: skip
                continue
            expected_value = exp.get(name)
            expected_norm = (
                expected_value if isinstance(expected_value, type(ANY_TIME)) else normalize(expected_value)
            )
            fr.compared += 1
            if not is_empty(expected_norm):
                fr.nonempty += 1
            if not _same(expected_norm, actual_value):
                fr.failures.append(Mismatch(vendor, model, name, record_id, expected_norm, actual_value))

    for fr in fields.values():
        if fr.listed and fr.compared and not fr.nonempty and not fr.failures:
            fr.failures.append(
                Mismatch(vendor, model, fr.field, None, "non-empty values in the world", "empty on every record",
                         "world defect")
            )  # fmt: skip
    return result


def check(
    projection: Projection,
    listed_fields: Mapping[str, Iterable[str]],
    unified_fields: Mapping[str, Iterable[str]],
    actual: Mapping[str, Iterable[Any]],
    *,
    min_nonempty: int = DEFAULT_MIN_NONEMPTY,
) -> OracleReport:
    """Run the oracle over every model in `listed_fields` (model -> listed field names)."""
    models = {}
    for model, listed in listed_fields.items():
        models[model] = compare_model(
            projection.vendor,
            model,
            listed,
            unified_fields[model],
            projection.expected(model),
            actual.get(model, []),
        )
    return OracleReport(projection.vendor, min_nonempty, models)
