"""Secrets of the hosted service: the admin token and each sandbox's access token.

Only digests are stored (SHA-256 of the token): a copy of the database does not hand out
the control API. The admin token comes from ATSBOX_ADMIN_TOKEN, or is generated once at
the first start, stored as a digest and printed that one time. A sandbox's access token is
returned once, when the sandbox is created, and opens the control API for that sandbox
only; it is kept as a credential of the pseudo-vendor "_sandbox", so it moves with the
sandbox in an export.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping

from .db import HostedDB

ADMIN_ENV = "ATSBOX_ADMIN_TOKEN"
ADMIN_SETTING = "admin_token_sha256"
SANDBOX_VENDOR = "_sandbox"
SANDBOX_TOKEN_KIND = "access_token"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    """An unguessable token (256 random bits) with a prefix saying what it is."""
    return prefix + secrets.token_urlsafe(32)


def ensure_admin_token(
    db: HostedDB, env: Mapping[str, str] | None = None, *, rotate: bool = False
) -> str | None:
    """The admin token to print, if one was generated now; None if it was set before.

    With ATSBOX_ADMIN_TOKEN set nothing is generated (the variable is the token).
    `rotate` replaces a stored token (the old one stops working).
    """
    env = os.environ if env is None else env
    if env.get(ADMIN_ENV):
        return None
    token = new_token("atsa_")
    if rotate:
        db.set_setting(ADMIN_SETTING, digest(token))
        return token
    return token if db.add_setting(ADMIN_SETTING, digest(token)) else None


class AdminTokens:
    """Checks presented admin tokens against the variable or the stored digest."""

    def __init__(self, db: HostedDB, env: Mapping[str, str] | None = None) -> None:
        self.db = db
        env = os.environ if env is None else env
        self._env_digest = digest(env[ADMIN_ENV]) if env.get(ADMIN_ENV) else None

    def valid(self, token: str) -> bool:
        expected = self._env_digest or self.db.setting(ADMIN_SETTING)
        return bool(expected) and hmac.compare_digest(digest(token), expected)
