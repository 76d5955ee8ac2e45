"""Sandbox time: a clock that tests can freeze and advance, and that a sandbox shares across processes.

Every time a mock writes (``created_at``, ``updated_at``, token expiry, rate-limit windows)
comes from a clock, never from ``datetime.now()`` directly, so tests control time instead of
sleeping. Times are UTC with millisecond precision, like the world's.

* ``system``: the real time, read-only (the default where no sandbox clock applies).
* ``SandboxClock``: real time shifted by an offset, or frozen at an instant. Its state
  ``{"frozen_at": ISO string | None, "offset_ms": int}`` is plain JSON.
* ``clock_for(store, tenant)``: a SandboxClock whose state lives in the tenant's meta
  (key ``"clock"``), read on every call, so every process serving one sandbox agrees on
  its time and a freeze in one is seen by all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from atsbox.store import Store, UnknownTenant

META_KEY = "clock"

Source = Callable[[], datetime]


def _real_now() -> datetime:
    return datetime.now(UTC)


def to_ms(value: datetime) -> datetime:
    """`value` in UTC, truncated to whole milliseconds (naive datetimes are refused)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {value!r}")
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _delta_ms(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time (UTC, ms). Read-only: freezing it would affect every user of `system`."""

    def __init__(self, source: Source = _real_now) -> None:
        self._source = source

    def now(self) -> datetime:
        return to_ms(self._source())

    def __repr__(self) -> str:
        return "SystemClock()"


system = SystemClock()


class SandboxClock:
    """Real time plus an offset, or a frozen instant.

    ``source`` is where "real time" comes from (inject a fake one in tests of unfreeze).
    """

    def __init__(
        self, *, frozen_at: datetime | None = None, offset_ms: int = 0, source: Source = _real_now
    ) -> None:
        self._frozen_at = None if frozen_at is None else to_ms(frozen_at)
        self._offset_ms = int(offset_ms)
        self._source = source

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return to_ms(self._source() + timedelta(milliseconds=self._offset_ms))

    def freeze(self, at: datetime | None = None) -> datetime:
        """Stop time at `at` (default: the current sandbox time); returns the frozen instant."""
        self._frozen_at = to_ms(at) if at is not None else self.now()
        return self._frozen_at

    def unfreeze(self) -> None:
        """Let time run again from the frozen instant (no jump to the real time)."""
        if self._frozen_at is None:
            return
        self._offset_ms = _delta_ms(self._frozen_at - to_ms(self._source()))
        self._frozen_at = None

    def advance(self, delta: timedelta) -> datetime:
        """Move sandbox time forward by `delta` (frozen or not); returns the new time."""
        if delta < timedelta(0):
            raise ValueError(f"a clock only advances; got {delta!r}")
        if self._frozen_at is not None:
            self._frozen_at = to_ms(self._frozen_at + delta)
        else:
            self._offset_ms += _delta_ms(delta)
        return self.now()

    def clock_state(self) -> dict[str, Any]:
        frozen = None if self._frozen_at is None else self._frozen_at.isoformat(timespec="milliseconds")
        return {"frozen_at": frozen, "offset_ms": self._offset_ms}

    @classmethod
    def from_state(cls, state: dict[str, Any] | None, *, source: Source = _real_now) -> SandboxClock:
        state = state or {}
        frozen = state.get("frozen_at")
        return cls(
            frozen_at=None if frozen is None else datetime.fromisoformat(frozen),
            offset_ms=state.get("offset_ms", 0),
            source=source,
        )

    def __repr__(self) -> str:
        return f"SandboxClock({self.clock_state()!r})"


class TenantClock:
    """A SandboxClock kept in a tenant's meta: every call reads it, every change writes it back
    in one store transaction (so two processes advancing at once both count)."""

    def __init__(
        self,
        store: Store,
        tenant: str,
        *,
        source: Source = _real_now,
        state: dict[str, Any] | None = None,
        pinned: bool = False,
    ) -> None:
        self.store = store
        self.tenant = tenant
        self._source = source
        # pinned: read the state once (or take `state`, already read) and keep it — for one
        # request, which should see one clock and not pay a query per timestamp it writes.
        self._pinned = pinned
        self._state = None if state is None else SandboxClock.from_state(state, source=source)

    def _load(self, *, for_update: bool = False) -> SandboxClock:
        if self._pinned and self._state is not None and not for_update:
            return self._state
        info = self.store.get_tenant(self.tenant, for_update=for_update)
        if info is None:
            raise UnknownTenant(self.tenant)
        clock = SandboxClock.from_state(info["meta"].get(META_KEY), source=self._source)
        if self._pinned:
            self._state = clock
        return clock

    def _change(self, action: Callable[[SandboxClock], Any]) -> Any:
        with self.store.transaction():
            clock = self._load(for_update=True)
            result = action(clock)
            self.store.update_tenant_meta(self.tenant, **{META_KEY: clock.clock_state()})
        return result

    @property
    def frozen(self) -> bool:
        return self._load().frozen

    def now(self) -> datetime:
        return self._load().now()

    def freeze(self, at: datetime | None = None) -> datetime:
        return self._change(lambda clock: clock.freeze(at))

    def unfreeze(self) -> None:
        self._change(SandboxClock.unfreeze)

    def advance(self, delta: timedelta) -> datetime:
        return self._change(lambda clock: clock.advance(delta))

    def clock_state(self) -> dict[str, Any]:
        return self._load().clock_state()

    def __repr__(self) -> str:
        return f"TenantClock({self.tenant!r}, {self.clock_state()!r})"


def clock_for(
    store: Store,
    tenant: str,
    *,
    source: Source = _real_now,
    pinned: bool = False,
    meta: dict[str, Any] | None = None,
) -> TenantClock:
    """The shared clock of `tenant`'s sandbox (state in its meta under ``"clock"``).

    ``pinned``: read its state once, at the first use, or take it from ``meta`` (the
    tenant's meta, already read) — a request's view of the clock; changes through it are
    still written to the store.
    """
    state = None if meta is None else (meta.get(META_KEY) or {})
    return TenantClock(store, tenant, source=source, pinned=pinned, state=state)
