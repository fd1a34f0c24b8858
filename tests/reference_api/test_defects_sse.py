"""Each event-stream defect shows the leak its docstring claims, over real HTTP streaming.

The clean build's isolation (the same reads, answered correctly) is in test_sse_stream.py.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

STREAM = {"sse": True, "sse_lifetime_s": 1.0, "sse_heartbeat_s": 0.2}
BOTH_DIALECTS = pytest.mark.parametrize("tenancy", ["header", "path"])


@BOTH_DIALECTS
def test_sse_cross_tenant_events_puts_another_teams_events_on_the_stream(
    start_api: Any, stream_party: Any, read_stream: Any, tenancy: str
) -> None:
    with start_api(defects={"sse_cross_tenant_events"}, **STREAM) as server, stream_party(server) as party:
        read = read_stream(party.listener, while_open=lambda: party.create("globex", "globex-secret"))
    assert read.names() == ["globex-secret"]


@BOTH_DIALECTS
def test_sse_backlog_cross_tenant_replays_other_teams_backlog_but_filters_live_events(
    start_api: Any, stream_party: Any, read_stream: Any, tenancy: str
) -> None:
    with start_api(defects={"sse_backlog_cross_tenant"}, **STREAM) as server, stream_party(server) as party:
        party.create("acme", "acme-past")
        party.create("globex", "globex-past")
        read = read_stream(
            party.listener,
            headers={"Last-Event-ID": "0"},
            while_open=lambda: party.create("globex", "globex-live"),
        )
    assert read.names() == ["acme-past", "globex-past"]


def test_sse_foreign_stream_open_streams_another_orgs_events_to_a_non_member(
    start_api: Any, stream_party: Any, client_for: Any, read_stream: Any, demo_env: dict[str, str]
) -> None:
    with start_api(tenancy="path", defects={"sse_foreign_stream_open"}, **STREAM) as server:
        with (
            stream_party(server) as party,
            client_for(server, demo_env["ACME_VIEWER_TOKEN"], org="globex") as outsider,
            client_for(server, demo_env["ACME_VIEWER_TOKEN"], org="tp-no-such-org") as lost,
        ):
            read = read_stream(outsider, while_open=lambda: party.create("globex", "globex-secret"))
            made_up = read_stream(lost)
            others = outsider.get("/api/v1/customers")
    assert read.status == 200 and read.names() == ["globex-secret"]
    assert (made_up.status, others.status_code) == (404, 404)


def test_sse_foreign_stream_open_follows_the_team_header_into_another_team(
    start_api: Any, client_in_team: Any, read_stream: Any, demo_env: dict[str, str]
) -> None:
    with start_api(defects={"sse_foreign_stream_open"}, **STREAM) as server:
        with client_in_team(server, demo_env["ACME_VIEWER_TOKEN"], "globex") as outsider:
            read = read_stream(outsider)
            others = outsider.get("/api/v1/customers")
    assert (read.status, others.status_code) == (200, 403)
