"""Prebuilt statements for the store's hot paths (put, get, list, sequence bumps).

Building a SQLAlchemy expression and its cache key costs more than SQLite takes to run it,
so the statements every request issues are built once, with bound parameters, and executed
with a parameter dict. `records_query` caches one statement per combination of filters.
"""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

from .schema import UtcInstant, credentials, kv, records, sequences, tenants

_R = records.c
_S = sequences.c

RECORD_COLUMNS = (
    _R.tenant,
    _R.vendor,
    _R.kind,
    _R.id,
    _R.doc,
    _R.parent,
    _R.created_at,
    _R.updated_at,
    _R.deleted_at,
    _R.seq,
    _R.pk,
)


def _p(name: str, type_: Any = None) -> sa.BindParameter[Any]:
    return sa.bindparam(name, type_=type_)


# --- sequences: params s_tenant, s_name (and s_by for bumps)
_SEQ_ROW = (_S.tenant == _p("s_tenant"), _S.name == _p("s_name"))
BUMP = sa.update(sequences).where(*_SEQ_ROW).values(value=_S.value + _p("s_by", sa.BigInteger))
BUMP_RETURNING = BUMP.returning(_S.value)
SEQ_VALUE = sa.select(_S.value).where(*_SEQ_ROW)

# Serialises a tenant's write transactions on server databases (see Store._conn).
LOCK_TENANT = sa.select(tenants.c.id).where(tenants.c.id == _p("l_tenant")).with_for_update()

# --- what every authenticated request reads: its credential, its tenant (the sandbox
# clock lives in the meta) and one kv value (fault rules, rate-limit state)
TENANT_ROW = sa.select(tenants.c.id, tenants.c.meta, tenants.c.created_at).where(tenants.c.id == _p("t_id"))
TENANT_ROW_FOR_UPDATE = TENANT_ROW.with_for_update()
CREDENTIAL = sa.select(credentials.c.tenant, credentials.c.meta).where(
    credentials.c.vendor == _p("c_vendor"),
    credentials.c.kind == _p("c_kind"),
    credentials.c.secret == _p("c_secret"),
)
KV_VALUE = sa.select(kv.c.value, kv.c.expires_at).where(
    kv.c.tenant == _p("v_tenant"), kv.c.vendor == _p("v_vendor"), kv.c.key == _p("v_key")
)

# What an authenticated request needs before anything else, in one round trip: the
# credential, its tenant's row, the tenant's change sequence and one kv value of the vendor
# (the fault rules). Params: c_vendor, c_kind, c_secret, r_seq_name, r_key.
REQUEST_BINDING = (
    sa.select(
        credentials.c.tenant,
        credentials.c.meta,
        tenants.c.meta.label("tenant_meta"),
        tenants.c.created_at,
        sequences.c.value.label("seq"),
        kv.c.value.label("kv_value"),
        kv.c.expires_at.label("kv_expires_at"),
    )
    .select_from(
        credentials.join(tenants, tenants.c.id == credentials.c.tenant)
        .join(
            sequences,
            sa.and_(sequences.c.tenant == credentials.c.tenant, sequences.c.name == _p("r_seq_name")),
        )
        .outerjoin(
            kv,
            sa.and_(
                kv.c.tenant == credentials.c.tenant,
                kv.c.vendor == credentials.c.vendor,
                kv.c.key == _p("r_key"),
            ),
        )
    )
    .where(
        credentials.c.vendor == _p("c_vendor"),
        credentials.c.kind == _p("c_kind"),
        credentials.c.secret == _p("c_secret"),
    )
)

# --- one record by key: params k_tenant, k_vendor, k_kind, k_id
_KEY = (
    _R.tenant == _p("k_tenant"),
    _R.vendor == _p("k_vendor"),
    _R.kind == _p("k_kind"),
    _R.id == _p("k_id"),
)
FIND = sa.select(_R.pk, _R.created_at).where(*_KEY)
GET_ANY = sa.select(*RECORD_COLUMNS).where(*_KEY)
GET_LIVE = GET_ANY.where(_R.deleted_at.is_(None))
DELETE = sa.delete(records).where(*_KEY)

# --- writes of one record
INSERT = sa.insert(records)  # params: the column names
REPLACE = (
    sa.update(records)
    .where(_R.pk == _p("b_pk"))
    .values(
        doc=_p("b_doc", sa.Text),
        parent=_p("b_parent", sa.String),
        updated_at=_p("b_updated", UtcInstant),
        deleted_at=_p("b_deleted", UtcInstant),
        seq=_p("b_seq", sa.BigInteger),
    )
)
MARK_DELETED = (
    sa.update(records)
    .where(_R.pk == _p("b_pk"))
    .values(deleted_at=_p("b_deleted", UtcInstant), seq=_p("b_seq", sa.BigInteger))
)

# INSERT binding plain values: bulk paths (put_many, import) pre-encode rows (JSON text,
# integer microseconds) themselves, which skips a type-decorator call per value.
RAW_INSERT = sa.insert(sa.table("records", *(sa.column(c.name) for c in records.c)))


def key_params(tenant: str, vendor: str, kind: str, id_: str) -> dict[str, str]:
    return {"k_tenant": tenant, "k_vendor": vendor, "k_kind": kind, "k_id": id_}


@functools.cache
def records_query(
    *, parent: bool, after_pk: bool, changed: bool, include_deleted: bool, ids: bool, limit: bool, count: bool
) -> sa.Select[Any]:
    """The list/count statement for one combination of filters.

    Params: f_tenant, f_vendor, f_kind, and as switched on f_parent, f_after, f_seq,
    f_ids (expanding), f_limit.
    """
    where = [_R.tenant == _p("f_tenant"), _R.vendor == _p("f_vendor"), _R.kind == _p("f_kind")]
    if parent:
        where.append(_R.parent == _p("f_parent"))
    if after_pk:
        where.append(_R.pk > _p("f_after", sa.BigInteger))
    if changed:
        where.append(_R.seq > _p("f_seq", sa.BigInteger))
    if not include_deleted:
        where.append(_R.deleted_at.is_(None))
    if ids:
        where.append(_R.id.in_(sa.bindparam("f_ids", expanding=True)))
    if count:
        return sa.select(sa.func.count()).select_from(records).where(*where)
    stmt = sa.select(*RECORD_COLUMNS).where(*where).order_by(_R.pk)
    return stmt.limit(_p("f_limit", sa.Integer)) if limit else stmt


def records_filter(
    tenant: str,
    vendor: str,
    kind: str,
    *,
    parent: str | None,
    after_pk: int | None,
    changed_since_seq: int | None,
    include_deleted: bool,
    ids: Any,
    limit: int | None,
    count: bool,
) -> tuple[sa.Select[Any], dict[str, Any]]:
    """The statement and parameters for list / count."""
    params: dict[str, Any] = {"f_tenant": tenant, "f_vendor": vendor, "f_kind": kind}
    if parent is not None:
        params["f_parent"] = parent
    if after_pk is not None:
        params["f_after"] = after_pk
    if changed_since_seq is not None:
        params["f_seq"] = changed_since_seq
    if ids is not None:
        params["f_ids"] = list(ids)
    if limit is not None and not count:
        params["f_limit"] = limit
    stmt = records_query(
        parent=parent is not None,
        after_pk=after_pk is not None,
        changed=changed_since_seq is not None,
        include_deleted=include_deleted,
        ids=ids is not None,
        limit="f_limit" in params,
        count=count,
    )
    return stmt, params
