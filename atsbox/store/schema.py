"""The store's tables and the two column types they share (UTC instants, JSON text).

Kept portable on purpose: every column is a plain integer or text type, so the same
metadata creates the schema on SQLite and PostgreSQL alike. Instants are stored as
integer microseconds since the Unix epoch (exact round trip, cheap to compare and sort,
no driver-specific date parsing); JSON is stored as compact text because the store never
queries inside a document.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The change sequence's row in `sequences`. Integer counters are named "<vendor>:<counter>",
# so they always contain a colon and can never collide with it.
CHANGES = "changes"

# ensure_ascii: documents may carry lone surrogates (JSON allows "\ud800"; fuzzers send it),
# which no UTF-8 database text column accepts; escaped, they round-trip.
_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True, check_circular=False)
dumps = _encoder.encode
loads = json.loads


def as_utc(value: datetime, what: str = "time") -> datetime:
    """The same instant in UTC; naive datetimes are refused rather than guessed at."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC)


def to_micros(value: datetime) -> int:
    delta = as_utc(value) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


class UtcInstant(TypeDecorator[datetime]):
    """An aware datetime stored as BIGINT microseconds since the epoch, read back in UTC."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> int | None:
        return None if value is None else to_micros(value)

    def process_result_value(self, value: int | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else from_micros(value)


class JsonText(TypeDecorator[Any]):
    """A JSON value stored as compact text (the same codec as record documents)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else dumps(value)

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> Any:
        return None if value is None else loads(value)


metadata = sa.MetaData()

_Tenant = sa.String(200)
_Vendor = sa.String(40)
_Name = sa.String(255)
_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # INTEGER PRIMARY KEY is SQLite's rowid

tenants = sa.Table(
    "tenants",
    metadata,
    sa.Column("id", _Tenant, primary_key=True),
    sa.Column("meta", JsonText, nullable=False),
    sa.Column("created_at", UtcInstant, nullable=False),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("pk", _BigId, primary_key=True, autoincrement=True),
    sa.Column("tenant", _Tenant, nullable=False),
    sa.Column("vendor", _Vendor, nullable=False),
    sa.Column("kind", sa.String(80), nullable=False),
    sa.Column("id", _Name, nullable=False),
    sa.Column("parent", _Name, nullable=True),
    # Raw compact JSON text: the store encodes/decodes documents itself (see store.py).
    sa.Column("doc", sa.Text, nullable=False),
    sa.Column("created_at", UtcInstant, nullable=False),
    sa.Column("updated_at", UtcInstant, nullable=False),
    sa.Column("deleted_at", UtcInstant, nullable=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Index("records_key", "tenant", "vendor", "kind", "id", unique=True),
    sa.Index("records_scan", "tenant", "vendor", "kind", "pk"),
    sa.Index("records_parent", "tenant", "vendor", "kind", "parent"),
    sa.Index("records_seq", "tenant", "seq"),
    # AUTOINCREMENT: never hand out a pk twice, so pagination cursors stay meaningful
    # even after the newest row is hard-deleted.
    sqlite_autoincrement=True,
)

sequences = sa.Table(
    "sequences",
    metadata,
    sa.Column("tenant", _Tenant, primary_key=True),
    sa.Column("name", _Name, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

credentials = sa.Table(
    "credentials",
    metadata,
    sa.Column("vendor", _Vendor, primary_key=True),
    sa.Column("kind", sa.String(80), primary_key=True),
    sa.Column("secret", sa.String(512), primary_key=True),
    sa.Column("tenant", _Tenant, nullable=False, index=True),
    sa.Column("meta", JsonText, nullable=False),
)

kv = sa.Table(
    "kv",
    metadata,
    sa.Column("tenant", _Tenant, primary_key=True),
    sa.Column("vendor", _Vendor, primary_key=True),
    sa.Column("key", sa.String(512), primary_key=True),
    sa.Column("value", JsonText, nullable=False),
    sa.Column("expires_at", UtcInstant, nullable=True),
)

# Tables holding a tenant's rows, with the column naming the tenant (delete_tenant, export).
TENANT_TABLES: tuple[tuple[sa.Table, sa.Column[Any]], ...] = (
    (records, records.c.tenant),
    (sequences, sequences.c.tenant),
    (credentials, credentials.c.tenant),
    (kv, kv.c.tenant),
    (tenants, tenants.c.id),
)
