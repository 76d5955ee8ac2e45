"""Schemathesis (all default checks) on the Gem mock's own OpenAPI document, in-process."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from .conftest import make_sandbox

SANDBOX = make_sandbox()
schema = schemathesis.openapi.from_wsgi("/gem/openapi.json", SANDBOX.app)
schema.config.update(headers={"X-API-Key": SANDBOX.key})


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_gem_conforms_to_its_document(case):
    case.call_and_validate()
