"""Delta syncs report what Ashby deleted since the last sync.

Ashby has no delete endpoint for candidates or applications and a replayed syncToken lists
only what was updated since, so a record deleted upstream (a candidate deleted or merged in
Ashby's app, its applications with it) is simply no longer listed. The connector lists
candidates and applications in full on a delta too (list pages only) and delivers what
vanished with `remote_deleted_at`. The sandbox deletes here the way the contract property
does: a soft delete in the store.
"""

from __future__ import annotations

import math
from datetime import timedelta

from atsbox.connectors.base import Connector, connector_for

from .conftest import AshbySandbox


def connect(sb: AshbySandbox) -> Connector:
    # No injected clock: the connector dates what it notices by Ashby's (the sandbox's) Date.
    return connector_for("ashby", wsgi_app=sb.app, credentials={"api_key": sb.key})


def _delete(sb: AshbySandbox, kind: str, remote_id: str) -> None:
    sb.clock.advance(timedelta(minutes=1))
    sb.store.soft_delete(sb.tenant, "ashby", kind, remote_id, at=sb.clock.now())
    sb.clock.advance(timedelta(minutes=1))


def test_a_delta_reports_exactly_the_deleted_application(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    before = connector.read("applications")
    gone = before[len(before) // 2]
    cutoff = fresh.clock.now()
    _delete(fresh, "application", gone.remote_id)
    calls = connector.api.calls
    delta = connector.read("applications", cutoff)
    assert [(a.id, a.remote_deleted_at) for a in delta] == [(gone.id, fresh.clock.now().replace(microsecond=0))]
    assert delta[0].job_id == gone.job_id  # as last seen
    # The price: application.list once more in full; no application.info per application.
    assert connector.api.calls - calls == math.ceil(len(before) / 100)
    # A later delta still knows it, and a sync since then has nothing new.
    again = connector.read("applications", cutoff)
    assert [(a.id, a.remote_deleted_at) for a in again] == [(a.id, a.remote_deleted_at) for a in delta]
    assert connector.read("applications", fresh.clock.now()) == []


def test_a_delta_reports_a_deleted_candidate_with_its_tags(fresh: AshbySandbox) -> None:
    connector = connect(fresh)
    remote = {c.id: c.remote_id for c in connector.read("candidates")}
    rows = connector.read("candidate_tags")
    tagged = rows[0].candidate_id
    cutoff = fresh.clock.now()
    _delete(fresh, "candidate", remote[tagged])
    candidates = connector.read("candidates", cutoff)
    assert [c.id for c in candidates] == [tagged] and candidates[0].remote_deleted_at is not None
    gone_rows = connector.read("candidate_tags", cutoff)
    assert {r.id for r in gone_rows} == {r.id for r in rows if r.candidate_id == tagged}
    assert all(r.remote_deleted_at == candidates[0].remote_deleted_at for r in gone_rows)


def test_every_answer_is_dated_by_the_sandbox_clock(fresh: AshbySandbox) -> None:
    fresh.clock.advance(timedelta(days=3, seconds=7))
    response = fresh.post("apiKey.info", {})
    assert response.headers["Date"] == fresh.clock.now().strftime("%a, %d %b %Y %H:%M:%S GMT")
