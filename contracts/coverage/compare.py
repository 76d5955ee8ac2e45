"""Where a coverage table and its vendor's page disagree.

The table must hold exactly what the page lists: the same models and actions in page
order, the same fields and input fields (order does not matter, extras and gaps do), the
same features. A row the table leaves out on purpose must be declared as a page artefact,
and a declared artefact must really be on the page. Where the page attaches a note to a
block or a row, the table must carry a note of its own (paraphrased, so only its presence
is checked).
"""

from __future__ import annotations

from collections.abc import Sequence

from .page import Block, CoveragePage, Row
from .schema import ActionCoverage, Coverage, CoveredField, Feature, ModelCoverage


def _set_diff(where: str, expected: Sequence[str], actual: Sequence[str]) -> list[str]:
    problems = []
    missing = [n for n in expected if n not in actual]
    extra = [n for n in actual if n not in expected]
    if missing:
        problems.append(f"{where}: missing {missing}")
    if extra:
        problems.append(f"{where}: not on the page {extra}")
    return problems


def _order(where: str, expected: Sequence[str], actual: Sequence[str]) -> list[str]:
    common = set(expected) & set(actual)
    want = [n for n in expected if n in common]
    got = [n for n in actual if n in common]
    return [] if want == got else [f"{where}: order differs from the page: {got} vs {want}"]


def _compare_rows(where: str, rows: tuple[Row, ...], fields: Sequence[CoveredField | Feature]) -> list[str]:
    problems = _set_diff(where, [r.name for r in rows], [f.name for f in fields])
    notes = {f.name: f.note for f in fields}
    for row in rows:
        if row.note and row.name in notes and not notes[row.name]:
            problems.append(f"{where}.{row.name}: the page has a note, the table has none")
    return problems


def _compare_block(where: str, block: Block, entry: ModelCoverage | ActionCoverage) -> list[str]:
    problems: list[str] = []
    if block.notes and not entry.notes:
        problems.append(f"{where}: the page has notes, the table has none")
    if isinstance(entry, ActionCoverage):
        return problems + _compare_rows(where, block.rows or (), entry.input_fields)
    if block.rows is None or entry.fields is None:
        if (block.rows is None) != (entry.fields is None):
            listed = "lists fields" if block.rows is not None else "lists no fields"
            problems.append(f"{where}: the page {listed}, the table says otherwise")
        return problems
    return problems + _compare_rows(where, block.rows, entry.fields)


def compare_with_page(coverage: Coverage, page: CoveragePage) -> list[str]:
    """Every disagreement between the table and the page, as readable lines (empty = same)."""
    problems: list[str] = []
    if coverage.title != page.title:
        problems.append(f"title: {coverage.title!r} vs the page's {page.title!r}")
    skipped = {(a.section, a.row) for a in coverage.page_artefacts}
    for section, names in (
        ("models", [b.name for b in page.models]),
        ("actions", [b.name for b in page.actions]),
        ("features", [f.name for f in page.features]),
    ):
        for stale in sorted(r for s, r in skipped if s == section and r not in names):
            problems.append(f"{section}: artefact {stale!r} is not on the page")

    sections: list[tuple[str, list[Block], Sequence[ModelCoverage | ActionCoverage]]] = [
        ("models", page.models, coverage.models),
        ("actions", page.actions, coverage.actions),
    ]
    for section, blocks, entries in sections:
        expected = [b.name for b in blocks if (section, b.name) not in skipped]
        actual = [e.name for e in entries]
        problems += _set_diff(section, expected, actual)
        problems += _order(section, expected, actual)
        by_name = {e.name: e for e in entries}
        for block in blocks:
            if block.name in by_name:
                problems += _compare_block(f"{section}[{block.name}]", block, by_name[block.name])

    features = tuple(f for f in page.features if ("features", f.name) not in skipped)
    return problems + _compare_rows("features", features, coverage.features)
