"""Sandbox creation, reset and deletion, and the default sandbox of `atsbox serve`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from atsbox.clock import clock_for
from atsbox.fixtures import generate
from atsbox.mocks.core import Credential, create_app
from atsbox.mocks.example import ExampleVendor
from atsbox.sandbox import (
    DEFAULT_TENANT,
    create_sandbox,
    delete_sandbox,
    ensure_default_sandbox,
    reset_sandbox,
    sandbox_info,
)
from atsbox.store import Store


@pytest.fixture(scope="module")
def world():
    return generate(seed=3, size="tiny")


def docs(store, tenant):
    return [(r.id, r.doc) for r in store.list(tenant, "example", "candidate", include_deleted=True)]


def test_create_renders_registers_credentials_and_records_how(world):
    store = Store("sqlite://")
    info = create_sandbox(store, "acme", seed=3, size="tiny", vendors=["example"], world=world)
    assert info.vendors == ("example",) and info.seed == 3 and info.size == "tiny"
    assert len(docs(store, "acme")) == len(world.candidates)
    key = info.credentials["example"]["api_key"]
    assert key == ExampleVendor().default_credentials("acme", 3)["api_key"]
    assert store.resolve_credential("example", "api_key", key.secret)[0] == "acme"
    assert sandbox_info(store, "acme").credentials == info.credentials
    response = (
        create_app(store, vendors=[ExampleVendor])
        .test_client()
        .get("/example/candidates?limit=1", headers={"X-Api-Key": key.secret})
    )
    assert response.status_code == 200 and response.get_json()["data"][0]["id"] == "cand_1"


def test_same_seed_same_documents(world):
    a, b = Store("sqlite://"), Store("sqlite://")
    create_sandbox(a, "t", seed=3, size="tiny", vendors=[ExampleVendor], world=world)
    create_sandbox(b, "t", seed=3, size="tiny", vendors=[ExampleVendor])  # generated here
    assert docs(a, "t") == docs(b, "t")


def test_credentials_can_be_overridden(world):
    store = Store("sqlite://")
    mine = Credential("api_key", "my-own-key")
    info = create_sandbox(
        store, "t", vendors=["example"], world=world, credentials={"example": {"api_key": mine}}
    )
    assert info.credentials["example"]["api_key"] == mine
    assert store.resolve_credential("example", "api_key", "my-own-key")[0] == "t"


def test_reset_restores_the_world_and_keeps_the_clock(world):
    store = Store("sqlite://")
    info = create_sandbox(store, "t", seed=3, size="tiny", vendors=["example"], world=world)
    original = docs(store, "t")
    clock = clock_for(store, "t")
    later = clock.freeze() + timedelta(days=2)
    clock.advance(timedelta(days=2))
    store.put("t", "example", "candidate", "cand_x", {"id": "cand_x"}, at=clock.now())
    store.soft_delete("t", "example", "candidate", "cand_1", at=clock.now())
    store.add_credential("example", "oauth_access", "tok", "t", {})
    fresh = reset_sandbox(store, "t", world=world)
    assert docs(store, "t") == original
    assert store.resolve_credential("example", "oauth_access", "tok") is None
    assert fresh.credentials == info.credentials
    assert clock_for(store, "t").now() == later


def test_a_failing_render_leaves_no_half_sandbox(world):
    class Broken(ExampleVendor):
        def render(self, world, ctx):
            super().render(world, ctx)
            raise RuntimeError("render bug")

    store = Store("sqlite://")
    with pytest.raises(RuntimeError):
        create_sandbox(store, "t", vendors=[Broken], world=world)
    assert store.get_tenant("t") is None


def test_delete(world):
    store = Store("sqlite://")
    create_sandbox(store, "t", vendors=["example"], world=world)
    assert delete_sandbox(store, "t") is True
    assert delete_sandbox(store, "t") is False
    with pytest.raises(KeyError):
        reset_sandbox(store, "t")


def test_ensure_default_creates_once_and_rebuilds_on_another_seed():
    store = Store("sqlite://")
    messages: list[str] = []
    first = ensure_default_sandbox(store, 0, "tiny", vendors=["example"], progress=messages.append)
    assert first.created and first.tenant == DEFAULT_TENANT
    assert messages[0] == "creating the default sandbox"
    store.put(
        DEFAULT_TENANT,
        "example",
        "candidate",
        "mine",
        {"id": "mine"},
        at=clock_for(store, DEFAULT_TENANT).now(),
    )
    again = ensure_default_sandbox(store, 0, "tiny", vendors=["example"])
    assert not again.created and again.credentials == first.credentials
    assert store.get(DEFAULT_TENANT, "example", "candidate", "mine") is not None
    other = ensure_default_sandbox(store, 1, "tiny", vendors=["example"])
    assert other.created and other.seed == 1
    assert store.get(DEFAULT_TENANT, "example", "candidate", "mine") is None


def test_a_sandbox_without_vendors_skips_the_world():
    store = Store("sqlite://")
    info = create_sandbox(store, "empty", vendors=[])
    assert info.vendors == () and sandbox_info(store, "empty").vendors == ()
