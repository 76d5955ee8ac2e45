"""The vendors' coverage tables: what each connector reads and writes, field by field.

`<vendor>.yaml` in this package transcribes the vendor's coverage page; `load_coverage`
turns it into typed objects (see `schema.py`). `page.py` parses the scraped pages and
`compare.py` reports where a table and its page disagree.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from .schema import (
    ACTION_KEYS,
    MODEL_KEYS,
    VENDORS,
    ActionCoverage,
    Coverage,
    CoveredField,
    Feature,
    ModelCoverage,
    PageArtefact,
)

__all__ = [
    "ACTION_KEYS",
    "MODEL_KEYS",
    "VENDORS",
    "ActionCoverage",
    "Coverage",
    "CoveredField",
    "Feature",
    "ModelCoverage",
    "PageArtefact",
    "all_coverages",
    "load_coverage",
    "load_coverage_file",
]


def _parse(text: str, source: str) -> Coverage:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping at the top level")
    return Coverage.model_validate(data)


def load_coverage_file(path: str | Path) -> Coverage:
    """Load a coverage table from any path (tests use it on altered copies)."""
    path = Path(path)
    return _parse(path.read_text(encoding="utf-8"), str(path))


@cache
def load_coverage(vendor: str) -> Coverage:
    """The packaged coverage table of one vendor. Cached: the objects are immutable."""
    if vendor not in VENDORS:
        raise KeyError(f"unknown vendor {vendor!r}; expected one of {', '.join(VENDORS)}")
    resource = files(__package__).joinpath(f"{vendor}.yaml")
    coverage = _parse(resource.read_text(encoding="utf-8"), f"{vendor}.yaml")
    if coverage.vendor != vendor:
        raise ValueError(f"{vendor}.yaml declares vendor {coverage.vendor!r}")
    return coverage


def all_coverages() -> dict[str, Coverage]:
    """Every vendor's table, in VENDORS order."""
    return {vendor: load_coverage(vendor) for vendor in VENDORS}
