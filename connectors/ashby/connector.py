"""The Ashby connector: Ashby's public API -> Kombo's unified ATS model (reads, delta syncs,
write actions, passthrough, scope testing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import requests

from atsbox.connectors.base import ConnectorOptions, Fetcher, register_connector
from atsbox.connectors.errors import ConnectorError
from atsbox.connectors.http import Transport
from atsbox.connectors.personio.tracking import VendorClock

from . import webhooks
from .client import AshbyApi, parse_error
from .mirror import Mirror
from .reads import AshbyReads
from .scopes import ScopeReport, scope_report
from .writes import AshbyWrites


@register_connector
class AshbyConnector(AshbyReads, AshbyWrites):
    vendor = "ashby"
    default_base_url = "https://api.ashbyhq.com"

    def __init__(
        self,
        transport: Transport,
        *,
        options: ConnectorOptions | None = None,
        credentials: Mapping[str, str] | None = None,
        fetch: Fetcher | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(transport, options=options, credentials=credentials, fetch=fetch)
        if transport.wsgi_app is not None:
            # In-process there is no network, so no proxy settings to read from the environment
            # on every request (requests does that per call, and it costs more than the call).
            transport.session.trust_env = False
        self.api = AshbyApi(transport)
        # The connector's clock for change stamps and deletion times: Ashby's, the Date of its
        # latest answer, so they compare with the updatedAt times a caller's updated_after
        # comes from (tests inject one).
        self.now = now or VendorClock(transport).now
        self.mirror = Mirror(self.api, lambda: self.now())
        self._asks = {}

    @classmethod
    def transport_kwargs(cls, credentials: Mapping[str, str]) -> dict[str, Any]:
        # HTTP Basic with the API key as the username and an empty password (reference §1).
        key = credentials.get("api_key", "")
        return {"auth": (key, ""), "headers": {"Accept": "application/json; version=1"}}

    @classmethod
    def parse_error(cls, response: requests.Response) -> ConnectorError | None:
        return parse_error(response)

    def refresh(self) -> None:
        """Start a new sync pass: the next reads ask Ashby again for everything."""
        self.mirror.refresh()

    # -- webhook subscriptions --------------------------------------------------------------
    def subscribe_webhooks(self, url: str, secret: str, types: Iterable[str] = tuple(webhooks.EVENT_MODELS)
                           ) -> list[dict[str, Any]]:  # fmt: skip
        """Register `url` for each Ashby event type (one webhook setting per type)."""
        return [
            self.api.call("webhook.create", {"webhookType": t, "requestUrl": url, "secretToken": secret})
            for t in types
        ]

    def unsubscribe_webhooks(self, settings: Iterable[Mapping[str, Any]]) -> None:
        for setting in settings:
            self.api.call("webhook.delete", {"webhookId": setting["id"]})

    @staticmethod
    def handle_webhook(body: bytes, signature: str | None, secret: str) -> tuple[dict[str, Any], tuple[str, ...]]:
        """A verified delivery and the unified models it changed (delta-sync those)."""
        payload = webhooks.verify(body, signature, secret)
        return payload, webhooks.changed_models(payload)

    def scope_report(self) -> ScopeReport:
        """Which models and actions the API key's permissions allow (Scope Testing)."""
        return scope_report(self.api.call("apiKey.info"), self.supported_models(), self.supported_actions())
