"""Random changes and deletions for delta-sync tests (not written yet: the route answers 501)."""

from __future__ import annotations

from typing import Any

from atsbox.mocks.core.errors import MockError


def apply_random_changes(service: Any, tenant: str, **options: Any) -> list[dict[str, Any]]:
    raise MockError(501, "not_implemented", "Random changes are not available yet.")
