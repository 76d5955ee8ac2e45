"""What one contract run found for one vendor, and the coverage matrix built from it.

The matrix is the single source every report renders (JUnit, JSON, Markdown, HTML): for
each vendor, each model's fields, each action's input fields and each feature row, whether
the coverage page documents it, whether the run verified it, and why not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from atsbox.contracts.coverage import Coverage
from atsbox.contracts.oracle import OracleReport
from atsbox.contracts.writes import ActionResult

Status = Literal["verified", "failing", "unverified", "gap"]


@dataclass(slots=True)
class CheckResult:
    """A named check that is neither a field nor an action: a feature row, Schemathesis."""

    name: str
    status: Status
    detail: str = ""
    seconds: float = 0.0


@dataclass(slots=True)
class VendorResult:
    vendor: str
    coverage: Coverage
    mode: str  # "wsgi" (in-process), "http" (socket) or "remote" (--base-url)
    oracle: OracleReport | None = None
    actions: dict[str, ActionResult] = field(default_factory=dict)
    features: dict[str, CheckResult] = field(default_factory=dict)
    checks: dict[str, CheckResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # (model, field) -> why the vendor's API cannot carry it (VendorContract.gaps)
    gaps: dict[tuple[str, str], str] = field(default_factory=dict)

    def matrix(self) -> dict[str, Any]:
        """vendor -> models/actions/features with a status per documented item."""
        models: dict[str, Any] = {}
        for model in self.coverage.models:
            result = self.oracle.models.get(model.key) if self.oracle else None
            fields = {}
            documented = (
                [n for n, fr in result.fields.items() if fr.listed]
                if result
                else list(self.coverage.listed_fields(model.key) or ())
            )
            for name in documented:
                fr = result.fields.get(name) if result else None
                if fr is None:
                    fields[name] = {"status": "unverified", "compared": 0, "nonempty": 0, "failures": []}
                    continue
                status: Status = (
                    "failing"
                    if fr.failures
                    else ("verified" if fr.verified(self.oracle.min_nonempty) else "unverified")
                )
                failures = [str(m) for m in fr.failures[:5]]
                gap = self.gaps.get((model.key, name))
                # A gap is a field the vendor never delivers; any delivered value is a finding.
                if gap and status != "verified" and all(m.reason == "world defect" for m in fr.failures):
                    status, failures = "gap", [f"not carried by the vendor's API: {gap}"]
                fields[name] = {
                    "status": status,
                    "compared": fr.compared,
                    "nonempty": fr.nonempty,
                    "failures": failures,
                }
            record_failures = [str(m) for m in result.record_failures[:10]] if result else []
            unlisted_delivered = (
                sorted(n for n, fr in result.fields.items() if not fr.listed and fr.failures)
                if result
                else []
            )
            models[model.key] = {
                "name": model.name,
                "fields_listed_on_page": model.fields_listed,
                "records": {"expected": result.expected_records if result else 0,
                            "actual": result.actual_records if result else 0},
                "record_failures": record_failures,
                "unlisted_fields_delivered": unlisted_delivered,
                "fields": fields,
            }  # fmt: skip
        actions: dict[str, Any] = {}
        for action in self.coverage.actions:
            ar = self.actions.get(action.key)
            inputs = {}
            for f in action.input_fields:
                ir = ar.fields.get(f.name) if ar else None
                inputs[f.name] = {
                    "status": "verified" if ir and ir.verified else ("failing" if ar else "unverified"),
                    "detail": None if ir is None or ir.verified else (ir.reason or ""),
                }
            actions[action.key] = {
                "name": action.name,
                "error": ar.error if ar else None,
                "input_fields": inputs,
            }
        features = {
            f.name: {
                "status": self.features[f.name].status if f.name in self.features else "unverified",
                "detail": self.features[f.name].detail if f.name in self.features else "no check registered",
            }
            for f in self.coverage.features
        }
        checks = {name: {"status": c.status, "detail": c.detail} for name, c in self.checks.items()}
        return {"vendor": self.vendor, "mode": self.mode, "models": models, "actions": actions,
                "features": features, "checks": checks, "errors": self.errors, "seconds": round(self.seconds, 2),
                "summary": summarize(models, actions, features, checks)}  # fmt: skip


def summarize(
    models: dict[str, Any], actions: dict[str, Any], features: dict[str, Any], checks: dict[str, Any]
) -> dict[str, Any]:
    def count(items: list[str]) -> dict[str, int]:
        counts = {s: items.count(s) for s in ("verified", "failing", "unverified", "gap")}
        return counts | {"documented": len(items)}

    field_statuses = [f["status"] for m in models.values() for f in m["fields"].values()]
    input_statuses = [i["status"] for a in actions.values() for i in a["input_fields"].values()]
    record_problems = sum(
        len(m["record_failures"]) + len(m["unlisted_fields_delivered"]) for m in models.values()
    )
    return {
        "fields": count(field_statuses),
        "input_fields": count(input_statuses),
        "features": count([f["status"] for f in features.values()]),
        "checks": count([c["status"] for c in checks.values()]),
        "record_problems": record_problems,
    }


def passed(matrix: dict[str, Any]) -> bool:
    """A vendor passes only with nothing failing and nothing documented left unverified."""
    s = matrix["summary"]
    return (
        not matrix["errors"]
        and s["record_problems"] == 0
        and all(
            s[k]["failing"] == 0 and s[k]["unverified"] == 0
            for k in ("fields", "input_fields", "features", "checks")
        )
        and all(a["error"] is None for a in matrix["actions"].values())
    )
