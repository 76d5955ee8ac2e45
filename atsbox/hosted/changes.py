"""Random changes and deletions, so partners can test their delta syncs.

The changes are made in the store, the vendors' ground truth, at the sandbox clock's
time: an "updated" record is written again unchanged at the current time (so its change
sequence and its updated time move: the vendors render these as the record's update time,
sync tokens and `updated_after` filters pick it up), a "deleted" record is soft-deleted
(each vendor then hides it, or shows its deletion where the vendor does). Only the kinds
every vendor mock has, "candidate" and "application", are touched: the records partners
sync and whose changes they must notice. Which records is decided by `seed` over the
records in insertion order, so the same seed on the same sandbox gives the same list.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from atsbox.clock import clock_for

KINDS = ("candidate", "application")


def apply_random_changes(
    service: Any, tenant: str, *, vendors: Iterable[str], count: int, deletions: int, seed: int
) -> list[dict[str, Any]]:
    """Update `count` and soft-delete `deletions` random live records; the change list."""
    store = service.store
    rng = random.Random(seed)
    changes: list[dict[str, Any]] = []
    with store.transaction():
        now = clock_for(store, tenant).now()
        live = [record for vendor in vendors for kind in KINDS for record in store.list(tenant, vendor, kind)]
        chosen = rng.sample(live, min(len(live), count + deletions))
        for index, record in enumerate(chosen):
            if index < count:
                store.put(
                    tenant, record.vendor, record.kind, record.id, record.doc, parent=record.parent, at=now
                )
                change = "updated"
            else:
                store.soft_delete(tenant, record.vendor, record.kind, record.id, at=now)
                change = "deleted"
            changes.append({"vendor": record.vendor, "change": change, "model": record.kind, "id": record.id})
    return changes
