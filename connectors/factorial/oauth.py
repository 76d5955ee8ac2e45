"""The connector's side of Factorial's OAuth2 authorization-code flow.

A real account is connected in three steps: send the user's browser to
`authorization_url()`, receive the `code` on the redirect URI, `exchange_code(code)`. Against
a sandbox, whose authorize endpoint approves at once, `connect()` does all three by reading
the code from the redirect itself. Afterwards the client keeps the token fresh: `header()`
refreshes it shortly before it expires, `refresh()` on demand (after a 401).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from atsbox.connectors.errors import AuthError

# Refresh this long before the token's announced expiry, so a request never races it.
EARLY = timedelta(seconds=60)
# The OAuth endpoints take no API credentials; drop the session's (requests removes None headers).
NO_AUTH: dict[str, Any] = {"Authorization": None, "x-api-key": None}


@dataclass(slots=True)
class Token:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None  # None: never expires (company tokens)
    scope: str | None = None


class OAuthClient:
    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        *,
        now: Callable[[], datetime],
        scope: str | None = None,
        token: Token | None = None,
    ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.scope = scope
        self.now = now
        self.token = token

    def authorization_url(self, state: str, **extra: str) -> str:
        query = {"client_id": self.client_id, "redirect_uri": self.redirect_uri, "response_type": "code",
                 "state": state, **({"scope": self.scope} if self.scope else {}), **extra}  # fmt: skip
        return f"{self.base_url}/oauth/authorize?{urlencode(query)}"

    def connect(self, **extra: str) -> Token:
        """Authorize and exchange the code in one go (a sandbox approves without a browser)."""
        state = "atsbox"
        response = self.session.get(self.authorization_url(state, **extra), allow_redirects=False,
                                    headers=NO_AUTH)  # fmt: skip
        location = response.headers.get("Location")
        if response.status_code not in (301, 302, 303, 307) or not location:
            raise AuthError(
                response.status_code or 401, _body(response), "Factorial refused the authorization"
            )
        found = parse_qs(urlsplit(location).query)
        if "error" in found or found.get("state") != [state] or "code" not in found:
            raise AuthError(
                401, found, f"Factorial's authorization failed: {found.get('error', ['no code'])[0]}"
            )
        return self.exchange_code(found["code"][0])

    def exchange_code(self, code: str) -> Token:
        return self._token_request({"grant_type": "authorization_code", "code": code,
                                    "redirect_uri": self.redirect_uri})  # fmt: skip

    def refresh(self) -> Token:
        if self.token is None or not self.token.refresh_token:
            return self.connect()
        return self._token_request({"grant_type": "refresh_token", "refresh_token": self.token.refresh_token})

    def header(self) -> str:
        """The Authorization header value, connecting or refreshing first when needed."""
        if self.token is None:
            self.connect()
        elif self.token.expires_at is not None and self.now() >= self.token.expires_at - EARLY:
            self.refresh()
        assert self.token is not None
        return f"Bearer {self.token.access_token}"

    def _token_request(self, form: Mapping[str, str]) -> Token:
        body = {"client_id": self.client_id, "client_secret": self.client_secret, **form}
        response = self.session.post(f"{self.base_url}/oauth/token", data=body, headers=NO_AUTH)
        data = _body(response)
        if response.status_code != 200 or not isinstance(data, dict) or "access_token" not in data:
            status = response.status_code if response.status_code in (401, 403) else 401
            error = data.get("error_description") or data.get("error") if isinstance(data, dict) else None
            raise AuthError(
                status, data, f"Factorial's token endpoint refused: {error or response.status_code}"
            )
        expires_in = data.get("expires_in")
        # Factorial dates the token (`created_at`, epoch seconds, its own clock).
        created = data.get("created_at")
        issued = datetime.fromtimestamp(created, UTC) if isinstance(created, int) else self.now()
        self.token = Token(
            access_token=data["access_token"],
            refresh_token=data.get("refresh_token"),
            expires_at=issued + timedelta(seconds=int(expires_in)) if expires_in is not None else None,
            scope=data.get("scope"),
        )
        return self.token


def _body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text
