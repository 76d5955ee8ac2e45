"""A cache of whole answers for read routes, keyed by everything the answer depends on.

A list page of 100 records costs a worker a few milliseconds to read, decode, shape and
encode, and a partner's tests (or a load test) ask for the same pages again and again. A
route marked `@cacheable` declares that its answer is a function of the request (method,
URL as the client addressed it, headers, body), the credential that authenticated it
(secret and stored meta: permissions), the sandbox's records and its clock: nothing else,
in particular no kv state that changes without a record changing. The core then keys the
answer on all of those, with the tenant's change sequence standing for its records (every
put and soft delete moves it; a reset or import makes a new tenant row, whose creation
time is in the key too).

Only answers of requests that ran in a read transaction are kept (a request that wrote
changed the data it would be keyed on), only 200s, and only up to `max_answer_bytes`.
Headers that after-request hooks add (Date, rate-limit and version headers) are not part of
the cached answer: they are added afresh to each response.

The clock: on a frozen sandbox clock the instant is part of the key, so the same request
gives the same bytes, cached or not. On a running clock an answer that mentions "now"
(a signed URL's expiry) would never repeat, so a cached answer is served for at most
`live_max_age` seconds of real time, then computed again.

Each process keeps its own cache (gunicorn workers don't share memory); it is bounded in
bytes and forgets the least recently used answers first.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

CACHEABLE_ATTR = "_atsbox_cacheable"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024
DEFAULT_LIVE_MAX_AGE = 1.0


def cacheable(view: F) -> F:
    """Route decorator: this read route's answer may be cached (see the module doc for the
    promise it makes)."""
    setattr(view, CACHEABLE_ATTR, True)
    return view


def is_cacheable(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, CACHEABLE_ATTR, False))


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    stored_at: float
    live: bool  # computed on a running clock: good for live_max_age only


class AnswerCache:
    """Thread-safe LRU of `Answer`s by key, bounded by the bytes of their bodies."""

    def __init__(
        self,
        max_bytes: int = DEFAULT_MAX_BYTES,
        *,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        live_max_age: float = DEFAULT_LIVE_MAX_AGE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_answer_bytes = min(max_answer_bytes, max_bytes)
        self.live_max_age = live_max_age
        self._monotonic = monotonic
        self._entries: OrderedDict[bytes, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(*parts: Any) -> bytes:
        """A digest of the parts (reprs of str, bytes, numbers, tuples of those)."""
        digest = hashlib.blake2b(digest_size=20)
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode()
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.digest()

    def get(self, key: bytes) -> Answer | None:
        with self._lock:
            answer = self._entries.get(key)
            if (
                answer is not None
                and answer.live
                and self._monotonic() - answer.stored_at > self.live_max_age
            ):
                self._drop(key)
                answer = None
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(
        self, key: bytes, status: int, headers: list[tuple[str, str]], body: bytes, *, live: bool
    ) -> bool:
        """Keep an answer; False when it is too large to keep."""
        if len(body) > self.max_answer_bytes:
            return False
        answer = Answer(status, tuple(headers), body, self._monotonic(), live)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = answer
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))
        return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: bytes) -> None:
        self._bytes -= len(self._entries.pop(key).body)
