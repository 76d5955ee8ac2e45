"""Pagination styles and sync tokens: no duplicates or gaps under inserts, clear 4xx on bad cursors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from atsbox.mocks.core.pagination import RecordQuery, SyncTokens, cursor_page, encode_cursor, meta_page
from atsbox.mocks.example.testing import add_tenant, demo_sandbox


@pytest.fixture
def sb():
    sandbox = demo_sandbox(config={"rate_limits": False})
    sandbox.add_candidates(7)
    return sandbox


def ids(body):
    return [c["id"] for c in body["data"]]


def error_code(response):
    assert 400 <= response.status_code < 500, response.get_json()
    return response.get_json()["error"]["code"]


def test_cursor_pages_have_no_duplicates_or_gaps_with_inserts_between_pages(sb):
    seen = []
    first = sb.client.get("/example/candidates?limit=3", headers=sb.headers).get_json()
    seen += ids(first)
    assert first["has_more"] is True
    sb.add_candidates(2)  # cand_8, cand_9 arrive mid-listing
    cursor = first["next_cursor"]
    while cursor:
        sb.add_candidates(1)
        body = sb.client.get(f"/example/candidates?limit=3&cursor={cursor}", headers=sb.headers).get_json()
        seen += ids(body)
        cursor = body["next_cursor"]
        assert body["has_more"] is (cursor is not None)
    assert len(seen) == len(set(seen))
    assert seen == [f"cand_{n}" for n in range(1, len(seen) + 1)]
    assert len(seen) >= 9


def test_cursor_limit_is_clamped_and_defaults_to_the_maximum(sb):
    sb.add_candidates(60)
    assert len(ids(sb.client.get("/example/candidates?limit=500", headers=sb.headers).get_json())) == 50
    assert len(ids(sb.client.get("/example/candidates", headers=sb.headers).get_json())) == 50


@pytest.mark.parametrize("cursor", ["garbage", "", "AAAA", "%00", "x" * 200])
def test_garbage_cursors_are_a_4xx(sb, cursor):
    response = sb.client.get(f"/example/candidates?cursor={cursor}x", headers=sb.headers)
    assert error_code(response) == "invalid_cursor"


def test_an_edited_cursor_is_refused(sb):
    cursor = sb.client.get("/example/candidates?limit=2", headers=sb.headers).get_json()["next_cursor"]
    flipped = cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:]
    assert (
        error_code(sb.client.get(f"/example/candidates?cursor={flipped}", headers=sb.headers))
        == "invalid_cursor"
    )


def test_a_cursor_of_another_tenant_or_listing_is_refused(sb):
    add_tenant(sb.store, "t2")
    query_t2 = RecordQuery(sb.store, "t2", "example", "candidate")
    foreign = encode_cursor(query_t2, 1)
    assert (
        error_code(sb.client.get(f"/example/candidates?cursor={foreign}", headers=sb.headers))
        == "invalid_cursor"
    )
    # A cursor from the listing with a sync filter does not fit the plain listing.
    other = encode_cursor(RecordQuery(sb.store, "t1", "example", "candidate", changed_since_seq=3), 1)
    assert (
        error_code(sb.client.get(f"/example/candidates?cursor={other}", headers=sb.headers))
        == "invalid_cursor"
    )


def test_page_number_pages_with_link_and_x_pagination_headers(sb):
    sb.add_candidates(3)  # 10 in all
    first = sb.client.get("/example/candidates/paged?per_page=4&page=1", headers=sb.headers)
    assert [c["id"] for c in first.get_json()] == ["cand_1", "cand_2", "cand_3", "cand_4"]
    pagination = json.loads(first.headers["X-Pagination"])
    assert pagination == {
        "total": 10,
        "total_pages": 3,
        "first_page": 1,
        "last_page": 3,
        "page": 1,
        "previous_page": None,
        "next_page": 2,
    }
    link = first.headers["Link"]
    assert 'page=2>; rel="next"' in link and 'page=3>; rel="last"' in link and 'rel="prev"' not in link
    sb.add_candidates(1)  # appended after the last page: earlier pages do not shift
    seen = [c["id"] for c in first.get_json()]
    for page in (2, 3):
        response = sb.client.get(f"/example/candidates/paged?per_page=4&page={page}", headers=sb.headers)
        seen += [c["id"] for c in response.get_json()]
    assert seen == [f"cand_{n}" for n in range(1, 12)]
    last = sb.client.get("/example/candidates/paged?per_page=4&page=3", headers=sb.headers)
    assert 'rel="next"' not in last.headers["Link"] and 'page=2>; rel="prev"' in last.headers["Link"]
    beyond = sb.client.get("/example/candidates/paged?per_page=4&page=9", headers=sb.headers)
    assert beyond.get_json() == [] and json.loads(beyond.headers["X-Pagination"])["next_page"] is None


@pytest.mark.parametrize(
    "query", ["page=0", "page=-2", "page=x", "per_page=0", "per_page=51", "per_page=1.5"]
)
def test_bad_page_parameters_are_a_4xx(sb, query):
    error_code(sb.client.get(f"/example/candidates/paged?{query}", headers=sb.headers))


def test_meta_cursors_walk_forward_and_back_with_inserts(sb):
    first = sb.client.get("/example/candidates/meta?limit=3", headers=sb.headers).get_json()
    assert ids(first) == ["cand_1", "cand_2", "cand_3"]
    assert first["meta"]["has_next_page"] is True and first["meta"]["has_previous_page"] is False
    assert first["meta"]["total"] == 7 and first["meta"]["limit"] == 3
    sb.add_candidates(1)
    seen = ids(first)
    meta = first["meta"]
    while meta["has_next_page"]:
        body = sb.client.get(
            f"/example/candidates/meta?limit=3&after_id={meta['end_cursor']}", headers=sb.headers
        )
        body = body.get_json()
        seen += ids(body)
        meta = body["meta"]
        assert meta["has_previous_page"] is True
    assert seen == [f"cand_{n}" for n in range(1, 9)]
    back = sb.client.get(
        f"/example/candidates/meta?limit=3&before_id={meta['start_cursor']}", headers=sb.headers
    )
    back = back.get_json()
    assert ids(back) == ["cand_4", "cand_5", "cand_6"]
    assert back["meta"]["has_previous_page"] is True and back["meta"]["has_next_page"] is True
    start = sb.client.get(
        f"/example/candidates/meta?limit=3&before_id={back['meta']['start_cursor']}", headers=sb.headers
    ).get_json()
    assert ids(start) == ["cand_1", "cand_2", "cand_3"] and start["meta"]["has_previous_page"] is False


def test_meta_cursors_refuse_garbage(sb):
    assert (
        error_code(sb.client.get("/example/candidates/meta?after_id=MTc=", headers=sb.headers))
        == "invalid_cursor"
    )
    assert (
        error_code(sb.client.get("/example/candidates/meta?before_id=zz", headers=sb.headers))
        == "invalid_cursor"
    )


def test_empty_listings_are_one_empty_page():
    sb = demo_sandbox(config={"rate_limits": False})
    body = sb.client.get("/example/candidates/meta", headers=sb.headers).get_json()
    assert body == {
        "data": [],
        "meta": {
            "has_next_page": False,
            "has_previous_page": False,
            "start_cursor": None,
            "end_cursor": None,
            "total": 0,
            "limit": 50,
        },
    }
    assert sb.client.get("/example/candidates", headers=sb.headers).get_json()["has_more"] is False


# --- sync tokens ------------------------------------------------------------------------


def full_sync(sb, limit=3):
    """Page through a full sync; returns (ids, sync token)."""
    seen, body = [], {"limit": limit}
    while True:
        page = sb.client.post("/example/candidates/sync", headers=sb.headers, json=body).get_json()
        seen += ids(page)
        if "sync_token" in page:
            return seen, page["sync_token"]
        body = {**body, "cursor": page["next_cursor"]}


def incremental(sb, token, limit=3):
    seen, body = [], {"limit": limit, "syncToken": token}
    while True:
        response = sb.client.post("/example/candidates/sync", headers=sb.headers, json=body)
        page = response.get_json()
        if response.status_code != 200:
            return response
        seen += ids(page)
        if "sync_token" in page:
            return seen, page["sync_token"]
        body = {**body, "cursor": page["next_cursor"]}


def test_sync_token_returns_what_changed_since_including_changes_during_the_full_sync(sb):
    first = sb.client.post("/example/candidates/sync", headers=sb.headers, json={"limit": 3}).get_json()
    # A record already served changes while the full sync is still paging.
    doc = sb.store.get("t1", "example", "candidate", "cand_1").doc
    sb.store.put("t1", "example", "candidate", "cand_1", {**doc, "name": "Renamed"}, at=sb.clock.now())
    body, seen = {"limit": 3, "cursor": first["next_cursor"]}, ids(first)
    while True:
        page = sb.client.post("/example/candidates/sync", headers=sb.headers, json=body).get_json()
        seen += ids(page)
        if "sync_token" in page:
            break
        body["cursor"] = page["next_cursor"]
    assert seen == [f"cand_{n}" for n in range(1, 8)]
    sb.add_candidates(1)
    sb.store.soft_delete("t1", "example", "candidate", "cand_3", at=sb.clock.now())
    changed, token = incremental(sb, page["sync_token"])
    # cand_1 changed mid-sync, cand_3 was deleted, cand_8 is new: nothing else.
    assert changed == ["cand_1", "cand_3", "cand_8"]
    assert incremental(sb, token) == ([], incremental(sb, token)[1])


def test_sync_token_expires_on_the_sandbox_clock(sb):
    _, token = full_sync(sb)
    sb.clock.advance(timedelta(days=7))
    assert incremental(sb, token)[0] == []
    sb.clock.advance(timedelta(milliseconds=1))
    assert error_code(incremental(sb, token)) == "sync_token_expired"


@pytest.mark.parametrize("token", ["nope", "", "A" * 42])
def test_invalid_sync_tokens_are_a_distinct_4xx(sb, token):
    response = sb.client.post("/example/candidates/sync", headers=sb.headers, json={"syncToken": token + "x"})
    assert error_code(response) == "sync_token_invalid"


def test_sync_token_is_bound_to_its_filters(sb):
    now = sb.clock.now()
    tokens = SyncTokens()
    plain = RecordQuery(sb.store, "t1", "example", "candidate")
    filtered = RecordQuery(sb.store, "t1", "example", "candidate", filters={"status": "active"})
    token = tokens.issue(plain, 5, now)
    assert tokens.since(plain, token, now) == 5
    with pytest.raises(Exception, match="not valid") as err:
        tokens.since(filtered, token, now)
    assert err.value.kind == "sync_token_invalid"


def test_python_side_filters_page_without_gaps(sb):
    sb.add_candidates(20)
    odd = RecordQuery(sb.store, "t1", "example", "candidate", where=lambda r: int(r.id[5:]) % 2 == 1)
    with sb.app.test_request_context():
        seen, cursor = [], None
        while True:
            page = cursor_page(odd, cursor, 4, 50)
            seen += [r.id for r in page.items]
            cursor = page.next_cursor
            if not page.has_more:
                break
        assert seen == [f"cand_{n}" for n in range(1, 28, 2)]
        assert odd.count() == 14
        back = meta_page(odd, before=encode_cursor(odd, 27), limit=3)
        assert [r.id for r in back.items] == ["cand_21", "cand_23", "cand_25"]
