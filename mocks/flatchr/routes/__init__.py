"""Flatchr's HTTP routes: company data (api.flatchr.io) and the career site (careers.flatchr.io)."""

from __future__ import annotations

from flask import Blueprint

from . import applicants, careers, company


def build_blueprint() -> Blueprint:
    bp = Blueprint("flatchr", __name__)
    for module in (company, applicants, careers):
        module.register(bp)
    return bp
