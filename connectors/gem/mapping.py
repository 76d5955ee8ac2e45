"""Gem wire objects -> unified records. Pure functions: no HTTP, no state.

Where Kombo's Gem page states a rule, it is applied here and named after it:
- jobs keep the first office (location) and first department; all of them go to custom
  fields (``offices``, ``departments``);
- a job's description and post_url come from its most recent live and active posting;
- a candidate's source is the source of its initial application, and every application
  carries its own source in the custom field ``source``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from atsbox.connectors.ids import join_remote_id, unified_id
from atsbox.connectors.unified import (
    Application,
    ApplicationStage,
    Candidate,
    Interview,
    InterviewUser,
    Job,
    JobHiringTeamMember,
    JobPosting,
    JobStage,
    User,
)

Wire = Mapping[str, Any]

# Custom-field keys the rules above add to Kombo's custom fields.
OFFICES_FIELD = "offices"
DEPARTMENTS_FIELD = "departments"
SOURCE_FIELD = "source"

JOB_STATUS = {"open": "OPEN", "closed": "CLOSED", "draft": "DRAFT", "pending_approval": "DRAFT", "approved": "DRAFT"}
OUTCOME = {"active": "PENDING", "rejected": "DECLINED", "hired": "HIRED"}
ATTACHMENT_TYPE = {"resume": "CV", "cover_letter": "COVER_LETTER"}
CANCELED = "canceled"

# Gem's hiring-team lists, in the order the connector reports roles.
HIRING_TEAM_ROLES = (
    ("hiring_managers", "Hiring Manager", "HIRING_MANAGER"),
    ("recruiters", "Recruiter", "RECRUITER"),
    ("coordinators", "Coordinator", "COORDINATOR"),
    ("sourcers", "Sourcer", "SOURCER"),
)

# Social profile networks recognised by host; anything else has no type.
SOCIAL_HOSTS = (
    ("linkedin.com", "LINKEDIN"),
    ("github.com", "GITHUB"),
    ("twitter.com", "TWITTER"),
    ("x.com", "TWITTER"),
    ("xing.com", "XING"),
)
_ISO2 = re.compile(r"^[A-Z]{2}$")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _changed(item: Wire, *keys: str) -> datetime:
    """Kombo's changed_at: the vendor's own change time of the record."""
    for key in keys:
        value = parse_time(item.get(key))
        if value is not None:
            return value
    return datetime.now(UTC)


def _remote_data(path: str, item: Wire) -> dict[str, Any]:
    return {path: dict(item)}


def custom_fields(item: Wire) -> dict[str, Any]:
    """Gem's keyed custom fields by their display name."""
    return {field["name"]: field.get("value") for field in (item.get("keyed_custom_fields") or {}).values()}


def integration_fields(item: Wire) -> list[dict[str, Any]]:
    """Gem's custom fields as Kombo integration fields, ordered by key (JSON objects have
    no order to keep)."""
    return [
        {"id": unified_id("integration_fields", key), "key": key, "type": "CUSTOM", "value": field.get("value"),
         "label": field.get("name")}
        for key, field in sorted((item.get("keyed_custom_fields") or {}).items())
    ]  # fmt: skip


def location_of(name: str | None) -> dict[str, Any] | None:
    """An office's "City, Region, CC" name split into Kombo's location; the raw name is kept."""
    if not name:
        return None
    parts = [p.strip() for p in name.split(",")]
    city = state = country = None
    if len(parts) >= 3:
        city, state, country = parts[0], ", ".join(parts[1:-1]), parts[-1]
    elif len(parts) == 2:
        city = parts[0]
        if _ISO2.match(parts[1]):
            country = parts[1]
        else:
            state = parts[1]
    elif _ISO2.match(parts[0]):
        country = parts[0]
    else:
        city = parts[0]
    return {"city": city, "state": state, "country": country, "raw": name}


# --- rules ------------------------------------------------------------------------------------


def primary_posting(posts: Iterable[Wire]) -> Wire | None:
    """The most recent (by created_at) posting that is both live and active."""
    shown = [p for p in posts if p.get("live") and p.get("active") and not p.get("deleted_at")]
    return max(shown, key=lambda p: (p.get("created_at") or "", p["id"]), default=None)


def _changed_time(item: Wire) -> str:
    """When a Gem row last changed, as its ISO text: its update or its soft deletion."""
    return max(item.get("updated_at") or "", item.get("deleted_at") or "")


def primary_may_have_changed(posts: Iterable[Wire], cutoff: str) -> bool:
    """Whether a job's primary posting (see ``primary_posting``) may differ from what it was
    at ``cutoff`` (an ISO time), judged from the job's postings as they are now.

    A posting changed since then matters when it is the primary now, or could have been the
    primary then: its content before an update is unknown, and a posting only deleted since
    still shows the flags it had, so it was the primary then if it was live, active and newer
    than today's primary (which, unchanged, was eligible then too)."""
    posts = list(posts)
    primary = primary_posting(posts)
    newest = (primary.get("created_at") or "", primary["id"]) if primary else None
    for post in posts:
        if _changed_time(post) <= cutoff:
            continue
        if post is primary or (post.get("updated_at") or "") > cutoff:
            return True
        eligible_then = post.get("live") and post.get("active")
        if eligible_then and (newest is None or (post.get("created_at") or "", post["id"]) > newest):
            return True
    return False


def initial_application(applications: Iterable[Wire]) -> Wire | None:
    """The application a candidate came in with: the earliest applied_at."""
    live = [a for a in applications if not a.get("deleted_at")]
    return min(live, key=lambda a: (a.get("applied_at") or ""), default=None)


def social_profile(url: str) -> dict[str, Any]:
    """Kombo's social link: the network (and the handle, the URL's last path segment) for
    the networks recognisable by host; other links stay untyped."""
    host, _, path = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE).partition("/")
    host = host.lower()
    for suffix, kind in SOCIAL_HOSTS:
        if host == suffix or host.endswith("." + suffix):
            segments = [p for p in path.split("?")[0].split("/") if p]
            return {"link": url, "type": kind, "username": segments[-1] if segments else None}
    return {"link": url, "type": None, "username": None}


# --- records ----------------------------------------------------------------------------------


def deleted_at(item: Wire) -> datetime | None:
    return parse_time(item.get("deleted_at"))


def user(item: Wire) -> User:
    return User(
        id=unified_id("users", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item),
        first_name=item.get("first_name"),
        last_name=item.get("last_name"),
        status="INACTIVE" if item.get("disabled") else "ACTIVE",
        remote_data=_remote_data(f"/ats/v0/users/{item['id']}", item),
    )


def job(item: Wire, posts: Iterable[Wire]) -> Job:
    offices = item.get("offices") or []
    departments = item.get("departments") or []
    posting = primary_posting(posts)
    fields = custom_fields(item)
    fields[OFFICES_FIELD] = [o["name"] for o in offices]
    fields[DEPARTMENTS_FIELD] = [d["name"] for d in departments]
    return Job(
        id=unified_id("jobs", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item),
        name=item.get("name"),
        job_code=item.get("requisition_id"),
        description=posting.get("content") if posting else None,
        confidential=item.get("confidential"),
        status=JOB_STATUS.get(item.get("status") or ""),
        department=departments[0]["name"] if departments else None,
        post_url=posting.get("absolute_url") if posting else None,
        location=location_of((offices[0].get("location") or {}).get("name")) if offices else None,
        custom_fields=fields,
        integration_fields=integration_fields(item),
        opened_at=parse_time(item.get("opened_at")),
        closed_at=parse_time(item.get("closed_at")),
        remote_created_at=parse_time(item.get("created_at")),
        remote_updated_at=parse_time(item.get("updated_at")),
        remote_data=_remote_data(f"/ats/v0/jobs/{item['id']}", item),
    )


def posting_status(item: Wire) -> str:
    if item.get("active"):
        return "ACTIVE"
    return "DRAFT" if not item.get("first_published_at") else "INACTIVE"


def posting_visibility(item: Wire) -> str:
    if item.get("external"):
        return "PUBLIC"
    return "INTERNAL" if item.get("internal") else "UNLISTED"


def job_posting(item: Wire) -> JobPosting:
    return JobPosting(
        id=unified_id("job_postings", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item),
        title=item.get("title"),
        description_html=item.get("content"),
        status=posting_status(item),
        visibility=posting_visibility(item),
        url=item.get("absolute_url"),
        job_id=unified_id("jobs", item["job_id"]) if item.get("job_id") else None,
        remote_created_at=parse_time(item.get("created_at")),
        remote_updated_at=parse_time(item.get("updated_at")),
        remote_data=_remote_data(f"/ats/v0/job_posts/{item['id']}", item),
    )


def candidate(item: Wire) -> Candidate:
    first = initial_application(item.get("applications") or [])
    source = (first or {}).get("source") or {}
    return Candidate(
        id=unified_id("candidates", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item),
        first_name=item.get("first_name"),
        last_name=item.get("last_name"),
        company=item.get("company"),
        title=item.get("title"),
        confidential=item.get("is_private"),
        source=source.get("public_name"),
        phone_numbers=[
            {"phone_number": p["value"], "type": (p.get("type") or "").upper() or None}
            for p in item.get("phone_numbers") or []
        ],
        email_addresses=[
            {"email_address": e["value"], "type": (e.get("type") or "").upper() or None}
            for e in item.get("email_addresses") or []
        ],
        social_media=[social_profile(s["value"]) for s in item.get("social_media_addresses") or []],
        custom_fields=custom_fields(item),
        integration_fields=integration_fields(item),
        remote_created_at=parse_time(item.get("created_at")),
        remote_updated_at=parse_time(item.get("updated_at")),
        remote_data=_remote_data(f"/ats/v0/candidates/{item['id']}", item),
    )


def application_stage(item: Wire) -> ApplicationStage:
    return ApplicationStage(
        id=unified_id("application_stages", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item),
        name=item.get("name"),
        global_index=item.get("priority"),
        remote_data=_remote_data(f"/ats/v0/job_stages/{item['id']}", item),
    )


def job_stage(item: Wire, job_deleted_at: str | None = None) -> JobStage:
    return JobStage(
        id=unified_id("job_stages", join_remote_id(item["job_id"], item["id"])),
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item) or parse_time(job_deleted_at),
        job_id=unified_id("jobs", item["job_id"]),
        stage_id=unified_id("application_stages", item["id"]),
        index=item.get("priority"),
    )


def application(item: Wire) -> Application:
    reason = item.get("rejection_reason") or {}
    stage = item.get("current_stage") or {}
    jobs = item.get("jobs") or []
    fields = custom_fields(item)
    fields[SOURCE_FIELD] = (item.get("source") or {}).get("public_name")
    return Application(
        id=unified_id("applications", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "last_activity_at", "applied_at"),
        remote_deleted_at=deleted_at(item),
        outcome=OUTCOME.get(item.get("status") or ""),
        rejection_reason_name=reason.get("name"),
        rejected_at=parse_time(item.get("rejected_at")),
        current_stage_id=unified_id("application_stages", stage["id"]) if stage.get("id") else None,
        job_id=unified_id("jobs", jobs[0]["id"]) if jobs else None,
        candidate_id=unified_id("candidates", item["candidate_id"]),
        custom_fields={k: v for k, v in fields.items() if v is not None},
        integration_fields=integration_fields(item),
        remote_created_at=parse_time(item.get("applied_at")),
        remote_updated_at=parse_time(item.get("last_activity_at")),
        remote_data=_remote_data(f"/ats/v0/applications/{item['id']}", item),
    )


def interview(item: Wire, stage_of_kit: Mapping[str, str]) -> Interview:
    kit = item.get("interview") or {}
    stage = stage_of_kit.get(kit.get("id") or "")
    return Interview(
        id=unified_id("interviews", item["id"]),
        remote_id=item["id"],
        changed_at=_changed(item, "updated_at", "created_at"),
        remote_deleted_at=deleted_at(item),
        title=kit.get("name"),
        starting_at=parse_time((item.get("start") or {}).get("date_time")),
        ending_at=parse_time((item.get("end") or {}).get("date_time")),
        application_id=unified_id("applications", item["application_id"]),
        stage_id=unified_id("application_stages", stage) if stage else None,
        canceled=item.get("status") == CANCELED,
        remote_created_at=parse_time(item.get("created_at")),
        remote_updated_at=parse_time(item.get("updated_at")),
        remote_data=_remote_data(f"/ats/v0/scheduled_interviews/{item['id']}", item),
    )


def interview_users(item: Wire) -> list[InterviewUser]:
    changed = _changed(item, "updated_at", "created_at")
    return [
        InterviewUser(
            id=unified_id("interview_users", join_remote_id(item["id"], person["id"])),
            changed_at=changed,
            remote_deleted_at=deleted_at(item),
            interview_id=unified_id("interviews", item["id"]),
            user_id=unified_id("users", person["id"]),
        )
        for person in item.get("interviewers") or []
    ]


def hiring_team(item: Wire) -> list[JobHiringTeamMember]:
    team = item.get("hiring_team") or {}
    roles: dict[str, list[dict[str, Any]]] = {}
    for key, label, unified_type in HIRING_TEAM_ROLES:
        for member in team.get(key) or []:
            roles.setdefault(member["id"], []).append(
                {"remote_id": key, "remote_label": label, "scope": "JOB", "unified_type": unified_type}
            )
    changed = _changed(item, "updated_at", "created_at")
    return [
        JobHiringTeamMember(
            id=unified_id("job_hiring_team", join_remote_id(item["id"], user_id)),
            changed_at=changed,
            remote_deleted_at=deleted_at(item),
            job_id=unified_id("jobs", item["id"]),
            user_id=unified_id("users", user_id),
            roles=user_roles,
        )
        for user_id, user_roles in roles.items()
    ]


def attachment(item: Wire, candidate_id: str) -> dict[str, Any]:
    """One candidate file as Kombo's on-demand attachment. Gem's file objects carry no id, so
    the remote id joins the candidate, the file's creation time and its name."""
    from mimetypes import guess_type

    remote_id = join_remote_id(candidate_id, item.get("created_at") or "", item["filename"])
    return {
        "id": unified_id("attachments", remote_id),
        "remote_id": remote_id,
        "candidate_id": unified_id("candidates", candidate_id),
        "application_id": None,
        "type": ATTACHMENT_TYPE.get(item.get("type") or "", "OTHER"),
        "data_url": item["url"],
        "file_name": item["filename"],
        "content_type": guess_type(item["filename"])[0] or "application/octet-stream",
        "remote_created_at": parse_time(item.get("created_at")),
        "remote_updated_at": parse_time(item.get("created_at")),
    }
