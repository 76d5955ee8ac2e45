"""The core's cache of whole answers (mocks/core/answers.py): hits only where nothing the
answer depends on has changed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from atsbox.mocks.core import add_fault
from atsbox.mocks.core.answers import AnswerCache
from atsbox.mocks.core.context import runtime
from atsbox.mocks.example import NAME
from atsbox.mocks.example.testing import DemoSandbox, add_tenant, demo_sandbox


@pytest.fixture
def sb() -> DemoSandbox:
    sandbox = demo_sandbox()
    sandbox.add_candidates(3)
    return sandbox


def answers(sb: DemoSandbox) -> AnswerCache:
    with sb.app.app_context():
        cache = runtime().answers
    assert cache is not None
    return cache


def get(sb: DemoSandbox, path: str = "/example/candidates", headers: dict[str, str] | None = None) -> bytes:
    response = sb.client.get(path, headers=headers or sb.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_data()


def test_a_repeated_read_is_served_from_the_cache_with_the_same_bytes(sb: DemoSandbox) -> None:
    cache = answers(sb)
    first = get(sb)
    assert (cache.hits, cache.misses) == (0, 1)
    assert get(sb) == first
    assert (cache.hits, cache.misses) == (1, 1)
    # The same request through the real host name is another URL: its links differ.
    hosted = sb.client.get("/candidates", headers={**sb.headers, "Host": "api.example-ats.test"})
    assert hosted.status_code == 200 and cache.misses == 2


def test_a_write_through_the_api_or_the_store_is_seen_at_once(sb: DemoSandbox) -> None:
    before = get(sb)
    created = sb.client.post("/example/candidates", json={"name": "New", "email": "n@example.test"}, headers=sb.headers)
    assert created.status_code == 201
    after_api = get(sb)
    assert after_api != before and b"n@example.test" in after_api
    sb.add_candidates(1)  # straight into the store, as another process would
    after_store = get(sb)
    assert after_store != after_api
    assert b'"cand_1"' in after_store
    sb.store.soft_delete(sb.tenant, NAME, "candidate", "cand_1", at=sb.clock.now())
    assert b'"cand_1"' not in get(sb)


def test_each_credential_query_and_clock_state_has_its_own_answer(sb: DemoSandbox) -> None:
    cache = answers(sb)
    get(sb)
    get(sb, headers=sb.basic)  # same key, other scheme: other headers
    get(sb, "/example/candidates?limit=1")
    assert cache.hits == 0
    sb.clock.advance(timedelta(minutes=5))  # frozen clock: its instant is in the key
    get(sb)
    assert cache.hits == 0
    get(sb)
    assert cache.hits == 1


def test_a_reset_sandbox_does_not_see_the_answers_of_the_one_before(sb: DemoSandbox) -> None:
    get(sb)
    sb.store.delete_tenant(sb.tenant)
    add_tenant(sb.store, sb.tenant)  # same credentials, same (empty) change sequence start
    ids = sb.add_candidates(1)
    sb.store.put(sb.tenant, NAME, "candidate", ids[0], {"id": ids[0], "name": "Other", "email": "o@x.test", "tags": []}, at=sb.clock.now())  # fmt: skip
    # Two puts: the change sequence is where it was after the first sandbox's three.
    sb.add_candidates(1)
    assert b"o@x.test" in get(sb)


def test_a_running_clock_bounds_how_long_an_answer_is_served() -> None:
    ticks = [0.0]
    sb = demo_sandbox()
    sb.add_candidates(1)
    sb.clock.unfreeze()
    with sb.app.app_context():
        runtime().answers = AnswerCache(live_max_age=1.0, monotonic=lambda: ticks[0])
    cache = answers(sb)
    get(sb)
    get(sb)
    assert cache.hits == 1
    ticks[0] = 1.5
    get(sb)
    assert (cache.hits, cache.misses) == (1, 2)


def test_errors_writes_faults_and_uncacheable_routes_are_not_cached(sb: DemoSandbox) -> None:
    cache = answers(sb)
    assert sb.client.get("/example/candidates/nope", headers=sb.headers).status_code == 404
    assert sb.client.get("/example/candidates/nope", headers=sb.headers).status_code == 404
    sb.client.post("/example/candidates/sync", json={}, headers=sb.headers)  # a POST route
    assert len(cache) == 0
    get(sb)
    add_fault(sb.store, sb.tenant, NAME, endpoint="/candidates", status=503, count=1)
    assert sb.client.get("/example/candidates", headers=sb.headers).status_code == 503
    assert sb.client.get("/example/candidates", headers={"X-Api-Key": "wrong"}).status_code == 403
    get(sb)
    assert cache.hits == 1


def test_the_cache_can_be_switched_off_and_is_bounded_in_bytes() -> None:
    off = demo_sandbox(config={"answer_cache_bytes": 0})
    with off.app.app_context():
        assert runtime().answers is None
    get(off)
    cache = AnswerCache(max_bytes=100)
    cache.put(b"a", 200, [], b"x" * 60, live=False)
    cache.put(b"b", 200, [], b"y" * 60, live=False)
    assert cache.get(b"a") is None and cache.get(b"b") is not None
    assert not cache.put(b"c", 200, [], b"z" * 101, live=False)
