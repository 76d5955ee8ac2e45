"""Store behaviour on every backend: CRUD, isolation, soft deletion, the change sequence,
counters, transactions."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from atsbox.store import Record, Store, StoreError, TenantExists, UnknownTenant
from atsbox.store.testing import BACKENDS, POSTGRES_ENV, store  # noqa: F401 - the parametrised fixture

T0 = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set: store tests ran on SQLite only"
)
def test_postgres_backend_is_in_the_matrix() -> None:
    assert "postgres" in [param.values[0] for param in BACKENDS]


@pytest.fixture
def s(store: Store) -> Store:  # noqa: F811 - pytest injects the imported fixture
    store.create_tenant("t1", {"plan": "test"}, at=T0)
    store.create_tenant("t2", at=T0)
    return store


def test_put_then_get_round_trips_every_field(s: Store) -> None:
    doc = {
        "name": "Zoë Ångström",
        "emails": [{"value": "z@example.com", "primary": True}],
        "n": 1.5,
        "x": None,
    }
    created = s.put("t1", "ashby", "candidate", "c1", doc, parent="job1", at=at(1))
    fetched = s.get("t1", "ashby", "candidate", "c1")
    assert fetched == created
    assert isinstance(fetched, Record)
    assert (fetched.tenant, fetched.vendor, fetched.kind, fetched.id, fetched.parent) == (
        "t1",
        "ashby",
        "candidate",
        "c1",
        "job1",
    )
    assert fetched.doc == doc
    assert fetched.created_at == fetched.updated_at == at(1)
    assert fetched.created_at.tzinfo is not None and fetched.created_at.utcoffset() == timedelta(0)
    assert fetched.deleted_at is None
    assert fetched.seq == 1
    with pytest.raises(AttributeError):
        fetched.id = "other"  # type: ignore[misc]


def test_any_json_string_round_trips_even_a_lone_surrogate(s: Store) -> None:
    doc = {"name": "\ud800 broken \U0001f600", "nul": "a\x00b", "ключ": ["ü"]}
    s.put("t1", "gem", "candidate", "c1", doc, at=at(0))
    assert s.get("t1", "gem", "candidate", "c1").doc == doc


def test_times_in_other_zones_are_stored_as_the_same_instant_in_utc(s: Store) -> None:
    paris = timezone(timedelta(hours=2))
    local = datetime(2024, 6, 1, 12, 0, 0, 123456, tzinfo=paris)
    rec = s.put("t1", "personio", "application", "1", {}, at=local)
    got = s.get("t1", "personio", "application", "1")
    assert got is not None and got.updated_at == local == rec.updated_at
    assert got.updated_at.tzinfo == UTC and got.updated_at.hour == 10 and got.updated_at.microsecond == 123456


def test_naive_times_are_refused(s: Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        s.put("t1", "ashby", "candidate", "c1", {}, at=datetime(2024, 1, 1))
    assert s.count("t1", "ashby", "candidate", include_deleted=True) == 0


def test_replace_keeps_created_at_and_pk_and_overwrites_the_rest(s: Store) -> None:
    first = s.put("t1", "ashby", "candidate", "c1", {"v": 1}, parent="j1", at=at(1))
    second = s.put("t1", "ashby", "candidate", "c1", {"v": 2}, at=at(5))
    assert second.pk == first.pk
    assert second.created_at == at(1) and second.updated_at == at(5)
    assert second.doc == {"v": 2} and second.parent is None
    assert second.seq == first.seq + 1
    assert s.get("t1", "ashby", "candidate", "c1") == second
    assert s.count("t1", "ashby", "candidate") == 1


def test_put_can_set_created_at_on_insert(s: Store) -> None:
    rec = s.put("t1", "gem", "candidate", "1", {}, at=at(9), created_at=at(2))
    assert (rec.created_at, rec.updated_at) == (at(2), at(9))


def test_unknown_tenant_is_an_error_for_writes(s: Store) -> None:
    with pytest.raises(UnknownTenant):
        s.put("nope", "ashby", "candidate", "c1", {}, at=at(0))
    with pytest.raises(UnknownTenant):
        s.next_int("nope", "gem", "candidate")
    with pytest.raises(UnknownTenant):
        s.current_seq("nope")
    with pytest.raises(UnknownTenant):
        s.add_credential("ashby", "api_key", "k", "nope")
    assert s.get("nope", "ashby", "candidate", "c1") is None


def test_list_is_in_insertion_order_and_pages_by_pk(s: Store) -> None:
    for i in range(10):
        s.put(
            "t1", "gem", "candidate", f"c{9 - i}", {"i": i}, parent="even" if i % 2 == 0 else "odd", at=at(i)
        )
    s.put("t1", "gem", "application", "a1", {}, at=at(20))  # another kind: never listed below
    ids = [r.id for r in s.list("t1", "gem", "candidate")]
    assert ids == [f"c{9 - i}" for i in range(10)]

    pages, after = [], None
    while True:
        page = s.list("t1", "gem", "candidate", after_pk=after, limit=3)
        if not page:
            break
        pages.append([r.id for r in page])
        after = page[-1].pk
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    assert sum(pages, []) == ids

    assert [r.doc["i"] for r in s.list("t1", "gem", "candidate", parent="odd")] == [1, 3, 5, 7, 9]
    assert s.count("t1", "gem", "candidate", parent="odd") == 5
    assert [r.id for r in s.list("t1", "gem", "candidate", ids=["c1", "c7", "missing"])] == ["c7", "c1"]
    assert s.count("t1", "gem", "candidate", ids=[]) == 0
    assert s.count("t1", "gem", "candidate") == 10


def test_same_ids_in_two_tenants_never_mix(s: Store) -> None:
    s.put("t1", "ashby", "candidate", "c1", {"owner": "t1"}, at=at(1))
    s.put("t2", "ashby", "candidate", "c1", {"owner": "t2"}, at=at(2))
    s.put("t1", "gem", "candidate", "c1", {"owner": "t1-gem"}, at=at(3))
    assert s.get("t1", "ashby", "candidate", "c1").doc == {"owner": "t1"}
    assert s.get("t2", "ashby", "candidate", "c1").doc == {"owner": "t2"}
    assert [r.doc for r in s.list("t2", "ashby", "candidate")] == [{"owner": "t2"}]
    assert s.current_seq("t1") == 2 and s.current_seq("t2") == 1
    assert [s.next_int("t1", "gem", "x"), s.next_int("t2", "gem", "x"), s.next_int("t1", "gem", "x")] == [
        1,
        1,
        2,
    ]
    assert s.next_int("t1", "personio", "x") == 1  # counters are per vendor too


def test_delete_tenant_removes_only_its_own_rows(s: Store) -> None:
    for tenant in ("t1", "t2"):
        s.put(tenant, "ashby", "candidate", "c1", {"owner": tenant}, at=at(1))
        s.next_int(tenant, "gem", "candidate")
        s.kv_set(tenant, "ashby", "sync", {"owner": tenant})
        s.add_credential("ashby", "api_key", f"key-{tenant}", tenant)
    assert s.delete_tenant("t1") is True
    assert s.delete_tenant("t1") is False
    assert s.tenants() == ["t2"]
    assert s.get_tenant("t1") is None
    assert s.get("t1", "ashby", "candidate", "c1", include_deleted=True) is None
    assert s.kv_get("t1", "ashby", "sync") is None
    assert s.resolve_credential("ashby", "api_key", "key-t1") is None
    assert s.get("t2", "ashby", "candidate", "c1").doc == {"owner": "t2"}
    assert s.kv_get("t2", "ashby", "sync") == {"owner": "t2"}
    assert s.resolve_credential("ashby", "api_key", "key-t2") == ("t2", {})
    assert s.next_int("t2", "gem", "candidate") == 2
    # The name is free again, and starts from nothing.
    s.create_tenant("t1")
    assert s.current_seq("t1") == 0 and s.next_int("t1", "gem", "candidate") == 1


def test_soft_delete_hides_bumps_seq_and_is_idempotent(s: Store) -> None:
    s.put("t1", "ashby", "candidate", "c1", {"v": 1}, at=at(1))
    s.put("t1", "ashby", "candidate", "c2", {"v": 2}, at=at(2))
    deleted = s.soft_delete("t1", "ashby", "candidate", "c1", at=at(3))
    assert deleted is not None and deleted.deleted_at == at(3) and deleted.seq == 3
    assert deleted.doc == {"v": 1} and deleted.updated_at == at(1)
    assert s.get("t1", "ashby", "candidate", "c1") is None
    assert s.get("t1", "ashby", "candidate", "c1", include_deleted=True) == deleted
    assert [r.id for r in s.list("t1", "ashby", "candidate")] == ["c2"]
    assert [r.id for r in s.list("t1", "ashby", "candidate", include_deleted=True)] == ["c1", "c2"]
    assert s.count("t1", "ashby", "candidate") == 1
    assert s.count("t1", "ashby", "candidate", include_deleted=True) == 2

    again = s.soft_delete("t1", "ashby", "candidate", "c1", at=at(9))
    assert again == deleted and s.current_seq("t1") == 3
    assert s.soft_delete("t1", "ashby", "candidate", "missing", at=at(9)) is None
    assert s.current_seq("t1") == 3

    revived = s.put("t1", "ashby", "candidate", "c1", {"v": 3}, at=at(10))
    assert revived.deleted_at is None and revived.pk == deleted.pk
    assert s.get("t1", "ashby", "candidate", "c1") == revived


def test_hard_delete_removes_the_record(s: Store) -> None:
    s.put("t1", "ashby", "webhook", "w1", {}, at=at(1))
    assert s.hard_delete("t1", "ashby", "webhook", "w1") is True
    assert s.get("t1", "ashby", "webhook", "w1", include_deleted=True) is None
    assert s.hard_delete("t1", "ashby", "webhook", "w1") is False
    # A new record never reuses the removed one's pk (pagination cursors stay valid).
    assert s.put("t1", "ashby", "webhook", "w2", {}, at=at(2)).pk > 1


def test_change_sequence_is_monotonic_and_changed_since_is_exact(s: Store) -> None:
    assert s.current_seq("t1") == 0
    for i in range(5):
        s.put("t1", "personio", "application", str(i), {"i": i}, at=at(i))
    mark = s.current_seq("t1")
    assert mark == 5
    s.put("t1", "personio", "application", "1", {"i": 10}, at=at(10))  # update
    s.soft_delete("t1", "personio", "application", "3", at=at(11))  # delete
    s.put("t1", "personio", "application", "5", {"i": 5}, at=at(12))  # insert
    s.put("t2", "personio", "application", "0", {"i": 0}, at=at(13))  # another tenant: its own sequence
    changed = s.list("t1", "personio", "application", changed_since_seq=mark, include_deleted=True)
    assert [r.id for r in changed] == ["1", "3", "5"]
    assert [r.seq for r in changed] == [6, 7, 8]
    assert [r.id for r in s.list("t1", "personio", "application", changed_since_seq=mark)] == ["1", "5"]
    assert s.list("t1", "personio", "application", changed_since_seq=s.current_seq("t1")) == []
    assert s.count("t1", "personio", "application", changed_since_seq=mark, include_deleted=True) == 3
    assert s.current_seq("t2") == 1


def test_put_many_loads_in_order_with_one_seq_per_row(s: Store) -> None:
    s.put("t1", "factorial", "candidate", "before", {}, at=at(0))
    rows = [
        (str(i), {"i": i}, "p" if i < 3 else None, at(i), at(i + 1), at(50) if i == 4 else None)
        for i in range(6)
    ]
    assert s.put_many("t1", "factorial", "candidate", rows) == 6
    assert s.put_many("t1", "factorial", "candidate", []) == 0
    got = s.list("t1", "factorial", "candidate", include_deleted=True)
    assert [r.id for r in got] == ["before", "0", "1", "2", "3", "4", "5"]
    assert [r.seq for r in got] == list(range(1, 8))
    assert s.current_seq("t1") == 7
    four = s.get("t1", "factorial", "candidate", "4", include_deleted=True)
    assert (four.created_at, four.updated_at, four.deleted_at, four.doc) == (at(4), at(5), at(50), {"i": 4})
    assert s.count("t1", "factorial", "candidate", parent="p") == 3
    assert s.get("t1", "factorial", "candidate", "4") is None


def test_put_many_with_an_existing_id_inserts_nothing(s: Store) -> None:
    s.put("t1", "factorial", "candidate", "2", {}, at=at(0))
    rows = [(str(i), {}, None, at(i), at(i), None) for i in range(4)]
    with pytest.raises(sa.exc.IntegrityError):
        s.put_many("t1", "factorial", "candidate", rows)
    assert s.count("t1", "factorial", "candidate") == 1
    assert s.current_seq("t1") == 1


def test_put_many_spanning_several_chunks_is_one_atomic_load(s: Store) -> None:
    n = 4_100  # more than two internal chunks
    rows = [(f"r{i}", {"i": i}, None, at(0), at(0), None) for i in range(n)]
    assert s.put_many("t1", "gem", "candidate", iter(rows)) == n  # any iterable, even a one-shot one
    got = s.list("t1", "gem", "candidate")
    assert [r.id for r in got] == [f"r{i}" for i in range(n)]
    assert [r.seq for r in got] == list(range(1, n + 1))
    # A clash in the last chunk undoes the earlier chunks too.
    clash = [(f"x{i}", {}, None, at(0), at(0), None) for i in range(n)] + [
        ("r0", {}, None, at(0), at(0), None)
    ]
    with pytest.raises(sa.exc.IntegrityError):
        s.put_many("t1", "gem", "candidate", clash)
    assert s.count("t1", "gem", "candidate") == n and s.current_seq("t1") == n


def test_analyze_after_seeding_keeps_everything_working(s: Store) -> None:
    s.put_many("t1", "gem", "candidate", [(str(i), {}, None, at(0), at(0), None) for i in range(300)])
    s.analyze()
    page = s.list("t1", "gem", "candidate", after_pk=s.list("t1", "gem", "candidate", limit=1)[0].pk, limit=5)
    assert [r.id for r in page] == ["1", "2", "3", "4", "5"]


def test_next_int_and_seed_int(s: Store) -> None:
    assert [s.next_int("t1", "gem", "candidate") for _ in range(3)] == [1, 2, 3]
    s.seed_int("t1", "gem", "candidate", 100)
    assert s.next_int("t1", "gem", "candidate") == 101
    s.seed_int("t1", "gem", "candidate", 50)  # never backwards
    assert s.next_int("t1", "gem", "candidate") == 102
    s.seed_int("t1", "gem", "job", 7)  # seeding creates the counter
    assert s.next_int("t1", "gem", "job") == 8


def test_a_failed_transaction_leaves_nothing_behind(s: Store) -> None:
    s.put("t1", "ashby", "candidate", "keep", {"v": 1}, at=at(0))
    before = s.export_tenant("t1")
    with pytest.raises(RuntimeError, match="boom"), s.transaction():
        s.put("t1", "ashby", "candidate", "keep", {"v": 2}, at=at(1))
        s.put("t1", "ashby", "candidate", "new", {}, at=at(1))
        s.soft_delete("t1", "ashby", "candidate", "keep", at=at(2))
        s.next_int("t1", "ashby", "n")
        s.kv_set("t1", "ashby", "k", 1)
        s.update_tenant_meta("t1", plan="changed")
        with s.transaction():  # nested: joins the outer transaction
            s.put("t1", "ashby", "candidate", "inner", {}, at=at(3))
        assert s.get("t1", "ashby", "candidate", "inner") is not None  # visible inside
        raise RuntimeError("boom")
    assert s.export_tenant("t1") == before


def test_a_transaction_commits_everything_together(s: Store) -> None:
    with s.transaction():
        s.put("t1", "ashby", "candidate", "a", {}, at=at(1))
        n = s.next_int("t1", "ashby", "n")
        s.put("t1", "ashby", "candidate", "b", {"n": n}, at=at(1))
    assert [r.id for r in s.list("t1", "ashby", "candidate")] == ["a", "b"]
    assert s.current_seq("t1") == 2


def test_read_only_transactions_refuse_writes(s: Store) -> None:
    with s.transaction(readonly=True):
        assert s.current_seq("t1") == 0
        with pytest.raises(StoreError):
            s.put("t1", "ashby", "candidate", "a", {}, at=at(1))
        with pytest.raises(StoreError), s.transaction():
            pass
    with s.transaction(), s.transaction(readonly=True):  # a read nested in a write is fine
        s.put("t1", "ashby", "candidate", "a", {}, at=at(1))
    assert s.count("t1", "ashby", "candidate") == 1


def test_tenants_and_their_meta(s: Store) -> None:
    assert s.tenants() == ["t1", "t2"]
    with pytest.raises(TenantExists):
        s.create_tenant("t1")
    info = s.get_tenant("t1")
    assert info == {"id": "t1", "meta": {"plan": "test"}, "created_at": T0}
    assert s.update_tenant_meta("t1", region="eu", plan="pro") == {"plan": "pro", "region": "eu"}
    assert s.get_tenant("t1")["meta"] == {"plan": "pro", "region": "eu"}
    with pytest.raises(UnknownTenant):
        s.update_tenant_meta("nope", a=1)
    assert s.get_tenant("nope") is None


def test_kv_values_expiry_listing_and_pop(s: Store) -> None:
    s.kv_set("t1", "ashby", "sync:cand", {"token": "a"})
    s.kv_set("t1", "ashby", "sync:cand", {"token": "b"})  # replaces
    s.kv_set("t1", "ashby", "oauth:code:1", "xyz", expires_at=at(60))
    s.kv_set("t1", "ashby", "100%_sure", 1)  # LIKE wildcards in keys are literal in prefixes
    s.kv_set("t1", "gem", "sync:cand", "gem's own")
    assert s.kv_get("t1", "ashby", "sync:cand") == {"token": "b"}
    assert s.kv_get("t1", "ashby", "absent", "dflt") == "dflt"
    assert s.kv_get("t1", "ashby", "oauth:code:1", now=at(59)) == "xyz"
    assert s.kv_get("t1", "ashby", "oauth:code:1", now=at(60)) is None
    assert s.kv_list("t1", "ashby", "sync:", now=at(0)) == {"sync:cand": {"token": "b"}}
    assert s.kv_list("t1", "ashby", "100%", now=at(0)) == {"100%_sure": 1}
    assert s.kv_list("t1", "ashby", "100_", now=at(0)) == {}
    assert list(s.kv_list("t1", "ashby", now=at(0))) == ["100%_sure", "oauth:code:1", "sync:cand"]
    assert list(s.kv_list("t1", "ashby", now=at(61))) == ["100%_sure", "sync:cand"]
    assert s.kv_pop("t1", "ashby", "oauth:code:1", now=at(1)) == "xyz"
    assert s.kv_pop("t1", "ashby", "oauth:code:1", "gone", now=at(1)) == "gone"
    assert s.kv_delete("t1", "gem", "sync:cand") is True
    assert s.kv_delete("t1", "gem", "sync:cand") is False
    assert s.kv_get("t2", "ashby", "sync:cand") is None


def test_credentials_resolve_to_their_tenant(s: Store) -> None:
    s.add_credential("ashby", "api_key", "k1", "t1", {"scopes": ["candidates.read"]})
    s.add_credential("ashby", "api_key", "k2", "t2")
    s.add_credential("gem", "api_key", "k1", "t2")  # same secret, other vendor: distinct
    assert s.resolve_credential("ashby", "api_key", "k1") == ("t1", {"scopes": ["candidates.read"]})
    assert s.resolve_credential("gem", "api_key", "k1") == ("t2", {})
    assert s.resolve_credential("ashby", "oauth_token", "k1") is None
    assert s.credentials_of("t2") == [
        {"vendor": "ashby", "kind": "api_key", "secret": "k2", "meta": {}},
        {"vendor": "gem", "kind": "api_key", "secret": "k1", "meta": {}},
    ]
    s.add_credential("ashby", "api_key", "k1", "t2", {"rebound": True})
    assert s.resolve_credential("ashby", "api_key", "k1") == ("t2", {"rebound": True})
    assert s.remove_credential("ashby", "api_key", "k1") is True
    assert s.remove_credential("ashby", "api_key", "k1") is False
    assert s.credentials_of("t1") == []


def test_resolve_request_reads_credential_tenant_sequence_and_one_kv_value_at_once(s: Store) -> None:
    s.add_credential("ashby", "api_key", "key-t1", "t1", {"scopes": ["read"]})
    s.add_credential("gem", "api_key", "key-t1-gem", "t1")
    s.update_tenant_meta("t1", clock={"frozen_at": None, "offset_ms": 5})
    s.put("t1", "ashby", "candidate", "c1", {}, at=at(1))
    assert s.resolve_request("ashby", "api_key", "nope", "faults") is None
    found = s.resolve_request("ashby", "api_key", "key-t1", "faults")
    assert found is not None
    assert (found.tenant, found.meta, found.seq, found.kv_value) == ("t1", {"scopes": ["read"]}, 1, None)
    assert found.tenant_meta["clock"] == {"frozen_at": None, "offset_ms": 5}
    assert found.tenant_created_at == s.get_tenant("t1")["created_at"]
    s.kv_set("t1", "ashby", "faults", [{"id": "f1"}])
    s.kv_set("t1", "gem", "faults", [{"id": "other vendor's"}])
    s.put("t1", "ashby", "candidate", "c2", {}, at=at(2))
    found = s.resolve_request("ashby", "api_key", "key-t1", "faults")
    assert (found.seq, found.kv_value) == (2, [{"id": "f1"}])
    s.kv_set("t1", "ashby", "faults", [{"id": "f1"}], expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert s.resolve_request("ashby", "api_key", "key-t1", "faults").kv_value is None
    assert s.resolve_request("gem", "api_key", "key-t1-gem", "faults").kv_value == [{"id": "other vendor's"}]
