"""The pytest plugin and the interceptor, as a user's own test suite would use them."""

from __future__ import annotations

import pytest
import requests

from atsbox.intercept import intercept

pytest_plugins = ["pytester"]


def test_ats_sandbox_in_process_and_over_a_socket(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("server", [False, True])
        def test_gem_candidates(ats_sandbox, server):
            sandbox = ats_sandbox("gem", server=server)
            assert sandbox.base_url.startswith("http://127.0.0.1:") == server
            response = sandbox.session.get(f"{sandbox.base_url}/ats/v0/candidates", params={"per_page": 5})
            assert response.status_code == 200, response.text
            assert len(response.json()) == 5

        @pytest.mark.ats_world(seed=3, size="tiny")
        def test_world(ats_world):
            assert ats_world.seed == 3 and ats_world.size == "tiny"
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_ats_vendor_option_selects_marked_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ats_vendor("gem")
        def test_gem():
            pass

        @pytest.mark.ats_vendor("ashby")
        def test_ashby():
            pass

        def test_unmarked():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--ats-vendor", "gem")
    result.assert_outcomes(passed=2, skipped=1)


def test_intercept_routes_the_real_host_in_process() -> None:
    with intercept(vendors=["gem"]) as sandbox:
        key = sandbox.credentials["gem"]["api_key"].secret
        response = requests.get("https://api.gem.com/ats/v0/users", headers={"X-API-Key": key}, timeout=5)
        assert response.status_code == 200
        assert isinstance(response.json(), list) and response.json()
        bad = requests.get("https://api.gem.com/ats/v0/users", headers={"X-API-Key": "x" * 40}, timeout=5)
        assert bad.status_code in (401, 403)
    # Outside the block the interception is gone again.
    assert requests.Session.get_adapter.__qualname__ == "Session.get_adapter"


def test_intercept_as_a_decorator_leaves_other_hosts_alone() -> None:
    seen: list[int] = []

    @intercept(vendors=["gem"])
    def user_code() -> None:
        session = requests.Session()
        adapter = session.get_adapter("https://example.org/")
        seen.append(int(type(adapter).__name__ == "HTTPAdapter"))
        seen.append(int(type(session.get_adapter("https://api.gem.com/")).__name__ == "WSGIAdapter"))

    user_code()
    assert seen == [1, 1]
