"""Contracts: coverage tables, the oracle, Schemathesis and Hypothesis suites, reports."""
