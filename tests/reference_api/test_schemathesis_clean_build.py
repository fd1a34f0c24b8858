"""The clean build passes the ``schemathesis run`` CLI's default checks as a non-admin principal, in
the default and in the laravel style (relative servers, envelopes, $ref'd enums)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from reference_api.style import STYLES

pytestmark = pytest.mark.slow

# The CLI of the interpreter running the tests, wherever it is installed (no PATH or .venv guess).
SCHEMATHESIS = (sys.executable, "-m", "schemathesis.cli")


# (principal token, dialects): every dialect axis is covered by the three CI runs; the other two
# combinations run with TP_FULL_SCHEMATHESIS=1 (each run costs about 45 s of the CI budget).
RUNS = {
    "member-default-dialects": ("ACME_MEMBER_TOKEN", {}),
    "billing-laravel-api-key-uuid": (
        "GLOBEX_BILLING_TOKEN",
        {"style": STYLES["laravel"], "auth": "api-key", "ids": "uuid"},
    ),
    # every stream ends after 0.5 s, so reading one whole costs schemathesis little
    "consultant-path-tenancy-sse": (
        "CONSULTANT_TOKEN",
        {"tenancy": "path", "sse": True, "sse_lifetime_s": 0.5, "sse_heartbeat_s": 0.2},
    ),
}
MORE_RUNS = {
    "viewer-api-key-uuid-github": (
        "GLOBEX_VIEWER_TOKEN",
        {"auth": "api-key", "ids": "uuid", "ratelimit_headers": "github"},
    ),
    "member-laravel": ("ACME_MEMBER_TOKEN", {"style": STYLES["laravel"]}),
}
if os.environ.get("TP_FULL_SCHEMATHESIS") == "1":
    RUNS.update(MORE_RUNS)


@pytest.mark.parametrize(("token_env", "dialects"), list(RUNS.values()), ids=list(RUNS))
def test_schemathesis_default_checks_find_nothing(
    start_api: Any, demo_env: dict[str, str], token_env: str, dialects: dict[str, Any]
) -> None:
    with start_api(**dialects) as server:
        token = demo_env[token_env]
        header = (
            f"X-API-Key: {token}" if dialects.get("auth") == "api-key" else f"Authorization: Bearer {token}"
        )
        result = subprocess.run(
            [
                *SCHEMATHESIS,
                "run",
                f"{server.url}/api/v1/openapi.json",
                "-H",
                header,
                "--max-examples",
                "5",
                "--seed",
                "20261127",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    assert result.returncode == 0, result.stdout[-6000:]
    assert "No issues found" in result.stdout or " passed" in result.stdout
