"""Fault injection: make a sandbox misbehave on purpose, per tenant, vendor and endpoint.

A rule matches requests by vendor-relative path glob ("/candidate.*") and optional method,
and fires on the next `count` matching requests, or on each with probability `rate` (a
seeded RNG, so the same rules give the same faults), or both, or always. Actions:

  "error"    answer `status` (429, 500, 502, 503, ...) in the vendor's envelope, with
             Retry-After when `retry_after` is set (429 always carries one);
  "latency"  wait `latency_ms` before handling the request normally, through the app's
             injectable sleep (tests pass a recorder instead of time.sleep);
  "drop"     close the connection without any response.

Dropped connections: under a real server (werkzeug's, or gunicorn's) the gateway shuts
the client socket down and raises `DroppedConnection` (a ConnectionAbortedError), which
werkzeug treats as a connection the client dropped: nothing is written and the client sees
the connection closed with no response. In-process (Flask's test client, a WSGI transport)
there is no socket, so the caller gets `DroppedConnection` raised out of the WSGI call.

Rules are kept in the store's kv under (tenant, vendor), so every server process sees them
and "next N" counts once across processes.
"""

from __future__ import annotations

import fnmatch
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .errors import MockError

FAULTS_KEY = "faults"
Action = Literal["error", "latency", "drop"]

_STATUS_CODES = {
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class DroppedConnection(ConnectionAbortedError):
    """The injected fault "drop": the connection was closed without a response."""


@dataclass(frozen=True)
class FaultOutcome:
    latency_ms: int = 0
    error: MockError | None = None
    drop: bool = False


def add_fault(
    store: Any,
    tenant: str,
    vendor: str,
    *,
    endpoint: str = "*",
    method: str | None = None,
    action: Action = "error",
    status: int = 503,
    retry_after: int | None = None,
    latency_ms: int = 0,
    count: int | None = None,
    rate: float | None = None,
    seed: int = 0,
    message: str | None = None,
) -> dict[str, Any]:
    """Add a rule; returns it (with its `id`). See the module doc for the fields."""
    if action not in ("error", "latency", "drop"):
        raise ValueError(f"unknown fault action {action!r}")
    if action == "error" and not 400 <= status <= 599:
        raise ValueError("an error fault needs a 4xx or 5xx status")
    if rate is not None and not 0.0 <= rate <= 1.0:
        raise ValueError("rate is a probability between 0 and 1")
    if count is not None and count < 1:
        raise ValueError("count must be at least 1")
    with store.transaction():
        rules = store.kv_get(tenant, vendor, FAULTS_KEY, []) or []
        rule = {
            "id": f"fault_{store.next_int(tenant, vendor, '_fault')}",
            "endpoint": endpoint,
            "method": method.upper() if method else None,
            "action": action,
            "status": status,
            "retry_after": retry_after,
            "latency_ms": latency_ms,
            "remaining": count,
            "rate": rate,
            "seed": seed,
            "message": message,
            "seen": 0,
            "fired": 0,
        }
        store.kv_set(tenant, vendor, FAULTS_KEY, [*rules, rule])
    return rule


def list_faults(store: Any, tenant: str, vendor: str) -> list[dict[str, Any]]:
    return list(store.kv_get(tenant, vendor, FAULTS_KEY, []) or [])


def remove_fault(store: Any, tenant: str, vendor: str, rule_id: str) -> bool:
    with store.transaction():
        rules = list_faults(store, tenant, vendor)
        kept = [r for r in rules if r["id"] != rule_id]
        store.kv_set(tenant, vendor, FAULTS_KEY, kept)
    return len(kept) != len(rules)


def clear_faults(store: Any, tenant: str, vendor: str) -> None:
    store.kv_delete(tenant, vendor, FAULTS_KEY)


def _matches(rule: dict[str, Any], method: str, path: str) -> bool:
    if rule["method"] and rule["method"] != method.upper():
        return False
    return fnmatch.fnmatchcase(path, rule["endpoint"])


def _fires(rule: dict[str, Any]) -> bool:
    """Decide for one matching request, updating the rule's counters in place."""
    rule["seen"] += 1
    if rule["remaining"] is not None and rule["remaining"] <= 0:
        return False
    if rule["rate"] is not None:
        # One seeded draw per matching request: the n-th request always gets the same
        # answer, whatever id the rule got (the id depends on how many rules came before).
        key = f"{rule['seed']}:{rule['endpoint']}:{rule['method']}:{rule['seen']}"
        draw = random.Random(key).random()
        if draw >= rule["rate"]:
            return False
    if rule["remaining"] is not None:
        rule["remaining"] -= 1
    rule["fired"] += 1
    return True


def _error(rule: dict[str, Any]) -> MockError:
    status = rule["status"]
    headers: dict[str, str] = {}
    retry_after = rule["retry_after"]
    if status == 429:
        retry_after = retry_after or 1
        message = rule["message"] or f"Rate limit exceeded. Try again in {retry_after} seconds."
        kind, code = "rate_limited", None
    else:
        message = rule["message"] or f"Injected fault: HTTP {status}."
        kind, code = "fault", _STATUS_CODES.get(status, f"http_{status}")
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    extra = {"retry_after": retry_after} if retry_after is not None else {}
    return MockError.of(kind, message, status=status, code=code, headers=headers, fault=rule["id"], **extra)


def rules_match(rules: list[dict[str, Any]] | None, method: str, path: str) -> bool:
    """Whether any of these rules matches this request (nothing is counted)."""
    return bool(rules) and any(_matches(r, method, path) for r in rules or ())


def has_faults(store: Any, tenant: str, vendor: str, method: str, path: str) -> bool:
    """Whether any stored rule matches this request (a read: nothing is counted)."""
    return rules_match(store.kv_get(tenant, vendor, FAULTS_KEY, None), method, path)


def evaluate_faults(store: Any, tenant: str, vendor: str, method: str, path: str) -> FaultOutcome:
    """What the rules say about this request (and count it against them)."""
    if not has_faults(store, tenant, vendor, method, path):
        return FaultOutcome()
    latency = 0
    error: MockError | None = None
    drop = False
    with store.transaction():
        # Re-read inside the write transaction: another process may have consumed a count.
        rules = store.kv_get(tenant, vendor, FAULTS_KEY, []) or []
        for rule in rules:
            if not _matches(rule, method, path) or (rule["action"] != "latency" and (error or drop)):
                continue
            if not _fires(rule):
                continue
            if rule["action"] == "latency":
                latency += int(rule["latency_ms"])
            elif rule["action"] == "drop":
                drop = True
            else:
                error = _error(rule)
        store.kv_set(tenant, vendor, FAULTS_KEY, rules)
    return FaultOutcome(latency, error, drop)


def act_on_faults(outcome: FaultOutcome, sleep: Callable[[float], None]) -> bool:
    """Do what evaluate_faults decided (outside any store transaction): sleep for latency,
    raise an error fault; True means drop."""
    if outcome.latency_ms:
        sleep(outcome.latency_ms / 1000.0)
    if outcome.error is not None:
        raise outcome.error
    return outcome.drop
