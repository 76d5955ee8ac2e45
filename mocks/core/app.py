"""The Flask app that serves the vendor mocks: mounting, host routing, the request pipeline.

`create_app` mounts each vendor's blueprint under `/<vendor>` and also answers requests
addressed to the vendor's real host (`Host: api.ashbyhq.com`), so a client configured with
the real base URL works against the sandbox unchanged. Every vendor route runs through one
pipeline:

    auth (the route's or the vendor's scheme) -> faults -> rate limit -> the route, inside
    one store transaction (anything it raises rolls its writes back)

and every error, whether raised by a route, a core helper or Flask itself (unknown route,
wrong method, oversized body), is answered in the vendor's own envelope.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import socket
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from atsbox.store import ReadOnlyViolation

from . import registry
from .answers import DEFAULT_MAX_BYTES, AnswerCache, cacheable, is_cacheable
from .auth import AUTH_ATTR
from .context import (
    ENV_DROP,
    ENV_HOST,
    ENV_MOUNT,
    ENV_ORIGINAL_PATH,
    ENV_REQUEST_ID,
    ENV_TENANT,
    ENV_TIME,
    ENV_VENDOR,
    ENV_WILDCARD,
    RequestIds,
    runtime,
)
from .errors import MockError
from .faults import DroppedConnection, FaultOutcome, act_on_faults, evaluate_faults, has_faults, rules_match
from .journal import DEFAULT_JOURNAL_SIZE, Journal, JournalEntry, MemoryJournal
from .limits import BODY_LIMIT_ATTR, BUCKETS_ATTR, check_body_size, check_rate_limit
from .pagination import DEFAULT_SECRET
from .vendor import VendorMock

log = logging.getLogger("atsbox.mocks")

# App-config keys that are also vendor switches: set once for all vendors, or per vendor
# under the vendor's name ({"ashby": {"rate_limits": False}}).
SHARED_VENDOR_KEYS = ("rate_limits", "max_body_bytes")

VendorSpec = str | type[VendorMock] | VendorMock


@dataclass
class MockRuntime:
    """Everything the core keeps per app; `runtime()` returns it inside a request."""

    store: Any
    vendors: dict[str, VendorMock]
    config: dict[str, Any]
    journal: Journal
    ids: RequestIds
    sleep: Callable[[float], None] = time.sleep
    secret: bytes = DEFAULT_SECRET
    # Whole answers of @cacheable routes (None: off).
    answers: AnswerCache | None = None
    # Unexpected exceptions that became 500s (newest last), for tests to assert there are none.
    internal_errors: deque[BaseException] = field(default_factory=lambda: deque(maxlen=100))

    def vendor_for_path(self, path: str) -> VendorMock | None:
        first = path.lstrip("/").split("/", 1)[0]
        return self.vendors.get(first)


def _instantiate(specs: Iterable[VendorSpec] | None, config: Mapping[str, Any]) -> dict[str, VendorMock]:
    if specs is None:
        specs = list(registry.vendors().values())
    found: dict[str, VendorMock] = {}
    for spec in specs:
        if isinstance(spec, VendorMock):
            instance = spec
        else:
            cls = registry.get_vendor(spec) if isinstance(spec, str) else spec
            shared = {k: config[k] for k in SHARED_VENDOR_KEYS if k in config}
            instance = cls({**shared, **dict(config.get(cls.name, {}))})
        if instance.name in found:
            raise ValueError(f"vendor {instance.name!r} given twice")
        found[instance.name] = instance
    return found


# --- host routing -----------------------------------------------------------------------


class HostTable:
    """Vendor hosts: exact names and "*." wildcards (one subdomain level or more)."""

    def __init__(self, vendors: Iterable[VendorMock]) -> None:
        self.exact: dict[str, str] = {}
        self.wildcards: list[tuple[str, str]] = []
        # Sub-prefix inside the vendor's root for hosts of multi-host vendors.
        self.prefixes: dict[str, str] = {}
        for vendor in vendors:
            for host, prefix in vendor.host_prefixes.items():
                self.prefixes[host.lower().rstrip(".")] = "/" + prefix.strip("/")
            for host in vendor.hosts:
                host = host.lower().rstrip(".")
                if host.startswith("*."):
                    self.wildcards.append((host[1:], vendor.name))
                elif host in self.exact and self.exact[host] != vendor.name:
                    raise ValueError(f"host {host} claimed by {self.exact[host]} and {vendor.name}")
                else:
                    self.exact[host] = vendor.name
        # Longest suffix first, so "*.eu.example.com" beats "*.example.com".
        self.wildcards.sort(key=lambda item: -len(item[0]))

    def match(self, host_header: str) -> tuple[str, str, str | None] | None:
        """(vendor, host, wildcard part) for a Host header value, or None."""
        host = host_header.strip().lower()
        if not host or host.startswith("["):  # IPv6 literals are never vendor hosts
            return None
        host = host.rsplit(":", 1)[0] if ":" in host else host
        host = host.rstrip(".")
        if host in self.exact:
            return self.exact[host], host, None
        for suffix, vendor in self.wildcards:
            if host.endswith(suffix) and len(host) > len(suffix):
                return vendor, host, host[: -len(suffix)]
        return None


class Gateway:
    """WSGI middleware in front of Flask: host routing, the journal and dropped connections."""

    def __init__(self, app: Callable[..., Any], rt: MockRuntime, default_vendor: str | None = None) -> None:
        self.app = app
        self.rt = rt
        self.hosts = HostTable(rt.vendors.values())
        self.default_vendor = default_vendor

    def _route(self, environ: dict[str, Any]) -> None:
        path = environ.get("PATH_INFO") or "/"
        environ[ENV_ORIGINAL_PATH] = path
        matched = self.hosts.match(environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "")
        if matched is not None:
            vendor, host, wildcard = matched
            environ[ENV_HOST] = host
            environ[ENV_WILDCARD] = wildcard
        elif self.default_vendor is not None:
            vendor = self.default_vendor
            prefix = f"/{vendor}"
            if path == prefix or path.startswith(prefix + "/"):
                environ[ENV_MOUNT] = prefix
                return
        else:
            first = path.lstrip("/").split("/", 1)[0]
            if first in self.rt.vendors:
                environ[ENV_MOUNT] = f"/{first}"
            return
        # The vendor sits at the root for this client: route it under its prefix inside.
        environ[ENV_MOUNT] = ""
        sub = self.hosts.prefixes.get(environ.get(ENV_HOST, ""), "")
        environ["PATH_INFO"] = f"/{vendor}{sub}{path if path.startswith('/') else '/' + path}"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self._route(environ)
        started = time.perf_counter()
        status_holder: list[int] = [0]

        def _start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status_holder[0] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.app(environ, _start_response)
        dropped = bool(environ.get(ENV_DROP))
        self._journal(environ, 0 if dropped else status_holder[0], started)
        if dropped:
            if hasattr(result, "close"):
                result.close()
            self._drop(environ)
        return result

    def _journal(self, environ: dict[str, Any], status: int, started: float) -> None:
        vendor = environ.get(ENV_VENDOR)
        if vendor is None:
            return
        path = environ.get("PATH_INFO", "/")[len(vendor) + 1 :] or "/"
        journal = self.rt.journal
        journal.record(
            JournalEntry(
                seq=journal.next_seq(),
                request_id=environ.get(ENV_REQUEST_ID),
                tenant=environ.get(ENV_TENANT),
                vendor=vendor,
                method=environ.get("REQUEST_METHOD", "GET"),
                path=path,
                query=environ.get("QUERY_STRING", ""),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000.0, 3),
                time=environ.get(ENV_TIME),
                host=environ.get(ENV_HOST),
            )
        )

    @staticmethod
    def _drop(environ: dict[str, Any]) -> None:
        sock = environ.get("werkzeug.socket") or environ.get("gunicorn.socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # the client may be gone already
                sock.shutdown(socket.SHUT_RDWR)
        raise DroppedConnection("fault injection dropped the connection")


# --- the request pipeline ---------------------------------------------------------------


def _begin_request() -> None:
    rt = runtime()
    g.store = rt.store
    g.vendor = rt.vendor_for_path(request.path)
    g.tenant = None
    g.credential_meta = {}
    g.clock = None
    g.request_seq, g.request_id = rt.ids.next()
    request.environ[ENV_REQUEST_ID] = g.request_id
    if g.vendor is None:
        return
    request.environ[ENV_VENDOR] = g.vendor.name
    view = current_app.view_functions.get(request.endpoint or "")
    check_body_size(getattr(view, BODY_LIMIT_ATTR, None) or g.vendor.body_limit)


def vendor_path() -> str:
    """The request path relative to the vendor's root ("/candidate.list")."""
    return request.path[len(g.vendor.name) + 1 :] or "/"


class _SideEffectsDue(Exception):
    """A request needs the prelude's writes (a fault rule fires, a rate limit counts)."""


def _pipeline(view: Callable[..., Any]) -> Callable[..., Any]:
    scheme_set = hasattr(view, AUTH_ATTR)
    route_scheme = getattr(view, AUTH_ATTR, None)
    buckets = getattr(view, BUCKETS_ATTR, ("default",))
    hint = WriteHint()

    def limited() -> bool:
        return g.vendor.rate_limits_enabled and any(b in g.vendor.rate_limits for b in buckets)

    def prelude(*, side_effects: bool) -> FaultOutcome | None:
        """Auth, then faults and rate limits; returns what the fault rules decided, to be
        acted on (latency, error, drop) after the transaction.

        Without `side_effects` it only reads: when a fault rule matches or a rate limit
        counts, it raises _SideEffectsDue instead.
        """
        rt = runtime()
        vendor: VendorMock = g.vendor
        scheme = route_scheme if scheme_set else vendor.auth
        if scheme is not None:
            scheme()
        if g.tenant is None:
            return None
        if not side_effects:
            if "fault_rules" in g:  # auth read them with the credential
                faulty = rules_match(g.fault_rules, request.method, vendor_path())
            else:
                faulty = has_faults(rt.store, g.tenant, vendor.name, request.method, vendor_path())
            if limited() or faulty:
                raise _SideEffectsDue
            return None
        outcome = evaluate_faults(rt.store, g.tenant, vendor.name, request.method, vendor_path())
        if outcome.error is None and not outcome.drop:
            check_rate_limit(buckets)
        return outcome

    cached = is_cacheable(view)

    def whole(kwargs: Mapping[str, Any], readonly: bool) -> Any:
        prelude(side_effects=False)
        return view_only(kwargs, readonly)

    def view_only(kwargs: Mapping[str, Any], readonly: bool) -> Any:
        answers: AnswerCache | None = runtime().answers
        if cached and readonly and answers is not None and g.tenant is not None:
            return answer_from_cache(answers, view, kwargs)
        g.in_view = True
        return view(**kwargs)

    @functools.wraps(view)
    def endpoint(**kwargs: Any) -> Any:
        store = runtime().store
        # The common request (no fault rule, no rate limit) runs in one transaction: each
        # BEGIN costs about what the query in it does, and one snapshot means the
        # credential, the clock and the data agree.
        if not limited():
            try:
                return run_view(store, whole, kwargs, hint)
            except _SideEffectsDue:
                pass
        # A fired fault and a counted request stay counted whatever the view then does,
        # so the prelude commits on its own; its error (429, 5xx) is raised and its latency
        # slept after the commit (a sleeping request must not hold the write lock).
        refused: MockError | None = None
        outcome: FaultOutcome | None = None
        with store.transaction():
            try:
                outcome = prelude(side_effects=True)
            except MockError as err:
                refused = err
        if refused is not None:
            raise refused
        if outcome is not None and act_on_faults(outcome, runtime().sleep):
            request.environ[ENV_DROP] = True
            return Response(b"", status=500)
        g.pop("change_seq", None)  # read in the prelude's transaction, not the view's
        return run_view(store, view_only, kwargs, hint)

    return endpoint


@dataclass
class WriteHint:
    """Per route of one app (so per worker process): whether requests of it have had to write.

    After a request wrote, the route's next `WRITE_STREAK` requests start in a write
    transaction; then one tries a read one again, as a route may write only sometimes
    (Personio's first list page writes a cursor snapshot only when it has none to reuse).
    """

    skip_reads: int = 0

    @property
    def wrote(self) -> bool:
        return self.skip_reads > 0

    def note_write(self) -> None:
        self.skip_reads = WRITE_STREAK

    def note_write_start(self) -> None:
        self.skip_reads = max(0, self.skip_reads - 1)


WRITE_STREAK = 32


def _answer_key(store: Any) -> bytes:
    """Everything a @cacheable route's answer may depend on (see answers.py).

    Read from the WSGI environ itself: werkzeug's request properties (host_url, headers)
    rebuild their values on each access, which cost more than the rest of a cache hit.
    """
    env = request.environ
    created = g.get("tenant_created_at")
    # Every header the client sent (the Host among them: answers carry absolute links).
    headers = sorted(item for item in env.items() if item[0].startswith("HTTP_") and isinstance(item[1], str))
    return AnswerCache.key(
        g.tenant,
        None if created is None else created.isoformat(),
        g.change_seq if "change_seq" in g else store.current_seq(g.tenant),
        g.clock.clock_state(),
        g.vendor.name,
        env.get("REQUEST_METHOD"),
        env.get("wsgi.url_scheme"),
        env.get("SERVER_NAME"),
        env.get("SERVER_PORT"),
        env.get("SCRIPT_NAME", ""),
        env.get(ENV_MOUNT),
        env.get(ENV_ORIGINAL_PATH),
        env.get("PATH_INFO"),
        env.get("QUERY_STRING", ""),
        env.get("CONTENT_TYPE", ""),
        tuple(headers),
        request.get_data(cache=True),
        g.get("credential_kind"),
        g.get("credential_secret"),
        json.dumps(g.credential_meta, sort_keys=True, default=str),
    )


def answer_from_cache(answers: AnswerCache, view: Callable[..., Any], kwargs: Mapping[str, Any]) -> Response:
    """The cached answer of this request, or the view's (kept when it is a plain 200)."""
    if request.mimetype.startswith("multipart/"):  # never read a form's stream early
        g.in_view = True
        return current_app.make_response(view(**kwargs))
    key = _answer_key(runtime().store)
    hit = answers.get(key)
    if hit is not None:
        return Response(hit.body, status=hit.status, headers=list(hit.headers))
    g.in_view = True
    response = current_app.make_response(view(**kwargs))
    if response.status_code == 200 and not response.is_streamed and not response.direct_passthrough:
        answers.put(key, 200, list(response.headers.items()), response.get_data(), live=not g.clock.frozen)
    return response


def run_view(
    store: Any, handle: Callable[[Mapping[str, Any], bool], Any], kwargs: Mapping[str, Any], hint: WriteHint
) -> Any:
    """Run `handle` (the view, with or without the auth before it) in one store
    transaction: a read one unless the route is known to write.

    Most requests only read. SQLite serialises write transactions (BEGIN IMMEDIATE) across
    every worker process and its busy handler backs off in sleeps, so running reads in write
    transactions made two gunicorn workers slower than one. A view that turns out to write
    raises ReadOnlyViolation at its first write, before anything was committed, and runs
    again from the start in a write transaction (uploaded files rewound for it). Its route
    then starts in a write transaction for a while (WriteHint), so a route that writes
    (every create) mostly does its work once.
    """
    if not hint.wrote:
        g.in_view = False
        try:
            with store.transaction(readonly=True):
                return handle(kwargs, True)
        except ReadOnlyViolation:
            if not g.in_view:
                raise  # the prelude only reads; a write there is a bug, not a hint
            hint.note_write()
            for upload in request.files.values():
                upload.stream.seek(0)
    else:
        hint.note_write_start()
    with store.transaction():
        return handle(kwargs, False)


# --- errors -----------------------------------------------------------------------------


def error_response(err: MockError) -> Response:
    """The response for a MockError: the vendor's envelope, or a plain one outside vendors."""
    vendor: VendorMock | None = g.get("vendor")
    if vendor is None:
        response = current_app.json.response({"error": {"code": err.code, "message": err.message}})
        response.status_code = err.status
        response.headers.update(err.headers)
        return response
    status, code = vendor.resolve_error(err.kind, err.status, err.code)
    response = current_app.json.response(vendor.error_body(status, code, err.message, **err.extra))
    response.status_code = status
    response.headers["Content-Type"] = vendor.error_format
    response.headers.update(err.headers)
    response.headers.update(vendor.error_headers(status, code, err.message, **err.extra))
    return response


_HTTP_KINDS = {
    400: "bad_request",
    404: "unknown_route",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def _handle_http(exc: HTTPException) -> Any:
    if exc.code is None or exc.code < 400:
        return exc  # redirects (trailing slashes) stay what they are
    kind = _HTTP_KINDS.get(exc.code)
    headers: dict[str, str] = {}
    if exc.code == 404:
        message = f"No route {request.method} {request.path}."
    elif exc.code == 405:
        allowed = sorted(getattr(exc, "valid_methods", None) or [])
        headers["Allow"] = ", ".join(allowed)
        message = f"Method {request.method} is not allowed here; use {' or '.join(allowed)}."
    elif exc.code == 413:
        message = "The request body is too large."
    else:
        message = exc.description or exc.name
    code = (exc.name or "error").lower().replace(" ", "_")
    if kind is not None:
        err = MockError.of(kind, message, headers=headers)
    else:
        err = MockError(exc.code, code, message, headers=headers)
    return error_response(err)


def _handle_unexpected(exc: Exception) -> Response:
    # The route's transaction was already rolled back when the exception left it.
    runtime().internal_errors.append(exc)
    log.exception("unexpected error in %s %s", request.method, request.path)
    return error_response(MockError.of("internal_error", "An unexpected error occurred."))


# --- views of the core ------------------------------------------------------------------


def _openapi_view(vendor: VendorMock) -> Callable[[], Any]:
    cached: list[dict[str, Any]] = []

    def openapi() -> Any:
        if not cached:
            cached.append(vendor.openapi())
        return cached[0]

    openapi.__name__ = f"openapi_{vendor.name}"
    return openapi


def _index() -> Any:
    rt = runtime()
    base = request.host_url.rstrip("/") + request.script_root
    return {
        "service": "atsbox",
        "vendors": [
            {
                "name": v.name,
                "title": v.title,
                "base_url": f"{base}/{v.name}",
                "hosts": list(v.hosts),
                "openapi": f"{base}/{v.name}/openapi.json",
            }
            for v in rt.vendors.values()
        ],
    }


def _mount(app: Flask, vendor: VendorMock) -> None:
    app.register_blueprint(vendor.blueprint(), url_prefix=f"/{vendor.name}", name=vendor.name)
    if vendor.cache_reads:
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith(vendor.name + ".") and (rule.methods or set()) <= {
                "GET",
                "HEAD",
                "OPTIONS",
            }:
                cacheable(app.view_functions[rule.endpoint])
    for endpoint_name, view in list(app.view_functions.items()):
        if endpoint_name.startswith(vendor.name + "."):
            app.view_functions[endpoint_name] = _pipeline(view)
    app.add_url_rule(
        f"/{vendor.name}/openapi.json",
        endpoint=f"atsbox_openapi_{vendor.name}",
        view_func=_openapi_view(vendor),
        methods=["GET"],
    )


def create_app(
    store: Any = None,
    *,
    vendors: Iterable[VendorSpec] | None = None,
    config: Mapping[str, Any] | None = None,
    default_vendor: str | None = None,
) -> Flask:
    """A Flask app serving `vendors` (default: every registered vendor) from `store`.

    config keys: "rate_limits" (bool, all vendors), "max_body_bytes" (all vendors),
    "<vendor>" (a dict merged over that vendor's config_defaults), "journal_size",
    "journal" (a Journal), "sleep" (fault latency; default time.sleep), "secret" (bytes
    signing cursors and sync tokens), "request_id_epoch_ms", "answer_cache_bytes" (the
    per-process cache of @cacheable routes' answers, 64 MB by default; 0 turns it off).
    """
    if store is None:
        from atsbox.store import Store

        store = Store("sqlite://")
    config = dict(config or {})
    instances = _instantiate(vendors, config)
    if default_vendor is not None and default_vendor not in instances:
        raise ValueError(f"default vendor {default_vendor!r} is not mounted")
    secret = config.get("secret", DEFAULT_SECRET)
    rt = MockRuntime(
        store=store,
        vendors=instances,
        config=config,
        journal=config.get("journal") or MemoryJournal(int(config.get("journal_size", DEFAULT_JOURNAL_SIZE))),
        ids=RequestIds(int(config.get("request_id_epoch_ms", 0))),
        sleep=config.get("sleep", time.sleep),
        secret=secret.encode() if isinstance(secret, str) else secret,
    )
    cache_bytes = int(config.get("answer_cache_bytes", DEFAULT_MAX_BYTES))
    rt.answers = AnswerCache(cache_bytes) if cache_bytes > 0 else None
    app = Flask("atsbox.mocks")
    app.extensions["atsbox"] = rt
    app.before_request(_begin_request)
    app.register_error_handler(MockError, error_response)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
    for vendor in instances.values():
        _mount(app, vendor)
    app.add_url_rule("/", endpoint="atsbox_index", view_func=_index, methods=["GET"])
    app.wsgi_app = Gateway(app.wsgi_app, rt, default_vendor)  # type: ignore[method-assign]
    return app


def create_vendor_app(name: str, store: Any = None, config: Mapping[str, Any] | None = None) -> Flask:
    """One vendor alone: served at the root ("/candidate.list") and under "/<name>/"."""
    return create_app(store, vendors=[name], config=config, default_vendor=name)
