"""Attachment downloads: the URLs in ``candidate.attachments[].url``.

Like Harvest's pre-signed S3 links they need no API key: the token in the query names
the sandbox and signs the one file. A wrong token is refused the way S3 refuses a bad
signature (403).
"""

from __future__ import annotations

import base64
import hmac
from typing import Any

from flask import Blueprint, Response, g

from atsbox.mocks.core.auth import public
from atsbox.mocks.core.context import bind_tenant
from atsbox.mocks.core.errors import MockError

from .. import render as kinds
from ..serializers import download_token
from .ats_reads import ATS
from .common import route


def download(attachment_id: str) -> Any:
    from flask import request

    token = request.args.get("token", "")
    tenant = token.partition(".")[0]
    if not tenant or g.store.get_tenant(tenant) is None or not hmac.compare_digest(
        token, download_token(tenant, attachment_id)
    ):
        raise MockError.of("forbidden", "Request has expired or the signature does not match.")
    bind_tenant(tenant)
    record = g.store.get(tenant, g.vendor.name, kinds.ATTACHMENT, attachment_id)
    if record is None:
        raise MockError.of("not_found", "Resource not found")
    doc = record.doc
    response = Response(base64.b64decode(doc["data"]), mimetype=doc["content_type"])
    response.headers["Content-Disposition"] = f'attachment; filename="{doc["filename"]}"'
    return response


def register(bp: Blueprint) -> None:
    route(bp, f"{ATS}/attachments/<attachment_id>/download", public(download), ["GET"])
