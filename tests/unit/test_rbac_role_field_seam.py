"""A role field slipped into another write's body, through the transport seam: ignored, or honoured.

The made-up target of ``mock_target`` gains ``PATCH /profile`` (a write without path parameters whose
body declares no role field) and keeps each caller's role in its members, so ``/me`` reports what a
write may have changed. With ``role_field_honoured`` the profile write grants the role it is sent.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tenantprobe import RunState
from tenantprobe.families.rbac.escalation import mass_assignment_operations, role_field_ignored
from tenantprobe.openapi.operations import Operation
from tests.unit.mock_target import CONFIG, SPEC, MockTarget, caller, seam_kit, seam_run

_PROFILE = {"type": "object", "properties": {"display_name": {"type": "string"}}}
PROFILE_SPEC: dict[str, Any] = copy.deepcopy(SPEC)
PROFILE_SPEC["paths"]["/profile"] = {
    "patch": {
        "x-permission": "projects.view",
        "requestBody": {"content": {"application/json": {"schema": _PROFILE}}},
        "responses": {"200": {"description": "ok"}},
    }
}


class ProfileTarget(MockTarget):
    """``/me`` reports the role the caller's member holds; ``/profile`` writes a display name (and,
    with ``role_field_honoured``, whatever role its body names)."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        who = caller(request)
        member = self.member_of(*who) if who else None
        if member is None or request.url.path not in ("/me", "/profile"):
            return super().handle(request)
        self.sent.append(request)
        if request.url.path == "/profile":
            body = json.loads(request.content)
            if "role_field_honoured" in self.defects and "role" in body:
                member["role"] = body["role"]
            return httpx.Response(200, json={"display_name": body.get("display_name")})
        return httpx.Response(200, json={"team_id": member["team_id"], "roles": [member["role"]]})

    def member_of(self, tenant: str, role: str) -> dict[str, Any] | None:
        user = f"u-{tenant}-{role}"
        return next((m for m in self.members.values() if m["user_id"] == user), None)


@pytest.fixture()
def state(tmp_path: Path) -> Iterator[RunState]:
    with seam_run(tmp_path, CONFIG, PROFILE_SPEC) as run:
        yield run


def _profile(state: RunState, target: ProfileTarget) -> Operation:
    [operation] = mass_assignment_operations(seam_kit(state, target))
    assert operation.key == "PATCH /profile"
    return operation


def test_a_role_field_the_profile_write_ignores_passes(state: RunState) -> None:
    target = ProfileTarget()
    kit = seam_kit(state, target)
    failures = role_field_ignored(kit, _profile(state, target), state.config.principal("red/viewer"))
    assert failures == []
    [write] = [r for r in target.sent if r.url.path == "/profile"]
    assert json.loads(write.content)["role"] == "owner"  # the probe did slip the top role in
    assert [r.url.path for r in target.sent].count("/me") == 2  # asked before and after, on the seam
    member = target.member_of("red", "viewer")
    assert member is not None and member["role"] == "viewer"


def test_a_role_field_the_profile_write_honours_fails_and_the_role_is_restored(state: RunState) -> None:
    target = ProfileTarget({"role_field_honoured"})
    kit = seam_kit(state, target)
    failures = role_field_ignored(kit, _profile(state, target), state.config.principal("red/viewer"))
    assert [f.check for f in failures] == ["role_escalation_refused"]
    assert "with `role` set to `owner` answered `200 OK` and the identity now reports roles ['owner']" in (
        failures[0].message
    )
    assert failures[0].exchange is not None and failures[0].exchange.url.endswith("/profile")
    member = target.member_of("red", "viewer")
    assert member is not None and member["role"] == "viewer"  # the admin put the role back
