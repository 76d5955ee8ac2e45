"""Flatchr's HTTP routes: company data (api.flatchr.io) and the career site (careers.flatchr.io)."""

from __future__ import annotations

from flask import Blueprint, Response, g
from werkzeug.http import http_date

from . import applicants, careers, company


def build_blueprint() -> Blueprint:
    bp = Blueprint("flatchr", __name__)
    for module in (company, applicants, careers):
        module.register(bp)

    @bp.after_request
    def dated(response: Response) -> Response:
        # Flatchr's clock is the sandbox's: every answer is dated by it, as any server dates
        # its answers (the connector dates what it notices, tags and deletions, by it).
        if g.get("clock") is not None:
            response.headers["Date"] = http_date(g.clock.now())
        return response

    return bp
