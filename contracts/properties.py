"""Properties every vendor's connector must keep, for Hypothesis to try over worlds and writes.

- `oracle_holds(vendor, seed)`: on the world of any seed (edge cases included: unicode,
  apostrophes, empty optionals, very long text, HTML, soft-deleted and changed records),
  the connector's records match the projection on every field compared — no mismatch, no
  missing or unexpected record. (Tiny worlds may not reach three non-empty values per
  field, so "verified" is not demanded here; the full-size run in the contract demands it.)
- `delta_after_writes(vendor, seed, operations)`: after a full sync, any sequence of the
  vendor's documented write actions and record deletions, a delta sync
  (`read(model, updated_after=T)`) returns every record whose unified fields changed and
  every deleted record with `remote_deleted_at` set — and, for models that carry a vendor
  update time or raw payload, nothing that did not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from atsbox.contracts.coverage import load_coverage
from atsbox.contracts.engine import TENANT, documented_fields, seeded_target, sync_all
from atsbox.contracts.oracle import normalize
from atsbox.contracts.plugin import load_contract
from atsbox.contracts.writes import ACTION_METHODS, WriteContext
from atsbox.fixtures import generate

# What gets deleted upstream in a real ATS between two syncs: candidates (anonymised,
# merged) and applications (withdrawn, removed). A vendor may name its own kinds.
DELETABLE_KINDS = ("candidate", "application", "applicant")

# Write actions that change state (the get_* actions only read).
MUTATING = tuple(a for a in ACTION_METHODS if not a.startswith("get_"))


def oracle_holds(vendor: str, seed: int, size: str = "tiny") -> list[str]:
    """Mismatches of the oracle on the world of `seed` (empty when the property holds)."""
    from atsbox.contracts.engine import run_vendor

    result = run_vendor(vendor, seed=seed, size=size, min_nonempty=0, reads_only=True)
    problems = [str(m) for m in result.oracle.failures()] if result.oracle else []
    # A tiny world may hold a field empty everywhere; that is a size effect, not a mapping bug.
    problems = [p for p in problems if "world defect" not in p]
    return result.errors + problems


@dataclass(slots=True)
class DeltaFindings:
    missing_changed: list[str] = field(default_factory=list)
    missing_deleted: list[str] = field(default_factory=list)
    unchanged_returned: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing_changed or self.missing_deleted or self.unchanged_returned)


def _by_id(records: list[Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for record in records:
        data = normalize(record)
        out[data["id"]] = data
    return out


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record's content: not when the connector noticed it (changed_at, and the deletion
    time of a vendor that cannot say when a record went), but whether it is deleted."""
    out = {k: v for k, v in record.items() if k not in ("changed_at", "remote_deleted_at")}
    out["deleted"] = record.get("remote_deleted_at") is not None
    return out


def delta_after_writes(vendor: str, seed: int, operations: list[tuple[str, int]]) -> DeltaFindings:
    """Apply `operations` — ("write", i) runs the i-th documented write action, ("delete", i)
    soft-deletes the i-th stored candidate or application — between a full sync and a delta
    sync."""
    from atsbox.clock import clock_for

    coverage = load_coverage(vendor)
    contract = load_contract(vendor)
    models = [m.key for m in coverage.models]
    writes = [a.key for a in coverage.actions if a.key in MUTATING]
    world = generate(seed=seed, size="tiny")
    findings = DeltaFindings()
    errors: list[str] = []
    with seeded_target(vendor, seed=seed, size="tiny", mode="wsgi", world=world) as sandbox:
        store = sandbox.store
        clock = clock_for(store, TENANT)
        clock.freeze()
        connector = contract.connect(sandbox.connect)
        before = {m: _by_id(v) for m, v in sync_all(connector, models, errors, vendor, _quiet).items()}
        since = clock.advance(timedelta(minutes=1))
        clock.advance(timedelta(minutes=1))

        deletable = contract.deletable_kinds or DELETABLE_KINDS
        live = [
            (kind, r.id)
            for kind in store.kinds(TENANT, vendor)
            if kind in deletable
            for r in store.list(TENANT, vendor, kind)
        ]
        ctx = WriteContext(connector=connector, world=world, api=connector.passthrough, seed=seed)
        for op, index in operations:
            if op == "write" and writes and contract.writes is not None:
                action = writes[index % len(writes)]
                try:
                    case = contract.writes.build(action, ctx)
                except Exception as exc:  # noqa: BLE001 - this world offers no input for the action
                    findings.applied.append(f"{action} skipped: {exc}")
                    continue
                getattr(connector, ACTION_METHODS[action])(*case.args, **case.kwargs)
                findings.applied.append(action)
            elif op == "delete" and live:
                kind, record_id = live[index % len(live)]
                store.soft_delete(TENANT, vendor, kind, record_id, at=clock.now())
                findings.applied.append(f"delete {kind} {record_id}")
            clock.advance(timedelta(seconds=5))
        clock.advance(timedelta(minutes=1))

        delta = {m: _by_id(connector.read(m, updated_after=since)) for m in models}
        fresh = contract.connect(sandbox.connect)
        after = {m: _by_id(v) for m, v in sync_all(fresh, models, errors, vendor, _quiet).items()}

    for model in models:
        listed = set(documented_fields(vendor, model))
        tracks_updates = bool(listed & {"remote_updated_at", "remote_data"})
        changed = {
            rid
            for rid, rec in after[model].items()
            if rid not in before[model] or _comparable(rec) != _comparable(before[model][rid])
        }
        deleted = {
            rid
            for rid, rec in before[model].items()
            if rec.get("remote_deleted_at") is None
            and (rid not in after[model] or after[model][rid].get("remote_deleted_at") is not None)
        }
        for rid in sorted(changed - set(delta[model]) - deleted):
            findings.missing_changed.append(f"{vendor}.{model} {rid}")
        for rid in sorted(deleted):
            rec = delta[model].get(rid)
            if rec is None or rec.get("remote_deleted_at") is None:
                findings.missing_deleted.append(f"{vendor}.{model} {rid}")
        if tracks_updates:
            for rid in sorted(set(delta[model]) - changed - deleted):
                findings.unchanged_returned.append(f"{vendor}.{model} {rid}")
    if errors:
        findings.missing_changed.extend(errors)
    return findings


def _quiet(_message: str) -> None:
    pass
