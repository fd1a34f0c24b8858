"""Keys of tenants.yaml that each are valid but contradict one another, found before any request."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config.errors import Problem, format_path


def contradictions(data: dict[str, Any], lines: dict[Any, int]) -> list[Problem]:
    """Every contradiction between keys, each naming both keys and the fix."""
    return _probe_principal_in_matrix(data, lines)


def _credential(value: Any) -> tuple[Any, ...] | None:
    """What identifies a principal's user: its token, its login, or its credential headers."""
    if not isinstance(value, dict):
        return None
    found = (value.get("token"), value.get("username"), tuple(sorted((value.get("headers") or {}).items())))
    return found if any(found) else None


def _probe_principal_in_matrix(data: dict[str, Any], lines: dict[Any, int]) -> list[Problem]:
    """The rate-limit probe exhausts its principal's budget: it must not be one the matrix tests."""
    probe = (data.get("rate_limits") or {}).get("probe") or {}
    problems = []
    for tenant_name, value in (probe.get("principals") or {}).items():
        tenant = (data.get("tenants") or {}).get(tenant_name) or {}
        matrix = {"admin": tenant.get("admin"), **(tenant.get("principals") or {})}
        probe_path = ("rate_limits", "probe", "principals", tenant_name)
        for name, principal in matrix.items():
            same_name = value.get("name", "ratelimit-probe") == name
            credential = _credential(value)
            if not same_name and (credential is None or credential != _credential(principal)):
                continue
            place = ("tenants", tenant_name) + (("admin",) if name == "admin" else ("principals", name))
            what = "is named like" if same_name else "uses the same credential as"
            problems.append(
                Problem(
                    probe_path,
                    f"{what} `{format_path(place)}`: the rate-limit probe exhausts its principal's "
                    "budget, which would fail every later request of that principal",
                    lines.get(probe_path),
                    f"give the probe a spare user of `{tenant_name}` that no other key names, "
                    f"with a name other than `{name}`",
                )
            )
    return problems
