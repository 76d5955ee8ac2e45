"""v2 list endpoints: newest-updated first, ``limit`` 1-200 and an opaque ``cursor``.

The core's cursor pages walk records in insertion order; Personio sorts by last update,
newest first. The first page therefore sorts the matching records once and keeps their ids
as a snapshot in the store's kv (one hour on the sandbox clock); the cursor names the
snapshot and an offset, sealed like the core's cursors (bound to the tenant, the resource
and the filters), so later pages cost one small read each and a record updated while a
client pages does not move under it.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import g, request

from atsbox.mocks.core.context import request_url
from atsbox.mocks.core.pagination import seal, unseal
from atsbox.store import Record

from .errors import v2_error

DEFAULT_LIMIT = 100
MAX_LIMIT = 200
CURSOR_PREFIX = "cur_"
SNAPSHOT_TTL = timedelta(hours=1)
_POSITION = struct.Struct(">QQ")  # snapshot number, offset


def _fingerprint(kind: str, filters: Mapping[str, Any]) -> bytes:
    described = json.dumps([g.tenant, kind, sorted((k, str(v)) for k, v in filters.items())])
    return hashlib.sha256(described.encode()).digest()[:6]


def parse_limit() -> int:
    raw = request.args.get("limit")
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise v2_error(
            400, "common.invalid_request", f"'limit' must be an integer between 1 and {MAX_LIMIT}."
        )
    return int(raw)


def _invalid_cursor() -> Exception:
    return v2_error(
        400, "common.invalid_cursor", "The cursor is invalid or has expired; start again without it."
    )


def _envelope(
    data: list[dict[str, Any]], next_position: tuple[int, int] | None, fingerprint: bytes
) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": request_url()}}
    if next_position is not None:
        token = seal("personio-v2", _POSITION.pack(*next_position), fingerprint, prefix=CURSOR_PREFIX)
        links["next"] = {"href": request_url(cursor=token)}
    return {"_data": data, "_meta": {"links": links}}


def _position(fingerprint: bytes) -> tuple[int, int] | None:
    """(snapshot, offset) of the request's cursor; None without one; 400 for a bad one."""
    cursor = request.args.get("cursor") or None
    if cursor is None:
        return None
    fields = unseal("personio-v2", cursor, _POSITION.size, fingerprint, prefix=CURSOR_PREFIX)
    if fields is None:
        raise _invalid_cursor()
    snapshot, offset = _POSITION.unpack(fields)
    return snapshot, offset


def _snapshot_for(ids: list[str], fingerprint: bytes, now: datetime) -> int:
    """The cursor snapshot of this first page: the one an identical listing (same filters,
    same records: the same change sequence) made that has half its lifetime still ahead, or
    a new one. Reusing it means asking for the same first page again does not write, so
    repeated first pages run in a read transaction and the core may cache their answers."""
    store, tenant, vendor = g.store, g.tenant, g.vendor.name
    reuse_key = f"snapshot-of:{fingerprint.hex()}:{store.current_seq(tenant)}"
    known = store.kv_get(tenant, vendor, reuse_key, None, now=now + SNAPSHOT_TTL / 2)
    if known is not None and store.kv_get(tenant, vendor, f"snapshot:{known}", None, now=now) == ids:
        return int(known)
    snapshot = store.next_int(tenant, vendor, "snapshot")
    expires = now + SNAPSHOT_TTL
    store.kv_set(tenant, vendor, f"snapshot:{snapshot}", ids, expires_at=expires)
    store.kv_set(tenant, vendor, reuse_key, snapshot, expires_at=expires)
    return snapshot


def page_records(
    kind: str,
    serialize: Callable[[list[Record]], list[dict[str, Any]]],
    *,
    where: Callable[[Record], bool] | None = None,
    filters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One page of the store's `kind`, newest-updated first, in the v2 envelope."""
    limit = parse_limit()
    fingerprint = _fingerprint(kind, filters or {})
    position = _position(fingerprint)
    store, tenant, vendor = g.store, g.tenant, g.vendor.name
    now = g.clock.now()
    if position is None:
        listed = [r for r in store.list(tenant, vendor, kind) if where is None or where(r)]
        listed.sort(key=lambda r: (r.updated_at, r.pk), reverse=True)
        ids = [r.id for r in listed]
        items, snapshot, offset = listed[:limit], 0, 0
        if len(ids) > limit:
            snapshot = _snapshot_for(ids, fingerprint, now)
    else:
        snapshot, offset = position
        ids = store.kv_get(tenant, vendor, f"snapshot:{snapshot}", None, now=now)
        if ids is None:
            raise _invalid_cursor()
        wanted = ids[offset : offset + limit]
        found = {r.id: r for r in store.list(tenant, vendor, kind, ids=wanted)}
        items = [found[i] for i in wanted if i in found]
    end = offset + limit
    return _envelope(serialize(items), (snapshot, end) if end < len(ids) else None, fingerprint)


def page_list(scope: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """One page of a short list kept inside a document (already serialized, in order)."""
    limit = parse_limit()
    fingerprint = _fingerprint(scope, {})
    position = _position(fingerprint)
    offset = 0 if position is None else position[1]
    end = offset + limit
    return _envelope(entries[offset:end], (0, end) if end < len(entries) else None, fingerprint)
