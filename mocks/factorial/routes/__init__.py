"""Factorial's HTTP API as the mock serves it: one module per group of resources.

Resource paths are `/api/<version>/resources/<domain>/<resource>`; the version segment is
taken off before the view runs and resolved (versions.py) when a view asks for it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g
from werkzeug.http import http_date

from .. import oauth
from . import applications, candidates, company, files, job_postings, pipeline, questions

PREFIX = "/api/<version>/resources"


def build_blueprint() -> Blueprint:
    bp = Blueprint("factorial", __name__)

    @bp.url_value_preprocessor
    def take_version(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "version" in values:
            g.factorial_version_raw = values.pop("version")

    @bp.after_request
    def sandbox_date(response: Response) -> Response:
        # The vendor's clock is the sandbox's: answers are dated by it (clients that date what
        # they notice, like a change log, read it here).
        if g.get("clock") is not None:
            response.headers["Date"] = http_date(g.clock.now())
        return response

    oauth.blueprint_routes(bp)
    files.routes(bp)
    for module in (job_postings, candidates, applications, pipeline, questions, company):
        module.routes(bp, PREFIX)
    return bp
