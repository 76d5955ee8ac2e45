"""Sandbox-only reads of what Ashby's API takes but never gives back.

Not Ashby endpoints (they sit under /_atsbox/ and are not in the OpenAPI document): they let
a test or a curious user see completed assessments (result links), which Ashby shows on the
candidate's profile but no API returns. Authenticated with the same API key.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from .. import store_kinds as K


def register_sandbox_routes(bp: Blueprint) -> None:
    @bp.get("/_atsbox/assessments")
    def completed_assessments() -> Any:
        candidate = request.args.get("candidateId")
        records = g.store.list(g.tenant, "ashby", K.ASSESSMENT, parent=candidate or None)
        return {"success": True, "results": [r.doc for r in records]}
