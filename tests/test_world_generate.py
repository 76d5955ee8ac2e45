"""Generating worlds: determinism, sizes, the fixed clock, id shapes and progress."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from atsbox.fixtures import PROFILES, Size, generate, resolve_size, world_to_json
from atsbox.fixtures.draw import Ids
from atsbox.fixtures.model import World


def _digest(seed: int, size: str) -> str:
    return hashlib.sha256(world_to_json(generate(seed, size))).hexdigest()


def test_same_seed_and_size_give_the_same_bytes() -> None:
    first = world_to_json(generate(7, "small"))
    assert world_to_json(generate(7, "small")) == first


def test_another_seed_gives_another_world() -> None:
    a, b = generate(0, "tiny"), generate(1, "tiny")
    assert world_to_json(a) != world_to_json(b)
    assert [c.last_name for c in a.candidates] != [c.last_name for c in b.candidates]


def test_bytes_do_not_depend_on_the_process() -> None:
    # Another interpreter with another string-hash seed must agree: nothing may depend on
    # set or dict iteration of hashed strings, object ids or the wall clock.
    code = (
        "import hashlib; from atsbox.fixtures import generate, world_to_json; "
        "print(hashlib.sha256(world_to_json(generate(3, 'tiny'))).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         timeout=120)
    assert out.stdout.strip() == _digest(3, "tiny")


def _counts(world: World) -> dict[str, int]:
    return {
        "users": len(world.users), "departments": len(world.departments), "offices": len(world.offices),
        "rejection_reasons": len(world.rejection_reasons), "tags": len(world.tags), "sources": len(world.sources),
        "questions": len(world.questions), "jobs": len(world.jobs), "candidates": len(world.candidates),
        "applications": len(world.applications), "notes": len(world.notes),
    }


def _requested(size: Size) -> dict[str, int]:
    return {k: v for k, v in dataclasses.asdict(size).items() if k not in ("name", "edge_rate")}


@pytest.mark.parametrize("profile", ["tiny", "small"])
def test_profiles_give_their_counts(profile: str) -> None:
    world = generate(0, profile)
    assert _counts(world) == _requested(PROFILES[profile])
    assert world.size == profile


def test_profiles_are_about_the_documented_sizes() -> None:
    tiny, small, large = PROFILES["tiny"], PROFILES["small"], PROFILES["large"]
    assert (tiny.candidates, tiny.applications) == (30, 50) and 5 <= tiny.jobs <= 8
    assert (small.jobs, small.candidates, small.applications) == (25, 300, 500)
    assert (large.candidates, large.applications) == (10_000, 20_000) and 350 <= large.jobs <= 450


def test_explicit_counts_are_honoured() -> None:
    world = generate(4, "jobs=10,candidates=50,applications=80")
    counts = _counts(world)
    assert (counts["jobs"], counts["candidates"], counts["applications"]) == (10, 50, 80)
    assert counts["users"] == PROFILES["small"].users  # the rest comes from the small profile
    assert world.size == "jobs=10,candidates=50,applications=80"


def test_a_size_object_and_a_profile_base_are_accepted() -> None:
    size = Size(name="mine", users=3, departments=2, offices=2, rejection_reasons=3, tags=2, sources=3,
                questions=5, jobs=2, candidates=4, applications=6, notes=2, edge_rate=0.0)
    assert _counts(generate(0, size)) == _requested(size)
    based = resolve_size("tiny,jobs=3,edge_rate=0.2")
    assert based.jobs == 3 and based.candidates == PROFILES["tiny"].candidates and based.edge_rate == 0.2


def test_fewer_applications_than_candidates_and_an_empty_world() -> None:
    world = generate(0, "tiny,candidates=20,applications=5")
    assert len(world.applications) == 5 and len(world.candidates) == 20
    empty = generate(0, "tiny,jobs=0,candidates=0,applications=0,notes=0")
    assert not (empty.jobs or empty.candidates or empty.applications or empty.interviews or empty.offers)


@pytest.mark.parametrize(
    "text",
    ["huge", "jobs=ten", "jobs=-1", "colour=red", "jobs", "jobs=1,candidates=2,applications=3", "edge_rate=0.9", ""],
)
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        resolve_size(text)


def _walk(value: Any, path: str = "world") -> Iterator[tuple[str, Any]]:
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    else:
        yield path, value


def test_times_are_aware_utc_milliseconds_before_the_anchor(small_world: World) -> None:
    anchor = small_world.anchor
    assert anchor == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    times = [(p, v) for p, v in _walk(small_world) if isinstance(v, datetime)]
    assert len(times) > 5000
    for path, moment in times:
        assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0, path
        assert moment.microsecond % 1000 == 0, path
        if path != "world.anchor":
            assert moment < anchor, path
    dates = [v for _, v in _walk(small_world) if isinstance(v, date) and not isinstance(v, datetime)]
    assert dates  # availability and start dates


def test_record_times_are_ordered(small_world: World) -> None:
    for path, times in ((p, v) for p, v in _walk_times(small_world)):
        assert times.created_at <= times.updated_at, path
        if times.deleted_at is not None:
            assert times.updated_at <= times.deleted_at, path


def _walk_times(world: World) -> Iterator[tuple[str, Any]]:
    for name in ("users", "departments", "offices", "tags", "jobs", "candidates", "applications", "interviews",
                 "offers", "notes"):
        for record in getattr(world, name):
            yield f"{name}.{record.id}", record.times
    for job in world.jobs:
        for posting in job.postings:
            yield f"postings.{posting.id}", posting.times


@pytest.fixture(scope="module")
def small_world() -> World:
    return generate(0, "small")


ID_SHAPES = {
    "users": r"user_\d{4}", "departments": r"dept_\d{4}", "offices": r"office_\d{4}",
    "rejection_reasons": r"reason_\d{4}", "tags": r"tag_\d{4}", "sources": r"src_\d{4}",
    "questions": r"q_\d{4}", "custom_fields": r"cf_\d{4}", "jobs": r"job_\d{4}", "candidates": r"cand_\d{5}",
    "applications": r"app_\d{5}", "interviews": r"int_\d{5}", "offers": r"offer_\d{5}", "notes": r"note_\d{5}",
}


def test_ids_are_shaped_unique_and_in_order(small_world: World) -> None:
    for name, shape in ID_SHAPES.items():
        ids = [r.id for r in getattr(small_world, name)]
        assert ids, name
        assert all(re.fullmatch(shape, i) for i in ids), name
        assert ids == sorted(ids) and len(set(ids)) == len(ids), name
    nested = {
        r"stg_\d{5}": [s.id for j in small_world.jobs for s in j.stages],
        r"post_\d{4}": [p.id for j in small_world.jobs for p in j.postings],
        r"att_\d{5}": [a.id for c in small_world.candidates for a in c.attachments],
        r"opt_\d{4}": [o.id for q in small_world.questions for o in q.format.options],
    }
    for shape, ids in nested.items():
        assert ids and all(re.fullmatch(shape, i) for i in ids), shape
        assert len(set(ids)) == len(ids), shape


def test_ids_follow_creation_order(small_world: World) -> None:
    for records in (small_world.candidates, small_world.applications):
        created = [r.times.created_at for r in records]
        assert created == sorted(created)


def test_ids_widen_rather_than_missort() -> None:
    ids = Ids("cand", 5, bound=100_000)
    made = [ids.next() for _ in range(100_000)]
    assert made[0] == "cand_000001" and made[-1] == "cand_100000" and made == sorted(made)


def test_progress_reports_every_phase_up_to_its_total() -> None:
    seen: list[tuple[str, int, int]] = []
    generate(0, "tiny", progress=lambda phase, done, total: seen.append((phase, done, total)))
    finished = [phase for phase, done, total in seen if done == total]
    for phase in ("pools", "organisation", "jobs", "candidates", "applications", "interviews", "offers", "notes",
                  "lifecycle"):
        assert phase in finished
    assert all(0 <= done <= total for _, done, total in seen)
