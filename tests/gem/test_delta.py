"""Delta syncs return records whose unified fields derive from other records that changed,
even when Gem's own change time of the record did not move (Kombo's updated_after covers
linked changes)."""

from __future__ import annotations

from datetime import timedelta

from atsbox.clock import clock_for
from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.contracts.properties import delta_after_writes
from atsbox.mocks.gem import ids

from .conftest import TENANT


def test_delta_after_writes_returns_candidates_of_deleted_applications():
    """The regression the shared property found: deleting an application changes its
    candidate's source (initial application) while the candidate's updated_at stays."""
    findings = delta_after_writes("gem", 1, [("write", 0), ("delete", 5), ("write", 1), ("delete", 40)])
    assert any(step.startswith("delete application") for step in findings.applied)
    assert findings.ok, findings


def _delta_after(sandbox, change):
    """Full-sync time T, then `change(store, at)` one minute later, then the delta since T."""
    clock = clock_for(sandbox.store, TENANT)
    clock.freeze()
    since = clock.advance(timedelta(minutes=1))
    change(sandbox.store, clock.advance(timedelta(minutes=1)))
    return sandbox.connector(), since


def _delete(kind, native_id):
    return lambda store, at: store.soft_delete(TENANT, "gem", kind, native_id, at=at)


def test_a_deleted_initial_application_brings_its_candidate_with_the_new_source(fresh_gem):
    gem = fresh_gem
    world = gem.world
    def live_applications(candidate):
        mine = [a for a in world.applications if a.candidate_id == candidate.id and a.times.deleted_at is None]
        return sorted(mine, key=lambda a: a.times.created_at)

    # A live candidate whose first two live applications came from different sources: with
    # the first gone, the second's source becomes the candidate's (chosen by rule, not luck).
    cand = next(c for c in world.candidates
                if c.times.deleted_at is None and len(apps := live_applications(c)) > 1
                and apps[0].source_id and apps[1].source_id and apps[0].source_id != apps[1].source_id)  # fmt: skip
    first = live_applications(cand)[0]
    cand_uid = unified_id("candidates", ids.native_id("candidate", cand.id))
    before = next(c for c in gem.connector().read("candidates") if c.id == cand_uid)
    connector, since = _delta_after(gem, _delete("application", ids.native_id("application", first.id)))
    delta = {c.id: c for c in connector.read("candidates", since)}
    assert set(delta) == {cand_uid}
    assert delta[cand_uid].source != before.source and delta[cand_uid].remote_deleted_at is None


def _primary(job):
    eligible = [p for p in job.postings if p.live and p.status == "ACTIVE" and p.times.deleted_at is None]
    return max(eligible, key=lambda p: p.times.created_at, default=None)


def test_a_deleted_primary_posting_brings_its_job_and_another_posting_does_not(fresh_gem):
    gem = fresh_gem
    job = next(j for j in gem.world.jobs if _primary(j) is not None and len(j.postings) > 1)
    primary = _primary(job)
    job_uid = unified_id("jobs", ids.native_id("job", job.id))
    other = next(p for p in job.postings if p is not primary)
    # An older posting than the primary was not the primary before it went.
    if other.times.created_at < primary.times.created_at or not (other.live and other.status == "ACTIVE"):
        connector, since = _delta_after(gem, _delete("job_post", ids.native_id("posting", other.id)))
        assert job_uid not in {j.id for j in connector.read("jobs", since)}
    connector, since = _delta_after(gem, _delete("job_post", ids.native_id("posting", primary.id)))
    delta = {j.id: j for j in connector.read("jobs", since)}
    assert job_uid in delta and delta[job_uid].post_url != primary.url


def test_a_deleted_job_brings_its_stage_rows_as_deleted(fresh_gem):
    gem = fresh_gem
    job = next(j for j in gem.world.jobs if j.times.deleted_at is None and j.stages)
    job_remote = ids.native_id("job", job.id)
    connector, since = _delta_after(gem, _delete("job", job_remote))
    rows = {r.id: r for r in connector.read("job_stages", since)}
    expected = {unified_id("job_stages", join_remote_id(job_remote, ids.native_id("stage", s.id))) for s in job.stages}
    assert expected <= set(rows)
    assert all(rows[uid].remote_deleted_at is not None for uid in expected)
