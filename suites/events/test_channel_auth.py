"""Channel authorization: each principal is signed into its own tenant's channels and no one else's.

Asks the auth endpoint directly (no WebSocket needed: auth endpoints sign for any socket id), in
every body format tenants.yaml lists, as every non-admin principal.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tenantprobe import (
    MALFORMED_SOCKET_IDS,
    EventsSettings,
    IdentityResult,
    Principal,
    ProbeFailure,
    RunState,
    TargetClient,
    combine_by_subject,
    fresh_socket_id,
    harness_state,
    judge_anonymous,
    judge_malformed_socket,
    judge_own_channel,
    judge_refused,
    raise_all,
    record_subjects,
    request_channel_auth,
)

PRINCIPALS = [principal.id for principal in harness_state().config.principals()]
Clients = Callable[[Principal], TargetClient]


def _subjects(request: pytest.FixtureRequest, settings: EventsSettings, principal_id: str) -> None:
    record_subjects(request.node, f"POST {settings.auth_path}", [principal_id])


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_own_tenant_channels_are_signed_for_the_caller(
    principal_id: str,
    pusher_events: EventsSettings,
    tenant_ids: dict[str, str],
    tp_identities: dict[str, IdentityResult],
    client_for: Clients,
    request: pytest.FixtureRequest,
) -> None:
    _subjects(request, pusher_events, principal_id)
    principal = harness_state().config.principal(principal_id)
    tenant_id = tenant_ids[principal.tenant]
    templates = [pusher_events.private_channel] + (
        [pusher_events.presence_channel] if pusher_events.presence_channel else []
    )
    user_id = tp_identities[principal_id].user_id
    failures: list[ProbeFailure] = []
    for body_format in pusher_events.auth_formats:
        for template in templates:
            channel = pusher_events.channel(template, principal.tenant, tenant_id)
            reply = request_channel_auth(
                client_for(principal), pusher_events, fresh_socket_id(), channel, body_format
            )
            failures += judge_own_channel(pusher_events, reply, user_id)
    raise_all(combine_by_subject(failures))


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_other_tenants_channels_are_refused(
    principal_id: str,
    pusher_events: EventsSettings,
    tenant_ids: dict[str, str],
    client_for: Clients,
    request: pytest.FixtureRequest,
) -> None:
    _subjects(request, pusher_events, principal_id)
    principal = harness_state().config.principal(principal_id)
    own_id = tenant_ids[principal.tenant]
    # A principal that also belongs to another tenant (roles_in) may be entitled to its channels.
    others = [name for name in tenant_ids if name != principal.tenant and name not in principal.roles_in]
    if not others:
        pytest.skip(
            f"`{principal_id}` belongs to every configured tenant: no other tenant's channel to ask for"
        )
    failures: list[ProbeFailure] = []
    client = client_for(principal)
    for other in others:
        other_id = tenant_ids[other]
        probes = [
            (pusher_events.private_channel, other_id, f"`{other}`'s private channel"),
            (pusher_events.presence_form, other_id, f"the presence form of `{other}`'s channel"),
            (
                pusher_events.private_channel,
                f"{own_id}.{other_id}",
                f"a channel naming its own id, then `{other}`'s",
            ),
            (
                pusher_events.private_channel,
                f"{other_id}.{own_id}",
                f"a channel naming `{other}`'s id, then its own",
            ),
        ]
        for template, filled_id, whose in probes:
            channel = pusher_events.channel(template, other, filled_id)
            for body_format in pusher_events.auth_formats:
                reply = request_channel_auth(client, pusher_events, fresh_socket_id(), channel, body_format)
                failures += judge_refused(pusher_events, reply, whose)
    raise_all(combine_by_subject(failures))


@pytest.mark.parametrize("principal_id", PRINCIPALS[:1])
def test_malformed_socket_ids_are_refused(
    principal_id: str,
    pusher_events: EventsSettings,
    tenant_ids: dict[str, str],
    client_for: Clients,
    request: pytest.FixtureRequest,
) -> None:
    _subjects(request, pusher_events, principal_id)
    principal = harness_state().config.principal(principal_id)
    channel = pusher_events.channel(
        pusher_events.private_channel, principal.tenant, tenant_ids[principal.tenant]
    )
    failures: list[ProbeFailure] = []
    for socket_id in MALFORMED_SOCKET_IDS:
        reply = request_channel_auth(
            client_for(principal), pusher_events, socket_id, channel, pusher_events.auth_formats[0]
        )
        failures += judge_malformed_socket(pusher_events, reply)
    raise_all(combine_by_subject(failures))


def test_callers_without_credentials_are_refused(
    tp_state: RunState,
    pusher_events: EventsSettings,
    tenant_ids: dict[str, str],
    client_for: Clients,
    request: pytest.FixtureRequest,
) -> None:
    record_subjects(request.node, f"POST {pusher_events.auth_path}", [])
    tenant = next(iter(tp_state.config.tenants.values()))
    if not tenant.principals:
        pytest.skip(f"`{tenant.name}` has no principals to send the request with")
    channel = pusher_events.channel(pusher_events.private_channel, tenant.name, tenant_ids[tenant.name])
    client = client_for(tenant.principals[0])
    failures: list[ProbeFailure] = []
    for body_format in pusher_events.auth_formats:
        reply = request_channel_auth(
            client, pusher_events, fresh_socket_id(), channel, body_format, anonymous=True
        )
        failures += judge_anonymous(pusher_events, reply)
    raise_all(combine_by_subject(failures))
