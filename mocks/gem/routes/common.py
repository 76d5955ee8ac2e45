"""What every Gem route shares: two spellings of each path, lookups that 404 in Gem's
shape, and the sandbox clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, g

from atsbox.mocks.core.context import now
from atsbox.mocks.core.errors import MockError

from .. import ids


def route(bp: Blueprint, path: str, view: Callable[..., Any], methods: list[str]) -> None:
    """Register ``path`` with and without its trailing slash: Gem's reference writes the
    slash, working clients omit it, and both must answer without a redirect."""
    bare = path.rstrip("/")
    endpoint = f"{view.__module__.rsplit('.', 1)[-1]}_{view.__name__}_{'_'.join(methods).lower()}"
    bp.add_url_rule(bare, endpoint=endpoint, view_func=view, methods=methods)
    bp.add_url_rule(bare + "/", endpoint=endpoint + "_slash", view_func=view, methods=methods)


def not_found(what: str = "Resource") -> MockError:
    return MockError.of("not_found", f"{what} not found")


def fetch(kind: str, object_id: str, *, include_deleted: bool = False) -> Any:
    """The record of ``kind`` with this id, or 404 (malformed ids are simply unknown)."""
    record = g.store.get(g.tenant, g.vendor.name, kind, object_id, include_deleted=include_deleted)
    if record is None:
        raise not_found()
    return record


def put(record: Any, doc: dict[str, Any], at: datetime | None = None) -> Any:
    """Replace a record's document, bumping its updated time on the sandbox clock."""
    return g.store.put(g.tenant, g.vendor.name, record.kind, record.id, doc, parent=record.parent, at=at or now())


def mint(kind: str) -> str:
    return ids.minted_id(kind, g.store.next_int(g.tenant, g.vendor.name, kind))
