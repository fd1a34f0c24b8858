"""Defects the preflight family must catch: broken troubleshooting clues."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from reference_api.defects import defect


@defect("request_id_missing_on_errors", "preflight")
def request_id_missing_on_errors() -> None:
    """Error responses (4xx/5xx) carry no X-Request-Id header; the id is only added on success.

    A person diagnosing a failed call has nothing to grep the logs for. The preflight family must
    catch it (it checks that every response, errors included, carries a request id). The
    request-log middleware drops the header when this defect is on.
    """


@defect("error_with_empty_body", "preflight")
def error_with_empty_body(error: object) -> Response:
    """404 errors come back with an empty body instead of ``{"message": ...}``.

    The status is right but nothing says what was not found or what to do. The preflight family must
    catch it (every error body must carry an actionable message).
    """
    status = getattr(error, "status", 404)
    return Response(status_code=status, media_type="application/json")


@defect("me_team_timezone_utc", "preflight")
def me_team_timezone_utc(team: dict[str, Any]) -> dict[str, Any]:
    """``GET /me`` reports every team's timezone as ``UTC`` (the app default), not the team's own.

    The team's settings are read before the tenant is resolved. Dates a client renders for the team
    are off by hours. The preflight family must catch it (``/me`` must match the baseline in
    tenants.yaml). In the path dialect ``/me`` names no team; the baseline's source there,
    ``GET /orgs/{org}/team``, reports UTC instead.
    """
    return {**team, "timezone": "UTC"}
