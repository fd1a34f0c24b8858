"""The ``webhooks`` block of tenants.yaml as typed settings (the JSON Schema has validated its shape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.config import Config
from tenantprobe.families.webhooks.payloads import declared_headers
from tenantprobe.families.webhooks.providers import AUTO, scheme_for_headers, scheme_from_config
from tenantprobe.families.webhooks.schemes import Scheme


class WebhookConfigError(ValueError):
    """The ``webhooks`` block cannot be used with this target; the message says which key to fix."""


@dataclass(frozen=True)
class Registration:
    operation: str
    body: Any
    secret_pointer: str
    id_pointer: str
    delete: str | None


@dataclass(frozen=True)
class Trigger:
    operation: str
    body: Any
    events: tuple[str, ...]
    as_roles: tuple[str, ...]
    id_pointer: str
    cleanup: str | None


@dataclass(frozen=True)
class Step:
    name: str
    operation: str
    body: Any


@dataclass(frozen=True)
class Inbound:
    operation: str
    scheme: Scheme
    secrets: dict[str, tuple[str, ...]]
    body: Any
    tolerance_s: int
    setup: tuple[Step, ...] = ()
    read_back: dict[str, str] | None = None
    cleanup: tuple[str, ...] = ()
    examples: int = 3
    # Where the callback names its tenant, as templates of tenant fields (`{tenant.id}` ...).
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    path: dict[str, str] = field(default_factory=dict)
    # The event name a sender's event header carries (GitHub's); None: the body's `type`, else `ping`.
    event: str | None = None


@dataclass(frozen=True)
class WebhookSettings:
    scheme: Scheme
    tolerance_s: int
    future_skew_s: int
    wait_s: float
    settle_s: float
    receiver: dict[str, Any]
    registration: Registration | None
    triggers: tuple[Trigger, ...]
    event_pointer: str | None
    tenant_pointer: str | None
    id_pointer: str | None
    extra_secrets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    delivery_log: dict[str, Any] | None = None
    # "receiver": judge what arrives; "delivery_log": the target cannot reach us, read its log instead.
    source: str = "receiver"
    inbound: Inbound | None = None
    allow_in_production: bool = False


def _secrets(value: Any) -> dict[str, tuple[str, ...]]:
    return {
        tenant: tuple([item] if isinstance(item, str) else item) for tenant, item in (value or {}).items()
    }


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _scheme_for(scheme: Scheme, spec: dict[str, Any] | None, operation: str | None, key: str) -> Scheme:
    if scheme is not AUTO:
        return scheme
    found = scheme_for_headers(declared_headers(spec or {}, operation))
    if found is None:
        where = f"`{operation}`" if operation else "its `webhooks`"
        raise WebhookConfigError(
            f"`{key}` is auto, but the spec declares no signature header of a published scheme on {where}; "
            "name the scheme (standard-webhooks, stripe, github, spatie) or describe a custom one"
        )
    return found


def load_settings(config: Config, spec: dict[str, Any] | None = None) -> WebhookSettings | None:
    """The suite's settings, or ``None`` when tenants.yaml has no ``webhooks`` block.

    ``scheme: auto`` is resolved from ``spec``; without one it raises :class:`WebhookConfigError`.
    """
    block = config.block("webhooks")
    if not block:
        return None
    register = block.get("register")
    registration = None
    if register:
        registration = Registration(
            operation=register["operation"],
            body=register.get("body", {}),
            secret_pointer=register.get("secret", "/secret"),
            id_pointer=register.get("id", "/id"),
            delete=register.get("delete"),
        )
    triggers = tuple(
        Trigger(
            operation=item["operation"],
            body=item.get("body"),
            events=_as_tuple(item.get("events")),
            as_roles=_as_tuple(item.get("as")),
            id_pointer=item.get("id", "/id"),
            cleanup=item.get("cleanup"),
        )
        for item in block.get("triggers", ())
    )
    tenant_field = config.tenancy.tenant_field
    default_tenant_pointer = f"/{tenant_field}" if tenant_field else None
    return WebhookSettings(
        scheme=_scheme_for(scheme_from_config(block.get("scheme", "auto")), spec, None, "webhooks.scheme"),
        tolerance_s=int(block.get("tolerance_s", 300)),
        future_skew_s=int(block.get("future_skew_s", 5)),
        wait_s=float(block.get("wait_s", 10)),
        settle_s=float(block.get("settle_s", 0.5)),
        receiver=dict(block.get("receiver", {})),
        registration=registration,
        triggers=triggers,
        event_pointer=block.get("payload", {}).get("event", "/type"),
        tenant_pointer=block.get("payload", {}).get("tenant", default_tenant_pointer),
        id_pointer=block.get("payload", {}).get("id"),
        extra_secrets=_secrets(block.get("secrets")),
        delivery_log=block.get("delivery_log"),
        source=block.get("source", "receiver"),
        inbound=_inbound(block.get("inbound"), int(block.get("tolerance_s", 300)), spec),
        allow_in_production=bool(block.get("allow_in_production", False)),
    )


def _inbound(value: Any, tolerance_s: int, spec: dict[str, Any] | None) -> Inbound | None:
    if not value:
        return None
    scheme = scheme_from_config(value.get("scheme", "auto"))
    return Inbound(
        operation=value["operation"],
        scheme=_scheme_for(scheme, spec, value["operation"], "webhooks.inbound.scheme"),
        secrets=_secrets(value.get("secrets")),
        body=value.get("body", {}),
        tolerance_s=int(value.get("tolerance_s", tolerance_s)),
        setup=tuple(Step(s["name"], s["operation"], s.get("body")) for s in value.get("setup", ())),
        read_back=value.get("read_back"),
        cleanup=_as_tuple(value.get("cleanup")),
        examples=int(value.get("examples", 3)),
        headers={str(k): str(v) for k, v in (value.get("headers") or {}).items()},
        query={str(k): str(v) for k, v in (value.get("query") or {}).items()},
        path={str(k): str(v) for k, v in (value.get("path") or {}).items()},
        event=value.get("event"),
    )
