"""Write-action contracts: every documented input field must reach the vendor's state.

For each write action on a vendor's coverage page, the vendor's `WriteChecks` builds a
generated input, the engine calls the connector's action with it, and the vendor's
`readback` reads the affected record back **through the mock's own HTTP API** (never the
store), returning what the vendor now holds for each documented input field. The engine
compares field by field. An action that is not on the page must raise the unified
`NotAvailable` error.

A vendor writes its checks in `contracts/vendors/<vendor>.py` as a `WriteChecks` subclass:

    class AshbyWrites(WriteChecks):
        def build(self, action, ctx) -> WriteCase: ...      # inputs + expected per input field
        def readback(self, action, case, result, ctx) -> dict[str, Any]: ...

`WriteCase.expected` maps each documented input field (as the page names it, e.g.
`candidate.first_name`, `attachments.data`) to the value the vendor must then hold, in the
form `readback` reports it; documented limitations (a single CV, predefined stages only)
are expressed there too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atsbox.connectors.base import Connector
from atsbox.connectors.errors import NotAvailable
from atsbox.contracts.oracle import is_empty, normalize

# The connector method behind each action key of the coverage tables.
ACTION_METHODS: dict[str, str] = {
    "create_candidate": "create_candidate",
    "create_application": "create_application",
    "add_candidate_tag": "add_candidate_tag",
    "add_application_attachment": "add_application_attachment",
    "add_candidate_attachment": "add_candidate_attachment",
    "move_application_to_stage": "move_application_to_stage",
    "reject_application": "reject_application",
    "add_application_result_link": "add_application_result_link",
    "add_candidate_result_link": "add_candidate_result_link",
    "add_application_note": "add_application_note",
    "get_application_attachments": "get_application_attachments",
    "get_candidate_attachments": "get_candidate_attachments",
}


@dataclass(slots=True)
class WriteCase:
    """One call of a write action: its arguments and what each input field must become."""

    args: tuple[Any, ...]
    expected: dict[str, Any]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class WriteContext:
    """What a vendor's checks may use: the connector, raw API access, the world."""

    connector: Connector
    world: Any
    # Raw authenticated calls to the vendor's API (the connector's passthrough).
    api: Callable[..., Any]
    seed: int = 0


@dataclass(slots=True)
class InputFieldResult:
    field: str
    expected: Any = None
    actual: Any = None
    verified: bool = False
    reason: str | None = None


@dataclass(slots=True)
class ActionResult:
    vendor: str
    action: str
    documented: bool
    fields: dict[str, InputFieldResult] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        if not self.documented:
            return self.error is None
        return self.error is None and all(f.verified for f in self.fields.values())

    def failures(self) -> list[str]:
        out = []
        if self.error:
            out.append(f"{self.vendor}.{self.action}: {self.error}")
        for f in self.fields.values():
            if not f.verified:
                out.append(
                    f"{self.vendor}.{self.action}.{f.field}: {f.reason or 'not verified'}: "
                    f"expected {f.expected!r}, got {f.actual!r}"
                )
        return out


class WriteChecks:
    """A vendor's write-action checks (subclass in contracts/vendors/<vendor>.py)."""

    def build(self, action: str, ctx: WriteContext) -> WriteCase:
        raise NotImplementedError(action)

    def readback(self, action: str, case: WriteCase, result: Any, ctx: WriteContext) -> Mapping[str, Any]:
        raise NotImplementedError(action)


def check_action(
    vendor: str,
    action: str,
    input_fields: list[str],
    documented: bool,
    checks: WriteChecks,
    ctx: WriteContext,
) -> ActionResult:
    """Run one action; documented ones must deliver every input field, others must refuse."""
    method = getattr(ctx.connector, ACTION_METHODS[action])
    result = ActionResult(vendor, action, documented)
    if not documented:
        try:
            method(*_placeholder_args(action))
        except NotAvailable:
            return result
        except Exception as exc:  # noqa: BLE001 - any other error is the finding
            result.error = f"expected the unified NotAvailable error, got {type(exc).__name__}: {exc}"
            return result
        result.error = "an action not on the coverage page was accepted"
        return result

    case = checks.build(action, ctx)
    try:
        outcome = method(*case.args, **case.kwargs)
        observed = checks.readback(action, case, outcome, ctx)
    except Exception as exc:  # noqa: BLE001 - reported per action, the run goes on
        result.error = f"{type(exc).__name__}: {exc}"
        for name in input_fields:
            result.fields[name] = InputFieldResult(
                name, case.expected.get(name), None, False, "action failed"
            )
        return result
    for name in input_fields:
        if name not in case.expected:
            result.fields[name] = InputFieldResult(
                name, None, None, False, "no generated value for this field"
            )
            continue
        expected = normalize(case.expected[name])
        actual = normalize(observed.get(name))
        verified = not is_empty(expected) and expected == actual
        reason = (
            None if verified else ("value not held by the vendor" if name in observed else "not read back")
        )
        result.fields[name] = InputFieldResult(name, expected, actual, verified, reason)
    return result


def _placeholder_args(action: str) -> tuple[Any, ...]:
    """Arguments for calling an undocumented action: it must refuse before using them."""
    if action in ("create_candidate",):
        return (None,)
    if action in ("get_application_attachments", "get_candidate_attachments"):
        return ("remote:0",)
    return ("remote:0", None)
