"""The HTTP transport every connector talks through.

One ``Transport`` sends a connector's requests either over a real socket (a
``requests.Session``) or in-process to a WSGI app (the mocks' Flask app) through
``WSGIAdapter``, a ``requests`` transport adapter: no socket, no thread, the same
``requests.Response`` objects either way, so a connector cannot tell the two apart.

It also owns what every vendor shares: joining paths to the base URL, retrying 429s after
``Retry-After`` (capped; ``sleep`` injectable so tests never sleep) and turning error
statuses into the unified errors. A vendor's own error envelope is read by the
``error_parser`` its connector passes in.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import run_wsgi_app

from .errors import AuthError, ConnectorError, InvalidInput, RateLimited, RemoteError

ErrorParser = Callable[[requests.Response], ConnectorError | None]
"""Reads a vendor's error response; returns the unified error to raise, or None to fall back
to the transport's default mapping by status."""


class WSGIAdapter(BaseAdapter):
    """A ``requests`` adapter that hands each request to a WSGI app in this process.

    The request's URL host becomes ``HTTP_HOST`` (so host-routed apps such as the mocks'
    ``create_app`` pick the vendor by host), its body is sent as is. Cookies are not kept.
    """

    def __init__(self, app: Callable[..., Any]) -> None:
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:  # fmt: skip
        app_iter, status, headers = run_wsgi_app(self.app, _environ_for(request), buffered=True)
        try:
            content = b"".join(app_iter)
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        code, _, reason = status.partition(" ")
        response = requests.Response()
        response.status_code = int(code)
        response.reason = reason
        merged: dict[str, str] = {}
        for name, value in headers.to_wsgi_list():
            # Repeated headers join with ", " the way urllib3 presents them.
            merged[name] = f"{merged[name]}, {value}" if name in merged else value
        response.headers = CaseInsensitiveDict(merged)
        response.encoding = get_encoding_from_headers(response.headers)
        response._content = content
        response._content_consumed = True
        response.raw = BytesIO(content)
        response.url = request.url or ""
        response.request = request
        response.connection = self
        return response

    def close(self) -> None:
        pass


def _environ_for(request: requests.PreparedRequest) -> dict[str, Any]:
    parts = urlsplit(request.url or "")
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    elif not isinstance(body, bytes):  # an iterable of chunks
        body = b"".join(chunk.encode() if isinstance(chunk, str) else chunk for chunk in body)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": (request.method or "GET").upper(),
        "SCRIPT_NAME": "",
        # WSGI carries the decoded path as latin-1 text (PEP 3333).
        "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": parts.netloc,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key not in ("CONTENT_LENGTH", "HOST"):
            environ[f"HTTP_{key}"] = value
    return environ


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def body_of(response: requests.Response) -> Any:
    """The response body as JSON when it parses, else as text."""
    try:
        return response.json()
    except ValueError:
        return response.text


def fetch_plain(
    url: str, *, wsgi_app: Callable[..., Any] | None = None, timeout: float = 30.0
) -> tuple[bytes, str | None]:
    """GET an absolute URL without any credentials: a file's ``data_url`` must be downloadable
    without them (kombo.md §4.1) and a vendor's must not leak to other hosts. In-process when
    ``wsgi_app`` is given. Returns ``(body, content type)``; InvalidInput on an error status."""
    with requests.Session() as plain:
        if wsgi_app is not None:
            _mount(plain, wsgi_app)
        response = plain.get(url, timeout=timeout)
    if response.status_code >= 400:
        raise InvalidInput(f"data_url answered HTTP {response.status_code}", "data_url")
    return response.content, response.headers.get("Content-Type")


def _mount(session: requests.Session, wsgi_app: Callable[..., Any]) -> None:
    adapter = WSGIAdapter(wsgi_app)
    session.mount("http://", adapter)
    session.mount("https://", adapter)


class Transport:
    """Requests to one vendor API.

    ``base_url`` is the API root (``https://api.ashbyhq.com``); paths are appended to it and
    absolute URLs are used as they are. With ``wsgi_app`` every http(s) URL goes in-process
    to that app. ``auth`` is anything ``requests`` accepts; ``headers`` are sent on every
    request. 429 answers are retried up to ``max_retries`` times after ``Retry-After``
    (capped at ``max_retry_after`` seconds; ``backoff`` seconds doubling when the vendor
    gives no header); ``sleep`` and ``now`` are injectable for tests.
    """

    def __init__(
        self,
        base_url: str,
        session: requests.Session | None = None,
        wsgi_app: Callable[..., Any] | None = None,
        auth: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        error_parser: ErrorParser | None = None,
        max_retries: int = 3,
        max_retry_after: float = 60.0,
        backoff: float = 1.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else requests.Session()
        self.wsgi_app = wsgi_app
        if wsgi_app is not None:
            _mount(self.session, wsgi_app)
        if auth is not None:
            self.session.auth = auth
        if headers:
            self.session.headers.update(headers)
        self.error_parser = error_parser
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.now = now

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
        raise_for_status: bool = True,
        retry: bool = True,
    ) -> requests.Response:
        """Send one request. With ``raise_for_status`` an error status raises the unified
        error (``AuthError`` 401/403, ``RateLimited`` 429 after retries, else the vendor's
        parsed error or ``RemoteError``); without it the response is returned as is."""
        url = self.url(path)
        attempt = 0
        while True:
            response = self.session.request(
                method, url, params=params, json=json, data=data, files=files, headers=headers,
                timeout=self.timeout,
            )  # fmt: skip
            if response.status_code != 429 or not retry or attempt >= self.max_retries:
                break
            wait = parse_retry_after(response.headers.get("Retry-After"), self.now())
            if wait is None:
                wait = self.backoff * (2**attempt)
            self.sleep(min(wait, self.max_retry_after))
            attempt += 1
        if raise_for_status and response.status_code >= 400:
            raise self.error_for(response)
        return response

    def error_for(self, response: requests.Response) -> ConnectorError:
        """The unified error for an error response: the vendor's parser first, then by status."""
        if self.error_parser is not None:
            parsed = self.error_parser(response)
            if parsed is not None:
                return parsed
        status = response.status_code
        body = body_of(response)
        reason = response.reason or _reason(status)
        if status in (401, 403):
            return AuthError(status, body, f"remote refused the request: HTTP {status} {reason}")
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self.now())
            return RateLimited(retry_after, body=body)
        return RemoteError(status, body, f"remote answered HTTP {status} {reason}")

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """``request`` and the JSON body; a success answer that is not JSON is a RemoteError."""
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise RemoteError(
                response.status_code, response.text, f"remote answered {method} {path} with non-JSON"
            ) from None

    def fetch_plain(self, url: str) -> tuple[bytes, str | None]:
        """``fetch_plain`` in-process when this transport is; never with its credentials."""
        return fetch_plain(url, wsgi_app=self.wsgi_app, timeout=self.timeout)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
