"""Route calls to the real vendor hosts into the mocks, in-process — like moto's mock_aws.

    from atsbox.intercept import intercept

    with intercept(seed=0, size="tiny") as sandbox:
        key = sandbox.credentials["ashby"]["api_key"]
        requests.post("https://api.ashbyhq.com/candidate.list", auth=(key, ""), json={})

    @intercept(vendors=["gem"])
    def test_my_sync(): ...

Inside the block every `requests` call whose host is a vendor host (api.ashbyhq.com,
api.personio.de, *.jobs.personio.de, api.gem.com, api.factorialhr.com, api.flatchr.io,
careers.flatchr.io, ...) reaches the mocks' WSGI app unchanged, with no socket; other hosts
are untouched. State lives in an in-memory store shared by the whole block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from atsbox.connectors.http import WSGIAdapter

F = TypeVar("F", bound=Callable[..., Any])
TENANT = "intercept"


@dataclass(slots=True)
class InterceptedSandbox:
    store: Any
    app: Any
    credentials: dict[str, dict[str, Any]]
    hosts: list[str] = field(default_factory=list)


class intercept:  # noqa: N801 - used like a function, as a context manager or decorator
    """Context manager and decorator that sends vendor-host requests to the mocks."""

    def __init__(self, *, seed: int = 0, size: str = "tiny", vendors: Iterable[str] | None = None) -> None:
        self.seed = seed
        self.size = size
        self.vendors = list(vendors) if vendors is not None else None
        self.sandbox: InterceptedSandbox | None = None
        self._original: Callable[..., Any] | None = None

    def __enter__(self) -> InterceptedSandbox:
        from atsbox.mocks.core import create_app, vendors
        from atsbox.sandbox import create_sandbox
        from atsbox.store import Store

        names = self.vendors or list(vendors())
        store = Store("sqlite://")
        info = create_sandbox(store, TENANT, seed=self.seed, size=self.size, vendors=names)
        app = create_app(store, vendors=names)
        hosts = [h for name in names for h in vendors()[name].hosts]
        self.sandbox = InterceptedSandbox(store, app, dict(info.credentials), hosts)
        adapter = WSGIAdapter(app)
        original = requests.Session.get_adapter
        self._original = original

        def get_adapter(session: requests.Session, url: str) -> Any:
            host = (urlsplit(url).hostname or "").lower()
            if any(fnmatch(host, pattern) for pattern in hosts):
                return adapter
            return original(session, url)

        requests.Session.get_adapter = get_adapter  # type: ignore[method-assign]
        return self.sandbox

    def __exit__(self, *exc: object) -> None:
        if self._original is not None:
            requests.Session.get_adapter = self._original  # type: ignore[method-assign]
            self._original = None

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with intercept(seed=self.seed, size=self.size, vendors=self.vendors):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
