"""The connection guides serve the coverage pages' "Connection Guide", "Prerequisites" and
"Create credentials" rows: one test per vendor per row.

The guide's first request is run exactly as printed (with curl, against a loopback server),
so the page's instructions and the sandbox's values are checked together.
"""

from __future__ import annotations

import html
import json
import re
import shlex
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from atsbox.contracts.coverage import load_coverage
from atsbox.hosted.guides import guide_data

from .loopback import served

VENDORS = ["ashby", "personio", "gem", "factorial", "flatchr"]


def _rows(name: str) -> list[str]:
    return [v for v in VENDORS if any(f.name == name for f in load_coverage(v).features)]


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Any, str, dict[str, Any]]]:
    with served() as (hosted, base):
        sandbox = requests.post(
            f"{base}/_sandbox/sandboxes",
            json={"size": "tiny"},
            headers={"Authorization": "Bearer test-admin-token"},
            timeout=60,
        ).json()
        yield hosted, base, sandbox


def _page(site: Any, vendor: str, *, token: bool = True) -> str:
    _, base, sandbox = site
    url = sandbox["vendors"][vendor]["guide"]
    if not token:
        url = url.split("&token=")[0]
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    return response.text


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    following = page.find("<h2", start + 1)
    return re.sub(r"<[^>]+>", " ", page[start : following if following > 0 else None])


@pytest.mark.parametrize("vendor", _rows("Connection Guide"))
def test_feature_connection_guide(site: Any, vendor: str) -> None:
    page = _page(site, vendor)
    _, base, sandbox = site
    assert f'<code id="base-url">{base}/{vendor}</code>' in page
    assert guide_data(vendor)["auth"].split(":")[0] in html.unescape(page)
    command = html.unescape(re.search(r'<pre id="curl">([^<]*)</pre>', page).group(1))
    assert "<" not in command, command  # every placeholder was filled in
    out = subprocess.run(
        [*shlex.split(command), "-s", "-o", "-", "-w", "\n%{http_code}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    body, status = out.rsplit("\n", 1)
    assert status == "200", (command, body[:300])
    assert json.loads(body)  # a real answer of the vendor's API
    # Without a sandbox the page still explains everything, with placeholders.
    generic = requests.get(f"{base}/{vendor}/", timeout=10).text
    assert "Create a sandbox to see its credentials here" in generic


@pytest.mark.parametrize("vendor", _rows("Prerequisites"))
def test_feature_prerequisites(site: Any, vendor: str) -> None:
    section = html.unescape(_section(_page(site, vendor), "prerequisites"))
    items = guide_data(vendor)["prerequisites"]
    assert items, f"{vendor}.yaml lists no prerequisites though its coverage page has the row"
    for item in items:
        assert item in section


@pytest.mark.parametrize("vendor", _rows("Create credentials"))
def test_feature_create_credentials(site: Any, vendor: str) -> None:
    hosted, base, sandbox = site
    page = _page(site, vendor)
    section = html.unescape(_section(page, "create-credentials"))
    for step in guide_data(vendor)["create_credentials"]:
        assert step in section
    credentials = sandbox["vendors"][vendor]["credentials"]
    secrets = [c["secret"] for c in credentials.values() if c["kind"] != "company"]
    for secret in secrets:
        assert secret in page
    link = html.unescape(re.search(r'id="credentials-link" href="([^"]+)"', page).group(1))
    as_json = requests.get(base + link, timeout=10)
    assert as_json.status_code == 200 and as_json.json()["credentials"] == credentials
    # No token, a wrong token or another sandbox's token: no secret on the page.
    bare = _page(site, vendor, token=False)
    wrong = requests.get(
        sandbox["vendors"][vendor]["guide"].split("&token=")[0] + "&token=nope", timeout=10
    ).text
    for text in (bare, wrong):
        assert not any(secret in text for secret in secrets)
        assert "Add the sandbox's access token" in html.unescape(text)
    assert requests.get(base + link.replace(sandbox["access_token"], "nope"), timeout=10).status_code == 404


def test_factorial_oauth_link_completes_the_flow(site: Any) -> None:
    hosted, base, sandbox = site
    page = _page(site, "factorial")
    authorize = html.unescape(re.search(r'id="oauth-link" href="([^"]+)"', page).group(1))
    callback = requests.get(authorize, timeout=10)  # follows the redirect to the guide's callback
    assert callback.status_code == 200 and callback.url.startswith(f"{base}/_guides/factorial/oauth/callback")
    code = re.search(r'<pre id="code">([^<]+)</pre>', callback.text).group(1)
    client = sandbox["vendors"]["factorial"]["credentials"]["oauth_app"]
    token = requests.post(
        f"{base}/factorial/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client["secret"],
            "client_secret": client["meta"]["client_secret"],
            "redirect_uri": f"{base}/_guides/factorial/oauth/callback",
        },
        timeout=10,
    )
    assert token.status_code == 200 and token.json()["token_type"] == "Bearer"
