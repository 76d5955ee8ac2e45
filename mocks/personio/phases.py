"""Personio's application phases (stages): five predefined ones plus numbered custom ones.

Personio has no stage endpoint; a company configures custom phases (numeric ids) and each
recruiting category selects which of them its jobs use. Every application sits in exactly
one phase, either a predefined (system) one, addressed by a word, or a custom one,
addressed by its number (the v1 create body's ``phase: {type, id}``).

The world's pipelines are vendor-neutral (`StageKind`); this module says which Personio
phase each world stage becomes. Rendering and the contract projection both ask it, so the
rule lives once:

- ``new`` -> ``unassigned``, ``offer`` -> ``offer``, ``hired`` -> ``accepted``;
- the first ``rejected`` stage of a job -> ``rejected``, any further one (the world's
  "Withdrawn") -> ``withdrawn``;
- ``lead``, ``screen`` and ``interview`` stages -> custom phases numbered from the world id.
"""

from __future__ import annotations

from typing import Literal

from atsbox.fixtures import model as w

from .ids import native_int

SYSTEM_PHASES: tuple[str, ...] = ("unassigned", "rejected", "withdrawn", "offer", "accepted")
SYSTEM_PHASE_NAMES: dict[str, str] = {
    "unassigned": "Unassigned",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "offer": "Offer",
    "accepted": "Accepted",
}
_SYSTEM_KIND: dict[str, str] = {"new": "unassigned", "offer": "offer", "hired": "accepted"}

# Where each phase sits when a job's phases are listed in pipeline order: unassigned first,
# then the custom phases (by number), then offer and the three end states.
_POSITION: dict[str, int] = {"unassigned": 0, "offer": 2, "accepted": 3, "rejected": 4, "withdrawn": 5}
_CUSTOM_POSITION = 1

PhaseType = Literal["system", "custom"]


def is_system(phase_id: str) -> bool:
    return phase_id in SYSTEM_PHASES


def phase_type(phase_id: str) -> PhaseType:
    return "system" if is_system(phase_id) else "custom"


def job_phases(job: w.Job) -> dict[str, str]:
    """World stage id -> phase id (a system word or a custom phase number, as text)."""
    out: dict[str, str] = {}
    rejected_seen = False
    for stage in sorted(job.stages, key=lambda s: s.index):
        if stage.kind == "rejected":
            out[stage.id] = "withdrawn" if rejected_seen else "rejected"
            rejected_seen = True
        else:
            out[stage.id] = _SYSTEM_KIND.get(stage.kind) or str(native_int("stage", stage.id))
    return out


def phase_name(phase_id: str, custom_names: dict[str, str]) -> str:
    return SYSTEM_PHASE_NAMES[phase_id] if is_system(phase_id) else custom_names[phase_id]


def pipeline_key(phase_id: str) -> tuple[int, int]:
    """Sort key that lists phases in pipeline order (custom phases by their number)."""
    if is_system(phase_id):
        return (_POSITION[phase_id], 0)
    return (_CUSTOM_POSITION, int(phase_id))
