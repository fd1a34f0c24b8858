"""Scoping: no tenant reads, changes or deletes another tenant's data."""
