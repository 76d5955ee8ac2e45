"""Render coverage matrices as JUnit XML, JSON, Markdown and a self-contained HTML page.

Every renderer reads the same matrix (`VendorResult.matrix()`), so the four reports can
never disagree. Unverified documented items count as failures in JUnit: CI must not pass
while something the coverage page promises was never shown to work.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from atsbox.contracts.results import passed

Matrix = dict[str, Any]


def _items(matrix: Matrix) -> Iterator[tuple[str, str, str, str]]:
    """(classname, name, status, detail) for every documented item of one vendor."""
    vendor = matrix["vendor"]
    for key, model in matrix["models"].items():
        for name, f in model["fields"].items():
            yield f"{vendor}.models.{key}", name, f["status"], "\n".join(f["failures"])
        problems = model["record_failures"] + [
            f"unlisted field delivered: {n}" for n in model["unlisted_fields_delivered"]
        ]
        yield (
            f"{vendor}.models.{key}",
            "(records)",
            "failing" if problems else "verified",
            "\n".join(problems),
        )
    for key, action in matrix["actions"].items():
        for name, f in action["input_fields"].items():
            detail = "\n".join(x for x in (action["error"], f["detail"]) if x)
            yield f"{vendor}.actions.{key}", name, f["status"], detail
    for name, f in matrix["features"].items():
        yield f"{vendor}.features", name, f["status"], f["detail"]
    for name, c in matrix["checks"].items():
        yield f"{vendor}.checks", name, c["status"], c["detail"]
    for error in matrix["errors"]:
        yield f"{vendor}.run", "error", "failing", error


def write_junit(matrices: Iterable[Matrix], path: Path) -> None:
    root = ET.Element("testsuites", name="atsbox contracts")
    for matrix in matrices:
        items = list(_items(matrix))
        failures = sum(1 for *_, status, _ in items if status in ("failing", "unverified"))
        skipped = sum(1 for *_, status, _ in items if status == "gap")
        suite = ET.SubElement(
            root, "testsuite", name=f"atsbox.contracts.{matrix['vendor']}", tests=str(len(items)),
            failures=str(failures), errors="0", skipped=str(skipped), time=str(matrix["seconds"]),
        )  # fmt: skip
        for classname, name, status, detail in items:
            case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")
            if status == "failing":
                ET.SubElement(
                    case, "failure", message=(detail.splitlines() or ["failing"])[0][:500]
                ).text = detail
            elif status == "unverified":
                ET.SubElement(case, "failure", message="documented but not verified").text = detail
            elif status == "gap":
                ET.SubElement(case, "skipped", message=detail[:500])
    tree = ET.ElementTree(root)
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def write_json(matrices: Iterable[Matrix], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {m["vendor"]: m for m in matrices}
    path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")


def summary_table(matrices: Iterable[Matrix]) -> str:
    """Documented vs verified per vendor, as the README shows it."""
    rows = [
        "| vendor | fields verified | input fields verified | features verified | checks | result |",
        "|---|---|---|---|---|---|",
    ]
    for m in matrices:
        s = m["summary"]
        cells = [
            f"{s[k]['verified']}/{s[k]['documented']}" + (f" ({s[k]['gap']} gaps)" if s[k].get("gap") else "")
            for k in ("fields", "input_fields", "features", "checks")
        ]
        rows.append(f"| {m['vendor']} | " + " | ".join(cells) + f" | {'pass' if passed(m) else 'FAIL'} |")
    return "\n".join(rows)


def markdown(matrices: list[Matrix]) -> str:
    out = ["# atsbox contract coverage", "", summary_table(matrices), ""]
    for m in matrices:
        out += [f"## {m['vendor']}", ""]
        problems = [item for item in _items(m) if item[2] != "verified"]
        if not problems:
            out += ["Every documented field, input field, feature and check verified.", ""]
            continue
        out += ["| item | status | detail |", "|---|---|---|"]
        for classname, name, status, detail in problems:
            first = (detail.splitlines() or [""])[0].replace("|", "\\|")[:200]
            out.append(f"| `{classname.split('.', 1)[1]}.{name}` | {status} | {first} |")
        out.append("")
    return "\n".join(out)


def write_markdown(matrices: list[Matrix], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(matrices), encoding="utf-8")


_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0 0 1.5em}
th,td{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}
.verified{background:#d9f2d9}.failing{background:#f8d0d0}.unverified{background:#fff1c2}.gap{background:#e4e4f4}
details{margin:.3em 0} summary{cursor:pointer;font-weight:600}
pre{white-space:pre-wrap;margin:0;font-size:12px}
"""


def _cell(status: str, detail: str = "") -> str:
    tip = f"<pre>{html.escape(detail)}</pre>" if detail else ""
    return f'<td class="{status}">{status}{tip}</td>'


def html_page(matrices: list[Matrix]) -> str:
    """A self-contained page (inline CSS, no scripts, no external assets)."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>atsbox coverage matrix</title>",
        f"<style>{_STYLE}</style></head><body><h1>atsbox coverage matrix</h1>",
    ]
    parts.append(
        "<table><tr><th>vendor</th><th>fields</th><th>input fields</th><th>features</th><th>checks</th></tr>"
    )
    for m in matrices:
        s = m["summary"]
        cells = "".join(
            f"<td>{s[k]['verified']} / {s[k]['documented']}</td>"
            for k in ("fields", "input_fields", "features", "checks")
        )
        parts.append(f"<tr><th>{html.escape(m['vendor'])}</th>{cells}</tr>")
    parts.append("</table>")
    for m in matrices:
        parts.append(f"<h2>{html.escape(m['vendor'])}</h2>")
        for key, model in m["models"].items():
            parts.append(f"<details><summary>{html.escape(model['name'])} ({key})</summary><table>")
            parts.append(
                "<tr><th>field</th><th>documented</th><th>status</th><th>compared</th><th>non-empty</th></tr>"
            )
            for name, f in model["fields"].items():
                parts.append(
                    f"<tr><td>{html.escape(name)}</td><td>yes</td>{_cell(f['status'], chr(10).join(f['failures']))}"
                    f"<td>{f['compared']}</td><td>{f['nonempty']}</td></tr>"
                )
            for problem in model["record_failures"]:
                parts.append(
                    f"<tr><td colspan='2'>records</td>{_cell('failing', problem)}<td></td><td></td></tr>"
                )
            for name in model["unlisted_fields_delivered"]:
                parts.append(
                    f"<tr><td>{html.escape(name)}</td><td>no</td>{_cell('failing', 'delivered but not documented')}"
                    "<td></td><td></td></tr>"
                )
            parts.append("</table></details>")
        if m["actions"]:
            parts.append(
                "<h3>Write actions</h3><table><tr><th>action</th><th>input field</th><th>status</th></tr>"
            )
            for action in m["actions"].values():
                for name, f in action["input_fields"].items():
                    detail = "\n".join(x for x in (action["error"], f["detail"]) if x)
                    parts.append(
                        f"<tr><td>{html.escape(action['name'])}</td><td>{html.escape(name)}</td>"
                        f"{_cell(f['status'], detail)}</tr>"
                    )
            parts.append("</table>")
        parts.append("<h3>Features and checks</h3><table><tr><th>row</th><th>status</th></tr>")
        for name, f in {**m["features"], **m["checks"]}.items():
            parts.append(f"<tr><td>{html.escape(name)}</td>{_cell(f['status'], f['detail'] or '')}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(matrices: list[Matrix], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_page(matrices), encoding="utf-8")


def write_all(matrices: list[Matrix], report_dir: Path | None, junit: Path | None) -> list[Path]:
    written = []
    if junit is not None:
        write_junit(matrices, junit)
        written.append(junit)
    if report_dir is not None:
        for name, writer in (
            ("coverage.json", write_json),
            ("summary.md", write_markdown),
            ("coverage.html", write_html),
        ):
            writer(matrices, report_dir / name)
            written.append(report_dir / name)
    return written
