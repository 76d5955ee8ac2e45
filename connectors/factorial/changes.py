"""Change tracking for Factorial, whose ATS lists have no updated-since filter and whose
deleted records simply vanish (reference §3 "Filtering by update time").

Every read is a full listing. `ChangeLog` remembers, per model, what each record looked
like at the previous read, and from that derives what Kombo reports:

- `changed_at`: the vendor's own change time when the record is new to this connector
  (its `updated_at`, else `created_at`); the time of the read that first saw a different
  content afterwards (a job posting has no `updated_at`, and a candidate's custom values
  or source change without touching it);
- deletions: a record the vendor marks deleted (a job posting's status `deleted`), or one
  that was listed before and is missing now, is delivered with `remote_deleted_at` = the
  read that first noticed it (or, for a record already deleted when first seen, its own
  latest vendor time), and keeps being delivered so.

The log lives in memory with the connector; `snapshot()` / `restore()` carry it across
processes (a sync worker keeps it with the integration).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from atsbox.connectors.unified import UnifiedRecord, iso_utc

# Fields that describe the tracking itself, not the record's content.
_TRACKING = ("changed_at", "remote_deleted_at")


@dataclass(slots=True)
class Seen:
    digest: str
    changed_at: datetime
    deleted_at: datetime | None
    record: UnifiedRecord


def _digest(record: UnifiedRecord) -> str:
    data = record.model_dump(mode="json", exclude=set(_TRACKING))
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class ChangeLog:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self._seen: dict[str, dict[str, Seen]] = {}

    def track(
        self,
        model: str,
        records: Iterable[tuple[UnifiedRecord, datetime | None, bool]],
    ) -> list[UnifiedRecord]:
        """Stamp one full read of `model`: (record, vendor change time, deleted by vendor).

        Returns the records with changed_at / remote_deleted_at set, followed by the
        records that were read before and are gone now.
        """
        seen = self._seen.setdefault(model, {})
        read_at = self.now()
        out: list[UnifiedRecord] = []
        present: set[str] = set()
        for record, vendor_time, deleted in records:
            present.add(record.id)
            digest = _digest(record)
            before = seen.get(record.id)
            if before is None:
                # Seen for the first time: dated by the vendor's own latest time for it, also
                # when it is deleted already (Factorial says that, not when).
                changed = vendor_time or read_at
                deleted_at = changed if deleted else None
            else:
                changed = before.changed_at if before.digest == digest else read_at
                deleted_at = before.deleted_at if deleted else None
                if deleted and before.deleted_at is None:
                    deleted_at = changed = read_at
            if vendor_time is not None and vendor_time > changed:
                changed = vendor_time
            stamped = record.model_copy(update={"changed_at": changed, "remote_deleted_at": deleted_at})
            seen[record.id] = Seen(digest, changed, deleted_at, stamped)
            out.append(stamped)
        for record_id, before in seen.items():
            if record_id in present:
                continue
            if before.deleted_at is None:
                stamped = before.record.model_copy(
                    update={"changed_at": read_at, "remote_deleted_at": read_at}
                )
                seen[record_id] = Seen(before.digest, read_at, read_at, stamped)
            out.append(seen[record_id].record)
        return out

    def deleted_at(self, model: str, record_id: str) -> datetime | None:
        found = self._seen.get(model, {}).get(record_id)
        return None if found is None else found.deleted_at

    def snapshot(self) -> dict[str, Any]:
        """The log as JSON-able data (for `restore` in another process)."""
        return {
            model: {
                rid: {
                    "digest": s.digest,
                    "changed_at": iso_utc(s.changed_at),
                    "deleted_at": iso_utc(s.deleted_at) if s.deleted_at else None,
                    "record": s.record.model_dump(mode="json"),
                }
                for rid, s in seen.items()
            }
            for model, seen in self._seen.items()
        }

    def restore(self, data: dict[str, Any]) -> None:
        from atsbox.connectors.unified import MODELS

        for model, rows in data.items():
            cls = MODELS[model]
            self._seen[model] = {
                rid: Seen(
                    row["digest"],
                    datetime.fromisoformat(row["changed_at"].replace("Z", "+00:00")),
                    datetime.fromisoformat(row["deleted_at"].replace("Z", "+00:00"))
                    if row["deleted_at"]
                    else None,
                    cls.model_validate(row["record"]),
                )
                for rid, row in rows.items()
            }
