"""A tiny demo vendor that exercises every part of the mock core, for the core's tests.

Never part of the default vendor set: importing this module registers it, and only the
core's tests (or ATSBOX_VENDOR_MODULES=atsbox.mocks.example) import it. It is also the
shortest complete example of a vendor mock: routes, envelope, render, OpenAPI, credentials.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, g, redirect, request

from atsbox.mocks.core import (
    Credential,
    FixedWindow,
    MockError,
    OAuthServer,
    Outbox,
    RecordQuery,
    RenderContext,
    SyncTokens,
    VendorMock,
    any_of,
    api_key_header,
    basic_api_key,
    bind_tenant,
    body_limit,
    changed_since,
    cursor_page,
    derive_secret,
    hmac_sha256_signer,
    json_body,
    meta_page,
    now,
    optional,
    page_page,
    public,
    query_int,
    rate_bucket,
    register,
    require,
    uses_auth,
)

NAME = "example"
OAUTH = OAuthServer(NAME, access_ttl=timedelta(hours=1), refresh_ttl=timedelta(days=7))
SYNC = SyncTokens(max_age=timedelta(days=7))
SIGN = hmac_sha256_signer("Example-Signature")
REDIRECT_URI = "http://127.0.0.1/callback"


def _candidate(record: Any) -> dict[str, Any]:
    return {**record.doc, "deleted": record.deleted_at is not None}


def _query(**kwargs: Any) -> RecordQuery:
    return RecordQuery(g.store, g.tenant, NAME, "candidate", **kwargs)


def _create(body: dict[str, Any]) -> dict[str, Any]:
    name = require(body, "name", str)
    email = require(body, "email", str)
    tags = optional(body, "tags", list, [], items=str)
    number = g.store.next_int(g.tenant, NAME, "candidate")
    doc = {"id": f"cand_{number}", "name": name, "email": email, "tags": tags}
    g.store.put(g.tenant, NAME, "candidate", doc["id"], doc, at=now())
    return doc


def build_blueprint() -> Blueprint:
    bp = Blueprint(NAME, __name__)

    @bp.get("/candidates")
    def list_candidates() -> Any:
        page = cursor_page(_query(), request.args.get("cursor"), query_int("limit"), max_limit=50)
        return {
            "data": [_candidate(r) for r in page.items],
            "next_cursor": page.next_cursor,
            "has_more": page.has_more,
        }

    @bp.get("/candidates/paged")
    def paged_candidates() -> Any:
        page = page_page(
            _query(), query_int("page"), query_int("per_page"), max_per_page=50, default_per_page=10
        )
        return [_candidate(r) for r in page.items], 200, page.headers()

    @bp.get("/candidates/meta")
    def meta_candidates() -> Any:
        page = meta_page(
            _query(),
            after=request.args.get("after_id"),
            before=request.args.get("before_id"),
            limit=query_int("limit"),
            max_limit=50,
        )
        return {"data": [_candidate(r) for r in page.items], "meta": page.meta()}

    @bp.post("/candidates/sync")
    def sync_candidates() -> Any:
        body = json_body(required=False)
        token = optional(body, "syncToken", str)
        full = _query()
        query = changed_since(full, SYNC.since(full, token, now())) if token else full
        page = cursor_page(
            query, optional(body, "cursor", str), optional(body, "limit", int), max_limit=50, track_seq=True
        )
        out: dict[str, Any] = {"data": [_candidate(r) for r in page.items], "has_more": page.has_more}
        if page.has_more:
            out["next_cursor"] = page.next_cursor
        else:
            out["sync_token"] = SYNC.issue(full, page.sync_seq or 0, now())
        return out

    @bp.post("/candidates")
    def create_candidate() -> Any:
        doc = _create(json_body())
        Outbox(g.store).emit(
            g.tenant, NAME, "candidate.created", {"event": "candidate.created", "data": doc}, sign=SIGN
        )
        return doc, 201

    @bp.post("/candidates/bulk")
    def bulk_create() -> Any:
        items = require(json_body(), "candidates", list, items=dict)
        # Each item is validated as it is written: a bad one mid-way must undo the others.
        return {"data": [_create(item) for item in items]}, 201

    @bp.get("/candidates/<candidate_id>")
    def get_candidate(candidate_id: str) -> Any:
        record = g.store.get(g.tenant, NAME, "candidate", candidate_id)
        if record is None:
            raise MockError.of("not_found", f"No candidate {candidate_id}.", code="candidate_not_found")
        return _candidate(record)

    @bp.post("/debug/crash")
    def crash() -> Any:
        _create({"name": "Half", "email": "half@example.test"})
        raise RuntimeError("a bug in the mock, after a write")

    @bp.get("/reports")
    @rate_bucket("reports")
    def reports() -> Any:
        return {"reports": []}

    @bp.post("/files")
    @body_limit(1024)
    def upload() -> Any:
        return {"size": len(request.get_data())}, 201

    @bp.post("/webhooks")
    def subscribe() -> Any:
        body = json_body()
        sub = Outbox(g.store).subscribe(
            g.tenant,
            NAME,
            require(body, "url", str),
            optional(body, "secret", str),
            require(body, "events", list, items=str),
        )
        return sub, 201

    @bp.post("/oauth/token")
    @public
    def token() -> Any:
        return OAUTH.token_request().as_dict()

    @bp.get("/oauth/authorize")
    @public
    def authorize() -> Any:
        return redirect(OAUTH.authorize_request(), code=302)

    @bp.post("/oauth/revoke")
    @public
    def revoke() -> Any:
        OAUTH.revoke_request()
        return {}

    @bp.get("/me")
    @uses_auth(OAUTH.bearer())
    def me() -> Any:
        return {"tenant": g.tenant, "scope": g.credential_meta.get("scope")}

    @bp.get("/feed")
    @public
    def feed() -> Any:
        # A career feed: public, its tenant named by the subdomain (acme.jobs.example-ats.test).
        slug = request.environ.get("atsbox.host_wildcard") or request.args.get("company", "")
        found = g.store.resolve_credential(NAME, "feed_slug", slug)
        if found is None:
            raise MockError.of("not_found", f"No company {slug!r}.")
        bind_tenant(*found)
        return {"jobs": [r.doc["name"] for r in _query().fetch(None, 100)]}

    return bp


@register
class ExampleVendor(VendorMock):
    name = NAME
    title = "Example ATS (demo vendor of the core's tests)"
    hosts = ("api.example-ats.test", "*.jobs.example-ats.test")
    error_codes = {"invalid_credentials": (403, "invalid_api_key")}
    auth = any_of(api_key_header("X-Api-Key", "api_key"), basic_api_key("api_key"))
    rate_limits = {"reports": FixedWindow(limit=3, window=60)}
    max_body_bytes = 64 * 1024
    # Its GET routes read records only, so the core may cache their answers (answers.py).
    cache_reads = True

    def blueprint(self) -> Blueprint:
        return build_blueprint()

    def render(self, world: Any, ctx: RenderContext) -> None:
        for person in world.candidates:
            number = ctx.next_int("candidate")
            doc = {
                "id": f"cand_{number}",
                "name": f"{person.first_name} {person.last_name}",
                "email": person.emails[0].address if person.emails else None,
                "tags": [],
            }
            ctx.put(
                "candidate", doc["id"], doc, at=person.times.updated_at, created_at=person.times.created_at
            )

    def openapi(self) -> dict[str, Any]:
        ops = {
            "/candidates": {"get": {"summary": "List candidates"}, "post": {"summary": "Create a candidate"}},
            "/candidates/{candidate_id}": {"get": {"summary": "Get a candidate"}},
        }
        return {"openapi": "3.0.3", "info": {"title": self.title, "version": "1"}, "paths": ops}

    def error_body(self, status: int, code: str, message: str, **extra: Any) -> Any:
        error: dict[str, Any] = {
            "status": status,
            "code": code,
            "message": message,
            "request_id": g.get("request_id"),
        }
        if "field" in extra:
            error["field"] = extra["field"]
        return {"error": error}

    def error_headers(self, status: int, code: str, message: str, **extra: Any) -> dict[str, str]:
        return {"WWW-Authenticate": 'Basic realm="example"'} if status == 401 else {}

    def default_credentials(self, tenant: str, seed: int) -> dict[str, Credential]:
        return {
            "api_key": Credential("api_key", derive_secret(NAME, tenant, seed, "api_key", prefix="ex_")),
            "oauth": OAUTH.client(
                derive_secret(NAME, tenant, seed, "client_id", length=16, prefix="exc_"),
                derive_secret(NAME, tenant, seed, "client_secret"),
                redirect_uris=[REDIRECT_URI],
                scopes=["read", "write"],
            ),
            "feed": Credential("feed_slug", tenant, display={"career_feed_subdomain": tenant}),
        }
