"""Gem's projection rules, write checks and feature checks for the contract engine.

The projection states, from the world alone, what Kombo's Gem page promises:
- jobs: location from the first office only, department from the first department, every
  office and department by name in the custom fields ``offices`` / ``departments``;
  description and post_url from the newest posting that is live and active;
- candidates: source = the source of the candidate's initial (earliest) application; every
  application carries its own source in the custom field ``source``;
and what Gem's wire format can carry (office locations are "City, Region, CC" strings, social
profiles are bare URLs, job hiring teams have four roles, ARCHIVED jobs are closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from atsbox.connectors.base import Connector, connector_for
from atsbox.connectors.ids import unified_id
from atsbox.contracts.plugin import ConnectTarget, FeatureContext, VendorContract
from atsbox.contracts.projection import Expected, Projection, iso
from atsbox.contracts.writes import WriteCase, WriteChecks, WriteContext
from atsbox.fixtures import model as w
from atsbox.mocks.gem import ids as gem_ids

GEM_HIRING_ROLES = (
    ("HIRING_MANAGER", "hiring_managers", "Hiring Manager"),
    ("RECRUITER", "recruiters", "Recruiter"),
    ("COORDINATOR", "coordinators", "Coordinator"),
    ("SOURCER", "sourcers", "Sourcer"),
)
SOCIAL_NETWORKS = ("LINKEDIN", "GITHUB", "TWITTER", "XING")


class GemProjection(Projection):
    vendor = "gem"

    def shows(self, kind: str, record: Any) -> bool:
        # Gem keeps soft-deleted rows (include_deleted=true), so a sync sees them with
        # remote_deleted_at set.
        return True

    def integration_fields_of(self, values: dict[str, Any]) -> list[dict[str, Any]]:
        return sorted(super().integration_fields_of(values), key=lambda f: f["key"])

    def remote_id(self, kind: str, world_id: str) -> str:
        if kind == "custom_field":
            # Gem (like Harvest) keys custom fields by their name key.
            return next(d.key for d in self.world.custom_fields if d.id == world_id)
        return gem_ids.native_id(kind, world_id)

    # -- jobs -------------------------------------------------------------------------------
    def job(self, job: w.Job) -> Expected:
        out = super().job(job)
        posting = self.primary_posting(job)
        out["description"] = posting.description_html if posting else None
        out["status"] = "CLOSED" if job.status == "ARCHIVED" else job.status
        office = self.ix.office(job.office_ids[0]) if job.office_ids else None
        out["location"] = gem_location(office.address) if office else None
        out["custom_fields"] = {
            **out["custom_fields"],
            "offices": [self.ix.office(o).name for o in job.office_ids],
            "departments": [self.ix.department(d).name for d in job.department_ids],
        }
        return out

    # -- candidates and applications ----------------------------------------------------------
    def initial_application(self, candidate_id: str) -> w.Application | None:
        apps = [a for a in self.ix.applications_of_candidate(candidate_id) if a.times.deleted_at is None]
        return min(apps, key=lambda a: a.times.created_at, default=None)

    def candidate(self, candidate: w.Candidate) -> Expected:
        out = super().candidate(candidate)
        first = self.initial_application(candidate.id)
        source = self.ix.source(first.source_id) if first and first.source_id else None
        out["source"] = source.name if source else None
        out["social_media"] = [
            {"link": s.url, "type": s.type, "username": s.username}
            if s.type in SOCIAL_NETWORKS
            else {"link": s.url}
            for s in candidate.social_links
        ]
        return out

    def application(self, application: w.Application) -> Expected:
        out = super().application(application)
        if application.source_id:
            out["custom_fields"] = {
                **out["custom_fields"],
                "source": self.ix.source(application.source_id).name,
            }
        return out

    def application_stages(self) -> Iterable[Expected]:
        # Gem's stages are per job: the stage's priority is its global index, and a stage
        # removed from its job is a soft-deleted row.
        stages = {self.remote_id("stage", s.id): s for job in self.world.jobs for s in job.stages}
        for record in super().application_stages():
            stage = stages[record["remote_id"]]
            yield {**record, "global_index": stage.index, "remote_deleted_at": iso(stage.deleted_at)}

    def roles_of(self, member: w.HiringTeamMember) -> list[dict[str, Any]]:
        return [
            {"remote_id": key, "remote_label": label, "scope": "JOB", "unified_type": role}
            for role, key, label in GEM_HIRING_ROLES
            if role in member.roles
        ]

    def job_hiring_team(self) -> Iterable[Expected]:
        # Gem's hiring team has no place for interviewers or admins: members with only those
        # roles are not on a Gem job.
        return [self._with_parent_deletion(row, "jobs") for row in super().job_hiring_team() if row["roles"]]

    def job_stages(self) -> Iterable[Expected]:
        # A stage's row is gone when the stage is removed from the job, or with its job.
        removed = {
            self.join_uid("job_stages", ("job", job.id), ("stage", s.id)): iso(s.deleted_at)
            for job in self.world.jobs
            for s in job.stages
            if s.deleted_at is not None
        }
        rows = [self._with_parent_deletion(row, "jobs") for row in super().job_stages()]
        return [
            {**row, "remote_deleted_at": removed[row["id"]]} if row["id"] in removed else row for row in rows
        ]

    def interview_users(self) -> Iterable[Expected]:
        return [self._with_parent_deletion(row, "interviews") for row in super().interview_users()]

    def _with_parent_deletion(self, row: Expected, parent_model: str) -> Expected:
        """A join row of a soft-deleted job or interview is gone with it."""
        parent_key = "job_id" if parent_model == "jobs" else "interview_id"
        deleted = self._deleted_by_uid(parent_model).get(row[parent_key])
        return {**row, "remote_deleted_at": deleted}

    def _deleted_by_uid(self, model: str) -> dict[str, Any]:
        cache = self.__dict__.setdefault("_deleted_cache", {})
        if model not in cache:
            kind, records = (
                ("job", self.world.jobs) if model == "jobs" else ("interview", self.world.interviews)
            )
            cache[model] = {self.uid(model, kind, r.id): iso(r.times.deleted_at) for r in records}
        return cache[model]


def gem_location(address: w.Address) -> dict[str, Any] | None:
    """What a Gem office's "City, Region, CC" location name carries."""
    parts = [p for p in (address.city, address.region, address.country) if p]
    if not parts:
        return None
    return {
        "city": address.city,
        "state": address.region,
        "country": address.country,
        "raw": ", ".join(parts),
    }


# --- connecting ---------------------------------------------------------------------------------


def connector_credentials(target: ConnectTarget) -> dict[str, str]:
    creds = target.credentials
    key = creds.get("api_key")
    if key is None:
        return dict(creds)
    return {"api_key": getattr(key, "secret", key)}


def make_connector(target: ConnectTarget, **options: Any) -> Connector:
    from atsbox.connectors.base import ConnectorOptions

    return connector_for(
        "gem",
        base_url=target.base_url or "https://api.gem.com",
        wsgi_app=target.wsgi_app,
        credentials=connector_credentials(target),
        options=ConnectorOptions(**options) if options else None,
    )


def auth_headers(target: ConnectTarget) -> dict[str, str]:
    return {"X-API-Key": connector_credentials(target)["api_key"]}


# --- write checks ---------------------------------------------------------------------------------


def _json(ctx: WriteContext, path: str) -> Any:
    response = ctx.api("GET", path)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    return response.json()


def _exists(ctx: WriteContext | None, kind: str, world_id: str) -> bool:
    """Whether Gem still serves the record (a write sequence may have deleted it since the
    world was rendered); without a context, the world's word is taken."""
    if ctx is None:
        return True
    path = {"application": "applications", "candidate": "candidates", "stage": "job_stages"}[kind]
    return ctx.api("GET", f"/ats/v0/{path}/{gem_ids.native_id(kind, world_id)}").status_code == 200


def _movable(world: Any, nth: int = 0, ctx: WriteContext | None = None) -> tuple[w.Application, w.JobStage]:
    """The nth active application that has another stage to go to, and that stage."""
    jobs = {j.id: j for j in world.jobs}
    found = 0
    for app in world.applications:
        job = jobs[app.job_id]
        if app.outcome == "PENDING" and app.times.deleted_at is None and job.times.deleted_at is None:
            others = [s for s in job.stages if s.id != app.stage_id and not s.hidden and s.deleted_at is None]
            if others and _exists(ctx, "application", app.id) and _exists(ctx, "stage", others[-1].id):
                if found == nth:
                    return app, others[-1]
                found += 1
    raise AssertionError("the world has no active application that can move")


def _live_application(ctx: WriteContext) -> w.Application:
    return next(
        a for a in ctx.world.applications if a.times.deleted_at is None and _exists(ctx, "application", a.id)
    )


def _live_candidate(ctx: WriteContext, *, with_files: bool = False) -> w.Candidate:
    return next(
        c for c in ctx.world.candidates
        if c.times.deleted_at is None and (c.attachments or not with_files) and _exists(ctx, "candidate", c.id)
    )  # fmt: skip


RESULT_LINK = {
    "label": "Skill assessment",
    "url": "https://assessments.example.com/results/gem-42",
    "details": {"custom_field_name_prefix": "Acme:", "attributes": [{"key": "Score", "value": "92"}]},
}


def result_link_expected(owner_field: str, owner_id: str) -> dict[str, Any]:
    details = RESULT_LINK["details"]
    return {
        owner_field: owner_id,
        "label": RESULT_LINK["label"],
        "url": RESULT_LINK["url"],
        "details.custom_field_name_prefix": details["custom_field_name_prefix"],
        "details.attributes.key": details["attributes"][0]["key"],
        "details.attributes.value": details["attributes"][0]["value"],
    }


def read_result_link(note_body: str, prefix: str) -> dict[str, Any]:
    """What a result-link note holds, read back as the input fields it came from."""
    lines = note_body.splitlines()
    label, _, url = lines[0].partition(": ")
    out: dict[str, Any] = {"label": label, "url": url}
    for line in lines[1:]:
        if line.startswith(prefix + " "):
            key, _, value = line[len(prefix) + 1 :].partition(": ")
            out.update({"details.custom_field_name_prefix": prefix, "details.attributes.key": key,
                        "details.attributes.value": value})  # fmt: skip
    return out


class GemWrites(WriteChecks):
    def build(self, action: str, ctx: WriteContext) -> WriteCase:
        world = ctx.world
        if action == "move_application_to_stage":
            app, stage = _movable(world, ctx=ctx)
            app_uid = unified_id("applications", gem_ids.native_id("application", app.id))
            stage_uid = unified_id("application_stages", gem_ids.native_id("stage", stage.id))
            return WriteCase((app_uid, stage_uid), {"application_id": app_uid, "stage_id": stage_uid})
        if action == "add_application_result_link":
            app = _live_application(ctx)
            app_uid = unified_id("applications", gem_ids.native_id("application", app.id))
            return WriteCase((app_uid, RESULT_LINK), result_link_expected("application_id", app_uid))
        if action == "add_candidate_result_link":
            cand = _live_candidate(ctx)
            cand_uid = unified_id("candidates", gem_ids.native_id("candidate", cand.id))
            return WriteCase((cand_uid, RESULT_LINK), result_link_expected("candidate_id", cand_uid))
        if action == "get_candidate_attachments":
            cand = _live_candidate(ctx, with_files=True)
            cand_uid = unified_id("candidates", gem_ids.native_id("candidate", cand.id))
            return WriteCase((cand_uid,), {"candidate_id": cand_uid})
        raise NotImplementedError(action)

    def readback(self, action: str, case: WriteCase, result: Any, ctx: WriteContext) -> Mapping[str, Any]:
        from atsbox.connectors.ids import remote_id_of

        if action == "move_application_to_stage":
            remote = remote_id_of(case.args[0], "applications")
            app = _json(ctx, f"/ats/v0/applications/{remote}")
            return {
                "application_id": unified_id("applications", app["id"]),
                "stage_id": unified_id("application_stages", app["current_stage"]["id"]),
            }
        if action in ("add_application_result_link", "add_candidate_result_link"):
            prefix = RESULT_LINK["details"]["custom_field_name_prefix"]
            if action == "add_application_result_link":
                remote = remote_id_of(case.args[0], "applications")
                candidate = _json(ctx, f"/ats/v0/applications/{remote}")["candidate_id"]
                owner = {"application_id": case.args[0]}
                notes = [n for n in _json(ctx, f"/ats/v0/candidates/{candidate}/activity_feed")["notes"]
                         if f"Application: {remote}" in n["body"]]  # fmt: skip
            else:
                candidate = remote_id_of(case.args[0], "candidates")
                owner = {"candidate_id": unified_id("candidates", candidate)}
                notes = _json(ctx, f"/ats/v0/candidates/{candidate}/activity_feed")["notes"]
            notes = [n for n in notes if n["body"].startswith(RESULT_LINK["label"] + ": ")]
            if not notes:
                return {}
            return {**owner, **read_result_link(notes[-1]["body"], prefix)}
        if action == "get_candidate_attachments":
            remote = remote_id_of(case.args[0], "candidates")
            files = _json(ctx, f"/ats/v0/candidates/{remote}")["attachments"]
            # Every file the vendor holds came back, each downloadable from its data_url.
            got = sorted(a.file_name for a in result)
            ok = got == sorted(f["filename"] for f in files) and all(
                ctx.connector.fetch(a.data_url)[0] for a in result
            )
            owners = {a.candidate_id for a in result}
            return {"candidate_id": owners.pop() if ok and len(owners) == 1 else None}
        raise NotImplementedError(action)


# --- feature checks ---------------------------------------------------------------------------------


def check_sync_only_created_applications(ctx: FeatureContext) -> str:
    connector = ctx.connect(sync_only_created_applications=True)
    assert connector.read("applications") == [], "untracked applications were synced"
    assert connector.read("candidates") == [], "untracked candidates were synced"
    everything = ctx.connector.read("applications")
    chosen = everything[0]
    connector.import_tracked_application(chosen.id, chosen.candidate_id)
    apps = connector.read("applications")
    cands = connector.read("candidates")
    assert [a.id for a in apps] == [chosen.id], apps
    assert [c.id for c in cands] == [chosen.candidate_id], cands
    return f"only the tracked application of {len(everything)} is synced"


def check_api_passthrough(ctx: FeatureContext) -> str:
    response = ctx.connector.passthrough("GET", "/ats/v0/jobs/", params={"per_page": 2})
    assert response.status_code == 200, response.status_code
    assert len(response.json()) == 2 and 'rel="next"' in response.headers.get("Link", "")
    missing = ctx.connector.passthrough("GET", "/ats/v0/jobs/Sm9iOjk5OTk5OQ==")
    assert missing.status_code == 404 and missing.json() == {"message": "Resource not found"}
    return "raw GETs reach Gem with the connector's key; statuses and headers come back as they are"


def _newest(records: Iterable[Any]) -> datetime:
    return max(r.changed_at for r in records)


def check_delta_syncs(ctx: FeatureContext) -> str:
    connector = ctx.connector
    full = connector.read("applications")
    # The newest event Gem knows of: an activity, or a deletion (which moves a record too).
    cutoff = max(
        _newest(full), max((a.remote_deleted_at for a in full if a.remote_deleted_at), default=_newest(full))
    )
    assert connector.read("applications", cutoff) == [], "nothing changed, yet the delta is not empty"
    app, stage = _movable(ctx.world, nth=1)  # not the one the write contract moves
    app_uid = unified_id("applications", gem_ids.native_id("application", app.id))
    connector.move_application_to_stage(
        app_uid, unified_id("application_stages", gem_ids.native_id("stage", stage.id))
    )
    delta = connector.read("applications", cutoff)
    assert [a.id for a in delta] == [app_uid], delta
    # A stage move is activity on the candidate too.
    candidates = {c.id for c in connector.read("candidates", cutoff)}
    assert unified_id("candidates", gem_ids.native_id("candidate", app.candidate_id)) in candidates
    deleted = [c for c in ctx.world.candidates if c.times.deleted_at is not None]
    since = min(c.times.deleted_at for c in deleted) - timedelta(seconds=1)
    gone = {c.id: c.remote_deleted_at for c in connector.read("candidates", since) if c.remote_deleted_at}
    assert gone, "a delta sync showed no deletion"
    return f"delta syncs return only changed records ({len(delta)} application) and deletions ({len(gone)})"


CONTRACT = VendorContract(
    vendor="gem",
    projection=GemProjection,
    connect=make_connector,
    writes=GemWrites(),
    features={
        "Sync Only Created Applications": check_sync_only_created_applications,
        "API Passthrough": check_api_passthrough,
        "Delta Syncs": check_delta_syncs,
    },
    auth_headers=auth_headers,
)
