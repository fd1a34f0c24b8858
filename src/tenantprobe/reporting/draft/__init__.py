"""Drafting a tenants.yaml from a spec, a target and a few answers (``tenantprobe init``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from tenantprobe.openapi.operations import operations
from tenantprobe.openapi.survey import survey
from tenantprobe.openapi.survey_hooks import survey_hooks
from tenantprobe.openapi.tenant_parameter import is_tenant_like
from tenantprobe.reporting.draft.answers import TenantAnswer
from tenantprobe.reporting.draft.lines import Lines
from tenantprobe.reporting.draft.observe import observe_identity, observe_tenant_page
from tenantprobe.reporting.draft.render import (
    DraftInputs,
    render_auth,
    render_head,
    render_identity,
    render_permissions,
    render_preflight_extras,
    render_tenancy,
)
from tenantprobe.reporting.draft.render_hooks import (
    env_template,
    render_canaries,
    render_events,
    render_rate_limits,
    render_tenants,
    render_webhooks,
)

__all__ = ["DraftInputs", "draft_config", "env_template", "gather"]


def gather(
    spec: dict[str, Any],
    *,
    base_url: str,
    spec_location: str,
    tenants: dict[str, TenantAnswer],
    env_file: str,
    token: str | None = None,
    permissions: dict[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 10.0,
) -> DraftInputs:
    """Survey the spec, then call the target as every principal whose credential is at hand."""
    env = os.environ if env is None else env
    draft = DraftInputs(base_url, spec_location, spec, survey(spec), survey_hooks(spec), tenants, env_file)
    draft.answered_permissions = permissions or {}
    identity, auth = draft.survey.identity, draft.survey.auth
    if identity is None or auth is None or not base_url:
        return draft
    if token:
        seen = observe_identity(
            base_url, spec, identity.value, auth.value, token, who="the --token credential"
        )
        draft.observations.append(seen)
    for tenant in tenants.values():
        key = tenant.key or tenant.name
        for principal in tenant.principals:
            credential = env.get(principal.token_var)
            if credential:
                who = f"{tenant.name}/{principal.name}"
                draft.observations.append(
                    observe_identity(
                        base_url, spec, identity.value, auth.value, credential,
                        who=who, tenant=tenant.name, role=principal.role, tenant_key=key, timeout_s=timeout_s,
                    )
                )  # fmt: skip
    _tenant_source(draft, env, timeout_s)
    return draft


def _tenant_source(draft: DraftInputs, env: Mapping[str, str], timeout_s: float) -> None:
    """With no tenant object in the identity answer and a path carrier: the tenant's own page."""
    seen, carrier, auth = draft.identity_seen, draft.survey.carrier, draft.survey.auth
    if (
        seen is None
        or seen.pointers.tenant_id
        or carrier is None
        or carrier.value["in"] != "path"
        or auth is None
    ):
        return
    name = carrier.value["name"]
    mark = "{" + name + "}"
    for op in operations(draft.spec):
        tail = op.path.rsplit(mark, 1)[-1].strip("/") if mark in op.path else None
        if op.method != "GET" or tail is None or "{" in tail or not (tail == "" or is_tenant_like(tail)):
            continue
        tenant = next((t for t in draft.tenants.values() if t.name == seen.tenant), None)
        credential = env.get(tenant.admin_var) if tenant else None
        if tenant is None or not credential:
            continue
        at = observe_tenant_page(
            draft.base_url,
            draft.spec,
            op.path,
            name,
            tenant.key or tenant.name,
            auth.value,
            credential,
            timeout_s,
        )
        if at:
            draft.tenant_source = (op.key, at)
            return


def draft_config(draft: DraftInputs) -> str:
    out = Lines()
    for section in (
        render_head, render_auth, render_identity, render_preflight_extras, render_tenancy,
        render_permissions, render_tenants, render_webhooks, render_events, render_rate_limits,
        render_canaries,
    ):  # fmt: skip
        section(draft, out)
    return out.text()
