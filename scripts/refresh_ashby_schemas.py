#!/usr/bin/env python3
"""Refresh contracts/reference/ashby_openapi_subset.json from Ashby's own OpenAPI document.

Ashby publishes its API as an OpenAPI 3.1 document (a ReadMe export). The PyPI package
`arcade-ashby-api` ships a copy as `arcade_ashby_api/moar/openapi.json`, in which every
internal `$ref` was replaced by an object carrying an `x-moar-broken-reference` JSON
pointer into the same file. This script takes the endpoints the mock emulates (the table in
mocks/ashby/endpoints.py), resolves those pointers, and writes one self-contained JSON file
with each endpoint's request and response schema, its permission, and the payload schemas
of the webhooks the mock sends. The atsbox tests validate every mock response against it,
so atsbox does not depend on the (large) arcade package.

Usage:
    python scripts/refresh_ashby_schemas.py [PATH/TO/openapi.json] [--out PATH]

Without a path the document is looked up in an installed `arcade-ashby-api`.

Two deliberate changes to the source, both listed in the output's `transformations`:
- `oneOf` becomes `anyOf`. The document's alternatives overlap (a custom field value is
  "String", "LongText" or "ValueSelect", all plain strings; an error body also satisfies
  candidate.createNote's success branch, whose `results` is optional), so under JSON
  Schema's exactly-one rule no string custom field value could ever be valid. The tests
  check the success/error split themselves, branch by branch.
- `example`/`examples` and the `x-moar-*` bookkeeping keys are dropped.
- A type that allows null but whose `enum` omits it (an interviewer's `trainingRole`, which
  is null for every ordinary interviewer yet required) gets null added to the enum.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import runpy
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "contracts" / "reference" / "ashby_openapi_subset.json"
ENDPOINTS_FILE = ROOT / "mocks" / "ashby" / "endpoints.py"
PACKAGE = "arcade_ashby_api"
DOCUMENT_IN_PACKAGE = ("moar", "openapi.json")

# Webhook payloads the mock delivers (see mocks/ashby/events.py).
WEBHOOK_ACTIONS = ("applicationSubmit", "applicationUpdate", "candidateStageChange", "candidateHire", "ping")

_BROKEN = "x-moar-broken-reference"
_DROPPED_KEYS = {"example", "examples"}
_PERMISSION = re.compile(r"Requires the \[`(\w+)`\]")


def find_document() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"{PACKAGE} is not installed here; pass the path of Ashby's openapi.json "
            "(pip download arcade-ashby-api, then unpack arcade_ashby_api/moar/openapi.json)"
        )
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*DOCUMENT_IN_PACKAGE)
    if not path.is_file():
        raise SystemExit(f"{path} does not exist in the installed {PACKAGE}")
    return path


class Resolver:
    """Inline the document's broken-reference pointers, refusing to loop on cycles."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.cycles: set[str] = set()
        self.nullable_enums = 0

    def pointer(self, ref: str) -> Any:
        node: Any = self.document
        for raw in ref.removeprefix("#/").split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def resolve(self, node: Any, stack: tuple[str, ...] = ()) -> Any:
        if isinstance(node, dict):
            ref = node.get(_BROKEN)
            if ref is not None:
                if ref in stack:
                    # A recursive shape: stop here and accept anything at this depth.
                    self.cycles.add(ref)
                    return {}
                return self.resolve(self.pointer(ref), (*stack, ref))
            out = {}
            for key, value in node.items():
                if key.startswith("x-moar") or key in _DROPPED_KEYS:
                    continue
                out["anyOf" if key == "oneOf" else key] = self.resolve(value, stack)
            kinds = out.get("type")
            if isinstance(kinds, list) and "null" in kinds and "enum" in out and None not in out["enum"]:
                # A nullable type whose enum forgets null (InterviewEvent.interviewers[].trainingRole).
                out["enum"] = [*out["enum"], None]
                self.nullable_enums += 1
            return out
        if isinstance(node, list):
            return [self.resolve(item, stack) for item in node]
        return node


def endpoint_names() -> list[str]:
    table = runpy.run_path(str(ENDPOINTS_FILE))["ENDPOINTS"]
    return [e.name for e in table]


def build(document: dict[str, Any], source: Path) -> dict[str, Any]:
    resolver = Resolver(document)
    endpoints: dict[str, Any] = {}
    for name in endpoint_names():
        operation = document["paths"][f"/{name}"]["post"]
        permissions = _PERMISSION.findall(operation.get("description", ""))
        content = resolver.resolve(operation.get("requestBody", {})).get("content", {})
        [(content_type, body)] = content.items()
        response = resolver.resolve(operation["responses"]["200"]["content"]["application/json"]["schema"])
        branches = response["anyOf"]
        if len(branches) != 2:
            raise SystemExit(f"{name}: expected a success and an error branch, got {len(branches)}")
        endpoints[name] = {
            "operationId": operation["operationId"],
            "summary": operation.get("summary", name),
            "description": operation.get("description", ""),
            "permission": permissions[0] if permissions else None,
            "request": {"contentType": content_type, "schema": body.get("schema", {})},
            "response": {"success": branches[0], "error": branches[1]},
        }
    webhooks = {}
    for action in WEBHOOK_ACTIONS:
        hook = document["webhooks"][action]["post"]
        webhooks[action] = resolver.resolve(hook["requestBody"]["content"]["application/json"]["schema"])
    raw = source.read_bytes()
    return {
        "source": {
            "package": "arcade-ashby-api",
            "file": "/".join((PACKAGE, *DOCUMENT_IN_PACKAGE)),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "openapi": document.get("openapi"),
            "info": document.get("info"),
            "servers": document.get("servers"),
        },
        "transformations": [
            "x-moar-broken-reference pointers resolved inline",
            "oneOf rewritten as anyOf (the document's alternatives overlap)",
            "example/examples and x-moar-* keys dropped",
            *(["null added to the enum of nullable types whose enum omits it"] if resolver.nullable_enums else []),
            *(f"recursive reference cut to {{}}: {ref}" for ref in sorted(resolver.cycles)),
        ],
        "securitySchemes": document.get("components", {}).get("securitySchemes", {}),
        "endpoints": endpoints,
        "webhooks": webhooks,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", type=Path, help="Ashby's openapi.json (default: installed package)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    source = args.document or find_document()
    document = json.loads(source.read_text(encoding="utf-8"))
    subset = build(document, source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Sorted keys and a trailing newline: the same document always gives the same bytes.
    args.out.write_text(json.dumps(subset, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(subset['endpoints'])} endpoints, {len(subset['webhooks'])} webhook payloads", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
