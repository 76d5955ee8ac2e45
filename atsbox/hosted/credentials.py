"""Per-sandbox credentials for the hosted service: unguessable, and shaped by the partner.

The vendors' `default_credentials` derive secrets from (vendor, sandbox, seed, label), so
that a local sandbox is reproducible. A hosted sandbox must not be reachable by anyone who
can guess those parts, so every derived secret is re-drawn from the OS's CSPRNG, keeping
its shape (same prefix, same number of hex digits): `derive_secret` output is lowercase hex
of at least 24 digits after an optional short prefix ("papi-..."), which identifiers such
as company keys and slugs never are. The same old value gets the same new value wherever
it appears (the secret, its meta, its display), so a credential stays consistent.

Partners may also shape credentials per vendor and label:
  permissions    a subset of the credential's permissions (Ashby keys' module permissions)
  redirect_uris  the OAuth client's registered redirect URIs (kept in addition to the
                 connection guide's own callback, so the guide's OAuth link always works)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from atsbox.mocks.core.oauth import CLIENT
from atsbox.mocks.core.vendor import Credential

_DERIVED = re.compile(r"^(?P<prefix>[A-Za-z]{0,8}[-_]?)(?P<hex>[0-9a-f]{24,})$")

Options = Mapping[str, Mapping[str, Mapping[str, Any]]]  # vendor -> label -> option -> value


class CredentialOptionError(ValueError):
    """A credential option the sandbox cannot honour (unknown label, wider permissions)."""


def _fresh(value: str) -> str:
    match = _DERIVED.match(value)
    assert match is not None
    digits = len(match["hex"])
    return match["prefix"] + secrets.token_hex((digits + 1) // 2)[:digits]


def _replace(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        if value not in mapping and _DERIVED.match(value):
            mapping[value] = _fresh(value)
        return mapping.get(value, value)
    return value


def rotate(credential: Credential, mapping: dict[str, str]) -> Credential:
    """The credential with every derived secret replaced (consistently through `mapping`)."""
    secret = _replace(credential.secret, mapping)
    meta = {k: _replace(v, mapping) for k, v in credential.meta.items()}
    display = None
    if credential.display is not None:
        display = {k: _replace(v, mapping) for k, v in credential.display.items()}
    return Credential(credential.kind, secret, meta, display)


def shape(credential: Credential, options: Mapping[str, Any], guide_callback: str | None) -> Credential:
    """Apply a partner's options and add the guide's OAuth callback to OAuth clients."""
    meta = dict(credential.meta)
    unknown = set(options) - {"permissions", "redirect_uris"}
    if unknown:
        raise CredentialOptionError(f"unknown credential options: {', '.join(sorted(unknown))}")
    if "permissions" in options:
        granted = meta.get("permissions")
        wanted = list(options["permissions"])
        if granted is None:
            raise CredentialOptionError("this credential has no permissions to choose from")
        extra = sorted(set(wanted) - set(granted))
        if extra:
            raise CredentialOptionError(f"permissions not available: {', '.join(extra)}")
        meta["permissions"] = [p for p in granted if p in wanted]
    if credential.kind == CLIENT:
        uris = list(options.get("redirect_uris", meta.get("redirect_uris", [])))
        if "redirect_uris" in options and not all(isinstance(u, str) and "://" in u for u in uris):
            raise CredentialOptionError("redirect_uris must be absolute URLs")
        if guide_callback and "authorization_code" in meta.get("grant_types", []):
            uris = [*uris, guide_callback] if guide_callback not in uris else uris
        meta["redirect_uris"] = uris
    elif "redirect_uris" in options:
        raise CredentialOptionError("redirect_uris apply to OAuth clients only")
    return Credential(credential.kind, credential.secret, meta, credential.display)


def hosted_credentials(
    issued: Mapping[str, Mapping[str, Credential]],
    options: Options | None,
    guide_callback: Mapping[str, str],
) -> dict[str, dict[str, Credential]]:
    """Rotated and shaped credentials for every vendor and label of a new sandbox."""
    options = options or {}
    for vendor, by_label in options.items():
        if vendor not in issued:
            raise CredentialOptionError(f"credentials for {vendor!r}, which the sandbox does not have")
        missing = sorted(set(by_label) - set(issued[vendor]))
        if missing:
            known = ", ".join(sorted(issued[vendor]))
            raise CredentialOptionError(f"{vendor} has no credential {', '.join(missing)} (it has {known})")
    result: dict[str, dict[str, Credential]] = {}
    for vendor, by_label in issued.items():
        mapping: dict[str, str] = {}
        result[vendor] = {
            label: shape(
                rotate(credential, mapping),
                options.get(vendor, {}).get(label, {}),
                guide_callback.get(vendor),
            )
            for label, credential in by_label.items()
        }
    return result


def credential_view(credential: Credential) -> dict[str, Any]:
    """A credential as the control API shows it."""
    return {
        "kind": credential.kind,
        "secret": credential.secret,
        "meta": dict(credential.meta),
        "display": credential.shown(),
    }
