"""pytest plugin: sandbox fixtures for users' own tests (registered via the pytest11 entry point)."""

from __future__ import annotations

import pytest


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
