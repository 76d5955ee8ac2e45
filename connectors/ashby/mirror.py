"""The connector's local copy of Ashby, kept current with full and incremental syncs.

Ashby's delta mechanism is the syncToken: a full listing ends with a token, and listing
again with it returns only the records changed since. The mirror keeps, per list endpoint
(and request body), the records by id and the last token:

- a full read lists everything and replaces the copy;
- a delta read lists with the token and merges what changed; when Ashby refuses the token
  (`sync_token_expired`, `sync_token_invalid`, `incremental_sync_too_large`, a stale
  cursor) the mirror falls back to a full listing;
- except for the lists of records Ashby deletes (`RELISTED`: candidates, and applications,
  which go with their candidate): a replayed token returns what was updated since, never
  what is gone, so a delta lists these in full (list pages only, no per-record calls) and
  what vanished since is seen as deleted in the delta too;
- within one sync pass every endpoint is fetched once, however many unified models read it.
  A pass ends when a model is read a second time (the next sync starts), or on `refresh()`.

It also owns what the unified model needs and Ashby does not give:

- `changed_at` for records without an `updatedAt` (tags, stages, join rows ...): the time
  the connector first saw the record in its present form (a fingerprint of its fields);
- everything `Sightings` (connectors/personio/tracking.py) notices by comparing a read
  with the one before: a record whose unified fields changed while Ashby's `updatedAt`
  stayed is dated when that was noticed, and a record an earlier read delivered and the
  current one no longer finds is delivered again, with `remote_deleted_at` (and
  `changed_at`) set to when its absence was noticed, on every later read. Every read is
  complete in that sense: a delta's copy holds all that the last full listing found.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from atsbox.connectors.personio.tracking import Sightings
from atsbox.connectors.unified import UnifiedRecord

from .client import AshbyApi, SyncTokenRejected

# The lists whose records Ashby deletes (candidateDelete, candidateMerge; a candidate's
# applications go with it): a sync token never reports those, so deltas list them in full.
RELISTED = frozenset({"candidate.list", "application.list"})


@dataclass
class ListCopy:
    items: dict[str, Any]
    token: str | None = None


@dataclass
class SyncPass:
    """What one sync pass has fetched (so nothing is fetched twice in a pass)."""

    models: set[str] = field(default_factory=set)
    lists: set[str] = field(default_factory=set)
    items: set[tuple[str, str]] = field(default_factory=set)


def fingerprint(value: Any) -> str:
    raw = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


class Mirror:
    def __init__(self, api: AshbyApi, now: Callable[[], datetime]) -> None:
        self.api = api
        self.now = now
        self.lists: dict[str, ListCopy] = {}
        self.items: dict[tuple[str, str], Any] = {}
        self.current = SyncPass()
        self.delta = False
        self.stamps: dict[tuple[str, str], tuple[str, datetime]] = {}
        self.sightings = Sightings(now)

    # -- passes --------------------------------------------------------------------------
    def begin(self, model: str, *, delta: bool) -> None:
        """A unified model is about to be read; a model read twice starts the next pass."""
        if model in self.current.models:
            self.current = SyncPass()
        self.current.models.add(model)
        self.delta = delta

    def refresh(self) -> None:
        """Forget what this pass fetched: the next read asks Ashby again."""
        self.current = SyncPass()

    # -- lists ---------------------------------------------------------------------------
    def list(self, endpoint: str, body: Mapping[str, Any] | None = None, *, paginated: bool = True,
             sync: bool = True) -> dict[str, Any]:  # fmt: skip
        """The records of a list endpoint by id, synced once per pass."""
        key = endpoint + json.dumps(body or {}, sort_keys=True)
        copy = self.lists.get(key)
        if copy is not None and key in self.current.lists:
            return copy.items
        if copy is not None and copy.token and self.delta and sync and endpoint not in RELISTED:
            try:
                changed, token = self.api.list_all(endpoint, body, copy.token)
                copy.items.update((r["id"], r) for r in changed)
                copy.token = token or copy.token
                self.current.lists.add(key)
                return copy.items
            except SyncTokenRejected:
                pass  # the token is no good any more: a full sync it is
        if paginated:
            results, token = self.api.list_all(endpoint, body)
        else:
            results, token = self.api.call(endpoint, body) or [], None
        copy = ListCopy({r["id"]: r for r in results}, token if sync else None)
        self.lists[key] = copy
        self.current.lists.add(key)
        return copy.items

    def item(self, kind: str, key: str, fetch: Callable[[], Any], *, reuse: bool = False) -> Any:
        """One per-record call (jobPosting.info, interviewStage.list ...), made at most once
        per pass; with `reuse` the last answer serves until the caller says it is stale."""
        slot = (kind, key)
        if slot in self.current.items or (reuse and slot in self.items):
            return self.items[slot]
        self.items[slot] = fetch()
        self.current.items.add(slot)
        return self.items[slot]

    def has_item(self, kind: str, key: str) -> bool:
        return (kind, key) in self.items

    def put_item(self, kind: str, key: str, value: Any) -> None:
        self.items[(kind, key)] = value
        self.current.items.add((kind, key))

    # -- change tracking -----------------------------------------------------------------
    def stamp(self, model: str, record_id: str, payload: Any) -> datetime:
        """changed_at for a record Ashby gives no updatedAt: when it was first seen like this."""
        mark = fingerprint(payload)
        known = self.stamps.get((model, record_id))
        if known is not None and known[0] == mark:
            return known[1]
        at = self.now()
        self.stamps[(model, record_id)] = (mark, at)
        return at

    def finish(self, model: str, records: list[UnifiedRecord], updated_after: datetime | None) -> list[UnifiedRecord]:
        """Add what changed unseen and what is gone, and apply `updated_after`: what read(model) returns."""
        return self.sightings.changed_after(model, records, complete=True, updated_after=updated_after)
