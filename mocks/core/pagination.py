"""Pagination over store queries, one helper per style the vendors use, plus sync tokens.

Every style walks records in pk (insertion) order, so a record inserted between two page
requests lands after everything already served: no duplicates and no gaps. Cursors and
sync tokens are opaque (base64url of a small binary struct), bound to the tenant and to the
query's filters, and carry an HMAC: a garbage, truncated, edited or foreign cursor is a
clear 4xx (kind "invalid_cursor" / "sync_token_invalid"), never a 500 and never a wrong page.

Styles:
  cursor_page   cursor + limit (Ashby nextCursor/moreDataAvailable, Personio v2 _meta.links.next)
  page_page     page + per_page with an RFC 5988 Link header and a JSON X-Pagination header (Gem)
  meta_page     after_id / before_id cursors with has_next_page, has_previous_page,
                start_cursor, end_cursor, total, limit (Factorial)
  SyncTokens    incremental sync: a token encoding the change sequence at issue time
                (Ashby syncToken)

Vendors describe what to list with a `RecordQuery` and shape `Page` into their envelope.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context, has_request_context

from .context import request_url
from .errors import MockError

# Signs cursors and sync tokens: tamper evidence, not secrecy (the app config may override it).
DEFAULT_SECRET = b"atsbox-sandbox"
_VERSION = 1
_FP_BYTES = 6
_MAC_BYTES = 8


@dataclass(frozen=True)
class RecordQuery:
    """Which records a list endpoint shows: a store.list call plus an optional Python filter.

    `where` filters what the store cannot (a status, a date range on the document);
    `filters` names the client's filter values so a cursor issued for one filter set is
    refused for another (they go into the fingerprint, nothing else reads them).
    """

    store: Any
    tenant: str
    vendor: str
    kind: str
    parent: str | None = None
    include_deleted: bool = False
    changed_since_seq: int | None = None
    ids: tuple[str, ...] | None = None
    where: Callable[[Any], bool] | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)

    def _list(self, after_pk: int | None, limit: int | None) -> list[Any]:
        return self.store.list(
            self.tenant,
            self.vendor,
            self.kind,
            parent=self.parent,
            after_pk=after_pk,
            limit=limit,
            changed_since_seq=self.changed_since_seq,
            include_deleted=self.include_deleted,
            ids=self.ids,
        )

    def fetch(self, after_pk: int | None, limit: int) -> list[Any]:
        """Up to `limit` matching records with pk > after_pk, in pk order."""
        if self.where is None:
            return self._list(after_pk, limit)
        found: list[Any] = []
        cursor = after_pk
        chunk_size = max(2 * limit, 200)
        while len(found) < limit:
            chunk = self._list(cursor, chunk_size)
            for record in chunk:
                if self.where(record):
                    found.append(record)
                    if len(found) == limit:
                        break
            if len(chunk) < chunk_size:
                break
            cursor = chunk[-1].pk
        return found

    def fetch_offset(self, offset: int, limit: int) -> list[Any]:
        if self.where is None:
            return self._list(None, offset + limit)[offset:]
        return self.fetch(None, offset + limit)[offset:]

    def fetch_before(self, before_pk: int, limit: int) -> list[Any]:
        """The last `limit` matching records with pk < before_pk, in pk order."""
        window: list[Any] = []
        cursor: int | None = None
        while True:
            chunk = self.fetch(cursor, 500)
            window.extend(r for r in chunk if r.pk < before_pk)
            window = window[-limit:]
            if len(chunk) < 500 or chunk[-1].pk >= before_pk:
                return window
            cursor = chunk[-1].pk

    def count(self) -> int:
        if self.where is None:
            return self.store.count(
                self.tenant,
                self.vendor,
                self.kind,
                parent=self.parent,
                changed_since_seq=self.changed_since_seq,
                include_deleted=self.include_deleted,
                ids=self.ids,
            )
        return sum(1 for r in self._list(None, None) if self.where(r))

    def fingerprint(self) -> bytes:
        """Identifies the tenant and filter set a cursor belongs to."""
        described = json.dumps(
            [
                self.tenant,
                self.vendor,
                self.kind,
                self.parent,
                self.include_deleted,
                self.changed_since_seq,
                sorted(self.ids) if self.ids is not None else None,
                sorted((str(k), repr(v)) for k, v in self.filters.items()),
            ],
            separators=(",", ":"),
        )
        return hashlib.sha256(described.encode()).digest()[:_FP_BYTES]


@dataclass(frozen=True)
class Page:
    """One page of records plus whatever its style reports about the rest."""

    items: list[Any]
    has_more: bool = False
    # cursor style
    next_cursor: str | None = None
    sync_seq: int | None = None  # the change sequence when this listing started (for sync tokens)
    # page-number style
    page: int | None = None
    per_page: int | None = None
    total: int | None = None
    total_pages: int | None = None
    link_header: str | None = None
    pagination_header: str | None = None
    # meta-cursor style
    has_previous: bool = False
    start_cursor: str | None = None
    end_cursor: str | None = None
    limit: int | None = None

    def meta(self) -> dict[str, Any]:
        """The Factorial-style `meta` object."""
        return {
            "has_next_page": self.has_more,
            "has_previous_page": self.has_previous,
            "start_cursor": self.start_cursor,
            "end_cursor": self.end_cursor,
            "total": self.total,
            "limit": self.limit,
        }

    def headers(self) -> dict[str, str]:
        """The page-number style's response headers (Link and X-Pagination)."""
        out: dict[str, str] = {}
        if self.link_header:
            out["Link"] = self.link_header
        if self.pagination_header:
            out["X-Pagination"] = self.pagination_header
        return out


# --- opaque signed tokens ---------------------------------------------------------------


def _secret(secret: bytes | None) -> bytes:
    if secret is not None:
        return secret
    if has_app_context():
        rt = current_app.extensions.get("atsbox")
        if rt is not None:
            return rt.secret
    return DEFAULT_SECRET


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(
    purpose: str, fields: bytes, fingerprint: bytes, *, secret: bytes | None = None, prefix: str = ""
) -> str:
    """`prefix` + base64url(version | fields | fingerprint | HMAC)."""
    body = bytes([_VERSION]) + fields + fingerprint
    mac = hmac.new(_secret(secret), purpose.encode() + b"\0" + body, hashlib.sha256).digest()[:_MAC_BYTES]
    return prefix + _b64(body + mac)


def unseal(
    purpose: str, token: str, size: int, fingerprint: bytes, *, secret: bytes | None = None, prefix: str = ""
) -> bytes | None:
    """The `size` field bytes of a token sealed for `purpose` and `fingerprint`, else None."""
    if not isinstance(token, str) or not token.startswith(prefix):
        return None
    try:
        raw = _unb64(token[len(prefix) :])
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 1 + size + _FP_BYTES + _MAC_BYTES or raw[0] != _VERSION:
        return None
    body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    expected = hmac.new(_secret(secret), purpose.encode() + b"\0" + body, hashlib.sha256).digest()[
        :_MAC_BYTES
    ]
    if not hmac.compare_digest(mac, expected) or body[1 + size :] != fingerprint:
        return None
    return body[1 : 1 + size]


_POSITION = struct.Struct(">QQ")  # last pk, change sequence at the start of the listing


def encode_cursor(
    query: RecordQuery, pk: int, seq: int = 0, *, secret: bytes | None = None, prefix: str = ""
) -> str:
    return seal("cursor", _POSITION.pack(pk, seq), query.fingerprint(), secret=secret, prefix=prefix)


def decode_cursor(
    query: RecordQuery,
    cursor: str,
    *,
    secret: bytes | None = None,
    prefix: str = "",
    code: str | None = None,
    status: int | None = None,
) -> tuple[int, int]:
    """(pk, seq) from a cursor of this query, or MockError kind "invalid_cursor"."""
    fields = unseal("cursor", cursor, _POSITION.size, query.fingerprint(), secret=secret, prefix=prefix)
    if fields is None:
        raise MockError.of(
            "invalid_cursor",
            "The cursor is not valid for this request; start again without a cursor.",
            code=code,
            status=status,
        )
    pk, seq = _POSITION.unpack(fields)
    return pk, seq


def _check_limit(limit: int | None, default: int, maximum: int, clamp: bool, param: str) -> int:
    if limit is None:
        return default
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise MockError.of("invalid_query", f"'{param}' must be an integer.", field=param)
    if limit < 1:
        raise MockError.of("invalid_query", f"'{param}' must be at least 1.", field=param)
    if limit > maximum:
        if not clamp:
            raise MockError.of("invalid_query", f"'{param}' must be at most {maximum}.", field=param)
        return maximum
    return limit


# --- (a) cursor + limit -----------------------------------------------------------------


def cursor_page(
    records_query: RecordQuery,
    cursor: str | None,
    limit: int | None,
    max_limit: int,
    *,
    default_limit: int | None = None,
    clamp: bool = True,
    prefix: str = "",
    track_seq: bool = False,
    secret: bytes | None = None,
) -> Page:
    """The page after `cursor` (the first page when None or "").

    `limit` above `max_limit` is clamped (or a 4xx with clamp=False); None means
    `default_limit` (default: max_limit). With `track_seq`, the tenant's change sequence
    at the first page travels in the cursors and comes back as `page.sync_seq` on every
    page, so a sync token issued on the last page misses nothing changed meanwhile.
    """
    limit = _check_limit(limit, default_limit or max_limit, max_limit, clamp, "limit")
    after_pk: int | None = None
    seq = 0
    if cursor:
        after_pk, seq = decode_cursor(records_query, cursor, secret=secret, prefix=prefix)
    elif track_seq:
        seq = records_query.store.current_seq(records_query.tenant)
    rows = records_query.fetch(after_pk, limit + 1)
    items = rows[:limit]
    has_more = len(rows) > limit
    next_cursor = (
        encode_cursor(records_query, items[-1].pk, seq, secret=secret, prefix=prefix) if has_more else None
    )
    return Page(
        items=items,
        has_more=has_more,
        next_cursor=next_cursor,
        sync_seq=seq if track_seq else None,
        limit=limit,
    )


# --- (b) page + per_page ----------------------------------------------------------------


def page_page(
    records_query: RecordQuery,
    page: int | None,
    per_page: int | None,
    max_per_page: int,
    *,
    default_per_page: int | None = None,
    clamp: bool = False,
    page_param: str = "page",
    per_page_param: str = "per_page",
    base_url: Callable[[int, int], str] | None = None,
) -> Page:
    """Page number `page` (1-based) of `per_page` records, with Link and X-Pagination.

    Links are this request's URL with the page parameters replaced (every filter kept);
    outside a request pass `base_url(page, per_page) -> url`.
    """
    per_page = _check_limit(per_page, default_per_page or max_per_page, max_per_page, clamp, per_page_param)
    if page is None:
        page = 1
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise MockError.of(
            "invalid_page", f"'{page_param}' must be an integer of at least 1.", field=page_param
        )
    total = records_query.count()
    items = records_query.fetch_offset((page - 1) * per_page, per_page)
    total_pages = math.ceil(total / per_page)
    last_page = max(total_pages, 1)

    def url(number: int) -> str:
        if base_url is not None:
            return base_url(number, per_page)
        if has_request_context():
            return request_url(**{page_param: number, per_page_param: per_page})
        return f"?{page_param}={number}&{per_page_param}={per_page}"

    links = [(url(1), "first")]
    if page > 1:
        links.append((url(min(page - 1, last_page)), "prev"))
    if page < total_pages:
        links.append((url(page + 1), "next"))
    links.append((url(last_page), "last"))
    pagination = {
        "total": total,
        "total_pages": total_pages,
        "first_page": 1,
        "last_page": last_page,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < total_pages else None,
    }
    return Page(
        items=items,
        has_more=page < total_pages,
        page=page,
        per_page=per_page,
        total=total,
        total_pages=total_pages,
        link_header=", ".join(f'<{u}>; rel="{rel}"' for u, rel in links),
        pagination_header=json.dumps(pagination, separators=(",", ":")),
        limit=per_page,
    )


# --- (c) after / before cursors with a meta block ---------------------------------------


def meta_page(
    records_query: RecordQuery,
    *,
    after: str | None = None,
    before: str | None = None,
    limit: int | None = None,
    max_limit: int = 100,
    default_limit: int | None = None,
    clamp: bool = True,
    prefix: str = "",
    secret: bytes | None = None,
) -> Page:
    """A page after `after` or before `before` (opaque cursors from start/end_cursor)."""
    limit = _check_limit(limit, default_limit or max_limit, max_limit, clamp, "limit")
    if after and before:
        raise MockError.of("invalid_query", "Send either after_id or before_id, not both.")
    if before:
        before_pk, _ = decode_cursor(records_query, before, secret=secret, prefix=prefix)
        rows = records_query.fetch_before(before_pk, limit + 1)
        has_previous = len(rows) > limit
        items = rows[-limit:] if rows else []
        has_next = bool(records_query.fetch(items[-1].pk if items else before_pk - 1, 1))
    else:
        after_pk = decode_cursor(records_query, after, secret=secret, prefix=prefix)[0] if after else None
        rows = records_query.fetch(after_pk, limit + 1)
        items = rows[:limit]
        has_next = len(rows) > limit
        first = records_query.fetch(None, 1)
        has_previous = bool(items) and bool(first) and first[0].pk < items[0].pk
        if not items and after_pk is not None:
            has_previous = bool(first) and first[0].pk <= after_pk
    start = encode_cursor(records_query, items[0].pk, secret=secret, prefix=prefix) if items else None
    end = encode_cursor(records_query, items[-1].pk, secret=secret, prefix=prefix) if items else None
    return Page(
        items=items,
        has_more=has_next,
        has_previous=has_previous,
        start_cursor=start,
        end_cursor=end,
        total=records_query.count(),
        limit=limit,
    )


# --- sync tokens ------------------------------------------------------------------------

_SYNC = struct.Struct(">QQ")  # change sequence, issue time in ms since the epoch


class SyncTokens:
    """Opaque incremental-sync tokens: the change sequence at issue time plus the filters.

    `issue(query, seq, now)` on the last page of a listing (seq: `page.sync_seq`);
    `since(query, token, now)` gives the seq to list `changed_since_seq` from, or raises
    MockError kind "sync_token_expired" (older than `max_age` on the sandbox clock) or
    "sync_token_invalid" (garbage, edited, or issued for other filters). The query passed to
    both must be the *full-sync* query (without changed_since_seq).
    """

    def __init__(
        self, *, max_age: timedelta | None = timedelta(days=7), prefix: str = "", secret: bytes | None = None
    ) -> None:
        self.max_age = max_age
        self.prefix = prefix
        self.secret = secret

    def issue(self, query: RecordQuery, seq: int, now: datetime) -> str:
        ms = int(now.timestamp() * 1000)
        return seal("sync", _SYNC.pack(seq, ms), query.fingerprint(), secret=self.secret, prefix=self.prefix)

    def since(self, query: RecordQuery, token: str, now: datetime) -> int:
        fields = unseal(
            "sync", token, _SYNC.size, query.fingerprint(), secret=self.secret, prefix=self.prefix
        )
        if fields is None:
            raise MockError.of("sync_token_invalid", "The sync token is not valid; run a full sync.")
        seq, ms = _SYNC.unpack(fields)
        age = now.timestamp() * 1000 - ms
        if self.max_age is not None and age > self.max_age.total_seconds() * 1000:
            raise MockError.of("sync_token_expired", "The sync token has expired; run a full sync.")
        return seq


def changed_since(query: RecordQuery, seq: int) -> RecordQuery:
    """The same query narrowed to records changed after `seq` (deleted ones included, so a
    sync sees deletions)."""
    return replace(query, changed_since_seq=seq, include_deleted=True)
