"""The registry of passive checks: named functions run on every response any suite sees.

A passive check is ``def name(ctx: CheckContext, exchange: Exchange) -> None`` and raises
:class:`ProbeFailure`. Registering one also registers it with schemathesis' own check API, so it
runs on every response of the property-based suites as well as on our own clients' traffic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis.core.failures import Failure

from tenantprobe.core.config import Config, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.family import Family
from tenantprobe.core.state import RunState, acting_principal, maybe_state


@dataclass(frozen=True)
class CheckContext:
    """What a passive check may read: the configuration, what the run learned, who sent the request."""

    state: RunState
    principal: Principal | None
    operation: str
    # "positive" or "negative" for generated cases; None for the suites' own requests.
    generation_mode: str | None = None

    @property
    def config(self) -> Config:
        return self.state.config

    def fail(self, check: str, family: Family, message: str, exchange: Exchange) -> ProbeFailure:
        return ProbeFailure(
            family=family.name,
            check=check,
            message=message,
            operation=self.operation,
            principal=self.principal.id if self.principal else "",
            exchange=exchange,
        )


PassiveFunction = Callable[[CheckContext, Exchange], None]


@dataclass(frozen=True)
class PassiveCheck:
    name: str
    family: str
    function: PassiveFunction
    judges_throttling: bool = False  # a 429 is judged only by the rate-limit family's checks


THROTTLED_STATUS = 429


def judges(check: PassiveCheck, exchange: Exchange) -> bool:
    """Whether ``check`` may judge this response: a 429 says nothing of any other property."""
    return exchange.status != THROTTLED_STATUS or check.judges_throttling


_REGISTRY: dict[str, PassiveCheck] = {}


def passive_check(family: Family) -> Callable[[PassiveFunction], PassiveFunction]:
    """Register ``function`` under its own name for ``family`` (its record); a second check of the
    same name is an error."""
    if not isinstance(family, Family):
        raise TypeError(f"passive_check takes a family's record (its FAMILY), got {family!r}")

    def register(function: PassiveFunction) -> PassiveFunction:
        name = function.__name__
        if name in _REGISTRY:
            raise ValueError(f"a passive check named {name!r} is registered already")
        _REGISTRY[name] = PassiveCheck(name, family.name, function, family.judges_throttling)
        schemathesis.check(_schemathesis_adapter(_REGISTRY[name]))
        return function

    return register


def registered_checks() -> dict[str, PassiveCheck]:
    return dict(_REGISTRY)


def run_passive_checks(exchange: Exchange, principal: Principal | None, operation: str) -> list[Failure]:
    state = maybe_state()
    if state is None:
        return []
    ctx = CheckContext(state, principal, operation)
    failures: list[Failure] = []
    for check in _REGISTRY.values():
        if not judges(check, exchange):
            continue
        try:
            check.function(ctx, exchange)
        except Failure as failure:
            failures.append(failure)
    return failures


def _schemathesis_adapter(check: PassiveCheck) -> Callable[..., None]:
    name, function = check.name, check.function

    def adapter(ctx: Any, response: Any, case: Any) -> None:
        state = maybe_state()
        if state is None:
            return
        exchange = exchange_from_schemathesis(response, acting_principal())
        if not judges(check, exchange):
            return
        operation = f"{case.operation.method.upper()} {case.operation.path}"
        meta = getattr(case, "meta", None)
        mode = meta.generation.mode.value if meta is not None else None
        function(CheckContext(state, acting_principal(), operation, mode), exchange)

    adapter.__name__ = name
    adapter.__qualname__ = name
    adapter.__doc__ = function.__doc__
    return adapter


def exchange_from_schemathesis(response: Any, principal: Principal | None) -> Exchange:
    """An :class:`Exchange` from a schemathesis ``Response`` (its request is a prepared request)."""
    request = response.request
    body = request.body
    if isinstance(body, str):
        body = body.encode()
    return Exchange(
        method=str(request.method),
        url=str(request.url),
        request_headers={k: str(v) for k, v in request.headers.items()},
        request_body=body or None,
        status=response.status_code,
        response_headers={
            k: ", ".join(v) if isinstance(v, list) else str(v) for k, v in response.headers.items()
        },
        response_body=response.content or b"",
        elapsed_ms=float(response.elapsed) * 1000 if response.elapsed else 0.0,
        principal=principal.id if principal else "",
    )
