"""Unified ids: reversible, deterministic, shaped like Kombo's.

A unified id is the base58 (Bitcoin alphabet, Kombo's id alphabet per kombo.md §1.5) of
the UTF-8 bytes of ``"<model>:<remote_id>"``. Being reversible means a connector needs no
id table: a write action turns the unified id it is given straight back into the vendor's
id, and the contracts can compute the id the connector must emit from the world alone.

Wherever an id is accepted, Kombo also accepts the vendor's own id as ``remote:<id>``;
``remote_id_of`` handles both forms.

The model part is a unified model key (``jobs``) or any other lowercase name a connector
needs ids for (``screening_question_options``, ``attachments``); it may not contain ``:``,
the remote part may (the first ``:`` separates them).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import InvalidInput

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(ALPHABET)}
_MODEL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
REMOTE_PREFIX = "remote:"


# Digit pairs: encoding four digits per big-integer division keeps the Python loop short
# (ids are encoded for every record of a sync).
_PAIRS = [first + second for first in ALPHABET for second in ALPHABET]
_FOUR_DIGITS = 58**4


def b58encode(raw: bytes) -> str:
    """Base58 with the Bitcoin alphabet; each leading zero byte becomes a leading ``1``."""
    number = int.from_bytes(raw, "big")
    pairs: list[str] = []  # least significant first, each pair most significant first
    while number:
        number, four = divmod(number, _FOUR_DIGITS)
        high, low = divmod(four, 3364)
        pairs.append(_PAIRS[low])
        pairs.append(_PAIRS[high])
    leading = len(raw) - len(raw.lstrip(b"\0"))
    # The last group is padded with zero digits ("1"); the number itself has none in front.
    return "1" * leading + "".join(reversed(pairs)).lstrip("1")


def b58decode(text: str) -> bytes:
    """Inverse of ``b58encode``; ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise ValueError(f"not a base58 character: {char!r}") from None
    leading = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading + body


@lru_cache(maxsize=1 << 16)
def unified_id(model: str, remote_id: str | int) -> str:
    """The unified id of the record ``remote_id`` of ``model``. Integers are taken as their
    decimal string, so ``unified_id("jobs", 32) == unified_id("jobs", "32")``."""
    if not _MODEL_NAME.match(model):
        raise ValueError(f"model names are lowercase words without ':', got {model!r}")
    remote = str(remote_id)
    if not remote:
        raise ValueError("remote ids may not be empty")
    return b58encode(f"{model}:{remote}".encode())


@lru_cache(maxsize=1 << 16)
def parse_id(unified: str) -> tuple[str, str]:
    """``(model, remote_id)`` of a unified id; InvalidInput when it is not one."""
    try:
        text = b58decode(unified).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(f"malformed id {unified!r}") from None
    model, sep, remote = text.partition(":")
    if not sep or not remote or not _MODEL_NAME.match(model):
        raise InvalidInput(f"malformed id {unified!r}")
    return model, remote


def remote_id_of(value: str, expected_model: str, *, field: str | None = None) -> str:
    """The vendor's id behind ``value``: a unified id of ``expected_model`` or ``remote:<id>``.

    Raises InvalidInput (naming ``field`` when given) for a malformed id, an empty
    ``remote:`` id, or a unified id of another model.
    """
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"expected an id of {expected_model}, got {value!r}", field)
    if value.startswith(REMOTE_PREFIX):
        remote = value[len(REMOTE_PREFIX) :]
        if not remote:
            raise InvalidInput(f"empty remote id in {value!r}", field)
        return remote
    try:
        model, remote = parse_id(value)
    except InvalidInput as exc:
        raise InvalidInput(exc.errors[0]["message"], field) from None
    if model != expected_model:
        raise InvalidInput(f"{value!r} is an id of {model}, expected an id of {expected_model}", field)
    return remote


def join_remote_id(*parts: str | int) -> str:
    """One remote id made of several (a join row's ``job:stage``), reversible by
    ``split_remote_id`` even when the parts contain ``:`` (escaped as ``%3A``, ``%`` as ``%25``)."""
    if not parts:
        raise ValueError("join_remote_id needs at least one part")
    return ":".join(str(part).replace("%", "%25").replace(":", "%3A") for part in parts)


def split_remote_id(joined: str) -> list[str]:
    """Inverse of ``join_remote_id``."""
    return [part.replace("%3A", ":").replace("%25", "%") for part in joined.split(":")]
