"""One test per feature row of Personio's coverage page, each running the contract's check."""

from __future__ import annotations

from typing import Any

import pytest

from atsbox.contracts.coverage import load_coverage
from atsbox.contracts.plugin import ConnectTarget, FeatureContext
from atsbox.contracts.vendors.personio import CONTRACT

from .conftest import make_sandbox


@pytest.fixture()
def feature_context() -> FeatureContext:
    sandbox = make_sandbox()
    target = ConnectTarget("personio", sandbox.credentials, wsgi_app=sandbox.app)

    def connect(**options: Any) -> Any:
        return CONTRACT.connect(target, **options)

    return FeatureContext(target=target, connector=connect(), world=sandbox.world, connect=connect)


def run(row: str, ctx: FeatureContext) -> None:
    detail = CONTRACT.features[row](ctx)
    assert detail


def test_every_feature_row_has_a_check():
    rows = {feature.name for feature in load_coverage("personio").features}
    assert rows == set(CONTRACT.features)


def test_feature_source_writing(feature_context):
    run("Source Writing", feature_context)


def test_feature_connection_guide(feature_context):
    run("Connection Guide", feature_context)


def test_feature_prerequisites(feature_context):
    run("Prerequisites", feature_context)


def test_feature_create_credentials(feature_context):
    run("Create credentials", feature_context)


def test_feature_candidate_source_tracking(feature_context):
    run("Candidate source tracking", feature_context)


def test_feature_api_passthrough(feature_context):
    run("API Passthrough", feature_context)


def test_feature_scope_testing(feature_context):
    run("Scope Testing", feature_context)


def test_feature_custom_field_explorer(feature_context):
    run("Custom Field Explorer", feature_context)
