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
from atsbox.hosted.guide_checks import (
    Fetched,
    GuideSite,
    check_connection_guide,
    check_create_credentials,
    check_prerequisites,
    first_request,
)

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


def _guide_site(site: Any) -> GuideSite:
    _, base, sandbox = site

    def get(url: str) -> Fetched:
        response = requests.get(url, timeout=10)
        return Fetched(response.status_code, response.headers.get("Content-Type", ""), response.text)

    return GuideSite(base, sandbox, get)


def _page(site: Any, vendor: str, *, token: bool = True) -> str:
    return _guide_site(site).page(vendor, token=token)


@pytest.mark.parametrize("vendor", _rows("Connection Guide"))
def test_feature_connection_guide(site: Any, vendor: str) -> None:
    check_connection_guide(_guide_site(site), vendor)
    # The printed first request, run exactly as printed, reaches the vendor's API.
    command = first_request(_page(site, vendor))
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


@pytest.mark.parametrize("vendor", _rows("Prerequisites"))
def test_feature_prerequisites(site: Any, vendor: str) -> None:
    check_prerequisites(_guide_site(site), vendor)


@pytest.mark.parametrize("vendor", _rows("Create credentials"))
def test_feature_create_credentials(site: Any, vendor: str) -> None:
    check_create_credentials(_guide_site(site), vendor)
    _, base, sandbox = site
    credentials = sandbox["vendors"][vendor]["credentials"]
    secrets = [c["secret"] for c in credentials.values() if c["kind"] != "company"]
    page = _page(site, vendor)
    link = html.unescape(re.search(r'id="credentials-link" href="([^"]+)"', page).group(1))
    # A wrong token or another sandbox's token: no secret on the page, no credentials JSON.
    wrong = requests.get(
        sandbox["vendors"][vendor]["guide"].split("&token=")[0] + "&token=nope", timeout=10
    ).text
    assert not any(secret in wrong for secret in secrets)
    assert "Add the sandbox's access token" in html.unescape(wrong)
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
