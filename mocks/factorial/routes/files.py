"""Downloads of application CVs through the signed links in `cv.url`.

Factorial hands out file URLs that work without the API credentials (signed storage
links); the mock's link carries an HMAC of the sandbox and application instead.
"""

from __future__ import annotations

import base64
import hmac
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, g

from atsbox.mocks.core import MockError, bind_tenant, public

from .. import render
from ..api import VENDOR, cv_signature


def routes(bp: Blueprint) -> None:
    @bp.get("/files/ats/cvs/<tenant>/<int:application_id>/<signature>/<path:filename>")
    @public
    def cv_download(tenant: str, application_id: int, signature: str, filename: str) -> Any:
        if g.store.get_tenant(tenant) is None or not hmac.compare_digest(
            signature, cv_signature(tenant, application_id)
        ):
            raise MockError.of("not_found", "No such file.")
        bind_tenant(tenant)
        application = g.store.get(tenant, VENDOR, render.APPLICATION, str(application_id))
        stored = g.store.get(tenant, VENDOR, render.CV_FILE, str(application_id))
        if application is None or stored is None or not application.doc.get("cv"):
            raise MockError.of("not_found", "No such file.")
        cv = application.doc["cv"]
        data = base64.b64decode(stored.doc["data"])
        return Response(
            data,
            mimetype=cv["content_type"],
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(cv['filename'])}"},
        )
