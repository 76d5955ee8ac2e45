"""No request with one sandbox's credentials reads or changes another sandbox, for every
vendor mounted — with the other sandbox's record ids guessed right (both sandboxes share a
seed, so their seeded ids are identical, and B's new records' ids are handed to A) and with
credential sets whose identifiers (company ids, slugs) are swapped for the other sandbox's.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from atsbox.contracts.plugin import ConnectTarget, load_contract
from atsbox.mocks.core.registry import vendors as registered
from atsbox.mocks.core.vendor import Credential
from atsbox.sandbox import sandbox_info
from atsbox.store import Store

from .helpers import Hosted

MARKER = "Isolationmarker Zqxj"


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[Hosted, dict[str, Any], dict[str, Any]]]:
    hosted = Hosted(Store("sqlite://"))
    a = hosted.create(seed=7, id="sandbox-a")
    b = hosted.create(seed=7, id="sandbox-b")
    # Some vendors stamp records without a stored time with "now": a frozen clock keeps
    # two reads of an unchanged sandbox identical.
    hosted.control("POST", "/sandboxes/sandbox-a/clock/freeze")
    yield hosted, a, b
    hosted.close()


def _creds(hosted: Hosted, sandbox: str, vendor: str) -> dict[str, Credential]:
    return dict(sandbox_info(hosted.store, sandbox).credentials[vendor])


def _connector(hosted: Hosted, vendor: str, creds: dict[str, Credential]) -> Any:
    return load_contract(vendor).connect(ConnectTarget(vendor, creds, wsgi_app=hosted.app))


CV = {
    "name": "cv.pdf",
    "content_type": "application/pdf",
    "data": base64.b64encode(b"%PDF-1.4 cv").decode(),
    "type": "CV",
}


def _create_marked_candidate(connector: Any) -> list[str]:
    """Create a candidate named with the marker on the first job that takes one; its ids."""
    first, last = MARKER.split()
    errors = []
    for job in connector.read("jobs"):
        body = {
            "candidate": {"first_name": first, "last_name": last, "email_address": "iso@example.com"},
            "application": {"job_id": job.id},
            "attachments": [CV],
        }
        try:
            created = connector.create_candidate(body)
        except Exception as exc:  # a closed job, say: try the next
            errors.append(exc)
            continue
        return [str(v) for v in created.model_dump().values() if isinstance(v, str)]
    raise AssertionError(f"no job took the marked candidate: {errors}")


SECRET = re.compile(r"^[A-Za-z]{0,8}[-_]?[0-9a-f]{24,}$")


def _identifiers_of(other: Any, own: Any) -> dict[str, Any]:
    """`own` with the other sandbox's identifiers, but never its secrets (those stay own)."""
    return {
        key: own.get(key) if isinstance(value, str) and SECRET.match(value) else value
        for key, value in other.items()
    }


def _snapshot(connector: Any, volatile: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Everything the connector reads, less the (model, field)s that change on every read."""
    data = connector.read_all()
    return json.dumps(
        {
            model: [
                {k: v for k, v in r.model_dump(mode="json").items() if (model, k) not in volatile}
                for r in rows
            ]
            for model, rows in data.items()
        },
        sort_keys=True,
    )


def _volatile(connector: Any) -> frozenset[tuple[str, str]]:
    """Fields two reads of an untouched sandbox disagree on (Flatchr's tags are stamped with
    the wall clock by its connector), so they cannot witness a change."""
    first, second = json.loads(_snapshot(connector)), json.loads(_snapshot(connector))
    return frozenset(
        (model, key)
        for model in first
        for r1, r2 in zip(first[model], second[model], strict=False)
        for key in r1
        if r1.get(key) != r2.get(key)
    )


@pytest.mark.parametrize("vendor", list(registered()))
def test_one_sandbox_never_reads_or_changes_another(pair: Any, vendor: str) -> None:
    hosted, a, b = pair
    a_creds, b_creds = _creds(hosted, "sandbox-a", vendor), _creds(hosted, "sandbox-b", vendor)
    a_conn, b_conn = _connector(hosted, vendor, a_creds), _connector(hosted, vendor, b_creds)
    volatile = _volatile(a_conn)
    before_a = _snapshot(a_conn, volatile)

    # B changes: a new candidate carrying a marker (where the connector can create one),
    # and deletions and updates of seeded records whose ids A has too.
    b_ids: list[str] = []
    if "create_candidate" in b_conn.supported_actions():
        b_ids += _create_marked_candidate(b_conn)
    changed = hosted.control(
        "POST",
        "/sandboxes/sandbox-b/changes",
        json={"count": 5, "deletions": 5, "seed": 3, "vendors": [vendor]},
    ).get_json()["changes"]
    b_ids += [c["id"] for c in changed]
    b_export = hosted.store.export_tenant("sandbox-b")

    # A reads everything again: nothing of B's changes shows.
    after_a = _snapshot(a_conn, volatile)
    assert after_a == before_a
    assert MARKER.split()[1] not in after_a

    # A asks for B's ids on every GET route of the vendor's document, and B's markers never come back.
    contract = load_contract(vendor)
    headers = (
        contract.auth_headers(ConnectTarget(vendor, a_creds, wsgi_app=hosted.app))
        if contract.auth_headers
        else {}
    )
    paths = [
        p
        for p, ops in hosted.app.extensions["atsbox"].vendors[vendor].openapi()["paths"].items()
        if "get" in ops
    ]
    for path in paths:
        for guessed in b_ids or ["1"]:
            url = f"/{vendor}" + re.sub(r"\{[^}]+\}", guessed, path)
            response = hosted.client.get(url, headers=headers)
            assert response.status_code < 500, url
            assert MARKER.split()[1] not in response.get_data(as_text=True), url

    # A's secrets with B's identifiers (company ids, slugs) swapped in: still only A's data.
    swapped = {
        label: Credential(
            cred.kind,
            cred.secret,
            _identifiers_of(b_creds[label].meta, cred.meta),
            _identifiers_of(b_creds[label].display or {}, cred.display or {}),
        )
        for label, cred in a_creds.items()
        if label in b_creds
    }
    try:
        seen = _snapshot(_connector(hosted, vendor, swapped))
    except Exception:  # refused outright: that is isolation too
        seen = ""
    assert MARKER.split()[1] not in seen

    # Nothing A did changed B.
    assert hosted.store.export_tenant("sandbox-b") == b_export
    # Every journaled request made with A's credentials was served as sandbox A.
    tenants = {e["tenant"] for e in [r._asdict() for r in hosted.service.journal.rows("sandbox-b")]}
    assert tenants <= {"sandbox-b"}
