"""What every Ashby route shares: the RPC registration, body parsing, permissions, the
success envelope, cursor pagination and sync tokens.

An Ashby call is `POST /<object>.<method>` with a JSON body (multipart for uploads). A
handler registered with `@rpc("candidate.list")` gets the parsed body and returns the
`results` (or a `Listing` for the paginated envelope); the endpoint table decides the
permission it needs. Unknown body keys are ignored, as Ashby ignores them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, g, request
from werkzeug.http import http_date

from atsbox.mocks.core.answers import cacheable
from atsbox.mocks.core.auth import require_permission
from atsbox.mocks.core.errors import MockError, json_body
from atsbox.mocks.core.limits import FixedWindow, consume
from atsbox.mocks.core.pagination import RecordQuery, SyncTokens, cursor_page

from .. import errors
from ..endpoints import BY_NAME
from ..ids import is_uuid
from ..serializers import Lookup

MAX_LIMIT = 100  # "The maximum and default value is 100" (every paginated request schema)
VENDOR = "ashby"

Handler = Callable[[dict[str, Any]], Any]
_HANDLERS: dict[str, Handler] = {}


@dataclass
class Listing:
    """A paginated answer: results plus Ashby's paging keys (and a syncToken when done)."""

    results: list[Any]
    more: bool = False
    next_cursor: str | None = None
    sync_token: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def envelope(self) -> dict[str, Any]:
        out: dict[str, Any] = {"success": True, "results": self.results, "moreDataAvailable": self.more}
        if self.next_cursor:
            out["nextCursor"] = self.next_cursor
        if self.sync_token:
            out["syncToken"] = self.sync_token
        out.update(self.extra)
        return out


def rpc(name: str) -> Callable[[Handler], Handler]:
    """Register the handler of one emulated endpoint (it must be in endpoints.ENDPOINTS)."""
    if name not in BY_NAME:
        raise KeyError(f"{name} is not in the emulated endpoint table")

    def mark(handler: Handler) -> Handler:
        _HANDLERS[name] = handler
        return handler

    return mark


def _dispatch(name: str) -> Callable[[], Any]:
    endpoint = BY_NAME[name]

    def view() -> Any:
        check_key_rate_limit()
        require_permission(endpoint.permission, message=f"The API key lacks the {endpoint.permission} permission.")
        body = multipart_body() if endpoint.multipart else json_body(required=False)
        result = _HANDLERS[name](body)
        if isinstance(result, Listing):
            return result.envelope()
        return {"success": True, "results": result}

    view.__name__ = name.replace(".", "_")
    # A read endpoint's answer depends only on the request, the key and the records (the
    # organization's kv entry is written at seeding only), so the core may cache it.
    return view if endpoint.write else cacheable(view)


def build_blueprint() -> Blueprint:
    # Importing the route modules registers their handlers.
    from . import applications, candidates, jobs, organization, webhooks  # noqa: F401

    bp = Blueprint(VENDOR, __name__)
    missing = set(BY_NAME) - set(_HANDLERS)
    if missing:
        raise RuntimeError(f"emulated endpoints without a handler: {sorted(missing)}")
    for name in BY_NAME:
        bp.add_url_rule(f"/{name}", endpoint=name.replace(".", "_"), view_func=_dispatch(name), methods=["POST"])
    from .files import register_file_route
    from .sandbox import register_sandbox_routes

    register_file_route(bp)
    register_sandbox_routes(bp)

    @bp.after_request
    def version_headers(response: Any) -> Any:
        # Ashby echoes the API version on every response (reference §1, changelog 2026-10-14).
        response.headers.setdefault("Ashby-Version", g.vendor.config.get("api_version", "2026-01-01"))
        response.headers.setdefault("Ashby-Version-Status", "active")
        # Any server dates its answers; Ashby's clock is the sandbox's (a client dates what
        # it notices, such as records gone from a listing, by it).
        if g.get("clock") is not None:
            response.headers["Date"] = http_date(g.clock.now())
        return response

    return bp


def check_key_rate_limit() -> None:
    """The per-key limit, when the sandbox sets one (Ashby publishes no number)."""
    per_minute = g.vendor.config.get("rate_limit_per_minute")
    if not per_minute or not g.vendor.rate_limits_enabled:
        return
    key = hashlib.sha256(g.get("credential_secret", "").encode()).hexdigest()[:16]
    decision = consume(g.store, g.tenant, VENDOR, f"key:{key}", FixedWindow(int(per_minute), 60), g.clock.now())
    if not decision.allowed:
        raise MockError.of(
            "rate_limited",
            f"Your API key has exceeded the rate limit of {per_minute} requests per minute. "
            f"Try again in {decision.retry_after} seconds.",
            headers={"Retry-After": str(decision.retry_after)},
        )


# --- bodies -----------------------------------------------------------------------------------
def multipart_body() -> dict[str, Any]:
    """The form fields of a multipart request (files stay in `request.files`)."""
    if not (request.mimetype or "").startswith("multipart/form-data"):
        raise errors.invalid_input("The Content-Type of this request must be multipart/form-data.")
    return {key: request.form.get(key) for key in request.form}


def field(body: Mapping[str, Any], key: str, type_: type | tuple[type, ...], *, required: bool = False,
          default: Any = None) -> Any:  # fmt: skip
    """A body field of the given JSON type; invalid_input (HTTP 200) when wrong or missing."""
    value = body.get(key)
    if value is None:
        if required:
            raise errors.invalid_input(f"Missing required field: {key}", field=key)
        return default
    types = type_ if isinstance(type_, tuple) else (type_,)
    if isinstance(value, bool) and bool not in types:
        raise errors.invalid_input(f"{key} has the wrong type", field=key)
    if int in types and float not in types and isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, types):
        raise errors.invalid_input(f"{key} has the wrong type", field=key)
    return value


def uuid_field(body: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = field(body, key, str, required=required)
    if value is not None and not is_uuid(value):
        raise errors.invalid_input(f"{key} must be a UUID", field=key)
    return value


def str_list(body: Mapping[str, Any], key: str, choices: Iterable[str] | None = None) -> list[str] | None:
    value = field(body, key, list)
    if value is None:
        return None
    allowed = set(choices) if choices is not None else None
    for item in value:
        if not isinstance(item, str) or (allowed is not None and item not in allowed):
            raise errors.invalid_input(f"{key} contains an invalid value: {item!r}", field=key)
    return value


def json_part(body: Mapping[str, Any], key: str) -> Any:
    """A multipart field holding JSON (applicationForm, utmData)."""
    raw = body.get(key)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise errors.invalid_input(f"{key} must be JSON", field=key) from None


def timestamp_field(body: Mapping[str, Any], key: str) -> datetime | None:
    """An ISO-8601 date-time with a zone (createdAt on writes)."""
    text = field(body, key, str)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise errors.invalid_input(f"{key} must be an ISO-8601 date-time", field=key) from None
    if moment.tzinfo is None:
        raise errors.invalid_input(f"{key} must carry a time zone", field=key)
    return moment


def epoch_ms(body: Mapping[str, Any], key: str) -> int | None:
    """A date filter: an integer of milliseconds since the epoch (createdAfter ...)."""
    value = field(body, key, int)
    if value is not None and not -(2**53) < value < 2**53:
        raise errors.invalid_input(f"{key} is out of range", field=key)
    return value


# --- store access -----------------------------------------------------------------------------
def lookup() -> Lookup:
    lk = g.get("ashby_lookup")
    if lk is None:
        lk = g.ashby_lookup = Lookup(g.store, g.tenant, VENDOR)
    return lk


def get_doc(kind: str, id_: str | None, what: str) -> Any:
    """The live record of `kind` with this id, or Ashby's `<what>_not_found`."""
    record = g.store.get(g.tenant, VENDOR, kind, id_) if id_ else None
    if record is None:
        raise errors.not_found(what, id_)
    return record


def now() -> Any:
    return g.clock.now()


def put(kind: str, doc: dict[str, Any], *, parent: str | None = None) -> Any:
    """Write a document at the sandbox clock's now (bumps updatedAt and the change sequence)."""
    return g.store.put(g.tenant, VENDOR, kind, doc["id"], doc, parent=parent, at=now())


def query(kind: str, *, parent: str | None = None, where: Callable[[Any], bool] | None = None,
          filters: Mapping[str, Any] | None = None) -> RecordQuery:  # fmt: skip
    return RecordQuery(g.store, g.tenant, VENDOR, kind, parent=parent, where=where, filters=dict(filters or {}))


def sync_tokens() -> SyncTokens:
    days = g.vendor.config.get("sync_token_max_age_days")
    return SyncTokens(max_age=timedelta(days=days) if days else None)


def paginate(body: Mapping[str, Any], records: RecordQuery, serialize: Callable[[list[Any]], list[Any]],
             *, sync: bool = True) -> Listing:  # fmt: skip
    """Ashby's cursor pagination with optional incremental sync over one record query."""
    cursor = field(body, "cursor", str)
    limit = field(body, "limit", int)
    if limit is not None and limit < 1:
        raise errors.invalid_input("limit must be at least 1", field="limit")
    token = field(body, "syncToken", str) if sync else None
    listed = records
    tokens = sync_tokens()
    if token:
        seq = tokens.since(records, token, now())
        listed = replace(records, changed_since_seq=seq)
        cap = g.vendor.config.get("incremental_sync_max_records")
        if cap is not None and not cursor and listed.count() > cap:
            raise MockError(errors.OK, errors.INCREMENTAL_TOO_LARGE,
                            "This incremental sync returns too many records; discard the token and run a full sync.")  # fmt: skip
    page = cursor_page(listed, cursor or None, limit, MAX_LIMIT, track_seq=sync)
    listing = Listing(serialize(page.items), page.has_more, page.next_cursor)
    if sync and not page.has_more:
        listing.sync_token = tokens.issue(records, page.sync_seq or 0, now())
    return listing


def include_archived(body: Mapping[str, Any], key: str = "includeArchived") -> bool:
    return bool(field(body, key, bool, default=False))
