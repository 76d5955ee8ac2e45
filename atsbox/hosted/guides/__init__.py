"""Connection guides: one HTML page per vendor at /<vendor>/, from one template.

What differs per vendor (prerequisites, how credentials are made at the vendor, how
requests authenticate, a first request, Factorial's OAuth flow) is data in
guides/<vendor>.yaml, written from the vendor references; what the service knows (title,
hosts, base URLs, the sandbox's credentials) comes from the vendor mock and the store.

    /<vendor>/                              the generic guide, placeholders for the values
    /<vendor>/?sandbox=<id>&token=<token>   the sandbox's own values filled in (the sandbox's
                                            access token, or the admin token, shows them)
    /_guides/<vendor>/credentials.json?...  the same credentials as JSON (a link on the page)
    /_guides/<vendor>/oauth/callback        where the guide's OAuth link comes back to

A guide without a valid token never shows a secret: the page names what is missing instead.
"""

from __future__ import annotations

import functools
import hmac
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from flask import Blueprint, Flask, abort, jsonify, redirect, render_template, request

GUIDE_PREFIX = "/_guides"
HERE = Path(__file__).parent


def callback_path(vendor: str) -> str:
    """Where the guide's OAuth link sends the browser back (registered on OAuth clients)."""
    return f"{GUIDE_PREFIX}/{vendor}/oauth/callback"


@functools.cache
def guide_data(vendor: str) -> dict[str, Any]:
    path = HERE / f"{vendor}.yaml"
    if not path.exists():  # a vendor without a data file still gets the generic parts
        return {"prerequisites": [], "create_credentials": [], "credential_labels": []}
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _Placeholders(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def placeholder_values(credentials: Mapping[str, Any]) -> dict[str, str]:
    """Values for the data files' {placeholders}: display labels, meta values and labels."""
    values: dict[str, str] = {}
    for cred in credentials.values():
        for name, value in cred["display"].items():
            values.setdefault(_key(name), str(value))
        for name, value in cred["meta"].items():
            if isinstance(value, str | int) and not isinstance(value, bool):
                values.setdefault(_key(name), str(value))
    for label, cred in credentials.items():
        values[label] = cred["secret"]
    return values


def _base_url() -> str:
    from ..control import base_url

    return base_url()


def _sandbox_credentials(vendor: str) -> tuple[str | None, dict[str, Any] | None, str]:
    """(sandbox id, its credentials for `vendor` or None, a note for the reader)."""
    from ..control import hosted

    sandbox_id = request.args.get("sandbox")
    if not sandbox_id:
        return None, None, "Create a sandbox to see its credentials here (POST /_sandbox/sandboxes)."
    service = hosted()
    token = request.args.get("token", "")
    allowed = bool(token) and (
        service.admin.valid(token)
        or hmac.compare_digest(service.sandboxes.tenant_for_token(token) or "", sandbox_id)
    )
    if not allowed or not service.sandboxes.exists(sandbox_id):
        return sandbox_id, None, "Add the sandbox's access token (&token=...) to see its credentials."
    view = service.sandboxes.view(sandbox_id, _base_url())
    if vendor not in view["vendors"]:
        return sandbox_id, None, f"This sandbox has no {vendor} mock."
    return sandbox_id, view["vendors"][vendor]["credentials"], ""


def _guide(cls: Any) -> Any:
    def guide() -> Any:
        vendor = cls.name
        data = guide_data(vendor)
        base = f"{_base_url()}/{vendor}"
        sandbox_id, credentials, note = _sandbox_credentials(vendor)
        values = _Placeholders(base=base, **placeholder_values(credentials or {}))
        labels = data.get("credential_labels") or list(credentials or {})
        shown = [(label, credentials[label]) for label in labels if credentials and label in credentials]
        oauth = None
        if data.get("oauth"):
            spec = data["oauth"]
            client = (credentials or {}).get(spec["client_label"])
            callback = _base_url() + callback_path(vendor)
            query = {
                "client_id": client["secret"] if client else "<client_id>",
                "redirect_uri": callback,
                "response_type": "code",
                "scope": spec.get("scope", ""),
                "state": sandbox_id or "guide",
            }
            oauth = {
                **spec,
                "authorize_url": f"{base}{spec['authorize_path']}?{urlencode(query)}",
                "token_url": f"{base}{spec['token_path']}",
                "callback": callback,
                "ready": client is not None,
            }
        json_link = None
        if credentials is not None:
            json_link = f"{GUIDE_PREFIX}/{vendor}/credentials.json?" + urlencode(
                {"sandbox": sandbox_id, "token": request.args.get("token", "")}
            )
        return render_template(
            "guide.html",
            title=data.get("title") or cls.title or vendor,
            vendor=vendor,
            data=data,
            base=base,
            hosts=list(cls.hosts),
            sandbox_id=sandbox_id,
            credentials=shown,
            note=note,
            curl=data.get("request", {}).get("curl", "").format_map(values),
            oauth=oauth,
            json_link=json_link,
            openapi=f"{base}/openapi.json",
        )

    guide.__name__ = f"guide_{cls.name}"
    return guide


def _credentials_json(vendor: str) -> Any:
    sandbox_id, credentials, note = _sandbox_credentials(vendor)
    if credentials is None:
        abort(404)
    return jsonify({"sandbox": sandbox_id, "vendor": vendor, "credentials": credentials})


def _callback(vendor: str) -> Any:
    data = guide_data(vendor)
    if not data.get("oauth"):
        abort(404)
    base = f"{_base_url()}/{vendor}"
    return render_template(
        "callback.html",
        title=data.get("title") or vendor,
        vendor=vendor,
        code=request.args.get("code"),
        state=request.args.get("state"),
        error=request.args.get("error"),
        token_url=f"{base}{data['oauth']['token_path']}",
        callback=_base_url() + callback_path(vendor),
    )


def register_guides(app: Flask, classes: Mapping[str, Any]) -> None:
    """Mount the guide of every vendor in `classes` and the guides' helper routes."""
    bp = Blueprint("atsbox_guides", __name__, template_folder=str(HERE.parent / "templates"))
    for cls in classes.values():
        # "/<vendor>/" is inside the vendor's mount, so requests to the vendor's real host
        # root ("Host: api.ashbyhq.com", "/") reach the guide too.
        bp.add_url_rule(f"/{cls.name}/", endpoint=f"guide_{cls.name}", view_func=_guide(cls), methods=["GET"])
        bp.add_url_rule(
            f"/{cls.name}",
            endpoint=f"guide_{cls.name}_bare",
            view_func=functools.partial(redirect, f"/{cls.name}/", 308),
            methods=["GET"],
        )
    bp.add_url_rule(f"{GUIDE_PREFIX}/<vendor>/credentials.json", view_func=_credentials_json, methods=["GET"])
    bp.add_url_rule(f"{GUIDE_PREFIX}/<vendor>/oauth/callback", view_func=_callback, methods=["GET"])
    app.register_blueprint(bp)
