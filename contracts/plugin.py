"""How a vendor plugs into the contract engine.

Each vendor's `contracts/vendors/<vendor>.py` defines one module-level `CONTRACT`:

    CONTRACT = VendorContract(
        vendor="ashby",
        projection=AshbyProjection,           # contracts.projection.Projection subclass
        connect=make_connector,               # (ConnectTarget) -> Connector
        writes=AshbyWrites(),                 # contracts.writes.WriteChecks subclass, or None
        features={"Source Writing": check_source_writing, ...},  # page feature row -> check
        auth_headers=auth_headers,            # (ConnectTarget) -> headers for raw/Schemathesis calls
    )

A feature check takes a `FeatureContext` and raises AssertionError (or any exception) when
the feature does not work; it returns a short description of what it verified. The
repository's tests call the same functions, one test per feature row, so `atsbox
contracts` and `make test` check features the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atsbox.connectors.base import Connector
from atsbox.contracts.projection import Projection
from atsbox.contracts.writes import WriteChecks


@dataclass(slots=True)
class ConnectTarget:
    """Where a connector should talk: an in-process WSGI app or a base URL, plus credentials."""

    vendor: str
    credentials: Mapping[str, Any]
    wsgi_app: Any | None = None
    base_url: str | None = None


@dataclass(slots=True)
class FeatureContext:
    target: ConnectTarget
    connector: Connector
    world: Any
    # Fresh connectors with other options (e.g. sync_only_created_applications=True).
    connect: Callable[..., Connector]
    extra: dict[str, Any] = field(default_factory=dict)


FeatureCheck = Callable[[FeatureContext], str | None]


@dataclass(slots=True)
class VendorContract:
    vendor: str
    projection: type[Projection]
    connect: Callable[..., Connector]
    writes: WriteChecks | None = None
    features: dict[str, FeatureCheck] = field(default_factory=dict)
    auth_headers: Callable[[ConnectTarget], dict[str, str]] | None = None
    # Adjusts the loaded Schemathesis schema when one set of headers is not enough (several
    # credential types, non-JSON operations to leave out): (schema, target) -> schema.
    schemathesis: Callable[[Any, ConnectTarget], Any] | None = None
    # Store kinds the delta-sync property may delete (default: candidate, application, applicant).
    deletable_kinds: tuple[str, ...] | None = None
    # Fields the coverage page lists but the vendor's own API has nowhere to carry:
    # (model, field) -> why. They are reported as gaps, never as verified; a gap that shows
    # a wrong value (rather than no value at all) still fails.
    gaps: dict[tuple[str, str], str] = field(default_factory=dict)


def load_contract(vendor: str) -> VendorContract:
    """The vendor's contract plug-in; a clear error when the vendor has none yet."""
    try:
        module = importlib.import_module(f"atsbox.contracts.vendors.{vendor}")
    except ModuleNotFoundError as exc:
        if exc.name == f"atsbox.contracts.vendors.{vendor}":
            raise LookupError(
                f"no contract plug-in for vendor {vendor!r} (contracts/vendors/{vendor}.py)"
            ) from exc
        raise
    contract = getattr(module, "CONTRACT", None)
    if not isinstance(contract, VendorContract):
        raise LookupError(f"contracts/vendors/{vendor}.py defines no CONTRACT = VendorContract(...)")
    return contract
