"""The connector interface every vendor connector implements, and the connector registry.

A vendor connector subclasses ``Connector``, sets ``vendor``, implements ``read_<model>``
for each model its coverage page lists and overrides the write actions the page lists;
everything else answers ``NotAvailable``. ``supported_models()`` / ``supported_actions()``
are derived from what the subclass implements, so they cannot drift from the code.

What the base does around a subclass's methods (so five connectors do it the same way):

* ``read(model, updated_after)`` dispatches to ``read_<model>(updated_after)``, checks the
  records' type, drops ``remote_data`` when ``options.remote_data`` is off, and with
  ``options.sync_only_created_applications`` keeps only the candidates and applications
  created through this connector (Kombo's default, kombo.md §6.6). ``read_<model>`` must
  honour ``updated_after`` itself (the vendor's filter, or ``keep_changed_after``).
* Write actions accept their input as the input model or as a plain dict (validated into the
  model; errors are ``InvalidInput``), and ``create_candidate`` / ``create_application``
  results are recorded as tracked.
"""

from __future__ import annotations

import base64
import functools
import importlib
import inspect
from abc import ABC
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import unquote_to_bytes, urlsplit

import requests

from .errors import (
    AuthError,
    ConnectorError,
    InvalidInput,
    NotAvailable,
    RateLimited,
    RemoteError,
    UnknownVendor,
)
from .http import Transport, fetch_plain
from .unified import (
    ACTION_TITLES,
    ACTIONS,
    MODELS,
    ActionSpec,
    AttachmentInput,
    AttachmentOut,
    CreateApplicationInput,
    CreateCandidateInput,
    CreatedApplication,
    FileInput,
    ModelKey,
    NoteInput,
    RejectInput,
    ResultLinkInput,
    TagInput,
    UnifiedRecord,
)


@dataclass(frozen=True, slots=True)
class ConnectorOptions:
    # Kombo's "Only Sync Created Applications" toggle; off here so a fresh sandbox reads
    # everything the world holds.
    sync_only_created_applications: bool = False
    # Fill remote_data with the vendor's raw payloads (Kombo's remote-data feature).
    remote_data: bool = True


# --- attachment bytes ---------------------------------------------------------------------
Fetcher = Callable[[str], tuple[bytes, str | None]]
"""Downloads an http(s) URL: ``(body, content type or None)``."""


@dataclass(frozen=True, slots=True)
class ResolvedFile:
    name: str
    content_type: str
    data: bytes
    type: str | None = None  # CV / COVER_LETTER / OTHER for attachments, None for answers


def _decode_data_url(url: str) -> tuple[bytes, str | None]:
    # data:[<mediatype>][;base64],<data> (RFC 2397)
    header, sep, payload = url[len("data:") :].partition(",")
    if not sep:
        raise InvalidInput("malformed data: URL", "data_url")
    meta = header.split(";")
    if meta[-1] == "base64":
        try:
            raw = base64.b64decode(payload, validate=True)
        except ValueError:
            raise InvalidInput("malformed base64 in data: URL", "data_url") from None
        meta = meta[:-1]
    else:
        raw = unquote_to_bytes(payload)
    return raw, (meta[0] or None) if meta else None


def attachment_bytes(file: FileInput, fetch: Fetcher | None = None) -> ResolvedFile:
    """The bytes and content type of a file input: ``data`` decoded, else ``data_url``
    decoded (``data:``) or downloaded through ``fetch`` (http(s) only; default: a plain GET
    over the network without credentials, ``fetch_plain``).
    The declared ``content_type`` wins over the download's; ``application/octet-stream``
    when neither says."""
    if file.data is not None:
        raw, served = base64.b64decode(file.data), None
    else:
        url = file.data_url or ""
        scheme = urlsplit(url).scheme
        if scheme == "data":
            raw, served = _decode_data_url(url)
        elif scheme in ("http", "https"):
            raw, served = (fetch or fetch_plain)(url)
        else:
            raise InvalidInput("data_url must be an http(s) or data: URL", "data_url")
    content_type = file.content_type or (served.split(";")[0].strip() if served else None)
    return ResolvedFile(
        name=file.name,
        content_type=content_type or "application/octet-stream",
        data=raw,
        type=getattr(file, "type", None),
    )


def keep_changed_after(
    records: Iterable[UnifiedRecord], updated_after: datetime | None
) -> list[UnifiedRecord]:
    """Client-side ``updated_after`` for vendors without a server-side filter: the records
    whose ``changed_at`` is strictly after it."""
    if updated_after is None:
        return list(records)
    cutoff = _utc(updated_after)
    return [record for record in records if record.changed_at > cutoff]


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- the interface ------------------------------------------------------------------------
class Connector(ABC):
    """Maps one vendor's API to the unified model. See the module docstring."""

    vendor: ClassVar[str]
    # The vendor's real API root; connector_for() uses it when no base_url is given (and the
    # in-process mocks route by this host).
    default_base_url: ClassVar[str] = ""

    def __init__(
        self,
        transport: Transport,
        *,
        options: ConnectorOptions | None = None,
        credentials: Mapping[str, str] | None = None,
        fetch: Fetcher | None = None,
    ) -> None:
        self.transport = transport
        self.options = options or ConnectorOptions()
        self.credentials = dict(credentials or {})
        # Downloads data_url files; by default without the vendor credentials (and in-process
        # when the transport is).
        self.fetch: Fetcher = fetch or transport.fetch_plain
        # Unified ids of what create_* made (or import_tracked_application added).
        self.tracked_application_ids: set[str] = set()
        self.tracked_candidate_ids: set[str] = set()

    # -- wiring --------------------------------------------------------------------------
    @classmethod
    def transport_kwargs(cls, credentials: Mapping[str, str]) -> dict[str, Any]:
        """``auth`` / ``headers`` for the vendor's auth scheme from the credentials dict
        (override; the default sends none)."""
        return {}

    @classmethod
    def parse_error(cls, response: requests.Response) -> ConnectorError | None:
        """Read the vendor's error envelope into a unified error (override); None falls back
        to the transport's mapping by status."""
        return None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, spec in ACTIONS.items():
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "_atsbox_wrapped", False):
                setattr(cls, name, _wrap_action(spec, method))

    # -- introspection -------------------------------------------------------------------
    @classmethod
    def supported_models(cls) -> list[str]:
        """Model keys with a ``read_<model>`` method, in ``MODELS`` order."""
        return [model for model in MODELS if callable(getattr(cls, f"read_{model}", None))]

    @classmethod
    def supported_actions(cls) -> list[str]:
        """Write actions (and live reads) the subclass overrides, in ``ACTIONS`` order."""
        return [name for name in ACTIONS if getattr(cls, name) is not getattr(Connector, name)]

    # -- reads ---------------------------------------------------------------------------
    def read(self, model: ModelKey, updated_after: datetime | None = None) -> list[UnifiedRecord]:
        """All records of ``model`` (changed after ``updated_after`` when given), deleted
        ones included with ``remote_deleted_at`` set."""
        if model not in MODELS:
            raise InvalidInput(f"unknown model {model!r}", "model")
        reader = getattr(self, f"read_{model}", None)
        if reader is None:
            raise NotAvailable(self.vendor, model, kind="model")
        records = list(reader(_utc(updated_after) if updated_after is not None else None))
        expected = MODELS[model]
        for record in records:
            if not isinstance(record, expected):
                raise TypeError(f"read_{model} returned a {type(record).__name__}, not a {expected.__name__}")
        if not self.options.remote_data and "remote_data" in expected.model_fields:
            for record in records:
                record.remote_data = None  # type: ignore[attr-defined]
        if self.options.sync_only_created_applications:
            if model == "applications":
                records = [r for r in records if r.id in self.tracked_application_ids]
            elif model == "candidates":
                records = [r for r in records if r.id in self.tracked_candidate_ids]
        return records

    def read_all(self, updated_after: datetime | None = None) -> dict[str, list[UnifiedRecord]]:
        """Every supported model: a full sync (or a delta sync with ``updated_after``)."""
        return {model: self.read(model, updated_after) for model in self.supported_models()}  # type: ignore[arg-type]

    def import_tracked_application(self, application_id: str, candidate_id: str | None = None) -> None:
        """Add an application created outside the connector to the tracked set (§4.9)."""
        self.tracked_application_ids.add(application_id)
        if candidate_id is not None:
            self.tracked_candidate_ids.add(candidate_id)

    # -- write actions: NotAvailable unless the vendor connector overrides them -----------
    def create_candidate(self, data: CreateCandidateInput) -> CreatedApplication:
        raise NotAvailable(self.vendor, "create_candidate", kind="action")

    def create_application(self, job_id: str, data: CreateApplicationInput) -> CreatedApplication:
        raise NotAvailable(self.vendor, "create_application", kind="action")

    def add_candidate_tag(self, candidate_id: str, tag: TagInput) -> None:
        raise NotAvailable(self.vendor, "add_candidate_tag", kind="action")

    def remove_candidate_tag(self, candidate_id: str, tag: TagInput) -> None:
        raise NotAvailable(self.vendor, "remove_candidate_tag", kind="action")

    def add_application_attachment(self, application_id: str, attachment: AttachmentInput) -> None:
        raise NotAvailable(self.vendor, "add_application_attachment", kind="action")

    def add_candidate_attachment(self, candidate_id: str, attachment: AttachmentInput) -> None:
        raise NotAvailable(self.vendor, "add_candidate_attachment", kind="action")

    def move_application_to_stage(self, application_id: str, stage_id: str) -> None:
        raise NotAvailable(self.vendor, "move_application_to_stage", kind="action")

    def reject_application(self, application_id: str, data: RejectInput) -> None:
        raise NotAvailable(self.vendor, "reject_application", kind="action")

    def add_application_result_link(self, application_id: str, link: ResultLinkInput) -> None:
        raise NotAvailable(self.vendor, "add_application_result_link", kind="action")

    def add_candidate_result_link(self, candidate_id: str, link: ResultLinkInput) -> None:
        raise NotAvailable(self.vendor, "add_candidate_result_link", kind="action")

    def add_application_note(self, application_id: str, note: NoteInput) -> None:
        raise NotAvailable(self.vendor, "add_application_note", kind="action")

    def get_application_attachments(self, application_id: str) -> list[AttachmentOut]:
        raise NotAvailable(self.vendor, "get_application_attachments", kind="action")

    def get_candidate_attachments(self, candidate_id: str) -> list[AttachmentOut]:
        raise NotAvailable(self.vendor, "get_candidate_attachments", kind="action")

    def passthrough(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        data: Any = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """A raw call to the vendor API with the connector's auth (Kombo's passthrough). The
        vendor's status comes back as is: no retries, no error mapping."""
        return self.transport.request(
            method, path, json=json, params=params, data=data, files=files, headers=headers,
            raise_for_status=False, retry=False,
        )  # fmt: skip

    # -- helpers for subclasses ----------------------------------------------------------
    def file_bytes(self, file: FileInput) -> ResolvedFile:
        """``attachment_bytes`` with this connector's fetcher."""
        return attachment_bytes(file, self.fetch)


def _wrap_action(spec: ActionSpec, method: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(method)
    # The input is the positional parameter after self and the action's id parameters.
    positional = [
        name
        for name, param in signature.parameters.items()
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
    ]
    input_param = positional[1 + len(spec.params)] if spec.input is not None else None

    @functools.wraps(method)
    def action(self: Connector, *args: Any, **kwargs: Any) -> Any:
        if input_param is not None:
            try:
                bound = signature.bind(self, *args, **kwargs)
            except TypeError as exc:
                raise InvalidInput(str(exc)) from None
            bound.arguments[input_param] = spec.input.parse(bound.arguments[input_param])
            args, kwargs = bound.args[1:], bound.kwargs
        result = method(self, *args, **kwargs)
        if isinstance(result, CreatedApplication):
            self.tracked_application_ids.add(result.application.id)
            self.tracked_candidate_ids.add(result.candidate.id)
        return result

    action._atsbox_wrapped = True  # type: ignore[attr-defined]
    return action


# --- registry -----------------------------------------------------------------------------
_REGISTRY: dict[str, type[Connector]] = {}


def register_connector(cls: type[Connector]) -> type[Connector]:
    """Class decorator: make ``cls`` the connector of ``cls.vendor``."""
    vendor = getattr(cls, "vendor", None)
    if not vendor:
        raise TypeError(f"{cls.__name__} has no vendor name")
    existing = _REGISTRY.get(vendor)
    if existing is not None and existing is not cls:
        raise ValueError(f"vendor {vendor!r} already has connector {existing.__name__}")
    _REGISTRY[vendor] = cls
    return cls


def get_connector(vendor: str) -> type[Connector]:
    """The connector class of ``vendor``, importing ``atsbox.connectors.<vendor>`` on first use."""
    if vendor not in _REGISTRY:
        try:
            importlib.import_module(f"{__package__}.{vendor}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{vendor}":
                raise  # the vendor module exists but one of its imports does not
    try:
        return _REGISTRY[vendor]
    except KeyError:
        raise UnknownVendor(vendor, list(_REGISTRY)) from None


def registered_vendors() -> list[str]:
    return sorted(_REGISTRY)


def connector_for(
    vendor: str,
    *,
    base_url: str | None = None,
    wsgi_app: Callable[..., Any] | None = None,
    credentials: Mapping[str, str] | None = None,
    options: ConnectorOptions | None = None,
    session: requests.Session | None = None,
    fetch: Fetcher | None = None,
    **transport_options: Any,
) -> Connector:
    """A ready connector for ``vendor``: over the network to ``base_url`` (default: the
    vendor's real API root), or in-process to ``wsgi_app``. ``transport_options`` go to
    ``Transport`` (``sleep``, ``max_retries``, ...)."""
    cls = get_connector(vendor)
    url = base_url or cls.default_base_url
    if not url:
        raise ValueError(f"{vendor}: no base_url given and the connector has no default_base_url")
    creds = dict(credentials or {})
    transport = Transport(
        url, session=session, wsgi_app=wsgi_app, error_parser=cls.parse_error,
        **{**cls.transport_kwargs(creds), **transport_options},
    )  # fmt: skip
    return cls(transport, options=options, credentials=creds, fetch=fetch)


__all__ = [
    "ACTIONS",
    "ACTION_TITLES",
    "ActionSpec",
    "AuthError",
    "Connector",
    "ConnectorError",
    "ConnectorOptions",
    "Fetcher",
    "InvalidInput",
    "NotAvailable",
    "RateLimited",
    "RemoteError",
    "UnknownVendor",
    "ResolvedFile",
    "attachment_bytes",
    "connector_for",
    "get_connector",
    "keep_changed_after",
    "register_connector",
    "registered_vendors",
]
