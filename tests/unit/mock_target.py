"""A made-up multi-tenant target behind ``httpx.MockTransport``: probes and judges proven in milliseconds.

Tenants red and blue own projects; the bearer token says who calls (tenant and role). The target
answers as a well-built API would, unless a planted weakness named in ``defects`` says otherwise,
so a test turns on exactly the condition its judge decides. The real ``RunState``, ``ProbeKit`` and
``TargetClient`` run; only the network is replaced.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tenantprobe import RunState, load_config
from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.ledger import CREATED
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.identity import IdentityResult
from tenantprobe.tenancy.kit import ProbeKit
from tenantprobe.tenancy.pairing import Pairing

BASE_URL = "http://target.test"
TENANT_IDS = {"red": 1, "blue": 2}

CONFIG = f"""\
version: 1
target: {{base_url: "{BASE_URL}", spec: /openapi.json}}
auth: {{carrier: bearer}}
identity: {{path: /me, tenant_id: /team_id, roles: /roles}}
tenancy: {{tenant_field: team_id, selector: {{in: header, name: X-Team}}}}
permissions:
  extension: x-permission
  rank: {{viewer: 1, editor: 2, owner: 3}}
  roles:
    viewer: [projects.view]
    editor: [projects.view, projects.edit]
tenants:
  red:
    admin: {{token: red-admin}}
    principals: {{viewer: {{role: viewer, token: red-viewer}}, editor: {{role: editor, token: red-editor}}}}
  blue:
    admin: {{token: blue-admin}}
    principals: {{viewer: {{role: viewer, token: blue-viewer}}, editor: {{role: editor, token: blue-editor}}}}
"""

_PROJECT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "team_id": {"type": "integer"},
        "name": {"type": "string"},
        "parent_id": {"type": "integer"},
    },
    "required": ["name"],
}
_TASK = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "project_id": {"type": "integer"}},
    "required": ["name", "project_id"],
}
_ROLE = {"type": "string", "enum": ["viewer", "editor", "owner"]}
_MEMBER = {"type": "object", "properties": {"role": _ROLE}}
RANK = {"viewer": 1, "editor": 2, "owner": 3, "admin": 4}
_BODY = {"content": {"application/json": {"schema": _PROJECT}}}
_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": _PROJECT}}}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "projects", "version": "1"},
    "paths": {
        "/me": {"get": {"responses": _OK}},
        "/projects": {
            "get": {
                "x-permission": "projects.view",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}},
            },
            "post": {"x-permission": "projects.edit", "requestBody": _BODY, "responses": _OK},
        },
        "/tasks": {
            "post": {
                "x-permission": "projects.edit",
                "requestBody": {"content": {"application/json": {"schema": _TASK}}},
                "responses": {"201": {"description": "created"}},
            },
        },
        "/members": {"get": {"x-permission": "projects.view", "responses": {"200": {"description": "ok"}}}},
        "/members/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "patch": {
                "x-permission": "projects.edit",
                "requestBody": {"content": {"application/json": {"schema": _MEMBER}}},
                "responses": {"200": {"description": "ok"}},
            },
        },
        "/projects/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {"x-permission": "projects.view", "responses": _OK},
            "patch": {"x-permission": "projects.edit", "requestBody": _BODY, "responses": _OK},
            "delete": {"x-permission": "projects.edit", "responses": {"204": {"description": "gone"}}},
        },
    },
}


@dataclass
class MockTarget:
    """The target's memory and its planted weaknesses; ``handle`` is the transport's handler."""

    defects: set[str] = field(default_factory=set)
    projects: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[int, dict[str, Any]] = field(default_factory=dict)  # each principal's user, with its role
    sent: list[httpx.Request] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))

    def add(self, tenant: str, name: str) -> int:
        project_id = next(self._ids)
        self.projects[project_id] = {"id": project_id, "team_id": TENANT_IDS[tenant], "name": name}
        return project_id

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        who = caller(request)
        if who is None:
            return httpx.Response(401, json={"message": "unauthenticated"})
        tenant, role = who
        team = TENANT_IDS[tenant]
        selected = request.headers.get("X-Team")
        if selected is not None and selected != str(team):
            if "selector_trusted" not in self.defects:
                return httpx.Response(403, json={"message": "not a member of that team"})
            team = int(selected)
        path, method = request.url.path, request.method
        if path == "/me":
            return httpx.Response(200, json={"team_id": team, "roles": [role]})
        if path == "/projects":
            return self._collection(request, team, role)
        if path == "/tasks":
            return self._task(request, team)
        if path.startswith("/members"):
            return self._member(request, team, role)
        project_id = int(path.rsplit("/", 1)[-1])
        found = self.projects.get(project_id)
        if found is None or (found["team_id"] != team and "unscoped_by_id" not in self.defects):
            return httpx.Response(404, json={"message": "no such project"})
        if method != "GET" and not self._may_edit(role):
            return httpx.Response(403, json={"message": "forbidden"})
        if method == "DELETE":
            del self.projects[project_id]
            return httpx.Response(204)
        if method == "PATCH":
            found.update(self._accepted(json.loads(request.content), team))
        return httpx.Response(200, json=found)

    def _collection(self, request: httpx.Request, team: int, role: str) -> httpx.Response:
        if request.method == "POST":
            if not self._may_edit(role):
                return httpx.Response(403, json={"message": "forbidden"})
            body = self._accepted(json.loads(request.content), team)
            created = {"team_id": team, **body, "id": next(self._ids)}
            self.projects[created["id"]] = created
            return httpx.Response(201, json=created)
        query = request.url.params.get("q")
        rows = [
            p for p in self.projects.values()
            if (query is not None and "search_ignores_team" in self.defects and query in p["name"])
            or (p["team_id"] == team and (query is None or query in p["name"]))
        ]  # fmt: skip
        return httpx.Response(200, json=rows)

    def _member(self, request: httpx.Request, team: int, role: str) -> httpx.Response:
        """Members of the team; nobody grants a role ranked above its own unless ``escalation_allowed``."""
        if request.method == "GET":
            return httpx.Response(200, json=[m for m in self.members.values() if m["team_id"] == team])
        member = self.members.get(int(request.url.path.rsplit("/", 1)[-1]))
        if member is None or member["team_id"] != team:
            return httpx.Response(404, json={"message": "no such member"})
        wanted = json.loads(request.content).get("role", member["role"])
        above_own = RANK[wanted] > RANK[role] and "escalation_allowed" not in self.defects
        if not self._may_edit(role) or above_own:
            return httpx.Response(403, json={"message": "forbidden"})
        member["role"] = wanted
        return httpx.Response(200, json=member)

    def _task(self, request: httpx.Request, team: int) -> httpx.Response:
        """A task names its project: another team's project is refused unless ``references_unchecked``."""
        body = json.loads(request.content)
        project = self.projects.get(body.get("project_id"), {})
        if project.get("team_id") != team and "references_unchecked" not in self.defects:
            return httpx.Response(422, json={"message": "project_id: no such project"})
        return httpx.Response(201, json={**body, "id": next(self._ids)})

    def _accepted(self, body: dict[str, Any], team: int) -> dict[str, Any]:
        """The body's fields the target keeps: the tenant field only with ``tenant_field_assignable``."""
        kept = {k: v for k, v in body.items() if k != "id"}
        if "tenant_field_assignable" not in self.defects:
            kept["team_id"] = team
        return kept

    def _may_edit(self, role: str) -> bool:
        if role == "editor" and "editors_refused" in self.defects:
            return False
        return RANK[role] >= RANK["editor"] or "permissions_unchecked" in self.defects


def caller(request: httpx.Request) -> tuple[str, str] | None:
    """(tenant, role) from a ``Bearer <tenant>-<role>`` token; None for no or an unknown token."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    tenant, _, role = token.partition("-")
    return (tenant, role) if tenant in TENANT_IDS and role else None


@contextmanager
def seam_run(tmp_path: Path, config: str = CONFIG, spec: dict[str, Any] | None = None) -> Iterator[RunState]:
    """The run as the plugin would hold it; the process's ledger of created objects is emptied after."""
    try:
        yield seam_state(tmp_path, config, spec)
    finally:
        CREATED.items.clear()


def seam_state(tmp_path: Path, config: str = CONFIG, spec: dict[str, Any] | None = None) -> RunState:
    """The run as the plugin would hold it, with each tenant's id and one canary known."""
    (tmp_path / "tenants.yaml").write_text(config, encoding="utf-8")
    loaded = load_config(tmp_path / "tenants.yaml", env={})
    state = RunState(config=loaded, base_url=BASE_URL, spec=spec or SPEC, spec_sha256="")
    for tenant, team in TENANT_IDS.items():
        state.knowledge.tenant_ids[tenant] = str(team)
        state.knowledge.add_canary(tenant, f"tp-{tenant}-c0ffee")
    return state


def seam_kit(state: RunState, target: MockTarget, *, planted: bool = True) -> ProbeKit:
    """A kit whose clients reach ``target`` through the transport seam; each tenant owns one canary project,
    planted by the run (in the ledger: ``seam_run`` empties it). ``planted=False``: the run knows none."""
    canaries = CanarySet()
    for tenant in TENANT_IDS if planted else ():
        project_id = str(target.add(tenant, f"tp-{tenant}-c0ffee"))
        canaries.add(tenant, "/projects", project_id)
        CREATED.mark_canary(tenant, f"{BASE_URL}/projects", project_id, "/projects")
    for principal in state.config.principals():
        user = f"u-{principal.tenant}-{principal.role}"
        member_id = next(target._ids)
        target.members[member_id] = {
            "id": member_id,
            "team_id": TENANT_IDS[principal.tenant],
            "user_id": user,
            "role": principal.role,
        }
        identity = IdentityResult(principal.id, 200, user_id=user, roles=[principal.role])
        state.identities[principal.id] = identity

    def client_for(principal: Principal) -> TargetClient:
        return TargetClient(
            state.config, state.routes, principal, transport=httpx.MockTransport(target.handle), paced=False
        )

    return ProbeKit(state=state, canaries=canaries, client_for=client_for)


def pairing(state: RunState, operation: str, attacker: str = "red/editor", victim: str = "blue") -> Pairing:
    return Pairing(operation, state.config.principal(attacker), victim)
