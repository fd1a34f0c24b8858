"""``demo-config --tenants N --out DIR``: a tenants.yaml and demo.env for N seeded tenants.

Used by benchmarks at 2..16 tenants. The tenants.yaml is the repository's worked example (the
``tenants.yaml`` in the current directory, or ``--template``) with its per-tenant parts rewritten
for N teams; the embedded API is told to seed N teams with ``--tenants N``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reference_api.seed import TeamPlan, plan_teams, read_demo_env

PRINCIPAL_ROLES = ("manager", "member", "viewer", "billing")


def _env_prefix(plan: TeamPlan) -> str:
    return plan.slug.upper()


def demo_env_text(plans: list[TeamPlan]) -> str:
    base = read_demo_env()
    lines = [
        "# Demo credentials for the embedded reference API only (python -m reference_api demo-config).",
        "# NOT secrets: derived deterministically so benchmarks can run out of the box.",
        "",
    ]
    for plan in plans:
        for key, (_, token) in plan.users.items():
            lines.append(f"{_env_prefix(plan)}_{key.upper()}_TOKEN='{token}'")
            lines.append(f"{_env_prefix(plan)}_{key.upper()}_PASSWORD='{plan.passwords[key]}'")
        lines.append(f"{_env_prefix(plan)}_PAYMENT_SECRET='{plan.payment_secret}'")
        lines.append(f"{_env_prefix(plan)}_WEBHOOK_SECRET='{plan.webhook_secret}'")
    lines.append(f"CONSULTANT_TOKEN='{base['CONSULTANT_TOKEN']}'")
    lines.append(f"CONSULTANT_PASSWORD='{base['CONSULTANT_PASSWORD']}'")
    for key in ("BROADCAST_APP_ID", "BROADCAST_APP_KEY", "BROADCAST_APP_SECRET"):
        lines.append(f"{key}='{base[key]}'")
    return "\n".join(lines) + "\n"


def _envelope_prefix(template: dict[str, Any]) -> str:
    """What the template's baselines put before ``/team/currency`` (``/data`` in the laravel dialect)."""
    for tenant in (template.get("tenants") or {}).values():
        for pointer in (tenant or {}).get("baseline") or {}:
            if str(pointer).endswith("/team/currency"):
                return str(pointer).removesuffix("/team/currency")
    return ""


def _tenant_entry(plan: TeamPlan, envelope: str) -> dict[str, Any]:
    prefix = _env_prefix(plan)
    return {
        "baseline": {f"{envelope}/team/currency": plan.currency, f"{envelope}/team/timezone": plan.timezone},
        "admin": {"token": f"${{{prefix}_ADMIN_TOKEN}}"},
        "principals": {
            role: {"role": role, "token": f"${{{prefix}_{role.upper()}_TOKEN}}"} for role in PRINCIPAL_ROLES
        },
    }


def tenants_document(template: dict[str, Any], plans: list[TeamPlan], env_file: Path) -> dict[str, Any]:
    document = dict(template)
    target = dict(document.get("target") or {})
    args = [str(a) for a in target.get("embedded_args") or []]
    if "--tenants" in args:
        del args[args.index("--tenants") : args.index("--tenants") + 2]
    target["embedded_args"] = [*args, "--tenants", str(len(plans))]
    target["env_file"] = str(env_file)
    document["target"] = target
    # named teams keep the template's entry (it may list extra principals, e.g. a multi-team user)
    named = template.get("tenants") or {}
    envelope = _envelope_prefix(template)
    document["tenants"] = {plan.slug: named.get(plan.slug) or _tenant_entry(plan, envelope) for plan in plans}
    rate_limits = document.get("rate_limits") or {}
    probe = rate_limits.get("probe")
    if isinstance(probe, dict) and "principals" in probe:
        probe["principals"] = {
            plan.slug: {"token": f"${{{_env_prefix(plan)}_PROBE_TOKEN}}", "name": "probe"} for plan in plans
        }
    webhooks = document.get("webhooks") or {}
    # per-tenant secrets: the inbound payment secrets, and outbound ones known out of band
    for block, suffix in ((webhooks.get("inbound"), "PAYMENT_SECRET"), (webhooks, "WEBHOOK_SECRET")):
        if isinstance(block, dict) and "secrets" in block:
            block["secrets"] = {plan.slug: f"${{{_env_prefix(plan)}_{suffix}}}" for plan in plans}
    return document


def default_template(style: str) -> str:
    """The worked example of a style, relative to the repository root."""
    return "tenants.yaml" if style == "default" else f"examples/{style}/tenants.yaml"


def write_demo_config(tenants: int, out: str, template: str | None = None) -> None:
    """Write ``out/tenants.yaml`` and ``out/demo.env``; ValueError with an actionable message on bad input."""
    if not 2 <= tenants <= 99:
        raise ValueError(f"--tenants must be between 2 and 99, got {tenants}")
    template_path = Path(template or "tenants.yaml")
    if not template_path.is_file():
        raise ValueError(
            f"template {template_path} not found: run from the repository root or pass --template PATH"
        )
    try:
        loaded = yaml.safe_load(template_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"template {template_path} is not valid YAML: {error}") from None
    if not isinstance(loaded, dict):
        raise ValueError(f"template {template_path} must be a YAML mapping (a tenants.yaml)")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    plans = plan_teams(tenants)
    env_file = (out_dir / "demo.env").resolve()
    env_file.write_text(demo_env_text(plans), encoding="utf-8")
    document = tenants_document(loaded, plans, env_file)
    header = (
        f"# Generated by `python -m reference_api demo-config --tenants {tenants}`; demo credentials only.\n"
    )
    (out_dir / "tenants.yaml").write_text(
        header + yaml.safe_dump(document, sort_keys=False), encoding="utf-8"
    )
