"""The draft tenants.yaml ``tenantprobe init`` writes: target, credentials, identity, tenancy, permissions.

Each section says what it rests on (the spec's words, or what the target answered) and asks, as a
comment, for what neither says. The webhooks, events, rate-limit and canary sections are in
:mod:`tenantprobe.reporting.draft.render_hooks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantprobe.openapi.survey import SpecSurvey
from tenantprobe.openapi.survey_hooks import HooksSurvey
from tenantprobe.reporting.draft.answers import TenantAnswer
from tenantprobe.reporting.draft.lines import Lines
from tenantprobe.reporting.draft.observe import Observation


@dataclass
class DraftInputs:
    base_url: str
    spec_location: str  # as target.spec will say it
    spec: dict[str, Any]
    survey: SpecSurvey
    hooks: HooksSurvey
    tenants: dict[str, TenantAnswer]
    env_file: str
    observations: list[Observation] = field(default_factory=list)
    tenant_source: tuple[str, str] | None = None  # ("GET /orgs/{org}/team", "/id")
    answered_permissions: dict[str, Any] = field(default_factory=dict)  # roles / rank from the answers

    @property
    def identity_seen(self) -> Observation | None:
        return next((seen for seen in self.observations if seen.problem is None), None)


def render_head(draft: DraftInputs, out: Lines) -> None:
    out.comment(f"tenants.yaml drafted by `tenantprobe init` from {draft.survey.title}'s spec and answers.")
    out.comment("Keys with a value were read from the spec or the target (the comment says which); lines")
    out.comment("`# key: ...  # FILL IN: ...` are open questions. `tenantprobe doctor` shows what will run.")
    out.key("version", 1)
    out.blank()
    out.block("target")
    out.key(
        "base_url",
        f"${{TP_TARGET_URL:-{draft.base_url}}}",
        2,
        "spec paths join this after the spec's `servers`",
    )
    out.key("spec", draft.spec_location, 2)
    out.key("env_file", draft.env_file, 2, "credentials: fill in the template beside this file")
    out.key("mode", "staging", 2, "production: read-only unless allowed (docs/safety.md)")
    out.blank()


def render_auth(draft: DraftInputs, out: Lines) -> None:
    found = draft.survey.auth
    if found is None:
        out.comment(f"auth: {draft.survey.auth_problem}.")
        out.block("auth", why="FILL IN: carrier bearer | header (with `header:`) | login (with `login:`)")
        out.ask("carrier", "how a principal's credential travels", 2, "bearer")
        out.blank()
        return
    out.block("auth", why=f"from the spec: {found.why}")
    out.key("carrier", found.value["carrier"], 2)
    if found.value.get("header"):
        out.key("header", found.value["header"], 2)
    out.blank()


def render_identity(draft: DraftInputs, out: Lines) -> None:
    path = draft.survey.identity
    if path is None:
        out.comment("identity: the spec has no credentialed GET that names the caller (`/me`, `/user`, ...).")
        out.block("identity", why="FILL IN: the who-am-I operation and where its answer names the tenant")
        out.ask("path", "a GET every principal may call that names the caller", 2, "/me")
        out.ask("tenant_id", "JSON pointer of the caller's tenant id in its answer", 2, "/tenant/id")
        out.blank()
        return
    seen = draft.identity_seen
    out.block("identity", why=f"from the spec: {path.why}")
    out.key("path", path.value, 2)
    if seen is None:
        problems = "; ".join(o.problem or "" for o in draft.observations) or "no credential was given"
        out.comment(f"Not called ({problems}): rerun init with --token, or fill in the pointers.", 2)
        out.ask("tenant_id", "JSON pointer of the caller's tenant id in the identity answer", 2, "/tenant/id")
        out.ask("roles", "JSON pointer of the caller's roles (list of strings or objects, or a string)", 2)
        out.blank()
        return
    found = seen.pointers
    out.comment(f"Found by calling `GET {path.value}` as {seen.who}:", 2)
    if found.memberships:
        out.key("memberships", found.memberships, 2, f"seen: {found.seen.get(found.memberships['items'])}")
    _pointer(out, "tenant_id", found.tenant_id, found.seen, draft)
    _pointer(out, "tenant_key", found.tenant_key, found.seen, draft, optional=True)
    _pointer(out, "user_id", found.user_id, found.seen, draft, optional=True)
    if not found.memberships:
        _pointer(out, "roles", found.roles, found.seen, draft)
    _pointer(out, "permissions", found.permissions, found.seen, draft, optional=True)
    out.blank()


def _pointer(
    out: Lines,
    name: str,
    pointer: str | None,
    seen: dict[str, Any],
    draft: DraftInputs,
    optional: bool = False,
) -> None:
    if name == "tenant_id" and pointer is None and draft.tenant_source:
        operation, at = draft.tenant_source
        out.key("tenant_source", operation, 2, "the identity names no tenant object; its own page does")
        out.key("tenant_id", at, 2)
        return
    if pointer is not None:
        out.key(name, pointer, 2, f"seen: {seen.get(pointer)!r}"[:110])
    elif not optional:
        out.ask(name, f"not found in the answer; JSON pointer of the caller's {name.replace('_', ' ')}", 2)


def render_preflight_extras(draft: DraftInputs, out: Lines) -> None:
    header = draft.survey.request_id_header
    if header:
        out.block("request_id", why=f"from the spec: {header.why}")
        out.key("header", header.value, 2)
    else:
        out.ask(
            "request_id", "the response header carrying a request id, if any", 0, {"header": "X-Request-Id"}
        )
    fmt = draft.survey.error_format
    if fmt:
        out.block("errors", why=f"from the spec: {fmt.why}")
        out.key("format", fmt.value, 2)
    out.blank()


def render_tenancy(draft: DraftInputs, out: Lines) -> None:
    found = draft.survey.carrier
    out.block("tenancy")
    if found is None:
        out.comment(
            "The spec names no tenant in paths, headers or query: each credential acts in its own tenant.", 2
        )
        out.ask("selector", "the header or query parameter that selects a tenant, if the API has one", 2)
    elif found.value["in"] == "path":
        out.key("carrier", {**found.value}, 2, f"from the spec: {found.why}")
    else:
        out.key(
            "selector",
            {"in": found.value["in"], "name": found.value["name"]},
            2,
            f"from the spec: {found.why}",
        )
    if draft.survey.tenant_field:
        out.key(
            "tenant_field",
            draft.survey.tenant_field.value,
            2,
            f"from the spec: {draft.survey.tenant_field.why}",
        )
    else:
        out.ask("tenant_field", "the field naming the owning tenant in payloads, if any", 2, "tenant_id")
    out.ask("cross_tenant_status", "what another tenant's id gets (default [403, 404])", 2, [404])
    out.blank()


def render_permissions(draft: DraftInputs, out: Lines) -> None:
    survey = draft.survey
    out.block("permissions")
    if survey.permission_extension:
        out.key(
            "extension",
            survey.permission_extension.value,
            2,
            f"from the spec: {survey.permission_extension.why}",
        )
    else:
        out.comment("The spec names no permission per operation. FILL IN the permission each one needs", 2)
        out.comment("(null: none), or leave the table out and the rbac suite stays unproven:", 2)
        out.block("operations", 2)
        for op in survey.credentialed:
            out.ask(f'"{op.key}"', "the permission it needs", 4, "PERMISSION")
    answered = draft.answered_permissions
    roles = answered.get("roles") or _observed_roles(draft)
    if answered.get("roles"):
        out.block("roles", 2, "from your answers")
        for role, granted in roles.items():
            out.key(role, granted, 4)
    elif roles:
        out.comment(
            "What each role holds, as the identity answers reported it at init: confirm it is what", 2
        )
        out.comment("each role SHOULD hold (the rbac suite compares the API with this, so review it).", 2)
        out.block("roles", 2)
        for role, granted in roles.items():
            out.key(role, granted, 4)
    else:
        listed = ", ".join(survey.permissions) or "the permissions your API checks"
        out.ask("roles", f"role -> list of permissions it holds ({listed})", 2, {"viewer": ["..."]})
    names = survey.role_names or sorted({p.role for t in draft.tenants.values() for p in t.principals})
    if answered.get("rank"):
        out.key("rank", answered["rank"], 2, "from your answers")
        out.blank()
        return
    out.ask(
        "rank", "who outranks whom, for the escalation probes (higher wins)", 2, {name: 0 for name in names}
    )
    out.blank()


def _observed_roles(draft: DraftInputs) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for seen in draft.observations:
        pointer = seen.pointers.permissions
        if (
            seen.role
            and pointer
            and seen.role not in roles
            and isinstance(seen.pointers.seen.get(pointer), list)
        ):
            roles[seen.role] = [str(p) for p in seen.pointers.seen[pointer]]
    return roles
