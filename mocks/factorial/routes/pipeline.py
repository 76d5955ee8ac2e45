"""`ats/application_phases` (per job posting) and `ats/hiring_stages` (the company's six)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g

from .. import render
from ..api import (
    VENDOR,
    get_doc,
    id_list,
    id_param,
    list_of_job_postings,
    list_response,
    read_route,
)


def routes(bp: Blueprint, prefix: str) -> None:
    phases = f"{prefix}/ats/application_phases"
    stages = f"{prefix}/ats/hiring_stages"

    @bp.get(phases)
    def list_application_phases() -> Any:
        return list_of_job_postings(render.APPLICATION_PHASE)

    read_route(bp, phases, render.APPLICATION_PHASE, "application_phase",
               lambda n: get_doc(render.APPLICATION_PHASE, n, "Application phase"))  # fmt: skip

    @bp.get(stages)
    def list_hiring_stages() -> Any:
        phase = id_param("ats_application_phase_id")
        stage_ids = id_list("ids")
        if phase is not None:
            found = g.store.get(g.tenant, VENDOR, render.APPLICATION_PHASE, str(phase))
            linked = found.doc["ats_hiring_stage_id"] if found is not None else None
            stage_ids = [s for s in (stage_ids or [linked]) if s == linked and s is not None]
        return list_response(render.HIRING_STAGE, filters={"phase": phase}, only_ids=stage_ids)

    read_route(
        bp,
        stages,
        render.HIRING_STAGE,
        "hiring_stage",
        lambda n: get_doc(render.HIRING_STAGE, n, "Hiring stage"),
    )
