"""The `login` credential carrier: each principal posts its username and password for a token.

The controller logs in once; its workers take the same tokens (``adopt_tokens``), so every process
that writes reports knows, and filters, every token the run learnt.
"""

from __future__ import annotations

import json

import httpx

from tenantprobe.core.placeholders import fill_body
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.state import RunState
from tenantprobe.tenancy.identity import resolve_pointer

DEFAULT_BODY = {"username": "{username}", "password": "{password}"}


def adopt_tokens(state: RunState, tokens: dict[str, str]) -> None:
    """Use the tokens another process of the run logged in for (a worker takes its controller's)."""
    state.tokens.update(tokens)
    active_redactor().add(*tokens.values())


def log_in_everyone(state: RunState) -> list[str]:
    """Fill ``state.tokens`` for every principal; one problem line per principal that cannot log in."""
    config = state.config
    if config.auth.carrier != "login":
        return []
    login = config.auth.login
    problems = []
    with httpx.Client(timeout=config.target.timeout_s) as client:
        for principal in config.principals(admins=True):
            credentials = principal.credentials
            if not credentials.username or not credentials.password:
                problems.append(f"{principal.id}: auth.carrier is login but it has no username and password")
                continue
            values = {"username": credentials.username, "password": credentials.password}
            body = fill_body(login.get("body", DEFAULT_BODY), values)
            try:
                method = login.get("method", "POST")
                response = client.request(method, state.routes.url(method, login["path"]), json=body)
            except httpx.HTTPError as exc:
                problems.append(f"{principal.id}: {login['path']} unreachable ({exc.__class__.__name__})")
                continue
            token = None
            try:
                token = resolve_pointer(response.json(), login["token_pointer"])
            except (ValueError, json.JSONDecodeError):
                pass
            if response.status_code >= 400 or not isinstance(token, str) or not token:
                problems.append(
                    f"{principal.id}: login answered {response.status_code} without a token at "
                    f"{login['token_pointer']} — check its username/password and auth.login.token_pointer"
                )
                continue
            state.tokens[principal.id] = token
            active_redactor().add(token)
    return problems
