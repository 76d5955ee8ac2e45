"""Unified ids: reversible base58 of "<model>:<remote_id>", and the remote: prefix."""

from __future__ import annotations

import pytest

from atsbox.connectors.errors import InvalidInput
from atsbox.connectors.ids import (
    ALPHABET,
    b58decode,
    b58encode,
    join_remote_id,
    parse_id,
    remote_id_of,
    split_remote_id,
    unified_id,
)


def test_known_value():
    # base58 of b"jobs:32", computed with an independent digit-array conversion.
    assert unified_id("jobs", "32") == b58encode(b"jobs:32")
    assert unified_id("jobs", "32") == "52wQJN6D5b"
    assert b58encode(b"hello world") == "StV1DL6CwTryKyV"  # the common base58 test vector


@pytest.mark.parametrize(
    "remote",
    ["32", "0", "a" * 200, "Candidate:123", "::", "ü-ñ-日本", "gid://gem/Candidate/Q2FuZGlkYXRl", " spaced "],
)
def test_round_trip(remote):
    encoded = unified_id("candidates", remote)
    assert set(encoded) <= set(ALPHABET)
    assert parse_id(encoded) == ("candidates", remote)
    assert unified_id("candidates", remote) == encoded  # deterministic


def test_integers_are_their_decimal_string():
    assert unified_id("jobs", 32) == unified_id("jobs", "32")


def test_models_keep_ids_apart():
    assert unified_id("jobs", "1") != unified_id("candidates", "1")


@pytest.mark.parametrize("raw", [b"", b"\0", b"\0\0abc", b"\xff" * 9, bytes(range(256))])
def test_base58_round_trip_with_leading_zeros(raw):
    assert b58decode(b58encode(raw)) == raw


def test_bad_model_names_and_empty_remote_ids():
    for model in ("", "Jobs", "job:s", "1jobs"):
        with pytest.raises(ValueError):
            unified_id(model, "1")
    with pytest.raises(ValueError):
        unified_id("jobs", "")


@pytest.mark.parametrize("bad", ["", "0OIl", "abc!", b58encode(b"no-colon"), b58encode(b"jobs:"),
                                 b58encode(b"\xff\xfe:1"), b58encode(b"Jobs:1")])  # fmt: skip
def test_parse_rejects_malformed_ids(bad):
    with pytest.raises(InvalidInput):
        parse_id(bad)


def test_remote_id_of():
    assert remote_id_of(unified_id("jobs", "32"), "jobs") == "32"
    assert remote_id_of("remote:32", "jobs") == "32"
    assert remote_id_of("remote:a:b", "jobs") == "a:b"
    with pytest.raises(InvalidInput) as caught:
        remote_id_of(unified_id("candidates", "32"), "jobs", field="job_id")
    assert caught.value.field == "job_id"
    assert "candidates" in caught.value.message
    for bad in ("remote:", "", "not base58 0", None):
        with pytest.raises(InvalidInput):
            remote_id_of(bad, "jobs")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "parts", [("j1", "s1"), ("a:b", "c"), ("a", "b:c"), ("100%", "%3A"), ("x",), ("", "")]
)
def test_join_remote_id_round_trip(parts):
    joined = join_remote_id(*parts)
    assert split_remote_id(joined) == list(parts)
    assert parse_id(unified_id("job_stages", joined)) == ("job_stages", joined)


def test_join_remote_id_keeps_ambiguous_parts_apart():
    assert join_remote_id("a:b", "c") != join_remote_id("a", "b:c")
    assert join_remote_id(1, 2) == "1:2"
