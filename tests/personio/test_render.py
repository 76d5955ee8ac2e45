"""Native ids and rendering: deterministic, collision-free, and faithful to the world."""

from __future__ import annotations

import pytest

from atsbox.mocks.personio import ids
from atsbox.mocks.personio.phases import SYSTEM_PHASES, job_phases
from atsbox.store import Store

from .conftest import TENANT, make_sandbox, world_of


def test_native_ids_follow_the_world_counter():
    assert ids.native_int("job", "job_0007") == 1_830_007
    assert ids.attribute_id("question", "q_0012") == "custom_attribute_3900012"
    assert ids.option_id("opt_0003") == "custom_option_700003"
    with pytest.raises(ValueError):
        ids.counter_of("no-counter")


def test_native_ids_never_collide_across_kinds():
    world = world_of("tiny")
    seen: set[tuple[str, int]] = set()
    kinds = {"job": world.jobs, "candidate": world.candidates, "application": world.applications}
    for kind, records in kinds.items():
        for record in records:
            seen.add((kind, ids.native_int(kind, record.id)))
    numbers = [n for _, n in seen]
    assert len(numbers) == len(set(numbers))


def test_phases_map_every_stage_and_keep_withdrawn_apart():
    for job in world_of("tiny").jobs:
        phases = job_phases(job)
        assert set(phases) == {s.id for s in job.stages}
        rejected = [phases[s.id] for s in sorted(job.stages, key=lambda s: s.index) if s.kind == "rejected"]
        assert rejected[:1] == ["rejected"] and set(rejected[1:]) <= {"withdrawn"}
        for stage in job.stages:
            assert phases[stage.id] in SYSTEM_PHASES or phases[stage.id].isdigit()


def _dump(store: Store) -> list[tuple]:
    out = []
    for kind in (
        "position",
        "attribute",
        "phase",
        "category",
        "channel",
        "tag",
        "candidate",
        "application",
        "document",
    ):
        for r in store.list(TENANT, "personio", kind, include_deleted=True):
            out.append((kind, r.id, r.doc, r.created_at, r.updated_at, r.deleted_at))
    return out


def test_same_seed_same_documents():
    first, second = make_sandbox(), make_sandbox()
    assert _dump(first.store) == _dump(second.store)
    assert first.credentials == second.credentials


def test_deleted_world_records_are_soft_deleted_in_the_store(personio):
    deleted = [a for a in personio.world.applications if a.times.deleted_at is not None]
    assert deleted, "the tiny world soft-deletes some applications"
    for application in deleted:
        native = str(ids.native_int("application", application.id))
        assert personio.store.get(TENANT, "personio", "application", native) is None
        record = personio.store.get(TENANT, "personio", "application", native, include_deleted=True)
        assert record.deleted_at == application.times.deleted_at


def test_minted_ids_start_past_the_world(fresh):
    from .test_v1 import apply

    assert apply(fresh).status_code == 201
    newest = max(int(r.id) for r in fresh.store.list(TENANT, "personio", "application", include_deleted=True))
    assert newest == ids.native_int("application", fresh.world.applications[-1].id) + 1
