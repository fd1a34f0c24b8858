"""Why the identity probe was refused, in words: what the answer said and what to change."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Config, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.redact import active_redactor

# Where error answers usually keep their human message (Laravel, Problem Details, most APIs).
_MESSAGE_KEYS = ("message", "detail", "error", "title", "error_description")
_MAX_QUOTE = 200


def answer_message(exchange: Exchange | None) -> str | None:
    """The human message of an error answer (``message``, ``detail``, ...), shortened and redacted."""
    if exchange is None:
        return None
    body: Any = exchange.json()
    text = None
    if isinstance(body, dict):
        for key in _MESSAGE_KEYS:
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                text = value.strip()
                break
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                text = value["message"].strip()
                break
    if text is None:
        text = exchange.response_body[:_MAX_QUOTE].decode("utf-8", "replace").strip() or None
    if text is None:
        return None
    text = active_redactor().text(text)
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def refusal_advice(config: Config, principal: Principal, status: int | None, where: str) -> str:
    """What to check after the identity probe answered ``status``: the credential, or the request."""
    selector = config.tenancy.selector
    tenant = config.tenants.get(principal.tenant)
    given = selector is not None and tenant is not None and tenant.id is not None
    if status == 403 and given and selector is not None and tenant is not None:
        return (
            f"the credential may be valid but not in the tenant {selector['in']} `{selector['name']}` "
            f"names (`{tenant.id}`, from tenants.{principal.tenant}.id). Check that id is this tenant's, "
            f"and that {where} is a credential of `{principal.tenant}`."
        )
    if status in (401, 403) or status is None:
        return (
            f"the credential is rejected or missing. Check {where} in tenants.yaml and the environment "
            "variable it names."
        )
    if selector and tenant is not None and tenant.id is None:
        return (
            f"the credential may be fine but the request is not. If the API needs its tenant selector "
            f"({selector['in']} `{selector['name']}`) on this operation too, give "
            f"`tenants.{principal.tenant}.id` (the tenant's id as the API shows it) in tenants.yaml."
        )
    return (
        "the credential may be fine but the request is not: check what the answer asks for (a "
        "tenant selector, a header) and give it in tenants.yaml (`tenancy.selector` with "
        f"`tenants.{principal.tenant}.id`, or `headers:` on {where})."
    )
