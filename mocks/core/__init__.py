"""The mock core: everything the vendor mocks share, written once.

A vendor package holds only its routes, wire format and quirks and uses these:

  vendor      VendorMock, RenderContext, Credential, derive_secret
  registry    register, vendors, get_vendor
  app         create_app, create_vendor_app
  context     g helpers: bind_tenant, now, vendor_url, request_url, runtime
  errors      MockError, json_body, require, optional, query_int, query_bool
  auth        basic_api_key, bearer_token, api_key_header, query_token, any_of,
              uses_auth, public, require_permission
  oauth       OAuthServer, OAuthError, TokenGrant
  pagination  RecordQuery, Page, cursor_page, page_page, meta_page, SyncTokens, changed_since
  limits      FixedWindow, TokenBucket, rate_bucket, body_limit, check_rate_limit
  answers     cacheable (a read route whose answers the core may cache)
  journal     MemoryJournal, JournalEntry
  faults      add_fault, list_faults, remove_fault, clear_faults, DroppedConnection
  webhooks    Outbox, hmac_sha256_signer
"""

from .answers import cacheable
from .app import create_app, create_vendor_app, error_response, vendor_path
from .auth import (
    AuthScheme,
    any_of,
    api_key_header,
    basic_api_key,
    bearer_token,
    public,
    query_token,
    require_permission,
    uses_auth,
)
from .context import bind_tenant, now, request_url, runtime, vendor_root, vendor_url
from .errors import MockError, json_body, optional, query_bool, query_int, require
from .faults import DroppedConnection, add_fault, clear_faults, list_faults, remove_fault
from .journal import JournalEntry, MemoryJournal
from .limits import FixedWindow, TokenBucket, body_limit, check_rate_limit, rate_bucket
from .oauth import OAuthError, OAuthServer, TokenGrant
from .pagination import Page, RecordQuery, SyncTokens, changed_since, cursor_page, meta_page, page_page
from .registry import get_vendor, register, vendors
from .vendor import Credential, RenderContext, VendorMock, derive_secret
from .webhooks import Outbox, hmac_sha256_signer

__all__ = [
    "AuthScheme",
    "Credential",
    "DroppedConnection",
    "FixedWindow",
    "JournalEntry",
    "MemoryJournal",
    "MockError",
    "OAuthError",
    "OAuthServer",
    "Outbox",
    "Page",
    "RecordQuery",
    "RenderContext",
    "SyncTokens",
    "TokenBucket",
    "TokenGrant",
    "VendorMock",
    "add_fault",
    "any_of",
    "api_key_header",
    "basic_api_key",
    "bearer_token",
    "bind_tenant",
    "body_limit",
    "changed_since",
    "check_rate_limit",
    "clear_faults",
    "create_app",
    "create_vendor_app",
    "cursor_page",
    "derive_secret",
    "error_response",
    "get_vendor",
    "hmac_sha256_signer",
    "json_body",
    "list_faults",
    "meta_page",
    "now",
    "optional",
    "page_page",
    "public",
    "query_bool",
    "query_int",
    "query_token",
    "rate_bucket",
    "cacheable",
    "register",
    "remove_fault",
    "request_url",
    "require",
    "require_permission",
    "runtime",
    "uses_auth",
    "vendor_path",
    "vendor_root",
    "vendor_url",
    "vendors",
]
