"""The active probe: spend one dedicated principal's budget, then look around while it is throttled.

One scenario per run, every request bounded: spend the budget (reading the limit from the headers),
ask the other tenants' probe principals and the tenant's other principals for one cheap request each,
try to escape the throttle, confirm it still holds, wait as told and check the principal recovers.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.pacing import current_pacer
from tenantprobe.core.ratelimit.dialects import Dialect
from tenantprobe.core.ratelimit.reading import Reading
from tenantprobe.core.ratelimit.retry_after import RetryAfterError, parse_retry_after
from tenantprobe.core.state import RunState
from tenantprobe.families.rate_limits.bypass import Variant, bypass_variants
from tenantprobe.families.rate_limits.settings import RateLimitSettings
from tenantprobe.families.rate_limits.spend import Spend, Step, spend_budget

_POLL_S = 0.5


class ProbeBudgetExceeded(RuntimeError):
    """The probe reached its request or time cap."""


@dataclass
class ThrottleReport:
    principal: Principal
    operation: str
    spend: Spend
    neighbours: list[tuple[Principal, Step]] = field(default_factory=list)  # other tenants' probes
    colleagues: list[tuple[Principal, Step]] = field(default_factory=list)  # the tenant's other principals
    bypasses: list[tuple[Variant, Step]] = field(default_factory=list)
    still_throttled: Step | None = None  # the plain request after the neighbours and bypasses
    waited_s: float = 0.0
    wait_source: str = ""  # "Retry-After", "reset header", "window", or "polling"
    recovered: Step | None = None
    recovery_skipped: str = ""  # why recovery was not awaited (the wait exceeds the probe's time)
    transport_error: str = ""  # the target stopped answering: the probe could not finish
    requests: int = 0

    @property
    def throttled(self) -> bool:
        return self.spend.throttled is not None

    @property
    def throttle_held(self) -> bool:
        """Whether the principal was still throttled after the neighbour and bypass requests."""
        return self.still_throttled is not None and self.still_throttled.status == 429


class _Sender:
    """Sends probe requests (passive checks off: the probe judges them), counting against the caps."""

    def __init__(
        self,
        state: RunState,
        dialect: Dialect | None,
        settings: RateLimitSettings,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.state, self.dialect, self.settings = state, dialect, settings
        self.transport = transport  # None: the network; tests pass a transport of their own
        self.max_requests = settings.probe.max_requests
        self.deadline = time.monotonic() + settings.probe.max_seconds
        self.sent = 0
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, int], TargetClient] = {}
        self._pool = ThreadPoolExecutor(max(1, settings.probe.concurrency), "tenantprobe-ratelimit")

    def client(self, principal: Principal, slot: int = 0) -> TargetClient:
        """One keep-alive client per principal and concurrent slot (``client.last`` is per slot)."""
        if (principal.id, slot) not in self._clients:
            token = self.state.tokens.get(principal.id)
            self._clients[principal.id, slot] = TargetClient(
                self.state.config, self.state.routes, principal, token=token, transport=self.transport,
                paced=False,
            )  # fmt: skip
        return self._clients[principal.id, slot]

    def send_batch(self, principal: Principal, operation: str, size: int) -> list[Step]:
        """``size`` plain requests at once (at least one), within the caps."""
        size = max(1, min(size, self.max_requests - self.sent))
        return self.send_many(operation, [(principal, None)] * size)

    def send_many(self, operation: str, requests: list[tuple[Principal, Variant | None]]) -> list[Step]:
        """Several requests at once, each on its own keep-alive client; answers in request order."""
        for slot, (principal, _) in enumerate(requests):
            self.client(principal, slot)  # created here, not in the pool's threads
        futures = [
            self._pool.submit(self.send, principal, operation, variant, slot)
            for slot, (principal, variant) in enumerate(requests)
        ]
        return [future.result() for future in futures]

    def send(
        self, principal: Principal, operation: str, variant: Variant | None = None, slot: int = 0
    ) -> Step:
        with self._lock:
            if self.sent >= self.max_requests or time.monotonic() >= self.deadline:
                raise ProbeBudgetExceeded(f"{self.sent} requests sent, {self.max_requests} allowed")
            self.sent += 1
        method, path = operation.split(" ", 1)
        client = self.client(principal, slot)
        if variant is None:
            client.request(method, path, operation=operation, check=False)
        else:
            client.request(
                method, path, operation=operation, check=False, anonymous=True,
                headers=variant.headers, params=variant.params or None,
            )  # fmt: skip
        exchange = client.last
        assert exchange is not None
        return Step(exchange, self.read(exchange), time.time())

    def read(self, exchange: Exchange) -> Reading:
        return self.dialect.read(exchange.response_headers) if self.dialect else Reading()

    def seconds_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for client in self._clients.values():
            client.close()


def run_throttle_scenario(
    state: RunState,
    settings: RateLimitSettings,
    dialect: Dialect | None,
    transport: httpx.BaseTransport | None = None,
) -> ThrottleReport:
    probe = settings.probe
    assert probe.operation is not None and probe.principals
    sender = _Sender(state, dialect, settings, transport)
    report = ThrottleReport(probe.principals[0], probe.operation, Spend())
    try:
        _spend(sender, report, report.spend)
        if report.throttled:
            _look_around(state, settings, sender, report)
            _recover(sender, report)
    except ProbeBudgetExceeded as stop:
        report.spend.stopped = report.spend.stopped or f"the probe's cap was reached ({stop})"
    except httpx.TransportError as error:
        report.transport_error = f"{type(error).__name__}: {error}"
    finally:
        report.requests = sender.sent
        sender.close()
    return report


def _spend(sender: _Sender, report: ThrottleReport, spend: Spend) -> Spend:
    probe = sender.settings.probe
    return spend_budget(
        lambda size: sender.send_batch(report.principal, report.operation, size),
        probe.slack, max(1, probe.concurrency), spend, probe.max_requests - sender.sent,
    )  # fmt: skip


def _look_around(
    state: RunState, settings: RateLimitSettings, sender: _Sender, report: ThrottleReport
) -> None:
    """Neighbours, colleagues and bypass attempts at once, then confirm the throttle still holds.

    Only a 429 after them proves the window did not reset meanwhile; if it did, spend the budget
    once more and repeat (a slow target may spend most of a window reaching the 429).
    """
    subject = report.principal
    neighbours = list(settings.probe.principals[1:])
    colleagues = list(state.config.tenants[subject.tenant].principals)
    if settings.scope != "principal":
        colleagues = []  # they share the subject's budget by design
    variants = bypass_variants(state.config, subject, settings.probe)
    requests: list[tuple[Principal, Variant | None]] = [(p, None) for p in neighbours + colleagues]
    requests += [(subject, variant) for variant in variants]
    pacer = current_pacer()
    if pacer is not None:
        for colleague in colleagues:
            pacer.wait_turn(colleague.id)  # a colleague other tests throttled proves nothing here
    for attempt in range(2):
        if attempt and _spend(sender, report, Spend()).throttled is None:
            return
        steps = sender.send_many(report.operation, requests)
        report.still_throttled = sender.send(subject, report.operation)
        split = len(neighbours) + len(colleagues)
        report.neighbours = list(zip(neighbours, steps[: len(neighbours)], strict=True))
        report.colleagues = list(zip(colleagues, steps[len(neighbours) : split], strict=True))
        report.bypasses = list(zip(variants, steps[split:], strict=True))
        if report.throttle_held:
            return


def _recover(sender: _Sender, report: ThrottleReport) -> None:
    """Wait as the last 429 said (Retry-After, else the reset, else poll), then send once more."""
    last = report.still_throttled if report.throttle_held else report.spend.throttled
    assert last is not None
    wait, report.wait_source = _announced_wait(last)
    started = time.monotonic()
    if wait is not None:
        pause = max(0.0, last.at + wait + 0.2 - time.time())
        if pause + 2 > sender.seconds_left():
            report.recovery_skipped = (
                f"the {report.wait_source} wait of {wait:.0f} s exceeds what is left of "
                f"rate_limits.probe.max_seconds ({sender.seconds_left():.0f} s)"
            )
            return
        time.sleep(pause)
        step = sender.send(report.principal, report.operation)
        # Reset times are whole seconds: allow the target one more second before judging.
        grace = time.monotonic() + 1.5
        while step.status == 429 and time.monotonic() < grace:
            time.sleep(_POLL_S)
            step = sender.send(report.principal, report.operation)
    else:
        step = sender.send(report.principal, report.operation)
        while step.status == 429 and sender.seconds_left() > _POLL_S:
            time.sleep(_POLL_S)
            step = sender.send(report.principal, report.operation)
        if step.status == 429:
            # Nothing said when the window ends: it may simply be longer than the probe may wait.
            report.recovery_skipped = (
                f"no Retry-After nor reset was announced and the principal was still throttled after "
                f"polling for {time.monotonic() - started:.0f} s (rate_limits.probe.max_seconds); "
                "the window may be longer"
            )
    report.waited_s = time.monotonic() - started
    report.recovered = step


def _announced_wait(step: Step) -> tuple[float | None, str]:
    value = step.exchange.header("Retry-After")
    if value is not None:
        try:
            return parse_retry_after(value, step.at).seconds, "Retry-After"
        except RetryAfterError:
            pass
    if step.reading.reset_after is not None:
        return step.reading.reset_after, "reset header"
    if step.reading.window is not None:
        return step.reading.window, "window"
    return None, "polling"
