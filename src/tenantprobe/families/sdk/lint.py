"""What breaks SDK generators, found in the spec alone (no request is sent).

Each rule is a named function ``(spec) -> list[LintProblem]``; the rule name is the property the
spec must have (``operation_id_unique``), which the sdk suite reports as the check name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenantprobe.families.sdk import (
    OPERATION_ID_PRESENT,
    OPERATION_ID_UNIQUE,
    OPERATION_TAGGED,
    REFS_RESOLVABLE,
    RESPONSE_SCHEMA_DECLARED,
    SECURITY_DECLARED,
)
from tenantprobe.openapi.operations import iter_operations
from tenantprobe.openapi.permissions import operation_key
from tenantprobe.openapi.refs import follow, pointer, refs

# Successes that carry no body by definition.
_BODYLESS = {"204", "205", "304"}


@dataclass(frozen=True)
class LintProblem:
    rule: str
    operation: str
    message: str


Rule = Callable[[dict[str, Any]], list[LintProblem]]
RULES: dict[str, Rule] = {}


def rule(function: Rule) -> Rule:
    RULES[function.__name__] = function
    return function


def lint_spec(spec: dict[str, Any], ignore: tuple[str, ...] = ()) -> list[LintProblem]:
    return [problem for name, check in RULES.items() if name not in ignore for problem in check(spec)]


@rule
def operation_id_present(spec: dict[str, Any]) -> list[LintProblem]:
    return [
        LintProblem(
            OPERATION_ID_PRESENT,
            operation_key(method, path),
            "no `operationId`: generators invent a method name from the path, which changes "
            "when the path does; add a stable `operationId`",
        )
        for method, path, operation in iter_operations(spec)
        if not operation.get("operationId")
    ]


@rule
def operation_id_unique(spec: dict[str, Any]) -> list[LintProblem]:
    ids = Counter(op.get("operationId") for _, _, op in iter_operations(spec) if op.get("operationId"))
    return [
        LintProblem(
            OPERATION_ID_UNIQUE,
            operation_key(method, path),
            f"`operationId: {operation['operationId']}` is used by {ids[operation['operationId']]} "
            "operations: generated clients get clashing method names; make each one unique",
        )
        for method, path, operation in iter_operations(spec)
        if ids.get(operation.get("operationId"), 0) > 1
    ]


@rule
def operation_tagged(spec: dict[str, Any]) -> list[LintProblem]:
    return [
        LintProblem(
            OPERATION_TAGGED,
            operation_key(method, path),
            "no `tags`: generators put it in a catch-all module; tag it with its resource",
        )
        for method, path, operation in iter_operations(spec)
        if not operation.get("tags")
    ]


@rule
def response_schema_declared(spec: dict[str, Any]) -> list[LintProblem]:
    problems = []
    for method, path, operation in iter_operations(spec):
        for status, response in (operation.get("responses") or {}).items():
            response = follow(spec, response)
            content = response.get("content") if isinstance(response, dict) else None
            where = f"response {status}"
            if isinstance(content, dict) and content:
                for media, entry in content.items():
                    if not isinstance(entry, dict) or "schema" not in entry:
                        problems.append(
                            LintProblem(
                                RESPONSE_SCHEMA_DECLARED,
                                operation_key(method, path),
                                f"{where} `{media}` has no `schema`: the generated client "
                                "cannot parse it; describe the body",
                            )
                        )
            elif str(status).startswith("2") and str(status) not in _BODYLESS and method != "HEAD":
                problems.append(
                    LintProblem(
                        RESPONSE_SCHEMA_DECLARED,
                        operation_key(method, path),
                        f"{where} declares no content: the generated client returns "
                        "nothing; describe the body (or answer 204)",
                    )
                )
    return problems


@rule
def security_declared(spec: dict[str, Any]) -> list[LintProblem]:
    schemes = set((spec.get("components") or {}).get("securitySchemes") or {})
    default = spec.get("security")
    problems = []
    for method, path, operation in iter_operations(spec):
        requirements = operation.get("security", default)
        key = operation_key(method, path)
        if requirements is None:
            problems.append(
                LintProblem(
                    SECURITY_DECLARED,
                    key,
                    "no `security` (here or at the top level): generated clients "
                    "do not send credentials; declare it (`security: []` if public)",
                )
            )
            continue
        for requirement in requirements or []:
            for name in requirement if isinstance(requirement, dict) else ():
                if name not in schemes:
                    problems.append(
                        LintProblem(
                            SECURITY_DECLARED,
                            key,
                            f"`security` names `{name}`, which components.securitySchemes does not define",
                        )
                    )
    return problems


@rule
def refs_resolvable(spec: dict[str, Any]) -> list[LintProblem]:
    problems = []
    for location, ref in refs(spec, "#"):
        if not ref.startswith("#/"):
            problems.append(
                LintProblem(
                    REFS_RESOLVABLE,
                    "",
                    f"`$ref: {ref}` at `{location}` points outside the document: "
                    "bundle the spec so generators can run offline",
                )
            )
        elif pointer(spec, ref) is None:
            problems.append(
                LintProblem(
                    REFS_RESOLVABLE,
                    "",
                    f"`$ref: {ref}` at `{location}` points to nothing: "
                    "define the target or fix the reference",
                )
            )
    return problems
