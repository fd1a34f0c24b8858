"""Inbound webhooks: send genuine and forged callbacks to the target and judge what it did.

Set-up creates, as the tenant's admin, the objects the callback body refers to (tenants.yaml
``inbound.setup``); ``read_back`` reads the state a callback changes, so a forgery that was answered
with 4xx but still changed something is caught too. Every request, genuine or forged, carries what
the real sender sends (the scheme's own headers) and names its tenant where the API expects it
(``inbound.headers``, ``query`` and ``path``), so a refusal is about the forgery alone.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.ledger import LeftBehind, note_left_behind
from tenantprobe.core.state import RunState
from tenantprobe.families.webhooks import FAMILY, FORGERY_REJECTED, FORGERY_REJECTED_WITHOUT_ERROR
from tenantprobe.families.webhooks.forgeries import Forged, Genuine, encode
from tenantprobe.families.webhooks.settings import Inbound
from tenantprobe.families.webhooks.templates import fill, split_operation, tenant_values
from tenantprobe.tenancy.identity import resolve_pointer


class InboundSetupError(RuntimeError):
    """The objects an inbound callback refers to could not be created: the test cannot run."""


@dataclass
class InboundTarget:
    tenant: str
    values: dict[str, Any]
    secrets: tuple[str, ...]
    other_secret: str | None
    # The last read-back value, so the next forgery need not read it again (None: read first).
    last_seen: tuple[Any] | None = None

    @property
    def principal(self) -> str:
        # Callbacks carry no credential: the subject is the tenant, the sender anonymous.
        return f"{self.tenant}/anonymous"


class InboundProbe:
    def __init__(
        self, state: RunState, inbound: Inbound, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        """``transport``: the network all its clients use (the client's seam); None: the real one."""
        self.state = state
        self.inbound = inbound
        self.scheme = inbound.scheme
        config = state.config
        self.anonymous = TargetClient(config, state.routes, None, transport=transport)
        self.admins = {
            name: TargetClient(
                config, state.routes, t.admin, token=state.tokens.get(t.admin.id), transport=transport
            )
            for name, t in config.tenants.items()
        }

    def close(self) -> None:
        for client in (self.anonymous, *self.admins.values()):
            client.close()

    @property
    def operation(self) -> str:
        return self.inbound.operation

    def tenants(self) -> list[str]:
        return [name for name in self.state.config.tenants if self.inbound.secrets.get(name)]

    # -- set-up --------------------------------------------------------------------------
    def prepare(self, tenant: str) -> InboundTarget:
        values = tenant_values(self.state, tenant)
        others = [s[0] for name, s in self.inbound.secrets.items() if name != tenant and s]
        target = InboundTarget(tenant, values, self.inbound.secrets[tenant], others[0] if others else None)
        admin = self.admins[tenant]
        for step in self.inbound.setup:
            method, path = split_operation(step.operation)
            body = fill(step.body, values) if step.body is not None else None
            response = admin.request(method, fill(path, values), check=False, json=body)
            if not 200 <= response.status_code < 300 or admin.last is None:
                raise InboundSetupError(
                    f"inbound.setup `{step.name}`: `{step.operation}` as `{tenant}`'s admin answered"
                    f" {response.status_code}; fix the step's body in tenants.yaml"
                )
            values[step.name] = admin.last.json()
        return target

    def cleanup(self, target: InboundTarget) -> None:
        """Remove what set-up created; what stays is noted for summary.json ``left_behind``."""
        left = []
        for operation in self.inbound.cleanup:
            method, path = split_operation(operation)
            try:
                filled = fill(path, target.values)
                status = self.admins[target.tenant].request(method, filled, check=False).status_code
            except KeyError:
                why = "a placeholder of the step is unknown"
                left.append(LeftBehind(operation, "unknown", target.tenant, why))
                continue
            except httpx.HTTPError as error:
                left.append(LeftBehind(operation, filled, target.tenant, error.__class__.__name__))
                continue
            if status >= 300 and status != 404:
                left.append(LeftBehind(operation, filled, target.tenant, f"answered {status}"))
        note_left_behind(left)

    # -- requests ------------------------------------------------------------------------
    def genuine(self, target: InboundTarget) -> Genuine:
        """A fresh genuine callback (new event id, current time) for ``target``."""
        values = {**target.values, "event_id": f"evt_tp_{secrets.token_hex(8)}"}
        body = encode(fill(self.inbound.body, values))
        return Genuine(
            body,
            target.secrets[0],
            self.scheme.new_message_id(),
            int(time.time()),
            self.inbound.tolerance_s,
            target.other_secret,
        )

    def signed(self, genuine: Genuine) -> Forged:
        headers = self.scheme.sign(genuine.secret, genuine.body, msg_id=genuine.msg_id, timestamp=genuine.now)
        return Forged("genuine", genuine.body, headers, "correctly signed")

    @property
    def event(self) -> str:
        """The event name the scheme's event header carries: configured, else the body's ``type``."""
        if self.inbound.event:
            return self.inbound.event
        body = self.inbound.body
        kind = body.get("type") if isinstance(body, dict) else None
        return kind if isinstance(kind, str) and "{" not in kind else "ping"

    def send(self, target: InboundTarget, request: Forged) -> Exchange:
        method, path = split_operation(self.operation)
        values = target.values
        sender = {"Content-Type": "application/json", **self.scheme.sender_headers(self.event)}
        # What names the tenant goes with every request, genuine or forged; the forgery's own headers
        # (signature, id, timestamp) come last, so a forgery that drops one really lacks it.
        named = {name: str(fill(value, values)) for name, value in self.inbound.headers.items()}
        headers = _merged(sender, named, request.headers)
        if request.kind == "genuine":
            target.last_seen = None  # a genuine callback changes the state on purpose
        path_values = {**values, **{name: fill(value, values) for name, value in self.inbound.path.items()}}
        self.anonymous.request(
            method,
            fill(path, path_values),
            operation=self.operation,
            check=False,
            anonymous=True,
            headers=headers,
            params={name: str(fill(value, values)) for name, value in self.inbound.query.items()} or None,
            content=request.body,
        )
        assert self.anonymous.last is not None
        return self.anonymous.last

    def observe(self, target: InboundTarget) -> Any:
        """The state a callback changes (``read_back``), or ``None`` when none is configured."""
        read_back = self.inbound.read_back
        if not read_back:
            return None
        method, path = split_operation(read_back["operation"])
        admin = self.admins[target.tenant]
        admin.request(method, fill(path, target.values), check=False)
        value = resolve_pointer(admin.last.json() if admin.last else None, read_back.get("pointer", ""))
        target.last_seen = (value,)
        return value

    def observed(self, target: InboundTarget) -> Any:
        """The state as last read, reading it only when nothing was read since the last change."""
        return target.last_seen[0] if target.last_seen is not None else self.observe(target)

    # -- judging -------------------------------------------------------------------------
    def failure(self, target: InboundTarget, check: str, message: str, exchange: Exchange) -> ProbeFailure:
        return ProbeFailure(
            family=FAMILY.name,
            check=check,
            message=message,
            operation=self.operation,
            principal=target.principal,
            exchange=exchange,
        )

    def judge_forgery(
        self, target: InboundTarget, forged: Forged, exchange: Exchange, before: Any, after: Any
    ) -> list[ProbeFailure]:
        failures = []
        status = exchange.status or 0
        said = f"`{status}` for `{self.operation}` to `{target.tenant}` ({forged.description})"
        if status >= 500:
            failures.append(
                self.failure(target, FORGERY_REJECTED_WITHOUT_ERROR, f"Expected 4xx, got {said}", exchange)
            )
        elif status < 400:
            failures.append(self.failure(target, FORGERY_REJECTED, f"Expected 4xx, got {said}", exchange))
        if before != after:
            failures.append(
                self.failure(
                    target,
                    FORGERY_REJECTED,
                    f"Expected no side effect, got `{before}` -> `{after}` after {said}",
                    exchange,
                )
            )
        return failures


def _merged(*layers: dict[str, str]) -> dict[str, str]:
    """Headers of later layers win, whatever the case of their names (HTTP names ignore case)."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in layer.items():
            merged[name.lower()] = (name, value)
    return dict(merged.values())
