"""Kombo-style connector for Factorial (ATS resources of the dated public API, 2026-10-01)."""

from .connector import FactorialConnector

__all__ = ["FactorialConnector"]
