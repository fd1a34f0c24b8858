"""What the target says to ``tenantprobe init``: the identity answer of each credential it can use.

One GET of the identity operation per principal whose credential is at hand (``--token`` or the
environment), plus one GET of the tenant's own page when the identity names no tenant object. Every
request is bounded (one try, the configured timeout); a failure is recorded as text for the draft's
comments, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from tenantprobe.tenancy.identity_locate import IdentityPointers, locate_identity


@dataclass
class Observation:
    who: str  # "acme/viewer" or "the --token credential"
    tenant: str | None
    role: str | None
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    pointers: IdentityPointers = field(default_factory=IdentityPointers)
    problem: str | None = None


def server_prefix(spec: dict[str, Any]) -> str:
    """The path of the spec's first server when it is relative or on another host (``/v2``)."""
    servers = spec.get("servers") or []
    url = str(servers[0].get("url", "")) if servers and isinstance(servers[0], dict) else ""
    if url.startswith(("http://", "https://")):
        url = "/" + url.split("://", 1)[1].partition("/")[2]
    return url.rstrip("/")


def credential_headers(auth: dict[str, str], token: str) -> dict[str, str]:
    if auth.get("carrier") == "header":
        return {auth.get("header") or "Authorization": token}
    return {"Authorization": f"Bearer {token}"}


def observe_identity(
    base_url: str,
    spec: dict[str, Any],
    path: str,
    auth: dict[str, str],
    token: str,
    *,
    who: str,
    tenant: str | None = None,
    role: str | None = None,
    tenant_key: str | None = None,
    timeout_s: float = 10.0,
) -> Observation:
    seen = Observation(who, tenant, role)
    url = base_url.rstrip("/") + server_prefix(spec) + path
    try:
        response = httpx.get(url, headers=credential_headers(auth, token), timeout=timeout_s)
    except httpx.HTTPError as error:
        seen.problem = f"`GET {path}` as {who} got no answer ({type(error).__name__})"
        return seen
    seen.status, seen.headers = response.status_code, dict(response.headers)
    if response.status_code // 100 != 2:
        seen.problem = f"`GET {path}` as {who} answered {response.status_code}"
        return seen
    try:
        seen.body = response.json()
    except ValueError:
        seen.problem = f"`GET {path}` as {who} answered no JSON"
        return seen
    seen.pointers = locate_identity(seen.body, tenant_key, role)
    return seen


def observe_tenant_page(
    base_url: str,
    spec: dict[str, Any],
    template: str,
    carrier_name: str,
    tenant_key: str,
    auth: dict[str, str],
    token: str,
    timeout_s: float = 10.0,
) -> str | None:
    """The pointer of the tenant's id on its own page (``/id`` or inside an envelope), or None."""
    path = template.replace("{" + carrier_name + "}", quote(tenant_key, safe=""))
    try:
        response = httpx.get(
            base_url.rstrip("/") + server_prefix(spec) + path,
            headers=credential_headers(auth, token),
            timeout=timeout_s,
        )
        body = response.json() if response.status_code // 100 == 2 else None
    except (httpx.HTTPError, ValueError):
        return None
    for pointer, node in (
        ("/id", body),
        ("/data/id", (body or {}).get("data") if isinstance(body, dict) else None),
    ):
        if isinstance(node, dict) and "id" in node:
            return pointer
    return None
