"""The defect catalogue: small, named, deliberate bugs that can be switched on at start-up.

Each defect is a small function in ``defects/<family>.py`` registered with ``@defect(name, family)``.
Its docstring says what is wrong and which check family must catch it; the first paragraph is the
description ``--list-defects`` prints. The clean code path asks ``ctx.defects.on(name)`` at the one
place the bug lives and, when it is on, calls the defect function instead of the correct code.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

FAMILIES: tuple[str, ...] = ("contract", "scoping", "rbac", "webhooks", "events", "rate_limits", "preflight")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Defect:
    name: str
    family: str
    description: str
    function: Callable[..., Any]

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "family": self.family, "description": self.description}


_REGISTRY: dict[str, Defect] = {}


def defect(name: str, family: str) -> Callable[[F], F]:
    """Register the decorated function as the defect ``name`` of check family ``family``."""
    if family not in FAMILIES:
        raise ValueError(f"defect {name!r}: family must be one of {', '.join(FAMILIES)}, got {family!r}")

    def register(function: F) -> F:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"defect {name!r} is registered twice")
        doc = inspect.getdoc(function)
        if not doc:
            raise ValueError(f"defect {name!r} needs a docstring saying what is wrong and who catches it")
        description = " ".join(doc.split("\n\n")[0].split())
        _REGISTRY[name] = Defect(name, family, description, function)
        return function

    return register


def _load_family_modules() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def all_defects() -> list[Defect]:
    """Every registered defect, sorted by family then name."""
    _load_family_modules()
    return sorted(_REGISTRY.values(), key=lambda d: (FAMILIES.index(d.family), d.name))


def get_defect(name: str) -> Defect:
    _load_family_modules()
    return _REGISTRY[name]


def unknown_defects(names: Iterable[str]) -> list[str]:
    known = {d.name for d in all_defects()}
    return sorted(set(names) - known)


class DefectSwitches:
    """The defects switched on for one running app; ``on(name)`` is the only question code asks."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names = frozenset(names)
        unknown = unknown_defects(self._names)
        if unknown:
            raise ValueError(f"unknown defect(s): {', '.join(unknown)}")

    def on(self, name: str) -> bool:
        return name in self._names

    @property
    def names(self) -> frozenset[str]:
        return self._names
