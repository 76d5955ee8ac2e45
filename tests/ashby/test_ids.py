"""Ashby's native ids: UUIDs derived from world ids, minted ids, file handles."""

from __future__ import annotations

import uuid

import pytest

from atsbox.mocks.ashby.ids import file_handle, file_id_of_handle, is_uuid, minted_id, native_id


def test_native_ids_are_uuids_stable_and_distinct_per_kind() -> None:
    a = native_id("candidate", "cand_00001")
    assert uuid.UUID(a).version == 5
    assert a == native_id("candidate", "cand_00001")
    assert a != native_id("application", "cand_00001")
    assert a != native_id("candidate", "cand_00002")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        native_id("spaceship", "x")


def test_minted_ids_differ_per_tenant_and_counter() -> None:
    ids = {minted_id("t1", "candidate", n) for n in range(1, 50)} | {minted_id("t2", "candidate", 1)}
    assert len(ids) == 50 and all(is_uuid(i) for i in ids)


def test_file_handles_round_trip_and_refuse_garbage() -> None:
    file_id = native_id("attachment", "att_00001")
    handle = file_handle(file_id)
    assert file_id_of_handle(handle) == file_id
    for junk in ("", "not-base64!", "eyJ4IjoxfQ", None, 3, "x" * 600):
        assert file_id_of_handle(junk) is None
