"""`Store`: native vendor documents per sandbox (tenant), on SQLAlchemy Core.

Connections and transactions: every public method runs on "the current connection". Inside
``with store.transaction():`` that is the block's connection (held in a ContextVar, so each
thread / request has its own); outside, each call opens a short transaction of its own.
Write transactions of one tenant never interleave: on SQLite a write transaction starts with
``BEGIN IMMEDIATE`` (the database's write lock, see engine.py); on PostgreSQL and other
servers it locks the tenant's row (SELECT ... FOR UPDATE) before it first reads or writes
anything of that tenant. So a get-then-put block, a change-sequence bump or next_int is
atomic across threads and processes.

On PostgreSQL a failed statement (say an IntegrityError) aborts the whole surrounding
transaction; on SQLite the transaction would go on. Let such errors end the block.
"""

from __future__ import annotations

import builtins
import contextlib
import itertools
import os
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import exchange
from . import statements as q
from .engine import BEGIN_MODE, insert_ignore, is_memory_sqlite, make_engine, normalise_url, upsert
from .errors import ReadOnlyViolation, TenantExists, UnknownTenant
from .schema import (
    CHANGES,
    TENANT_TABLES,
    as_utc,
    credentials,
    dumps,
    kv,
    loads,
    metadata,
    records,
    sequences,
    tenants,
    to_micros,
)

# A row for put_many: (id, doc, parent, created_at, updated_at, deleted_at).
SeedRow = tuple[str, dict[str, Any], str | None, datetime, datetime, datetime | None]


@dataclass(frozen=True, slots=True)
class Record:
    """One stored document. `doc` is decoded afresh for each Record (mutating it changes
    nothing stored); `seq` is the tenant's change sequence at its last put / soft delete;
    `pk` orders records by first insertion (replacing keeps it)."""

    tenant: str
    vendor: str
    kind: str
    id: str
    doc: dict[str, Any]
    parent: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    seq: int
    pk: int


@dataclass(frozen=True, slots=True)
class RequestBinding:
    """What `Store.resolve_request` finds for a credential (see there)."""

    tenant: str
    meta: dict[str, Any]
    tenant_meta: dict[str, Any]
    tenant_created_at: datetime
    seq: int
    kv_value: Any  # None when the key is absent or expired


_R = records.c


def _record(row: Sequence[Any]) -> Record:
    tenant, vendor, kind, id_, doc, parent, created, updated, deleted, seq, pk = row
    return Record(tenant, vendor, kind, id_, loads(doc), parent, created, updated, deleted, seq, pk)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class _Tx:
    __slots__ = ("conn", "locked", "write")

    def __init__(self, conn: Connection, write: bool) -> None:
        self.conn = conn
        self.write = write
        self.locked: set[str] = set()  # tenants whose row this transaction has locked


class Store:
    """Native vendor documents, credentials and small state, per tenant (sandbox).

    ``url``: ``sqlite://`` (in memory, shared by all threads of this process),
    ``sqlite:///path/file.db`` (WAL; several processes may share it), or any SQLAlchemy URL
    (``postgresql://...`` is read as psycopg 3). Tables are created if missing.
    Times passed in must be timezone-aware; times read back are in UTC. ``close()`` ends an
    in-memory store's data.
    """

    def __init__(self, url: str = "sqlite://", *, echo: bool = False, busy_timeout_ms: int = 30_000) -> None:
        self.url = normalise_url(url)
        self._engine = make_engine(self.url, echo=echo, busy_timeout_ms=busy_timeout_ms)
        self._sqlite = self._engine.dialect.name == "sqlite"
        self._memory = is_memory_sqlite(self.url)
        # One shared connection (in-memory SQLite) must be used by one transaction at a time.
        self._lock: contextlib.AbstractContextManager[Any] = (
            threading.RLock() if self._memory else contextlib.nullcontext()
        )
        self._active: ContextVar[_Tx | None] = ContextVar(f"atsbox_store_tx_{id(self)}", default=None)
        self._returning = self._engine.dialect.update_returning
        # SQLite's BEGIN IMMEDIATE already serialises write transactions; elsewhere a write
        # transaction locks each tenant's row before it first touches that tenant.
        self._lock_tenants = not self._sqlite
        if not self._memory:
            # A forked child (pre-forking servers, multiprocessing "fork") must not reuse the
            # parent's pooled connections; it opens its own on first use.
            ref = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: (s := ref()) and s._engine.dispose(close=False))
        with self._begin(write=True) as conn:  # IMMEDIATE: concurrent first opens don't race
            metadata.create_all(conn)

    # ----------------------------------------------------------------- plumbing

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def analyze(self) -> None:
        """Refresh the query planner's statistics; call it after seeding (put_many, import).

        On PostgreSQL, before autovacuum gets to a freshly loaded table the planner believes
        it nearly empty and pages through `list` with the wrong index (seen: 23 ms instead of
        ~1 ms per page of 100 over 60k records). On SQLite it is cheap and harmless.
        """
        with self._engine.connect() as conn:
            if self._sqlite:
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    f"ANALYZE {records.name}"
                )
            conn.commit()

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._engine.url.render_as_string(hide_password=True)!r})"

    @contextlib.contextmanager
    def _begin(self, *, write: bool, snapshot: bool = False) -> Iterator[Connection]:
        with self._lock, self._engine.connect() as conn:
            if self._sqlite:  # a deferred SQLite read transaction is a snapshot already
                conn.execution_options(**{BEGIN_MODE: "IMMEDIATE" if write else "DEFERRED"})
            elif snapshot:  # several reads that must agree (export, readonly blocks)
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def transaction(self, *, readonly: bool = False) -> Iterator[None]:
        """Everything inside commits together, or nothing does (the block raised).

        Nested blocks join the outermost one. ``readonly=True`` opens a read transaction
        (a consistent snapshot; writes inside it raise StoreError).
        """
        tx = self._active.get()
        if tx is not None:
            if not readonly and not tx.write:
                raise ReadOnlyViolation("a write transaction cannot be nested in a read-only one")
            yield
            return
        with self._begin(write=not readonly, snapshot=readonly) as conn:
            token = self._active.set(_Tx(conn, not readonly))
            try:
                yield
            finally:
                self._active.reset(token)

    @contextlib.contextmanager
    def _conn(self, *, write: bool, tenant: str | None = None) -> Iterator[Connection]:
        """The current connection; `tenant`: the tenant the caller is about to read or write.

        Inside a write transaction on a server database, the tenant's row is locked
        (SELECT ... FOR UPDATE) before the first statement about it, reads included: a
        read-then-write block (get, then put) would otherwise read a value that a concurrent
        writer is about to replace, and lose that writer's update under READ COMMITTED.
        """
        tx = self._active.get()
        if tx is None:
            with self._begin(write=write) as conn:
                if write and tenant is not None and self._lock_tenants:
                    conn.execute(q.LOCK_TENANT, {"l_tenant": tenant})
                yield conn
            return
        if write and not tx.write:
            raise ReadOnlyViolation("write attempted inside a read-only transaction")
        if tx.write and tenant is not None and self._lock_tenants and tenant not in tx.locked:
            tx.conn.execute(q.LOCK_TENANT, {"l_tenant": tenant})
            tx.locked.add(tenant)
        yield tx.conn

    def _bump(self, conn: Connection, tenant: str, name: str, by: int = 1) -> int | None:
        """Add `by` to a sequence row and return the new value (None: no such row)."""
        params = {"s_tenant": tenant, "s_name": name, "s_by": by}
        if self._returning:
            return conn.execute(q.BUMP_RETURNING, params).scalar()
        if conn.execute(q.BUMP, params).rowcount == 0:
            return None
        return conn.execute(q.SEQ_VALUE, params).scalar()

    def _next_seq(self, conn: Connection, tenant: str, by: int = 1) -> int:
        value = self._bump(conn, tenant, CHANGES, by)
        if value is None:
            raise UnknownTenant(tenant)
        return value

    def _require_tenant(self, conn: Connection, tenant: str) -> None:
        if conn.execute(sa.select(tenants.c.id).where(tenants.c.id == tenant)).first() is None:
            raise UnknownTenant(tenant)

    # ------------------------------------------------------------------ tenants

    def create_tenant(
        self, tenant: str, meta: dict[str, Any] | None = None, *, at: datetime | None = None
    ) -> None:
        created = as_utc(at or _utcnow(), "at")
        with self._conn(write=True, tenant=tenant) as conn:
            if conn.execute(sa.select(tenants.c.id).where(tenants.c.id == tenant)).first() is not None:
                raise TenantExists(tenant)
            conn.execute(sa.insert(tenants).values(id=tenant, meta=dict(meta or {}), created_at=created))
            conn.execute(sa.insert(sequences).values(tenant=tenant, name=CHANGES, value=0))

    def get_tenant(self, tenant: str, *, for_update: bool = False) -> dict[str, Any] | None:
        """``{"id", "meta", "created_at"}``; ``for_update`` locks the row for a read-modify-write."""
        stmt = q.TENANT_ROW_FOR_UPDATE if for_update else q.TENANT_ROW
        with self._conn(write=for_update, tenant=tenant) as conn:
            row = conn.execute(stmt, {"t_id": tenant}).first()
        return None if row is None else {"id": row.id, "meta": row.meta, "created_at": row.created_at}

    def update_tenant_meta(self, tenant: str, **changes: Any) -> dict[str, Any]:
        """Merge `changes` into the tenant's meta (atomically) and return the new meta."""
        with self.transaction(), self._conn(write=True, tenant=tenant) as conn:
            current = self.get_tenant(tenant, for_update=True)
            if current is None:
                raise UnknownTenant(tenant)
            meta = {**current["meta"], **changes}
            conn.execute(sa.update(tenants).where(tenants.c.id == tenant).values(meta=meta))
        return meta

    def delete_tenant(self, tenant: str) -> bool:
        """Remove the tenant and all its rows and credentials. False if it did not exist."""
        with self._conn(write=True, tenant=tenant) as conn:
            existed = False
            for table, column in TENANT_TABLES:
                existed = conn.execute(sa.delete(table).where(column == tenant)).rowcount > 0 or existed
        return existed

    def tenants(self) -> list[str]:
        with self._conn(write=False) as conn:
            return list(conn.execute(sa.select(tenants.c.id).order_by(tenants.c.id)).scalars())

    # ------------------------------------------------------------------ records

    def put(
        self,
        tenant: str,
        vendor: str,
        kind: str,
        id: str,
        doc: dict[str, Any],
        *,
        parent: str | None = None,
        at: datetime,
        created_at: datetime | None = None,
        deleted_at: datetime | None = None,
    ) -> Record:
        """Insert or replace a document; bumps the tenant's change sequence.

        On replace, created_at and pk are kept and parent, doc, updated_at (= `at`) and
        deleted_at (default None: a put revives a soft-deleted record) are overwritten.
        `created_at` only applies to an insert (default: `at`).
        """
        at = as_utc(at, "at")
        deleted_at = None if deleted_at is None else as_utc(deleted_at, "deleted_at")
        body = dumps(doc)
        with self._conn(write=True, tenant=tenant) as conn:
            seq = self._next_seq(conn, tenant)
            found = conn.execute(q.FIND, q.key_params(tenant, vendor, kind, id)).first()
            if found is not None:
                pk, created = found
                values = {
                    "b_pk": pk,
                    "b_doc": body,
                    "b_parent": parent,
                    "b_updated": at,
                    "b_deleted": deleted_at,
                }
                conn.execute(q.REPLACE, {**values, "b_seq": seq})
            else:
                created = at if created_at is None else as_utc(created_at, "created_at")
                row = {
                    "tenant": tenant,
                    "vendor": vendor,
                    "kind": kind,
                    "id": id,
                    "doc": body,
                    "parent": parent,
                }
                times = {"created_at": created, "updated_at": at, "deleted_at": deleted_at, "seq": seq}
                pk = conn.execute(q.INSERT, {**row, **times}).inserted_primary_key[0]
        return Record(tenant, vendor, kind, id, loads(body), parent, created, at, deleted_at, seq, pk)

    def put_many(self, tenant: str, vendor: str, kind: str, rows: Iterable[SeedRow]) -> int:
        """Bulk-insert new records (seeding); each gets its own change-sequence number.

        Rows are inserted in the given order (so pk order = iteration order). Ids must be new:
        an existing (tenant, vendor, kind, id) raises IntegrityError and nothing is inserted.
        Returns the number of rows inserted.
        """
        total = 0
        with self._conn(write=True, tenant=tenant) as conn:
            # Chunks keep the parameter lists (and the garbage collector's work) small.
            for chunk in (
                itertools.batched(rows, _SEED_CHUNK) if hasattr(itertools, "batched") else _batched(rows)
            ):
                seq = self._next_seq(conn, tenant, len(chunk)) - len(chunk)
                params = []
                for id_, doc, parent, created, updated, deleted in chunk:
                    seq += 1
                    params.append(
                        {
                            "tenant": tenant,
                            "vendor": vendor,
                            "kind": kind,
                            "id": id_,
                            "doc": dumps(doc),
                            "parent": parent,
                            "created_at": to_micros(created),
                            "updated_at": to_micros(updated),
                            "deleted_at": None if deleted is None else to_micros(deleted),
                            "seq": seq,
                        }
                    )
                conn.execute(q.RAW_INSERT, params)
                total += len(params)
        return total

    def get(
        self, tenant: str, vendor: str, kind: str, id: str, *, include_deleted: bool = False
    ) -> Record | None:
        stmt = q.GET_ANY if include_deleted else q.GET_LIVE
        with self._conn(write=False, tenant=tenant) as conn:
            row = conn.execute(stmt, q.key_params(tenant, vendor, kind, id)).first()
        return None if row is None else _record(row)

    def list(
        self,
        tenant: str,
        vendor: str,
        kind: str,
        *,
        parent: str | None = None,
        after_pk: int | None = None,
        limit: int | None = None,
        changed_since_seq: int | None = None,
        include_deleted: bool = False,
        ids: Iterable[str] | None = None,
    ) -> builtins.list[Record]:
        """Records ordered by pk (insertion order). ``parent=None`` means any parent;
        ``changed_since_seq=n`` keeps records whose last change has seq > n; ``ids`` keeps
        only those ids (missing ones are simply absent)."""
        stmt, params = q.records_filter(
            tenant,
            vendor,
            kind,
            parent=parent,
            after_pk=after_pk,
            changed_since_seq=changed_since_seq,
            include_deleted=include_deleted,
            ids=ids,
            limit=limit,
            count=False,
        )
        with self._conn(write=False, tenant=tenant) as conn:
            return [_record(row) for row in conn.execute(stmt, params)]

    def count(
        self,
        tenant: str,
        vendor: str,
        kind: str,
        *,
        parent: str | None = None,
        after_pk: int | None = None,
        changed_since_seq: int | None = None,
        include_deleted: bool = False,
        ids: Iterable[str] | None = None,
    ) -> int:
        """How many records `list` would return with the same filters and no limit."""
        stmt, params = q.records_filter(
            tenant,
            vendor,
            kind,
            parent=parent,
            after_pk=after_pk,
            changed_since_seq=changed_since_seq,
            include_deleted=include_deleted,
            ids=ids,
            limit=None,
            count=True,
        )
        with self._conn(write=False, tenant=tenant) as conn:
            return conn.execute(stmt, params).scalar_one()

    def kinds(self, tenant: str, vendor: str) -> builtins.list[str]:
        """The record kinds a vendor keeps for a tenant (deleted records count), sorted."""
        stmt = (
            sa.select(records.c.kind)
            .where(records.c.tenant == tenant, records.c.vendor == vendor)
            .distinct()
            .order_by(records.c.kind)
        )
        with self._conn(write=False, tenant=tenant) as conn:
            return [row[0] for row in conn.execute(stmt)]

    def soft_delete(self, tenant: str, vendor: str, kind: str, id: str, *, at: datetime) -> Record | None:
        """Mark the record deleted at `at` and bump the change sequence.

        Idempotent: an already-deleted record is returned unchanged (no bump). None if the
        record does not exist at all.
        """
        at = as_utc(at, "at")
        with self.transaction(), self._conn(write=True, tenant=tenant) as conn:
            current = self.get(tenant, vendor, kind, id, include_deleted=True)
            if current is None or current.deleted_at is not None:
                return current
            seq = self._next_seq(conn, tenant)
            conn.execute(q.MARK_DELETED, {"b_pk": current.pk, "b_deleted": at, "b_seq": seq})
        return Record(
            tenant,
            vendor,
            kind,
            id,
            current.doc,
            current.parent,
            current.created_at,
            current.updated_at,
            at,
            seq,
            current.pk,
        )

    def hard_delete(self, tenant: str, vendor: str, kind: str, id: str) -> bool:
        """Remove the record for good (it leaves no trace in change feeds). Bumps the sequence."""
        with self._conn(write=True, tenant=tenant) as conn:
            self._next_seq(conn, tenant)
            return conn.execute(q.DELETE, q.key_params(tenant, vendor, kind, id)).rowcount > 0

    # ------------------------------------------------------- sequences, counters

    def current_seq(self, tenant: str) -> int:
        """The tenant's change sequence: the seq of its latest put / soft delete (0 if none)."""
        with self._conn(write=False, tenant=tenant) as conn:
            value = conn.execute(q.SEQ_VALUE, {"s_tenant": tenant, "s_name": CHANGES}).scalar()
        if value is None:
            raise UnknownTenant(tenant)
        return value

    def next_int(self, tenant: str, vendor: str, counter: str) -> int:
        """The next integer of a per (tenant, vendor, counter) counter: 1, 2, ... (atomic)."""
        name = f"{vendor}:{counter}"
        with self._conn(write=True, tenant=tenant) as conn:
            value = self._bump(conn, tenant, name)
            if value is None:
                self._create_counter(conn, tenant, name)
                value = self._bump(conn, tenant, name)
        assert value is not None
        return value

    def seed_int(self, tenant: str, vendor: str, counter: str, value: int) -> None:
        """Make next_int return at least value + 1 (never moves a counter backwards)."""
        name = f"{vendor}:{counter}"
        col = sequences.c.value
        with self._conn(write=True, tenant=tenant) as conn:
            self._create_counter(conn, tenant, name)
            stmt = sa.update(sequences).where(sequences.c.tenant == tenant, sequences.c.name == name)
            conn.execute(stmt.values(value=sa.case((col < value, value), else_=col)))

    def _create_counter(self, conn: Connection, tenant: str, name: str) -> None:
        self._require_tenant(conn, tenant)
        insert_ignore(conn, sequences, {"tenant": tenant, "name": name}, {"value": 0})

    # ------------------------------------------------------------------------ kv

    def kv_set(
        self, tenant: str, vendor: str, key: str, value: Any, *, expires_at: datetime | None = None
    ) -> None:
        """Store a small JSON value under (tenant, vendor, key), replacing any previous one."""
        expires = None if expires_at is None else as_utc(expires_at, "expires_at")
        with self._conn(write=True, tenant=tenant) as conn:
            self._require_tenant(conn, tenant)
            upsert(
                conn,
                kv,
                {"tenant": tenant, "vendor": vendor, "key": key},
                {"value": value, "expires_at": expires},
            )

    def kv_get(
        self, tenant: str, vendor: str, key: str, default: Any = None, *, now: datetime | None = None
    ) -> Any:
        """The value, or `default` if absent or expired at `now` (default: the system time;
        pass the sandbox clock's time where it matters)."""
        with self._conn(write=False, tenant=tenant) as conn:
            row = conn.execute(q.KV_VALUE, {"v_tenant": tenant, "v_vendor": vendor, "v_key": key}).first()
        if row is None or _expired(row.expires_at, now):
            return default
        return row.value

    def kv_pop(
        self, tenant: str, vendor: str, key: str, default: Any = None, *, now: datetime | None = None
    ) -> Any:
        """Get and delete in one step (one-time values such as OAuth authorization codes)."""
        with self.transaction(), self._conn(write=True, tenant=tenant) as conn:
            value = self.kv_get(tenant, vendor, key, _MISSING, now=now)
            conn.execute(sa.delete(kv).where(*_kv_key(tenant, vendor, key)))
        return default if value is _MISSING else value

    def kv_delete(self, tenant: str, vendor: str, key: str) -> bool:
        with self._conn(write=True, tenant=tenant) as conn:
            return conn.execute(sa.delete(kv).where(*_kv_key(tenant, vendor, key))).rowcount > 0

    def kv_list(
        self, tenant: str, vendor: str, prefix: str = "", *, now: datetime | None = None
    ) -> dict[str, Any]:
        """Unexpired values whose key starts with `prefix`, ordered by key."""
        stmt = sa.select(kv.c.key, kv.c.value, kv.c.expires_at).where(
            kv.c.tenant == tenant, kv.c.vendor == vendor
        )
        if prefix:
            stmt = stmt.where(kv.c.key.startswith(prefix, autoescape=True))
        with self._conn(write=False, tenant=tenant) as conn:
            rows = conn.execute(stmt.order_by(kv.c.key)).all()
        return {row.key: row.value for row in rows if not _expired(row.expires_at, now)}

    # --------------------------------------------------------------- credentials

    def add_credential(
        self, vendor: str, kind: str, secret: str, tenant: str, meta: dict[str, Any] | None = None
    ) -> None:
        """Register a secret (API key, token, ...) of `vendor`/`kind` as belonging to `tenant`.
        Re-adding the same secret rebinds it (tenant and meta are overwritten)."""
        with self._conn(write=True, tenant=tenant) as conn:
            self._require_tenant(conn, tenant)
            key = {"vendor": vendor, "kind": kind, "secret": secret}
            upsert(conn, credentials, key, {"tenant": tenant, "meta": dict(meta or {})})

    def resolve_credential(self, vendor: str, kind: str, secret: str) -> tuple[str, dict[str, Any]] | None:
        """``(tenant, meta)`` for a known secret, else None."""
        with self._conn(write=False) as conn:
            row = conn.execute(q.CREDENTIAL, {"c_vendor": vendor, "c_kind": kind, "c_secret": secret}).first()
        return None if row is None else (row.tenant, row.meta)

    def resolve_request(self, vendor: str, kind: str, secret: str, kv_key: str) -> RequestBinding | None:
        """`resolve_credential`, the tenant's row, its change sequence and the vendor's kv
        value under `kv_key` in one query: what a mock needs before it handles a request."""
        params = {
            "c_vendor": vendor,
            "c_kind": kind,
            "c_secret": secret,
            "r_seq_name": CHANGES,
            "r_key": kv_key,
        }
        with self._conn(write=False) as conn:
            row = conn.execute(q.REQUEST_BINDING, params).first()
        if row is None:
            return None
        value = None if row.kv_value is None or _expired(row.kv_expires_at, None) else row.kv_value
        return RequestBinding(row.tenant, row.meta, row.tenant_meta, row.created_at, row.seq, value)

    def remove_credential(self, vendor: str, kind: str, secret: str) -> bool:
        c = credentials.c
        with self._conn(write=True) as conn:
            return (
                conn.execute(
                    sa.delete(credentials).where(c.vendor == vendor, c.kind == kind, c.secret == secret)
                ).rowcount
                > 0
            )

    def credentials_of(self, tenant: str) -> builtins.list[dict[str, Any]]:
        """``[{"vendor", "kind", "secret", "meta"}]`` ordered by vendor, kind, secret."""
        c = credentials.c
        stmt = (
            sa.select(c.vendor, c.kind, c.secret, c.meta)
            .where(c.tenant == tenant)
            .order_by(c.vendor, c.kind, c.secret)
        )
        with self._conn(write=False, tenant=tenant) as conn:
            return [row._asdict() for row in conn.execute(stmt)]

    # --------------------------------------------------------- export / import

    def export_tenant(self, tenant: str) -> dict[str, Any]:
        """Everything the tenant owns as a JSON-able dict (see exchange.py for the format)."""
        with self.transaction(readonly=True), self._conn(write=False, tenant=tenant) as conn:
            return exchange.export_tenant(conn, tenant)

    def import_tenant(self, data: dict[str, Any]) -> str:
        """Recreate a tenant from export_tenant's output; returns its id. Its export is
        then identical to `data` (record pks differ: they are not part of the export)."""
        with self._conn(write=True) as conn:
            tenant = data["tenant"]["id"]
            if conn.execute(sa.select(tenants.c.id).where(tenants.c.id == tenant)).first() is not None:
                raise TenantExists(tenant)
            exchange.import_tenant(conn, data)
        return tenant


_MISSING = object()
_SEED_CHUNK = 2000


def _batched(rows: Iterable[SeedRow]) -> Iterator[tuple[SeedRow, ...]]:
    """Tuples of up to _SEED_CHUNK rows (itertools.batched arrives only in Python 3.12)."""
    it = iter(rows)
    while chunk := tuple(itertools.islice(it, _SEED_CHUNK)):
        yield chunk


def _expired(expires_at: datetime | None, now: datetime | None) -> bool:
    return expires_at is not None and expires_at <= as_utc(now or _utcnow(), "now")


def _kv_key(tenant: str, vendor: str, key: str) -> tuple[Any, ...]:
    return (kv.c.tenant == tenant, kv.c.vendor == vendor, kv.c.key == key)
