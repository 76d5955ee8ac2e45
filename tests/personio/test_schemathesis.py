"""Schemathesis on the Personio mock's own OpenAPI document, through the shared harness.

The contract plug-in's `schemathesis_schema` leaves out the career site's HTML pages and XML
feed (test_feed.py checks the feed's shape) and gives each operation its own credentials:
the Recruiting API key and company id on v1, an OAuth access token on v2 reads.
"""

from __future__ import annotations

from typing import Any

from atsbox.contracts.schemathesis_suite import profile_settings, stateful_settings, vendor_schema

schema = vendor_schema("personio")


@schema.parametrize()
@profile_settings()
def test_personio_conforms_to_its_document(case: Any) -> None:
    case.call_and_validate()


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = stateful_settings()
TestPersonioStateful = Workflow.TestCase
