"""The contract engine on Ashby: every model, field, action and feature on the page.

The world is a trimmed one with enough deletions per model for remote_deleted_at to be
verified on three records (the oracle's bar); the small profile passes the same way.
"""

from __future__ import annotations

import pytest

from atsbox.contracts.engine import run_vendor

SIZE = "tiny,jobs=16,tags=15,users=20,candidates=60,applications=100"


@pytest.mark.parametrize("mode", ["wsgi", "http"])
def test_oracle_actions_and_features_pass(mode: str) -> None:
    result = run_vendor("ashby", seed=0, size=SIZE, mode=mode)
    assert not result.errors, result.errors
    oracle = result.oracle
    failures = oracle.failures()
    assert not failures, "\n".join(map(str, failures[:20]))
    assert not oracle.unverified(), oracle.unverified()
    bad_actions = {name: r.failures() for name, r in result.actions.items() if not r.ok}
    assert not bad_actions, bad_actions
    assert set(result.features) == {f.name for f in result.coverage.features}
    failing = {name: r.detail for name, r in result.features.items() if r.status != "verified"}
    assert not failing, failing


@pytest.mark.parametrize("model", ["rejection_reasons", "screening_questions"])
def test_a_connector_that_forgets_deletions_fails_exactly_that_field(
    model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archived reasons and questions gone from every form must be reported deleted: a
    connector that delivers them as live fails `remote_deleted_at`, on each such record."""
    from atsbox.connectors.ashby.reads import AshbyReads

    method = f"read_{model}"
    real = getattr(AshbyReads, method)

    def forgetful(self, updated_after):  # type: ignore[no-untyped-def]
        return [r.model_copy(update={"remote_deleted_at": None}) for r in real(self, updated_after)]

    monkeypatch.setattr(AshbyReads, method, forgetful)
    oracle = run_vendor("ashby", seed=0, size=SIZE, reads_only=True).oracle
    failures = oracle.failures()
    assert {(f.model, f.field) for f in failures} == {(model, "remote_deleted_at")}, failures[:5]
    assert len(failures) >= 3 and all(f.actual is None for f in failures), failures


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
