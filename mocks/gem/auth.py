"""Gem's API-key auth: ``X-API-Key`` (40 alphanumeric characters) and, for partner
("third-party application") keys, ``X-Application-Secret`` as well."""

from __future__ import annotations

import hmac
import re
from typing import Any

from flask import request

from atsbox.mocks.core.auth import MALFORMED, ApiKeyHeader, _Malformed

KEY_PATTERN = re.compile(r"^[A-Za-z0-9]{40}$")
SECRET_HEADER = "X-Application-Secret"
KIND = "api_key"


class GemApiKey(ApiKeyHeader):
    def __init__(self) -> None:
        super().__init__("X-API-Key", KIND, missing_message="Forbidden", invalid_message="Forbidden")

    def extract(self) -> str | _Malformed | None:
        value = super().extract()
        if isinstance(value, str) and not KEY_PATTERN.match(value):
            return MALFORMED
        return value

    def check(self, secret: str, tenant: str, meta: dict[str, Any]) -> None:
        # A Shareable Access Key only works together with the partner's app secret.
        expected = meta.get("application_secret")
        if expected is None:
            return
        sent = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), str(expected).encode()):
            raise self.invalid_error()
