"""Breaking changes between two OpenAPI documents (removed operations, fields, enum values, ...)."""

from tenantprobe.openapi.diff.model import Change, SpecDiff
from tenantprobe.openapi.diff.operations import diff_specs, operations
from tenantprobe.openapi.diff.render import render_json, render_text

__all__ = ["Change", "SpecDiff", "diff_specs", "operations", "render_json", "render_text"]
