"""Connection guides: one page per vendor at /<vendor>/ (the pages come in the next step)."""

from __future__ import annotations

from typing import Any

GUIDE_PREFIX = "/_guides"


def callback_path(vendor: str) -> str:
    """Where the guide's OAuth link sends the browser back (registered on OAuth clients)."""
    return f"{GUIDE_PREFIX}/{vendor}/oauth/callback"


def register_guides(app: Any, classes: Any) -> None:
    """Mount the guide pages (none yet)."""
