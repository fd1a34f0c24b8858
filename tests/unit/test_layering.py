"""The library's one rule of direction, read from its own imports (function-level ones included).

Layers, lowest first: core < openapi < tenancy < families < reporting < cli, plugin; the public
facade (``tenantprobe/__init__.py``, ``__main__``) sits on top. A module imports only from its own
layer or below, no modules import each other in a loop, and the top of the package stays small.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import tenantprobe

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "tenantprobe"
LAYERS = {"core": 0, "openapi": 1, "tenancy": 2, "families": 3, "reporting": 4, "cli": 5, "plugin": 5}
FACADE = 6
MAX_TOP_ENTRIES = 16


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> Iterator[str]:
    """Every module of the package that ``path`` imports, wherever the import statement stands."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in known else node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def layer_of(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], FACADE) if len(parts) > 1 else FACADE


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(paths)
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        graph[module] = {target for target in imported_modules(path, known) if target in known} - {module}
    return graph


def test_every_module_imports_only_its_own_layer_or_below() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_loop() -> None:
    graph = import_graph()
    # A package importing its own modules (its __init__ re-exporting) is no loop; anything else is.
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    loops: list[str] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                loops.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert loops == []


def test_the_top_of_the_package_stays_small() -> None:
    entries = [entry.name for entry in PACKAGE.iterdir() if entry.name != "__pycache__"]
    assert len(entries) <= MAX_TOP_ENTRIES, sorted(entries)
    assert set(LAYERS) <= set(entries)


# Functions each command module or family package implements by contract, not helpers.
INTERFACES = {"register", "handle", "coverage_gaps"}


def test_no_helper_is_defined_in_three_or_more_modules() -> None:
    """A helper written three times is a helper missing from a lower layer."""
    where: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            name = getattr(node, "name", "").lstrip("_")  # `_fill` and `fill` are the same helper
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and name not in INTERFACES:
                where.setdefault(name, []).append(module_name(path))
    assert {name: modules for name, modules in where.items() if len(modules) >= 3} == {}


def test_benchmarks_depend_on_the_library_not_on_the_tests() -> None:
    bench = PACKAGE.parents[1] / "bench"
    from_tests = [
        f"{path.name} -> {module}"
        for path in sorted(bench.glob("*.py"))
        for module in imported_modules(path, set())
        if module == "tests" or module.startswith("tests.")
    ]
    assert from_tests == []


def test_every_public_name_resolves_and_is_called_by_a_suite_a_fixture_or_a_user() -> None:
    root = PACKAGE.parents[1]
    callers = [*(root / "suites").rglob("*.py"), *(root / "fixtures").rglob("*.py"), root / "conftest.py"]
    users = [*(root / "tests").rglob("*.py"), root / "README.md", *(root / "docs").glob("*.md")]
    text = "\n".join(path.read_text(encoding="utf-8") for path in (*callers, *users))
    for name in tenantprobe.__all__:
        assert getattr(tenantprobe, name) is not None
    uncalled = [
        name for name in tenantprobe.__all__ if name != "__version__" and not re.search(rf"\b{name}\b", text)
    ]
    assert uncalled == []
