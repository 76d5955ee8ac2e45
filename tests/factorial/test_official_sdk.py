"""Factorial's official Python SDK (factorial-api-client, generated from Factorial's own
OpenAPI document for 2026-10-01) pointed at the mock over loopback: it lists and reads job
postings, candidates, applications, questions and phases and parses every response."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from atsbox.contracts.engine import loopback_server

from .conftest import Sandbox

factorial_sdk = pytest.importorskip("factorial_api_client")

RESOURCES = ("job_postings", "candidates", "applications", "questions", "application_phases", "hiring_stages")


@pytest.fixture(scope="module")
def sdk(shared: Sandbox) -> Iterator[Any]:
    with loopback_server(shared.app) as base_url:
        yield factorial_sdk.FactorialClient(api_key=shared.api_key, base_url=base_url)


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_sdk_lists_and_reads_every_record(sdk: Any, shared: Sandbox, resource: str) -> None:
    endpoint = getattr(sdk.ats, resource)
    parsed = list(endpoint.paginate(limit=25))
    expected = shared.all(f"ats/{resource}")
    assert [item.id for item in parsed] == [item["id"] for item in expected]
    assert all(type(item).__name__.startswith("Ats") for item in parsed)
    for item in parsed[:3]:
        again = endpoint.get(item.id)
        assert again.to_dict() == item.to_dict()


def test_the_sdk_parses_the_cv_object(sdk: Any) -> None:
    applications = list(sdk.ats.applications.paginate())
    with_cv = [a for a in applications if isinstance(a.cv, factorial_sdk.generated.models.AtsApplicationCv)]
    assert 0 < len(with_cv) < len(applications)
    assert all(a.cv.byte_size > 0 and a.cv.url.startswith("http") for a in with_cv)


def test_the_sdk_parses_custom_fields_teams_and_locations(sdk: Any) -> None:
    assert list(sdk.custom_fields.values.paginate())
    assert list(sdk.custom_fields.fields.paginate())
    assert list(sdk.teams.teams.paginate())
    assert list(sdk.locations.locations.paginate())
