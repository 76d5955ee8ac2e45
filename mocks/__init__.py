"""Vendor mocks: the shared mock core and one folder per vendor."""
