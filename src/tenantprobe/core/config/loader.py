"""Turn a tenants.yaml into a :class:`Config`, or a :class:`ConfigError` listing every problem."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tenantprobe.core.config.contradictions import contradictions
from tenantprobe.core.config.env import Substitution, read_env_file
from tenantprobe.core.config.errors import ConfigError, Problem
from tenantprobe.core.config.model import (
    Auth,
    Carrier,
    Config,
    Credentials,
    Identity,
    Permissions,
    Principal,
    Target,
    Tenancy,
    Tenant,
)
from tenantprobe.core.config.secrets import credential_values
from tenantprobe.core.config.validate import block_names, schema_problems
from tenantprobe.core.config.yaml_lines import load_with_lines


def load_config(
    path: str | os.PathLike[str],
    env: Mapping[str, str] | None = None,
    *,
    target_url: str | None = None,
) -> Config:
    source = Path(path)
    label = str(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(label, [Problem((), "does not exist", None, "pass --config PATH")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, [Problem((), f"cannot be read: {exc}", None, "")]) from None
    raw, lines = load_with_lines(text, label)
    if not isinstance(raw, dict):
        raise ConfigError(
            label, [Problem((), "must be a mapping of keys", 1, "start from the README example")]
        )

    problems = schema_problems(raw, lines)
    environment = dict(_env_file_values(raw, source, lines, problems))
    environment.update(os.environ if env is None else env)
    substitution = Substitution(environment, lines)
    data = substitution.apply(raw)
    problems += substitution.problems
    if not problems:
        problems += _semantic_problems(data, lines) + contradictions(data, lines)
    if problems:
        raise ConfigError(label, problems)
    # Credentials by their place in the document, never by a key's name (a tenant `key` is a slug).
    return _build(data, source.resolve(), credential_values(data), target_url)


def _env_file_values(
    raw: dict[str, Any], source: Path, lines: dict[Any, int], problems: list[Problem]
) -> dict[str, str]:
    target = raw.get("target")
    name = target.get("env_file") if isinstance(target, dict) else None
    if not isinstance(name, str) or not name:
        return {}
    env_path = (source.parent / name).resolve()
    try:
        return read_env_file(env_path)
    except OSError:
        path = ("target", "env_file")
        problems.append(
            Problem(path, f"names {env_path}, which cannot be read", lines.get(path), "fix the path")
        )
        return {}


def _semantic_problems(data: dict[str, Any], lines: dict[Any, int]) -> list[Problem]:
    """Checks a JSON Schema cannot express: cross references between keys."""
    problems = []
    roles = data.get("permissions", {}).get("roles")
    for tenant_name, tenant in data["tenants"].items():
        for name, principal in tenant["principals"].items():
            path = ("tenants", tenant_name, "principals", name)
            if name == "admin":
                problems.append(_admin_name_clash(tenant_name, lines.get(path)))
            if roles is not None and principal["role"] not in roles:
                known = ", ".join(sorted(roles))
                problems.append(
                    Problem(
                        (*path, "role"),
                        f"names role `{principal['role']}`, which permissions.roles does not define",
                        lines.get((*path, "role")),
                        f"use one of: {known}",
                    )
                )
            for other in principal.get("roles_in", {}):
                if other not in data["tenants"]:
                    problems.append(
                        Problem((*path, "roles_in", other), "names an unknown tenant", lines.get(path), "")
                    )
    problems += _carrier_problems(data, lines)
    identity = data.get("identity")
    if identity and not identity.get("tenant_id") and not identity.get("memberships"):
        problems.append(
            Problem(
                ("identity",),
                "names no tenant: neither `tenant_id` nor `memberships` is set",
                lines.get(("identity",)),
                "add `tenant_id: /pointer` or `memberships: {items: /list, tenant: /key, role: /role}`",
            )
        )
    if data["auth"]["carrier"] == "header" and not data["auth"].get("header"):
        problems.append(
            Problem(("auth", "header"), "is required when carrier is `header`", lines.get(("auth",)))
        )
    return problems


def _admin_name_clash(tenant: str, line: int | None) -> Problem:
    """A principal called `admin` would share its id (`tenant/admin`) with the tenant's admin."""
    return Problem(
        ("tenants", tenant, "principals", "admin"),
        f"clashes with tenants.{tenant}.admin: both would be `{tenant}/admin` in findings and reports",
        line,
        "rename the principal (e.g. `teamadmin`); its role can stay `admin`",
    )


def _carrier_problems(data: dict[str, Any], lines: dict[Any, int]) -> list[Problem]:
    tenancy = data.get("tenancy") or {}
    carrier, selector = tenancy.get("carrier"), tenancy.get("selector")
    path = ("tenancy", "carrier")
    if carrier is None:
        return []
    if carrier["in"] == "subdomain":
        # Not filled into base_url yet: accepting it would test one tenant's host as every tenant's.
        fix = "run one config per tenant host, with `in: none` and that tenant's `base_url`"
        return [Problem((*path, "in"), "`subdomain` is not supported yet", lines.get(path), fix)]
    if carrier["in"] in ("path", "header", "query") and not carrier.get("name"):
        fix = "e.g. `carrier: {in: path, name: org, value: key}` for /orgs/{org}/..."
        return [
            Problem(
                (*path, "name"), f"is required when the carrier is in `{carrier['in']}`", lines.get(path), fix
            )
        ]
    if selector and (selector["in"], selector["name"]) != (carrier["in"], carrier.get("name")):
        return [
            Problem(
                path,
                f"names a tenant carrier other than tenancy.selector ({selector['in']} `{selector['name']}`)",
                lines.get(path),
                "keep one of them: `selector` is the header or query carrier",
            )
        ]
    return []


def _carrier(tenancy: dict[str, Any]) -> Carrier | None:
    """The declared carrier: `carrier`, or the header/query `selector` (which names tenants by id)."""
    declared = tenancy.get("carrier")
    if declared:
        return Carrier(declared["in"], declared.get("name", ""), declared.get("value", "key"))
    selector = tenancy.get("selector")
    if selector:
        return Carrier(selector["in"], selector["name"], "id", source="tenancy.selector")
    return None


def _selector_of(carrier: Carrier | None) -> dict[str, str] | None:
    """A header or query carrier is what the selector probes switch with."""
    if carrier is None or carrier.kind not in ("header", "query"):
        return None
    return {"in": carrier.kind, "name": carrier.name}


def _credentials(value: dict[str, Any]) -> Credentials:
    return Credentials(
        token=value.get("token"),
        username=value.get("username"),
        password=value.get("password"),
        headers=dict(value.get("headers", {})),
    )


def _build(data: dict[str, Any], source: Path, secrets: frozenset[str], target_url: str | None) -> Config:
    target_data = dict(data["target"])
    if target_url:
        target_data["base_url"] = target_url
    target = Target(
        base_url=str(target_data.get("base_url", "")).rstrip("/"),
        spec=target_data["spec"],
        embedded_args=tuple(target_data.get("embedded_args", ())),
        mode=target_data.get("mode", "local"),
        confirm_production=bool(target_data.get("confirm_production", False)),
        allow_in_production=tuple(target_data.get("allow_in_production", ())),
        timeout_s=float(target_data.get("timeout_s", 10.0)),
        budget_s=float(target_data.get("budget_s", 900.0)),
        max_body_bytes=int(target_data.get("max_body_bytes", 5_000_000)),
        build=str(target_data.get("build", "")),
        spec_servers=bool(target_data.get("spec_servers", True)),
        server_variables={str(k): str(v) for k, v in (target_data.get("server_variables") or {}).items()},
    )
    tenants = {}
    for tenant_name, tenant in data["tenants"].items():
        admin = Principal(tenant_name, "admin", "admin", _credentials(tenant["admin"]), is_admin=True)
        principals = tuple(
            Principal(
                tenant_name,
                name,
                value["role"],
                _credentials(value),
                roles_in=dict(value.get("roles_in", {})),
            )
            for name, value in tenant["principals"].items()
        )
        tenants[tenant_name] = Tenant(
            tenant_name,
            tenant.get("key", tenant_name),
            dict(tenant.get("baseline", {})),
            admin,
            principals,
            baseline_source=tenant.get("baseline_source"),
            id=None if tenant.get("id") is None else str(tenant["id"]),
        )
    auth = data["auth"]
    tenancy = data.get("tenancy", {})
    permissions = data.get("permissions", {})
    identity = data.get("identity")
    return Config(
        source=source,
        target=target,
        auth=Auth(
            carrier=auth["carrier"],
            header=auth.get("header", "Authorization"),
            login=dict(auth.get("login", {})),
        ),
        tenants=tenants,
        identity=Identity(**identity) if identity else None,
        request_id_header=data.get("request_id", {}).get("header"),
        profile=data.get("profile"),
        error_format=data.get("errors", {}).get("format", "any"),
        tenancy=Tenancy(
            tenant_field=tenancy.get("tenant_field"),
            selector=tenancy.get("selector") or _selector_of(_carrier(tenancy)),
            carrier=_carrier(tenancy),
            cross_tenant_status=tuple(tenancy.get("cross_tenant_status", (403, 404))),
            shared_operations=tuple(tenancy.get("shared_operations", ())),
            id_fields=tuple(tenancy.get("id_fields", ())),
            references=dict(tenancy.get("references", {})),
        ),
        permissions=Permissions(
            extension=permissions.get("extension"),
            operations=dict(permissions.get("operations", {})),
            denied_status=tuple(permissions.get("denied_status", (403,))),
            roles={role: tuple(perms) for role, perms in permissions.get("roles", {}).items()},
            rank=dict(permissions.get("rank", {})),
        ),
        blocks={name: data[name] for name in block_names() if name in data},
        secrets=secrets,
    )
