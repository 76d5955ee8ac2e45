"""The OpenAPI 3 document of the control API (/_sandbox/openapi.json).

Built from the service's vendors and sizes, so its enums are exactly what the service
accepts. Schemathesis runs against it in tests/hosted/test_control_openapi.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

JSON = "application/json"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref("Error")}}}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


ERRORS = {
    "400": _error("The request is not valid."),
    "401": _error("No bearer token was sent."),
    "403": _error("The token may not do this."),
}
SANDBOX_ERRORS = {**ERRORS, "404": _error("No such sandbox, or not one this token may see.")}
NO_CONTENT = {"204": {"description": "Done."}}

SANDBOX_ID = {
    "name": "sandbox_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{2,62}$"},
}


def _op(
    summary: str,
    responses: dict[str, Any],
    *,
    body: dict[str, Any] | None = None,
    optional_body: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": responses, **extra}
    if body is not None:
        op["requestBody"] = {"required": not optional_body, "content": {JSON: {"schema": body}}}
    return op


def _sandbox_path(operations: dict[str, Any]) -> dict[str, Any]:
    for op in operations.values():
        op["responses"] = {**SANDBOX_ERRORS, **op["responses"]}
    return {"parameters": [SANDBOX_ID], **operations}


def _schemas(vendors: list[str], sizes: list[str]) -> dict[str, Any]:
    string_map = {"type": "object", "additionalProperties": {"type": "string"}}
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                }
            },
        },
        "CredentialOptions": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "permissions": {"type": "array", "items": {"type": "string"}},
                "redirect_uris": {"type": "array", "items": {"type": "string", "format": "uri"}},
            },
        },
        "SandboxInput": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{2,62}$"},
                "seed": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
                "size": {"type": "string", "enum": sizes},
                "vendors": {
                    "type": "array",
                    "items": {"type": "string", "enum": vendors},
                    "minItems": 1,
                    "uniqueItems": True,
                },
                "credentials": {
                    "type": "object",
                    "description": "vendor -> credential label -> options (labels as returned by a sandbox)",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": _ref("CredentialOptions"),
                    },
                },
            },
        },
        "Credential": {
            "type": "object",
            "required": ["kind", "secret", "meta", "display"],
            "properties": {
                "kind": {"type": "string"},
                "secret": {"type": "string"},
                "meta": {"type": "object"},
                "display": string_map,
            },
        },
        "Clock": {
            "type": "object",
            "required": ["now", "frozen"],
            "properties": {"now": {"type": "string", "format": "date-time"}, "frozen": {"type": "boolean"}},
        },
        "Sandbox": {
            "type": "object",
            "required": ["id", "seed", "size", "vendors", "created_at", "clock", "change_seq", "hosted"],
            "properties": {
                "id": {"type": "string"},
                "seed": {"type": "integer"},
                "size": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"},
                "hosted": {"type": "boolean"},
                "change_seq": {"type": "integer"},
                "clock": _ref("Clock"),
                "access_token": {"type": "string", "description": "Only in the creation response."},
                "vendors": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["title", "base_url", "hosts", "openapi", "guide", "credentials"],
                        "properties": {
                            "title": {"type": "string"},
                            "base_url": {"type": "string"},
                            "hosts": {"type": "array", "items": {"type": "string"}},
                            "openapi": {"type": "string"},
                            "guide": {"type": "string"},
                            "credentials": {"type": "object", "additionalProperties": _ref("Credential")},
                        },
                    },
                },
            },
        },
        "SandboxSummary": {
            "type": "object",
            "required": ["id", "seed", "size", "vendors"],
            "properties": {
                "id": {"type": "string"},
                "seed": {"type": "integer"},
                "size": {"type": "string"},
                "vendors": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Export": {
            "type": "object",
            "description": "A sandbox as exported (format atsbox.store.tenant/1).",
            "required": ["format", "tenant", "sequences", "records", "credentials", "kv"],
            "properties": {
                "format": {"type": "string", "enum": ["atsbox.store.tenant/1"]},
                "tenant": {"type": "object"},
                "sequences": {"type": "object"},
                "records": {"type": "array", "items": {"type": "object"}},
                "credentials": {"type": "array", "items": {"type": "object"}},
                "kv": {"type": "array", "items": {"type": "object"}},
            },
        },
        "FaultInput": {
            "type": "object",
            "required": ["vendor"],
            "additionalProperties": False,
            "properties": {
                "vendor": {"type": "string", "enum": vendors},
                "endpoint": {"type": "string", "description": "glob over the vendor-relative path"},
                "method": {"type": "string", "enum": list(METHODS)},
                "action": {"type": "string", "enum": ["error", "latency", "drop"]},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "retry_after": {"type": "integer", "minimum": 0, "maximum": 86400},
                "latency_ms": {"type": "integer", "minimum": 0, "maximum": 60000},
                "count": {"type": "integer", "minimum": 1},
                "rate": {"type": "number", "minimum": 0, "maximum": 1},
                "seed": {"type": "integer"},
                "message": {"type": "string"},
            },
        },
        "Fault": {
            "type": "object",
            "required": ["id", "vendor", "endpoint", "action", "status", "seen", "fired"],
            "properties": {
                "id": {"type": "string"},
                "vendor": {"type": "string"},
                "endpoint": {"type": "string"},
                "method": {"type": ["string", "null"]},
                "action": {"type": "string"},
                "status": {"type": "integer"},
                "retry_after": {"type": ["integer", "null"]},
                "latency_ms": {"type": "integer"},
                "remaining": {"type": ["integer", "null"]},
                "rate": {"type": ["number", "null"]},
                "seed": {"type": "integer"},
                "message": {"type": ["string", "null"]},
                "seen": {"type": "integer"},
                "fired": {"type": "integer"},
            },
        },
        "ChangesInput": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "count": {"type": "integer", "minimum": 0, "maximum": 100},
                "deletions": {"type": "integer", "minimum": 0, "maximum": 100},
                "seed": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
                "vendors": {"type": "array", "items": {"type": "string", "enum": vendors}, "minItems": 1},
            },
        },
        "Change": {
            "type": "object",
            "required": ["vendor", "change", "model", "id"],
            "properties": {
                "vendor": {"type": "string"},
                "change": {"type": "string", "enum": ["created", "updated", "deleted"]},
                "model": {"type": "string"},
                "id": {"type": "string"},
                "detail": {"type": "string"},
            },
        },
        "JournalEntry": {
            "type": "object",
            "required": ["seq", "vendor", "method", "path", "query", "status", "duration_ms"],
            "properties": {
                "seq": {"type": "integer"},
                "request_id": {"type": ["string", "null"]},
                "vendor": {"type": "string"},
                "method": {"type": "string"},
                "path": {"type": "string"},
                "query": {"type": "string"},
                "status": {"type": "integer", "description": "0: the connection was dropped"},
                "duration_ms": {"type": "number"},
                "time": {"type": ["string", "null"]},
                "host": {"type": ["string", "null"]},
            },
        },
        "Delivery": {
            "type": "object",
            "required": ["id", "vendor", "url", "event", "state", "attempts"],
            "properties": {
                "id": {"type": "string"},
                "vendor": {"type": "string"},
                "subscription": {"type": ["string", "null"]},
                "url": {"type": "string"},
                "event": {"type": "string"},
                "body": {"type": "string"},
                "headers": string_map,
                "state": {"type": "string", "enum": ["pending", "delivered", "failed"]},
                "attempts": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["at", "status", "error"],
                        "properties": {
                            "at": {"type": "string"},
                            "status": {"type": ["integer", "null"]},
                            "error": {"type": ["string", "null"]},
                        },
                    },
                },
                "replay_of": {"type": ["string", "null"]},
            },
        },
    }


def document(vendors: Iterable[str], sizes: Iterable[str]) -> dict[str, Any]:
    vendors, sizes = list(vendors), list(sizes)
    sandbox = _ok(_ref("Sandbox"))
    clock = _ok(_ref("Clock"))
    list_of = lambda key, item: _ok(  # noqa: E731 - a one-line schema helper
        {"type": "object", "required": [key], "properties": {key: {"type": "array", "items": _ref(item)}}}
    )
    paths: dict[str, Any] = {
        "/_sandbox/sandboxes": {
            "post": _op(
                "Create a sandbox; the response carries its credentials and its access token (shown once).",
                {**ERRORS, "201": _ok(_ref("Sandbox"), "Created."), "409": _error("The id is taken.")},
                body=_ref("SandboxInput"),
                optional_body=True,
            ),
            "get": _op(
                "List the sandboxes (admin).", {**ERRORS, "200": list_of("sandboxes", "SandboxSummary")}
            ),
        },
        "/_sandbox/import": {
            "post": _op(
                "Recreate a sandbox from its export (admin); replace=true deletes one of the same id first.",
                {**ERRORS, "201": _ok(_ref("Sandbox"), "Imported."), "409": _error("The sandbox exists.")},
                body=_ref("Export"),
                parameters=[{"name": "replace", "in": "query", "schema": {"type": "boolean"}}],
            )
        },
        "/_sandbox/sandboxes/{sandbox_id}": _sandbox_path(
            {
                "get": _op("A sandbox with its credentials, base URLs and clock.", {"200": sandbox}),
                "delete": _op("Delete a sandbox and everything in it.", dict(NO_CONTENT)),
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/reset": _sandbox_path(
            {"post": _op("Back to the seeded world (credentials, token and clock stay).", {"200": sandbox})}
        ),
        "/_sandbox/sandboxes/{sandbox_id}/export": _sandbox_path(
            {"get": _op("The sandbox as JSON, for import.", {"200": _ok(_ref("Export"))})}
        ),
        "/_sandbox/sandboxes/{sandbox_id}/faults": _sandbox_path(
            {
                "get": _op("The fault rules.", {"200": list_of("faults", "Fault")}),
                "post": _op(
                    "Add a fault rule: for the next `count` requests and/or at a `rate`.",
                    {"201": _ok(_ref("Fault"), "Added.")},
                    body=_ref("FaultInput"),
                ),
                "delete": _op("Remove every fault rule.", dict(NO_CONTENT)),
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/faults/{fault_id}": _sandbox_path(
            {
                "delete": _op(
                    "Remove one fault rule.",
                    dict(NO_CONTENT),
                    parameters=[
                        {"name": "fault_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/clock": _sandbox_path(
            {"get": _op("The sandbox's time.", {"200": clock})}
        ),
        "/_sandbox/sandboxes/{sandbox_id}/clock/advance": _sandbox_path(
            {
                "post": _op(
                    "Move the sandbox clock forward.",
                    {"200": clock},
                    body={
                        "type": "object",
                        "required": ["seconds"],
                        "additionalProperties": False,
                        "properties": {
                            "seconds": {"type": "number", "minimum": 0, "maximum": 100 * 366 * 86400}
                        },
                    },
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/clock/freeze": _sandbox_path(
            {
                "post": _op(
                    "Stop the sandbox clock (now, or at a later `at`).",
                    {
                        "200": clock,
                        "409": _error("`at` is in the sandbox's past: its clock never goes back."),
                    },
                    body={
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"at": {"type": "string", "format": "date-time"}},
                    },
                    optional_body=True,
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/clock/unfreeze": _sandbox_path(
            {"post": _op("Let the sandbox clock run again.", {"200": clock})}
        ),
        "/_sandbox/sandboxes/{sandbox_id}/changes": _sandbox_path(
            {
                "post": _op(
                    "Apply `count` random changes and `deletions` random deletions; returns the change list.",
                    {"200": list_of("changes", "Change")},
                    body=_ref("ChangesInput"),
                    optional_body=True,
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/journal": _sandbox_path(
            {
                "get": _op(
                    "The newest requests the sandbox received (bounded), oldest first.",
                    {
                        "200": _ok(
                            {
                                "type": "object",
                                "required": ["entries", "size"],
                                "properties": {
                                    "entries": {"type": "array", "items": _ref("JournalEntry")},
                                    "size": {"type": "integer"},
                                },
                            }
                        )
                    },
                    parameters=[
                        {"name": "vendor", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "path",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "a glob",
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "pattern": "^[1-5]([0-9]{2}|xx)$"},
                        },
                        {"name": "method", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 10000},
                        },
                    ],
                ),
                "delete": _op("Empty the journal.", dict(NO_CONTENT)),
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/webhooks/subscriptions": _sandbox_path(
            {
                "get": _op(
                    "Webhook subscriptions made through the vendor APIs.", {"200": _ok({"type": "object"})}
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/webhooks/deliveries": _sandbox_path(
            {
                "get": _op(
                    "Webhook deliveries with their attempts and response codes.",
                    {"200": list_of("deliveries", "Delivery")},
                    parameters=[
                        {"name": "vendor", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "state",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["pending", "delivered", "failed"]},
                        },
                    ],
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/webhooks/deliveries/{delivery_id}": _sandbox_path(
            {
                "get": _op(
                    "One delivery.",
                    {"200": _ok(_ref("Delivery"))},
                    parameters=[
                        {"name": "delivery_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/webhooks/deliveries/{delivery_id}/replay": _sandbox_path(
            {
                "post": _op(
                    "Queue the same bytes and headers again as a new delivery.",
                    {"201": _ok(_ref("Delivery"), "Queued.")},
                    parameters=[
                        {"name": "delivery_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                )
            }
        ),
        "/_sandbox/sandboxes/{sandbox_id}/webhooks/deliver": _sandbox_path(
            {
                "post": _op(
                    "Attempt every due delivery of the sandbox now.",
                    {"200": list_of("attempted", "Delivery")},
                )
            }
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "atsbox control API",
            "version": "1",
            "description": "Sandboxes of the hosted atsbox service, and their faults, clock, changes, journal and webhooks.",
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(vendors, sizes),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
