"""Checks of the coverage pages' guide rows — "Connection Guide", "Prerequisites",
"Create credentials" — against a hosted service's guide pages.

Shared by `atsbox contracts` (which runs them in-process, for its coverage matrix) and the
repository's tests (tests/hosted/test_guides.py, which also runs the printed request with
curl over a real socket). Each check takes a `GuideSite` and a vendor, raises
AssertionError with what is wrong, and returns what it verified.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from atsbox.hosted.guides import guide_data

ADMIN_TOKEN = "atsbox-contracts-admin"


@dataclass(slots=True)
class Fetched:
    status: int
    content_type: str
    text: str


@dataclass(slots=True)
class GuideSite:
    """A hosted service with one sandbox, and a way to GET its URLs."""

    base: str
    sandbox: dict[str, Any]
    get: Callable[[str], Fetched]

    def page(self, vendor: str, *, token: bool = True) -> str:
        url = self.sandbox["vendors"][vendor]["guide"]
        if not token:
            url = url.split("&token=")[0]
        fetched = self.get(url)
        assert fetched.status == 200 and fetched.content_type.startswith("text/html"), (url, fetched.status)
        return fetched.text


def section(page: str, anchor: str) -> str:
    """The plain text of one `<h2 id=anchor>` section of a guide page."""
    start = page.index(f'id="{anchor}"')
    following = page.find("<h2", start + 1)
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start : following if following > 0 else None]))


def first_request(page: str) -> str:
    command = html.unescape(re.search(r'<pre id="curl">([^<]*)</pre>', page).group(1))
    assert "<" not in command, f"a placeholder is left in the guide's request: {command}"
    return command


def check_connection_guide(site: GuideSite, vendor: str) -> str:
    page = site.page(vendor)
    assert f'<code id="base-url">{site.base}/{vendor}</code>' in page, "the sandbox's base URL is not shown"
    assert guide_data(vendor)["auth"].split(":")[0] in html.unescape(page), "the auth scheme is not explained"
    first_request(page)
    generic = site.get(f"{site.base}/{vendor}/")
    assert generic.status == 200 and "Create a sandbox to see its credentials here" in generic.text
    return "guide shows the base URL, the auth scheme and a complete first request"


def check_prerequisites(site: GuideSite, vendor: str) -> str:
    items = guide_data(vendor)["prerequisites"]
    assert items, f"{vendor}.yaml lists no prerequisites though its coverage page has the row"
    text = section(site.page(vendor), "prerequisites")
    missing = [item for item in items if item not in text]
    assert not missing, f"prerequisites missing from the page: {missing}"
    return f"{len(items)} prerequisites listed"


def check_create_credentials(site: GuideSite, vendor: str) -> str:
    page = site.page(vendor)
    text = section(page, "create-credentials")
    missing = [step for step in guide_data(vendor)["create_credentials"] if step not in text]
    assert not missing, f"credential steps missing from the page: {missing}"
    credentials = site.sandbox["vendors"][vendor]["credentials"]
    secrets = [c["secret"] for c in credentials.values() if c["kind"] != "company"]
    assert all(secret in page for secret in secrets), "the sandbox's credentials are not all shown"
    link = html.unescape(re.search(r'id="credentials-link" href="([^"]+)"', page).group(1))
    as_json = site.get(site.base + link)
    assert as_json.status == 200 and json.loads(as_json.text)["credentials"] == credentials
    bare = site.page(vendor, token=False)
    assert not any(secret in bare for secret in secrets), "a guide without a token shows secrets"
    return f"steps listed, {len(secrets)} credentials shown only with the sandbox's token"


GUIDE_CHECKS: dict[str, Callable[[GuideSite, str], str]] = {
    "Connection Guide": check_connection_guide,
    "Prerequisites": check_prerequisites,
    "Create credentials": check_create_credentials,
}


@contextmanager
def in_process_site(vendors: list[str], size: str = "tiny") -> Iterator[GuideSite]:
    """A hosted service in this process (WSGI test client) with one fresh sandbox."""
    from urllib.parse import urlsplit

    from atsbox.hosted import create_hosted_app
    from atsbox.store import Store

    store = Store("sqlite://")
    app = create_hosted_app(store, vendors=vendors, env={"ATSBOX_ADMIN_TOKEN": ADMIN_TOKEN})
    client = app.test_client()
    response = client.post(
        "/_sandbox/sandboxes", json={"size": size}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    assert response.status_code == 201, response.get_json()

    def get(url: str) -> Fetched:
        parts = urlsplit(url)
        answer = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        return Fetched(answer.status_code, answer.content_type or "", answer.get_data(as_text=True))

    try:
        yield GuideSite("http://localhost", response.get_json(), get)
    finally:
        app.extensions["atsbox.hosted"].close()
        store.close()
