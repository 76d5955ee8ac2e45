"""Recruiting API v1: write-only. Upload documents, then create applications that use them.

Both endpoints take the Recruiting API key plus ``X-Company-ID``; each has its own bucket of
20 requests per 60 seconds per company (limits.py).
"""

from __future__ import annotations

import base64

from flask import Blueprint, Response, g, request

from atsbox.mocks.core.auth import uses_auth
from atsbox.mocks.core.errors import json_body
from atsbox.mocks.core.limits import body_limit, rate_bucket

from .. import documents, errors, ids, serializers
from ..auth import RECRUITING_AUTH
from ..submission import Submission


@uses_auth(RECRUITING_AUTH)
@rate_bucket("v1_documents")
@body_limit(documents.MAX_REQUEST_BYTES)
def upload_document() -> Response:
    upload = request.files.get("file")
    if upload is None:
        raise errors.v1_field_errors(422, [("file", errors.REQUIRED_ATTRIBUTE, None)])
    data = upload.read()
    if len(data) > documents.MAX_FILE_BYTES:
        context = {"max_bytes": documents.MAX_FILE_BYTES}
        raise errors.v1_field_errors(413, [("file", errors.FILE_TOO_BIG, context)])
    filename = upload.filename or ""
    extension = documents.extension_of(filename)
    if extension is None:
        context = {"allowed": list(documents.EXTENSIONS)}
        raise errors.v1_field_errors(422, [("file", errors.INVALID_FILE_TYPE, context)])
    number = g.store.next_int(g.tenant, g.vendor.name, "upload")
    doc = {
        "uuid": ids.document_uuid(f"{g.tenant}:upload:{number}"),
        "size": len(data),
        "mimetype": documents.MIMETYPES[extension],
        "original_filename": filename,
        "extension": extension,
        "data": base64.b64encode(data).decode("ascii"),
    }
    g.store.put(g.tenant, g.vendor.name, "document", doc["uuid"], doc, at=g.clock.now())
    return serializers.uploaded_document(doc)


@uses_auth(RECRUITING_AUTH)
@rate_bucket("v1_applications")
def create_application() -> Response:
    submission = Submission(json_body(), g.clock.now())
    problems = submission.validate()
    if problems:
        raise errors.v1_field_errors(400, problems)
    submission.apply()
    return Response(b"", status=201)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/v1/recruiting/applications/documents", view_func=upload_document, methods=["POST"])
    bp.add_url_rule("/v1/recruiting/applications", view_func=create_application, methods=["POST"])
