"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs.

The public surface for suites and extensions; everything else is private.

The public names are the imports of two places: the block under ``TYPE_CHECKING`` below (what every
suite shares: config, state, clients, verdicts, tenancy) and each family's ``families/<name>/api.py``
(what its own suite calls), so adding a family edits nothing here. Both are read (not executed) into a
table of where each name lives, so a name loads on first use and `tenantprobe --help` or a pytest run
of the project's own tests does not pay for the whole harness.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenantprobe.core import __version__

_HERE = Path(__file__).resolve().parent
_FAMILY_API = "families/*/api.py"  # each family's public names, found from its package


def _imported(statements: list[ast.stmt]) -> dict[str, tuple[str, str]]:
    """name -> (module, attribute) for each ``from tenantprobe... import`` among ``statements``."""
    return {
        alias.asname or alias.name: (str(statement.module), alias.name)
        for statement in statements
        if isinstance(statement, ast.ImportFrom) and (statement.module or "").startswith("tenantprobe.")
        for alias in statement.names
    }


def _public_names() -> dict[str, tuple[str, str]]:
    """public name -> (private module, attribute): the ``TYPE_CHECKING`` imports, then every family's api."""
    tree = ast.parse((_HERE / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    names = _imported(block.body)
    for api in sorted(_HERE.glob(_FAMILY_API)):
        for name, place in _imported(ast.parse(api.read_text(encoding="utf-8")).body).items():
            if names.setdefault(name, place) != place:
                # Two public names may not shadow each other: a suite would get whichever came first.
                raise ImportError(f"tenantprobe.{name} is exported twice: by {api.relative_to(_HERE)} and "
                                  f"as {'.'.join(names[name])}; rename one of them")  # fmt: skip
    return names


_EXPORTS = _public_names()
__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'tenantprobe' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)


if TYPE_CHECKING:  # the public surface: what suites and extensions import from `tenantprobe`
    from tenantprobe.core.checks import CheckContext, passive_check
    from tenantprobe.core.client import TargetClient
    from tenantprobe.core.config import Config, ConfigError, Principal, Tenant, load_config
    from tenantprobe.core.exchange import Exchange
    from tenantprobe.core.failures import Finding, ProbeFailure, raise_all
    from tenantprobe.core.state import Knowledge, RunState
    from tenantprobe.core.state import state as harness_state
    from tenantprobe.core.verdict import Unproven, conclude, declare_unproven
    from tenantprobe.core.verdict import Verdict as CheckVerdict
    from tenantprobe.openapi.operations import iter_operations
    from tenantprobe.openapi.permissions import holds, required_permission
    from tenantprobe.plugin.session import record_subjects
    from tenantprobe.tenancy.canaries import CanarySet, plant_canaries
    from tenantprobe.tenancy.identity import IdentityResult, discover_identities
    from tenantprobe.tenancy.kit import ProbeKit
    from tenantprobe.tenancy.leaks import find_leaks
    from tenantprobe.tenancy.pairing import Pairing
