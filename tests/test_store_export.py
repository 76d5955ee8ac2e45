"""export_tenant / import_tenant: a tenant moves between databases (and backends) unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from atsbox.store import EXPORT_FORMAT, Store, StoreError, TenantExists, UnknownTenant
from atsbox.store.testing import store  # noqa: F401 - the parametrised fixture

T0 = datetime(2024, 3, 1, 9, 30, 0, 250_000, tzinfo=UTC)


def fill(s: Store, tenant: str) -> None:
    s.create_tenant(
        tenant, {"vendors": ["ashby", "gem"], "clock": {"frozen_at": None, "offset_ms": 5}}, at=T0
    )
    s.put_many(
        tenant,
        "gem",
        "candidate",
        [
            (str(i), {"i": i, "name": f"Ünïcode {i}"}, None, T0, T0 + timedelta(microseconds=i), None)
            for i in range(50)
        ],
    )
    s.put(tenant, "ashby", "application", "a1", {"stage": "new"}, parent="c1", at=T0 + timedelta(hours=1))
    s.put(tenant, "gem", "candidate", "7", {"i": 70}, at=T0 + timedelta(hours=2))  # an update keeps its place
    s.soft_delete(tenant, "gem", "candidate", "3", at=T0 + timedelta(hours=3))
    s.next_int(tenant, "gem", "candidate")
    s.seed_int(tenant, "gem", "application", 500)
    s.kv_set(tenant, "ashby", "sync:application", {"seq": 52})
    s.kv_set(tenant, "ashby", "oauth:code", "abc", expires_at=T0 + timedelta(minutes=10))
    s.add_credential("ashby", "api_key", f"{tenant}-key", tenant, {"scopes": ["all"]})
    s.add_credential("gem", "api_key", f"{tenant}-gem", tenant)


def test_export_then_import_gives_an_identical_export(store: Store) -> None:  # noqa: F811
    fill(store, "t1")
    fill(store, "other")  # must not leak into t1's export
    exported = store.export_tenant("t1")
    assert exported["format"] == EXPORT_FORMAT
    assert len(exported["records"]) == 51
    assert exported["sequences"] == {"changes": 53, "gem:application": 500, "gem:candidate": 1}
    assert {c["secret"] for c in exported["credentials"]} == {"t1-key", "t1-gem"}
    # JSON-able as is, and still identical after a trip through text.
    exported = json.loads(json.dumps(exported))

    store.delete_tenant("t1")
    assert store.import_tenant(exported) == "t1"
    assert store.export_tenant("t1") == exported
    # The imported tenant works as before: same order, sequences continue.
    ids = [r.id for r in store.list("t1", "gem", "candidate")]
    assert ids[:4] == ["0", "1", "2", "4"]
    assert store.put("t1", "gem", "candidate", "new", {}, at=T0).seq == 54
    assert store.next_int("t1", "gem", "application") == 501
    assert store.resolve_credential("ashby", "api_key", "t1-key") == ("t1", {"scopes": ["all"]})
    assert store.kv_get("t1", "ashby", "oauth:code", now=T0) == "abc"


def test_import_into_another_database(store: Store) -> None:  # noqa: F811
    fill(store, "t1")
    exported = store.export_tenant("t1")
    with Store("sqlite://") as other:
        other.import_tenant(exported)
        assert other.export_tenant("t1") == exported


def test_import_refuses_an_existing_tenant_or_a_foreign_format(store: Store) -> None:  # noqa: F811
    fill(store, "t1")
    exported = store.export_tenant("t1")
    with pytest.raises(TenantExists):
        store.import_tenant(exported)
    store.delete_tenant("t1")
    with pytest.raises(StoreError, match="format"):
        store.import_tenant({**exported, "format": "something/else"})
    assert store.get_tenant("t1") is None
    with pytest.raises(UnknownTenant):
        store.export_tenant("t1")
