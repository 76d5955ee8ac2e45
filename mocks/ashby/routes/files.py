"""Signed file URLs: what file.info hands out (Ashby's are S3 links valid for a while).

The URL carries the tenant, the file and an expiry on the sandbox clock, signed with the
app's secret, so it works without credentials (like S3's) and nobody can forge one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, g

from atsbox.mocks.core.auth import public
from atsbox.mocks.core.context import clock_for, runtime, vendor_url
from atsbox.mocks.core.errors import MockError

from .. import store_kinds as K

URL_LIFETIME = timedelta(hours=1)


def _mac(payload: bytes) -> str:
    digest = hmac.new(runtime().secret, b"ashby-file\0" + payload, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def signed_url(file_id: str) -> str:
    expires = int((g.clock.now() + URL_LIFETIME).timestamp())
    payload = json.dumps({"t": g.tenant, "f": file_id, "e": expires}, separators=(",", ":")).encode()
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return vendor_url(f"/files/{token}", {"signature": _mac(payload)})


def content_disposition(name: str) -> str:
    """An attachment header for any file name: headers are latin-1, so non-ASCII names go in
    RFC 6266's filename* with an ASCII fallback."""
    fallback = name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def register_file_route(bp: Blueprint) -> None:
    @bp.get("/files/<token>")
    @public
    def download(token: str) -> Any:
        from flask import request

        try:
            payload = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(payload)
            tenant, file_id, expires = str(data["t"]), str(data["f"]), int(data["e"])
        except (ValueError, KeyError, TypeError):
            raise MockError(403, "access_denied", "The file URL is not valid.") from None
        if not hmac.compare_digest(request.args.get("signature", ""), _mac(payload)):
            raise MockError(403, "access_denied", "The file URL signature does not match.")
        if clock_for(g.store, tenant).now().timestamp() > expires:
            raise MockError(403, "access_denied", "The file URL has expired; ask file.info for a new one.")
        record = g.store.get(tenant, "ashby", K.FILE, file_id)
        if record is None:
            raise MockError(404, "not_found", "The file does not exist.")
        raw = base64.b64decode(record.doc["data"])
        return Response(raw, mimetype=record.doc["contentType"],
                        headers={"Content-Disposition": content_disposition(record.doc["name"])})  # fmt: skip
