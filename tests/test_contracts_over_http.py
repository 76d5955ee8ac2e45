"""The coverage contract of every vendor over a real loopback socket: the default (small)
world, every documented field, input field and feature verified (or a declared gap), nothing
undocumented delivered.

Each vendor's own tests (tests/<vendor>/test_contract.py) run the same contract in-process
over WSGI; this is the socket half of what `atsbox contracts --no-schemathesis` checks.
Ashby's own contract test already runs both transports (on a world trimmed for it), so it is
not repeated here.
Schemathesis runs per vendor in tests/<vendor>/ through atsbox.contracts.schemathesis_suite.
"""

from __future__ import annotations

import pytest

from atsbox.contracts.coverage import VENDORS
from atsbox.contracts.engine import run_vendor
from atsbox.contracts.reports import markdown
from atsbox.contracts.results import passed


@pytest.mark.parametrize("vendor", [v for v in VENDORS if v != "ashby"])
def test_vendor_delivers_exactly_its_coverage_page_over_http(vendor: str) -> None:
    result = run_vendor(vendor, mode="http")
    matrix = result.matrix()
    assert passed(matrix), markdown([matrix])
