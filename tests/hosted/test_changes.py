"""Random changes and deletions through the control API, as a delta sync sees them."""

from __future__ import annotations

from datetime import datetime, timedelta

from atsbox.contracts.plugin import ConnectTarget, load_contract
from atsbox.sandbox import sandbox_info
from atsbox.store import Store

from .helpers import Hosted


def test_changes_are_seeded_reported_and_seen_by_a_delta_sync() -> None:
    hosted = Hosted(Store("sqlite://"), vendors=["ashby"])
    try:
        first = hosted.create(seed=4, id="first")
        hosted.create(seed=4, id="twin")
        frozen = hosted.control("POST", "/sandboxes/first/clock/freeze", json={"at": "2032-01-01T00:00:00Z"})
        assert frozen.status_code == 200
        before = datetime.fromisoformat(frozen.get_json()["now"])
        hosted.control("POST", "/sandboxes/first/clock/advance", json={"seconds": 3600})
        body = {"count": 6, "deletions": 3, "seed": 9}
        response = hosted.control("POST", "/sandboxes/first/changes", token=first["access_token"], json=body)
        changes = response.get_json()["changes"]
        assert response.status_code == 200 and len(changes) == 9
        assert [c["change"] for c in changes] == ["updated"] * 6 + ["deleted"] * 3
        # The same seed on a sandbox of the same world picks the same records.
        same = hosted.control("POST", "/sandboxes/twin/changes", json=body).get_json()["changes"]
        assert same == changes

        connector = load_contract("ashby").connect(
            ConnectTarget(
                "ashby", sandbox_info(hosted.store, "first").credentials["ashby"], wsgi_app=hosted.app
            )
        )
        updated = {c["id"] for c in changes if c["change"] == "updated" and c["model"] == "candidate"}
        deleted = {c["id"] for c in changes if c["change"] == "deleted" and c["model"] == "candidate"}
        delta = connector.read("candidates", updated_after=before + timedelta(minutes=30))
        assert updated <= {c.remote_id for c in delta}
        everyone = {c.remote_id for c in connector.read("candidates")}
        assert not deleted & everyone or all(
            c.remote_deleted_at is not None for c in connector.read("candidates") if c.remote_id in deleted
        )
        assert hosted.control("POST", "/sandboxes/first/changes", json={"count": -1}).status_code == 400
        assert (
            hosted.control("POST", "/sandboxes/first/changes", json={"vendors": ["gem"]}).status_code == 400
        )
    finally:
        hosted.close()
