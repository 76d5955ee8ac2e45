"""Schemathesis (every default check, stateful links included) on the Factorial mock's own
OpenAPI document, in-process, through the project's shared harness."""

from __future__ import annotations

from atsbox.contracts.schemathesis_suite import profile_settings, stateful_settings, vendor_schema

schema = vendor_schema("factorial")


@schema.parametrize()
@profile_settings()
def test_factorial_conforms_to_its_document(case):  # type: ignore[no-untyped-def]
    case.call_and_validate()


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = stateful_settings()
TestFactorialStateful = Workflow.TestCase
