"""Fill tenants.yaml templates: ``{receiver_url}``, ``{tenant.id}``, ``{order.id}`` and friends.

A string that is exactly one placeholder takes the value's own type (an integer id stays an integer);
placeholders inside longer strings are formatted as text.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from tenantprobe.core.state import RunState
from tenantprobe.tenancy.carrier import carrier_values

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}")


class TemplateError(KeyError):
    """A placeholder the template names but nothing provides."""

    def __str__(self) -> str:
        return str(self.args[0])


def lookup(values: dict[str, Any], name: str) -> Any:
    """``order.id`` reads ``values["order"]["id"]``; a missing name is a :class:`TemplateError`."""
    if name in values:  # flat dotted names first: `tenant.id` is one value, `tenant` another
        return values[name]
    current: Any = values
    for part in name.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            known = ", ".join(sorted(values))
            raise TemplateError(f"placeholder `{{{name}}}` has no value here; known: {known}")
    return current


def fill(template: Any, values: dict[str, Any]) -> Any:
    """``template`` (a string, list or mapping) with every placeholder replaced."""
    if isinstance(template, str):
        whole = _PLACEHOLDER.fullmatch(template)
        if whole:
            return lookup(values, whole.group(1))
        return _PLACEHOLDER.sub(lambda match: str(lookup(values, match.group(1))), template)
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(item, values) for key, item in template.items()}
    return template


def split_operation(operation: str) -> tuple[str, str]:
    """``"POST /api/hooks"`` -> ``("POST", "/api/hooks")``."""
    method, _, path = operation.strip().partition(" ")
    return method.upper(), path.strip()


def tenant_values(state: RunState, tenant: str, **extra: Any) -> dict[str, Any]:
    """What a template may name of ``tenant``: ``{tenant}`` (its name), ``{tenant.name}``,
    ``{tenant.key}``, ``{tenant.id}`` and ``{tenant_id}`` (its id, once preflight learnt it), and a
    fresh ``{random}``; ``extra`` adds or overrides names."""
    values: dict[str, Any] = {"tenant": tenant, "tenant.name": tenant, "random": secrets.token_hex(4)}
    configured = state.config.tenants.get(tenant)
    values["tenant.key"] = configured.key if configured is not None else tenant
    tenant_id = state.knowledge.tenant_ids.get(tenant)
    if tenant_id is not None:
        values["tenant_id"] = values["tenant.id"] = tenant_id
    # The carrier's own placeholder (``{org}``) too, for operations under a tenant path.
    return {**values, **carrier_values(state, tenant), **extra}
