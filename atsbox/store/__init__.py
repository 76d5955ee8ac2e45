"""The store of native vendor documents per sandbox (tenant); see store.py for the API.

from atsbox.store import Store, Record
store = Store("sqlite://")        # or "sqlite:///path.db", "postgresql://..."
"""

from .errors import ReadOnlyViolation, StoreError, TenantExists, UnknownTenant
from .exchange import FORMAT as EXPORT_FORMAT
from .store import Record, SeedRow, Store

__all__ = [
    "EXPORT_FORMAT",
    "ReadOnlyViolation",
    "Record",
    "SeedRow",
    "Store",
    "StoreError",
    "TenantExists",
    "UnknownTenant",
]
