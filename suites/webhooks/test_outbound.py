"""Outbound webhooks: every delivery signed with its tenant's secret, fresh, unique, tenant-isolated.

One flow per module: register the receiver for each tenant as its admin, cause the configured events
as non-admin principals, collect what arrives, then judge each delivery. Registrations and created
objects are deleted when the module ends, whatever happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tenantprobe import (
    Knowledge,
    OutboundRun,
    Principal,
    Receiver,
    RunState,
    TargetClient,
    WebhookJudge,
    WebhookPayloadSchemas,
    WebhookSettings,
    outbound_session,
    raise_all,
)

pytestmark = pytest.mark.xdist_group("webhooks-outbound")


@pytest.fixture(scope="module")
def outbound(
    tp_state: RunState,
    tp_knowledge: Knowledge,
    tp_webhooks: WebhookSettings,
    webhook_receiver: Receiver,
    client_for: Callable[[Principal], TargetClient],
) -> Iterator[OutboundRun]:
    if tp_webhooks.registration is None:
        pytest.skip("tenants.yaml `webhooks.register` is not set: outbound webhook checks not configured")
    if tp_state.config.target.mode == "production" and not tp_webhooks.allow_in_production:
        pytest.skip("production mode: webhook registration needs `webhooks.allow_in_production: true`")
    try:
        with outbound_session(tp_state, tp_webhooks, webhook_receiver, client_for) as run:
            if not run.registrations:
                pytest.skip("no webhook endpoint could be registered: " + "; ".join(run.problems))
            yield run
    except KeyError as error:  # a template placeholder nothing provides: the user's to fix
        pytest.fail(f"{tp_state.config.source.name}: `webhooks`: {error}", pytrace=False)


@pytest.fixture(scope="module")
def judge(tp_state: RunState, tp_webhooks: WebhookSettings, outbound: OutboundRun) -> WebhookJudge:
    return WebhookJudge(tp_state, tp_webhooks, outbound)


def require_deliveries(run: OutboundRun, settings: WebhookSettings) -> None:
    if settings.source == "delivery_log":
        pytest.skip("`webhooks.source` is the delivery log: signatures and payloads are not visible there")
    if not any(d.tenant in run.registrations for d in run.deliveries):
        pytest.skip(
            "no delivery arrived, so none can be judged (test_every_expected_event_is_delivered says why)"
        )


def test_every_expected_event_is_delivered(judge: WebhookJudge) -> None:
    if not judge.run.fired:
        pytest.skip("tenants.yaml `webhooks.triggers` causes no event in any tenant")
    raise_all(judge.event_delivered())


def test_deliveries_are_signed_with_their_tenants_secret(judge: WebhookJudge) -> None:
    require_deliveries(judge.run, judge.settings)
    raise_all(judge.signature_valid())


def test_signed_timestamps_are_fresh(judge: WebhookJudge) -> None:
    if not judge.scheme.timestamp_header:
        pytest.skip(f"the `{judge.scheme.name}` scheme signs no timestamp")
    require_deliveries(judge.run, judge.settings)
    raise_all(judge.timestamp_fresh())


def test_delivery_ids_are_unique(judge: WebhookJudge) -> None:
    require_deliveries(judge.run, judge.settings)
    if not any(judge.delivery_id(d) for d in judge.run.deliveries):
        pytest.skip(f"`{judge.scheme.name}` deliveries carry no id and `webhooks.payload.id` is not set")
    raise_all(judge.delivery_ids_unique())


def test_deliveries_reach_only_their_own_tenant(judge: WebhookJudge) -> None:
    require_deliveries(judge.run, judge.settings)
    if len(judge.run.registrations) < 2:
        pytest.skip("tenant isolation of deliveries needs receivers registered for two tenants")
    raise_all(judge.delivered_to_own_tenant() + judge.no_leaks())


def test_payloads_match_the_spec(
    tp_state: RunState, tp_webhooks: WebhookSettings, outbound: OutboundRun
) -> None:
    operation = tp_webhooks.registration.operation if tp_webhooks.registration else None
    schemas = WebhookPayloadSchemas(tp_state.spec, operation)
    if not schemas.declared:
        pytest.skip("the spec declares no `webhooks` (3.1) or `callbacks` schema for the payloads")
    require_deliveries(outbound, tp_webhooks)
    raise_all(WebhookJudge(tp_state, tp_webhooks, outbound).payload_matches_spec(schemas))
