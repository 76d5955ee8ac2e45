"""One test per feature row of Ashby's coverage page, named after it.

Each runs the feature check the contract engine runs (contracts/vendors/ashby.py) on a
fresh tiny sandbox whose every response is validated against Ashby's schemas; some add
what a check against the engine's sandbox cannot (a refused key, an expired token).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from atsbox.connectors.base import connector_for
from atsbox.contracts.coverage import load_coverage
from atsbox.contracts.plugin import ConnectTarget, FeatureContext
from atsbox.contracts.vendors import ashby as plugin

from .conftest import AshbySandbox


@pytest.fixture()
def ctx(fresh: AshbySandbox) -> Iterator[FeatureContext]:
    target = ConnectTarget("ashby", {"api_key": fresh.key, "read_only": fresh.read_only_key}, wsgi_app=fresh.app)
    connector = plugin.make_connector(target)
    yield FeatureContext(target=target, connector=connector, world=fresh.world,
                         connect=lambda **options: plugin.make_connector(target, **options))  # fmt: skip


def test_every_feature_row_has_a_check_and_a_test() -> None:
    rows = {f.name for f in load_coverage("ashby").features}
    assert rows == set(plugin.CONTRACT.features)
    tests = {name for name in globals() if name.startswith("test_feature_")}
    expected = {"test_feature_" + row.lower().replace(" ", "_") for row in rows}
    assert expected <= tests, expected - tests


def test_feature_source_writing(ctx: FeatureContext) -> None:
    assert "source" in plugin.check_source_writing(ctx)


def test_feature_sync_only_created_applications(ctx: FeatureContext) -> None:
    assert plugin.check_sync_only_created_applications(ctx)
    everything = ctx.connector.read("applications")
    assert len(everything) > 1  # the option, not an empty sandbox, made the other read empty


def test_feature_connection_guide(ctx: FeatureContext) -> None:
    assert plugin.check_connection_guide(ctx)


def test_feature_prerequisites(ctx: FeatureContext) -> None:
    assert plugin.check_prerequisites(ctx)


def test_feature_create_credentials(ctx: FeatureContext, fresh: AshbySandbox) -> None:
    assert plugin.check_create_credentials(ctx)
    wrong = connector_for("ashby", wsgi_app=fresh.app, credentials={"api_key": "not-issued"})
    from atsbox.connectors.errors import AuthError

    with pytest.raises(AuthError) as refused:
        wrong.read("users")
    assert refused.value.status == 403


def test_feature_candidate_source_tracking(ctx: FeatureContext) -> None:
    assert plugin.check_candidate_source_tracking(ctx)


def test_feature_api_passthrough(ctx: FeatureContext) -> None:
    assert plugin.check_api_passthrough(ctx)
    read_only = ConnectTarget("ashby", {"api_key": ctx.target.credentials["read_only"]}, wsgi_app=ctx.target.wsgi_app)
    refused = plugin.make_connector(read_only).passthrough("POST", "/candidate.create", json={"name": "x"})
    # The vendor's status and envelope come back as they are (no retry, no mapping).
    assert refused.status_code == 403 and refused.json()["errorInfo"]["code"] == "missing_endpoint_permission"


def test_feature_webhook_subscriptions(ctx: FeatureContext) -> None:
    assert "retried" in plugin.check_webhook_subscriptions(ctx)


def test_feature_scope_testing(ctx: FeatureContext) -> None:
    assert plugin.check_scope_testing(ctx)


def test_feature_per_model_tests(ctx: FeatureContext) -> None:
    assert plugin.check_per_model_tests(ctx)


def test_feature_per_field_tests(ctx: FeatureContext) -> None:
    assert plugin.check_per_field_tests(ctx)


def test_feature_delta_syncs(ctx: FeatureContext, fresh: AshbySandbox) -> None:
    assert plugin.check_delta_syncs(ctx)
    # An expired token falls back to a full sync: still only what changed since the cutoff.
    connector = ctx.connect()
    full = connector.read("candidates")
    cutoff = max(c.changed_at for c in full)
    fresh.clock.advance(timedelta(days=30))
    made = fresh.ok("candidate.create", {"name": "Late Arrival"})
    delta = connector.read("candidates", cutoff)
    assert [c.remote_id for c in delta] == [made["id"]]
    assert connector.api.calls > 0


def test_feature_eeo_questions(ctx: FeatureContext, fresh: AshbySandbox) -> None:
    assert plugin.check_eeo_questions(ctx)
    # The answers exist in the sandbox, yet the API refuses to list them, as Ashby does.
    assert fresh.store.count(fresh.tenant, "ashby", "surveySubmission") > 0
    refused = fresh.error("surveySubmission.list", {"surveyType": "EEOC"})
    assert refused["code"] == "invalid_input"
