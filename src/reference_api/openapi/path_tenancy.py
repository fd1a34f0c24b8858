"""The spec in the path dialect: every team-scoped path under ``/api/v1/orgs/{org}``, ``/me`` as memberships.

Applied last, after the plug-ins' extensions, so their paths move too. Each scoped operation gains
the ``org`` path parameter, a 404 for a non-member or non-existent organisation (one answer for
both), and links that carry ``org`` on to the linked operation.
"""

from __future__ import annotations

import copy
from typing import Any

from reference_api.openapi.common import Spec, error_responses
from reference_api.settings import Settings
from reference_api.tenancy import ORG_PARAMETER, is_team_scoped, org_path

METHODS = ("get", "put", "post", "patch", "delete")
SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$"

DESCRIPTION = """\
A multi-tenant invoicing API (organisations, customers, invoices, members, webhooks).

Every organisation-scoped operation lives under `/api/v1/orgs/{org}`, `{org}` being the
organisation's slug; the caller must be a member of it and acts with the role held there. A
non-member and a non-existent organisation get the same 404. `GET /api/v1/me` lists the caller's
memberships as `[{org, role}]`. Objects of other organisations answer 404. Operations that need a
permission name it in `x-permission`; lacking it answers 403 with `required_permission`. Errors are
`{"message": ...}`, validation errors add `errors`.
"""

NOT_FOUND = (
    "Not found: the organisation does not exist or the caller is not a member of it (both answer "
    "alike), or the object is not in this organisation."
)
FORBIDDEN = "Forbidden: the caller's role in this organisation lacks the permission in `required_permission`."


def org_parameter() -> Spec:
    return {
        "name": ORG_PARAMETER,
        "in": "path",
        "required": True,
        "description": "The organisation's slug; the caller must be a member of it.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": SLUG_PATTERN},
    }


def _scope_operation(operation: Spec, settings: Settings) -> None:
    responses = operation["responses"]
    responses.setdefault("404", error_responses(settings, 404)["404"])
    responses["404"] = {**responses["404"], "description": NOT_FOUND}
    if "403" in responses:
        responses["403"] = {**responses["403"], "description": FORBIDDEN}
    for response in responses.values():
        for link in response.get("links", {}).values():
            link["parameters"] = {ORG_PARAMETER: f"$request.path.{ORG_PARAMETER}", **link["parameters"]}


def _memberships_schema(schemas: dict[str, Spec]) -> Spec:
    role = copy.deepcopy(schemas["MemberUpdate"]["properties"]["role"])
    membership = {
        "type": "object",
        "required": ["org", "role"],
        "additionalProperties": False,
        "properties": {"org": {"type": "string", "pattern": SLUG_PATTERN}, "role": role},
    }
    return {
        "type": "object",
        "required": ["user", "memberships"],
        "additionalProperties": False,
        "properties": {
            "user": copy.deepcopy(schemas["User"]),
            "memberships": {"type": "array", "items": membership},
        },
    }


def to_path_tenancy(spec: dict[str, Any], settings: Settings) -> None:
    """Rewrite a header-dialect spec in place into the path dialect."""
    paths: dict[str, Any] = {}
    for path, item in spec["paths"].items():
        if not is_team_scoped(path):
            paths[path] = item
            continue
        item["parameters"] = [org_parameter(), *item.get("parameters", [])]
        for method in METHODS:
            if method in item:
                _scope_operation(item[method], settings)
        paths[org_path(path)] = item
    spec["paths"] = paths
    spec.pop("x-tenant-header", None)
    spec["info"]["description"] = DESCRIPTION
    schemas = spec["components"]["schemas"]
    schemas["Me"] = _memberships_schema(schemas)
