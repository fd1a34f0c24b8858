"""The validated configuration, as typed objects the suites read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Mode = Literal["local", "staging", "production"]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, repr=False)
class Credentials:
    token: str | None = None
    username: str | None = None
    password: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        # Tracebacks, test parameters and logs print this: it names what is set, never a value.
        present = [name for name in ("token", "username", "password") if getattr(self, name)]
        present += [f"headers[{name}]" for name in self.headers]
        return f"Credentials({', '.join(present)}: [Filtered])" if present else "Credentials()"


@dataclass(frozen=True, repr=False)
class Principal:
    """A user of one tenant acting with one role; ``id`` reads like ``red/reader``."""

    tenant: str
    name: str
    role: str
    credentials: Credentials
    is_admin: bool = False
    roles_in: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.tenant}/{self.name}"

    def __repr__(self) -> str:
        # Test parameters (Allure, junit) show this: the principal's name, never its credentials.
        return f"Principal({self.id!r})"


@dataclass(frozen=True)
class Tenant:
    name: str
    key: str
    baseline: dict[str, Any]
    admin: Principal
    principals: tuple[Principal, ...]
    baseline_source: str | None = None  # "GET /path" whose answer the baseline pointers read
    id: str | None = None  # the tenant's id as the API shows it, when tenants.yaml gives it up front


@dataclass(frozen=True)
class Target:
    base_url: str
    spec: str
    embedded_args: tuple[str, ...] = ()
    mode: Mode = "local"
    confirm_production: bool = False
    allow_in_production: tuple[str, ...] = ()
    timeout_s: float = 10.0
    budget_s: float = 900.0
    max_body_bytes: int = 5_000_000
    build: str = ""
    spec_servers: bool = True  # join paths under the spec's `servers` prefix
    server_variables: dict[str, str] = field(default_factory=dict)

    @property
    def embedded(self) -> bool:
        return not self.base_url


@dataclass(frozen=True)
class Identity:
    path: str
    tenant_id: str | None = None
    tenant_key: str | None = None
    user_id: str | None = None
    roles: str | None = None
    permissions: str | None = None
    # Memberships keyed by tenant: {items: /pointer to the list, tenant: /in each item, role: /in each}
    memberships: dict[str, str] | None = None
    tenant_source: str | None = None  # "GET /path" whose answer `tenant_id` reads (default: this probe)


@dataclass(frozen=True)
class Auth:
    carrier: Literal["bearer", "header", "login"]
    header: str = "Authorization"
    login: dict[str, Any] = field(default_factory=dict)


CarrierKind = Literal["path", "header", "query", "subdomain", "none"]


@dataclass(frozen=True)
class Carrier:
    """Where a request names its tenant: a path parameter (``{org}``), a header, a query parameter, a
    subdomain (``{tenant}`` in base_url), or nothing (the credential's own tenant). ``value`` says
    what fills it: the tenant's ``key`` (a slug) or its ``id`` as the API shows it."""

    kind: CarrierKind
    name: str = ""
    value: Literal["key", "id"] = "key"
    source: str = "tenants.yaml"  # where the harness learned it: tenants.yaml or the spec

    @property
    def label(self) -> str:
        where = {"path": f"path parameter `{{{self.name}}}`", "header": f"header `{self.name}`"}.get(
            self.kind, f"{self.kind} `{self.name}`" if self.name else self.kind
        )
        return (
            f"{where} = the tenant's {self.value} (from {self.source})"
            if self.kind != "none"
            else (f"none: the credential's own tenant (from {self.source})")
        )


@dataclass(frozen=True)
class Tenancy:
    tenant_field: str | None = None
    selector: dict[str, str] | None = None
    carrier: Carrier | None = None  # declared in tenants.yaml (`carrier`, or `selector` for header/query)
    cross_tenant_status: tuple[int, ...] = (403, 404)
    shared_operations: tuple[str, ...] = ()
    id_fields: tuple[str, ...] = ()
    # field -> the collection its ids belong to, where the spec does not link them
    references: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Permissions:
    extension: str | None = None
    operations: dict[str, str | None] = field(default_factory=dict)
    denied_status: tuple[int, ...] = (403,)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    source: Path
    target: Target
    auth: Auth
    tenants: dict[str, Tenant]
    identity: Identity | None = None
    request_id_header: str | None = None
    error_format: str = "any"
    profile: str | None = None  # the run profile named in tenants.yaml (`--profile` overrides it)
    tenancy: Tenancy = field(default_factory=Tenancy)
    permissions: Permissions = field(default_factory=Permissions)
    # Hidden from repr: the suites' blocks hold signing secrets, and `secrets` is every credential.
    blocks: dict[str, Any] = field(default_factory=dict, repr=False)
    secrets: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def root(self) -> Path:
        return self.source.parent

    def principals(self, *, admins: bool = False) -> list[Principal]:
        """Principals under test in a stable order; admins only on request (they set things up)."""
        found = [p for tenant in self.tenants.values() for p in tenant.principals]
        if admins:
            found += [tenant.admin for tenant in self.tenants.values()]
        return found

    def principal(self, principal_id: str) -> Principal:
        for principal in self.principals(admins=True):
            if principal.id == principal_id:
                return principal
        known = ", ".join(p.id for p in self.principals(admins=True))
        raise KeyError(f"no principal `{principal_id}` in {self.source.name}; known: {known}")

    def block(self, name: str) -> dict[str, Any]:
        """A suite's settings block (``webhooks``, ``events``, ``rate_limits`` ...), empty when absent."""
        value = self.blocks.get(name) or {}
        return dict(value)

    def expected_permissions(self, role: str) -> frozenset[str] | None:
        granted = self.permissions.roles.get(role)
        return None if granted is None else frozenset(granted)
