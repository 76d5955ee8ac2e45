"""Cursor pagination, limits, createdAfter and syncToken incremental sync."""

from __future__ import annotations

from datetime import timedelta

from .conftest import AshbySandbox, make_sandbox


def test_limit_defaults_to_100_and_is_capped(ashby: AshbySandbox) -> None:
    everything, _ = ashby.all_pages("application.list")
    assert len(ashby.ok("application.list", {})) == min(100, len(everything))
    assert len(ashby.ok("application.list", {"limit": 1000})) == min(100, len(everything))
    assert ashby.error("application.list", {"limit": 0})["code"] == "invalid_input"


def test_pages_cover_everything_once_in_order(ashby: AshbySandbox) -> None:
    whole = [a["id"] for a in ashby.ok("application.list", {"limit": 100})]
    paged, token = ashby.all_pages("application.list", {"limit": 7})
    assert [a["id"] for a in paged] == whole
    assert token  # the last page carries the sync token


def test_more_data_and_next_cursor_only_while_there_is_more(ashby: AshbySandbox) -> None:
    first = ashby.post("candidate.list", {"limit": 2}).get_json()
    assert first["moreDataAvailable"] is True and first["nextCursor"] and "syncToken" not in first
    last, _ = ashby.all_pages("candidate.list", {"limit": 1000})
    final = ashby.post("candidate.list", {"limit": 100}).get_json()
    assert final["moreDataAvailable"] is False and "nextCursor" not in final and len(last) == len(final["results"])


def test_bad_cursors_are_invalid_next_cursor(ashby: AshbySandbox) -> None:
    assert ashby.error("candidate.list", {"cursor": "G8"})["code"] == "invalid_next_cursor"
    cursor = ashby.post("candidate.list", {"limit": 1}).get_json()["nextCursor"]
    # A cursor belongs to its listing: another endpoint or filter set refuses it.
    assert ashby.error("application.list", {"cursor": cursor})["code"] == "invalid_next_cursor"


def test_endpoints_without_sync_never_send_a_token(ashby: AshbySandbox) -> None:
    for endpoint in ("source.list", "archiveReason.list", "jobPosting.list"):
        assert "syncToken" not in ashby.post(endpoint, {}).get_json()


def test_created_after_is_epoch_milliseconds(ashby: AshbySandbox) -> None:
    everything, _ = ashby.all_pages("application.list")
    times = sorted(a["createdAt"] for a in everything)
    middle = times[len(times) // 2]
    from datetime import datetime

    cut = int(datetime.fromisoformat(middle.replace("Z", "+00:00")).timestamp() * 1000)
    later, _ = ashby.all_pages("application.list", {"createdAfter": cut})
    assert later and all(a["createdAt"] > middle for a in later)
    assert len(later) == sum(1 for t in times if t > middle)
    assert ashby.error("application.list", {"createdAfter": "2024-01-01"})["code"] == "invalid_input"


def test_sync_token_returns_only_what_changed(fresh: AshbySandbox) -> None:
    _, token = fresh.all_pages("candidate.list")
    assert fresh.all_pages("candidate.list", {"syncToken": token})[0] == []
    candidate = fresh.ok("candidate.create", {"name": "Grace Hopper", "email": "grace@example.com"})
    changed, new_token = fresh.all_pages("candidate.list", {"syncToken": token})
    assert [c["id"] for c in changed] == [candidate["id"]]
    assert new_token and new_token != token
    assert fresh.all_pages("candidate.list", {"syncToken": new_token})[0] == []


def test_sync_token_pages_carry_the_token_with_the_cursor(fresh: AshbySandbox) -> None:
    _, token = fresh.all_pages("candidate.list")
    for n in range(3):
        fresh.ok("candidate.create", {"name": f"Person {n}"})
    first = fresh.post("candidate.list", {"syncToken": token, "limit": 2}).get_json()
    second = fresh.post("candidate.list", {"syncToken": token, "limit": 2, "cursor": first["nextCursor"]}).get_json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1 and second["syncToken"]


def test_expired_and_garbage_sync_tokens(fresh: AshbySandbox) -> None:
    _, token = fresh.all_pages("user.list")
    assert fresh.error("user.list", {"syncToken": "jYnEBmjzR"})["code"] == "sync_token_invalid"
    # A token of one endpoint is garbage to another.
    assert fresh.error("candidate.list", {"syncToken": token})["code"] == "sync_token_invalid"
    fresh.clock.advance(timedelta(days=8))
    assert fresh.error("user.list", {"syncToken": token})["code"] == "sync_token_expired"


def test_incremental_sync_too_large_when_configured(tiny_world) -> None:
    sandbox = make_sandbox(tiny_world, {"incremental_sync_max_records": 1})
    _, token = sandbox.all_pages("candidate.list")
    for n in range(2):
        sandbox.ok("candidate.create", {"name": f"Bulk {n}"})
    assert sandbox.error("candidate.list", {"syncToken": token})["code"] == "incremental_sync_too_large"


def test_archived_and_deactivated_are_hidden_unless_asked(ashby: AshbySandbox) -> None:
    tags = ashby.all_pages("candidateTag.list")[0]
    all_tags = ashby.all_pages("candidateTag.list", {"includeArchived": True})[0]
    deleted = [t for t in ashby.world.tags if t.times.deleted_at is not None]
    assert len(all_tags) == len(ashby.world.tags) and len(tags) == len(all_tags) - len(deleted)
    users = ashby.all_pages("user.list")[0]
    every = ashby.all_pages("user.list", {"includeDeactivated": True})[0]
    live = [u for u in ashby.world.users if u.times.deleted_at is None]
    assert all(u["isEnabled"] for u in users) and len(users) == sum(u.status == "ACTIVE" for u in live)
    assert len(every) == len(live)


def test_drafts_are_listed_only_when_asked(ashby: AshbySandbox) -> None:
    default = ashby.all_pages("job.list")[0]
    assert all(j["status"] != "Draft" for j in default)
    drafts = ashby.all_pages("job.list", {"status": ["Draft"]})[0]
    live = [j for j in ashby.world.jobs if j.times.deleted_at is None]
    assert len(drafts) == sum(j.status == "DRAFT" for j in live) and all(j["status"] == "Draft" for j in drafts)
    assert len(default) + len(drafts) == len(live)
