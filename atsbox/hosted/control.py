"""The control API under /_sandbox: sandboxes, faults, clock, changes, journal, webhooks.

Every route but the OpenAPI document needs `Authorization: Bearer <token>`: the admin
token opens everything; a sandbox's access token opens that sandbox's routes only. A
sandbox that does not exist and one the token may not see get the same 404, so a token
cannot probe for other sandboxes' ids. The document is `openapi.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import Blueprint, current_app, g, jsonify, request

from atsbox.clock import clock_for
from atsbox.mocks.core import faults as core_faults
from atsbox.mocks.core.errors import MockError
from atsbox.mocks.core.webhooks import Outbox

from .journal import entry_view
from .openapi import METHODS
from .sandboxes import bad_request, not_found

PREFIX = "/_sandbox"

F = TypeVar("F", bound=Callable[..., Any])


def hosted() -> Any:
    """The HostedService of the current app."""
    return current_app.extensions["atsbox.hosted"]


def base_url() -> str:
    return hosted().public_url or (request.host_url.rstrip("/") + request.script_root)


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise MockError(
            401,
            "unauthorized",
            "Send the admin token or a sandbox's access token as 'Authorization: Bearer'.",
        )
    return value.strip()


def admin_only(view: F) -> F:
    @functools.wraps(view)
    def guarded(**kwargs: Any) -> Any:
        if not hosted().admin.valid(_bearer()):
            raise MockError(403, "forbidden", "This needs the admin token.")
        g.control_admin = True
        return view(**kwargs)

    return guarded  # type: ignore[return-value]


def sandbox_access(view: F) -> F:
    """The admin, or the sandbox's own access token; anything else sees a 404."""

    @functools.wraps(view)
    def guarded(sandbox_id: str, **kwargs: Any) -> Any:
        service = hosted()
        token = _bearer()
        if service.admin.valid(token):
            g.control_admin = True
        else:
            owner = service.sandboxes.tenant_for_token(token)
            if owner is None:
                raise MockError(403, "forbidden", "The token is neither the admin token nor a sandbox's.")
            if owner != sandbox_id:
                raise not_found(sandbox_id)
        if not service.sandboxes.exists(sandbox_id):
            raise not_found(sandbox_id)
        return view(sandbox_id=sandbox_id, **kwargs)

    return guarded  # type: ignore[return-value]


def _integral(value: Any) -> Any:
    """JSON Schema counts 35.0 as an integer; so does this API."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _body() -> dict[str, Any]:
    from atsbox.mocks.core.errors import json_body

    return json_body(required=False)


def _vendor_of(sandbox_id: str, value: Any) -> str:
    vendors = hosted().sandboxes.view(sandbox_id, "")["vendors"]
    if not isinstance(value, str) or value not in vendors:
        raise bad_request(f"'vendor' must be one of this sandbox's vendors: {', '.join(vendors)}.", "vendor")
    return value


def _sandbox_vendors(sandbox_id: str) -> list[str]:
    return list(hosted().sandboxes.view(sandbox_id, "")["vendors"])


bp = Blueprint("atsbox_control", __name__, url_prefix=PREFIX)


@bp.get("/openapi.json")
def openapi() -> Any:
    """The document itself needs no token."""
    from .openapi import document

    service = hosted()
    return document(service.vendors, service.sandboxes.sizes)


# --- sandboxes ---------------------------------------------------------------------------


@bp.post("/sandboxes")
@admin_only
def create_sandbox() -> Any:
    service = hosted()
    sandbox_id, token = service.sandboxes.create(_body(), service.guide_callback_for(base_url()))
    view = service.sandboxes.view(sandbox_id, base_url())
    for vendor in view["vendors"].values():  # the creator's guide links show the credentials
        vendor["guide"] += f"&token={token}"
    response = jsonify({**view, "access_token": token})
    response.status_code = 201
    response.headers["Location"] = f"{base_url()}{PREFIX}/sandboxes/{sandbox_id}"
    return response


@bp.get("/sandboxes")
@admin_only
def list_sandboxes() -> Any:
    return {"sandboxes": hosted().sandboxes.summaries()}


@bp.post("/import")
@admin_only
def import_sandbox() -> Any:
    replace = request.args.get("replace", "false").lower() in ("1", "true", "yes")
    sandbox_id = hosted().sandboxes.import_(_body(), replace=replace)
    response = jsonify(hosted().sandboxes.view(sandbox_id, base_url()))
    response.status_code = 201
    return response


@bp.get("/sandboxes/<sandbox_id>")
@sandbox_access
def get_sandbox(sandbox_id: str) -> Any:
    return hosted().sandboxes.view(sandbox_id, base_url())


@bp.delete("/sandboxes/<sandbox_id>")
@sandbox_access
def delete_sandbox(sandbox_id: str) -> Any:
    hosted().sandboxes.delete(sandbox_id)
    hosted().journal.clear(sandbox_id)
    return "", 204


@bp.post("/sandboxes/<sandbox_id>/reset")
@sandbox_access
def reset_sandbox(sandbox_id: str) -> Any:
    hosted().sandboxes.reset(sandbox_id)
    return hosted().sandboxes.view(sandbox_id, base_url())


@bp.get("/sandboxes/<sandbox_id>/export")
@sandbox_access
def export_sandbox(sandbox_id: str) -> Any:
    return hosted().sandboxes.export(sandbox_id)


# --- faults ------------------------------------------------------------------------------

_FAULT_FIELDS = {
    "vendor",
    "endpoint",
    "method",
    "action",
    "status",
    "retry_after",
    "latency_ms",
    "count",
    "rate",
    "seed",
    "message",
}


@bp.get("/sandboxes/<sandbox_id>/faults")
@sandbox_access
def list_faults(sandbox_id: str) -> Any:
    store = hosted().store
    rules = []
    for vendor in _sandbox_vendors(sandbox_id):
        rules.extend(
            {**rule, "vendor": vendor} for rule in core_faults.list_faults(store, sandbox_id, vendor)
        )
    return {"faults": rules}


@bp.post("/sandboxes/<sandbox_id>/faults")
@sandbox_access
def add_fault(sandbox_id: str) -> Any:
    body = _body()
    unknown = set(body) - _FAULT_FIELDS
    if unknown:
        raise bad_request(f"Unknown fields: {', '.join(sorted(unknown))}.")
    vendor = _vendor_of(sandbox_id, body.pop("vendor", None))
    body = {key: _integral(value) if key != "rate" else value for key, value in body.items()}
    checks = {
        "endpoint": str,
        "method": str,
        "action": str,
        "status": int,
        "retry_after": int,
        "latency_ms": int,
        "count": int,
        "rate": (int, float),
        "seed": int,
        "message": str,
    }
    for key, value in body.items():
        if not isinstance(value, checks[key]) or isinstance(value, bool):
            raise bad_request(f"'{key}' has the wrong type.", key)
    if "method" in body and body["method"] not in METHODS:
        raise bad_request(f"'method' is one of {', '.join(METHODS)}.", "method")
    ranges = {
        "latency_ms": (0, 60_000),
        "retry_after": (0, 86_400),
        "status": (400, 599),
        "count": (1, 10**9),
    }
    for key, (low, high) in ranges.items():
        if key in body and not low <= body[key] <= high:
            raise bad_request(f"'{key}' must be from {low} to {high}.", key)
    try:
        rule = core_faults.add_fault(
            hosted().store, sandbox_id, vendor, **{k: v for k, v in body.items() if v is not None}
        )
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    response = jsonify({**rule, "vendor": vendor})
    response.status_code = 201
    return response


@bp.delete("/sandboxes/<sandbox_id>/faults")
@sandbox_access
def clear_faults(sandbox_id: str) -> Any:
    for vendor in _sandbox_vendors(sandbox_id):
        core_faults.clear_faults(hosted().store, sandbox_id, vendor)
    return "", 204


@bp.delete("/sandboxes/<sandbox_id>/faults/<fault_id>")
@sandbox_access
def remove_fault(sandbox_id: str, fault_id: str) -> Any:
    for vendor in _sandbox_vendors(sandbox_id):
        if core_faults.remove_fault(hosted().store, sandbox_id, vendor, fault_id):
            return "", 204
    raise MockError(404, "fault_not_found", f"No fault {fault_id!r} in this sandbox.")


# --- clock -------------------------------------------------------------------------------


def _clock_view(clock: Any) -> dict[str, Any]:
    return {"now": clock.now().isoformat(timespec="milliseconds"), "frozen": clock.frozen}


@bp.get("/sandboxes/<sandbox_id>/clock")
@sandbox_access
def get_clock(sandbox_id: str) -> Any:
    return _clock_view(clock_for(hosted().store, sandbox_id))


@bp.post("/sandboxes/<sandbox_id>/clock/advance")
@sandbox_access
def advance_clock(sandbox_id: str) -> Any:
    body = _body()
    seconds = body.get("seconds")
    if (
        set(body) != {"seconds"}
        or not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or not 0 <= seconds <= 100 * 366 * 86_400
    ):
        raise bad_request("Send {'seconds': n} with 0 <= n <= 100 years.", "seconds")
    clock = clock_for(hosted().store, sandbox_id)
    clock.advance(timedelta(seconds=seconds))
    return _clock_view(clock)


@bp.post("/sandboxes/<sandbox_id>/clock/freeze")
@sandbox_access
def freeze_clock(sandbox_id: str) -> Any:
    body = _body()
    clock = clock_for(hosted().store, sandbox_id)
    at = body.get("at")
    if set(body) - {"at"} or ("at" in body and not isinstance(at, str)):
        raise bad_request("Only 'at', an ISO 8601 time, may be sent.")
    moment = None
    if at is not None:
        try:
            moment = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise bad_request("'at' must be an ISO 8601 time with a UTC offset.", "at")
        if moment < clock.now():
            raise MockError(409, "clock_conflict", "A sandbox clock never goes back; 'at' is in its past.")
    clock.freeze(moment)
    return _clock_view(clock)


@bp.post("/sandboxes/<sandbox_id>/clock/unfreeze")
@sandbox_access
def unfreeze_clock(sandbox_id: str) -> Any:
    clock = clock_for(hosted().store, sandbox_id)
    clock.unfreeze()
    return _clock_view(clock)


# --- changes -----------------------------------------------------------------------------


@bp.post("/sandboxes/<sandbox_id>/changes")
@sandbox_access
def apply_changes(sandbox_id: str) -> Any:
    from .changes import apply_random_changes

    body = _body()
    unknown = set(body) - {"count", "deletions", "seed", "vendors"}
    if unknown:
        raise bad_request(f"Unknown fields: {', '.join(sorted(unknown))}.")
    count, deletions, seed = (
        _integral(body.get(k, d)) for k, d in (("count", 10), ("deletions", 0), ("seed", 0))
    )
    for key, value, top in (
        ("count", count, 100),
        ("deletions", deletions, 100),
        ("seed", seed, 2**31 - 1),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise bad_request(f"'{key}' must be an integer from 0 to {top}.", key)
    vendors = body["vendors"] if "vendors" in body else _sandbox_vendors(sandbox_id)
    if not isinstance(vendors, list) or not vendors:
        raise bad_request("'vendors' must be a non-empty list.", "vendors")
    for vendor in vendors:
        _vendor_of(sandbox_id, vendor)
    changes = apply_random_changes(
        hosted(), sandbox_id, vendors=vendors, count=count, deletions=deletions, seed=seed
    )
    return {"changes": changes}


# --- journal -----------------------------------------------------------------------------


@bp.get("/sandboxes/<sandbox_id>/journal")
@sandbox_access
def journal(sandbox_id: str) -> Any:
    args = request.args
    unknown = set(args) - {"vendor", "path", "status", "method", "limit"}
    if unknown:
        raise bad_request(f"Unknown query parameters: {', '.join(sorted(unknown))}.")
    status: Any = args.get("status")
    if status is not None:
        text = status.lower()
        if text.isdigit() and len(text) == 3:
            status = int(text)
        elif not (len(text) == 3 and text[0].isdigit() and text.endswith("xx")):
            raise bad_request("'status' is a status (404) or a class (4xx).", "status")
    limit = args.get("limit")
    if limit is not None and (not limit.isdigit() or not 1 <= int(limit) <= 10_000):
        raise bad_request("'limit' must be an integer from 1 to 10000.", "limit")
    rows = hosted().journal.rows(
        sandbox_id,
        vendor=args.get("vendor"),
        path=args.get("path"),
        status=status,
        method=args.get("method"),
        limit=int(limit) if limit else None,
    )
    return {"entries": [entry_view(r) for r in rows], "size": hosted().journal.size}


@bp.delete("/sandboxes/<sandbox_id>/journal")
@sandbox_access
def clear_journal(sandbox_id: str) -> Any:
    hosted().journal.clear(sandbox_id)
    return "", 204


# --- webhooks ----------------------------------------------------------------------------


@bp.get("/sandboxes/<sandbox_id>/webhooks/subscriptions")
@sandbox_access
def subscriptions(sandbox_id: str) -> Any:
    outbox = Outbox(hosted().store)
    found = []
    for vendor in _sandbox_vendors(sandbox_id):
        found.extend(outbox.subscriptions(sandbox_id, vendor))
    return {"subscriptions": found}


@bp.get("/sandboxes/<sandbox_id>/webhooks/deliveries")
@sandbox_access
def deliveries(sandbox_id: str) -> Any:
    vendor, state = request.args.get("vendor"), request.args.get("state")
    if state is not None and state not in ("pending", "delivered", "failed"):
        raise bad_request("'state' is pending, delivered or failed.", "state")
    return {"deliveries": Outbox(hosted().store).deliveries(sandbox_id, vendor=vendor, state=state)}


@bp.get("/sandboxes/<sandbox_id>/webhooks/deliveries/<delivery_id>")
@sandbox_access
def delivery(sandbox_id: str, delivery_id: str) -> Any:
    found = Outbox(hosted().store).delivery(sandbox_id, delivery_id)
    if found is None:
        raise MockError(404, "delivery_not_found", f"No delivery {delivery_id!r} in this sandbox.")
    return found


@bp.post("/sandboxes/<sandbox_id>/webhooks/deliveries/<delivery_id>/replay")
@sandbox_access
def replay(sandbox_id: str, delivery_id: str) -> Any:
    outbox = Outbox(hosted().store)
    try:
        new_id = outbox.replay(sandbox_id, delivery_id)
    except KeyError:
        raise MockError(404, "delivery_not_found", f"No delivery {delivery_id!r} in this sandbox.") from None
    response = jsonify(outbox.delivery(sandbox_id, new_id))
    response.status_code = 201
    return response


@bp.post("/sandboxes/<sandbox_id>/webhooks/deliver")
@sandbox_access
def deliver_now(sandbox_id: str) -> Any:
    """Attempt every due delivery of this sandbox now (instead of waiting for the deliverer)."""
    return {"attempted": Outbox(hosted().store).deliver_pending(tenant=sandbox_id)}
