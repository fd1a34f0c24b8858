"""Request-body validation against the spec's own schemas, reported the way Laravel does (422)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from fastapi import Request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from reference_api.errors import validation_failed
from reference_api.openapi.schemas import EMAIL_PATTERN, component_schemas
from reference_api.settings import IdDialect

# Python's ``$`` also matches before a final newline; ECMA's (the spec's dialect) does not.
_SERVER_EMAIL_PATTERN = EMAIL_PATTERN.removesuffix("$") + r"\Z"


def _server_side(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            k: _SERVER_EMAIL_PATTERN if v == EMAIL_PATTERN else _server_side(v) for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_server_side(item) for item in schema]
    return schema


@lru_cache(maxsize=64)
def _validator(ids: IdDialect, name: str) -> Draft202012Validator:
    schema = _server_side(component_schemas(ids)[name])
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _field_of(error: ValidationError) -> str:
    path = [str(part) for part in error.absolute_path]
    return ".".join(path) if path else "body"


def _messages(error: ValidationError, field: str) -> list[tuple[str, str]]:
    """(field, Laravel-style message) for one schema error: every unexpected field is named."""
    if error.validator == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        prefix = f"{field}." if error.absolute_path else ""
        return [(prefix + extra, _prohibited(prefix + extra)) for extra in extras] or [
            (field, f"The {field} field format is invalid.")
        ]
    return [_message(error, field)]


def _prohibited(field: str) -> str:
    # A generated body may send a member named "": "The  field" would read as a typo.
    return f"The {field} field is prohibited." if field else 'The field named "" is prohibited.'


def _message(error: ValidationError, field: str) -> tuple[str, str]:
    """(field, Laravel-style message) for one schema error."""
    keyword, value = error.validator, error.validator_value
    if keyword == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else field
        return missing, f"The {missing} field is required."
    if keyword == "minProperties":
        return "body", "At least one field must be given."
    if keyword == "type":
        expected = value if isinstance(value, str) else next(t for t in value if t != "null")
        article = "an" if expected in ("integer", "object", "array") else "a"
        return field, f"The {field} field must be {article} {expected}."
    if keyword in ("minLength", "minimum"):
        unit = " characters" if keyword == "minLength" else ""
        return field, f"The {field} field must be at least {value}{unit}."
    if keyword in ("maxLength", "maximum"):
        unit = " characters" if keyword == "maxLength" else ""
        return field, f"The {field} field must not be greater than {value}{unit}."
    if keyword == "pattern" and value == _SERVER_EMAIL_PATTERN:
        return field, f"The {field} field must be a valid email address."
    if keyword == "enum":
        return field, f"The selected {field} is invalid."
    if keyword == "format":
        return field, f"The {field} field must be a valid {value}."
    return field, f"The {field} field format is invalid."


def validate(ids: IdDialect, schema_name: str, payload: Any) -> dict[str, Any]:
    """``payload`` when it matches the named schema, else a 422 ApiError listing every problem."""
    order = list(component_schemas(ids)[schema_name].get("properties", {}))
    return _checked(_validator(ids, schema_name), order, payload)


def validate_inline(schema: dict[str, Any], payload: Any) -> dict[str, Any]:
    """The same for a schema written inline in an operation (not a component)."""
    validator = Draft202012Validator(_server_side(schema), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return _checked(validator, list(schema.get("properties", {})), payload)


def _checked(validator: Draft202012Validator, order: list[str], payload: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(payload):
        for field, message in _messages(error, _field_of(error)):
            errors.setdefault(field, [])
            if message not in errors[field]:
                errors[field].append(message)
    if errors:
        # Laravel reports fields in the order its rules list them: here, the schema's property order
        ranked = sorted(errors, key=lambda f: order.index(f) if f in order else len(order))
        raise validation_failed({field: errors[field] for field in ranked})
    assert isinstance(payload, dict)
    return payload


async def json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object, unvalidated; a body that is not one is a 422 like any bad input."""
    raw = await request.body()
    try:
        payload = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        raise validation_failed({"body": ["The request body must be valid JSON."]}) from None
    if not isinstance(payload, dict):
        raise validation_failed({"body": ["The request body must be a JSON object."]})
    return payload


async def json_body(request: Request, ids: IdDialect, schema_name: str) -> dict[str, Any]:
    """The request's JSON object, validated against the named schema."""
    return validate(ids, schema_name, await json_object(request))
