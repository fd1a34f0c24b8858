"""``POST /api/v1/login`` (``--auth login``): email and password for a fresh token of the home team."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from reference_api.context import Ctx
from reference_api.errors import ApiError
from reference_api.openapi.login import LOGIN_PATH, LOGIN_REQUEST, WRONG_CREDENTIALS
from reference_api.passwords import password_matches
from reference_api.validation import json_object, validate_inline

router = APIRouter()


@router.post(LOGIN_PATH)
async def log_in(request: Request, ctx: Ctx) -> Any:
    body = validate_inline(LOGIN_REQUEST, await json_object(request))
    user = ctx.db.one("SELECT id, password_hash FROM users WHERE email = ?", (body["email"],))
    if user is None or not password_matches(user["password_hash"], body["password"]):
        raise ApiError(401, WRONG_CREDENTIALS)
    # the home team: the team the user's seeded token is bound to
    home = ctx.db.scalar("SELECT team_id FROM tokens WHERE user_id = ? ORDER BY id LIMIT 1", (user["id"],))
    if home is None:
        raise ApiError(401, WRONG_CREDENTIALS)
    token = ctx.tokens.issue(user["id"], home, "login")
    return {"token": token, "token_type": "Bearer"}
