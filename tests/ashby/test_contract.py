"""The contract engine on Ashby: every model, field, action and feature on the page.

The world is a trimmed one with enough deletions per model for remote_deleted_at to be
verified on three records (the oracle's bar); the small profile passes the same way.
"""

from __future__ import annotations

import pytest

from atsbox.contracts.engine import run_vendor

SIZE = "tiny,jobs=16,tags=15,users=20,candidates=60,applications=100"
# The world never deletes rejection reasons, and no question is asked only by deleted jobs,
# so these two fields cannot be shown to hold a value (reported as world defects).
WORLD_GAPS = {("screening_questions", "remote_deleted_at"), ("rejection_reasons", "remote_deleted_at")}


@pytest.mark.parametrize("mode", ["wsgi", "http"])
def test_oracle_actions_and_features_pass(mode: str) -> None:
    result = run_vendor("ashby", seed=0, size=SIZE, mode=mode)
    assert not result.errors, result.errors
    oracle = result.oracle
    failures = [f for f in oracle.failures() if (f.model, f.field) not in WORLD_GAPS]
    assert not failures, "\n".join(map(str, failures[:20]))
    assert not oracle.unverified(), oracle.unverified()
    for model, field in WORLD_GAPS:
        assert [m.reason for m in oracle.models[model].fields[field].failures] == ["world defect"]
    bad_actions = {name: r.failures() for name, r in result.actions.items() if not r.ok}
    assert not bad_actions, bad_actions
    assert set(result.features) == {f.name for f in result.coverage.features}
    failing = {name: r.detail for name, r in result.features.items() if r.status != "verified"}
    assert not failing, failing


def test_undocumented_actions_are_not_available() -> None:
    from atsbox.connectors.base import connector_for
    from atsbox.connectors.errors import NotAvailable
    from atsbox.fixtures import generate

    from .conftest import make_sandbox

    sandbox = make_sandbox(generate(seed=0, size="tiny"))
    connector = connector_for("ashby", wsgi_app=sandbox.app, credentials={"api_key": sandbox.key})
    with pytest.raises(NotAvailable):
        connector.get_candidate_attachments("remote:x")
    with pytest.raises(NotAvailable):
        connector.remove_candidate_tag("remote:x", {"name": "x"})
