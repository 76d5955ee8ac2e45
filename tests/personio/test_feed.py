"""The public career site: the XML job feed's schema-level shape and the job/apply pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from atsbox.mocks.personio import ids, xml_feed
from atsbox.mocks.personio.vocabulary import german_description, is_live_published

from .conftest import TENANT

# The children of <position> in the order real feeds write them.
ORDER = [
    "id", "subcompany", "office", "additionalOffices", "department", "recruitingCategory", "name",
    "jobDescriptions", "employmentType", "seniority", "schedule", "yearsOfExperience", "keywords",
    "occupation", "occupationCategory", "createdAt",
]  # fmt: skip
ENUMS = {
    "employmentType": {"permanent", "intern", "trainee", "freelance"},
    "seniority": {"entry-level", "experienced", "executive", "student"},
    "schedule": {"full-time", "part-time"},
    "yearsOfExperience": {"lt-1", "1-2", "2-5", "5-7", "7-10", "10-15", "gt-15"},
}


def _feed(personio, language: str | None = None, host: bool = True):
    query = {} if language is None else {"language": language}
    if host:
        response = personio.client.get(
            "/xml", query_string=query, headers={"Host": f"{personio.company}.jobs.personio.de"}
        )
    else:
        response = personio.client.get(f"/personio/jobs/{personio.company}/xml", query_string=query)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    return response


def test_feed_lists_one_position_per_published_job(personio):
    root = ET.fromstring(_feed(personio).data)
    assert root.tag == "workzag-jobs"
    published = {ids.native_int("job", j.id) for j in personio.world.jobs if is_live_published(j)}
    assert published, "the tiny world has a published job"
    assert {int(p.findtext("id")) for p in root.findall("position")} == published


def test_position_children_follow_the_real_order_and_vocabularies(personio):
    for position in ET.fromstring(_feed(personio).data).findall("position"):
        tags = [child.tag for child in position]
        assert tags == [t for t in ORDER if t in tags], tags
        assert {"id", "name", "jobDescriptions", "createdAt"} <= set(tags)
        for element, allowed in ENUMS.items():
            value = position.findtext(element)
            assert value is None or value in allowed
        # ISO-8601 with a numeric offset, as real feeds write createdAt.
        assert position.findtext("createdAt").endswith("+00:00")
        for child in position:
            if child.tag not in ("jobDescriptions", "additionalOffices"):
                assert (child.text or "").strip(), f"empty <{child.tag}> should have been left out"


def test_descriptions_are_html_in_cdata_and_german_by_default(personio):
    raw = _feed(personio).data.decode()
    assert "<value><![CDATA[<" in raw
    root = ET.fromstring(raw)
    jobs = {ids.native_int("job", j.id): j for j in personio.world.jobs}
    for position in root.findall("position"):
        job = jobs[int(position.findtext("id"))]
        if german_description(job) is None:
            assert len(position.find("jobDescriptions")) == 0  # an empty container, as live feeds show
            continue
        assert position.findtext("jobDescriptions/jobDescription/name") == "Stellenbeschreibung"
        assert position.findtext("jobDescriptions/jobDescription/value") == german_description(job)


def test_language_parameter_picks_the_translation_the_world_has(fresh):
    # Make the published job carry translations so the parameter has something to pick.
    record = next(r for r in fresh.store.list(TENANT, "personio", "position") if r.doc["published"])
    doc = {**record.doc, "descriptions": {"en": "<p>English</p>", "fr": "<p>Français</p>"}}
    fresh.store.put(TENANT, "personio", "position", record.id, doc, at=record.updated_at)
    for language, text, heading in (
        ("en", "<p>English</p>", "Job description"),
        ("fr", "<p>Français</p>", "Description du poste"),
    ):
        position = ET.fromstring(_feed(fresh, language).data).find(f"position[id='{record.id}']")
        assert position.findtext("jobDescriptions/jobDescription/value") == text
        assert position.findtext("jobDescriptions/jobDescription/name") == heading
    # A language the job has no text in falls back to its own description.
    position = ET.fromstring(_feed(fresh, "es").data).find(f"position[id='{record.id}']")
    assert position.findtext("jobDescriptions/jobDescription/value") == record.doc["description"]


def test_host_and_path_forms_serve_the_same_feed(personio):
    assert _feed(personio, "en").data == _feed(personio, "en", host=False).data
    prefixed = personio.client.get(
        "/personio/xml",
        query_string={"language": "en"},
        headers={"Host": f"{personio.company}.jobs.personio.de"},
    )
    assert prefixed.data == _feed(personio, "en").data
    com = personio.client.get("/xml", headers={"Host": f"{personio.company}.jobs.personio.com"})
    assert com.data == _feed(personio).data


def test_unknown_company_gets_an_empty_feed_or_a_redirect(personio):
    empty = personio.client.get("/xml", headers={"Host": "nobody-here.jobs.personio.de"})
    assert empty.status_code == 200
    assert ET.fromstring(empty.data).tag == "workzag-jobs" and len(ET.fromstring(empty.data)) == 0

    from atsbox.mocks.core import create_vendor_app

    redirecting = create_vendor_app(
        "personio", personio.store, config={"personio": {"unknown_company": "redirect"}}
    )
    moved = redirecting.test_client().get("/personio/jobs/nobody-here/xml")
    assert moved.status_code == 301 and moved.headers["Location"].startswith("https://www.personio.com")


def test_feed_escapes_text_and_splits_cdata_terminators():
    doc = {
        "id": 1,
        "name": "R&D <Lead>",
        "department": {"id": "1", "name": "Sales & Marketing"},
        "descriptions": {},
        "description": "<p>a ]]> b</p>",
        "additional_offices": ["Köln", "Berlin"],
        "created_at": "2024-01-01T00:00:00+00:00",
    }
    raw = xml_feed.render_feed([doc], "de").decode()
    assert "<name>R&amp;D &lt;Lead&gt;</name>" in raw
    assert "<department>Sales &amp; Marketing</department>" in raw
    position = ET.fromstring(raw).find("position")
    assert position.findtext("jobDescriptions/jobDescription/value") == "<p>a ]]> b</p>"
    assert [o.text for o in position.findall("additionalOffices/office")] == ["Köln", "Berlin"]
    assert position.find("subcompany") is None  # empty optional elements are left out


@pytest.mark.parametrize("language", [None, "xx"])
def test_unknown_or_missing_language_is_german(language):
    assert xml_feed.language_of(language) == "de"


def test_apply_page_shows_the_form_of_a_published_job(personio):
    job = next(j for j in personio.world.jobs if is_live_published(j))
    native = ids.native_int("job", job.id)
    page = personio.client.get(
        f"/personio/jobs/{personio.company}/job/{native}/apply", query_string={"language": "en"}
    )
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.data.decode()
    for jq in job.questions:
        assert f'name="{ids.attribute_id("question", jq.question_id)}"' in html
    assert "* (required)" in html and 'name="documents.cv"' in html


def test_unpublished_jobs_have_no_pages(personio):
    job = next(j for j in personio.world.jobs if not is_live_published(j))
    native = ids.native_int("job", job.id)
    for path in (f"/job/{native}", f"/job/{native}/apply"):
        response = personio.client.get(path, headers={"Host": f"{personio.company}.jobs.personio.de"})
        assert response.status_code == 404
