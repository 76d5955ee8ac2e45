"""Parser for the scraped vendor coverage pages (the text files in shared/seeds/).

The scrape flattens the page's tabs and accordions into lines:

- every block heading is printed twice in a row ("Jobs" / "Jobs");
- the whole Models tab appears twice, one copy after the other;
- a block may carry free text between its heading and its table, and the scrape glues
  the table header onto the last line of that text ("...job posting.Field | Notes |");
- tables are "Field | Notes |" (models) or "Input Field | Notes |" (actions), then
  "---|---|", then rows "name | note |" where the last row has lost its empty cell
  ("remote_data |");
- a model without a field table is just its doubled heading;
- the Features tab is a bare "Feature | Notes |" table after the last action.

The parser keeps the first copy of a repeated block and refuses a repeat that differs,
since that would mean the scrape is not the artefact we think it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

COVERAGE_MARKER = "Supported Features & Coverage"
_MODEL_HEADER = "Field | Notes |"
_ACTION_HEADER = "Input Field | Notes |"
_FEATURE_HEADER = "Feature | Notes |"
_RULE = "---|---|"


class PageFormatError(ValueError):
    """The text does not look like a scraped coverage page."""


@dataclass(frozen=True)
class Row:
    name: str
    note: str = ""


@dataclass(frozen=True)
class Block:
    """A model or an action: heading, the free text under it, and its table (if any)."""

    name: str
    notes: str = ""
    rows: tuple[Row, ...] | None = None

    @property
    def row_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rows or ())


@dataclass
class CoveragePage:
    title: str
    models: list[Block] = field(default_factory=list)
    actions: list[Block] = field(default_factory=list)
    features: list[Row] = field(default_factory=list)

    def model(self, name: str) -> Block:
        return _by_name(self.models, name)

    def action(self, name: str) -> Block:
        return _by_name(self.actions, name)


def _by_name(blocks: list[Block], name: str) -> Block:
    for block in blocks:
        if block.name == name:
            return block
    raise KeyError(name)


def _parse_row(line: str) -> Row:
    # "name | note |" or, for a table's last row, "name |" / "name | note".
    name, _, rest = line.partition("|")
    note = rest.strip()
    if note.endswith("|"):
        note = note[:-1].strip()
    return Row(name.strip(), note)


def _is_row(line: str) -> bool:
    return "|" in line and not line.startswith(_RULE)


def _is_heading(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and lines[i] == lines[i + 1] and "|" not in lines[i] and bool(lines[i])


def _table_header(line: str) -> str | None:
    # Order matters: the action header ends with the model header.
    for header in (_ACTION_HEADER, _FEATURE_HEADER, _MODEL_HEADER):
        if line.endswith(header):
            return header
    return None


def _read_table(lines: list[str], i: int) -> tuple[tuple[Row, ...], int]:
    """Rows of the table whose header is lines[i]; returns them and the next line index."""
    i += 1
    if i < len(lines) and lines[i].startswith(_RULE):
        i += 1
    rows: list[Row] = []
    while i < len(lines) and _is_row(lines[i]) and _table_header(lines[i]) is None:
        rows.append(_parse_row(lines[i]))
        i += 1
    return tuple(rows), i


def _join_notes(parts: list[str]) -> str:
    # The scrape breaks a paragraph wherever the page had inline code; put it back on
    # one line and drop the space that lands before punctuation.
    text = " ".join(p.strip() for p in parts if p.strip())
    for mark in (".", ",", ";", ":"):
        text = text.replace(f" {mark}", mark)
    return text


def _add(blocks: list[Block], block: Block, kind: str) -> None:
    for existing in blocks:
        if existing.name == block.name:
            if existing != block:
                raise PageFormatError(f"{kind} {block.name!r} appears twice with different content")
            return
    blocks.append(block)


def parse_page(text: str) -> CoveragePage:
    lines = [line.rstrip() for line in text.splitlines()]
    title = next((line for line in lines if line.endswith(" ATS Integration")), "")
    try:
        i = lines.index(COVERAGE_MARKER) + 1
    except ValueError as exc:
        raise PageFormatError(f"no {COVERAGE_MARKER!r} line") from exc
    page = CoveragePage(title=title)
    seen_action = False
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _table_header(line) == _FEATURE_HEADER:
            rows, i = _read_table(lines, i)
            page.features.extend(rows)
            continue
        if not _is_heading(lines, i):
            raise PageFormatError(f"line {i + 1}: expected a doubled heading, got {line!r}")
        name = line
        i += 2
        notes: list[str] = []
        rows_or_none: tuple[Row, ...] | None = None
        header: str | None = None
        while i < len(lines) and not _is_heading(lines, i):
            header = _table_header(lines[i])
            if header == _FEATURE_HEADER:
                break
            if header is not None:
                notes.append(lines[i][: -len(header)])
                rows_or_none, i = _read_table(lines, i)
                break
            notes.append(lines[i])
            i += 1
        # Models come first on the page, so a block without a table before any action is a
        # model (the pages show "Tags" that way); after the first action it is an action.
        is_action = header == _ACTION_HEADER or (header is None and seen_action)
        seen_action = seen_action or is_action
        block = Block(name=name, notes=_join_notes(notes), rows=rows_or_none)
        if is_action:
            _add(page.actions, block, "action")
        else:
            _add(page.models, block, "model")
    return page


def read_page(path: Path) -> CoveragePage:
    return parse_page(path.read_text(encoding="utf-8"))
