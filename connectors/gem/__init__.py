"""Kombo-style connector for Gem (ATS API /ats/v0/)."""

from .connector import GemConnector

__all__ = ["GemConnector"]
