"""Flatchr's two id schemes, derived deterministically from world ids.

Flatchr shows most objects under a 16-character "encoded" id (Hashids-like, mixed-case
alphanumerics: ``Vq5r6pYxam9AmMvP``) and some beside an integer "clear" id (a vacancy's
``vacancy_id``, a tag's ``tag_id``, a column's ``id``, the company's ``company_id``).

Both derive from the world id's number: the clear id is that number, the encoded id a
keyed hash of (kind, number) written in base 62. Records created through the API take
their number from the store's counter above ``MINTED_BASE`` so they never meet a rendered
one. The contract projection calls ``encoded_id`` / ``clear_id`` too, so routes, render
and the oracle agree on every id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ENCODED_LENGTH = 16
MINTED_BASE = 1_000_000

# Integer offerer id of the career site: the value Flatchr's docs give as the example
# ("Job site identifier 'Career site'").
CAREER_SITE_OFFERER = 75

_DIGITS = re.compile(r"\d+")
_ENCODED = re.compile(rf"^[0-9a-zA-Z]{{{ENCODED_LENGTH}}}$")


def world_number(world_id: str) -> int:
    """``job_0007`` -> 7, ``stg_00012`` -> 12 (digit groups joined)."""
    groups = _DIGITS.findall(world_id)
    if not groups:
        raise ValueError(f"world id {world_id!r} has no number")
    return int("".join(groups))


def encode(kind: str, number: int) -> str:
    """The 16-character encoded id of object ``number`` of ``kind``."""
    digest = int.from_bytes(hashlib.sha256(f"flatchr:{kind}:{number}".encode()).digest(), "big")
    chars = []
    for _ in range(ENCODED_LENGTH):
        digest, rest = divmod(digest, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars)


def encoded_id(kind: str, world_id: str) -> str:
    return encode(kind, world_number(world_id))


def clear_id(world_id: str) -> int:
    return world_number(world_id)


def minted_number(counter: int) -> int:
    return MINTED_BASE + counter


def looks_encoded(value: str) -> bool:
    return bool(_ENCODED.match(value))


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by dashes ("Account Executive (H/F)" -> "account-executive-h-f")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def vacancy_slug(encoded: str, title: str) -> str:
    """A vacancy's slug: its encoded id lower-cased, then the title's slug."""
    return f"{encoded.lower()}-{slugify(title)}".rstrip("-")
