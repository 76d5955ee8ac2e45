"""Connectors: the unified ATS model, the connector interface and one connector per vendor."""
