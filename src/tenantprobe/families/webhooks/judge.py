"""Checks on collected deliveries, each a named function returning its failures as data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tenantprobe.core.exchange import Exchange
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.state import Knowledge, RunState
from tenantprobe.families.scoping import FAMILY as SCOPING
from tenantprobe.families.scoping import TENANT_ISOLATION
from tenantprobe.families.webhooks import (
    DELIVERED_TO_OWN_TENANT,
    DELIVERY_IDS_UNIQUE,
    EVENT_DELIVERED,
    FAMILY,
    PAYLOAD_MATCHES_SPEC,
    SIGNATURE_VALID,
    TIMESTAMP_FRESH,
)
from tenantprobe.families.webhooks.outbound import Fired, OutboundRun, event_name, payload_of
from tenantprobe.families.webhooks.payloads import PayloadSchemas
from tenantprobe.families.webhooks.receiver import Delivery
from tenantprobe.families.webhooks.settings import WebhookSettings
from tenantprobe.tenancy.identity import resolve_pointer
from tenantprobe.tenancy.leaks import find_leaks


class Judge:
    """Everything a delivery check needs: the settings, the run and what the harness knows."""

    def __init__(self, state: RunState, settings: WebhookSettings, run: OutboundRun) -> None:
        self.state = state
        self.settings = settings
        self.scheme = settings.scheme
        self.run = run
        self.knowledge: Knowledge = state.knowledge

    # -- helpers -------------------------------------------------------------------------
    def own_deliveries(self) -> Iterator[Delivery]:
        """Deliveries that reached a tenant's path (strays at unknown paths are not ours to judge)."""
        return (d for d in self.run.deliveries if d.tenant in self.run.registrations)

    def cause(self, delivery: Delivery) -> Fired | None:
        event = event_name(self.settings, delivery)
        return next((f for f in self.run.fired if f.tenant == delivery.tenant and event in f.events), None)

    def fail(self, check: str, delivery: Delivery, message: str, family: str = FAMILY.name) -> ProbeFailure:
        event = event_name(self.settings, delivery) or "an event"
        fired = self.cause(delivery)
        operation = f"{fired.operation} -> {event}" if fired else f"webhook {event}"
        principal = fired.principal if fired else self.state.config.tenants[delivery.tenant].admin.id
        text = f"{message} for the `{event}` delivery to `{delivery.tenant}`'s receiver"
        return ProbeFailure(
            family=family,
            check=check,
            message=text,
            operation=operation,
            principal=principal,
            exchange=as_exchange(delivery),
        )

    # -- the checks ----------------------------------------------------------------------
    def signature_valid(self) -> list[ProbeFailure]:
        failures = []
        for delivery in self.own_deliveries():
            secrets = self.run.registrations[delivery.tenant].secrets
            verdict = self.scheme.verify(delivery.headers, delivery.body, secrets)
            if not verdict.valid:
                hint = self._reserialized_hint(delivery, secrets)
                failures.append(
                    self.fail(
                        SIGNATURE_VALID,
                        delivery,
                        f"Expected a valid `{self.scheme.header}` ({self.scheme.name}) over the exact raw "
                        f"body with `{delivery.tenant}`'s secret, got: {verdict.problem}{hint}",
                    )
                )
        return failures

    def _reserialized_hint(self, delivery: Delivery, secrets: tuple[str, ...]) -> str:
        payload = payload_of(delivery)
        if payload is None:
            return ""
        for label, text in (
            ("json.dumps with spaces", json.dumps(payload)),
            ("sorted keys", json.dumps(payload, sort_keys=True)),
            ("compact sorted keys", json.dumps(payload, sort_keys=True, separators=(",", ":"))),
            ("unescaped unicode", json.dumps(payload, ensure_ascii=False)),
        ):
            if self.scheme.verify(delivery.headers, text.encode(), secrets).valid:
                return f" (it verifies over re-serialized JSON, {label}: signed bytes differ from sent bytes)"
        return ""

    def timestamp_fresh(self) -> list[ProbeFailure]:
        scheme, failures = self.scheme, list[ProbeFailure]()
        if not scheme.timestamp_header:
            return failures
        for delivery in self.own_deliveries():
            try:
                stamp = scheme.read_timestamp(delivery.headers)
            except ValueError as exc:
                failures.append(
                    self.fail(TIMESTAMP_FRESH, delivery, f"Expected a unix timestamp, got: {exc}")
                )
                continue
            if stamp is None:
                # Where the timestamp lives inside the signature header, a missing header is
                # signature_valid's finding, not a second one here.
                if scheme.timestamp_header.lower() != scheme.header.lower():
                    failures.append(
                        self.fail(
                            TIMESTAMP_FRESH,
                            delivery,
                            f"Expected a signed timestamp in `{scheme.timestamp_header}`, got none",
                        )
                    )
                continue
            age = delivery.arrived_at - stamp
            if age > self.settings.tolerance_s:
                failures.append(
                    self.fail(
                        TIMESTAMP_FRESH,
                        delivery,
                        f"Expected a timestamp within {self.settings.tolerance_s} s of arrival, got one "
                        f"{age:.0f} s old (`{stamp}`)",
                    )
                )
            elif -age > self.settings.future_skew_s:
                failures.append(
                    self.fail(
                        TIMESTAMP_FRESH,
                        delivery,
                        f"Expected a timestamp not in the future, got one {-age:.0f} s ahead (`{stamp}`)",
                    )
                )
        return failures

    def delivery_ids_unique(self) -> list[ProbeFailure]:
        failures: list[ProbeFailure] = []
        seen: dict[tuple[str, str], bytes] = {}
        for delivery in self.own_deliveries():
            ident = self.delivery_id(delivery)
            if ident is None:
                continue
            key = (delivery.tenant, ident)
            # The same id with the same bytes is a retry; with other bytes it is a reused id.
            if key in seen and seen[key] != delivery.body:
                failures.append(
                    self.fail(
                        DELIVERY_IDS_UNIQUE,
                        delivery,
                        f"Expected a unique delivery id, got `{ident}` again on a different payload",
                    )
                )
            seen.setdefault(key, delivery.body)
        return failures

    def delivery_id(self, delivery: Delivery) -> str | None:
        ident = self.scheme.read_id(delivery.headers)
        if ident is None and self.settings.id_pointer:
            found = resolve_pointer(payload_of(delivery), self.settings.id_pointer)
            ident = None if found is None else str(found)
        return ident

    def delivered_to_own_tenant(self) -> list[ProbeFailure]:
        failures = []
        tenant_ids = self.knowledge.tenant_ids
        for delivery in self.own_deliveries():
            owner = self._owner(delivery, tenant_ids)
            if owner and owner != delivery.tenant:
                failures.append(
                    self.fail(
                        DELIVERED_TO_OWN_TENANT,
                        delivery,
                        f"Expected only `{delivery.tenant}`'s events, got an event of `{owner}`",
                    )
                )
        return failures

    def _owner(self, delivery: Delivery, tenant_ids: dict[str, str]) -> str | None:
        payload = payload_of(delivery)
        if self.settings.tenant_pointer:
            value = resolve_pointer(payload, self.settings.tenant_pointer)
            for tenant, tenant_id in tenant_ids.items():
                if value is not None and str(value) == str(tenant_id):
                    return tenant
        created = {str(f.object_id): f.tenant for f in self.run.fired if f.object_id is not None}
        own = {str(i) for i in self.knowledge.object_ids.get(delivery.tenant, ())}
        for value in _id_values(payload):
            # Only id-named fields, and never an id the receiving tenant owns too (int ids repeat).
            text = str(value)
            if text in created and created[text] != delivery.tenant and text not in own:
                return created[text]
        return None

    def payload_matches_spec(self, schemas: PayloadSchemas) -> list[ProbeFailure]:
        failures = []
        for delivery in self.own_deliveries():
            problem = schemas.problem(event_name(self.settings, delivery), payload_of(delivery))
            if problem:
                failures.append(
                    self.fail(PAYLOAD_MATCHES_SPEC, delivery, f"Expected the spec's schema, got: {problem}")
                )
        return failures

    def no_leaks(self) -> list[ProbeFailure]:
        """Other tenants' canaries, ids or tenant id in a payload: a scoping finding."""
        failures = []
        for delivery in self.own_deliveries():
            for leak in find_leaks(self.knowledge, delivery.tenant, payload_of(delivery)):
                failures.append(
                    self.fail(
                        TENANT_ISOLATION,
                        delivery,
                        f"Expected nothing of other tenants, got {leak}",
                        family=SCOPING.name,
                    )
                )
        return failures

    def event_delivered(self) -> list[ProbeFailure]:
        failures = []
        arrived = {(d.tenant, event_name(self.settings, d)) for d in self.run.deliveries}
        if self.settings.source == "delivery_log":
            arrived = set(self.run.logged)
        where = "delivery log" if self.settings.source == "delivery_log" else "receiver"
        for fired in self.run.fired:
            if not fired.accepted:
                failures.append(
                    ProbeFailure(
                        family=FAMILY.name,
                        check=EVENT_DELIVERED,
                        operation=fired.operation,
                        principal=fired.principal,
                        exchange=fired.exchange,
                        message=f"Expected `{fired.operation}` as `{fired.principal}` to cause "
                        f"{', '.join(fired.events)}, but it answered {fired.status}: fix `webhooks.triggers`",
                    )
                )
                continue
            for event in fired.events:
                if (fired.tenant, event) not in arrived:
                    failures.append(
                        ProbeFailure(
                            family=FAMILY.name,
                            check=EVENT_DELIVERED,
                            operation=f"{fired.operation} -> {event}",
                            principal=fired.principal,
                            exchange=fired.exchange,
                            message=f"Expected `{event}` in `{fired.tenant}`'s {where} within "
                            f"{self.settings.wait_s:g} s of `{fired.operation}` as `{fired.principal}`, "
                            "got none",
                        )
                    )
        return failures


def as_exchange(delivery: Delivery) -> Exchange:
    """A delivery as an exchange (the target sent it to us), so reports show and replay it."""
    return Exchange(
        method=delivery.method,
        url=delivery.url,
        request_headers=dict(delivery.headers),
        request_body=delivery.body,
        status=200,
    )


def _id_values(value: Any) -> Iterator[Any]:
    """The value of every id-named field (``id``, ``*_id``) anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _id_values(item)
            elif (
                (key == "id" or key.endswith("_id"))
                and isinstance(item, str | int)
                and not isinstance(item, bool)
            ):
                yield item
    elif isinstance(value, list):
        for item in value:
            yield from _id_values(item)
