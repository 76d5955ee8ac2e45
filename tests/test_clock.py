"""Sandbox clocks: frozen, advanced, shifted; shared through the store. Nothing sleeps: the
"real" time is a fake source the tests move by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from atsbox.clock import SandboxClock, SystemClock, clock_for, system, to_ms
from atsbox.store import Store, UnknownTenant

REAL = datetime(2025, 5, 1, 12, 0, 0, 987_654, tzinfo=UTC)


class FakeTime:
    """Stands in for the wall clock."""

    def __init__(self, now: datetime = REAL) -> None:
        self.value = now

    def __call__(self) -> datetime:
        return self.value


def test_system_clock_is_aware_utc_with_millisecond_precision() -> None:
    now = system.now()
    assert now.tzinfo == UTC and now.microsecond % 1000 == 0
    fake = SystemClock(FakeTime())
    assert fake.now() == datetime(2025, 5, 1, 12, 0, 0, 987_000, tzinfo=UTC)
    assert not hasattr(system, "freeze")  # the shared default cannot be frozen by accident


def test_running_clock_follows_real_time() -> None:
    real = FakeTime()
    clock = SandboxClock(source=real)
    assert clock.now() == to_ms(REAL) and not clock.frozen
    real.value += timedelta(seconds=3)
    assert clock.now() == to_ms(REAL + timedelta(seconds=3))


def test_freeze_stops_time_and_advance_moves_it() -> None:
    real = FakeTime()
    clock = SandboxClock(source=real)
    frozen = clock.freeze()
    assert frozen == to_ms(REAL) and clock.frozen
    real.value += timedelta(hours=1)
    assert clock.now() == frozen
    assert clock.advance(timedelta(minutes=5, microseconds=1500)) == frozen + timedelta(
        minutes=5, milliseconds=1
    )
    at = datetime(2030, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    assert clock.freeze(at) == datetime(2030, 1, 1, 0, tzinfo=UTC)
    assert clock.now().tzinfo == UTC


def test_advance_while_running_shifts_the_clock() -> None:
    real = FakeTime()
    clock = SandboxClock(source=real)
    clock.advance(timedelta(days=2))
    assert clock.now() == to_ms(REAL + timedelta(days=2))
    real.value += timedelta(seconds=1)
    assert clock.now() == to_ms(REAL + timedelta(days=2, seconds=1))


def test_unfreeze_resumes_from_the_frozen_instant() -> None:
    real = FakeTime()
    clock = SandboxClock(source=real)
    clock.freeze(datetime(2020, 1, 1, tzinfo=UTC))
    real.value += timedelta(hours=5)  # real time passes while frozen: no jump on unfreeze
    clock.unfreeze()
    assert clock.now() == datetime(2020, 1, 1, tzinfo=UTC)
    real.value += timedelta(seconds=2)
    assert clock.now() == datetime(2020, 1, 1, 0, 0, 2, tzinfo=UTC)
    clock.unfreeze()  # not frozen: nothing happens
    assert clock.now() == datetime(2020, 1, 1, 0, 0, 2, tzinfo=UTC)


def test_bad_inputs_are_refused() -> None:
    clock = SandboxClock(source=FakeTime())
    with pytest.raises(ValueError, match="advances"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="aware"):
        clock.freeze(datetime(2024, 1, 1))


def test_state_round_trips_through_json() -> None:
    real = FakeTime()
    frozen = SandboxClock(source=real)
    frozen.freeze(datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=UTC))
    state = json.loads(json.dumps(frozen.clock_state()))
    assert state == {"frozen_at": "2024-02-29T23:59:59.999+00:00", "offset_ms": 0}
    assert SandboxClock.from_state(state, source=real).now() == frozen.now()

    running = SandboxClock(source=real)
    running.advance(timedelta(milliseconds=1234))
    assert running.clock_state() == {"frozen_at": None, "offset_ms": 1234}
    assert SandboxClock.from_state(running.clock_state(), source=real).now() == running.now()
    assert SandboxClock.from_state(None, source=real).now() == to_ms(REAL)


def test_tenant_clock_is_shared_by_every_store_on_the_database(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'clock.db'}"
    real = FakeTime()
    with Store(url) as one, Store(url) as two:  # two handles, as two server processes would have
        one.create_tenant("t1", {"vendors": ["ashby"]})
        one.create_tenant("t2")
        mine, theirs = clock_for(one, "t1", source=real), clock_for(two, "t1", source=real)
        assert mine.now() == theirs.now() == to_ms(REAL) and not theirs.frozen

        frozen = mine.freeze(datetime(2024, 1, 1, tzinfo=UTC))
        assert theirs.now() == frozen and theirs.frozen
        theirs.advance(timedelta(hours=1))
        mine.advance(timedelta(hours=1))  # each advance reads the latest state: both count
        assert mine.now() == theirs.now() == datetime(2024, 1, 1, 2, tzinfo=UTC)

        theirs.unfreeze()
        real.value += timedelta(seconds=30)
        assert mine.now() == datetime(2024, 1, 1, 2, 0, 30, tzinfo=UTC)
        assert mine.clock_state() == theirs.clock_state()

        # Other meta is kept, other tenants keep real time.
        assert one.get_tenant("t1")["meta"]["vendors"] == ["ashby"]
        assert clock_for(two, "t2", source=real).now() == to_ms(real.value)


def test_a_clock_change_joins_the_surrounding_transaction() -> None:
    with Store() as store:
        store.create_tenant("t1")
        clock = clock_for(store, "t1", source=FakeTime())
        with pytest.raises(RuntimeError), store.transaction():
            clock.freeze(datetime(2024, 1, 1, tzinfo=UTC))
            raise RuntimeError("request failed")
        assert not clock.frozen


def test_clock_of_an_unknown_tenant() -> None:
    with Store() as store:
        with pytest.raises(UnknownTenant):
            clock_for(store, "nope").now()
        with pytest.raises(UnknownTenant):
            clock_for(store, "nope").freeze()
