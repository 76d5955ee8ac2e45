"""The lifecycle of hosted sandboxes: create, describe, list, reset, delete, export, import.

A hosted sandbox is a store tenant made by `atsbox.sandbox.create_sandbox`, plus:
  - an unguessable id ("sbx_" + 128 random bits) unless the admin names it;
  - credentials re-drawn at random and shaped by the partner (see credentials.py);
  - an access token (digest stored as a "_sandbox" credential) for its control API;
  - meta under "hosted": when it was made and with which credential options.

Creation and reset run in one store transaction: a sandbox is either all there or not at
all, even when the server is killed half-way. Worlds are cached per (seed, size), because
generating one costs more than rendering it.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from atsbox.clock import clock_for
from atsbox.mocks.core.errors import MockError
from atsbox.mocks.core.vendor import VendorMock
from atsbox.sandbox import META_KEY, _credential_to_json, create_sandbox, reset_sandbox, sandbox_info
from atsbox.store import EXPORT_FORMAT, Store

from .credentials import CredentialOptionError, credential_view, hosted_credentials
from .tokens import SANDBOX_TOKEN_KIND, SANDBOX_VENDOR, digest, new_token

HOSTED_KEY = "hosted"
SIZES = ("tiny", "small", "large")
SANDBOX_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{2,62}$")
MAX_SEED = 2**31 - 1
WORLD_CACHE = 4


def not_found(sandbox_id: str) -> MockError:
    # One answer for "no such sandbox" and "not yours": ids cannot be probed.
    return MockError(404, "sandbox_not_found", f"No sandbox {sandbox_id!r} is visible to this token.")


def bad_request(message: str, field: str | None = None) -> MockError:
    extra = {"field": field} if field else {}
    return MockError(400, "invalid_request", message, **extra)


class Sandboxes:
    """Hosted sandboxes of one store, for the vendors the service mounts."""

    def __init__(
        self, store: Store, vendors: Mapping[str, type[VendorMock]], sizes: tuple[str, ...] = SIZES
    ) -> None:
        self.store = store
        self.vendors = dict(vendors)
        self.sizes = sizes
        self._worlds: OrderedDict[tuple[int, str], Any] = OrderedDict()
        self._worlds_lock = threading.Lock()

    # --- worlds ------------------------------------------------------------------------

    def world(self, seed: int, size: str) -> Any:
        key = (seed, size)
        with self._worlds_lock:
            if key in self._worlds:
                self._worlds.move_to_end(key)
                return self._worlds[key]
        from atsbox.fixtures import generate

        world = generate(seed=seed, size=size)
        with self._worlds_lock:
            self._worlds[key] = world
            while len(self._worlds) > WORLD_CACHE:
                self._worlds.popitem(last=False)
        return world

    # --- requests ----------------------------------------------------------------------

    def _parse(self, body: Mapping[str, Any]) -> tuple[str, int, str, list[str], dict[str, Any]]:
        unknown = set(body) - {"id", "seed", "size", "vendors", "credentials"}
        if unknown:
            raise bad_request(f"Unknown fields: {', '.join(sorted(unknown))}.")
        seed = body.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
            raise bad_request(f"'seed' must be an integer from 0 to {MAX_SEED}.", "seed")
        size = body.get("size", self.sizes[0])
        if size not in self.sizes:
            raise bad_request(f"'size' must be one of {', '.join(self.sizes)}.", "size")
        vendors = body.get("vendors", list(self.vendors))  # explicit null is refused below
        if (
            not isinstance(vendors, list)
            or not vendors
            or not all(isinstance(v, str) and v in self.vendors for v in vendors)
            or len(set(vendors)) != len(vendors)
        ):
            raise bad_request(
                f"'vendors' must be a non-empty list of distinct vendors from: {', '.join(self.vendors)}.",
                "vendors",
            )
        sandbox_id = body["id"] if "id" in body else "sbx_" + secrets.token_hex(16)
        if not isinstance(sandbox_id, str) or not SANDBOX_ID.match(sandbox_id):
            raise bad_request("'id' must be 3-63 characters of a-z, 0-9, '_' and '-'.", "id")
        options = body.get("credentials", {})
        if not isinstance(options, dict) or not all(
            isinstance(v, dict) and all(isinstance(o, dict) for o in v.values()) for v in options.values()
        ):
            raise bad_request("'credentials' maps vendor -> label -> options.", "credentials")
        return sandbox_id, seed, size, vendors, options

    def create(self, body: Mapping[str, Any], guide_callback: Callable[[str], str]) -> tuple[str, str]:
        """Create a sandbox from a control-API body; returns (sandbox id, access token)."""
        sandbox_id, seed, size, names, options = self._parse(body)
        if self.store.get_tenant(sandbox_id) is not None:
            raise MockError(409, "sandbox_exists", f"Sandbox {sandbox_id!r} exists already.")
        world = self.world(seed, size)
        token = new_token("sbt_")
        callbacks = {name: guide_callback(name) for name in names}
        with self.store.transaction():
            info = create_sandbox(
                self.store,
                sandbox_id,
                seed=seed,
                size=size,
                vendors=[self.vendors[n] for n in names],
                world=world,
            )
            try:
                issued = hosted_credentials(info.credentials, options, callbacks)
            except CredentialOptionError as exc:
                raise bad_request(str(exc), "credentials") from None
            self._replace_credentials(sandbox_id, info.credentials, issued)
            self.store.add_credential(SANDBOX_VENDOR, SANDBOX_TOKEN_KIND, digest(token), sandbox_id, {})
            created = self.store.get_tenant(sandbox_id)["created_at"]
            self.store.update_tenant_meta(
                sandbox_id,
                **{
                    HOSTED_KEY: {"created_at": created.isoformat(timespec="milliseconds"), "options": options}
                },
            )
        return sandbox_id, token

    def _replace_credentials(self, tenant: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for vendor, by_label in old.items():
            for credential in by_label.values():
                self.store.remove_credential(vendor, credential.kind, credential.secret)
        for vendor, by_label in new.items():
            for credential in by_label.values():
                self.store.add_credential(
                    vendor, credential.kind, credential.secret, tenant, dict(credential.meta)
                )
        meta = dict(self.store.get_tenant(tenant)["meta"][META_KEY])
        meta["credentials"] = {
            vendor: {label: _credential_to_json(c) for label, c in by_label.items()}
            for vendor, by_label in new.items()
        }
        self.store.update_tenant_meta(tenant, **{META_KEY: meta})

    # --- reading -----------------------------------------------------------------------

    def exists(self, sandbox_id: str) -> bool:
        return sandbox_info(self.store, sandbox_id) is not None

    def view(self, sandbox_id: str, base_url: str) -> dict[str, Any]:
        info = sandbox_info(self.store, sandbox_id)
        if info is None:
            raise not_found(sandbox_id)
        tenant = self.store.get_tenant(sandbox_id)
        clock = clock_for(self.store, sandbox_id)
        vendors = {}
        for name in info.vendors:
            cls = self.vendors.get(name)
            vendors[name] = {
                "title": (cls.title if cls else "") or name,
                "base_url": f"{base_url}/{name}",
                "hosts": list(cls.hosts) if cls else [],
                "openapi": f"{base_url}/{name}/openapi.json",
                "guide": f"{base_url}/{name}/?sandbox={sandbox_id}",
                "credentials": {
                    label: credential_view(c) for label, c in info.credentials.get(name, {}).items()
                },
            }
        return {
            "id": sandbox_id,
            "seed": info.seed,
            "size": info.size,
            "vendors": vendors,
            "created_at": tenant["created_at"].isoformat(timespec="milliseconds"),
            "hosted": HOSTED_KEY in tenant["meta"],
            "clock": {"now": clock.now().isoformat(timespec="milliseconds"), "frozen": clock.frozen},
            "change_seq": self.store.current_seq(sandbox_id),
        }

    def summaries(self) -> list[dict[str, Any]]:
        found = []
        for tenant in self.store.tenants():
            info = sandbox_info(self.store, tenant)
            if info is not None:
                found.append(
                    {"id": tenant, "seed": info.seed, "size": info.size, "vendors": list(info.vendors)}
                )
        return found

    def tenant_for_token(self, token: str) -> str | None:
        found = self.store.resolve_credential(SANDBOX_VENDOR, SANDBOX_TOKEN_KIND, digest(token))
        return None if found is None else found[0]

    # --- changing ----------------------------------------------------------------------

    def delete(self, sandbox_id: str) -> None:
        if not self.exists(sandbox_id):
            raise not_found(sandbox_id)
        self.store.delete_tenant(sandbox_id)

    def reset(self, sandbox_id: str) -> None:
        """Back to the seeded world with the same credentials, token and clock."""
        info = sandbox_info(self.store, sandbox_id)
        if info is None:
            raise not_found(sandbox_id)
        world = self.world(info.seed, info.size)
        with self.store.transaction():
            hosted = self.store.get_tenant(sandbox_id)["meta"].get(HOSTED_KEY)
            tokens = [c for c in self.store.credentials_of(sandbox_id) if c["vendor"] == SANDBOX_VENDOR]
            reset_sandbox(self.store, sandbox_id, world=world)
            for row in tokens:
                self.store.add_credential(row["vendor"], row["kind"], row["secret"], sandbox_id, row["meta"])
            if hosted is not None:
                self.store.update_tenant_meta(sandbox_id, **{HOSTED_KEY: hosted})

    def export(self, sandbox_id: str) -> dict[str, Any]:
        if not self.exists(sandbox_id):
            raise not_found(sandbox_id)
        return self.store.export_tenant(sandbox_id)

    def import_(self, data: Any, *, replace: bool = False) -> str:
        """Recreate a sandbox from its export; `replace` deletes one of the same id first."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise bad_request(f"The body must be a sandbox export (format {EXPORT_FORMAT!r}).")
        try:
            sandbox_id = data["tenant"]["id"]
            sandbox = data["tenant"]["meta"][META_KEY]
        except (KeyError, TypeError):
            raise bad_request("The export has no sandbox in it.") from None
        if not isinstance(sandbox_id, str) or not SANDBOX_ID.match(sandbox_id) and sandbox_id != "default":
            raise bad_request("The export's sandbox id is not valid.")
        unknown = sorted(set(sandbox.get("vendors", [])) - set(self.vendors))
        if unknown:
            raise bad_request(f"The export has vendors this service does not mount: {', '.join(unknown)}.")
        with self.store.transaction():
            if self.store.get_tenant(sandbox_id) is not None:
                if not replace:
                    raise MockError(409, "sandbox_exists", f"Sandbox {sandbox_id!r} exists already.")
                self.store.delete_tenant(sandbox_id)
            taken = [
                c
                for c in data.get("credentials", [])
                if (owner := self.store.resolve_credential(c["vendor"], c["kind"], c["secret"])) is not None
                and owner[0] != sandbox_id
            ]
            if taken:
                kinds = ", ".join(sorted({f"{c['vendor']} {c['kind']}" for c in taken}))
                raise MockError(
                    409, "credentials_taken", f"Another sandbox holds credentials of this export ({kinds})."
                )
            self.store.import_tenant(data)
        return sandbox_id
