"""Gem's HTTP routes: the ATS API under /ats/v0/ and the sourcing API pieces under /v0/."""

from __future__ import annotations

from flask import Blueprint

from ..listing import single_valued
from . import ats_reads, ats_writes, files, sourcing


def build_blueprint() -> Blueprint:
    bp = Blueprint("gem", __name__)
    bp.before_request(single_valued)
    for module in (ats_reads, ats_writes, sourcing, files):
        module.register(bp)
    return bp
