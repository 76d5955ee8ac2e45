"""Schemathesis against each vendor mock's own OpenAPI document, in-process.

One harness for every vendor: `vendor_schema(vendor)` seeds a tiny sandbox, loads
`/<vendor>/openapi.json` from the mock app with `schemathesis.openapi.from_wsgi` and
configures the vendor's auth headers (from its contract plug-in). All of Schemathesis'
default checks run — not_a_server_error, status/content-type/header/schema conformance,
negative_data_rejection, positive_data_acceptance, missing_required_header,
unsupported_method, ignored_auth, use_after_free, ensure_resource_availability — plus
stateful sequences through the document's OpenAPI links.

Profiles bound the work: `ci` keeps the whole suite for all vendors inside minutes; `deep`
runs at least 1,000 examples per operation (`scripts/contracts_deep.py`). The profile comes
from `ATSBOX_CONTRACT_PROFILE` (default `ci`).

    # in a test module
    from atsbox.contracts.schemathesis_suite import vendor_schema, profile_settings
    schema = vendor_schema("gem")

    @schema.parametrize()
    @profile_settings()
    def test_gem(case):
        case.call_and_validate()
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import schemathesis
from hypothesis import HealthCheck, settings

F = TypeVar("F", bound=Callable[..., Any])
PROFILE_ENV = "ATSBOX_CONTRACT_PROFILE"


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    max_examples: int
    stateful_examples: int
    stateful_steps: int


PROFILES = {
    "ci": Profile("ci", max_examples=12, stateful_examples=8, stateful_steps=6),
    "deep": Profile("deep", max_examples=1000, stateful_examples=200, stateful_steps=20),
}


def active_profile() -> Profile:
    name = os.environ.get(PROFILE_ENV, "ci")
    if name not in PROFILES:
        raise ValueError(f"{PROFILE_ENV}={name!r}: expected one of {', '.join(PROFILES)}")
    return PROFILES[name]


# Same cases on every run (no example database, derandomized), no time limits: a CI check
# must not pass or fail by chance or by the machine's load.
_REPEATABLE: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": list(HealthCheck),
    "database": None,
    "derandomize": True,
}


def profile_settings(profile: Profile | None = None) -> Callable[[F], F]:
    """Hypothesis settings for one operation's generated cases under a profile."""
    profile = profile or active_profile()
    return settings(max_examples=profile.max_examples, **_REPEATABLE)


def stateful_settings(profile: Profile | None = None) -> settings:
    profile = profile or active_profile()
    return settings(
        max_examples=profile.stateful_examples, stateful_step_count=profile.stateful_steps, **_REPEATABLE
    )


@dataclass(slots=True)
class VendorSchema:
    schema: Any
    app: Any
    store: Any
    headers: dict[str, str]


def vendor_sandbox_schema(vendor: str, *, seed: int = 0, size: str = "tiny") -> VendorSchema:
    """A seeded sandbox for `vendor` and its OpenAPI document loaded in-process with auth."""
    from atsbox.contracts.engine import TENANT
    from atsbox.contracts.plugin import ConnectTarget, load_contract
    from atsbox.mocks.core import create_vendor_app
    from atsbox.sandbox import create_sandbox
    from atsbox.store import Store

    store = Store("sqlite://")
    info = create_sandbox(store, TENANT, seed=seed, size=size, vendors=[vendor])
    app = create_vendor_app(vendor, store, config={"rate_limits": False})
    contract = load_contract(vendor)
    headers: dict[str, str] = {}
    if contract.auth_headers is not None:
        headers = contract.auth_headers(ConnectTarget(vendor, info.credentials[vendor], wsgi_app=app))
    schema = schemathesis.openapi.from_wsgi(f"/{vendor}/openapi.json", app)
    if headers:
        schema.config.update(headers=headers)
    if contract.schemathesis is not None:
        schema = contract.schemathesis(schema, ConnectTarget(vendor, info.credentials[vendor], wsgi_app=app))
    return VendorSchema(schema, app, store, headers)


def vendor_schema(vendor: str, *, seed: int = 0, size: str = "tiny") -> Any:
    return vendor_sandbox_schema(vendor, seed=seed, size=size).schema


def run_cases(vendor: str, profile: Profile | None = None, *, timeout: float = 1800) -> tuple[bool, str]:
    """Run the vendor's Schemathesis cases in a child pytest; (passed, last lines of output)."""
    import subprocess
    import sys
    from pathlib import Path

    profile = profile or active_profile()
    cases = Path(__file__).with_name("schemathesis_cases.py")
    env = {**os.environ, "ATSBOX_ST_VENDOR": vendor, PROFILE_ENV: profile.name}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(cases), "-q", "-p", "no:cacheprovider", "--no-header", "-rf"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
    return proc.returncode == 0, tail
