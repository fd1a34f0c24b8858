"""The check families, one package each; the one list of them, made from their records.

A family's ``__init__`` holds only its :class:`~tenantprobe.core.family.Family` record, so reading
this list costs nothing; its passive checks, if it has any, live in its ``checks`` module.
"""

from __future__ import annotations

import importlib
import importlib.util

from tenantprobe.core.family import Family, UnknownFamily
from tenantprobe.families import contract, events, preflight, rate_limits, rbac, scoping, sdk, webhooks

# In the order the suites run: preflight first, the cheap contract checks before the probes.
FAMILIES: tuple[Family, ...] = (
    preflight.FAMILY,
    contract.FAMILY,
    scoping.FAMILY,
    rbac.FAMILY,
    webhooks.FAMILY,
    events.FAMILY,
    rate_limits.FAMILY,
    sdk.FAMILY,
)
NAMES: tuple[str, ...] = tuple(family.name for family in FAMILIES)
_BY_NAME = {family.name: family for family in FAMILIES}


def family_named(name: str) -> Family:
    """The record of ``name``; a name no family carries is an error, never a silent default."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownFamily(f"unknown check family {name!r}; the families are {', '.join(NAMES)}") from None


def load_passive_checks() -> list[str]:
    """Import every family's ``checks`` module (each registers its checks on import)."""
    loaded = []
    for family in FAMILIES:
        module = f"{__name__}.{family.name}.checks"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
            loaded.append(family.name)
    return loaded
