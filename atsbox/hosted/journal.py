"""The request journal shared by every worker and host: rows in `hosted_journal`.

Gateway (the mock core) calls `record` once per vendor request. Writing a row per request
would put a database write on the hot path of every read, so entries are buffered in
memory and written in one transaction per `flush_interval` by a background thread. A read
of the journal first writes this process's buffer, so a process always sees its own
requests; another process's appear within one flush interval. Each sandbox keeps its
newest `size` entries; older ones are pruned as new ones are written.
"""

from __future__ import annotations

import fnmatch
import logging
import threading
from collections import deque
from typing import Any

import sqlalchemy as sa

from atsbox.mocks.core.journal import JournalEntry, StatusFilter, status_matches

from .db import HostedDB, journal

log = logging.getLogger("atsbox.hosted")

DEFAULT_SIZE = 1000
FLUSH_INTERVAL_S = 0.25
_C = journal.c


def entry_view(row: Any) -> dict[str, Any]:
    return {
        "seq": row.id,
        "request_id": row.request_id,
        "vendor": row.vendor,
        "method": row.method,
        "path": row.path,
        "query": row.query,
        "status": row.status,
        "duration_ms": row.duration_ms,
        "time": None if row.time is None else row.time.isoformat(timespec="milliseconds"),
        "host": row.host,
    }


class SharedJournal:
    """A core `Journal` kept in the database (see the module doc)."""

    def __init__(
        self, db: HostedDB, size: int = DEFAULT_SIZE, flush_interval: float = FLUSH_INTERVAL_S
    ) -> None:
        if size < 1:
            raise ValueError("journal size must be at least 1")
        self.db = db
        self.size = size
        self.flush_interval = flush_interval
        self._buffer: deque[JournalEntry] = deque()
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._seq = 0
        self._thread: threading.Thread | None = None
        self._owner_pid = 0
        self._stop = threading.Event()

    # --- the core's Journal protocol ---------------------------------------------------

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def record(self, entry: JournalEntry) -> None:
        with self._lock:
            self._buffer.append(entry)
        self._ensure_thread()

    def entries(self, tenant: str | None, **filters: Any) -> list[JournalEntry]:
        """The core's view of `rows` (same filters)."""
        fields = JournalEntry.__dataclass_fields__
        return [
            JournalEntry(**{name: row.id if name == "seq" else getattr(row, name) for name in fields})
            for row in self.rows(tenant, **filters)
        ]

    def clear(self, tenant: str | None = None) -> None:
        self.flush()
        with self.db.begin(write=True) as conn:
            stmt = sa.delete(journal)
            conn.execute(stmt if tenant is None else stmt.where(_C.tenant == tenant))

    # --- reading -----------------------------------------------------------------------

    def rows(
        self,
        tenant: str | None,
        *,
        vendor: str | None = None,
        path: str | None = None,
        status: StatusFilter | None = None,
        method: str | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """Matching rows of `tenant`, oldest first; `limit` keeps the newest. `path` is a glob."""
        self.flush()
        stmt = sa.select(journal).where(_C.tenant.is_(None) if tenant is None else _C.tenant == tenant)
        if vendor is not None:
            stmt = stmt.where(_C.vendor == vendor)
        if method is not None:
            stmt = stmt.where(_C.method == method.upper())
        with self.db.begin(write=False) as conn:
            rows = conn.execute(stmt.order_by(_C.id)).all()
        found = [
            r
            for r in rows
            if (path is None or fnmatch.fnmatchcase(r.path, path)) and status_matches(r.status, status)
        ]
        return found[-limit:] if limit else found

    # --- writing -----------------------------------------------------------------------

    def flush(self) -> None:
        """Write this process's buffered entries and prune each sandbox to `size` entries."""
        with self._flush_lock:
            with self._lock:
                batch = list(self._buffer)
                self._buffer.clear()
            if not batch:
                return
            rows = [
                {
                    "tenant": e.tenant,
                    "vendor": e.vendor,
                    "method": e.method,
                    "path": e.path,
                    "query": e.query,
                    "status": e.status,
                    "duration_ms": e.duration_ms,
                    "time": e.time,
                    "host": e.host,
                    "request_id": e.request_id,
                }
                for e in batch
            ]
            with self.db.begin(write=True) as conn:
                conn.execute(sa.insert(journal), rows)
                for tenant in {e.tenant for e in batch}:
                    self._prune(conn, tenant)

    def _prune(self, conn: Any, tenant: str | None) -> None:
        owner = _C.tenant.is_(None) if tenant is None else _C.tenant == tenant
        cutoff = conn.execute(
            sa.select(_C.id).where(owner).order_by(_C.id.desc()).offset(self.size).limit(1)
        ).scalar()
        if cutoff is not None:
            conn.execute(sa.delete(journal).where(owner, _C.id <= cutoff))

    def _ensure_thread(self) -> None:
        # One flusher per process: a forked worker starts its own on its first request.
        import os

        pid = os.getpid()
        if self._thread is not None and self._owner_pid == pid:
            return
        with self._lock:
            if self._thread is not None and self._owner_pid == pid:
                return
            self._owner_pid = pid
            self._thread = threading.Thread(target=self._run, name="atsbox-journal", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.flush_interval):
            try:
                self.flush()
            except Exception:  # the journal must never take a worker down
                log.exception("journal flush failed")

    def close(self) -> None:
        self._stop.set()
        try:
            self.flush()
        except Exception:
            log.exception("journal flush failed")
