"""``GET /up``: health check, no auth, not rate-limited (Laravel 11's health route)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()


@router.get("/up")
async def up() -> dict[str, str]:
    return {"status": "up"}
