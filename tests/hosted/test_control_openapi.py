"""Schemathesis against the control API's own OpenAPI document, in-process.

One tiny sandbox is made up front and most generated cases address it (a random sandbox id
would only ever meet the 404), except the deletes, which keep their random ids so the
sandbox survives the run; the sandboxes it creates share one world (see below). Creating and importing are excluded from the positive-data check
alone: a schema-valid body can still name credential labels or carry an export that this
service cannot honour, and those are rightly refused with 400.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from atsbox.store import Store

from .helpers import ADMIN, Hosted

SERVICE = Hosted(Store("sqlite://"), vendors=["gem"])
SANDBOX = SERVICE.create(id="fuzzed")["id"]
# Every generated seed would generate a world of its own (about a second each); this test is
# about the API, not the worlds, so every sandbox it creates gets the one already made.
_WORLD = SERVICE.service.sandboxes.world(0, "tiny")
SERVICE.service.sandboxes.world = lambda seed, size: _WORLD
schema = schemathesis.openapi.from_wsgi("/_sandbox/openapi.json", SERVICE.app)
schema.config.update(headers={"Authorization": f"Bearer {ADMIN}"})

STRICT_BODIES = {"POST /_sandbox/sandboxes", "POST /_sandbox/import"}


@schema.parametrize()
@settings(
    max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)
def test_control_api_conforms_to_its_document(case) -> None:
    if "sandbox_id" in (case.path_parameters or {}) and case.method != "DELETE":
        case.path_parameters["sandbox_id"] = SANDBOX
    excluded = [positive_data_acceptance] if f"{case.method} {case.path}" in STRICT_BODIES else []
    case.call_and_validate(excluded_checks=excluded)
