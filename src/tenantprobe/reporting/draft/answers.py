"""Who is under test, as ``tenantprobe init`` is told: ``--tenant``/``--principal`` flags or an answer file.

A principal flag reads ``TENANT/NAME=ROLE`` with an optional ``:VAR`` (or ``:${VAR}``) naming the
environment variable of its credential; without it the variable is ``TENANT_NAME_TOKEN``. The answer
file is the ``tenants`` block of a tenants.yaml, written as it will stand there. Credentials are only
ever variable names: a value is never written to the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_PRINCIPAL = re.compile(
    r"^(?P<tenant>[\w.-]+)/(?P<name>[\w.-]+)=(?P<role>[\w.:-]+?)(?::(?P<var>\$\{\w+\}|\w+))?$"
)
_REFERENCE = re.compile(r"^\$\{(\w+)\}$")


class AnswerError(ValueError):
    """An answer ``tenantprobe init`` cannot read; the message names the flag or file and the fix."""


@dataclass
class PrincipalAnswer:
    name: str
    role: str
    token_var: str
    roles_in: dict[str, str] = field(default_factory=dict)


@dataclass
class TenantAnswer:
    name: str
    key: str | None = None
    admin_var: str = ""
    principals: list[PrincipalAnswer] = field(default_factory=list)
    baseline: dict[str, Any] = field(default_factory=dict)
    id: str | None = None  # the tenant's id as the API shows it, for a selector by id


def variable(*parts: str) -> str:
    return "_".join(re.sub(r"\W+", "_", part).upper() for part in parts)


def tenants_from_flags(tenants: list[str], principals: list[str]) -> dict[str, TenantAnswer]:
    found: dict[str, TenantAnswer] = {}
    for raw in tenants:
        name, _, key = raw.partition("=")
        found.setdefault(name, TenantAnswer(name, admin_var=variable(name, "admin", "token"))).key = (
            key or None
        )
    for raw in principals:
        match = _PRINCIPAL.match(raw)
        if match is None:
            raise AnswerError(
                f"--principal {raw!r}: expected TENANT/NAME=ROLE[:VAR], "
                "e.g. acme/viewer=viewer:ACME_VIEWER_TOKEN"
            )
        tenant, name = match["tenant"], match["name"]
        var = (match["var"] or "").strip("${}") or variable(tenant, name, "token")
        answer = found.setdefault(tenant, TenantAnswer(tenant, admin_var=variable(tenant, "admin", "token")))
        answer.principals.append(PrincipalAnswer(name, match["role"], var))
    return found


def read_answers(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise AnswerError(f"{path}: cannot be read as YAML ({error})") from error
    if not isinstance(document, dict):
        raise AnswerError(f"{path}: expected a mapping with a `tenants:` block, as in tenants.yaml")
    return document


def permissions_from_file(path: Path) -> dict[str, Any]:
    """``permissions.roles`` and ``permissions.rank`` as the answer file gives them (what only you know)."""
    block = read_answers(path).get("permissions") or {}
    return {key: block[key] for key in ("roles", "rank") if isinstance(block, dict) and block.get(key)}


def tenants_from_file(path: Path) -> dict[str, TenantAnswer]:
    """The ``tenants`` block of an answer file (a tenants.yaml fragment)."""
    document = read_answers(path)
    block = document.get("tenants")
    if not isinstance(block, dict) or not block:
        raise AnswerError(f"{path}: expected a `tenants:` block, as in tenants.yaml (tenant -> principals)")
    return {str(name): _tenant(path, str(name), raw or {}) for name, raw in block.items()}


def _tenant(path: Path, name: str, raw: dict[str, Any]) -> TenantAnswer:
    admin = _var_of((raw.get("admin") or {}).get("token")) or variable(name, "admin", "token")
    answer = TenantAnswer(name, raw.get("key"), admin, baseline=dict(raw.get("baseline") or {}))
    answer.id = None if raw.get("id") is None else str(raw["id"])
    for principal, spec in (raw.get("principals") or {}).items():
        if not isinstance(spec, dict) or not spec.get("role"):
            raise AnswerError(f"{path}: `tenants.{name}.principals.{principal}` needs a `role`")
        var = _var_of(spec.get("token")) or variable(name, str(principal), "token")
        answer.principals.append(
            PrincipalAnswer(str(principal), str(spec["role"]), var, dict(spec.get("roles_in") or {}))
        )
    return answer


def _var_of(value: Any) -> str | None:
    """The variable a ``${VAR}`` credential names; a literal credential is refused (it would be written)."""
    if value is None:
        return None
    match = _REFERENCE.match(str(value))
    if match is None:
        raise AnswerError("credentials in the answer file must be ${VAR} references, never values")
    return match.group(1)


def merge(*sources: dict[str, TenantAnswer]) -> dict[str, TenantAnswer]:
    """Tenants of every source; a later source's principals are added to an earlier one's tenant."""
    merged: dict[str, TenantAnswer] = {}
    for source in sources:
        for name, answer in source.items():
            if name not in merged:
                merged[name] = answer
                continue
            known = {p.name for p in merged[name].principals}
            merged[name].principals += [p for p in answer.principals if p.name not in known]
            merged[name].key = merged[name].key or answer.key
            merged[name].id = merged[name].id or answer.id
    return merged
