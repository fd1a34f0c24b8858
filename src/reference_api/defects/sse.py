"""Defects of the Server-Sent Events stream: who may open a team's stream and what it carries.

Each function replaces one step of the clean code path in ``reference_api.sse`` (or in the team
selection of ``reference_api.tenancy``) when its defect is switched on; the events check family must
catch every one of them. They need ``--sse``.
"""

from __future__ import annotations

from typing import Any

from reference_api.defects import defect

STREAM_OPERATION = ("GET", "/api/v1/events")


@defect("sse_cross_tenant_events", "events")
def sse_cross_tenant_events(team_id: Any) -> None:
    """Another team's events appear on the stream: live events are not filtered by team.

    The stream subscribes to the app-wide event feed and forgets the ``where team_id = ?``, so a
    subscriber of tenant B receives tenant A's customers and invoices as they change. The events
    family's stream isolation check (canary leak detection) must report it. Returns the team filter
    of a new subscriber: None, every team.
    """
    return None


@defect("sse_backlog_cross_tenant", "events")
def sse_backlog_cross_tenant(team_id: Any) -> None:
    """``Last-Event-ID`` replay includes other teams' backlog, not only the stream team's own.

    Live events are filtered, but the resume query reads the event log by id alone. A client that
    sends ``Last-Event-ID: 0`` receives every team's past events. The events family's backlog check
    must report it. Returns the team filter of the replay: None, every team.
    """
    return None


@defect("sse_foreign_stream_open", "events")
def sse_foreign_stream_open(operation: tuple[str, str], home_roles: tuple[str, ...]) -> tuple[str, ...]:
    """A stream of a foreign team can be opened: the stream route skips the membership check.

    ``GET /orgs/{org}/events`` (path dialect) or ``GET /api/v1/events`` with ``X-Team-Id`` (header
    dialect) opens any existing team's stream with the roles of the token's own team. The events
    family's stream refusal check (a foreign tenant's stream must be refused like a non-existent one)
    must report it. Returns the roles to act with in the foreign team.
    """
    return home_roles if operation == STREAM_OPERATION else ()


SSE_DEFECTS = ("sse_cross_tenant_events", "sse_backlog_cross_tenant", "sse_foreign_stream_open")
