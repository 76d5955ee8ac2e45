"""The Flatchr connector (registers itself on import)."""

from .connector import FlatchrConnector

__all__ = ["FlatchrConnector"]
