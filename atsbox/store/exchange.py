"""A tenant as one JSON-able dict: export for snapshots and moving sandboxes, import to restore.

Format (``"format": "atsbox.store.tenant/1"``)::

    {"format", "tenant": {"id", "meta", "created_at"},
     "sequences": {name: value},                       # the change sequence and every counter
     "records": [{"vendor", "kind", "id", "parent", "doc", "created_at", "updated_at",
                  "deleted_at", "seq"}],               # in pk (insertion) order
     "credentials": [{"vendor", "kind", "secret", "meta"}],
     "kv": [{"vendor", "key", "value", "expires_at"}]}

Times are ISO 8601 strings in UTC with microseconds. Record pks are left out: they are
global to a database, and import keeps the order, which is all that pk order means.
Sequences and record seqs are restored verbatim, so the import exports identically.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .errors import StoreError, UnknownTenant
from .schema import as_utc, credentials, dumps, kv, loads, records, sequences, tenants, to_micros
from .statements import RAW_INSERT

FORMAT = "atsbox.store.tenant/1"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else as_utc(value).isoformat(timespec="microseconds")


def _micros(value: str | None) -> int | None:
    return None if value is None else to_micros(datetime.fromisoformat(value))


def export_tenant(conn: Connection, tenant: str) -> dict[str, Any]:
    head = conn.execute(sa.select(tenants.c.meta, tenants.c.created_at).where(tenants.c.id == tenant)).first()
    if head is None:
        raise UnknownTenant(tenant)
    s, r, c, k = sequences.c, records.c, credentials.c, kv.c
    seqs = conn.execute(sa.select(s.name, s.value).where(s.tenant == tenant).order_by(s.name))
    rows = conn.execute(
        sa.select(r.vendor, r.kind, r.id, r.parent, r.doc, r.created_at, r.updated_at, r.deleted_at, r.seq)
        .where(r.tenant == tenant)
        .order_by(r.pk)
    )
    creds = conn.execute(
        sa.select(c.vendor, c.kind, c.secret, c.meta)
        .where(c.tenant == tenant)
        .order_by(c.vendor, c.kind, c.secret)
    )
    values = conn.execute(
        sa.select(k.vendor, k.key, k.value, k.expires_at).where(k.tenant == tenant).order_by(k.vendor, k.key)
    )
    return {
        "format": FORMAT,
        "tenant": {"id": tenant, "meta": head.meta, "created_at": _iso(head.created_at)},
        "sequences": {name: value for name, value in seqs},
        "records": [
            {
                "vendor": row.vendor,
                "kind": row.kind,
                "id": row.id,
                "parent": row.parent,
                "doc": loads(row.doc),
                "created_at": _iso(row.created_at),
                "updated_at": _iso(row.updated_at),
                "deleted_at": _iso(row.deleted_at),
                "seq": row.seq,
            }
            for row in rows
        ],
        "credentials": [row._asdict() for row in creds],
        "kv": [{**row._asdict(), "expires_at": _iso(row.expires_at)} for row in values],
    }


def import_tenant(conn: Connection, data: dict[str, Any]) -> None:
    """Insert everything in `data` (the caller checked the tenant is new)."""
    if data.get("format") != FORMAT:
        raise StoreError(f"not a tenant export of format {FORMAT!r}: {data.get('format')!r}")
    head = data["tenant"]
    tenant = head["id"]
    conn.execute(
        sa.insert(tenants).values(
            id=tenant, meta=head["meta"], created_at=datetime.fromisoformat(head["created_at"])
        )
    )
    conn.execute(
        sa.insert(sequences),
        [{"tenant": tenant, "name": name, "value": value} for name, value in data["sequences"].items()],
    )
    rows = [
        {
            "tenant": tenant,
            "vendor": rec["vendor"],
            "kind": rec["kind"],
            "id": rec["id"],
            "parent": rec["parent"],
            "doc": dumps(rec["doc"]),
            "created_at": _micros(rec["created_at"]),
            "updated_at": _micros(rec["updated_at"]),
            "deleted_at": _micros(rec["deleted_at"]),
            "seq": rec["seq"],
        }
        for rec in data["records"]
    ]
    if rows:
        conn.execute(RAW_INSERT, rows)
    if data["credentials"]:
        conn.execute(sa.insert(credentials), [{**cred, "tenant": tenant} for cred in data["credentials"]])
    if data["kv"]:
        conn.execute(
            sa.insert(kv),
            [{**item, "tenant": tenant, "expires_at": _parse(item["expires_at"])} for item in data["kv"]],
        )


def _parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
