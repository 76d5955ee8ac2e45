"""Personio's HTTP routes: the career site, Recruiting API v1 (writes), v2 (auth and reads)."""

from __future__ import annotations

from flask import Blueprint, Response, g
from werkzeug.http import http_date

from . import careers, sandbox, v1, v2


def build_blueprint() -> Blueprint:
    bp = Blueprint("personio", __name__)
    for module in (careers, v1, v2, sandbox):
        module.register(bp)

    @bp.after_request
    def dated(response: Response) -> Response:
        # Personio's clock is the sandbox's: every answer is dated by it, as any server
        # dates its answers (the connector dates the deletions it notices by it).
        if g.get("clock") is not None:
            response.headers["Date"] = http_date(g.clock.now())
        return response

    return bp
