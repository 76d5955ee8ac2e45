"""Schemathesis on the Ashby mock's OpenAPI document (Ashby's own request and response
schemas), in-process through the shared harness: every default check on every operation,
then stateful sequences along the document's links (a created candidate to its info,
update and notes; an application to its stage and source changes; a webhook setting to
its info, update and deletion)."""

from __future__ import annotations

from typing import Any

import schemathesis

from atsbox.contracts.schemathesis_suite import profile_settings, stateful_settings, vendor_schema

schema = vendor_schema("ashby")


@schemathesis.check
def ashby_envelope(ctx: Any, response: Any, case: Any) -> None:
    """Every answer is Ashby's envelope; an error one names its code twice, the same."""
    # @schemathesis.check registers globally: other vendors' runs in this process see it too.
    if case.operation.schema is not schema:
        return None
    if response.request.method != "POST" or response.status_code in (404, 405):
        return None  # the method and route checks' own probes
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("success"), bool), body
    if body["success"] is False:
        assert body["errors"] == [body["errorInfo"]["code"]], body
    return None


@schema.parametrize()
@profile_settings()
def test_ashby_conforms_to_its_document(case):  # type: ignore[no-untyped-def]
    case.call_and_validate(additional_checks=[ashby_envelope])


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = stateful_settings()
TestAshbyStateful = Workflow.TestCase
