"""Which vendor mocks exist: a `register` decorator and lazy discovery.

The five vendors are imported lazily from a known list, skipping the ones not written yet,
so the core works while they are being built. Other vendor modules (a demo vendor in
tests, a third-party mock) register on import; they are listed by `vendors()` only when
named in the ATSBOX_VENDOR_MODULES environment variable (comma-separated module paths),
never by default.
"""

from __future__ import annotations

import importlib
import os

from .vendor import VendorMock

KNOWN_VENDORS: tuple[str, ...] = ("ashby", "personio", "gem", "factorial", "flatchr")
ENV_MODULES = "ATSBOX_VENDOR_MODULES"

_REGISTRY: dict[str, type[VendorMock]] = {}


def register(cls: type[VendorMock]) -> type[VendorMock]:
    """Class decorator: make a VendorMock subclass known under its `name`."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.isidentifier() or name != name.lower():
        raise ValueError(f"{cls.__name__}.name must be a lowercase identifier, got {name!r}")
    existing = _REGISTRY.get(name)
    if existing is not None and existing is not cls and existing.__qualname__ != cls.__qualname__:
        raise ValueError(f"vendor {name!r} is already registered by {existing.__module__}")
    _REGISTRY[name] = cls
    return cls


def _import_optional(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        # Only "this vendor is not written yet" is skipped; a vendor that fails to import
        # for any other reason must fail loudly.
        if exc.name is not None and module.startswith(exc.name):
            return False
        raise
    return True


def _extra_modules() -> list[str]:
    return [m.strip() for m in os.environ.get(ENV_MODULES, "").split(",") if m.strip()]


def vendors() -> dict[str, type[VendorMock]]:
    """The default vendor set: the known vendors present, plus ATSBOX_VENDOR_MODULES ones."""
    sources: list[str] = []
    for name in KNOWN_VENDORS:
        module = f"atsbox.mocks.{name}"
        if _import_optional(module):
            sources.append(module)
    for module in _extra_modules():
        importlib.import_module(module)
        sources.append(module)
    found: dict[str, type[VendorMock]] = {}
    for name in KNOWN_VENDORS:
        if name in _REGISTRY:
            found[name] = _REGISTRY[name]
    for name, cls in _REGISTRY.items():
        if name not in found and any(
            cls.__module__ == s or cls.__module__.startswith(s + ".") for s in sources
        ):
            found[name] = cls
    return found


def get_vendor(name: str) -> type[VendorMock]:
    """The registered class for `name` (importing a known vendor on demand)."""
    if name not in _REGISTRY and name in KNOWN_VENDORS:
        _import_optional(f"atsbox.mocks.{name}")
    if name not in _REGISTRY:
        # Only the extra modules: a half-written known vendor must not break the others.
        for module in _extra_modules():
            importlib.import_module(module)
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(set(_REGISTRY) | set(KNOWN_VENDORS)))
        raise KeyError(f"unknown vendor {name!r} (known: {known})") from None
