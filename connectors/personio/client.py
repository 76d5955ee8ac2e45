"""Personio's three surfaces over one Transport, each with its own credentials.

- the public career site (XML feed, apply pages): no credentials, on the company's jobs
  host ``https://{company}.jobs.personio.de``;
- Recruiting v1 (writes): ``Authorization: Bearer <Recruiting API key>`` + ``X-Company-ID``;
- v2 (reads): an OAuth2 client-credentials token from ``POST /v2/auth/token``, cached until
  shortly before it expires and fetched again once when a read answers 401.

Connection settings are the connector's credentials: ``company`` (the career-site
subdomain), ``company_id``, ``recruiting_api_key``, ``client_id``, ``client_secret``, and
optionally ``career_site_url`` (default: the real jobs host when the API base is Personio's,
else the sandbox's ``<base>/jobs/<company>``) and ``recruiting_channel_id`` (the channel
Kombo writes as the source).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from atsbox.connectors.errors import AuthError, InvalidInput
from atsbox.connectors.http import Transport

API_HOST = "api.personio.de"
TOKEN_PATH = "/v2/auth/token"
PAGE_SIZE = 200  # v2's largest page: fewest requests for a full sync
_TOKEN_MARGIN = 60.0  # seconds before expiry a cached token is renewed


class PersonioApi:
    def __init__(self, transport: Transport, credentials: Mapping[str, str]) -> None:
        self.transport = transport
        self.credentials = credentials
        self._token: str | None = None
        self._token_expires = 0.0
        self.granted_scopes: list[str] = []

    # -- settings -------------------------------------------------------------------------

    def setting(self, name: str) -> str:
        value = self.credentials.get(name)
        if not value:
            raise InvalidInput(f"the Personio connection needs '{name}'", name)
        return str(value)

    @property
    def has_v2(self) -> bool:
        return bool(self.credentials.get("client_id") and self.credentials.get("client_secret"))

    @property
    def company(self) -> str:
        return self.setting("company")

    def career_site(self) -> str:
        """Where the company's career site is served (no trailing slash)."""
        configured = self.credentials.get("career_site_url")
        if configured:
            return str(configured).rstrip("/")
        if urlsplit(self.transport.base_url).hostname == API_HOST:
            return f"https://{self.company}.jobs.personio.de"
        return f"{self.transport.base_url}/jobs/{self.company}"

    def public_job_url(self, job_id: str) -> str:
        """The job's public page as Personio publishes it (the post URL)."""
        return f"https://{self.company}.jobs.personio.de/job/{job_id}"

    # -- career site ----------------------------------------------------------------------

    def career(self, path: str, params: Mapping[str, Any] | None = None) -> requests.Response:
        return self.transport.get(self.career_site() + path, params=params, raise_for_status=False)

    # -- v1 ------------------------------------------------------------------------------

    def v1_headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.setting('recruiting_api_key')}",
            "X-Company-ID": self.setting("company_id"),
        }

    def v1(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**self.v1_headers(), **kwargs.pop("headers", {})}
        return self.transport.request(method, path, headers=headers, **kwargs)

    # -- v2 ------------------------------------------------------------------------------

    def token(self, *, renew: bool = False) -> str:
        if self._token is None or renew or time.monotonic() >= self._token_expires:
            response = self.transport.post(
                TOKEN_PATH,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.setting("client_id"),
                    "client_secret": self.setting("client_secret"),
                },
            )
            body = response.json()
            self._token = str(body["access_token"])
            self.granted_scopes = str(body.get("scope", "")).split()
            lifetime = float(body.get("expires_in") or 3600)
            self._token_expires = time.monotonic() + max(0.0, lifetime - _TOKEN_MARGIN)
        return self._token

    def v2(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        extra = kwargs.pop("headers", {})
        for attempt in (0, 1):
            headers = {"Authorization": f"Bearer {self.token(renew=attempt == 1)}", **extra}
            try:
                return self.transport.request(method, path, headers=headers, **kwargs)
            except AuthError as exc:
                if exc.status != 401 or attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def v2_one(self, path: str) -> dict[str, Any]:
        body = self.v2("GET", path).json()
        # Single resources are the bare object; some clients see them wrapped in `_data`.
        return body["_data"] if isinstance(body, dict) and isinstance(body.get("_data"), dict) else body

    def v2_all(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a v2 list, following `_meta.links.next.href` to the end."""
        query: dict[str, Any] | None = {"limit": PAGE_SIZE, **(params or {})}
        url = path
        while True:
            body = self.v2("GET", url, params=query).json()
            yield from body.get("_data") or []
            following = ((body.get("_meta") or {}).get("links") or {}).get("next") or {}
            href = following.get("href")
            if not href:
                return
            url, query = self._local(href), None

    def _local(self, href: str) -> str:
        """A `next` link as this transport reaches it: its path and query on our base URL.

        Links name the host the API was called on; behind a proxy or in the sandbox that
        host may not be reachable by that name, the base URL is.
        """
        parts, base = urlsplit(href), urlsplit(self.transport.base_url)
        path = parts.path if parts.path.startswith(base.path) else base.path + parts.path
        return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))
