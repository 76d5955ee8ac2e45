"""Each vendor's guide in a real headless Chromium: it loads without a console error, and
its credential link (and, for Factorial, its OAuth link) works when clicked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from .browser import chromium
from .loopback import served

VENDORS = ["ashby", "personio", "gem", "factorial", "flatchr"]


@pytest.fixture(scope="module")
def browser_site() -> Iterator[tuple[str, dict[str, Any], Any]]:
    with served() as (_hosted, base), chromium() as new_page:
        sandbox = requests.post(
            f"{base}/_sandbox/sandboxes",
            json={"size": "tiny"},
            headers={"Authorization": "Bearer test-admin-token"},
            timeout=60,
        ).json()
        yield base, sandbox, new_page


@pytest.mark.parametrize("vendor", VENDORS)
def test_guide_loads_cleanly_and_its_credential_link_works(browser_site: Any, vendor: str) -> None:
    base, sandbox, new_page = browser_site
    page = new_page()
    page.open(sandbox["vendors"][vendor]["guide"])
    assert page.evaluate("document.getElementById('base-url').textContent") == f"{base}/{vendor}"
    assert page.evaluate("document.querySelectorAll('code.credential').length") > 0
    page.click("credentials-link")
    shown = json.loads(page.evaluate("document.body.innerText"))
    assert shown["credentials"] == sandbox["vendors"][vendor]["credentials"]
    page.open(f"{base}/{vendor}/")  # the generic page too
    assert page.errors == []


def test_factorial_oauth_link_works_in_the_browser(browser_site: Any) -> None:
    base, sandbox, new_page = browser_site
    page = new_page()
    page.open(sandbox["vendors"]["factorial"]["guide"])
    page.click("oauth-link")
    assert page.evaluate("location.pathname") == "/_guides/factorial/oauth/callback"
    code = page.evaluate("document.getElementById('code').textContent")
    assert code and page.evaluate("document.getElementById('state').textContent") == sandbox["id"]
    assert page.errors == []
