"""Engine construction per backend, and the few statements whose best form differs by dialect.

SQLite needs care to be both correct and shareable:

* in-memory (``sqlite://``): one connection shared by every thread (StaticPool,
  check_same_thread=False); the Store serialises access to it with a lock;
* file (``sqlite:///path.db``): WAL so readers never block the writer and other processes
  see committed writes, a busy timeout so writers queue instead of failing, and
  synchronous=NORMAL (durable across application crashes, which is all a sandbox needs).
  pysqlite's own transaction handling is switched off and the Store emits ``BEGIN
  IMMEDIATE`` for write transactions itself: a write transaction then takes the database's
  write lock up front, so read-modify-write sequences (change-sequence bumps, next_int)
  are atomic across processes and never fail half-way with SQLITE_BUSY on lock upgrade.

Everything else (PostgreSQL, ...) uses the default pool; atomicity there comes from row
locks taken by ``UPDATE ... RETURNING`` on the tenant's sequence row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

# Connection execution option read by the SQLite "begin" hook: "IMMEDIATE" or "DEFERRED".
BEGIN_MODE = "atsbox_begin"


def normalise_url(url: str) -> str:
    """``postgresql://`` / ``postgres://`` mean psycopg 3, the driver this project targets."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_memory_sqlite(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def make_engine(url: str, *, echo: bool = False, busy_timeout_ms: int = 30_000) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, echo=echo, pool_pre_ping=True)
    memory = is_memory_sqlite(url)
    engine = sa.create_engine(
        parsed,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        **({"poolclass": StaticPool} if memory else {"pool_size": 8, "max_overflow": 32}),
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite (it would defer BEGIN and never
        # emit IMMEDIATE); the "begin" hook below emits it instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _native_insert(conn: Connection, table: sa.Table) -> Any | None:
    """The dialect's INSERT construct with ON CONFLICT support, where there is one."""
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        return None
    return insert(table)


def _key_filter(table: sa.Table, key: Mapping[str, Any]) -> list[Any]:
    return [table.c[name] == value for name, value in key.items()]


def insert_ignore(
    conn: Connection, table: sa.Table, key: Mapping[str, Any], values: Mapping[str, Any]
) -> None:
    """Insert a row unless one with this primary key exists (no error, no change)."""
    native = _native_insert(conn, table)
    if native is not None:
        conn.execute(native.values({**key, **values}).on_conflict_do_nothing(index_elements=list(key)))
        return
    if conn.execute(sa.select(sa.literal(1)).where(*_key_filter(table, key))).first() is None:
        try:
            with conn.begin_nested():
                conn.execute(sa.insert(table).values({**key, **values}))
        except sa.exc.IntegrityError:  # another writer inserted it first: that is fine
            pass


def upsert(conn: Connection, table: sa.Table, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Insert the row, or overwrite `values` on the existing row with this primary key."""
    native = _native_insert(conn, table)
    if native is not None:
        stmt = native.values({**key, **values})
        conn.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=dict(values)))
        return
    if conn.execute(sa.update(table).where(*_key_filter(table, key)).values(dict(values))).rowcount == 0:
        conn.execute(sa.insert(table).values({**key, **values}))
