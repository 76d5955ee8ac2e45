"""The coverage tables hold exactly what the vendors' coverage pages list.

The pages (shared/seeds/<vendor>.txt, next to the checkout) are the specification; the
YAML tables in atsbox.contracts.coverage are the project's own record of them. Tests that
need the pages skip when the folder is absent; the rest (loader invariants, counts, the
page parser on a synthetic page, the CLI) always run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from atsbox.cli import main
from atsbox.contracts.coverage import (
    ACTION_KEYS,
    MODEL_KEYS,
    VENDORS,
    Coverage,
    all_coverages,
    load_coverage,
    load_coverage_file,
)
from atsbox.contracts.coverage.compare import compare_with_page
from atsbox.contracts.coverage.page import CoveragePage, PageFormatError, parse_page, read_page

SEEDS_ENV = "ATSBOX_SEEDS_DIR"

# (models, fields, actions, input fields, features) per vendor, counted by hand from the
# pages; models without a field table add no fields, Personio's artefact row is no feature.
COUNTS = {
    "ashby": (16, 140, 11, 61, 13),
    "personio": (7, 71, 2, 38, 8),
    "gem": (10, 110, 4, 15, 5),
    "factorial": (4, 49, 3, 31, 7),
    "flatchr": (7, 57, 2, 20, 5),
}


def seeds_dir() -> Path:
    override = os.environ.get(SEEDS_ENV)
    return Path(override) if override else Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def pages() -> dict[str, CoveragePage]:
    folder = seeds_dir()
    if not folder.is_dir():
        pytest.skip(
            f"coverage pages not found at {folder} (set {SEEDS_ENV} to their folder); "
            "the YAML tables are the project's own record and are checked without them"
        )
    missing = [v for v in VENDORS if not (folder / f"{v}.txt").is_file()]
    if missing:
        pytest.skip(f"{folder} lacks the pages of {', '.join(missing)}")
    return {v: read_page(folder / f"{v}.txt") for v in VENDORS}


# -- the tables against the pages ---------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_table_holds_exactly_the_pages_rows(vendor: str, pages: dict[str, CoveragePage]) -> None:
    # Checked directly here, independent of compare.py, which has its own tests below.
    page, table = pages[vendor], load_coverage(vendor)
    assert table.title == page.title
    assert [m.name for m in table.models] == [b.name for b in page.models]
    for block in page.models:
        entry = next(m for m in table.models if m.name == block.name)
        if block.rows is None:
            assert not entry.fields_listed, block.name
        else:
            assert sorted(entry.field_names) == sorted(block.row_names), block.name
    assert [a.name for a in table.actions] == [b.name for b in page.actions]
    for block in page.actions:
        assert sorted(
            table.action(next(a.key for a in table.actions if a.name == block.name)).input_field_names
        ) == (sorted(block.row_names)), block.name
    skipped = {a.row for a in table.page_artefacts if a.section == "features"}
    assert sorted(f.name for f in table.features) == sorted(
        f.name for f in page.features if f.name not in skipped
    )


@pytest.mark.parametrize("vendor", VENDORS)
def test_compare_finds_no_difference(vendor: str, pages: dict[str, CoveragePage]) -> None:
    assert compare_with_page(load_coverage(vendor), pages[vendor]) == []


def test_pages_repeat_the_models_tab(pages: dict[str, CoveragePage]) -> None:
    # The parser keeps one copy of each repeated block; the raw text shows each model
    # heading four times (doubled heading, tab printed twice) and each action twice.
    text = (seeds_dir() / "ashby.txt").read_text(encoding="utf-8").splitlines()
    assert text.count("Jobs") == 4
    assert text.count("Create candidate") == 2
    assert len(pages["ashby"].models) == len({b.name for b in pages["ashby"].models})


def test_personios_stray_jobs_row_is_declared(pages: dict[str, CoveragePage]) -> None:
    personio = load_coverage("personio")
    assert [f.name for f in pages["personio"].features][-1] == "Jobs"
    assert not personio.has_feature("Jobs")
    assert [(a.section, a.row) for a in personio.page_artefacts] == [("features", "Jobs")]


# -- altered tables must be reported ------------------------------------------------------


def _drop_field(model: str, field: str) -> Callable[[dict[str, Any]], None]:
    def alter(data: dict[str, Any]) -> None:
        entry = next(m for m in data["models"] if m["name"] == model)
        entry["fields"] = [f for f in entry["fields"] if f != field]

    return alter


def _add_field(data: dict[str, Any]) -> None:
    data["models"][1]["fields"].append("shoe_size")


def _drop_action(data: dict[str, Any]) -> None:
    data["actions"] = [a for a in data["actions"] if a["key"] != "reject_application"]


def _swap_first_models(data: dict[str, Any]) -> None:
    data["models"][0], data["models"][1] = data["models"][1], data["models"][0]


def _list_tag_fields(data: dict[str, Any]) -> None:
    next(m for m in data["models"] if m["key"] == "tags")["fields"] = ["id", "name"]


def _drop_artefacts(data: dict[str, Any]) -> None:
    del data["page_artefacts"]


def _misname_artefact(data: dict[str, Any]) -> None:
    data["page_artefacts"][0]["row"] = "Offers"


def _drop_stage_note(data: dict[str, Any]) -> None:
    inputs = data["actions"][0]["input_fields"]
    inputs[:] = [f if not isinstance(f, dict) else f["name"] for f in inputs]


def _drop_model_notes(data: dict[str, Any]) -> None:
    next(m for m in data["models"] if m["key"] == "jobs").pop("notes")


def _drop_input(data: dict[str, Any]) -> None:
    data["actions"][0]["input_fields"].pop()


def _extra_feature(data: dict[str, Any]) -> None:
    data["features"].append({"name": "Time Travel"})


def _drop_feature(data: dict[str, Any]) -> None:
    data["features"] = [f for f in data["features"] if f["name"] != "OAuth"]


def _retitle(data: dict[str, Any]) -> None:
    data["title"] = "Ashby Integration"


ALTERATIONS = [
    ("ashby", _drop_field("Jobs", "salary_currency"), "models[Jobs]: missing ['salary_currency']"),
    ("ashby", _add_field, "models[Jobs]: not on the page ['shoe_size']"),
    ("ashby", _drop_action, "actions: missing ['Reject application']"),
    ("ashby", _swap_first_models, "models: order differs"),
    ("ashby", _list_tag_fields, "models[Tags]: the page lists no fields"),
    ("ashby", _retitle, "title:"),
    ("personio", _drop_artefacts, "features: missing ['Jobs']"),
    ("personio", _misname_artefact, "artefact 'Offers' is not on the page"),
    ("personio", _drop_stage_note, "actions[Create candidate].application.stage_id: the page has a note"),
    ("gem", _drop_model_notes, "models[Jobs]: the page has notes"),
    ("flatchr", _drop_input, "actions[Create candidate]: missing ['attachments.type']"),
    ("flatchr", _extra_feature, "features: not on the page ['Time Travel']"),
    ("factorial", _drop_feature, "features: missing ['OAuth']"),
]


def _packaged_data(vendor: str) -> dict[str, Any]:
    return yaml.safe_load(files("atsbox.contracts.coverage").joinpath(f"{vendor}.yaml").read_text("utf-8"))


def _write(tmp_path: Path, data: dict[str, Any]) -> Coverage:
    path = tmp_path / "altered.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_coverage_file(path)


@pytest.mark.parametrize("vendor", VENDORS)
def test_unaltered_copy_in_tmp_still_matches(
    vendor: str, tmp_path: Path, pages: dict[str, CoveragePage]
) -> None:
    # Guards the alteration tests: the round trip through tmp changes nothing by itself.
    assert compare_with_page(_write(tmp_path, _packaged_data(vendor)), pages[vendor]) == []


@pytest.mark.parametrize(
    ("vendor", "alter", "expected"), ALTERATIONS, ids=lambda x: getattr(x, "__name__", None)
)
def test_altered_table_is_reported(
    vendor: str,
    alter: Callable[[dict[str, Any]], None],
    expected: str,
    tmp_path: Path,
    pages: dict[str, CoveragePage],
) -> None:
    data = _packaged_data(vendor)
    alter(data)
    problems = compare_with_page(_write(tmp_path, data), pages[vendor])
    assert any(expected in p for p in problems), problems


def test_altered_yaml_text_is_reported(tmp_path: Path, pages: dict[str, CoveragePage]) -> None:
    # The same through a plain text edit of the file, as a person would make it.
    text = files("atsbox.contracts.coverage").joinpath("gem.yaml").read_text("utf-8")
    altered = text.replace("      - job_code\n", "", 1)
    assert altered != text
    path = tmp_path / "gem.yaml"
    path.write_text(altered, encoding="utf-8")
    assert compare_with_page(load_coverage_file(path), pages["gem"]) == ["models[Jobs]: missing ['job_code']"]


# -- loader invariants (no pages needed) --------------------------------------------------


def test_vendors_and_all_coverages_order() -> None:
    assert VENDORS == ("ashby", "personio", "gem", "factorial", "flatchr")
    tables = all_coverages()
    assert list(tables) == list(VENDORS)
    for vendor, table in tables.items():
        assert table.vendor == vendor
        assert table.page == f"{vendor}.txt"
        assert table is load_coverage(vendor)  # cached, immutable


@pytest.mark.parametrize("vendor", VENDORS)
def test_keys_unique_known_and_fitting_the_names(vendor: str) -> None:
    table = load_coverage(vendor)
    model_keys = [m.key for m in table.models]
    action_keys = [a.key for a in table.actions]
    assert len(set(model_keys)) == len(model_keys)
    assert len(set(action_keys)) == len(action_keys)
    assert all(MODEL_KEYS[m.key] == m.name for m in table.models)
    assert all(ACTION_KEYS[a.key] == a.name for a in table.actions)
    for model in table.models:
        assert len(set(model.field_names)) == len(model.field_names)
    assert len({f.name for f in table.features}) == len(table.features)


@pytest.mark.parametrize("vendor", VENDORS)
def test_counts(vendor: str) -> None:
    keys = ("models", "fields", "actions", "input_fields", "features")
    assert tuple(load_coverage(vendor).counts()[k] for k in keys) == COUNTS[vendor]


def test_models_without_field_table_are_explicit() -> None:
    unlisted = {v: [m.key for m in t.models if not m.fields_listed] for v, t in all_coverages().items()}
    assert unlisted == {
        "ashby": ["tags", "candidate_tags"],
        "personio": [],
        "gem": [],
        "factorial": [],
        "flatchr": ["tags", "candidate_tags"],
    }
    flatchr = load_coverage("flatchr")
    assert flatchr.supports("tags")
    assert flatchr.listed_fields("tags") is None
    assert flatchr.model("tags").field_names == ()
    assert "standard fields" in (flatchr.model("tags").notes or "")


def test_lookup_helpers() -> None:
    ashby, personio, gem = load_coverage("ashby"), load_coverage("personio"), load_coverage("gem")
    assert ashby.listed_fields("jobs")[:4] == ("id", "remote_id", "changed_at", "remote_deleted_at")
    assert ashby.model("job_stages").name == "Job-specific application stages"
    assert ashby.action("create_candidate").input_field_names[0] == "candidate.first_name"
    assert ashby.has_feature("Delta Syncs") and not personio.has_feature("Delta Syncs")
    assert gem.supports_action("get_candidate_attachments") and not gem.supports_action("create_candidate")
    assert not personio.supports("users")
    with pytest.raises(KeyError):
        personio.model("users")
    with pytest.raises(KeyError):
        gem.action("reject_application")
    with pytest.raises(KeyError):
        load_coverage("greenhouse")


def test_vendor_specific_notes_are_recorded() -> None:
    personio_stage = next(
        f
        for f in load_coverage("personio").action("create_application").input_fields
        if f.name == "application.stage_id"
    )
    assert personio_stage.note and "predefined" in personio_stage.note
    assert "first" in (load_coverage("gem").model("jobs").notes or "")
    assert "hidden" in (load_coverage("flatchr").model("application_stages").notes or "")
    assert "offerer id" in (load_coverage("flatchr").action("create_candidate").notes or "")
    assert "CV" in (load_coverage("factorial").action("create_candidate").notes or "")


def test_yaml_files_are_package_data() -> None:
    package = files("atsbox.contracts.coverage")
    assert sorted(p.name for p in package.iterdir() if p.name.endswith(".yaml")) == sorted(
        f"{v}.yaml" for v in VENDORS
    )


def _broken(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = _packaged_data("ashby")
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["models"][0].update(key="people"), "not a unified model key"),
        (lambda d: d["actions"][0].update(key="create_application"), "cannot have key"),
        (lambda d: d["models"][0].update(fields=[]), "empty field list"),
        (lambda d: d["models"][0]["fields"].append("id"), "listed twice"),
        (lambda d: d["models"].append(d["models"][0]), "model key 'users' is listed twice"),
        (lambda d: d.update(vendor="lever"), "unknown vendor"),
        (lambda d: d.update(coverage="full"), "Extra inputs are not permitted"),
        (lambda d: d["models"][0].update(field_list=[]), "Extra inputs are not permitted"),
    ],
)
def test_schema_rejects_bad_tables(mutate: Callable[[dict[str, Any]], None], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Coverage.model_validate(_broken(mutate))


# -- the page parser on a synthetic page ----------------------------------------------------

_SAMPLE_HEAD = """\
Available Connectors
Acme ATS Integration
Acme connector for Kombo's ATS API
Guides and Resources
Supported Features & Coverage
"""
# The scrape prints the whole Models tab twice.
_SAMPLE_MODELS_TAB = """\
Users
Users
Field | Notes |
---|---|
id | |
first_name |
Tags
Tags
Jobs
Jobs
Only the first office is mapped; the
location
comes from it.Field | Notes |
---|---|
id | |
location | first office only |
remote_data |
"""
_SAMPLE_ACTIONS_AND_FEATURES = """\
Create candidate
Create candidate
One CV only.
Input Field | Notes |
---|---|
candidate.first_name | |
application.stage_id | remote ids only |
Get candidate attachments
Get candidate attachments
Input Field | Notes |
---|---|
candidate_id |
Feature | Notes |
---|---|
Delta Syncs | |
EEO Questions | surveys included |"""
SAMPLE_PAGE = _SAMPLE_HEAD + _SAMPLE_MODELS_TAB * 2 + _SAMPLE_ACTIONS_AND_FEATURES


def test_parser_reads_the_scrape_shapes() -> None:
    page = parse_page(SAMPLE_PAGE)
    assert page.title == "Acme ATS Integration"
    assert [b.name for b in page.models] == ["Users", "Tags", "Jobs"]
    assert page.model("Users").row_names == ("id", "first_name")
    assert page.model("Tags").rows is None
    jobs = page.model("Jobs")
    assert jobs.notes == "Only the first office is mapped; the location comes from it."
    assert [(r.name, r.note) for r in jobs.rows or ()] == [
        ("id", ""),
        ("location", "first office only"),
        ("remote_data", ""),
    ]
    create = page.action("Create candidate")
    assert create.notes == "One CV only."
    assert [(r.name, r.note) for r in create.rows or ()] == [
        ("candidate.first_name", ""),
        ("application.stage_id", "remote ids only"),
    ]
    assert page.action("Get candidate attachments").row_names == ("candidate_id",)
    assert [(f.name, f.note) for f in page.features] == [
        ("Delta Syncs", ""),
        ("EEO Questions", "surveys included"),
    ]


def test_parser_refuses_a_repeat_that_differs() -> None:
    altered = SAMPLE_PAGE.replace("first_name |\nTags", "last_name |\nTags", 1)
    with pytest.raises(PageFormatError, match="'Users' appears twice with different content"):
        parse_page(altered)


def test_parser_refuses_text_that_is_not_a_coverage_page() -> None:
    with pytest.raises(PageFormatError):
        parse_page("Acme ATS Integration\nUsers\nUsers\n")
    with pytest.raises(PageFormatError, match="doubled heading"):
        parse_page("Supported Features & Coverage\nUsers\nJobs\n")


# -- atsbox coverage ------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["coverage", *argv]) == 0
    return capsys.readouterr().out


def test_command_table(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys)
    for vendor, (models, fields, actions, inputs, features) in COUNTS.items():
        assert f"{vendor} - " in out
        assert (
            f"{models} models ({fields} fields), {actions} actions ({inputs} input fields), {features} features"
            in out
        )
    tags = next(line for line in out.splitlines() if line.strip().startswith("Tags "))
    assert tags.split()[-1] == "-"
    only_gem = _run(capsys, "--vendor", "gem", "--format", "table")
    assert only_gem.startswith("gem - Gem ATS Integration (gem.txt)")
    assert "ashby" not in only_gem and "job_code" in only_gem


def test_command_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_run(capsys, "--format", "json"))
    assert list(data) == list(VENDORS)
    for vendor in VENDORS:
        assert Coverage.model_validate(data[vendor]) == load_coverage(vendor)
    assert list(json.loads(_run(capsys, "--format", "json", "--vendor", "flatchr"))) == ["flatchr"]


def _tables(markdown: str) -> list[list[str]]:
    tables: list[list[str]] = []
    previous = ""
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    return tables


def test_command_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "--format", "markdown")
    assert "| Model | Ashby | Personio | Gem | Factorial | Flatchr |" in out
    assert "| Tags | yes (no field list) | - | - | - | yes (no field list) |" in out
    assert "| Get candidate attachments | - | - | 1 | - | - |" in out
    for name in ("Ashby", "Personio", "Gem", "Factorial", "Flatchr"):
        assert f"### {name}" in out
    tables = _tables(out)
    assert len(tables) == 3 + 3 * len(VENDORS)
    for table in tables:
        # Same number of cells on every row: no note broke a table with a stray pipe.
        widths = {line.replace("\\|", "").count("|") for line in table}
        assert len(widths) == 1, table[0]
    single = _run(capsys, "--format", "markdown", "--vendor", "personio")
    assert "## Coverage by vendor" not in single
    assert single.startswith("### Personio")
    assert "| Jobs |" not in single.split("| Feature | Note |")[1]


def test_command_rejects_unknown_vendor(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["coverage", "--vendor", "lever"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
