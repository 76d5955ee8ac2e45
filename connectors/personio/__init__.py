"""The Personio connector (registered as "personio"): see connector.py."""

from .connector import PersonioConnector

__all__ = ["PersonioConnector"]
