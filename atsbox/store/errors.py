"""The store's own exceptions (database failures surface as SQLAlchemy's)."""

from __future__ import annotations


class StoreError(Exception):
    """Misuse of the store."""


class UnknownTenant(StoreError, KeyError):
    """The tenant does not exist (create_tenant first)."""


class TenantExists(StoreError, ValueError):
    """create_tenant / import_tenant of a tenant that already exists."""


class ReadOnlyViolation(StoreError):
    """A write, or a write transaction, inside a read-only transaction."""
