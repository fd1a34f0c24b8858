"""What one test process knows about the run: configuration, target, spec, and what it learned.

Suites and passive checks read it; fixtures fill it. One per process (each xdist worker has its own).
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.config import Carrier, Config, Principal
from tenantprobe.core.envelope import Envelope, Envelopes
from tenantprobe.core.profile import DEFAULT_PROFILE, Profile
from tenantprobe.core.routes import Routes


@dataclass
class Knowledge:
    """Facts learned from the target that tell one tenant's data from another's."""

    tenant_ids: dict[str, str] = field(default_factory=dict)  # tenant name -> id as the API shows it
    canaries: dict[str, set[str]] = field(default_factory=dict)  # tenant -> unique strings it owns
    object_ids: dict[str, set[str]] = field(default_factory=dict)  # tenant -> ids of objects it owns
    shared_ids: set[str] = field(default_factory=set)  # ids seen in more than one tenant by design
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_objects(self, tenant: str, ids: set[str]) -> None:
        with self.lock:
            self.object_ids.setdefault(tenant, set()).update(ids)

    def add_canary(self, tenant: str, canary: str) -> None:
        with self.lock:
            self.canaries.setdefault(tenant, set()).add(canary)


@dataclass
class RunState:
    config: Config
    base_url: str
    spec: dict[str, Any]
    spec_sha256: str
    reports: str = ""  # the run's reports folder, an absolute path
    examples: int = 10  # generated examples per operation
    seed: int | None = None
    profile: Profile = DEFAULT_PROFILE  # how much the run generates (``--profile``)
    # principal id -> token (login carrier); hidden from repr like every credential
    tokens: dict[str, str] = field(default_factory=dict, repr=False)
    knowledge: Knowledge = field(default_factory=Knowledge)
    identities: dict[str, Any] = field(default_factory=dict)  # principal id -> IdentityResult
    carrier: Carrier | None = None  # where requests name their tenant (declared, or read from the spec)
    requests: int = 0
    # Where each spec path is sent, and where each response keeps its object (openapi.reader fills them)
    routes: Routes = field(default_factory=lambda: Routes(""))
    envelopes: Envelopes = field(default_factory=Envelopes)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        # Ids tenants.yaml gives up front name each tenant from the first request on.
        for tenant in self.config.tenants.values():
            if tenant.id is not None:
                self.knowledge.tenant_ids.setdefault(tenant.name, tenant.id)
        if not self.routes.base:  # no spec reading given (tests, tools): the spec's paths under base_url
            paths = self.spec.get("paths") if isinstance(self.spec, dict) else None
            templates = tuple(str(path) for path in paths) if isinstance(paths, dict) else ()
            self.routes = Routes(self.base_url, origin=self.base_url, templates=templates)

    def envelope(self, method: str, url_or_template: str) -> Envelope:
        """The envelope of the operation a request went to (a URL or a spec template)."""
        template = url_or_template if url_or_template in self.routes.templates else None
        return self.envelopes.of(method, template or self.routes.template_of(url_or_template, method.upper()))

    def count_request(self, n: int = 1) -> None:
        with self._lock:
            self.requests += n


_STATE: RunState | None = None
_ACTING: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("tenantprobe_acting", default=None)


def set_state(state: RunState | None) -> None:
    global _STATE
    _STATE = state


def state() -> RunState:
    if _STATE is None:
        raise RuntimeError(
            "tenantprobe is not active in this process: run `tenantprobe run` or `pytest suites`"
        )
    return _STATE


def maybe_state() -> RunState | None:
    return _STATE


@contextlib.contextmanager
def acting_as(principal: Principal | None) -> Iterator[None]:
    """Mark who sends the requests inside the block, for checks that see only a response."""
    token = _ACTING.set(principal)
    try:
        yield
    finally:
        _ACTING.reset(token)


def acting_principal() -> Principal | None:
    return _ACTING.get()
