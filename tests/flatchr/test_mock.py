"""The Flatchr mock answers like Flatchr: both hosts, auth, id and date formats, errors."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

from atsbox.mocks.flatchr import ids

ENCODED = re.compile(r"^[0-9A-Za-z]{16}$")


def test_both_hosts_are_served(flatchr):
    api = flatchr.client.get(
        f"/company/{flatchr.company}/columns", headers={"Host": "api.flatchr.io", **flatchr.auth}
    )
    prefixed = flatchr.api("GET", "/columns")
    assert api.status_code == prefixed.status_code == 200
    assert api.json == prefixed.json
    feed = flatchr.careers("GET", f"/company/{flatchr.slug}.json")
    assert feed.status_code == 200 and feed.json["items"]
    assert flatchr.client.get(f"/flatchr/careers/company/{flatchr.slug}.json").json == feed.json


def test_key_as_bearer_or_query_token(flatchr):
    assert (
        flatchr.client.get(f"/flatchr/company/{flatchr.company}/tags?token={flatchr.key}").status_code == 200
    )
    assert (
        flatchr.client.get(f"/flatchr/company/{flatchr.company}/tags?api_key={flatchr.key}").status_code
        == 200
    )
    missing = flatchr.client.get(f"/flatchr/company/{flatchr.company}/tags")
    assert missing.status_code == 401
    assert missing.json == {"statusCode": 401, "error": "Unauthorized", "message": "Missing authentication"}
    wrong = flatchr.api("GET", "/tags", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json["error"] == "Unauthorized"


def test_other_company_is_forbidden_and_unknown_ids_404(flatchr):
    other = flatchr.client.get(f"/flatchr/company/{ids.encode('company', 2)}/columns", headers=flatchr.auth)
    assert other.status_code == 403 and other.json["statusCode"] == 403
    missing = flatchr.api("GET", "/applicant/AAAAAAAAAAAAAAAA")
    assert missing.status_code == 404 and missing.json == {
        "statusCode": 404, "error": "Not Found", "message": "Applicant not found"}  # fmt: skip
    assert flatchr.vacancy("nope").status_code == 404


def test_vacancies_mix_encoded_and_integer_ids_and_fields_param(flatchr):
    plain = flatchr.api("GET", "/vacancies").json
    full = flatchr.api("GET", "/vacancies?fields=address,tags").json
    assert len(plain) == len(flatchr.world.jobs)
    first = plain[0]
    assert ENCODED.match(first["id"]) and isinstance(first["vacancy_id"], int)
    assert first["slug"].startswith(first["id"].lower() + "-")
    assert "address" not in first and "tags" not in first and "addressFormatted" in first
    assert "address" in full[0] and "tags" in full[0]
    one = flatchr.vacancy(first["id"], "?fields=tags").json
    assert one["id"] == first["id"] and "tags" in one and "address" not in one


def test_tag_values_are_semicolon_joined_and_traits_use_encoded_tag_ids(flatchr):
    tags = flatchr.api("GET", "/tags").json
    folder = next(t for t in tags if t["folder"])
    assert folder["values"] == ";".join(d.name for d in flatchr.world.departments)
    assert all(isinstance(t["tag_id"], int) and ENCODED.match(t["id"]) for t in tags)
    assert all("tagCandidateRestriction" in t for t in tags)
    rows = flatchr.api("POST", "/search/applicants", json={}).json
    traits = [t for row in rows for t in flatchr.api("GET", f"/applicant/{row['applicant']}/traits").json]
    assert traits and all(ENCODED.match(t["tag_id"]) for t in traits)


def test_search_rows_are_flat_with_day_first_dates(flatchr):
    rows = flatchr.api("POST", "/search/applicants", json={}).json
    assert isinstance(rows, list) and len(rows) == len(flatchr.world.applications)
    row = rows[0]
    assert re.match(r"^\d\d/\d\d/\d\d$", row["created_at"]) and isinstance(row["updated_at"], int)
    assert (
        isinstance(row["vacancy"], str)
        and isinstance(row["vacancy_id"], int)
        and isinstance(row["column"], str)
    )
    assert "candidate" not in row
    assert "candidate" in flatchr.api("POST", "/search/applicants?fields=candidate", json={}).json[0]


def test_search_filters(flatchr):
    rows = flatchr.api("POST", "/search/applicants", json={}).json
    hired = flatchr.api("POST", "/search/applicants", json={"hired": "true"}).json
    assert hired and all(r["hired"] for r in hired)
    assert flatchr.api("POST", "/search/applicants", json={"hired": True}).json == hired
    day, month, year = rows[0]["created_at"].split("/")
    same_day = flatchr.api("POST", "/search/applicants", json={"start": f"{month}/{day}/{year}",
                                                                "end": f"{month}/{day}/{year}"}).json  # fmt: skip
    assert rows[0]["applicant"] in {r["applicant"] for r in same_day}
    assert all(r["created_at"] == rows[0]["created_at"] for r in same_day)
    by_email = flatchr.api("POST", "/search/applicants", json={"email": rows[0]["email"].upper()}).json
    assert {r["email"] for r in by_email} == {rows[0]["email"]}
    # A date that does not parse (day first here) matches nothing; a wrong type is refused.
    assert flatchr.api("POST", "/search/applicants", json={"start": "31/12/24"}).json == []
    bad = flatchr.api("POST", "/search/applicants", json={"start": 20241231})
    assert bad.status_code == 400 and bad.json["error"] == "Bad Request"


def test_applicant_uses_unix_seconds_and_iso_candidate_times(flatchr):
    row = flatchr.api("POST", "/search/applicants", json={}).json[0]
    applicant = flatchr.api("GET", f"/applicant/{row['applicant']}").json
    assert isinstance(applicant["created_at"], int) and isinstance(applicant["column_id"], int)
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", applicant["candidate"]["created_at"])
    assert ENCODED.match(applicant["applies"][0]["offerer_id"])


def test_hidden_columns_are_listed_with_visible_false(flatchr):
    columns = flatchr.api("GET", "/columns").json
    hidden = {s.name for j in flatchr.world.jobs for s in j.stages if s.hidden}
    assert hidden and {c["title"] for c in columns if not c["visible"]} == hidden


def test_malformed_json_and_wrong_types_get_boom_400(fresh):
    bad = fresh.api("POST", "/search/applicants", data="{", content_type="application/json")
    assert bad.status_code == 400 and set(bad.json) == {"statusCode", "error", "message"}
    row = next(r for r in fresh.api("POST", "/search/applicants", json={}).json if r["deleted_at"] is None)
    applicant = fresh.api("GET", f"/applicant/{row['applicant']}").json
    path = f"/vacancy/{applicant['vacancy_id']}/applicant/{applicant['id']}"
    wrong = fresh.api("PUT", path, json={"column_id": "12"})
    assert wrong.status_code == 400 and "column_id" in wrong.json["message"]


def test_move_and_archive_persist_and_bump_updated_at(fresh):
    rows = fresh.api("POST", "/search/applicants", json={"status": 1}).json
    row = next(r for r in rows if r["deleted_at"] is None)
    applicant = fresh.api("GET", f"/applicant/{row['applicant']}").json
    columns = [c for c in fresh.api("GET", "/columns").json if c["vacancy_id"] == applicant["vacancy_id"]]
    target = next(c for c in columns if c["id"] != applicant["column_id"])
    path = f"/vacancy/{applicant['vacancy_id']}/applicant/{applicant['id']}"
    moved = fresh.api("PUT", path, json={"column_id": target["id"]})
    assert moved.status_code == 200 and moved.json["column_id"] == target["id"]
    assert moved.json["updated_at"] >= applicant["updated_at"]
    foreign = next(c for c in fresh.api("GET", "/columns").json if c["vacancy_id"] != applicant["vacancy_id"])
    assert fresh.api("PUT", path, json={"column_id": foreign["id"]}).status_code == 404
    archived = fresh.api("DELETE", path)
    assert archived.status_code == 200 and archived.json["status"] == 0
    assert fresh.api("GET", f"/applicant/{applicant['id']}").json["status"] == 0


def _open_vacancy(sandbox):
    feed = sandbox.careers("GET", f"/company/{sandbox.slug}.json").json
    return feed["items"][0]["vacancy"]


def test_candidate_creation_by_slug_with_token_in_body(fresh):
    vacancy = _open_vacancy(fresh)
    pdf = base64.b64encode(b"%PDF-1.4 cv").decode()
    body = {"vacancy": vacancy["slug"], "firstname": "Jeanne", "lastname": "Martin", "email": "jeanne@example.fr",
            "phone": "+33123456789", "token": fresh.key, "type": "document",
            "resume": {"data": pdf, "fileName": "CV_Jeanne.pdf", "contentType": "application/pdf"}}  # fmt: skip
    before = len(fresh.api("POST", "/search/applicants", json={}).json)
    test = fresh.careers("POST", "/vacancy/candidate/test", json=body)
    assert test.status_code == 200
    assert len(fresh.api("POST", "/search/applicants", json={}).json) == before
    created = fresh.careers("POST", "/vacancy/candidate/json", json=body)
    assert created.status_code == 200 and created.json["response"] == "applicant created"
    rows = fresh.api("POST", "/search/applicants?fields=candidate", json={"email": "jeanne@example.fr"}).json
    assert len(rows) == 1 and rows[0]["source"] == "Site carrière"
    aws = rows[0]["candidate"]["aws"]
    file = fresh.api("GET", f"/files/expire?key={aws['key']}&extension={aws['extension']}")
    assert file.data == b"%PDF-1.4 cv" and file.mimetype == "application/pdf"


def test_candidate_creation_validates(fresh):
    vacancy = _open_vacancy(fresh)
    base = {"vacancy": vacancy["slug"], "firstname": "Jo", "lastname": "Do", "token": fresh.key, "type": "link",
            "resume": "https://example.com/cv.pdf"}  # fmt: skip
    assert fresh.careers("POST", "/vacancy/candidate/json", json={**base, "token": "bad"}).status_code == 401
    assert (
        fresh.careers("POST", "/vacancy/candidate/json", json={**base, "vacancy": "nope"}).status_code == 404
    )
    assert fresh.careers("POST", "/vacancy/candidate/json", json={**base, "type": "pdf"}).status_code == 400
    assert (
        fresh.careers("POST", "/vacancy/candidate/json", json={**base, "resume": "not a url"}).status_code
        == 400
    )
    assert (
        fresh.careers("POST", "/vacancy/candidate/json", json={**base, "offerer_id": 999999}).status_code
        == 404
    )
    doc = {
        **base,
        "type": "document",
        "resume": {"data": "!!", "fileName": "a.pdf", "contentType": "application/pdf"},
    }
    assert fresh.careers("POST", "/vacancy/candidate/json", json=doc).status_code == 400
    assert not fresh.api("POST", "/search/applicants", json={"lastname": "Do", "firstname": "Jo"}).json


def test_offerer_id_sets_the_source(fresh):
    vacancy = _open_vacancy(fresh)
    body = {"vacancy": vacancy["slug"], "firstname": "Paul", "lastname": "Durand", "email": "paul@example.fr",
            "token": fresh.key, "type": "link", "resume": "https://example.com/cv.pdf", "offerer_id": fresh.offerer}  # fmt: skip
    assert fresh.careers("POST", "/vacancy/candidate/json", json=body).status_code == 200
    row = fresh.api("POST", "/search/applicants", json={"email": "paul@example.fr"}).json[0]
    assert row["source"] == "atsbox partner"


def test_same_seed_same_bytes():
    from .conftest import make_sandbox

    one, two = make_sandbox(), make_sandbox()
    assert one.api("POST", "/search/applicants?fields=candidate", json={}).data == two.api(
        "POST", "/search/applicants?fields=candidate", json={}).data  # fmt: skip
    assert (
        one.api("GET", "/vacancies?fields=address,tags").data
        == two.api("GET", "/vacancies?fields=address,tags").data
    )


def test_search_by_tag_finds_the_applicants_holding_it(fresh):
    tag = next(t for t in fresh.api("GET", "/tags?type=candidates").json if t["deleted_at"] is None)
    tagged = fresh.api("POST", "/search/applicants", json={"tag": tag["id"]}).json
    for row in tagged:
        assert tag["id"] in {
            t["tag_id"] for t in fresh.api("GET", f"/applicant/{row['applicant']}/traits").json
        }
    other = next(
        r for r in fresh.api("POST", "/search/applicants", json={}).json
        if r["deleted_at"] is None and r["applicant"] not in {t["applicant"] for t in tagged}
    )  # fmt: skip
    added = fresh.api("POST", f"/applicant/{other['applicant']}/trait", json={"tag": tag["id"], "value": "x"})
    assert added.status_code == 200 and added.json["tag_id"] == tag["id"]
    again = fresh.api("POST", "/search/applicants", json={"tag": tag["id"]}).json
    assert {r["applicant"] for r in again} == {r["applicant"] for r in tagged} | {other["applicant"]}
    assert (
        fresh.api(
            "POST", f"/applicant/{other['applicant']}/trait", json={"tag": "nope", "value": "x"}
        ).status_code
        == 404
    )


def test_update_filter_counts_binning_and_candidate_changes(fresh):
    """start_update finds an applicant moved to the bin, or whose candidate changed, that day,
    though the applicant's own updated_at did not move."""
    from atsbox.mocks.flatchr import render

    from .conftest import TENANT

    rows = [r for r in fresh.api("POST", "/search/applicants?fields=candidate", json={}).json
            if r["deleted_at"] is None]  # fmt: skip
    binned, renamed = rows[0], next(r for r in rows if r["candidate"]["id"] != rows[0]["candidate"]["id"])
    day = fresh.clock.freeze(fresh.world.anchor + timedelta(days=3))
    fresh.store.soft_delete(TENANT, "flatchr", render.APPLICANT, binned["applicant"], at=day)
    person = fresh.store.get(TENANT, "flatchr", render.CANDIDATE, renamed["candidate"]["id"])
    fresh.store.put(TENANT, "flatchr", render.CANDIDATE, person.id, {**person.doc, "lastname": "Renamed"},
                    parent=person.parent, at=day)  # fmt: skip
    found = fresh.api("POST", "/search/applicants", json={"start_update": day.strftime("%m/%d/%y")}).json
    by_id = {r["applicant"]: r for r in found}
    assert binned["applicant"] in by_id and by_id[binned["applicant"]]["deleted_at"] is not None
    assert renamed["applicant"] in by_id and by_id[renamed["applicant"]]["lastname"] == "Renamed"
    assert by_id[binned["applicant"]]["updated_at"] == binned["updated_at"]
