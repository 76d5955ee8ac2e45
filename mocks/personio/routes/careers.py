"""The public career site: the XML job feed, the job pages and their application forms.

Each is served on the company's jobs host (``acme.jobs.personio.de/xml``, also
``.jobs.personio.com``) and under the vendor prefix with the company in the path
(``/personio/jobs/acme/xml``). A company that does not exist gets an empty feed, as live
career hosts answer today (config ``unknown_company``: ``"empty"``; ``"redirect"`` answers
301 to Personio's website instead, as older observations describe).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, g, redirect, request

from atsbox.mocks.core.auth import public
from atsbox.store import Record

from .. import apply_page, xml_feed
from ..auth import bind_company

XML_TYPE = "application/xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
MARKETING_SITE = "https://www.personio.com/"


def _unknown_company(kind: str) -> Response:
    if g.vendor.config.get("unknown_company") == "redirect":
        return redirect(MARKETING_SITE, code=301)
    if kind == "feed":
        return Response(xml_feed.render_feed([], xml_feed.DEFAULT_LANGUAGE), content_type=XML_TYPE)
    return Response(apply_page.render_not_found(xml_feed.DEFAULT_LANGUAGE), 404, content_type=HTML_TYPE)


def _company_name() -> str:
    company = g.store.kv_get(g.tenant, g.vendor.name, "company", {}) or {}
    return str(company.get("name") or "")


def _published(job_id: int) -> Record | None:
    record = g.store.get(g.tenant, g.vendor.name, "position", str(job_id))
    if record is None or not record.doc.get("published"):
        return None
    return record


def feed(company: str | None = None) -> Response:
    if not bind_company(company):
        return _unknown_company("feed")
    language = xml_feed.language_of(request.args.get("language"))
    positions = [
        {**r.doc, "created_at": xml_feed.feed_time(r.created_at)}
        for r in g.store.list(g.tenant, g.vendor.name, "position")
        if r.doc.get("published")
    ]
    return Response(xml_feed.render_feed(positions, language), content_type=XML_TYPE)


def _career_page(company: str | None, job_id: int, build: Callable[[Record, str], bytes]) -> Response:
    """A page of one published job, in the requested language; 404 for any other job."""
    if not bind_company(company):
        return _unknown_company("page")
    language = xml_feed.language_of(request.args.get("language"))
    record = _published(job_id)
    if record is None:
        return Response(apply_page.render_not_found(language), 404, content_type=HTML_TYPE)
    return Response(build(record, language), content_type=HTML_TYPE)


def job_page(job_id: int, company: str | None = None) -> Response:
    return _career_page(
        company, job_id, lambda r, lang: apply_page.render_job_page(r.doc, _company_name(), lang)
    )


def apply(job_id: int, company: str | None = None) -> Response:
    def build(record: Record, language: str) -> bytes:
        form_ids = [entry["attribute"] for entry in record.doc.get("form") or []]
        attributes = {r.id: r.doc for r in g.store.list(g.tenant, g.vendor.name, "attribute", ids=form_ids)}
        return apply_page.render_apply_page(record.doc, attributes, _company_name(), language)

    return _career_page(company, job_id, build)


def register(bp: Blueprint) -> None:
    # Host-routed (acme.jobs.personio.de/xml), with the company in the path, and the host
    # form under the prefix too (acme.jobs.personio.de/personio/xml).
    for name, prefix in (("host", ""), ("path", "/jobs/<company>"), ("prefixed", "/personio")):
        bp.add_url_rule(f"{prefix}/xml", f"feed_{name}", public(feed), methods=["GET"])
        bp.add_url_rule(f"{prefix}/job/<int:job_id>", f"job_page_{name}", public(job_page), methods=["GET"])
        bp.add_url_rule(f"{prefix}/job/<int:job_id>/apply", f"apply_{name}", public(apply), methods=["GET"])
