"""The world's canonical JSON, and the attachment bytes inside it."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from atsbox.fixtures import generate, world_from_json, world_to_dict, world_to_json
from atsbox.fixtures.model import World
from atsbox.fixtures.pdf import build_pdf
from atsbox.fixtures.serialize import format_time

_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture(scope="module")
def world() -> World:
    return generate(5, "small")


@pytest.fixture(scope="module")
def raw(world: World) -> bytes:
    return world_to_json(world)


def test_round_trip_gives_an_equal_world_and_the_same_bytes(world: World, raw: bytes) -> None:
    back = world_from_json(raw)
    assert back == world
    assert world_to_json(back) == raw
    # Attachment bytes come back as bytes (not all candidates have files: any that does).
    filed = next(c for c in back.candidates if c.attachments)
    assert type(filed.attachments[0].data) is bytes
    assert back.anchor.tzinfo is not None


def test_json_is_canonical(raw: bytes) -> None:
    text = raw.decode("utf-8")
    data = json.loads(text)
    assert json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) == text
    assert "\\u00" not in text  # UTF-8, not escapes
    assert any(ord(ch) > 127 for ch in text)


def test_times_dates_and_bytes_have_their_fixed_shapes(world: World, raw: bytes) -> None:
    data = json.loads(raw)
    assert data["anchor"] == "2026-06-01T12:00:00.000Z"
    job = data["jobs"][0]
    assert _TIME.fullmatch(job["times"]["created_at"])
    dated = next(c for c in data["candidates"] if c["availability_date"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", dated["availability_date"])
    with_file = next(c for c in data["candidates"] if c["attachments"])
    encoded = with_file["attachments"][0]["data"]
    original = next(c for c in world.candidates if c.id == with_file["id"]).attachments[0].data
    assert base64.b64decode(encoded, validate=True) == original


def test_removed_stages_and_deleted_postings_carry_their_time(world: World, raw: bytes) -> None:
    data = json.loads(raw)
    stages = [s for j in data["jobs"] for s in j["stages"]]
    postings = [p for j in data["jobs"] for p in j["postings"]]
    removed = [s["deleted_at"] for s in stages if s["deleted_at"] is not None]
    deleted = [p["times"]["deleted_at"] for p in postings if p["times"]["deleted_at"] is not None]
    assert removed and deleted and len(removed) < len(stages) and len(deleted) < len(postings)
    for text in (*removed, *deleted):
        assert _TIME.fullmatch(text)
    back = world_from_json(raw)
    assert [s.deleted_at for j in back.jobs for s in j.stages] == [s.deleted_at for j in world.jobs for s in j.stages]


def test_format_time_keeps_milliseconds_and_converts_to_utc() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 678_000, tzinfo=timezone(timedelta(hours=2)))
    assert format_time(moment) == "2026-01-02T01:04:05.678Z"
    assert format_time(datetime(2026, 1, 2, tzinfo=UTC)) == "2026-01-02T00:00:00.000Z"
    with pytest.raises(ValueError):
        format_time(datetime(2026, 1, 2))


def test_world_to_dict_is_plain_json_values(world: World) -> None:
    data = world_to_dict(world)
    assert json.loads(json.dumps(data)) == data


def _check_pdf(data: bytes) -> str:
    """Structural PDF check: header, trailer, and an xref whose offsets hit their objects.
    Returns the text shown on the page (the content stream's strings)."""
    assert data.startswith(b"%PDF-1.") and data.endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF$", data).group(1))
    assert data[startxref:].startswith(b"xref\n")
    header = re.match(rb"xref\n0 (\d+)\n", data[startxref:])
    count = int(header.group(1))
    entries = data[startxref + header.end():].split(b"\n")[:count]
    assert entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        offset = int(entry[:10])
        assert data[offset:].startswith(f"{number} 0 obj".encode()), number
    stream = re.search(rb"/Length (\d+) >>\nstream\n", data)
    length = int(stream.group(1))
    body = data[stream.end(): stream.end() + length]
    assert data[stream.end() + length:].startswith(b"\nendstream")
    return " ".join(s.decode("cp1252") for s in re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", body))


def test_attachments_are_valid_pdfs_or_text(world: World) -> None:
    attachments = [a for c in world.candidates for a in c.attachments]
    pdfs = [a for a in attachments if a.content_type == "application/pdf"]
    assert len(pdfs) > 100
    for attachment in pdfs:
        _check_pdf(attachment.data)
        assert attachment.file_name.endswith(".pdf")
    for attachment in attachments:
        if attachment.content_type == "text/plain":
            assert attachment.data.decode("utf-8").strip()
    assert len({a.data for a in pdfs}) == len(pdfs), "every document differs"


def test_a_cv_shows_its_candidate() -> None:
    world = generate(0, "tiny")
    cand = next(c for c in world.candidates if c.attachments and c.attachments[0].type == "CV"
                and c.first_name.isascii() and c.last_name.isascii())
    shown = _check_pdf(cand.attachments[0].data)
    assert cand.first_name in shown and cand.last_name in shown


def test_build_pdf_escapes_and_replaces_what_helvetica_cannot_show() -> None:
    made = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    data = build_pdf("Zoë (O'Brien) \\ 漢字", "line one\nline two " + "word " * 400, made)
    shown = _check_pdf(data)
    assert "Zoë \\(O'Brien\\) \\\\ ??" in shown
    assert b"/CreationDate (D:20250102030405Z)" in data
    assert build_pdf("a", "b", made) == build_pdf("a", "b", made)
