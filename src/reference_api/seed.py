"""Deterministic seed: teams, users, memberships, tokens, customers and invoices.

The three named teams come from ``seed.yaml`` with tokens and passwords from ``demo.env``;
``--tenants N`` adds generated teams ``tenant04`` ... whose credentials are derived
deterministically, so any tool can recompute them (``python -m reference_api demo-config``).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any

import yaml

from reference_api.db import Database
from reference_api.passwords import hash_password

NAMED_TEAM_COUNT = 3


def read_demo_env() -> dict[str, str]:
    """KEY=VALUE lines of the packaged demo.env (comments and blank lines skipped, quotes removed)."""
    text = resources.files("reference_api").joinpath("demo.env").read_text(encoding="utf-8")
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip("'\"")
    return values


def read_seed() -> dict[str, Any]:
    text = resources.files("reference_api").joinpath("seed.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def token_secret_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _derived(label: str, length: int) -> str:
    return hashlib.sha256(f"tenantprobe-demo:{label}".encode()).hexdigest()[:length]


def derived_webhook_secret(slug: str) -> str:
    """A team's outbound signing secret (``whsec_<base64>``, valid in every signature dialect)."""
    digest = hashlib.sha256(f"tenantprobe-demo:{slug}-webhook-signing".encode()).digest()[:24]
    return "whsec_" + base64.b64encode(digest).decode()


def user_email(slug: str, user_key: str) -> str:
    """The login of a team's seeded user: ``<key>@<slug>.test``."""
    return f"{user_key}@{slug}.test"


def generated_team_slug(index: int) -> str:
    """Slug of the index-th team (1-based) beyond the named ones: tenant04, tenant05, ..."""
    return f"tenant{index:02d}"


def generated_password(slug: str, user_key: str) -> str:
    return f"pw-{_derived(f'{slug}-{user_key}-password', 20)}"


def generated_token(index: int, slug: str, user_key: str, role_index: int) -> str:
    prefix = f"tp-demo-{slug}-{user_key}-"
    return f"{100 + (index - 4) * 10 + role_index}|{prefix}{_derived(prefix, max(8, 40 - len(prefix)))}"


@dataclass
class TeamPlan:
    slug: str
    name: str
    currency: str
    timezone: str
    payment_secret: str
    customers: list[dict[str, Any]]
    invoices: list[dict[str, Any]]
    # user key -> (role, token)
    users: dict[str, tuple[str, str]] = field(default_factory=dict)
    # the team's outbound signing secret when secrets are per team (--webhook-secrets tenant)
    webhook_secret: str = ""
    # user key -> password (POST /api/v1/login in the login dialect)
    passwords: dict[str, str] = field(default_factory=dict)


def plan_teams(count: int) -> list[TeamPlan]:
    """What the seed creates for ``count`` teams, credentials included (used by demo-config too)."""
    seed, env = read_seed(), read_demo_env()
    user_roles: dict[str, str] = seed["team_users"]
    plans: list[TeamPlan] = []
    for team in seed["teams"][:count]:
        prefix = team["slug"].upper()
        plan = TeamPlan(
            team["slug"],
            team["name"],
            team["currency"],
            team["timezone"],
            env[f"{prefix}_PAYMENT_SECRET"],
            team["customers"],
            team["invoices"],
        )
        plan.users = {key: (role, env[f"{prefix}_{key.upper()}_TOKEN"]) for key, role in user_roles.items()}
        plan.webhook_secret = env[f"{prefix}_WEBHOOK_SECRET"]
        plan.passwords = {key: env[f"{prefix}_{key.upper()}_PASSWORD"] for key in user_roles}
        plans.append(plan)
    generated = seed["generated"]
    template = seed["teams"][0]
    for index in range(NAMED_TEAM_COUNT + 1, count + 1):
        slug = generated_team_slug(index)
        k = index - NAMED_TEAM_COUNT - 1
        plan = TeamPlan(
            slug,
            f"Tenant {index:02d} Inc",
            generated["currencies"][k % len(generated["currencies"])],
            generated["timezones"][k % len(generated["timezones"])],
            f"whsec_tpdemo{_derived(slug + '-payment', 26)}",
            [
                {**c, "email": c["email"].replace(".example", f"-{slug}.example")}
                for c in template["customers"]
            ],
            template["invoices"],
            webhook_secret=derived_webhook_secret(slug),
        )
        plan.users = {
            key: (role, generated_token(index, slug, key, position))
            for position, (key, role) in enumerate(user_roles.items())
        }
        plan.passwords = {key: generated_password(slug, key) for key in user_roles}
        plans.append(plan)
    return plans


def seed_database(db: Database, tenants: int) -> dict[str, Any]:
    """Fill an empty database; return {slug: team id}."""
    seed, env = read_seed(), read_demo_env()
    seeded_at = seed["seeded_at"]
    team_ids: dict[str, Any] = {}
    for plan in plan_teams(tenants):
        team_id = db.insert(
            "teams",
            {
                "name": plan.name,
                "slug": plan.slug,
                "currency": plan.currency,
                "timezone": plan.timezone,
                "payment_secret": plan.payment_secret,
            },
            deterministic=True,
        )
        team_ids[plan.slug] = team_id
        for key, (role, token) in plan.users.items():
            user_id = db.insert(
                "users",
                {
                    "name": f"{plan.name.split()[0]} {key.capitalize()}",
                    "email": user_email(plan.slug, key),
                    "password_hash": hash_password(plan.passwords[key]),
                },
                deterministic=True,
            )
            db.insert(
                "memberships", {"team_id": team_id, "user_id": user_id, "role": role}, deterministic=True
            )
            _insert_token(db, token, user_id, team_id, f"{plan.slug}-{key}")
        customer_ids = [
            db.insert(
                "customers",
                {
                    "team_id": team_id,
                    "name": c["name"],
                    "email": c["email"],
                    "notes": c.get("notes"),
                    "created_at": seeded_at,
                    "updated_at": seeded_at,
                },
                deterministic=True,
            )
            for c in plan.customers
        ]
        for invoice in plan.invoices:
            db.insert(
                "invoices",
                {
                    "team_id": team_id,
                    "customer_id": customer_ids[invoice["customer"]],
                    "amount": invoice["amount"],
                    "currency": plan.currency,
                    "description": invoice.get("description"),
                    "due_date": invoice["due_date"],
                    "status": invoice["status"],
                    "issued_at": seeded_at,
                    "created_at": seeded_at,
                    "updated_at": seeded_at,
                },
                deterministic=True,
            )
    for user in seed["multi_team_users"]:
        memberships = [m for m in user["memberships"] if m["team"] in team_ids]
        if not memberships:
            continue
        account = {
            "name": user["name"],
            "email": user["email"],
            "password_hash": hash_password(env[user["password_env"]]),
        }
        user_id = db.insert("users", account, deterministic=True)
        for membership in memberships:
            db.insert(
                "memberships",
                {"team_id": team_ids[membership["team"]], "user_id": user_id, "role": membership["role"]},
                deterministic=True,
            )
        _insert_token(db, env[user["token_env"]], user_id, team_ids[memberships[0]["team"]], user["key"])
    datetime.fromisoformat(seeded_at)  # fail at start-up, not per request, on a malformed seed time
    return team_ids


def _insert_token(db: Database, token: str, user_id: Any, team_id: Any, name: str) -> None:
    token_id, secret = token.split("|", 1)
    db.execute(
        "INSERT INTO tokens (id, user_id, team_id, name, secret_sha256) VALUES (?, ?, ?, ?, ?)",
        (int(token_id), user_id, team_id, name, token_secret_sha256(secret)),
    )


def login_accounts(tenants: int = NAMED_TEAM_COUNT) -> dict[str, tuple[str, str]]:
    """Token variable -> (email, password variable) of every seeded user: a config's ``token:`` as
    ``username:``/``password:`` for the login dialect."""
    seed = read_seed()
    accounts = {
        f"{plan.slug.upper()}_{key.upper()}_TOKEN": (
            user_email(plan.slug, key),
            f"{plan.slug.upper()}_{key.upper()}_PASSWORD",
        )
        for plan in plan_teams(tenants)
        for key in plan.users
    }
    for user in seed["multi_team_users"]:
        accounts[user["token_env"]] = (user["email"], user["password_env"])
    return accounts
