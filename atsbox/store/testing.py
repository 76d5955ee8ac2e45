"""Test support: the store backends to run a test against, and a concurrent-writer workload.

Use the ``store`` fixture by importing it into a test module (``from atsbox.store.testing
import store  # noqa: F401``); it is parametrised over ``BACKENDS``:

* ``sqlite-memory``: ``sqlite://``
* ``sqlite-file``: a fresh WAL database file under the test's tmp_path
* ``postgres``: a fresh schema in the database at ``$ATSBOX_TEST_POSTGRES_URL`` (only when
  the variable is set; psycopg 3 must be installed), dropped afterwards, so parallel test
  workers never meet.

The worker lives here, not in a test module, because spawned processes must be able to
import it whatever pytest's import mode is.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from .engine import normalise_url
from .store import Store

POSTGRES_ENV = "ATSBOX_TEST_POSTGRES_URL"

# PostgreSQL joins only when configured: one skipped test per store test would bury the
# report in identical skip lines; test_store.py reports the missing variable once instead.
BACKENDS = [
    pytest.param("sqlite-memory", id="sqlite-memory"),
    pytest.param("sqlite-file", id="sqlite-file"),
    *([pytest.param("postgres", id="postgres")] if os.environ.get(POSTGRES_ENV) else []),
]

# Backends that separate processes can share (the in-memory database is private to one).
SHARED_BACKENDS = BACKENDS[1:]


def _with_search_path(url: str, schema: str) -> str:
    parsed = sa.engine.make_url(normalise_url(url))
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@contextlib.contextmanager
def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database of `backend`, cleaned up afterwards."""
    if backend == "sqlite-memory":
        yield "sqlite://"
    elif backend == "sqlite-file":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    elif backend == "postgres":
        admin = sa.create_engine(normalise_url(os.environ[POSTGRES_ENV]))
        schema = f"atsbox_test_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        try:
            yield _with_search_path(os.environ[POSTGRES_ENV], schema)
        finally:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()
    else:
        raise ValueError(f"unknown store backend {backend!r}")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh Store on each backend in BACKENDS."""
    with backend_url(request.param, tmp_path) as url, Store(url) as opened:
        yield opened


@pytest.fixture(params=SHARED_BACKENDS)
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database that several processes can open (file SQLite, PostgreSQL)."""
    with backend_url(request.param, tmp_path) as url:
        yield url


def hammer(
    url: str, tenant: str, worker: int, count: int, start: Any = None, out: Any = None
) -> dict[str, Any]:
    """One concurrent writer: `count` puts of its own ids, `count` puts of ids shared with the
    other workers, `count` next_int calls on a shared counter and `count` increments of a
    shared ``("gem", "tally", "t")`` document (read, then write, in one transaction; its seqs
    are not reported). Returns what it got
    (``{"ints": [...], "seqs": [...]}``), and also puts it on `out` (a multiprocessing queue).

    `start`, if given, is a barrier (``wait()``) so that all writers begin together.
    """
    store = Store(url)
    try:
        if start is not None:
            start.wait()
        at = datetime(2024, 1, 1, tzinfo=UTC)
        ints: list[int] = []
        seqs: list[int] = []
        for i in range(count):
            moment = at + timedelta(milliseconds=i)
            own = store.put(
                tenant, "gem", "candidate", f"w{worker}-{i}", {"worker": worker, "i": i}, at=moment
            )
            shared = store.put(tenant, "gem", "note", f"shared-{i}", {"worker": worker, "i": i}, at=moment)
            seqs += [own.seq, shared.seq]
            ints.append(store.next_int(tenant, "gem", "candidate"))
            with store.transaction():  # read-modify-write: must not lose an increment
                tally = store.get(tenant, "gem", "tally", "t")
                done = 0 if tally is None else tally.doc["done"]
                store.put(tenant, "gem", "tally", "t", {"done": done + 1}, at=moment)
        result = {"worker": worker, "ints": ints, "seqs": seqs}
    finally:
        store.close()
    if out is not None:
        out.put(result)
    return result
