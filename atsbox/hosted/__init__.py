"""The hosted sandbox service for partners: many sandboxes, one service.

service      create_hosted_app(store, vendors=None, public_url=None) -> Flask; HostedService
sandboxes    Sandboxes: create / view / reset / delete / export / import
credentials  random, partner-shaped per-sandbox credentials
tokens       the admin token (ATSBOX_ADMIN_TOKEN or generated once) and access tokens
control      the control API blueprint under /_sandbox (its document: openapi.py)
changes      random changes and deletions for testing delta syncs
journal      the request journal shared by all workers (SharedJournal)
metrics      Prometheus metrics and the middleware counting every request
guides       the connection guide pages at /<vendor>/ (data in guides/<vendor>.yaml)
db           the service's own tables (settings, journal)
"""

from .service import HostedService, create_hosted_app

__all__ = ["HostedService", "create_hosted_app"]
