"""The OpenAPI 3.1 document of exactly the Ashby endpoints the mock emulates.

Request and response schemas are Ashby's own, from contracts/reference/ashby_openapi_subset.json
(extracted from Ashby's OpenAPI document by scripts/refresh_ashby_schemas.py), so Schemathesis
checks the mock against the vendor's shapes, not against a description of itself. Added here:
the statuses Ashby answers besides 200 (401 without a key, 403 for a refused key or a missing
permission, 429 when rate limited), all in Ashby's error envelope, and OpenAPI links between
the writes and the reads of what they created, for stateful tests.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib.resources import files
from typing import Any

from .endpoints import ENDPOINTS

SUBSET = "ashby_openapi_subset.json"

# operation -> {link name: (target operation, request-body field -> response expression)}.
_LINKS: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "candidate.create": {
        "CandidateInfo": ("candidate.info", {"id": "$response.body#/results/id"}),
        "CandidateUpdate": ("candidate.update", {"candidateId": "$response.body#/results/id"}),
        "CandidateListNotes": ("candidate.listNotes", {"candidateId": "$response.body#/results/id"}),
        "CandidateCreateNote": ("candidate.createNote", {"candidateId": "$response.body#/results/id"}),
    },
    "candidate.update": {"CandidateInfo": ("candidate.info", {"id": "$response.body#/results/id"})},
    "candidateTag.create": {"CandidateTagList": ("candidateTag.list", {})},
    "application.create": {
        "ApplicationInfo": ("application.info", {"applicationId": "$response.body#/results/id"}),
        "ApplicationChangeSource": ("application.changeSource", {"applicationId": "$response.body#/results/id"}),
        "ApplicationChangeStage": ("application.changeStage", {"applicationId": "$response.body#/results/id"}),
    },
    "application.changeStage": {
        "ApplicationInfo": ("application.info", {"applicationId": "$response.body#/results/id"}),
    },
    "webhook.create": {
        "WebhookInfo": ("webhook.info", {"webhookId": "$response.body#/results/id"}),
        "WebhookUpdate": ("webhook.update", {"webhookId": "$response.body#/results/id"}),
        "WebhookDelete": ("webhook.delete", {"webhookId": "$response.body#/results/id"}),
    },
    "job.info": {"JobPostingInfo": ("jobPosting.info", {"jobPostingId": "$response.body#/results/jobPostingIds/0"})},
}


@cache
def subset() -> dict[str, Any]:
    """Ashby's schemas for the emulated endpoints (see scripts/refresh_ashby_schemas.py)."""
    text = files("atsbox.contracts").joinpath("reference", SUBSET).read_text(encoding="utf-8")
    return json.loads(text)


def _error_response(description: str, error: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": error}}}


# The error shape of an endpoint that enumerates no codes: what the 401/403/429 answers carry
# (an endpoint's own error schema may list only its business codes, as changeStage's does).
GENERIC_ERROR_OF = "apiKey.info"


def _operation(name: str, spec: dict[str, Any], operation_ids: dict[str, str], generic: dict[str, Any]
               ) -> dict[str, Any]:  # fmt: skip
    success, error = spec["response"]["success"], spec["response"]["error"]
    ok: dict[str, Any] = {
        "description": f"Responses for the {name} endpoint (errors too: Ashby answers most with HTTP 200)",
        "content": {"application/json": {"schema": {"anyOf": [success, error]}}},
    }
    links = {
        link: {"operationId": operation_ids[target], **({"requestBody": body} if body else {})}
        for link, (target, body) in _LINKS.get(name, {}).items()
    }
    if links:
        ok["links"] = links
    request = spec["request"]
    return {
        "summary": name,
        "operationId": spec["operationId"],
        "description": spec["description"],
        "tags": [name.split(".", 1)[0]],
        "requestBody": {"required": True, "content": {request["contentType"]: {"schema": request["schema"]}}},
        "responses": {
            "200": ok,
            "401": _error_response("No API key was sent", generic),
            "403": _error_response("The API key is unknown, or it lacks the endpoint's permission", generic),
            "429": _error_response("Rate limit exceeded (when the sandbox's rate limit is switched on)", generic),
        },
        "security": [{"BasicAuth": []}],
    }


def document() -> dict[str, Any]:
    data = copy.deepcopy(subset())
    operation_ids = {name: spec["operationId"] for name, spec in data["endpoints"].items()}
    generic = data["endpoints"][GENERIC_ERROR_OF]["response"]["error"]
    paths = {
        f"/{e.name}": {"post": _operation(e.name, data["endpoints"][e.name], operation_ids, generic)}
        for e in ENDPOINTS
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ashby API (atsbox sandbox)",
            "version": data["source"]["info"]["version"],
            "description": (
                "The Ashby endpoints atsbox emulates, with Ashby's own request and response schemas "
                f"(from {data['source']['package']}, {data['source']['file']})."
            ),
        },
        "servers": [
            {"url": "/ashby", "description": "this sandbox"},
            {"url": "https://api.ashbyhq.com", "description": "Ashby"},
        ],
        "paths": paths,
        "components": {"securitySchemes": {"BasicAuth": data["securitySchemes"]["BasicAuth"]}},
        "security": [{"BasicAuth": []}],
    }
