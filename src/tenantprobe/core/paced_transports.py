"""Pacing for every HTTP stack the run sends with: an httpx transport, a requests adapter, a requests hook.

Each wraps one budget (a principal's, or the anonymous one) around :func:`pacing.paced`, so a 429
never reaches a check: it is waited out and sent again, or the test is unproven (``Throttled``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx
import requests
from requests.adapters import BaseAdapter, HTTPAdapter

from tenantprobe.core.pacing import ANONYMOUS, MAX_RETRIES, THROTTLED, current_pacer, paced


def _httpx_answer(response: httpx.Response) -> tuple[int, Mapping[str, str]]:
    return response.status_code, response.headers


def _requests_answer(response: requests.Response) -> tuple[int, Mapping[str, str]]:
    return response.status_code, response.headers


class PacedTransport(httpx.BaseTransport):
    """An httpx transport that keeps one budget's requests within the announced limit."""

    def __init__(self, key: str, inner: httpx.BaseTransport | None = None) -> None:
        self.key = key
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return paced(self.key, lambda: self.inner.handle_request(request), _httpx_answer, _close_httpx)

    def close(self) -> None:
        self.inner.close()


def _close_httpx(response: httpx.Response) -> None:
    response.close()


class PacedAdapter(BaseAdapter):
    """A requests adapter that keeps one budget's requests within the announced limit; it wraps the
    adapter the session had (which may read responses its own way)."""

    def __init__(self, key: str, inner: BaseAdapter | None = None) -> None:
        super().__init__()
        self.key = key
        self.inner = inner or HTTPAdapter()

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        return paced(
            self.key, lambda: self.inner.send(request, *args, **kwargs), _requests_answer, _close_requests
        )

    def close(self) -> None:
        self.inner.close()


def _close_requests(response: requests.Response) -> None:
    response.close()


def paced_session(session: requests.Session, key: str) -> requests.Session:
    """``session`` with its adapters paced for ``key``'s budget."""
    for prefix in ("http://", "https://"):
        session.mount(prefix, PacedAdapter(key, session.get_adapter(prefix)))
    return session


def anonymous_retry_hook() -> dict[str, list[Callable[..., requests.Response]]]:
    """Requests hooks for sessions schemathesis makes itself (its anonymous probes): a 429 is waited
    out and sent again on the same connection, so no check sees it."""

    def retry(response: requests.Response, **kwargs: Any) -> requests.Response:
        pacer = current_pacer()
        if pacer is None:
            return response
        wait = pacer.observe(ANONYMOUS, response.status_code, response.headers)
        for attempt in range(MAX_RETRIES + 1):
            if response.status_code != THROTTLED:
                break
            response.close()
            pacer.wait_out(ANONYMOUS, wait, attempt)  # raises Throttled once the attempts are spent
            assert response.connection is not None
            response = response.connection.send(response.request, **kwargs)
            wait = pacer.observe(ANONYMOUS, response.status_code, response.headers)
        return response

    return {"response": [retry]}
