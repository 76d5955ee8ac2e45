"""What every Factorial resource route shares: the version, the caller, listing and ids.

Lists answer `{"data": [...], "meta": {has_next_page, has_previous_page, start_cursor,
end_cursor, total, limit}}` in id order, `limit` defaulting to and capped at 100,
`after_id` / `before_id` taking the opaque cursors of `meta` (the core's signed cursors),
and `page` (1-based, with `limit`) for the offset pagination a community client uses.
Array filters use Rails' `name[]=` form (plain `name=` is accepted too).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import g, request

from atsbox.mocks.core import MockError, RecordQuery, meta_page, runtime, vendor_url
from atsbox.mocks.core.oauth import ACCESS

from . import ids, render
from .errors import not_found
from .oauth import COMPANY
from .serializers import Serializer
from .versions import ApiVersion, resolve

VENDOR = "factorial"
MAX_LIMIT = 100


def version() -> ApiVersion:
    """The API version this request is served with; 404 for one nothing serves."""
    found = g.get("factorial_version")
    if found is not None:
        return found
    raw = g.get("factorial_version_raw", "")
    found = resolve(raw)
    if found is None:
        raise MockError.of("not_found", f"API version {raw!r} does not exist or is no longer served.")
    g.factorial_version = found
    return found


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: an API key or admin token sees all, other OAuth users a part."""

    restricted: bool
    job_posting_ids: frozenset[int] = frozenset()

    def sees_job(self, job_posting_id: int) -> bool:
        return not self.restricted or job_posting_id in self.job_posting_ids


def caller() -> Caller:
    found = g.get("factorial_caller")
    if found is not None:
        return found
    result = Caller(False)
    if g.get("credential_kind") == ACCESS:
        owner = g.credential_meta.get("user")
        if owner and owner != COMPANY:
            employee = g.store.get(g.tenant, VENDOR, render.EMPLOYEE, owner.split(":", 1)[1])
            if employee is None or not employee.doc.get("_admin"):
                managed = employee.doc.get("_managed_job_posting_ids", []) if employee else []
                result = Caller(True, frozenset(managed))
    g.factorial_caller = result
    return result


def cv_signature(tenant: str, application_id: int) -> str:
    key = runtime().secret
    return hmac.new(key, f"cv:{tenant}:{application_id}".encode(), hashlib.sha256).hexdigest()[:32]


def cv_url(application_id: int, filename: str) -> str:
    """Where an application's CV downloads from (a signed link, like Factorial's file URLs)."""
    signature = cv_signature(g.tenant, application_id)
    return vendor_url(f"/files/ats/cvs/{g.tenant}/{application_id}/{signature}/{quote(filename)}")


def serializer() -> Serializer:
    return Serializer(version(), restricted=caller().restricted, cv_url=cv_url)


# --- query parameters -------------------------------------------------------------------


def _values(name: str) -> list[str]:
    return request.args.getlist(f"{name}[]") + request.args.getlist(name)


def id_list(name: str) -> list[int] | None:
    """`name[]=1&name[]=2` as ids; None when the filter was not sent."""
    raw = _values(name)
    if not raw:
        return None
    try:
        return [ids.parse(v) for v in raw]
    except ids.BadId:
        raise MockError.of("invalid_query", f"'{name}' must hold ids.", field=name) from None


# Query values are strict: a parameter sent empty is as wrong as one sent garbled (the
# document types every parameter, and its checks expect both refused).


def _refuse(name: str, what: str) -> MockError:
    return MockError.of("invalid_query", f"Query parameter '{name}' must be {what}.", field=name)


def int_param(name: str, *, minimum: int | None = None, clamp: tuple[int, int] | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = int(raw, 10)
    except ValueError:
        raise _refuse(name, "an integer") from None
    if clamp is not None:
        return min(max(value, clamp[0]), clamp[1])
    if minimum is not None and value < minimum:
        raise _refuse(name, f"at least {minimum}")
    return value


def bool_param(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise _refuse(name, "true or false")
    return raw == "true"


def number_param(name: str) -> float | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise _refuse(name, "a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _refuse(name, "a number")
    return value


def id_param(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        return ids.parse(raw)
    except ids.BadId:
        raise MockError.of("invalid_query", f"'{name}' must be an id.", field=name) from None


def request_filters() -> dict[str, list[str]]:
    """Every filter the client sent (what a list cursor is bound to)."""
    paging = ("limit", "after_id", "before_id", "page")
    return {k: request.args.getlist(k) for k in sorted(request.args) if k not in paging}


def str_list(name: str) -> list[str] | None:
    raw = _values(name)
    return raw or None


def path_id(raw: str | int) -> int:
    try:
        return ids.parse(raw)
    except ids.BadId:
        raise MockError.of("not_found", f"No record with id {raw!r}.") from None


def body_id(body: dict[str, Any], key: str, *, required: bool = True) -> int | None:
    """An id in a request body: an integer or a decimal string in every version."""
    if key not in body or body[key] is None:
        if required:
            raise MockError.of("missing_field", f"'{key}' is required.", field=key)
        return None
    try:
        return ids.parse(body[key])
    except ids.BadId:
        raise MockError.of("invalid_field", f"'{key}' must be an id.", field=key) from None


# --- records ----------------------------------------------------------------------------


def get_doc(kind: str, number: int, what: str, *, include_deleted: bool = False) -> dict[str, Any]:
    record = g.store.get(g.tenant, VENDOR, kind, str(number), include_deleted=include_deleted)
    if record is None:
        raise not_found(what, number)
    return record.doc


@dataclass(frozen=True)
class CountedQuery(RecordQuery):
    """`meta.total` is on every page; a long listing would count the whole table once per
    page. The count is kept until the sandbox changes (its change sequence moves)."""

    def count(self) -> int:
        key = (
            id(self.store),
            self.tenant,
            self.kind,
            self.fingerprint(),
            self.store.current_seq(self.tenant),
        )
        found = _COUNTS.get(key)
        if found is None:
            found = super().count()
            # A worker's threads share the dict: two evicting the same oldest key at once
            # made one of them fail (a 500 seen under the 32-client load).
            with _COUNTS_LOCK:
                while len(_COUNTS) >= _COUNTS_KEPT:
                    _COUNTS.pop(next(iter(_COUNTS)))
                _COUNTS[key] = found
        return found


_COUNTS: dict[tuple[Any, ...], int] = {}
_COUNTS_KEPT = 512
_COUNTS_LOCK = threading.Lock()


def list_response(
    kind: str,
    *,
    parent: str | None = None,
    where: Callable[[Any], bool] | None = None,
    filters: dict[str, Any] | None = None,
    include_deleted: bool = False,
    only_ids: list[int] | None = None,
) -> dict[str, Any]:
    who = caller()
    query = CountedQuery(
        store=g.store,
        tenant=g.tenant,
        vendor=VENDOR,
        kind=kind,
        parent=parent,
        include_deleted=include_deleted,
        ids=tuple(str(i) for i in only_ids) if only_ids is not None else None,
        where=where,
        # Who asks is part of what is listed (restricted OAuth users see less).
        filters={**(filters or {}), "caller": sorted(who.job_posting_ids) if who.restricted else None},
    )
    limit = int_param("limit", clamp=(1, MAX_LIMIT))
    page_number = int_param("page", minimum=1)
    out = serializer()
    if page_number is not None:
        size = limit or MAX_LIMIT
        total = query.count()
        offset = (page_number - 1) * size
        items = query.fetch_offset(offset, size + 1) if offset < total else []
        meta = {
            "has_next_page": len(items) > size,
            "has_previous_page": page_number > 1,
            "start_cursor": None,
            "end_cursor": None,
            "total": total,
            "limit": size,
        }
        return {"data": out.many(kind, [r.doc for r in items[:size]]), "meta": meta}
    page = meta_page(
        query,
        after=request.args.get("after_id") or None,
        before=request.args.get("before_id") or None,
        limit=limit,
        max_limit=MAX_LIMIT,
    )
    return {"data": out.many(kind, [r.doc for r in page.items]), "meta": page.meta()}


def list_of_job_postings(kind: str) -> dict[str, Any]:
    """A list filterable by `ats_job_posting_ids[]` (questions, application phases)."""
    jobs = id_list("ats_job_posting_ids")
    wanted = set(jobs) if jobs is not None else None
    return list_response(
        kind,
        where=(lambda r: r.doc["ats_job_posting_id"] in wanted) if wanted is not None else None,
        filters={"jobs": sorted(wanted) if wanted is not None else None},
        only_ids=id_list("ids"),
    )


# --- routes every resource has ----------------------------------------------------------

Loader = Callable[[int], dict[str, Any]]


def read_route(bp: Any, path: str, kind: str, name: str, load: Loader) -> None:
    """`GET <path>/<id>`: the record as `load` finds it (404s included)."""

    def view(raw_id: int) -> Any:
        return serializer().one(kind, load(path_id(raw_id)))

    bp.add_url_rule(f"{path}/<int:raw_id>", endpoint=f"get_{name}", view_func=view, methods=["GET"])


def delete_route(bp: Any, path: str, kind: str, name: str, load: Loader,
                 after: Callable[[dict[str, Any]], None] | None = None) -> None:  # fmt: skip
    """`DELETE <path>/<id>`: soft-deletes the record and answers it as it was."""

    def view(raw_id: int) -> Any:
        number = path_id(raw_id)
        doc = load(number)
        g.store.soft_delete(g.tenant, VENDOR, kind, str(number), at=g.clock.now())
        if after is not None:
            after(doc)
        return serializer().one(kind, doc)

    bp.add_url_rule(f"{path}/<int:raw_id>", endpoint=f"delete_{name}", view_func=view, methods=["DELETE"])
