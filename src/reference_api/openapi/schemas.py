"""JSON Schemas of the API, per id dialect. Request bodies are validated against these objects."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reference_api.db import MAX_INT_ID
from reference_api.settings import IdDialect

Schema = dict[str, Any]

CURRENCIES: tuple[str, ...] = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "JPY",
    "AUD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "BRL",
    "INR",
    "SGD",
    "NZD",
    "MXN",
)
TIMEZONES: tuple[str, ...] = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Zurich",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Copenhagen",
    "Europe/Warsaw",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "Pacific/Auckland",
)
INVOICE_STATUSES: tuple[str, ...] = ("draft", "open", "paid", "void")
# Explicit characters, not \s: ECMA regex (clients, generators) and Python disagree on what \s covers.
EMAIL_PATTERN = r"^[^@ \t\r\n]+@[^@ \t\r\n]+\.[^@ \t\r\n]+$"
MAX_AMOUNT = 100_000_000_000  # minor units
MAX_PAGE = 10_000
MAX_PER_PAGE = 100


def id_schema(ids: IdDialect) -> Schema:
    if ids == "int":
        return {"type": "integer", "minimum": 1, "maximum": MAX_INT_ID}
    return {"type": "string", "format": "uuid"}


def _string(max_length: int, *, min_length: int = 0) -> Schema:
    schema: Schema = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    return schema


def _nullable(schema: Schema) -> Schema:
    return {**schema, "type": [schema["type"], "null"]}


def _obj(properties: dict[str, Schema], required: list[str] | None = None) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": required or [],
        "additionalProperties": False,
    }


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


@lru_cache(maxsize=4)
def component_schemas(ids: IdDialect) -> dict[str, Schema]:
    """Every named schema of the spec for this id dialect (no $ref inside: bodies validate standalone)."""
    ident = id_schema(ids)
    email = {"type": "string", "maxLength": 255, "pattern": EMAIL_PATTERN}
    name = _string(255, min_length=1)
    date = {"type": "string", "format": "date"}
    timestamp = {"type": "string", "format": "date-time"}
    user = _obj(
        {"id": ident, "name": {"type": "string"}, "email": {"type": "string"}}, ["id", "name", "email"]
    )
    team = _obj(
        {
            "id": ident,
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "currency": {"type": "string", "enum": list(CURRENCIES)},
            "timezone": {"type": "string", "enum": list(TIMEZONES)},
        },
        ["id", "name", "slug", "currency", "timezone"],
    )
    customer = _obj(
        {
            "id": ident,
            "team_id": ident,
            "name": {"type": "string"},
            "email": {"type": "string"},
            "notes": {"type": ["string", "null"]},
            "created_at": timestamp,
            "updated_at": timestamp,
        },
        ["id", "team_id", "name", "email", "notes", "created_at", "updated_at"],
    )
    invoice = _obj(
        {
            "id": ident,
            "team_id": ident,
            "customer_id": ident,
            "amount": {"type": "integer", "minimum": 1, "description": "Minor units of `currency`."},
            "currency": {"type": "string", "enum": list(CURRENCIES)},
            "description": {"type": ["string", "null"]},
            "due_date": date,
            "status": {"type": "string", "enum": list(INVOICE_STATUSES)},
            "issued_at": {**timestamp, "description": "Rendered in the team's timezone, with its offset."},
            "created_at": timestamp,
            "updated_at": timestamp,
        },
        [
            "id",
            "team_id",
            "customer_id",
            "amount",
            "currency",
            "description",
            "due_date",
            "status",
            "issued_at",
            "created_at",
            "updated_at",
        ],
    )
    member = _obj(
        {
            "id": ident,
            "team_id": ident,
            "user_id": ident,
            "name": {"type": "string"},
            "email": {"type": "string"},
            "role": {"type": "string"},
        },
        ["id", "team_id", "user_id", "name", "email", "role"],
    )
    role = {"type": "string", "enum": ["admin", "manager", "member", "viewer", "billing"]}
    return {
        "Error": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {"type": "string", "minLength": 1},
                "required_permission": {"type": "string"},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "User": user,
        "Team": team,
        "Me": _obj(
            {
                "user": user,
                "team": team,
                "roles": {"type": "array", "items": {"type": "string"}},
                "permissions": {"type": "array", "items": {"type": "string"}},
            },
            ["user", "team", "roles", "permissions"],
        ),
        "MeUpdate": _obj({"name": name}, ["name"]),
        "TeamUpdate": {
            **_obj(
                {
                    "name": name,
                    "currency": team["properties"]["currency"],
                    "timezone": team["properties"]["timezone"],
                }
            ),
            "minProperties": 1,
        },
        "Customer": customer,
        "CustomerList": _page_of(customer),
        "CustomerCreate": _obj(
            {"name": name, "email": email, "notes": _nullable(_string(2000))}, ["name", "email"]
        ),
        "CustomerUpdate": {
            **_obj({"name": name, "email": email, "notes": _nullable(_string(2000))}),
            "minProperties": 1,
        },
        "Invoice": invoice,
        "InvoiceList": _page_of(invoice),
        "InvoiceCreate": _obj(
            {
                "customer_id": ident,
                "amount": {"type": "integer", "minimum": 1, "maximum": MAX_AMOUNT},
                "description": _nullable(_string(1000)),
                "due_date": date,
            },
            ["customer_id", "amount", "due_date"],
        ),
        "InvoiceUpdate": {
            **_obj(
                {
                    "amount": {"type": "integer", "minimum": 1, "maximum": MAX_AMOUNT},
                    "description": _nullable(_string(1000)),
                    "due_date": date,
                }
            ),
            "minProperties": 1,
        },
        "Member": member,
        "MemberList": _obj({"data": {"type": "array", "items": member}}, ["data"]),
        "MemberUpdate": _obj({"role": role}, ["role"]),
    }
