"""Personio's HTTP routes: the career site, Recruiting API v1 (writes), v2 (auth and reads)."""

from __future__ import annotations

from flask import Blueprint

from . import careers, sandbox, v1, v2


def build_blueprint() -> Blueprint:
    bp = Blueprint("personio", __name__)
    for module in (careers, v1, v2, sandbox):
        module.register(bp)
    return bp
