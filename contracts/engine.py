"""The contract engine: run a vendor's connector against its mock and check the coverage page.

One run of one vendor:

1. seed a fresh sandbox with the world (unless `base_url` points at a running one),
2. full-sync every model on the coverage page through the vendor's connector — in-process
   over WSGI (`mode="wsgi"`) or over a real loopback socket (`mode="http"`),
3. compare with the world projected through the page (the oracle),
4. call every write action (documented ones must hold every input field when read back
   through the mock's API; the others must raise the unified NotAvailable error),
5. run the feature-row checks the vendor registered.

Nothing here knows a vendor: everything vendor-specific comes from its plug-in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from atsbox.connectors.unified import MODELS
from atsbox.contracts.coverage import ACTION_KEYS, load_coverage
from atsbox.contracts.oracle import DEFAULT_MIN_NONEMPTY, check
from atsbox.contracts.plugin import ConnectTarget, FeatureContext, VendorContract, load_contract
from atsbox.contracts.results import CheckResult, VendorResult
from atsbox.contracts.writes import WriteContext, check_action
from atsbox.fixtures import generate
from atsbox.loopback import loopback_server

Progress = Callable[[str], None]
TENANT = "contracts"


def unified_fields(model: str) -> list[str]:
    return list(MODELS[model].model_fields)


def documented_fields(vendor: str, model: str) -> list[str]:
    """The fields the page lists, or the unified model's own fields when it lists none."""
    listed = load_coverage(vendor).listed_fields(model)
    return list(listed) if listed is not None else unified_fields(model)


@dataclass(slots=True)
class Target:
    """What a run talks to; `store` is None for a remote (--base-url) target."""

    connect: ConnectTarget
    app: Any = None
    store: Any = None


@contextmanager
def seeded_target(vendor: str, *, seed: int, size: str, mode: str, world: Any = None) -> Iterator[Target]:
    """A fresh in-memory sandbox for one vendor, reachable in-process or over a socket.

    Rate limits are off: the contracts check mappings, not the vendor's throttling (each
    vendor's own tests cover that).
    """
    from atsbox.mocks.core import create_vendor_app
    from atsbox.sandbox import create_sandbox
    from atsbox.store import Store

    store = Store("sqlite://")
    info = create_sandbox(store, TENANT, seed=seed, size=size, vendors=[vendor], world=world)
    app = create_vendor_app(vendor, store, config={"rate_limits": False})
    credentials = info.credentials[vendor]
    if mode == "http":
        with loopback_server(app) as base_url:
            yield Target(ConnectTarget(vendor, credentials, base_url=base_url), app, store)
    else:
        yield Target(ConnectTarget(vendor, credentials, wsgi_app=app), app, store)


def sync_all(
    connector: Any, models: list[str], errors: list[str], vendor: str, say: Progress
) -> dict[str, list]:
    actual: dict[str, list] = {}
    for model in models:
        say(f"{vendor}: reading {model}")
        try:
            actual[model] = connector.read(model)
        except Exception as exc:  # noqa: BLE001 - a failing model is a finding, the run goes on
            errors.append(f"{vendor}.{model}: read failed: {type(exc).__name__}: {exc}")
            actual[model] = []
    return actual


def observed_deletions(store: Any, vendor: str, sync: Callable[[], dict[str, list]]) -> dict[str, list]:
    """Sync once with the world's deleted records still live, delete them, sync again.

    A connector learns of a deletion the way Kombo does: a record it saw is gone (or the
    vendor reports it deleted). So the first sync sees the world's soft-deleted records
    revived, then they are deleted again with their original times and the second sync,
    with the same connector, must report them with remote_deleted_at. Its result is what
    the oracle checks.
    """
    deleted = [
        r
        for kind in store.kinds(TENANT, vendor)
        for r in store.list(TENANT, vendor, kind, include_deleted=True)
        if r.deleted_at is not None
    ]
    for r in deleted:
        store.put(TENANT, vendor, r.kind, r.id, r.doc, parent=r.parent, at=r.updated_at)
    sync()
    for r in deleted:
        store.soft_delete(TENANT, vendor, r.kind, r.id, at=r.deleted_at)
    return sync()


def remote_credentials(vendor: str) -> dict[str, Any]:
    """Credentials for --base-url runs, from ATSBOX_<VENDOR>_<NAME> environment variables."""
    prefix = f"ATSBOX_{vendor.upper()}_"
    return {k[len(prefix) :].lower(): v for k, v in os.environ.items() if k.startswith(prefix)}


def run_vendor(
    vendor: str,
    *,
    seed: int = 0,
    size: str = "small",
    mode: str = "wsgi",
    base_url: str | None = None,
    min_nonempty: int = DEFAULT_MIN_NONEMPTY,
    progress: Progress | None = None,
    contract: VendorContract | None = None,
    schemathesis_profile: str | None = None,
    reads_only: bool = False,
) -> VendorResult:
    """Run every read, write and feature contract of one vendor; never raises for findings."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    coverage = load_coverage(vendor)
    result = VendorResult(vendor, coverage, "remote" if base_url else mode)
    try:
        contract = contract or load_contract(vendor)
    except LookupError as exc:
        result.errors.append(str(exc))
        return result
    result.gaps = dict(contract.gaps)

    say(f"{vendor}: generating the world (seed {seed}, size {size})")
    world = generate(seed=seed, size=size)
    if base_url:
        target_cm = _remote_target(vendor, base_url)
    else:
        target_cm = seeded_target(vendor, seed=seed, size=size, mode=mode, world=world)
    with target_cm as sandbox:
        target = sandbox.connect
        connect = _connector_factory(contract, target)
        connector = connect()
        models = [m.key for m in coverage.models]

        def sync() -> dict[str, list]:
            return sync_all(connector, models, result.errors, vendor, say)

        actual = observed_deletions(sandbox.store, vendor, sync) if sandbox.store is not None else sync()
        listed = {m: documented_fields(vendor, m) for m in models}
        all_fields = {m: unified_fields(m) for m in models}
        result.oracle = check(
            contract.projection(world), listed, all_fields, actual, min_nonempty=min_nonempty
        )

        if reads_only:
            result.seconds = time.perf_counter() - started
            return result

        ctx = WriteContext(connector=connector, world=world, api=connector.passthrough, seed=seed)
        for action in ACTION_KEYS:
            documented = coverage.supports_action(action)
            if documented and contract.writes is None:
                continue
            say(f"{vendor}: write action {action}")
            inputs = list(coverage.action(action).input_field_names) if documented else []
            result.actions[action] = check_action(
                vendor,
                action,
                inputs,
                documented,
                contract.writes,
                ctx,  # type: ignore[arg-type]
            )

        feature_ctx = FeatureContext(target=target, connector=connector, world=world, connect=connect)
        for feature in coverage.features:
            check_fn = contract.features.get(feature.name) or _service_feature(vendor, feature.name)
            if check_fn is None:
                continue
            say(f"{vendor}: feature {feature.name}")
            t0 = time.perf_counter()
            try:
                detail = check_fn(feature_ctx) or "ok"
                result.features[feature.name] = CheckResult(feature.name, "verified", detail)
            except Exception as exc:  # noqa: BLE001 - reported as failing
                result.features[feature.name] = CheckResult(
                    feature.name, "failing", f"{type(exc).__name__}: {exc}", time.perf_counter() - t0
                )
    if schemathesis_profile and not base_url:
        from atsbox.contracts.schemathesis_suite import PROFILES, run_cases

        say(f"{vendor}: Schemathesis ({schemathesis_profile} profile) on the mock's OpenAPI document")
        t0 = time.perf_counter()
        ok, tail = run_cases(vendor, PROFILES[schemathesis_profile])
        result.checks["Schemathesis"] = CheckResult(
            "Schemathesis", "verified" if ok else "failing", tail, time.perf_counter() - t0
        )
    result.seconds = time.perf_counter() - started
    return result


def _service_feature(vendor: str, name: str) -> Callable[[FeatureContext], str] | None:
    """Rows the hosted service serves for every vendor (the connection guide pages)."""
    from atsbox.hosted.guide_checks import GUIDE_CHECKS, in_process_site

    check_guide = GUIDE_CHECKS.get(name)
    if check_guide is None:
        return None

    def run(_ctx: FeatureContext) -> str:
        with in_process_site([vendor]) as site:
            return check_guide(site, vendor)

    return run


def _connector_factory(contract: VendorContract, target: ConnectTarget) -> Callable[..., Any]:
    def connect(**options: Any) -> Any:
        return contract.connect(target, **options)

    return connect


@contextmanager
def _remote_target(vendor: str, base_url: str) -> Iterator[Target]:
    yield Target(ConnectTarget(vendor, remote_credentials(vendor), base_url=base_url.rstrip("/")))
