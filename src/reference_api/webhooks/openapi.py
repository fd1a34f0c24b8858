"""The spec's part for webhooks: endpoint paths, the inbound payment callback, and one top-level
`webhooks` entry per event type describing the payload and the signature headers of the dialect."""

from __future__ import annotations

from typing import Any

from reference_api.context import AppContext
from reference_api.events import EVENT_NAMES
from reference_api.openapi.common import SECURITY_SCHEME, Spec, error_responses, json_response, ref
from reference_api.openapi.schemas import MAX_PAGE, MAX_PER_PAGE, id_schema
from reference_api.settings import Settings
from reference_api.tenancy import TEAM_HEADER

from .delivery import RetryPolicy
from .router import PERMISSION
from .schemas import event_schema_name, webhook_schemas
from .signing import INBOUND_TOLERANCE_S

AUTH_ERRORS = (401, 403, 429)
TENANT_SECRET_NOTE = (
    "The endpoint. Deliveries are signed with the team's one signing secret, shown in the team's "
    "dashboard; it is not part of this response."
)

SIGNATURE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "standard-webhooks": (
        "Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256>` over "
        "`<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the base64-decoded part of the "
        "endpoint secret after `whsec_`.",
        {"webhook-id": "Message id, stable across retries.", "webhook-timestamp": "Unix time of signing.",
         "webhook-signature": "`v1,<base64 signature>`."},
    ),
    "stripe": (
        "Stripe style: `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256>` over `<t>.<raw body>`, keyed "
        "with the whole endpoint secret.",
        {"Stripe-Signature": "`t=<unix time>,v1=<hex signature>`."},
    ),
    "github": (
        "GitHub style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>` over the raw body, keyed with the "
        "endpoint secret.",
        {"X-Hub-Signature-256": "`sha256=<hex signature>`.", "X-GitHub-Delivery": "Delivery id.",
         "X-GitHub-Event": "Event type."},
    ),
    "spatie": (
        "Spatie laravel-webhook-server style: `Signature: <hex HMAC-SHA256>` over the raw body, keyed with "
        "the endpoint secret.",
        {"Signature": "Hex signature."},
    ),
}


def _operation(
    settings: Settings, operation_id: str, summary: str, ok: Spec, errors: tuple[int, ...]
) -> Spec:
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["webhooks"],
        "security": [{SECURITY_SCHEME: []}],
        "x-permission": PERMISSION,
        "description": f"Requires the `{PERMISSION}` permission in the current team.",
        "responses": {**ok, **error_responses(settings, *sorted(errors))},
    }


def json_body(schema: Spec) -> Spec:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _paging() -> list[Spec]:
    return [
        {"name": "page", "in": "query", "required": False, "description": "1-based page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        {"name": "per_page", "in": "query", "required": False, "description": "Items per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 15}},
    ]


def webhook_paths(settings: Settings) -> dict[str, Any]:
    s = settings
    hook_id = {"name": "webhook_id", "in": "path", "required": True, "schema": id_schema(s.ids)}
    links = {
        name: {"operationId": operation_id, "parameters": {"webhook_id": "$response.body#/id"}}
        for name, operation_id in (("GetWebhook", "showWebhook"), ("DeleteWebhook", "deleteWebhook"),
                                   ("ListDeliveries", "listWebhookDeliveries"))
    }
    if s.style.webhook_secrets == "tenant":
        created = json_response(s, 201, TENANT_SECRET_NOTE, ref("Webhook"))
    else:
        shown_once = "The endpoint, with its secret (shown only here)."
        created = json_response(s, 201, shown_once, ref("WebhookCreated"))
    created["links"] = links
    create = _operation(s, "createWebhook", "Register an endpoint", {"201": created}, (*AUTH_ERRORS, 422))
    create["requestBody"] = json_body(ref("WebhookCreate"))
    listing = _operation(
        s, "listWebhooks", "List the team's webhook endpoints",
        {"200": json_response(s, 200, "The team's endpoints.", ref("WebhookList"))}, (*AUTH_ERRORS, 422),
    )
    listing["parameters"] = _paging()
    show = _operation(
        s, "showWebhook", "Show a webhook endpoint",
        {"200": json_response(s, 200, "The endpoint.", ref("Webhook"))}, (*AUTH_ERRORS, 404),
    )
    delete = _operation(
        s, "deleteWebhook", "Delete a webhook endpoint",
        {"204": json_response(s, 204, "Deleted.", None)}, (*AUTH_ERRORS, 404),
    )
    deliveries = _operation(
        s, "listWebhookDeliveries", "The endpoint's delivery log, newest attempt first",
        {"200": json_response(s, 200, "Every delivery attempt.", ref("WebhookDeliveryList"))},
        (*AUTH_ERRORS, 404, 422),
    )
    deliveries["parameters"] = [hook_id, *_paging()]
    return {
        "/api/v1/webhooks": {"get": listing, "post": create},
        "/api/v1/webhooks/{webhook_id}": {"parameters": [hook_id], "get": show, "delete": delete},
        "/api/v1/webhooks/{webhook_id}/deliveries": {"get": deliveries},
    }


def payment_path(settings: Settings) -> dict[str, Any]:
    s = settings
    bad_signature = json_response(
        s, 401, "The Stripe-Signature header is missing, malformed, stale or does not match.", ref("Error"),
        rate_limited=False,
    )
    operation = {
        "operationId": "receivePaymentEvent",
        "summary": "Inbound payment-provider callback (signed, no token)",
        "description": (
            "Authenticated by `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256>` over `<t>.<raw body>` "
            f"with the team's payment secret; timestamps older than {INBOUND_TOLERANCE_S} s are refused, "
            "several `v1` entries are allowed, and an event id is processed once (a replay answers 409). "
            "`invoice.paid` marks the team's invoice paid and publishes `invoice.paid`."
        ),
        "tags": ["payments"],
        "security": [],
        "parameters": [
            team_parameter(s),
            {"name": "Stripe-Signature", "in": "header", "required": True, "schema": {"type": "string"}},
        ],
        "requestBody": json_body(ref("PaymentEvent")),
        "responses": {
            "200": json_response(s, 200, "Accepted.", ref("PaymentEventResult"), rate_limited=False),
            "401": bad_signature,
            **error_responses(s, 404, 409, 422, rate_limited=False),
        },
    }
    if s.style.inbound_tenant == "header":
        return {"/api/v1/payments/events": {"post": operation}}
    return {"/api/v1/payments/{team_id}/events": {"post": operation}}


def team_parameter(settings: Settings) -> Spec:
    """Where the callback names its team: the path, or the ``X-Team-Id`` header."""
    if settings.style.inbound_tenant == "header":
        return {"name": TEAM_HEADER, "in": "header", "required": True, "schema": id_schema(settings.ids),
                "description": "The team the event belongs to; its payment secret signs the request."}
    return {"name": "team_id", "in": "path", "required": True, "schema": id_schema(settings.ids)}


def event_webhooks(settings: Settings) -> dict[str, Any]:
    """OpenAPI 3.1 `webhooks`: what each endpoint receives, and how it is signed in this dialect."""
    signing, headers = SIGNATURE_DOCS[settings.signature]
    if settings.style.webhook_secrets == "tenant":
        signing = signing.replace("endpoint secret", "team signing secret (known out of band)")
    policy = RetryPolicy()
    parameters = [
        {"name": name, "in": "header", "required": True, "description": text, "schema": {"type": "string"}}
        for name, text in headers.items()
    ]
    entries: dict[str, Any] = {}
    for name in EVENT_NAMES:
        entries[name] = {
            "post": {
                "operationId": "".join(part.capitalize() for part in name.split(".")) + "Webhook",
                "summary": f"`{name}`, delivered to the team's endpoints subscribed to it (or to `*`)",
                "description": f"{signing} Deliveries are asynchronous; a non-2xx answer or a connection "
                f"error is retried up to {policy.max_attempts} attempts with exponential backoff.",
                "tags": ["webhooks"],
                "parameters": parameters,
                "requestBody": json_body(ref(event_schema_name(name))),
                "responses": {"2XX": {"description": "Acknowledged; anything else is retried."}},
            }
        }
    return entries


def extend_spec(spec: dict[str, Any], ctx: AppContext) -> None:
    settings = ctx.settings
    spec["paths"].update(webhook_paths(settings))
    spec["paths"].update(payment_path(settings))
    spec["components"]["schemas"].update(webhook_schemas(settings.ids))
    if settings.style.webhook_secrets == "tenant":
        del spec["components"]["schemas"]["WebhookCreated"]
    spec["webhooks"] = event_webhooks(settings)
    spec["x-webhook-signature"] = {
        "scheme": settings.signature, "headers": list(SIGNATURE_DOCS[settings.signature][1]),
        "secret": "per-tenant, out of band" if settings.style.webhook_secrets == "tenant" else "per-endpoint",
    }
    spec.setdefault("tags", []).extend({"name": name} for name in ("webhooks", "payments"))
