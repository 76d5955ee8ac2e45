"""Keep README.md's generated parts in step with their sources.

- Between `<!-- vendors:start -->` and `<!-- vendors:end -->`: the vendor sections, one per
  file in docs/vendors/<vendor>.md (in the coverage tables' vendor order).
- Between `<!-- matrix:start -->` and `<!-- matrix:end -->`: the contract summary table,
  from a coverage.json written by `atsbox contracts --report DIR` (pass `--matrix DIR/coverage.json`).

    .venv/bin/python scripts/sync_readme.py [--matrix reports/coverage.json] [--check]

`--check` exits 1 when README.md is out of date (the test suite runs that for the vendors).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def vendor_sections() -> str:
    from atsbox.contracts.coverage import VENDORS

    parts = []
    for vendor in VENDORS:
        path = ROOT / "docs" / "vendors" / f"{vendor}.md"
        if path.exists():
            parts.append(path.read_text(encoding="utf-8").strip())
    return "\n\n".join(parts)


def matrix_table(path: Path) -> str:
    from atsbox.contracts.reports import summary_table

    data = json.loads(path.read_text(encoding="utf-8"))
    return summary_table(list(data.values()))


def replace_block(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> block")
    return pattern.sub(lambda m: m.group(1) + (body + "\n" if body else "") + m.group(2), text)


def render(text: str, matrix: Path | None) -> str:
    text = replace_block(text, "vendors", vendor_sections())
    if matrix is not None:
        text = replace_block(text, "matrix", matrix_table(matrix))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matrix", type=Path, help="coverage.json of an atsbox contracts run")
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md is out of date")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    wanted = render(current, args.matrix)
    if args.check:
        if wanted != current:
            print("README.md is out of date: run scripts/sync_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
