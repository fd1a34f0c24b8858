"""The check families, one package each; the one list of them, found from their records.

A family is a sub-package of this one whose ``__init__`` holds its
:class:`~tenantprobe.core.family.Family` record (its names and check names, nothing else), so
finding them costs nothing; its passive checks, if it has any, live in its ``checks`` module.
Adding a family adds a package here; nothing in this file names one.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from typing import Any

from tenantprobe.core.config import Carrier, Config
from tenantprobe.core.family import Family, UnknownFamily


def _discover() -> tuple[Family, ...]:
    """Every sub-package's record, in run order; a package without a record, or two records with
    one name or one place in the order, is an error (never a family silently left out)."""
    found: list[Family] = []
    for module in pkgutil.iter_modules(__path__):
        if not module.ispkg:
            continue
        record = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FAMILY", None)
        if not isinstance(record, Family) or record.name != module.name:
            raise UnknownFamily(
                f"families/{module.name}/__init__.py must define FAMILY = Family({module.name!r}, ...)"
            )
        found.append(record)
    orders = [family.order for family in found]
    if len(set(orders)) != len(orders):
        raise UnknownFamily(f"two families share a place in the run order: {sorted(orders)}")
    return tuple(sorted(found, key=lambda family: family.order))


# In the order the suites run: preflight first, the cheap contract checks before the probes.
FAMILIES: tuple[Family, ...] = _discover()
NAMES: tuple[str, ...] = tuple(family.name for family in FAMILIES)
_BY_NAME = {family.name: family for family in FAMILIES}


def family_named(name: str) -> Family:
    """The record of ``name``; a name no family carries is an error, never a silent default."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownFamily(f"unknown check family {name!r}; the families are {', '.join(NAMES)}") from None


CoverageGaps = Callable[[Config, dict[str, Any], Carrier | None], tuple[bool, list[str]]]


def coverage_gaps_of(family: Family) -> CoverageGaps | None:
    """A family's ``coverage.coverage_gaps`` (what ``doctor`` previews), when it has a coverage module."""
    module = f"{__name__}.{family.name}.coverage"
    if importlib.util.find_spec(module) is None:
        return None
    found: CoverageGaps = importlib.import_module(module).coverage_gaps
    return found


def load_passive_checks() -> list[str]:
    """Import every family's ``checks`` module (each registers its checks on import)."""
    loaded = []
    for family in FAMILIES:
        module = f"{__name__}.{family.name}.checks"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
            loaded.append(family.name)
    return loaded
