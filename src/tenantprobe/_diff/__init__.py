"""Breaking changes between two OpenAPI documents (removed operations, fields, enum values, ...)."""

from tenantprobe._diff._model import Change, SpecDiff
from tenantprobe._diff._operations import diff_specs, operations
from tenantprobe._diff._render import render_json, render_text

__all__ = ["Change", "SpecDiff", "diff_specs", "operations", "render_json", "render_text"]
