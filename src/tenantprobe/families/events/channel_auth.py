"""Channel authorization: ask the target's auth endpoint, and judge its answers.

Each ``judge_*`` function states one property and returns its failures as data (an empty list when
the property holds), so a suite can collect them all and raise them at once.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from http import HTTPStatus

from tenantprobe.core.client import TargetClient
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.families.events import (
    CHANNEL_AUTH_GRANTED,
    CHANNEL_AUTH_REQUIRES_CREDENTIALS,
    CHANNEL_AUTH_SCOPED,
    CHANNEL_AUTH_SIGNATURE_VALID,
    FAMILY,
    PRESENCE_MEMBER_IS_CALLER,
    SOCKET_ID_VALIDATED,
)
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.signing import auth_problem

# Socket ids a server must refuse to sign: not `<digits>.<digits>`; the colon one would let a caller
# splice extra fields into the signed string.
MALFORMED_SOCKET_IDS = ("not-a-socket", "12345", "1.2:extra")
_MAX_COMBINED = 4  # messages listed in one combined failure


def fresh_socket_id() -> str:
    """A well-formed socket id; auth endpoints sign for any socket, connected or not."""
    return f"{random.randint(1, 999_999)}.{random.randint(1, 9_999_999)}"


@dataclass
class AuthReply:
    principal: str
    channel: str
    socket_id: str
    body_format: str
    status: int
    auth: str | None
    channel_data: str | None
    exchange: Exchange | None

    @property
    def granted(self) -> bool:
        return 200 <= self.status < 300

    @property
    def shown_status(self) -> str:
        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return str(self.status)


def request_channel_auth(
    client: TargetClient,
    settings: EventsSettings,
    socket_id: str,
    channel: str,
    body_format: str,
    *,
    anonymous: bool = False,
) -> AuthReply:
    """POST the auth endpoint as the client's principal (or with no credentials); judged by the caller."""
    fields = {"socket_id": socket_id, "channel_name": channel}
    sent = {"json": fields} if body_format == "json" else {"data": fields}
    response = client.post(settings.auth_path, check=False, anonymous=anonymous, **sent)
    auth = channel_data = None
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        auth = body.get("auth") if isinstance(body.get("auth"), str) else None
        channel_data = body.get("channel_data") if isinstance(body.get("channel_data"), str) else None
    principal = client.principal.id if client.principal and not anonymous else ""
    return AuthReply(
        principal, channel, socket_id, body_format, response.status_code, auth, channel_data, client.last
    )


def _auth_failure(settings: EventsSettings, reply: AuthReply, check: str, message: str) -> ProbeFailure:
    return ProbeFailure(
        family=FAMILY.name,
        check=check,
        message=message,
        operation=f"POST {settings.auth_path}",
        principal=reply.principal,
        exchange=reply.exchange,
    )


def _as(settings: EventsSettings, reply: AuthReply, whose: str = "its own channel") -> str:
    return (
        f"for `POST {settings.auth_path}` as `{reply.principal}` with {whose} `{reply.channel}` "
        f"({reply.body_format} body)"
    )


def judge_own_channel(
    settings: EventsSettings, reply: AuthReply, caller_user_id: str | None
) -> list[ProbeFailure]:
    """The caller's own tenant channel is granted, signed right, and names the caller on presence."""
    if not reply.granted:
        message = f"Expected 2xx, got `{reply.shown_status}` {_as(settings, reply)}"
        return [_auth_failure(settings, reply, CHANNEL_AUTH_GRANTED, message)]
    if reply.auth is None:
        message = f"Expected a JSON body with `auth`, got none {_as(settings, reply)}"
        return [_auth_failure(settings, reply, CHANNEL_AUTH_SIGNATURE_VALID, message)]
    is_presence = reply.channel.startswith("presence-")
    if is_presence and reply.channel_data is None:
        message = f"Expected `channel_data` with the member, got none {_as(settings, reply)}"
        return [_auth_failure(settings, reply, PRESENCE_MEMBER_IS_CALLER, message)]
    failures = []
    problem = auth_problem(
        reply.auth,
        app_key=settings.app_key,
        socket_id=reply.socket_id,
        channel=reply.channel,
        channel_data=reply.channel_data if is_presence else None,
        secret=settings.app_secret,
    )
    if problem is not None:
        message = f"Expected a valid channel auth, got one where {problem}, {_as(settings, reply)}"
        failures.append(_auth_failure(settings, reply, CHANNEL_AUTH_SIGNATURE_VALID, message))
    if is_presence and caller_user_id is not None:
        member = _member_id(reply.channel_data)
        if member != caller_user_id:
            message = (
                f"Expected channel_data.user_id `{caller_user_id}` (the caller), got `{member}` "
                f"{_as(settings, reply)}"
            )
            failures.append(_auth_failure(settings, reply, PRESENCE_MEMBER_IS_CALLER, message))
    return failures


def _member_id(channel_data: str | None) -> str | None:
    try:
        parsed = json.loads(channel_data or "")
    except ValueError:
        return None
    if not isinstance(parsed, dict) or parsed.get("user_id") is None:
        return None
    return str(parsed["user_id"])


def judge_refused(settings: EventsSettings, reply: AuthReply, whose: str) -> list[ProbeFailure]:
    """A channel that is not the caller's is refused with one of ``auth.refused_status``."""
    if reply.status in settings.refused_status and reply.auth is None:
        return []
    expected = " or ".join(str(status) for status in settings.refused_status)
    message = f"Expected {expected}, got `{reply.shown_status}` {_as(settings, reply, whose)}"
    if reply.auth is not None:
        message += " — the endpoint signed it"
    return [_auth_failure(settings, reply, CHANNEL_AUTH_SCOPED, message)]


def judge_malformed_socket(settings: EventsSettings, reply: AuthReply) -> list[ProbeFailure]:
    """A socket id that is not `<digits>.<digits>` is refused (4xx) and never signed."""
    if 400 <= reply.status < 500 and reply.auth is None:
        return []
    message = (
        f"Expected 4xx, got `{reply.shown_status}` "
        f"{_as(settings, reply, f'malformed socket id `{reply.socket_id}` on its own channel')}"
    )
    return [_auth_failure(settings, reply, SOCKET_ID_VALIDATED, message)]


def judge_anonymous(settings: EventsSettings, reply: AuthReply) -> list[ProbeFailure]:
    """A caller without credentials is refused (4xx) and never signed."""
    if 400 <= reply.status < 500 and reply.auth is None:
        return []
    message = (
        f"Expected 4xx, got `{reply.shown_status}` for `POST {settings.auth_path}` without credentials "
        f"for `{reply.channel}` ({reply.body_format} body)"
    )
    return [_auth_failure(settings, reply, CHANNEL_AUTH_REQUIRES_CREDENTIALS, message)]


def combine_by_subject(failures: list[ProbeFailure]) -> list[ProbeFailure]:
    """One failure per check, operation and principal, listing every message: reports keep one
    finding per such subject, so separate failures would hide all but the first."""
    grouped: dict[tuple[str, str, str, str], list[ProbeFailure]] = {}
    for failure in failures:
        key = (failure.family, failure.check, failure.operation or "", failure.principal)
        grouped.setdefault(key, []).append(failure)
    combined = []
    for group in grouped.values():
        first = group[0]
        if len(group) == 1:
            combined.append(first)
            continue
        messages = list(dict.fromkeys(failure.message for failure in group))
        if len(messages) > _MAX_COMBINED:
            rest = len(messages) - _MAX_COMBINED
            messages = [*messages[:_MAX_COMBINED], f"{rest} more of the same kind (see the test's output)"]
        combined.append(
            ProbeFailure(
                family=first.family,
                check=first.check,
                message="; and ".join(messages),
                operation=first.operation or "",
                principal=first.principal,
                exchange=first.exchange,
            )
        )
    return combined
