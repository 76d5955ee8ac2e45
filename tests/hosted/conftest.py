from __future__ import annotations

from collections.abc import Iterator

import pytest

from atsbox.store import Store
from atsbox.store.testing import store  # noqa: F401 - the backends: SQLite (memory, file) and PostgreSQL

from .helpers import Hosted


@pytest.fixture
def hosted(store: Store) -> Iterator[Hosted]:  # noqa: F811 - pytest injects the imported fixture
    """The service with Ashby mounted, on every store backend."""
    service = Hosted(store, vendors=["ashby"])
    yield service
    service.close()
