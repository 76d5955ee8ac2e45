"""`atsbox coverage`: show the vendors' coverage tables (contracts/coverage/<vendor>.yaml).

Three renderings of the same loaded tables: aligned plain text for a terminal, JSON (the
pydantic models dumped) for tools, and Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Callable, Iterable, Sequence

from atsbox.contracts.coverage import ACTION_KEYS, MODEL_KEYS, VENDORS, Coverage, CoveredField, load_coverage

WIDTH = 100


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "coverage",
        help="show what each connector reads and writes (the coverage tables)",
        description="Print the coverage tables transcribed from the vendors' coverage pages.",
    )
    parser.add_argument("--vendor", choices=VENDORS, help="one vendor only (default: all five)")
    parser.add_argument(
        "--format",
        choices=tuple(RENDERERS),
        default="table",
        help="table: aligned text; json: the loaded tables; markdown: tables for the README",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    vendors = (args.vendor,) if args.vendor else VENDORS
    coverages = [load_coverage(v) for v in vendors]
    print(RENDERERS[args.format](coverages), end="")
    return 0


# -- plain text ---------------------------------------------------------------------------


def _summary(coverage: Coverage) -> str:
    n = coverage.counts()
    return (
        f"{n['models']} models ({n['fields']} fields), {n['actions']} actions "
        f"({n['input_fields']} input fields), {n['features']} features"
    )


def _aligned(rows: Sequence[tuple[str, str, str, str]]) -> list[str]:
    """Rows of (name, key, count, fields): aligned columns, the field list wrapped below."""
    name_w = max(len(r[0]) for r in rows)
    key_w = max(len(r[1]) for r in rows)
    count_w = max(len(r[2]) for r in rows)
    out = []
    for name, key, count, fields in rows:
        out.append(f"    {name:<{name_w}}  {key:<{key_w}}  {count:>{count_w}}")
        out += textwrap.wrap(
            fields, WIDTH, initial_indent=" " * 8, subsequent_indent=" " * 8, break_on_hyphens=False
        )
    return out


def _names(fields: Iterable[CoveredField]) -> str:
    return ", ".join(f.name for f in fields)


def render_table(coverages: Sequence[Coverage]) -> str:
    lines: list[str] = []
    for coverage in coverages:
        if lines:
            lines.append("")
        lines.append(f"{coverage.vendor} - {coverage.title} ({coverage.page})")
        lines.append(f"  {_summary(coverage)}")
        lines.append("  Models")
        lines += _aligned(
            [
                (
                    m.name,
                    m.key,
                    str(len(m.field_names)) if m.fields_listed else "-",
                    _names(m.fields) if m.fields is not None else "(page lists no fields)",
                )
                for m in coverage.models
            ]
        )
        lines.append("  Actions")
        lines += _aligned(
            [(a.name, a.key, str(len(a.input_fields)), _names(a.input_fields)) for a in coverage.actions]
        )
        lines.append("  Features")
        lines += [f"    {f.name}" for f in coverage.features]
    return "\n".join(lines) + "\n"


# -- JSON ---------------------------------------------------------------------------------


def render_json(coverages: Sequence[Coverage]) -> str:
    dumped = {c.vendor: c.model_dump(mode="json") for c in coverages}
    return json.dumps(dumped, indent=2, ensure_ascii=False) + "\n"


# -- Markdown -----------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _with_field_notes(notes: str | None, fields: Iterable[CoveredField]) -> str:
    parts = [notes] if notes else []
    parts += [f"`{f.name}`: {f.note}" for f in fields if f.note]
    return " ".join(parts)


def _code_list(fields: Iterable[CoveredField]) -> str:
    return ", ".join(f"`{f.name}`" for f in fields)


def _matrix(
    coverages: Sequence[Coverage], first: str, rows: Iterable[str], cell: Callable[[Coverage, str], str]
) -> list[str]:
    return _md_table(
        [first] + [c.vendor_name for c in coverages], ([r] + [cell(c, r) for c in coverages] for r in rows)
    )


def _model_cell(coverage: Coverage, name: str) -> str:
    model = next((m for m in coverage.models if m.name == name), None)
    if model is None:
        return "-"
    return str(len(model.field_names)) if model.fields_listed else "yes (no field list)"


def _action_cell(coverage: Coverage, name: str) -> str:
    action = next((a for a in coverage.actions if a.name == name), None)
    return "-" if action is None else str(len(action.input_fields))


def _ordered_union(lists: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for names in lists:
        seen.update(dict.fromkeys(names))
    return list(seen)


def render_markdown(coverages: Sequence[Coverage]) -> str:
    lines: list[str] = []
    if len(coverages) > 1:
        lines += ["## Coverage by vendor", "", "Fields per model (`-`: not covered):", ""]
        present_models = {m.name for c in coverages for m in c.models}
        models = [name for name in MODEL_KEYS.values() if name in present_models]
        lines += _matrix(coverages, "Model", models, _model_cell)
        lines += ["", "Input fields per write action:", ""]
        present_actions = {a.name for c in coverages for a in c.actions}
        actions = [name for name in ACTION_KEYS.values() if name in present_actions]
        lines += _matrix(coverages, "Action", actions, _action_cell)
        lines += ["", "Features:", ""]
        features = _ordered_union([f.name for f in c.features] for c in coverages)
        lines += _matrix(coverages, "Feature", features, lambda c, f: "yes" if c.has_feature(f) else "-")
        lines.append("")
    for coverage in coverages:
        lines += [f"### {coverage.vendor_name}", "", f"From `{coverage.page}`: {_summary(coverage)}."]
        if coverage.notes:
            lines += ["", coverage.notes]
        lines.append("")
        lines += _md_table(
            ["Model", "Key", "Fields", "Notes"],
            (
                [
                    m.name,
                    f"`{m.key}`",
                    _code_list(m.fields) if m.fields is not None else "(page lists no fields)",
                    _with_field_notes(m.notes, m.fields or ()),
                ]
                for m in coverage.models
            ),
        )
        lines.append("")
        lines += _md_table(
            ["Action", "Key", "Input fields", "Notes"],
            (
                [a.name, f"`{a.key}`", _code_list(a.input_fields), _with_field_notes(a.notes, a.input_fields)]
                for a in coverage.actions
            ),
        )
        lines.append("")
        lines += _md_table(["Feature", "Note"], ([f.name, f.note or ""] for f in coverage.features))
        lines.append("")
    return "\n".join(lines)


RENDERERS: dict[str, Callable[[Sequence[Coverage]], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
