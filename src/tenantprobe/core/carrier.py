"""Filling the tenant carrier: the value that names a tenant, and a path or URL with it in place.

The carrier itself (where a request names its tenant) is part of the configuration
(:class:`~tenantprobe.core.config.Carrier`); the run's effective one, declared or read from the
spec, is ``RunState.carrier``. A request path that still holds the carrier's ``{name}`` when it is
sent is filled with the sending principal's own tenant: probes that mean another tenant fill it
themselves, deliberately.
"""

from __future__ import annotations

from urllib.parse import quote

from tenantprobe.core.config import Carrier, Config
from tenantprobe.core.state import Knowledge


def tenant_value(config: Config, knowledge: Knowledge, carrier: Carrier, tenant: str) -> str | None:
    """What names ``tenant`` in the carrier: its key (slug), or its id as the API shows it."""
    if carrier.value == "id":
        with knowledge.lock:
            return knowledge.tenant_ids.get(tenant)
    known = config.tenants.get(tenant)
    return known.key if known is not None else None


def placeholder(carrier: Carrier | None) -> str | None:
    """``{org}`` for a path or subdomain carrier, the text a template holds until it is filled."""
    if carrier is None or carrier.kind not in ("path", "subdomain") or not carrier.name:
        return None
    return "{" + carrier.name + "}"


def fill_tenant(text: str, carrier: Carrier | None, value: str | None) -> str:
    """``text`` with the carrier's placeholder replaced by ``value`` (URL-quoted); unchanged without one."""
    mark = placeholder(carrier)
    if mark is None or value is None or mark not in text:
        return text
    return text.replace(mark, quote(value, safe=""))


def tenant_of_value(config: Config, knowledge: Knowledge, carrier: Carrier, value: str) -> str | None:
    """The tenant a carrier value names (by key or id), or None for a tenant the run does not know."""
    for name in config.tenants:
        if tenant_value(config, knowledge, carrier, name) == value:
            return name
    return None
