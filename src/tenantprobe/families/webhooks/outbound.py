"""The outbound flow: register a receiver per tenant, cause events, collect deliveries, clean up.

Everything target-specific comes from the ``webhooks`` block: which operation registers an endpoint,
where its secret is in the response, which operations cause which events and as which role.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal, Tenant
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.state import RunState
from tenantprobe.families.webhooks.created import read_created
from tenantprobe.families.webhooks.receiver import Delivery, Receiver
from tenantprobe.families.webhooks.settings import Trigger, WebhookSettings
from tenantprobe.families.webhooks.templates import fill, split_operation, tenant_values
from tenantprobe.tenancy.identity import resolve_pointer

ClientFor = Callable[[Principal], TargetClient]


@dataclass
class Registered:
    tenant: str
    id: Any
    url: str
    secrets: tuple[str, ...]


@dataclass
class Fired:
    """One trigger sent in one tenant, and the events it should cause there."""

    tenant: str
    principal: str
    operation: str
    events: tuple[str, ...]
    status: int | None
    object_id: Any = None
    exchange: Exchange | None = None

    @property
    def accepted(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class OutboundRun:
    registrations: dict[str, Registered] = field(default_factory=dict)
    fired: list[Fired] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # set-up that did not work, for skip reasons
    logged: set[tuple[str, str]] = field(default_factory=set)  # (tenant, event) from the delivery log
    waited_s: float = 0.0


def event_name(settings: WebhookSettings, delivery: Delivery) -> str | None:
    payload = payload_of(delivery)
    value = resolve_pointer(payload, settings.event_pointer) if settings.event_pointer else None
    return None if value is None else str(value)


def payload_of(delivery: Delivery) -> Any:
    try:
        return json.loads(delivery.body)
    except (ValueError, UnicodeDecodeError):
        return None


def pick_principal(tenant: Tenant, trigger: Trigger) -> Principal:
    """The first principal of ``tenant`` with one of the trigger's roles (or names); else the admin."""
    for wanted in trigger.as_roles:
        for principal in tenant.principals:
            if wanted in (principal.role, principal.name):
                return principal
    return tenant.admin


def _send(client: TargetClient, operation: str, values: dict[str, Any], body: Any = None) -> httpx.Response:
    method, path = split_operation(operation)
    payload = fill(body, values) if body is not None else None
    return client.request(method, fill(path, values), operation=operation, check=False, json=payload)


def _register(
    state: RunState, settings: WebhookSettings, receiver: Receiver, client_for: ClientFor, run: OutboundRun
) -> None:
    registration = settings.registration
    assert registration is not None
    for tenant in state.config.tenants.values():
        url = receiver.url_for(tenant.name)
        client = client_for(tenant.admin)
        response = _send(
            client,
            registration.operation,
            tenant_values(state, tenant.name, receiver_url=url),
            registration.body,
        )
        body = client.last.json() if client.last else None
        returned = read_created(state, registration.operation, body, registration.secret_pointer)
        known = settings.extra_secrets.get(tenant.name, ())
        hook_id = read_created(state, registration.operation, body, registration.id_pointer)
        if not 200 <= response.status_code < 300 or hook_id is None:
            run.problems.append(
                f"`{registration.operation}` as `{tenant.admin.id}` answered {response.status_code} "
                f"without an id at `{registration.id_pointer}`"
            )
            continue
        if not isinstance(returned, str) and not known:
            run.problems.append(
                f"`{registration.operation}` as `{tenant.admin.id}` returned no secret at "
                f"`{registration.secret_pointer}`, and `webhooks.secrets` names none for `{tenant.name}`"
            )
            continue
        if isinstance(returned, str):
            active_redactor().add(returned)  # learnt at run time: filtered from every report like the rest
        # A returned secret first; secrets known out of band (and rotations) are valid as well.
        found = ((returned,) if isinstance(returned, str) else ()) + tuple(known)
        run.registrations[tenant.name] = Registered(tenant.name, hook_id, url, found)


def _fire(state: RunState, settings: WebhookSettings, client_for: ClientFor, run: OutboundRun) -> None:
    for trigger in settings.triggers:
        for tenant in state.config.tenants.values():
            if tenant.name not in run.registrations:
                continue
            principal = pick_principal(tenant, trigger)
            client = client_for(principal)
            try:
                response = _send(client, trigger.operation, tenant_values(state, tenant.name), trigger.body)
            except httpx.HTTPError as exc:
                run.problems.append(f"`{trigger.operation}` as `{principal.id}` failed: {exc}")
                continue
            fired = Fired(
                tenant.name,
                principal.id,
                trigger.operation,
                trigger.events,
                response.status_code,
                exchange=client.last,
            )
            if fired.accepted and client.last is not None:
                body = client.last.json()
                fired.object_id = read_created(state, trigger.operation, body, trigger.id_pointer)
                if fired.object_id is not None:
                    state.knowledge.add_objects(tenant.name, {str(fired.object_id)})
            run.fired.append(fired)


def _all_expected_arrived(settings: WebhookSettings, run: OutboundRun) -> Callable[[list[Delivery]], bool]:
    expected = {(f.tenant, event) for f in run.fired if f.accepted for event in f.events}

    def done(deliveries: list[Delivery]) -> bool:
        seen = {(d.tenant, event_name(settings, d)) for d in deliveries}
        return expected <= seen

    return done


def _poll_delivery_log(
    state: RunState, settings: WebhookSettings, client_for: ClientFor, run: OutboundRun
) -> None:
    """Read each tenant's delivery log until every expected event is listed or ``wait_s`` passes."""
    log = settings.delivery_log or {}
    expected = {(f.tenant, event) for f in run.fired if f.accepted for event in f.events}
    deadline = time.monotonic() + settings.wait_s
    while True:
        for registered in run.registrations.values():
            admin = client_for(state.config.tenants[registered.tenant].admin)
            with contextlib.suppress(httpx.HTTPError):
                _send(admin, log["operation"], tenant_values(state, registered.tenant, id=registered.id))
                items = resolve_pointer(admin.last.json() if admin.last else None, log.get("items", ""))
                for item in items if isinstance(items, list) else []:
                    event = resolve_pointer(item, log.get("event", "/type"))
                    if event is not None:
                        run.logged.add((registered.tenant, str(event)))
        if expected <= run.logged or time.monotonic() >= deadline:
            return
        time.sleep(0.3)


@contextlib.contextmanager
def outbound_session(
    state: RunState, settings: WebhookSettings, receiver: Receiver, client_for: ClientFor
) -> Iterator[OutboundRun]:
    """Register, fire and collect; yield the run; always delete what was registered and created."""
    run = OutboundRun()
    # Also at interpreter exit: an interrupted run must not leave endpoints registered on the target.
    atexit.register(cleanup, state, settings, run)
    try:
        _register(state, settings, receiver, client_for, run)
        _fire(state, settings, client_for, run)
        started = time.monotonic()
        if settings.source == "delivery_log":
            _poll_delivery_log(state, settings, client_for, run)
        else:
            receiver.wait_for(_all_expected_arrived(settings, run), settings.wait_s)
            # A short settle: deliveries to the wrong tenant may come just after the right ones.
            time.sleep(settings.settle_s)
        run.waited_s = time.monotonic() - started
        run.deliveries = receiver.deliveries()
        yield run
    finally:
        cleanup(state, settings, run)
        atexit.unregister(cleanup)


def cleanup(state: RunState, settings: WebhookSettings, run: OutboundRun) -> None:
    """Delete registrations first (no more deliveries), then what the triggers created; once."""
    registration = settings.registration
    pending, run.registrations = run.registrations, {}
    created, run.fired = run.fired, []
    with contextlib.ExitStack() as stack:
        clients: dict[str, TargetClient] = {}

        def admin_of(tenant: str) -> TargetClient:
            if tenant not in clients:
                admin = state.config.tenants[tenant].admin
                client = TargetClient(state.config, state.routes, admin, token=state.tokens.get(admin.id))
                clients[tenant] = stack.enter_context(client)
            return clients[tenant]

        for registered in pending.values():
            if registration is not None and registration.delete:
                with contextlib.suppress(httpx.HTTPError):
                    _send(
                        admin_of(registered.tenant),
                        registration.delete,
                        tenant_values(state, registered.tenant, id=registered.id),
                    )
        for fired in created:
            trigger = next(t for t in settings.triggers if t.operation == fired.operation)
            if trigger.cleanup and fired.object_id is not None:
                with contextlib.suppress(httpx.HTTPError):
                    _send(
                        admin_of(fired.tenant),
                        trigger.cleanup,
                        tenant_values(state, fired.tenant, id=fired.object_id),
                    )
