"""Defects the contract family must catch."""

from __future__ import annotations

from reference_api.defects import defect  # noqa: F401
