"""One test per feature row of Gem's coverage page (the rows the connector serves)."""

from __future__ import annotations

from atsbox.contracts.plugin import ConnectTarget, FeatureContext
from atsbox.contracts.vendors import gem as gem_contract


def _ctx(sandbox) -> FeatureContext:
    target = ConnectTarget("gem", {"api_key": sandbox.key}, wsgi_app=sandbox.app)
    return FeatureContext(
        target=target,
        connector=gem_contract.make_connector(target),
        world=sandbox.world,
        connect=lambda **options: gem_contract.make_connector(target, **options),
    )


def test_feature_sync_only_created_applications(gem):
    assert gem_contract.check_sync_only_created_applications(_ctx(gem))


def test_feature_api_passthrough(gem):
    assert gem_contract.check_api_passthrough(_ctx(gem))


def test_feature_delta_syncs(fresh_gem):
    assert gem_contract.check_delta_syncs(_ctx(fresh_gem))
