"""The draft's tenants, webhooks, events, rate-limit and canary sections, and the env file template."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.ratelimit.dialects import detect
from tenantprobe.openapi.operations import find_operation, json_body_schema
from tenantprobe.openapi.schemas import resolve
from tenantprobe.reporting.draft.answers import variable
from tenantprobe.reporting.draft.lines import Lines, flow
from tenantprobe.reporting.draft.render import DraftInputs


def render_tenants(draft: DraftInputs, out: Lines) -> None:
    if not draft.tenants:
        out.block(
            "tenants", why="FILL IN: two or more tenants (init --tenant NAME --principal TENANT/NAME=ROLE)"
        )
        out.comment("acme:", 2)
        out.comment('  admin: {token: "${ACME_ADMIN_TOKEN}"}     # sets things up only, never a subject', 2)
        out.comment("  principals:", 2)
        out.comment('    viewer: {role: viewer, token: "${ACME_VIEWER_TOKEN}"}', 2)
        out.blank()
        return
    out.block("tenants", why="from your answers; credentials are ${VAR}s filled from the env file")
    needs_id = id_question(draft)
    for tenant in draft.tenants.values():
        out.block(tenant.name, 2)
        if tenant.key:
            out.key("key", tenant.key, 4)
        if tenant.id:
            out.key("id", tenant.id, 4, "from your answers")
        elif needs_id:
            out.ask("id", needs_id, 4, 1)
        if tenant.baseline:
            out.key("baseline", tenant.baseline, 4)
        else:
            out.ask("baseline", "what the identity probe must report for this tenant (currency, ...)", 4, {})
        out.key("admin", {"token": f"${{{tenant.admin_var}}}"}, 4, "sets things up only, never a subject")
        out.block("principals", 4)
        for principal in tenant.principals:
            entry: dict[str, Any] = {"role": principal.role, "token": f"${{{principal.token_var}}}"}
            if principal.roles_in:
                entry["roles_in"] = principal.roles_in
            out.key(principal.name, entry, 6)
    out.blank()


def id_question(draft: DraftInputs) -> str | None:
    """Why each tenant's id is asked for: the identity probe was refused (4xx) without the selector."""
    carrier = draft.survey.carrier
    if carrier is None or carrier.value["in"] not in ("header", "query") or draft.identity_seen is not None:
        return None
    refused = next((o for o in draft.observations if o.status and o.status // 100 == 4), None)
    if refused is None or refused.status in (401, 403):
        return None
    return (
        f"the tenant's id as the API shows it: the identity operation answered {refused.status} without "
        f"{carrier.value['in']} `{carrier.value['name']}` (the tenant's id), which every request needs"
    )


def render_webhooks(draft: DraftInputs, out: Lines) -> None:
    hooks = draft.hooks
    if hooks.register is None and not hooks.inbound:
        out.comment("webhooks: the spec has no operation registering a callback URL and no signed inbound")
        out.comment(
            "operation; the webhooks suite will be skipped (add a `webhooks:` block if the API has them)."
        )
        out.blank()
        return
    out.block("webhooks")
    out.key("scheme", "auto", 2, "the published scheme whose signature header the spec declares")
    if hooks.register is not None:
        operation = hooks.register.value
        out.block("register", 2, f"from the spec: {hooks.register.why}")
        out.key("operation", operation, 4)
        out.key("body", _register_body(draft, operation), 4)
        if hooks.register_secret:
            out.key("secret", hooks.register_secret, 4, "declared in the registration's answer")
        else:
            out.comment(
                "The registration's answer declares no secret: give each tenant's signing secret below.", 4
            )
        if hooks.delete:
            out.key("delete", hooks.delete.replace(hooks.delete.rsplit("{", 1)[1], "id}"), 4)
        if not hooks.register_secret:
            secrets = {t: f"${{{variable(t, 'webhook', 'secret')}}}" for t in draft.tenants}
            out.key("secrets", secrets, 2, "FILL IN: each tenant's outbound signing secret, in the env file")
        events = ", ".join(hooks.events[:6]) or "the events your API sends"
        out.comment(f"FILL IN: triggers, operations that cause events ({events}), e.g.", 2)
        out.comment(f"triggers: [{{operation: {_first_create(draft)}, as: [admin], events: [...]}}]", 2)
    for inbound in hooks.inbound[:1]:
        where = ", ".join(f"{k} `{v}`" for k, v in inbound.tenant_in.items()) or "nothing"
        out.comment(
            f"Inbound: `{inbound.operation}` takes signed callbacks ({inbound.signature_header}) and", 2
        )
        out.comment(
            f"names its tenant in {where}. FILL IN to test it: a genuine body, its secrets, a read-back:", 2
        )
        out.comment("inbound:", 2)
        out.comment(f"  operation: {inbound.operation}", 2)
        secrets = {t: f"${{{variable(t, 'inbound', 'secret')}}}" for t in draft.tenants}
        out.comment(f"  secrets: {flow(secrets)}", 2)
        fields = ", ".join(f"{name}: ..." for name in inbound.body_fields)
        out.comment("  body: {" + fields + "}  # {event_id} is fresh", 2)
        out.comment(
            "  read_back: {operation: GET /..., pointer: /status}   # the state a callback changes", 2
        )
    out.blank()


def _register_body(draft: DraftInputs, operation: str) -> dict[str, Any]:
    method, path = operation.split(" ", 1)
    found = find_operation(draft.spec, method, path)
    schema = resolve(draft.spec, json_body_schema(draft.spec, found) if found else None)
    body: dict[str, Any] = {str(draft.hooks.register_body_field): "{receiver_url}"}
    for name in schema.get("required") or []:
        prop = resolve(draft.spec, (schema.get("properties") or {}).get(name))
        enum = resolve(draft.spec, prop.get("items")).get("enum") if prop.get("type") == "array" else None
        if name not in body and isinstance(enum, list):
            body[name] = ["*"] if "*" in enum else enum
    return body


def _first_create(draft: DraftInputs) -> str:
    return draft.hooks.plantable[0] if draft.hooks.plantable else "POST /..."


def render_events(draft: DraftInputs, out: Lines) -> None:
    if draft.hooks.stream is not None:
        out.block("events", why=f"from the spec: {draft.hooks.stream.why}")
        out.key("transport", "sse", 2)
        out.comment(
            f"FILL IN: triggers, e.g. [{{operation: {_first_create(draft)}, as: [admin], events: [...]}}]", 2
        )
    else:
        out.comment("events: the spec has no event stream; for Pusher-protocol broadcasting (Reverb, soketi)")
        out.comment(
            "FILL IN an `events:` block (websocket_url, app_key, auth, channels); else the suite skips."
        )
    out.blank()


def render_rate_limits(draft: DraftInputs, out: Lines) -> None:
    seen = draft.identity_seen
    dialect = detect(seen.headers) if seen else detect(draft.survey.ratelimit_headers)
    out.block("rate_limits")
    if dialect is not None:
        source = "the identity answer's headers" if seen and detect(seen.headers) else "the spec's headers"
        out.key("dialect", dialect.name, 2, f"from {source}")
        limit = next((v for k, v in (seen.headers if seen else {}).items() if "limit" in k.lower()), None)
        if limit:
            out.comment(
                f"The target announced a limit of {limit} per window for this credential: runs pace to it;", 2
            )
            out.comment("raise it for test tokens when runs take long (README, Rate-limited targets).", 2)
    else:
        out.ask("dialect", "laravel | ietf | github | custom: no rate-limit header seen or declared", 2)
    probes = {t: {"token": f"${{{variable(t, 'probe', 'token')}}}", "name": "probe"} for t in draft.tenants}
    out.comment(
        "FILL IN: one spare principal per tenant the active probe may exhaust (never one under test):", 2
    )
    out.comment(f"probe: {flow({'principals': probes or {'acme': {'token': '${ACME_PROBE_TOKEN}'}}})}", 2)
    out.blank()


def render_canaries(draft: DraftInputs, out: Lines) -> None:
    hooks = draft.hooks
    out.block("canaries")
    if hooks.plantable:
        out.comment(f"Planted in: {', '.join(hooks.plantable)} (a create operation and a DELETE).", 2)
    for collection, why in hooks.unplantable.items():
        out.comment(f"No canaries in {collection}: {why}.", 2)
    if hooks.register is not None:
        out.key("exclude", [hooks.register.value], 2, "creating a webhook endpoint starts deliveries")
    else:
        out.key("enabled", True, 2)


def env_template(draft: DraftInputs) -> str:
    names = []
    for tenant in draft.tenants.values():
        names += [tenant.admin_var, *(p.token_var for p in tenant.principals)]
    lines = [
        "# Credentials for tenants.yaml (drafted by tenantprobe init). Uncomment and fill in each line;",
        "# exported variables win. Keep this file out of version control.",
    ]
    return "\n".join([*lines, *(f"# {name}=" for name in dict.fromkeys(names))]) + "\n"
