"""A bounded journal of the requests each sandbox received.

Used to show a developer what their integration sent (and to assert on it in tests). The
interface (`record`, `entries`, `clear`) is storage-agnostic; `MemoryJournal` keeps a ring
buffer per tenant in this process, which is enough for one server process. Requests that
never reached a tenant (no or bad credentials) are kept under tenant None.
"""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

DEFAULT_JOURNAL_SIZE = 1000


@dataclass(frozen=True, slots=True)
class JournalEntry:
    seq: int  # order of arrival in this journal
    request_id: str | None
    tenant: str | None
    vendor: str
    method: str
    path: str  # relative to the vendor's root: "/candidate.list"
    query: str
    status: int  # 0: the connection was dropped (fault injection), no response was sent
    duration_ms: float
    time: datetime | None  # on the tenant's sandbox clock; None before a tenant was known
    host: str | None  # the vendor host it came in on, when routed by Host


StatusFilter = int | str | Collection[int]


def status_matches(status: int, wanted: StatusFilter | None) -> bool:
    """`wanted` is a status (404), a class ("4xx") or a collection of statuses."""
    if wanted is None:
        return True
    if isinstance(wanted, int):
        return status == wanted
    if isinstance(wanted, str):
        text = wanted.lower()
        if len(text) == 3 and text.endswith("xx") and text[0].isdigit():
            return status // 100 == int(text[0])
        return str(status) == text
    return status in wanted


class Journal(Protocol):
    def record(self, entry: JournalEntry) -> None: ...

    def entries(
        self,
        tenant: str | None,
        *,
        vendor: str | None = None,
        path: str | None = None,
        status: StatusFilter | None = None,
        method: str | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]: ...

    def clear(self, tenant: str | None = None) -> None: ...

    def next_seq(self) -> int: ...


class MemoryJournal:
    """Ring buffer of the last `size` entries per tenant, oldest first."""

    def __init__(self, size: int = DEFAULT_JOURNAL_SIZE) -> None:
        if size < 1:
            raise ValueError("journal size must be at least 1")
        self.size = size
        self._by_tenant: dict[str | None, deque[JournalEntry]] = {}
        self._lock = threading.Lock()
        self._seq = 0

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def record(self, entry: JournalEntry) -> None:
        with self._lock:
            ring = self._by_tenant.get(entry.tenant)
            if ring is None:
                ring = self._by_tenant[entry.tenant] = deque(maxlen=self.size)
            ring.append(entry)

    def entries(
        self,
        tenant: str | None,
        *,
        vendor: str | None = None,
        path: str | None = None,
        status: StatusFilter | None = None,
        method: str | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]:
        """Matching entries, oldest first; `path` is a glob ("/candidate.*"); `limit`
        keeps the newest ones."""
        with self._lock:
            snapshot = list(self._by_tenant.get(tenant, ()))
        found = [
            e
            for e in snapshot
            if (vendor is None or e.vendor == vendor)
            and (path is None or fnmatch.fnmatchcase(e.path, path))
            and (method is None or e.method == method.upper())
            and status_matches(e.status, status)
        ]
        return found[-limit:] if limit else found

    def clear(self, tenant: str | None = None) -> None:
        with self._lock:
            if tenant is None:
                self._by_tenant.clear()
            else:
                self._by_tenant.pop(tenant, None)
