"""A made-up API that names its tenant in the path (``/orgs/{org}/…``) behind ``httpx.MockTransport``.

Tenants red and blue own projects; the bearer token says who calls. A well-built target serves an
org only to its members and answers a foreign org exactly as one that does not exist: 404 with the
org's name and a fresh request id in the body. Planted weaknesses (``defects``) turn on the one
condition the path-tenancy judges decide.
"""

from __future__ import annotations

import copy
import itertools
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

from tenantprobe import RunState
from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.ledger import CREATED
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.carrier import bind_carrier
from tenantprobe.tenancy.kit import ProbeKit
from tests.unit.mock_target import BASE_URL, TENANT_IDS, caller

COLLECTION = "/orgs/{org}/projects"
CONFIG = f"""\
version: 1
target: {{base_url: "{BASE_URL}", spec: /openapi.json}}
auth: {{carrier: bearer}}
tenancy:
  tenant_field: team_id
  carrier: {{in: path, name: org, value: key}}
  cross_tenant_status: [404]
tenants:
  red:
    key: red
    admin: {{token: red-admin}}
    principals: {{editor: {{role: editor, token: red-editor}}}}
  blue:
    key: blue
    admin: {{token: blue-admin}}
    principals: {{editor: {{role: editor, token: blue-editor}}}}
"""
_ORG = {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_PROJECT = {
    "type": "object",
    "properties": {"id": {"type": "integer", "readOnly": True}, "name": {"type": "string"}},
    "required": ["name"],
}
_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": _PROJECT}}}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "orgs", "version": "1"},
    "paths": {
        COLLECTION: {"parameters": [_ORG], "get": {"responses": {"200": {"description": "ok"}}}},
        COLLECTION + "/{id}": {
            "parameters": [_ORG, _ID],
            "get": {"responses": _OK},
            "patch": {
                "requestBody": {"content": {"application/json": {"schema": _PROJECT}}},
                "responses": _OK,
            },
        },
    },
}


@dataclass
class OrgsTarget:
    """Projects by org; ``handle`` is the transport's handler.

    Planted weaknesses: ``membership_unchecked`` (any caller is served any org), ``foreign_forbidden``
    (a foreign org answers 403, a made-up one 404), ``foreign_worded`` (both 404, but worded apart).
    """

    defects: set[str] = field(default_factory=set)
    projects: dict[int, dict[str, Any]] = field(default_factory=dict)
    orgs_asked: list[str] = field(default_factory=list)  # the org of every request, in order
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(700))

    def add(self, tenant: str, name: str) -> int:
        project_id = next(self._ids)
        self.projects[project_id] = {"id": project_id, "team_id": TENANT_IDS[tenant], "name": name}
        return project_id

    def handle(self, request: httpx.Request) -> httpx.Response:
        who = caller(request)
        if who is None:
            return httpx.Response(401, json={"message": "unauthenticated"})
        _, org, _, *rest = request.url.path.strip("/").split("/")
        self.orgs_asked.append(org)
        if org not in TENANT_IDS:
            return _not_found(f"Organisation {org} not found.")
        if org != who[0] and "membership_unchecked" not in self.defects:
            if "foreign_forbidden" in self.defects:
                return httpx.Response(403, json={"message": f"You are not a member of {org}."})
            worded = "foreign_worded" in self.defects
            return _not_found(f"You cannot see {org}." if worded else f"Organisation {org} not found.")
        team = TENANT_IDS[org]
        if not rest:
            return httpx.Response(200, json=[p for p in self.projects.values() if p["team_id"] == team])
        found = self.projects.get(int(rest[0]))
        if found is None or found["team_id"] != team:
            return _not_found("No such project.")
        if request.method == "PATCH":
            found.update({k: v for k, v in json.loads(request.content).items() if k in ("name",)})
        return httpx.Response(200, json=found)


def _not_found(message: str) -> httpx.Response:
    return httpx.Response(404, json={"message": message, "request_id": secrets.token_hex(8)})


def orgs_kit(state: RunState, target: OrgsTarget, planted: tuple[str, ...] = tuple(TENANT_IDS)) -> ProbeKit:
    """A kit reaching ``target`` through the seam, the path carrier bound; each tenant of ``planted`` owns
    one canary project (in the ledger: ``seam_run`` empties it). Binding marks the spec: it gets a copy."""
    state.spec = copy.deepcopy(state.spec)
    bind_carrier(state)
    canaries = CanarySet()
    for tenant in planted:
        project_id = str(target.add(tenant, f"tp-{tenant}-c0ffee"))
        canaries.add(tenant, COLLECTION, project_id)
        CREATED.mark_canary(tenant, f"{BASE_URL}/orgs/{tenant}/projects", project_id, COLLECTION)

    def client_for(principal: Principal) -> TargetClient:
        return TargetClient(
            state.config, state.routes, principal, transport=httpx.MockTransport(target.handle), paced=False
        )

    return ProbeKit(state=state, canaries=canaries, client_for=client_for)
