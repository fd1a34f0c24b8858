"""Passive checks, one module per family; importing this package registers them all."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> list[str]:
    """Import every check module of this package (each registers its checks on import)."""
    loaded = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
            loaded.append(module.name)
    return loaded
