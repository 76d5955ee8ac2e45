"""How a customer connects Flatchr: prerequisites, the credentials to create, the guide.

One place for the three feature rows of the coverage page (Prerequisites, Create
credentials, Connection Guide); the connector reads exactly the credentials listed here
and the contract checks follow the guide against the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CredentialField:
    key: str  # the connector's credentials key
    label: str  # what Flatchr's screen calls it
    required: bool
    where: str


PREREQUISITES = (
    "A Flatchr plan with API access (the API keys page under Settings > Advanced > API).",
    "A Flatchr administrator account, to create an API key.",
    "Optional, for source writing: being registered as an Offerer with Flatchr, who gives you an offerer id.",
)

CREDENTIALS = (
    CredentialField("api_key", "API key", True, "Settings > Advanced > API: generate a key"),
    CredentialField("company_id", "Company key", True, "Settings > Advanced > API: shown next to the keys"),
    CredentialField(
        "offerer_id", "Offerer id", False, "asked from the Flatchr team (Tools > Flatchr > Settings)"
    ),
)

CONNECTION_GUIDE = (
    "Sign in to Flatchr as an administrator and open Settings > Advanced > API.",
    "Generate an API key and copy it with the company key shown next to it.",
    "If Flatchr registered you as an Offerer, note your offerer id to have candidates' source written.",
    "Enter the API key, the company key and (optionally) the offerer id in the connection form.",
    "The connection is checked by listing the company's Kanban columns.",
)


def missing_credentials(credentials: dict[str, object]) -> list[str]:
    """The required credential keys that are absent or empty."""
    return [f.key for f in CREDENTIALS if f.required and not credentials.get(f.key)]
