"""Sandboxes: a tenant holding one seeded world rendered by each vendor mock.

`create_sandbox` generates the world once, lets every vendor render its native documents,
registers each vendor's deterministic credentials and records how the sandbox was made
(seed, size, vendors, credentials) in the tenant's meta under "sandbox", so that
`reset_sandbox` can rebuild exactly the same starting point. `ensure_default_sandbox` is
what `atsbox serve` calls: tenant "default" with well-known credentials.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atsbox.clock import clock_for
from atsbox.mocks.core.registry import get_vendor
from atsbox.mocks.core.registry import vendors as registered_vendors
from atsbox.mocks.core.vendor import Credential, RenderContext, VendorMock

DEFAULT_TENANT = "default"
META_KEY = "sandbox"

Progress = Callable[[str], None]
VendorSpec = str | type[VendorMock]


@dataclass(frozen=True)
class SandboxInfo:
    tenant: str
    seed: int
    size: str
    vendors: tuple[str, ...]
    credentials: dict[str, dict[str, Credential]] = field(default_factory=dict)
    created: bool = True  # False when ensure_default_sandbox found it already there


def _vendor_classes(specs: Iterable[VendorSpec] | None) -> list[type[VendorMock]]:
    if specs is None:
        return list(registered_vendors().values())
    return [get_vendor(s) if isinstance(s, str) else s for s in specs]


def _credential_to_json(c: Credential) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "secret": c.secret,
        "meta": dict(c.meta),
        "display": None if c.display is None else dict(c.display),
    }


def _credential_from_json(data: Mapping[str, Any]) -> Credential:
    return Credential(data["kind"], data["secret"], data.get("meta") or {}, data.get("display"))


def _size_name(size: Any) -> str:
    return size if isinstance(size, str) else repr(size)


def create_sandbox(
    store: Any,
    tenant_id: str,
    *,
    seed: int = 0,
    size: Any = "small",
    vendors: Iterable[VendorSpec] | None = None,
    credentials: Mapping[str, Mapping[str, Credential]] | None = None,
    config: Mapping[str, Mapping[str, Any]] | None = None,
    world: Any = None,
    progress: Progress | None = None,
) -> SandboxInfo:
    """Create tenant `tenant_id` with the world of (`seed`, `size`) rendered by `vendors`.

    `credentials` overrides or adds credentials per vendor and label; `config` is per
    vendor (merged over its config_defaults) and reaches `render` as ctx.config; `world`
    skips generation (callers making many sandboxes of one world pass it in).
    """
    say = progress or (lambda _message: None)
    classes = _vendor_classes(vendors)
    if world is None and classes:
        from atsbox.fixtures import generate

        say(f"generating the world (seed {seed}, size {_size_name(size)})")
        world = generate(seed=seed, size=size)
    store.create_tenant(tenant_id, meta={})
    try:
        return _fill(store, tenant_id, seed, size, classes, credentials, config, world, say)
    except BaseException:
        # A half-rendered sandbox would look valid to ensure_default_sandbox; leave none.
        store.delete_tenant(tenant_id)
        raise


def _fill(
    store: Any,
    tenant_id: str,
    seed: int,
    size: Any,
    classes: list[type[VendorMock]],
    credentials: Mapping[str, Mapping[str, Credential]] | None,
    config: Mapping[str, Mapping[str, Any]] | None,
    world: Any,
    say: Progress,
) -> SandboxInfo:
    clock = clock_for(store, tenant_id)
    issued: dict[str, dict[str, Credential]] = {}
    for cls in classes:
        vendor = cls(dict((config or {}).get(cls.name, {})))
        say(f"rendering {cls.name}")
        ctx = RenderContext(
            store=store,
            tenant=tenant_id,
            vendor=cls.name,
            clock=clock,
            config=vendor.config,
            seed=seed,
            size=_size_name(size),
        )
        with store.transaction():
            vendor.render(world, ctx)
        creds = {**vendor.default_credentials(tenant_id, seed), **dict((credentials or {}).get(cls.name, {}))}
        for cred in creds.values():
            store.add_credential(cls.name, cred.kind, cred.secret, tenant_id, dict(cred.meta))
        issued[cls.name] = creds
    store.update_tenant_meta(
        tenant_id,
        **{
            META_KEY: {
                "seed": seed,
                "size": _size_name(size),
                "vendors": [cls.name for cls in classes],
                "credentials": {
                    v: {label: _credential_to_json(c) for label, c in creds.items()}
                    for v, creds in issued.items()
                },
            }
        },
    )
    return SandboxInfo(tenant_id, seed, _size_name(size), tuple(cls.name for cls in classes), issued)


def sandbox_info(store: Any, tenant: str) -> SandboxInfo | None:
    """How an existing sandbox was made, or None (no such tenant, or not made here)."""
    found = store.get_tenant(tenant)
    if found is None or META_KEY not in found["meta"]:
        return None
    meta = found["meta"][META_KEY]
    creds = {
        v: {label: _credential_from_json(c) for label, c in by_label.items()}
        for v, by_label in meta.get("credentials", {}).items()
    }
    return SandboxInfo(tenant, meta["seed"], meta["size"], tuple(meta["vendors"]), creds, created=False)


def reset_sandbox(
    store: Any, tenant: str, *, world: Any = None, progress: Progress | None = None
) -> SandboxInfo:
    """Back to the seeded world: every write, token, fault and webhook is gone; the
    sandbox clock keeps its time (it never runs backwards)."""
    info = sandbox_info(store, tenant)
    if info is None:
        raise KeyError(f"{tenant!r} is not a sandbox")
    clock_state = store.get_tenant(tenant)["meta"].get("clock")
    store.delete_tenant(tenant)
    fresh = create_sandbox(
        store,
        tenant,
        seed=info.seed,
        size=info.size,
        vendors=info.vendors,
        credentials=info.credentials,
        world=world,
        progress=progress,
    )
    if clock_state is not None:
        store.update_tenant_meta(tenant, clock=clock_state)
    return fresh


def delete_sandbox(store: Any, tenant: str) -> bool:
    return store.delete_tenant(tenant)


def ensure_default_sandbox(
    store: Any,
    seed: int = 0,
    size: Any = "small",
    *,
    vendors: Iterable[VendorSpec] | None = None,
    progress: Progress | None = None,
) -> SandboxInfo:
    """The "default" sandbox for `atsbox serve`, created when missing.

    An existing one made with another seed, size or vendor set is rebuilt (its writes are
    lost, which is what asking for another seed means).
    """
    say = progress or (lambda _message: None)
    names = tuple(cls.name for cls in _vendor_classes(vendors))
    info = sandbox_info(store, DEFAULT_TENANT)
    if info is not None and (info.seed, info.size, info.vendors) == (seed, _size_name(size), names):
        return info
    if info is not None:
        say(
            f"rebuilding the default sandbox (it was seed {info.seed}, size {info.size}, vendors {', '.join(info.vendors)})"
        )
        store.delete_tenant(DEFAULT_TENANT)
    elif store.get_tenant(DEFAULT_TENANT) is not None:
        store.delete_tenant(DEFAULT_TENANT)
    say("creating the default sandbox")
    return create_sandbox(store, DEFAULT_TENANT, seed=seed, size=size, vendors=names, progress=progress)
