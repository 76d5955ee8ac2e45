"""Unfiltered ATS lists page in the store, starting each page where the previous one ended;
the pages must still be exactly the slices of the whole list, in any order of requests and
after deletions shift them."""

from __future__ import annotations

from atsbox.mocks.gem import render

from .conftest import TENANT


def _ids(gem, path):
    response = gem.get(path)
    assert response.status_code == 200
    return [item["id"] for item in response.json]


def _pages(gem, kind_path, per_page, extra=""):
    everything = _ids(gem, f"/ats/v0/{kind_path}/?per_page=500{extra}")
    pages = [_ids(gem, f"/ats/v0/{kind_path}/?per_page={per_page}&page={n}{extra}") for n in range(1, 99)]
    return everything, [p for p in pages if p]


def test_pages_in_order_are_the_slices_of_the_whole_list(gem):
    for extra in ("", "&include_deleted=true"):
        everything, pages = _pages(gem, "applications", 7, extra)
        assert [i for page in pages for i in page] == everything
        assert all(len(page) == 7 for page in pages[:-1])


def test_a_page_asked_for_first_is_the_same_slice(fresh_gem):
    gem = fresh_gem
    everything = _ids(gem, "/ats/v0/applications/?per_page=500")
    assert _ids(gem, "/ats/v0/applications/?per_page=6&page=4") == everything[18:24]


def test_a_deletion_between_pages_is_seen_and_never_skips_or_repeats_wrongly(fresh_gem):
    gem = fresh_gem
    before = _ids(gem, "/ats/v0/applications/?per_page=500")
    _ids(gem, "/ats/v0/applications/?per_page=5&page=1")
    _ids(gem, "/ats/v0/applications/?per_page=5&page=2")  # page 3's start is remembered now
    record = gem.store.get(TENANT, "gem", render.APPLICATION, before[0])
    gem.store.soft_delete(TENANT, "gem", render.APPLICATION, before[0], at=record.updated_at)
    after = before[1:]
    # The remembered start no longer has 10 records before it: page 3 is read afresh.
    assert _ids(gem, "/ats/v0/applications/?per_page=5&page=3") == after[10:15]
    with_deleted = _ids(gem, "/ats/v0/applications/?per_page=5&page=3&include_deleted=true")
    assert with_deleted == _ids(gem, "/ats/v0/applications/?per_page=500&include_deleted=true")[10:15]


def test_link_last_counts_every_row(gem):
    total = len(_ids(gem, "/ats/v0/scheduled_interviews/?per_page=500"))
    link = gem.get("/ats/v0/scheduled_interviews/?per_page=10").headers["Link"]
    assert f"page={-(-total // 10)}" in link.split('rel="next"')[1]
