"""One test per feature row of Flatchr's coverage page, each running the contract's check."""

from __future__ import annotations

import pytest

from atsbox.contracts.plugin import FeatureContext, load_contract

from .conftest import make_sandbox


@pytest.fixture()
def feature_ctx():
    sandbox = make_sandbox()
    contract = load_contract("flatchr")
    target = sandbox.target()

    def connect(**options):
        return contract.connect(target, **options)

    return contract, FeatureContext(target=target, connector=connect(), world=sandbox.world, connect=connect)


def run(feature_ctx, name):
    contract, ctx = feature_ctx
    return contract.features[name](ctx)


def test_feature_source_writing(feature_ctx):
    assert "offerer" in run(feature_ctx, "Source Writing")


def test_feature_connection_guide(feature_ctx):
    assert "steps" in run(feature_ctx, "Connection Guide")


def test_feature_prerequisites(feature_ctx):
    assert "prerequisites" in run(feature_ctx, "Prerequisites")


def test_feature_create_credentials(feature_ctx):
    assert "wrong key is refused" in run(feature_ctx, "Create credentials")


def test_feature_api_passthrough(feature_ctx):
    assert "raw calls" in run(feature_ctx, "API Passthrough")


def test_every_feature_row_has_a_check():
    from atsbox.contracts.coverage import load_coverage

    assert {f.name for f in load_coverage("flatchr").features} == set(load_contract("flatchr").features)
