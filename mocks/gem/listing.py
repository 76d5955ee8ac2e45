"""List endpoints: filters, soft deletion and page-number pagination for both Gem APIs.

ATS API (``/ats/v0/``): ``page`` (from 1) and ``per_page`` (1..500, default 100); a page
past the end is ``[]``. Gem does not document pagination headers, so the mock sends
Greenhouse Harvest's: an RFC 5988 ``Link`` header with ``next``, ``prev`` and ``last``,
absent when everything fits on the first page.

Sourcing API (``/v0/``): ``page`` and ``page_size`` (1..100, default 20) and the documented
``X-Pagination`` JSON header on every list.

Timestamp filters are ISO-8601 in the ATS API and Unix seconds in the sourcing API;
records are filtered on the store's created/updated times, which writes keep current.

Page numbers cost nothing per page for unfiltered ATS lists (what a full sync reads): the
store pages by primary key, and the key where page N starts is remembered from page N-1 and
checked with two counts before use, so a remembered key is never trusted stale. Filtered
lists are filtered in Python and sliced.
"""

from __future__ import annotations

import json
import math
import weakref
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from flask import g, request

from atsbox.mocks.core.context import request_url
from atsbox.mocks.core.errors import MockError, query_bool, query_int

from .wire import parse_iso

Record = Any
Predicate = Callable[[Record], bool]

ATS_PER_PAGE = (100, 500)  # default, maximum
SOURCING_PAGE_SIZE = (20, 100)
MAX_UNIX = 253_402_300_799  # 9999-12-31T23:59:59Z, the last second a datetime can hold


def _bad_query(name: str, message: str) -> MockError:
    return MockError.of("invalid_query", message, field=name)


def no_blank(*names: str) -> None:
    """Typed parameters sent empty (``?page=``) are invalid, not absent."""
    for name in names:
        if request.args.get(name) == "":
            raise _bad_query(name, f"'{name}' must not be empty.")


def choice(name: str, choices: tuple[str, ...]) -> str | None:
    no_blank(name)
    value = request.args.get(name)
    if value is not None and value not in choices:
        raise _bad_query(name, f"'{name}' must be one of {', '.join(choices)}.")
    return value


def single_valued() -> None:
    """Gem's filters take one value each; a repeated parameter is invalid input."""
    for name in request.args:
        if len(request.args.getlist(name)) > 1:
            raise _bad_query(name, f"'{name}' must be given once.")


def iso_param(name: str) -> datetime | None:
    no_blank(name)
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        return parse_iso(raw)
    except ValueError:
        raise _bad_query(name, f"'{name}' must be an ISO-8601 date-time.") from None


def unix_param(name: str) -> datetime | None:
    no_blank(name)
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        seconds = int(raw)
        if not 0 <= seconds <= MAX_UNIX:
            raise ValueError(raw)
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise _bad_query(name, f"'{name}' must be a Unix timestamp in seconds.") from None


def changed_at(record: Record) -> datetime:
    """When a record last changed: its update, or its soft deletion if that came later, so
    a delta sync (updated_after + include_deleted) sees deletions."""
    deleted = record.deleted_at
    return deleted if deleted is not None and deleted > record.updated_at else record.updated_at


def _value(record: Record, attribute: str) -> datetime:
    return changed_at(record) if attribute == "updated_at" else getattr(record, attribute)


def time_filters(
    spec: dict[str, tuple[str, str]], parse: Callable[[str], datetime | None] = iso_param
) -> list[Predicate]:
    """Predicates for ``{param: (record attribute, "after"|"before")}`` present in the query."""
    predicates: list[Predicate] = []
    for name, (attribute, direction) in spec.items():
        bound = parse(name)
        if bound is None:
            continue
        if direction == "after":
            predicates.append(lambda r, a=attribute, b=bound: _value(r, a) > b)
        else:
            predicates.append(lambda r, a=attribute, b=bound: _value(r, a) < b)
    return predicates


CREATED_UPDATED = {
    "created_after": ("created_at", "after"),
    "created_before": ("created_at", "before"),
    "updated_after": ("updated_at", "after"),
    "updated_before": ("updated_at", "before"),
}


def flag(name: str) -> bool | None:
    no_blank(name)
    return query_bool(name)


def include_deleted() -> bool:
    return bool(flag("include_deleted"))


def select(kind: str, predicates: Iterable[Predicate] = (), *, parent: str | None = None) -> list[Record]:
    """The tenant's records of ``kind`` (soft-deleted ones only with include_deleted=true)
    that pass every predicate, in creation order."""
    records = g.store.list(g.tenant, g.vendor.name, kind, parent=parent, include_deleted=include_deleted())
    checks = list(predicates)
    return [r for r in records if all(check(r) for check in checks)]


def doc_equals(key: str, value: Any) -> Predicate:
    return lambda r: r.doc.get(key) == value


def ats_paging() -> tuple[int, int]:
    """The request's ``page`` and ``per_page``."""
    default, maximum = ATS_PER_PAGE
    no_blank("page", "per_page")
    page = query_int("page", 1, minimum=1)
    per_page = query_int("per_page", default, minimum=1, maximum=maximum)
    assert page is not None and per_page is not None
    return page, per_page


def ats_page(items: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """One page of ``items`` and the Link header for it."""
    page, per_page = ats_paging()
    return items[(page - 1) * per_page : page * per_page], ats_links(page, per_page, len(items))


def ats_page_of(kind: str, predicates: list[Predicate]) -> tuple[list[Record], dict[str, str]]:
    """One page of the tenant's records of ``kind`` that pass ``predicates``, and its Link
    header; unfiltered lists are paged in the store."""
    if predicates:
        return ats_page(select(kind, predicates))
    page, per_page = ats_paging()
    deleted_too = include_deleted()
    with g.store.transaction(readonly=True):  # the count and the page from one snapshot
        total = g.store.count(g.tenant, g.vendor.name, kind, include_deleted=deleted_too)
        chunk = _store_page(kind, deleted_too, page, per_page, total)
    return chunk, ats_links(page, per_page, total)


# Where page N of a list starts (the primary key before it), remembered from page N-1, per
# store: (tenant, vendor, kind, include_deleted, per_page, page) -> pk. Bounded.
_PAGE_STARTS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], int]] = weakref.WeakKeyDictionary()
_PAGE_STARTS_MAX = 4096


def _store_page(kind: str, deleted_too: bool, page: int, per_page: int, total: int) -> list[Record]:
    store, tenant, vendor = g.store, g.tenant, g.vendor.name
    skip = (page - 1) * per_page
    if skip >= total:
        return []
    starts = _PAGE_STARTS.setdefault(store, {})
    key = (tenant, vendor, kind, deleted_too, per_page)
    after = starts.get((*key, page)) if page > 1 else None
    # A remembered start is right only if exactly `skip` records come before it now.
    if after is not None and total - store.count(tenant, vendor, kind, after_pk=after, include_deleted=deleted_too) != skip:
        after = None
    if page == 1 or after is not None:
        records = store.list(tenant, vendor, kind, after_pk=after, limit=per_page, include_deleted=deleted_too)
    else:  # not reached page by page: read up to it
        records = store.list(tenant, vendor, kind, limit=skip + per_page, include_deleted=deleted_too)[skip:]
    if len(records) == per_page and skip + per_page < total:
        if len(starts) >= _PAGE_STARTS_MAX:
            starts.clear()
        starts[(*key, page + 1)] = records[-1].pk
    return records


def ats_links(page: int, per_page: int, total: int) -> dict[str, str]:
    """Harvest's Link header for one page of ``total`` items (empty when one page holds all)."""
    last = max(1, math.ceil(total / per_page))
    links = []
    if page < last:
        links.append(f'<{request_url(page=page + 1, per_page=per_page)}>; rel="next"')
    if page > 1:
        links.append(f'<{request_url(page=min(page - 1, last), per_page=per_page)}>; rel="prev"')
    if last > 1:
        links.append(f'<{request_url(page=last, per_page=per_page)}>; rel="last"')
    return {"Link": ", ".join(links)} if links else {}


def sourcing_page(items: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """One page of ``items`` and the X-Pagination header for it."""
    default, maximum = SOURCING_PAGE_SIZE
    no_blank("page", "page_size")
    page = query_int("page", 1, minimum=1)
    size = query_int("page_size", default, minimum=1, maximum=maximum)
    assert page is not None and size is not None
    total_pages = max(1, math.ceil(len(items) / size))
    info = {
        "total": len(items),
        "total_pages": total_pages,
        "first_page": 1,
        "last_page": total_pages,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < total_pages else None,
    }
    return items[(page - 1) * size : page * size], {"X-Pagination": json.dumps(info, separators=(",", ":"))}
