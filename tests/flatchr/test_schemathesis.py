"""Schemathesis (all default checks, plus stateful link sequences) on the Flatchr mock's own
document, which covers both hosts (careers.flatchr.io under /careers)."""

from __future__ import annotations

from atsbox.contracts.schemathesis_suite import profile_settings, stateful_settings, vendor_schema

schema = vendor_schema("flatchr")


@schema.parametrize()
@profile_settings()
def test_flatchr_conforms_to_its_document(case):
    case.call_and_validate()


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = stateful_settings()
TestFlatchrStatefulLinks = Workflow.TestCase


def test_document_covers_both_hosts():
    paths = set(schema.raw_schema["paths"])
    assert any(p.startswith("/careers/") for p in paths) and any(p.startswith("/company/") for p in paths)
