"""pytest plugin for users' own tests (registered through the pytest11 entry point).

Fixtures:

- `ats_sandbox` — a factory: `ats_sandbox("ashby", seed=0, size="tiny", server=False)`
  returns an `AtsSandbox` with the vendor's `base_url`, its `credentials` and an
  authenticated `requests` `session`. In-process (WSGI, no socket) by default; with
  `server=True` a real server on 127.0.0.1, stopped after the test.
- `ats_world` — the seeded world (`seed`/`size` from an `ats_world` marker, default 0/tiny).
- `ats_intercept` — routes calls to the real vendor hosts into the mocks for one test
  (see `atsbox.intercept`).

Options and markers: `--ats-vendor NAME` (repeatable) runs only tests marked
`@pytest.mark.ats_vendor("NAME")` (and unmarked ones); `@pytest.mark.ats_world(seed=1, size="small")`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
import requests


@dataclass(slots=True)
class AtsSandbox:
    vendor: str
    base_url: str
    credentials: dict[str, Any]
    session: requests.Session
    app: Any
    store: Any


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("atsbox", "atsbox mock ATS sandbox")
    group.addoption(
        "--ats-vendor",
        action="append",
        default=[],
        metavar="VENDOR",
        help="only run tests marked for this ATS vendor (repeatable): ashby, personio, gem, factorial, flatchr",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ats_vendor(name): the test exercises this ATS vendor's sandbox")
    config.addinivalue_line(
        "markers", "ats_world(seed=0, size='tiny'): the world the ats_world fixture builds"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("--ats-vendor") or ())
    if not wanted:
        return
    skip = pytest.mark.skip(reason=f"--ats-vendor {', '.join(sorted(wanted))} given")
    for item in items:
        marks = [m.args[0] for m in item.iter_markers("ats_vendor") if m.args]
        if marks and not wanted.intersection(marks):
            item.add_marker(skip)


@pytest.fixture
def ats_world(request: pytest.FixtureRequest) -> Any:
    from atsbox.fixtures import generate

    marker = request.node.get_closest_marker("ats_world")
    kwargs = dict(marker.kwargs) if marker else {}
    return generate(seed=kwargs.get("seed", 0), size=kwargs.get("size", "tiny"))


@pytest.fixture
def ats_sandbox() -> Iterator[Callable[..., AtsSandbox]]:
    stack = ExitStack()

    def make(vendor: str, *, seed: int = 0, size: str = "tiny", server: bool = False) -> AtsSandbox:
        from atsbox.connectors.http import WSGIAdapter
        from atsbox.contracts.plugin import ConnectTarget, load_contract
        from atsbox.loopback import loopback_server
        from atsbox.mocks.core import create_vendor_app
        from atsbox.sandbox import create_sandbox
        from atsbox.store import Store

        store = Store("sqlite://")
        info = create_sandbox(store, f"pytest-{vendor}", seed=seed, size=size, vendors=[vendor])
        app = create_vendor_app(vendor, store)
        credentials = dict(info.credentials[vendor])
        session = requests.Session()
        stack.callback(session.close)
        if server:
            base_url = stack.enter_context(loopback_server(app))
        else:
            base_url = f"http://{vendor}.atsbox.test"
            session.mount(base_url, WSGIAdapter(app))
        try:
            contract = load_contract(vendor)
        except LookupError:
            contract = None
        if contract is not None and contract.auth_headers is not None:
            target = ConnectTarget(vendor, credentials, wsgi_app=None if server else app, base_url=base_url)
            session.headers.update(contract.auth_headers(target))
        return AtsSandbox(vendor, base_url, credentials, session, app, store)

    with stack:
        yield make


@pytest.fixture
def ats_intercept() -> Iterator[Any]:
    from atsbox.intercept import intercept

    with intercept() as sandbox:
        yield sandbox
