"""The Ashby connector (registered with the connector registry on import)."""

from .connector import AshbyConnector

__all__ = ["AshbyConnector"]
