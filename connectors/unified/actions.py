"""The unified write actions (and live reads): their connector method names, their names on
the coverage pages, and where each input field the pages list lands.

A coverage page lists an action's input fields in Kombo's request shape (``tag.name``,
``attachment.type``, ``application_id``); ``page_field_target`` says whether such a field is
a method parameter (an id in the URL path) or a path inside the action's input model.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple

from .inputs import (
    AttachmentInput,
    CreateApplicationInput,
    CreateCandidateInput,
    NoteInput,
    RejectInput,
    ResultLinkInput,
    TagInput,
    WriteInput,
    input_field_paths,
)

_NO_ALIASES: Mapping[str, str] = MappingProxyType({})


class ActionSpec(NamedTuple):
    title: str  # the action's name on the coverage pages
    input: type[WriteInput] | None  # the model the method's last argument is validated into
    params: tuple[str, ...] = ()  # the method's id parameters (Kombo's path parameters)
    body_key: str | None = None  # the request-body key wrapping the input ({"tag": {...}})
    aliases: Mapping[str, str] = _NO_ALIASES  # page field -> parameter or input path


ACTIONS: dict[str, ActionSpec] = {
    "create_candidate": ActionSpec("Create candidate", CreateCandidateInput),
    # The pages list create-application with create-candidate's fields; Kombo's preferred
    # endpoint takes the job from the path and the stage at the top level.
    "create_application": ActionSpec(
        "Create application",
        CreateApplicationInput,
        ("job_id",),
        aliases=MappingProxyType({"application.job_id": "job_id", "application.stage_id": "stage_id"}),
    ),
    "add_candidate_tag": ActionSpec("Add tag to candidate", TagInput, ("candidate_id",), "tag"),
    "remove_candidate_tag": ActionSpec("Remove tag from candidate", TagInput, ("candidate_id",), "tag"),
    "add_application_attachment": ActionSpec(
        "Add attachment to application", AttachmentInput, ("application_id",), "attachment"
    ),
    "add_candidate_attachment": ActionSpec(
        "Add attachment to candidate", AttachmentInput, ("candidate_id",), "attachment"
    ),
    "move_application_to_stage": ActionSpec(
        "Move application to stage", None, ("application_id", "stage_id")
    ),
    "reject_application": ActionSpec("Reject application", RejectInput, ("application_id",)),
    "add_application_result_link": ActionSpec(
        "Add result link to application", ResultLinkInput, ("application_id",)
    ),
    "add_candidate_result_link": ActionSpec(
        "Add result link to candidate", ResultLinkInput, ("candidate_id",)
    ),
    "add_application_note": ActionSpec("Add note to application", NoteInput, ("application_id",)),
    "get_application_attachments": ActionSpec("Get application attachments", None, ("application_id",)),
    "get_candidate_attachments": ActionSpec("Get candidate attachments", None, ("candidate_id",)),
}
ACTION_TITLES: dict[str, str] = {spec.title: name for name, spec in ACTIONS.items()}


def page_field_target(action: str, page_field: str) -> tuple[Literal["param", "input"], str]:
    """Where a coverage page's input field of ``action`` goes: ``("param", "candidate_id")``
    or ``("input", "candidate.social_links.url")``. KeyError when it goes nowhere."""
    spec = ACTIONS[action]
    field = spec.aliases.get(page_field, page_field)
    if field in spec.params:
        return "param", field
    if spec.body_key and field.startswith(f"{spec.body_key}."):
        field = field[len(spec.body_key) + 1 :]
    if spec.input is not None and field in input_field_paths(spec.input):
        return "input", field
    raise KeyError(f"{action}: the page field {page_field!r} has no place in the unified input")
