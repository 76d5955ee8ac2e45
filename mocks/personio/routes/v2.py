"""The v2 token endpoint and the read-only Recruiting API v2.

Lists are newest-updated first with ``limit``/``cursor`` (listing.py); applications and
candidates filter on ``updated_at.gt`` / ``updated_at.lt`` (one or the other, as the
reference describes them: mutually exclusive); single resources are the bare object
(the official pages reference the object's schema directly). The ``Beta: true`` header
the endpoints once required is accepted and ignored.
v2 resources answer with the gateway's token-bucket headers (``x-ratelimit-*``); the
limits themselves are in limits.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from atsbox.mocks.core.auth import public, uses_auth
from atsbox.mocks.core.limits import consume, rate_bucket
from atsbox.store import Record

from .. import errors, ids, listing, serializers
from ..auth import OAUTH, V2_AUTH, require_read_scope
from ..limits import TOKEN_TRICKLE, TOKEN_WINDOW, V2_BUCKET


def _json(body: Any, status: int = 200) -> Response:
    response = current_app.json.response(body)
    response.status_code = status
    decision = g.get("rate_limit")
    if decision is not None:
        response.headers["x-ratelimit-replenish-rate"] = str(int(V2_BUCKET.rate))
        response.headers["x-ratelimit-burst-capacity"] = str(V2_BUCKET.burst)
        response.headers["x-ratelimit-requested-tokens"] = "1"
        response.headers["x-ratelimit-remaining"] = str(decision.remaining)
    return response


# --- auth ------------------------------------------------------------------------------


def _token_rate_limit() -> None:
    vendor = g.vendor
    if not vendor.rate_limits_enabled:
        return
    now = g.clock.now()
    decision = consume(g.store, g.tenant, vendor.name, "token", TOKEN_WINDOW, now)
    if not decision.allowed:
        trickle = consume(g.store, g.tenant, vendor.name, "token_trickle", TOKEN_TRICKLE, now)
        if not trickle.allowed:
            raise errors.v2_error(
                429,
                "common.too_many_requests",
                "Too many token requests: 150 per minute, then one per second.",
                headers={"Retry-After": str(trickle.retry_after or 1)},
            )


@public
def token() -> Response:
    grant = OAUTH.token_request()
    _token_rate_limit()
    return _json(grant.as_dict())


@public
def revoke() -> Response:
    OAUTH.revoke_request()
    return Response(b"", status=204)


# --- helpers ---------------------------------------------------------------------------


def _instant(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError:
        raise errors.v2_error(
            400, "common.invalid_request", f"'{name}' must be an ISO-8601 date-time."
        ) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _updated_filter() -> tuple[Callable[[Record], bool] | None, dict[str, Any]]:
    after, before = _instant("updated_at.gt"), _instant("updated_at.lt")
    if after is not None and before is not None:
        raise errors.v2_error(
            400, "common.invalid_request", "'updated_at.gt' and 'updated_at.lt' cannot be combined."
        )
    if after is not None:
        return (lambda r: r.updated_at > after), {"updated_at.gt": after.isoformat()}
    if before is not None:
        return (lambda r: r.updated_at < before), {"updated_at.lt": before.isoformat()}
    return None, {}


def _both(*tests: Callable[[Record], bool] | None) -> Callable[[Record], bool] | None:
    active = [t for t in tests if t is not None]
    if not active:
        return None
    return lambda r: all(t(r) for t in active)


def _get(kind: str, ident: str, label: str) -> Record:
    record = g.store.get(g.tenant, g.vendor.name, kind, ident)
    if record is None:
        raise errors.v2_error(404, errors.RESOURCE_NOT_FOUND, f"The {label} with id {ident} was not found.")
    return record


def _company_id() -> int:
    return ids.company_id(g.tenant)


def _custom_names(phase_ids: set[str]) -> dict[str, str]:
    wanted = sorted(p for p in phase_ids if p.isdigit())
    return {r.id: r.doc["name"] for r in g.store.list(g.tenant, g.vendor.name, "phase", ids=wanted)}


def _serialize_applications(records: list[Record]) -> list[dict[str, Any]]:
    store, tenant, vendor = g.store, g.tenant, g.vendor.name
    # Job summaries come from one kv document, not the (large) position documents; the
    # candidate's summary is on the application document itself.
    jobs = store.kv_get(tenant, vendor, "job_refs", {}) or {}
    channel_ids = sorted({str(r.doc["channel_id"]) for r in records if r.doc.get("channel_id") is not None})
    channels = {int(r.id): r.doc["name"] for r in store.list(tenant, vendor, "channel", ids=channel_ids)}
    names = _custom_names({r.doc["phase"]["id"] for r in records})
    return [serializers.application(r, jobs.get(r.doc["job_id"]), channels, names) for r in records]


def _candidate_ids_with_email(email: str) -> set[str]:
    wanted = email.strip().lower()
    return {
        r.id
        for r in g.store.list(g.tenant, g.vendor.name, "candidate")
        if (r.doc.get("email") or "").lower() == wanted
    }


# --- recruiting ------------------------------------------------------------------------


def _reader(view: Callable[..., Response]) -> Callable[..., Response]:
    """Every recruiting read: the OAuth bearer, the read scope, the v2 bucket."""

    def wrapped(**kwargs: Any) -> Response:
        require_read_scope()
        return view(**kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return uses_auth(V2_AUTH)(rate_bucket("v2")(wrapped))


@_reader
def list_applications() -> Response:
    updated, filters = _updated_filter()
    email = request.args.get("candidate.email")
    by_email = None
    if email:
        people = _candidate_ids_with_email(email)
        filters["candidate.email"] = email.lower()

        def by_email(r: Record) -> bool:
            return r.doc["candidate_id"] in people

    return _json(
        listing.page_records(
            "application", _serialize_applications, where=_both(updated, by_email), filters=filters
        )
    )


@_reader
def get_application(application_id: str) -> Response:
    return _json(_serialize_applications([_get("application", application_id, "application")])[0])


@_reader
def list_stage_transitions(application_id: str) -> Response:
    record = _get("application", application_id, "application")
    transitions = list(reversed(record.doc.get("transitions") or []))
    names = _custom_names({t["phase"] for t in transitions})
    entries = [serializers.transition(t, names) for t in transitions]
    return _json(listing.page_list(f"transitions:{application_id}", entries))


@_reader
def list_candidates() -> Response:
    updated, filters = _updated_filter()
    email = request.args.get("email")
    by_email = None
    if email:
        filters["email"] = email.lower()

        def by_email(r: Record) -> bool:
            return (r.doc.get("email") or "").lower() == email.strip().lower()

    def serialize(records: list[Record]) -> list[dict[str, Any]]:
        return [serializers.candidate(r) for r in records]

    return _json(
        listing.page_records("candidate", serialize, where=_both(updated, by_email), filters=filters)
    )


@_reader
def get_candidate(candidate_id: str) -> Response:
    return _json(serializers.candidate(_get("candidate", candidate_id, "candidate")))


@_reader
def list_jobs() -> Response:
    company = _company_id()
    return _json(listing.page_records("position", lambda rs: [serializers.job(r, company) for r in rs]))


@_reader
def get_job(job_id: str) -> Response:
    return _json(serializers.job(_get("position", job_id, "job"), _company_id()))


def _categories(records: list[Record]) -> list[dict[str, Any]]:
    with_stages = bool(g.vendor.config.get("category_stages"))
    phase_ids = {str(p) for r in records for p in r.doc.get("phase_ids") or []} if with_stages else set()
    names = _custom_names(phase_ids)
    return [serializers.category(r, names, with_stages, _company_id()) for r in records]


@_reader
def list_categories() -> Response:
    return _json(listing.page_records("category", _categories))


@_reader
def get_category(category_id: str) -> Response:
    return _json(_categories([_get("category", category_id, "category")])[0])


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/v2/auth/token", view_func=token, methods=["POST"])
    bp.add_url_rule("/v2/auth/revoke", view_func=revoke, methods=["POST"])
    base = "/v2/recruiting"
    routes: list[tuple[str, Callable[..., Response]]] = [
        ("/applications", list_applications),
        ("/applications/<application_id>", get_application),
        ("/applications/<application_id>/stage-transitions", list_stage_transitions),
        ("/candidates", list_candidates),
        ("/candidates/<candidate_id>", get_candidate),
        ("/jobs", list_jobs),
        ("/jobs/<job_id>", get_job),
        ("/categories", list_categories),
        ("/categories/<category_id>", get_category),
    ]
    for path, view in routes:
        bp.add_url_rule(base + path, view_func=view, methods=["GET"])
