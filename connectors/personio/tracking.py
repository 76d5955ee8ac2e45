"""Noticing what a vendor does not say: deletions and changes of derived fields.

Personio (and Flatchr, which imports this module) keeps no tombstones and has no change
feed for everything a unified record holds. A connector that wants Kombo's delta
semantics — every record whose unified fields changed since ``updated_after``, deleted
ones with ``remote_deleted_at`` — has to compare what it reads with what it read before.

- `VendorClock` is the vendor's time: the ``Date`` of its latest answer (the sandbox clock
  in the mocks), else this machine's clock. Whatever the connector notices is dated by it,
  so a caller's ``updated_after`` (taken from the vendor's times) compares like with like.
- `Sightings` remembers, per model, the last version of every record it was shown:
  - a record whose content (everything but ``changed_at`` / ``remote_deleted_at``, plus
    whether it is deleted) is the same keeps its earlier ``changed_at``: rereads agree, and
    a time the record only borrows from another (a stage's latest application) does not
    make it look changed;
  - one whose content changed keeps the vendor's newer time, or, when the vendor's time did
    not move (a derived field, e.g. a candidate's source when their first application
    goes), is dated when that was noticed;
  - a record new to a model listed in full before, yet dated before that listing, came into
    view without the vendor dating it (a tag given to a candidate): dated when noticed;
  - after a *complete* listing, every record seen before and missing now is reported with
    ``remote_deleted_at`` (and ``changed_at``) set to when that was noticed, and keeps being
    reported so.

The memory lives with the connector instance (a sync worker keeps the connector of an
integration between syncs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from atsbox.connectors.base import keep_changed_after
from atsbox.connectors.http import Transport
from atsbox.connectors.unified import UnifiedRecord

# What describes the tracking, not the record.
_TRACKING = frozenset({"changed_at", "remote_deleted_at"})
# One HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT"); behind some servers an answer carries
# two Date headers (the server's and the application's), which requests joins with ", ".
_HTTP_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")


class VendorClock:
    """The vendor's time, read from the ``Date`` of every answer the transport receives."""

    def __init__(self, transport: Transport) -> None:
        self._fallback = transport.now
        self._latest: datetime | None = None
        transport.session.hooks["response"].append(self._note)

    def _note(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        found = answer_date(response.headers.get("Date"))
        if found is not None:
            self._latest = found

    def now(self) -> datetime:
        return self._latest or self._fallback()


def answer_date(value: str | None) -> datetime | None:
    """The time in a ``Date`` header (the application's, when two were joined)."""
    found = _HTTP_DATE.findall(value or "")
    return parsedate_to_datetime(found[-1]) if found else None


def same_content(a: UnifiedRecord, b: UnifiedRecord) -> bool:
    """Whether two versions of a record carry the same unified fields and deletion state."""
    if (a.remote_deleted_at is None) != (b.remote_deleted_at is None):
        return False
    mine, theirs = a.__dict__, b.__dict__
    return all(value == theirs.get(key) for key, value in mine.items() if key not in _TRACKING)


class Sightings:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self._seen: dict[str, dict[str, UnifiedRecord]] = {}
        self._listed: dict[str, datetime] = {}  # model -> when it was last listed in full

    def listed(self, model: str) -> bool:
        """Whether `model` was listed completely before, so a missing record means deleted."""
        return model in self._listed

    def lists_all(self, model: str, updated_after: datetime | None) -> bool:
        """Whether a read of `model` must list it in full: a full sync, or a delta once the
        model was listed before (only a complete listing shows what is gone)."""
        return updated_after is None or self.listed(model)

    def changed_after(
        self, model: str, records: Iterable[UnifiedRecord], *, complete: bool, updated_after: datetime | None
    ) -> list[UnifiedRecord]:
        """`stamp`, then only what changed after `updated_after` (everything without one)."""
        return keep_changed_after(self.stamp(model, records, complete=complete), updated_after)

    def stamp(self, model: str, records: Iterable[UnifiedRecord], *, complete: bool) -> list[UnifiedRecord]:
        """`records` (as the vendor shows them now) with ``changed_at`` kept or moved as the
        module says; with `complete`, followed by the records seen before and gone now."""
        seen = self._seen.setdefault(model, {})
        listed_at = self._listed.get(model)
        noticed: datetime | None = None
        out: list[UnifiedRecord] = []
        for record in records:
            before = seen.get(record.id)
            changed = record.changed_at
            if before is None:
                if listed_at is not None and changed <= listed_at:
                    noticed = noticed or self.now()
                    changed = max(noticed, changed)
            elif same_content(before, record):
                changed = before.changed_at
            elif changed <= before.changed_at:
                noticed = noticed or self.now()
                changed = max(noticed, before.changed_at)
            if changed != record.changed_at:
                record = record.model_copy(update={"changed_at": changed})
            seen[record.id] = record
            out.append(record)
        if complete:
            present = {r.id for r in out}
            for record_id, before in seen.items():
                if record_id in present:
                    continue
                if before.remote_deleted_at is None:
                    noticed = noticed or self.now()
                    before = before.model_copy(update={"remote_deleted_at": noticed, "changed_at": noticed})
                    seen[record_id] = before
                out.append(before)
            self._listed[model] = noticed or self.now()
        return out
