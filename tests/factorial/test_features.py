"""One test per feature row of Factorial's coverage page, each running the contract's check.

Connection Guide, Prerequisites and Create credentials check what the mock offers for the
steps those pages describe (the OAuth app registration and consent redirect, admin-only full
access, a working API key); the pages themselves are served by the hosted sandbox.
"""

from __future__ import annotations

from atsbox.contracts.vendors import factorial as contract

from .conftest import Sandbox


def test_feature_source_writing(sandbox: Sandbox) -> None:
    assert contract.check_source_writing(sandbox.feature_context())


def test_feature_sync_only_created_applications(sandbox: Sandbox) -> None:
    assert contract.check_sync_only_created_applications(sandbox.feature_context())


def test_feature_connection_guide(sandbox: Sandbox) -> None:
    assert contract.check_connection_guide(sandbox.feature_context())


def test_feature_prerequisites(sandbox: Sandbox) -> None:
    assert contract.check_prerequisites(sandbox.feature_context())


def test_feature_create_credentials(sandbox: Sandbox) -> None:
    assert contract.check_create_credentials(sandbox.feature_context())


def test_feature_oauth(sandbox: Sandbox) -> None:
    assert contract.check_oauth(sandbox.feature_context())


def test_feature_api_passthrough(sandbox: Sandbox) -> None:
    assert contract.check_api_passthrough(sandbox.feature_context())


def test_every_feature_row_has_a_check() -> None:
    from atsbox.contracts.coverage import load_coverage

    assert set(contract.FEATURES) == {f.name for f in load_coverage("factorial").features}
