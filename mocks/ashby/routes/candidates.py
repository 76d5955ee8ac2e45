"""Candidates: list, info, search, create, update, tags, files, notes."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from flask import g, request

from .. import errors
from .. import serializers as S
from .. import store_kinds as K
from ..ids import file_id_of_handle, minted_id
from ..render import iso
from .base import (
    Listing,
    field,
    get_doc,
    lookup,
    paginate,
    put,
    query,
    rpc,
    str_list,
    timestamp_field,
    uuid_field,
)
from .files import signed_url

SOCIAL_TYPES = ("LinkedIn", "GitHub", "Twitter", "Medium", "StackOverflow", "Website")
NOTE_TAGS = {"b", "i", "u", "a", "ul", "ol", "li", "code", "pre"}  # what createNote keeps of HTML
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def new_id(kind: str) -> str:
    return minted_id(g.tenant, kind, g.store.next_int(g.tenant, "ashby", kind))


def candidate_out(record: Any) -> dict[str, Any]:
    return S.candidate(record, lookup())


def _email(value: str, key: str) -> str:
    if not _EMAIL.match(value):
        raise errors.invalid_input(f"{key} is not a valid email address", field=key)
    return value


def _location(body: dict[str, Any]) -> dict[str, Any] | None:
    place = field(body, "location", dict)
    if place is None:
        return None
    out = {}
    for key in ("city", "region", "country"):
        value = field(place, key, str)
        if value:
            out[key] = value
    return out or None


def _check_refs(body: dict[str, Any]) -> tuple[str | None, str | None]:
    source_id = uuid_field(body, "sourceId")
    if source_id is not None:
        get_doc(K.SOURCE, source_id, "source")
    user_id = uuid_field(body, "creditedToUserId")
    if user_id is not None:
        get_doc(K.USER, user_id, "user")
    return source_id, user_id


def _set_link(links: list[dict[str, str]], kind: str, url: str | None) -> list[dict[str, str]]:
    if not url:
        return links
    return [link for link in links if link["type"] != kind] + [{"type": kind, "url": url}]


def create_candidate_doc(body: dict[str, Any]) -> tuple[dict[str, Any], datetime | None]:
    """A new candidate document from candidate.create's body (shared with form submissions)."""
    name = field(body, "name", str, required=True).strip()
    if not name:
        raise errors.invalid_input("name must not be empty", field="name")
    source_id, user_id = _check_refs(body)
    emails = []
    email = field(body, "email", str)
    if email:
        emails.append({"value": _email(email, "email"), "type": "Personal", "isPrimary": True})
    for extra in str_list(body, "alternateEmailAddresses") or []:
        emails.append({"value": _email(extra, "alternateEmailAddresses"), "type": "Personal",
                       "isPrimary": not emails})  # fmt: skip
    phone = field(body, "phoneNumber", str)
    links: list[dict[str, str]] = []
    for kind, key in (("LinkedIn", "linkedInUrl"), ("GitHub", "githubUrl"), ("Website", "website")):
        links = _set_link(links, kind, field(body, key, str))
    doc = {
        "id": new_id(K.CANDIDATE),
        "name": name,
        "emailAddresses": emails,
        "phoneNumbers": [{"value": phone, "type": "Personal", "isPrimary": True}] if phone else [],
        "socialLinks": links,
        "tagIds": [],
        "applicationIds": [],
        "files": [],
        "customFields": {},
    }
    for key, value in (("sourceId", source_id), ("creditedToUserId", user_id), ("location", _location(body))):
        if value is not None:
            doc[key] = value
    return doc, timestamp_field(body, "createdAt")


def store_candidate(doc: dict[str, Any], created_at: datetime | None = None) -> Any:
    at = g.clock.now()
    return g.store.put(g.tenant, "ashby", K.CANDIDATE, doc["id"], doc, at=at, created_at=created_at)


@rpc("candidate.list")
def candidate_list(body: dict[str, Any]) -> Listing:
    lk = lookup()
    return paginate(body, query(K.CANDIDATE), lambda rs: [S.candidate(r, lk) for r in rs])


@rpc("candidate.info")
def candidate_info(body: dict[str, Any]) -> dict[str, Any]:
    if "id" not in body and "externalMappingId" in body:
        # No external mappings exist in a sandbox: any such id is unknown.
        raise errors.not_found("candidate", field(body, "externalMappingId", str))
    return candidate_out(get_doc(K.CANDIDATE, uuid_field(body, "id", required=True), "candidate"))


@rpc("candidate.search")
def candidate_search(body: dict[str, Any]) -> list[dict[str, Any]]:
    email = field(body, "email", str)
    name = field(body, "name", str)
    if not email and not name:
        raise errors.invalid_input("Provide email and/or name to search for.")
    wanted_email = email.strip().lower() if email else None
    wanted_name = name.strip().lower() if name else None
    found = []
    for record in g.store.list(g.tenant, "ashby", K.CANDIDATE):
        doc = record.doc
        if wanted_email and wanted_email not in {e["value"].lower() for e in doc["emailAddresses"]}:
            continue
        if wanted_name and wanted_name not in doc["name"].lower():
            continue
        found.append(record)
        if len(found) == 100:  # "Responses are limited to 100 results."
            break
    lk = lookup()
    return [S.candidate(r, lk) for r in found]


@rpc("candidate.create")
def candidate_create(body: dict[str, Any]) -> dict[str, Any]:
    doc, created_at = create_candidate_doc(body)
    return candidate_out(store_candidate(doc, created_at))


@rpc("candidate.update")
def candidate_update(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    doc = dict(record.doc)
    name = field(body, "name", str)
    if name is not None:
        if not name.strip():
            raise errors.invalid_input("name must not be empty", field="name")
        doc["name"] = name.strip()
    email = field(body, "email", str)
    if email:
        _email(email, "email")
        others = [dict(e, isPrimary=False) for e in doc["emailAddresses"] if e["value"] != email]
        doc["emailAddresses"] = [{"value": email, "type": "Personal", "isPrimary": True}, *others]
    alternate = field(body, "alternateEmail", str)
    if alternate and alternate not in {e["value"] for e in doc["emailAddresses"]}:
        _email(alternate, "alternateEmail")
        doc["emailAddresses"] = [*doc["emailAddresses"],
                                 {"value": alternate, "type": "Personal", "isPrimary": not doc["emailAddresses"]}]  # fmt: skip
    phone = field(body, "phoneNumber", str)
    if phone:
        others = [dict(p, isPrimary=False) for p in doc["phoneNumbers"] if p["value"] != phone]
        doc["phoneNumbers"] = [{"value": phone, "type": "Personal", "isPrimary": True}, *others]
    links = list(doc["socialLinks"])
    for kind, key in (("LinkedIn", "linkedInUrl"), ("GitHub", "githubUrl"), ("Website", "websiteUrl")):
        links = _set_link(links, kind, field(body, key, str))
    social = field(body, "socialLinks", list)
    if social is not None:
        # socialLinks replaces every link and overrides the *Url fields (reference §5).
        links = []
        for i, link in enumerate(social):
            if not isinstance(link, dict):
                raise errors.invalid_input(f"socialLinks[{i}] must be an object", field="socialLinks")
            kind = field(link, "type", str, required=True)
            if kind not in SOCIAL_TYPES:
                raise errors.invalid_input(f"socialLinks[{i}].type must be one of {', '.join(SOCIAL_TYPES)}")
            links.append({"type": kind, "url": field(link, "url", str, required=True)})
    doc["socialLinks"] = links
    source_id, user_id = _check_refs(body)
    if source_id is not None:
        doc["sourceId"] = source_id
    if user_id is not None:
        doc["creditedToUserId"] = user_id
    place = _location(body)
    if place is not None:
        doc["location"] = place
    field(body, "sendNotifications", bool)
    created_at = timestamp_field(body, "createdAt")
    if created_at is not None:
        # The store keeps a record's creation time on replace; the document carries the new one.
        doc["createdAt"] = iso(created_at)
    saved = put(K.CANDIDATE, doc)
    return candidate_out(saved)


@rpc("candidate.addTag")
def candidate_add_tag(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    tag = get_doc(K.CANDIDATE_TAG, uuid_field(body, "tagId", required=True), "tag")
    doc = dict(record.doc)
    if tag.id not in doc["tagIds"]:
        doc["tagIds"] = [*doc["tagIds"], tag.id]
        record = put(K.CANDIDATE, doc)
    return candidate_out(record)


def add_file(candidate: Any, part_name: str, *, resume: bool) -> Any:
    """Store an uploaded file on a candidate (the resume when `resume`)."""
    upload = request.files.get(part_name)
    if upload is None or not upload.filename:
        raise errors.invalid_input(f"Missing required file: {part_name}", field=part_name)
    data = upload.read()
    return attach_bytes(candidate, upload.filename, upload.mimetype or "application/octet-stream", data,
                        resume=resume)  # fmt: skip


def attach_bytes(candidate: Any, name: str, content_type: str, data: bytes, *, resume: bool) -> Any:
    file_id = new_id(K.FILE)
    doc = {"id": file_id, "name": name, "contentType": content_type, "candidateId": candidate.id,
           "data": base64.b64encode(data).decode("ascii")}  # fmt: skip
    put(K.FILE, doc, parent=candidate.id)
    cand = dict(candidate.doc)
    cand["files"] = [*cand.get("files", []), {"id": file_id, "name": name}]
    if resume:
        cand["resumeFileId"] = file_id
    return put(K.CANDIDATE, cand)


@rpc("candidate.uploadResume")
def candidate_upload_resume(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    return candidate_out(add_file(record, "resume", resume=True))


@rpc("candidate.uploadFile")
def candidate_upload_file(body: dict[str, Any]) -> dict[str, Any]:
    record = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    return candidate_out(add_file(record, "file", resume=False))


class _NoteHtml(HTMLParser):
    """Keeps the elements createNote supports and drops every other tag (not its text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skipping = 0  # inside <script> / <style>, whose text is dropped too

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag in NOTE_TAGS:
            href = next((v for k, v in attrs if k == "href" and v), None) if tag == "a" else None
            self.out.append(f'<a href="{href}">' if href else f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in NOTE_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def sanitize_note(html: str) -> str:
    parser = _NoteHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def _note_author() -> str | None:
    meta_user = g.credential_meta.get("userId")
    if meta_user:
        return meta_user
    admins = [r for r in lookup().all(K.USER).values() if r.doc["globalRole"] == "Organization Admin"]
    return admins[0].id if admins else None


@rpc("candidate.createNote")
def candidate_create_note(body: dict[str, Any]) -> dict[str, Any]:
    candidate = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    note = body.get("note")
    if isinstance(note, str):
        content = note
    elif isinstance(note, dict):
        kind = field(note, "type", str, required=True)
        value = field(note, "value", str, required=True)
        if kind not in ("text/plain", "text/html"):
            raise errors.invalid_input("note.type must be text/plain or text/html", field="note")
        content = sanitize_note(value) if kind == "text/html" else value
    else:
        raise errors.invalid_input("note must be a string or an object with type and value", field="note")
    if not content.strip():
        raise errors.invalid_input("note must not be empty", field="note")
    field(body, "sendNotifications", bool)
    private = bool(field(body, "isPrivate", bool, default=False))
    created_at = timestamp_field(body, "createdAt")
    doc = {"id": new_id(K.NOTE), "candidateId": candidate.id, "content": content, "isPrivate": private}
    author = _note_author()
    if author:
        doc["authorId"] = author
    record = g.store.put(g.tenant, "ashby", K.NOTE, doc["id"], doc, parent=candidate.id, at=g.clock.now(),
                         created_at=created_at)  # fmt: skip
    return S.note(record, lookup())


@rpc("candidate.listNotes")
def candidate_list_notes(body: dict[str, Any]) -> Listing:
    candidate = get_doc(K.CANDIDATE, uuid_field(body, "candidateId", required=True), "candidate")
    lk = lookup()
    return paginate(body, query(K.NOTE, parent=candidate.id), lambda rs: [S.note(r, lk) for r in rs])


@rpc("file.info")
def file_info(body: dict[str, Any]) -> dict[str, Any]:
    handle = field(body, "fileHandle", str, required=True)
    file_id = file_id_of_handle(handle)
    if file_id is None or g.store.get(g.tenant, "ashby", K.FILE, file_id) is None:
        raise errors.not_found("file", handle[:40])
    return {"url": signed_url(file_id)}
