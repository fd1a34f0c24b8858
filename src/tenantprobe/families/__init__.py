"""The check families, one package each; a family's passive checks live in its ``checks`` module."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil


def load_passive_checks() -> list[str]:
    """Import every family's ``checks`` module (each registers its checks on import)."""
    loaded = []
    for package in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = f"{__name__}.{package.name}.checks"
        if package.ispkg and importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
            loaded.append(package.name)
    return loaded
