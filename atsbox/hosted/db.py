"""The hosted service's own tables, next to the store's in the same database.

Two small tables that belong to the service rather than to any sandbox: `hosted_settings`
(the admin token's digest, the webhook deliverer's lease) and `hosted_journal` (the request
journal every worker and host appends to). They live in the store's database so that every
process serving it, on one host or several, shares them; they have their own engine so the
store's connection handling stays the store's. An in-memory store gets an in-memory
database of its own here: one process only, which is all an in-memory store supports.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from atsbox.store.engine import BEGIN_MODE, insert_ignore, is_memory_sqlite, make_engine, upsert
from atsbox.store.schema import JsonText, UtcInstant

metadata = sa.MetaData()

settings = sa.Table(
    "hosted_settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", JsonText, nullable=False),
)

journal = sa.Table(
    "hosted_journal",
    metadata,
    sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    ),
    sa.Column("tenant", sa.String(200), nullable=True),
    sa.Column("vendor", sa.String(40), nullable=False),
    sa.Column("method", sa.String(16), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("duration_ms", sa.Float, nullable=False),
    sa.Column("time", UtcInstant, nullable=True),
    sa.Column("host", sa.String(255), nullable=True),
    sa.Column("request_id", sa.String(64), nullable=True),
    sa.Index("hosted_journal_tenant", "tenant", "id"),
    sqlite_autoincrement=True,
)


class HostedDB:
    """Connections to the hosted tables of the database behind `store_url`."""

    def __init__(self, store_url: str) -> None:
        self.engine = make_engine(store_url)
        self._sqlite = self.engine.dialect.name == "sqlite"
        memory = is_memory_sqlite(store_url)
        # The in-memory database is one shared connection: one transaction at a time.
        self._lock: contextlib.AbstractContextManager[Any] = (
            threading.RLock() if memory else contextlib.nullcontext()
        )
        if not memory:
            ref = weakref.ref(self)
            # A forked worker opens its own connections (see Store.__init__ for why).
            os.register_at_fork(after_in_child=lambda: (d := ref()) and d.engine.dispose(close=False))
        with self.begin(write=True) as conn:
            metadata.create_all(conn)

    @contextlib.contextmanager
    def begin(self, *, write: bool) -> Iterator[Connection]:
        with self._lock, self.engine.connect() as conn:
            if self._sqlite:
                conn.execution_options(**{BEGIN_MODE: "IMMEDIATE" if write else "DEFERRED"})
            with conn.begin():
                yield conn

    def setting(self, key: str, default: Any = None) -> Any:
        with self.begin(write=False) as conn:
            row = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).first()
        return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self.begin(write=True) as conn:
            upsert(conn, settings, {"key": key}, {"value": value})

    def add_setting(self, key: str, value: Any) -> bool:
        """Store `value` unless `key` is set already; True if this call stored it."""
        with self.begin(write=True) as conn:
            insert_ignore(conn, settings, {"key": key}, {"value": value})
            row = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).first()
        return row is not None and row.value == value

    def ping(self) -> None:
        with self.begin(write=False) as conn:
            conn.execute(sa.select(sa.literal(1)))

    def close(self) -> None:
        self.engine.dispose()
