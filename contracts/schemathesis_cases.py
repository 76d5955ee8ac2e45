"""The Schemathesis cases `atsbox contracts` runs for one vendor (chosen by ATSBOX_ST_VENDOR).

Not collected by the repository's own test run (the name does not start with test_); the
contract engine runs it as `python -m pytest <this file>` so Schemathesis' full pytest
integration — examples, coverage, fuzzing and stateful phases — backs the CLI too.
"""

from __future__ import annotations

import os

from atsbox.contracts.schemathesis_suite import profile_settings, stateful_settings, vendor_schema

VENDOR = os.environ.get("ATSBOX_ST_VENDOR", "")
schema = vendor_schema(VENDOR)


@schema.parametrize()
@profile_settings()
def test_conforms_to_its_document(case):  # type: ignore[no-untyped-def]
    case.call_and_validate()


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = stateful_settings()
TestStatefulLinks = Workflow.TestCase
