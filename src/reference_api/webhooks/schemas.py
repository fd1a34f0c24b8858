"""JSON Schemas of webhook endpoints, deliveries, event payloads and the inbound payment event.

The router validates request bodies against the very objects the spec publishes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from reference_api.errors import validation_failed
from reference_api.events import EVENT_NAMES
from reference_api.openapi.schemas import id_schema
from reference_api.settings import IdDialect

from .store import WILDCARD

Schema = dict[str, Any]

# The embedded API runs beside its tests, so it delivers only to receivers on this machine.
LOOPBACK_URL_PATTERN = r"^https?://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?(/[!-~]*)?$"
MAX_URL_LENGTH = 2048
EVENT_RESOURCE = {"customer": "Customer", "invoice": "Invoice", "member": "Member"}


def _obj(properties: dict[str, Schema], required: list[str]) -> Schema:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _page_of(item: Schema) -> Schema:
    meta = _obj(
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0},
        },
        ["page", "per_page", "total"],
    )
    return _obj({"data": {"type": "array", "items": item}, "meta": meta}, ["data", "meta"])


def event_schema_name(event_name: str) -> str:
    """`customer.created` -> `CustomerCreatedEvent`."""
    return "".join(part.capitalize() for part in event_name.split(".")) + "Event"


@lru_cache(maxsize=4)
def webhook_schemas(ids: IdDialect) -> dict[str, Schema]:
    ident = id_schema(ids)
    timestamp = {"type": "string", "format": "date-time"}
    url = {
        "type": "string",
        "maxLength": MAX_URL_LENGTH,
        "pattern": LOOPBACK_URL_PATTERN,
        "description": "Receiver URL; this embedded API delivers to loopback receivers only.",
    }
    events = {
        "type": "array",
        "minItems": 1,
        "maxItems": len(EVENT_NAMES) + 1,
        "items": {"type": "string", "enum": [WILDCARD, *EVENT_NAMES]},
        "description": "Event types to receive; `*` means all.",
    }
    webhook_props = {
        "id": ident,
        "team_id": ident,
        "url": {"type": "string"},
        "events": {"type": "array", "items": {"type": "string"}},
        "created_at": timestamp,
    }
    webhook = _obj(webhook_props, list(webhook_props))
    secret = {"type": "string", "minLength": 1, "description": "Signing secret; shown only in this response."}
    created = _obj({**webhook_props, "secret": secret}, [*webhook_props, "secret"])
    delivery_props: dict[str, Schema] = {
        "id": ident,
        "team_id": ident,
        "webhook_id": ident,
        "delivery_id": {"type": "string", "description": "Stable across retries of one delivery."},
        "event_id": {"type": "string"},
        "event_type": {"type": "string"},
        "url": {"type": "string"},
        "attempt": {"type": "integer", "minimum": 1},
        "status_code": {"type": ["integer", "null"]},
        "ok": {"type": "boolean"},
        "final": {"type": "boolean"},
        "duration_ms": {"type": "number"},
        "error": {"type": ["string", "null"]},
        "attempted_at": timestamp,
    }
    delivery = _obj(delivery_props, list(delivery_props))
    schemas: dict[str, Schema] = {
        "Webhook": webhook,
        "WebhookCreated": created,
        "WebhookList": _page_of(webhook),
        "WebhookCreate": _obj({"url": url, "events": events}, ["url", "events"]),
        "WebhookDelivery": delivery,
        "WebhookDeliveryList": _page_of(delivery),
        "PaymentEvent": {
            "type": "object",
            "required": ["id", "type", "data"],
            "properties": {
                "id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "description": "Provider's event id.",
                },
                "type": {"type": "string", "minLength": 1, "description": "`invoice.paid` pays an invoice."},
                "data": {"type": "object", "properties": {"invoice_id": ident}},
            },
            "if": {"properties": {"type": {"const": "invoice.paid"}}},
            "then": {"properties": {"data": {"required": ["invoice_id"]}}},
        },
        "PaymentEventResult": _obj(
            {
                "received": {"type": "boolean"},
                "id": {"type": "string"},
                "handled": {"type": "boolean"},
                "changed": {"type": "boolean"},
            },
            ["received", "id", "handled", "changed"],
        ),
    }
    for name in EVENT_NAMES:
        resource = EVENT_RESOURCE[name.split(".")[0]]
        schemas[event_schema_name(name)] = _obj(
            {
                "id": {"type": "string", "pattern": "^evt_"},
                "type": {"const": name},
                "team_id": ident,
                "created_at": timestamp,
                "data": {"$ref": f"#/components/schemas/{resource}"},
            },
            ["id", "type", "team_id", "created_at", "data"],
        )
    return schemas


def _problem(error: ValidationError, field: str) -> tuple[str, str]:
    """(field, what is wrong with it) for one schema error, in Laravel's words."""
    keyword, value = error.validator, error.validator_value
    if keyword == "required":
        missing = str(error.message).split("'")[1]
        return (missing if field == "body" else f"{field}.{missing}"), "is required"
    if keyword == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return (extras[0] if extras else field), "is prohibited"
    if keyword == "pattern" and value == LOOPBACK_URL_PATTERN:
        return field, "must be an http(s) URL on 127.0.0.1, localhost or [::1]"
    phrases = {
        "type": f"must be of type {value}",
        "enum": "holds a value that is not allowed",
        "const": f"must be {value!r}",
        "minItems": f"must have at least {value} items",
        "maxItems": f"must not have more than {value} items",
        "minLength": f"must be at least {value} characters",
        "maxLength": f"must not be greater than {value} characters",
        "minimum": f"must be at least {value}",
        "maximum": f"must not be greater than {value}",
    }
    return field, phrases.get(str(keyword), "format is invalid")


def validate_body(ids: IdDialect, schema_name: str, payload: Any) -> dict[str, Any]:
    """``payload`` if it matches the named schema, else a Laravel-style 422 naming each field."""
    validator = Draft202012Validator(webhook_schemas(ids)[schema_name])
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(payload):
        path = ".".join(str(part) for part in error.absolute_path) or "body"
        field, problem = _problem(error, path)
        message = f"The {field} field {problem}."
        if message not in errors.setdefault(field, []):
            errors[field].append(message)
    if errors:
        raise validation_failed(errors)
    assert isinstance(payload, dict)
    return payload
