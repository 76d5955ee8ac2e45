"""Schemathesis on the Gem mock's own OpenAPI document, in-process, through the shared
harness: every default check on every operation, then stateful sequences along the
document's links (an application to its stage move, writes read back, a note to the feed)."""

from __future__ import annotations

from atsbox.contracts.schemathesis_suite import profile_settings, stateful_settings, vendor_schema

schema = vendor_schema("gem")


@schema.parametrize()
@profile_settings()
def test_gem_conforms_to_its_document(case):  # type: ignore[no-untyped-def]
    case.call_and_validate()


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = stateful_settings()
TestGemStateful = Workflow.TestCase
