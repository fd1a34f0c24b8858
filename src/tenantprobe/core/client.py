"""An HTTP client per principal: credentials attached, every exchange recorded and checked.

The transport is a seam: tests of the harness pass an ``httpx`` transport of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tenantprobe.core.budget import Deadline, request_timeout
from tenantprobe.core.carrier import fill_tenant, tenant_value
from tenantprobe.core.checks import run_passive_checks
from tenantprobe.core.config import SAFE_METHODS, Config, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.failures import raise_all
from tenantprobe.core.ledger import interrupt_after_bookkeeping, note_created
from tenantprobe.core.pacing import budget_key, paced
from tenantprobe.core.routes import Routes
from tenantprobe.core.state import maybe_state


def auth_headers(config: Config, principal: Principal, token: str | None = None) -> dict[str, str]:
    """The headers that carry ``principal``'s credential, as tenants.yaml describes the carrier.

    With a header tenant selector and the tenant's id given up front (``tenants.<t>.id``), the
    selector names the principal's own tenant on every request, the identity probe's included.
    """
    headers = {**selector_header(config, principal), **principal.credentials.headers}
    token = token or principal.credentials.token
    carrier = config.auth.carrier
    if carrier == "login":
        carrier = config.auth.login.get("carrier", "bearer")
    if token:
        if carrier == "bearer":
            headers["Authorization"] = f"Bearer {token}"
        else:
            headers[config.auth.login.get("header") or config.auth.header] = token
    return headers


def selector_header(config: Config, principal: Principal) -> dict[str, str]:
    """``{selector: own tenant id}`` for a header selector when tenants.yaml gives the id; else {}."""
    selector = config.tenancy.selector
    tenant = config.tenants.get(principal.tenant)
    if not selector or selector.get("in") != "header" or tenant is None or tenant.id is None:
        return {}
    pinned = {name.lower() for name in principal.credentials.headers}
    return {} if selector["name"].lower() in pinned else {selector["name"]: tenant.id}


def refuse_unsafe_in_production(config: Config, method: str, operation: str) -> None:
    """In production mode only safe methods go out, plus what tenants.yaml allows explicitly."""
    target = config.target
    if target.mode != "production" or method.upper() in SAFE_METHODS:
        return
    if operation in target.allow_in_production:
        return
    pytest.skip(f"production mode: `{operation}` is not in target.allow_in_production, so it is not sent")


def new_request_id() -> str:
    return f"tp-{uuid.uuid4().hex[:16]}"


class TargetClient:
    """Sends requests as one principal; runs the passive checks on every response.

    Paced by default: requests stay within the rate limit the target announces for the principal
    (or for anonymous requests), and a 429 is waited out, never returned. ``paced=False`` is for
    the active rate-limit probe alone, whose point is to be throttled.
    """

    def __init__(
        self,
        config: Config,
        base_url: str | Routes,
        principal: Principal | None,
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        paced: bool = True,
    ) -> None:
        self.config = config
        self.principal = principal
        self.paced = paced
        self._auth = auth_headers(config, principal, token) if principal else {}
        # A plain URL joins every path; the run's routes send each path where the spec's servers say.
        self.routes = base_url if isinstance(base_url, Routes) else Routes(base_url, origin=base_url)
        self._http = httpx.Client(
            timeout=config.target.timeout_s,
            transport=transport,
            follow_redirects=False,
        )
        self.last: Exchange | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TargetClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        operation: str = "",
        check: bool = True,
        anonymous: bool = False,
        headers: dict[str, str] | None = None,
        to_fuzz: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request. ``check=False`` skips the passive checks (for deliberate probes);
        ``to_fuzz``: what it creates is there for generated writes to aim at, not to be spared."""
        refuse_unsafe_in_production(self.config, method, operation or f"{method.upper()} {path}")
        sent = self._headers(anonymous, headers)
        state = maybe_state()
        if state is not None and state.carrier is not None and self.principal is not None:
            # A path still naming `{tenant}` goes to the sender's own tenant, never a made-up one.
            own = tenant_value(self.config, state.knowledge, state.carrier, self.principal.tenant)
            path = fill_tenant(path, state.carrier, own)
        if state is not None:
            state.count_request()
        with interrupt_after_bookkeeping():
            if self.paced:
                key = budget_key(None if anonymous else self.principal)
                response = paced(
                    key, lambda: self._send(method, path, sent, dict(kwargs)), _status_and_headers
                )
            else:
                response = self._send(method, path, sent, kwargs)
            if state is not None and method.upper() == "POST" and response.is_success:
                note_created(
                    state,
                    self.principal,
                    method,
                    str(response.request.url),
                    response.status_code,
                    _json(response),
                    generated=to_fuzz,
                )
        self.last = Exchange.from_httpx(response, self.principal.id if self.principal else "")
        if check:
            raise_all(run_passive_checks(self.last, self.principal, operation or f"{method.upper()} {path}"))
        return response

    @contextmanager
    def stream(
        self,
        method: str,
        path: str,
        *,
        timeout: httpx.Timeout,
        anonymous: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Iterator[httpx.Response]:
        """Open a response whose body the caller reads (an event stream), within its own ``timeout``.

        Counted like every request; no passive checks (the caller records what it read). Closing
        the context ends the connection.
        """
        refuse_unsafe_in_production(self.config, method, f"{method.upper()} {path}")
        sent = self._headers(anonymous, headers)
        state = maybe_state()
        if state is not None:
            state.count_request()
        url = self.routes.url(method, path)
        with self._http.stream(method, url, headers=sent, timeout=timeout) as response:
            yield response

    def _headers(self, anonymous: bool, extra: dict[str, str] | None) -> dict[str, str]:
        """The credential (unless anonymous), a fresh request id, then the caller's own headers."""
        sent = {} if anonymous else dict(self._auth)
        if self.config.request_id_header:
            sent[self.config.request_id_header] = new_request_id()
        sent.update(extra or {})
        return sent

    def _send(
        self, method: str, path: str, headers: dict[str, str], kwargs: dict[str, Any]
    ) -> httpx.Response:
        """One request within ``timeout_s`` in total and the run's budget; the body read up to the cap.

        Streamed, so a huge body is never held whole and a trickling one cannot outlast the timeout.
        """
        timeout = kwargs.pop("timeout", None) or request_timeout(self.config.target, method)
        deadline = Deadline(timeout)
        cap = self.config.target.max_body_bytes
        url = self.routes.url(method, path)
        with self._http.stream(method, url, headers=headers, timeout=timeout, **kwargs) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                deadline.check(response.request)
                body += chunk[: cap - len(body)]
                if len(body) >= cap:
                    break  # the rest is not read: closing the stream drops the connection
            response._content = bytes(body)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)


def _status_and_headers(response: httpx.Response) -> tuple[int, httpx.Headers]:
    return response.status_code, response.headers


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
