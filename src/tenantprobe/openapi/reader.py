"""Read a loaded spec for one run: references across files inlined, where each path goes, envelopes.

The one entry point the plugin and ``tenantprobe doctor`` call after loading the spec; a problem
the user must fix in tenants.yaml (or the spec) is a :class:`SpecReadError` with the fix in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantprobe.core.config import Config
from tenantprobe.core.envelope import Envelopes
from tenantprobe.core.routes import Routes
from tenantprobe.openapi.bundle import BundleError, bundle
from tenantprobe.openapi.envelopes import learn_envelopes
from tenantprobe.openapi.operations import operations
from tenantprobe.openapi.servers import ServersError, build_routes


class SpecReadError(ValueError):
    """The spec cannot be read for this target as tenants.yaml describes it."""


@dataclass(frozen=True)
class SpecReading:
    spec: dict[str, Any]
    routes: Routes
    envelopes: Envelopes


def read_spec(spec: dict[str, Any], location: str, config: Config, target_url: str) -> SpecReading:
    try:
        spec = bundle(spec, location, config.target.timeout_s)
        routes = build_routes(spec, config, target_url)
    except (BundleError, ServersError) as error:
        raise SpecReadError(str(error)) from None
    return SpecReading(spec, routes, learn_envelopes(spec, config))


def describe_base(reading: SpecReading) -> str:
    """One line for ``doctor``: where the first operation of the spec is sent, and the API base."""
    found = operations(reading.spec)
    if not found:
        return f"base URL: {reading.routes.base} (the spec has no operations)"
    routes = reading.routes
    first = next((op for op in found if routes.base_for(op.method, op.path) == routes.base), found[0])
    url = routes.url(first.method, first.path)
    return f"base URL: {routes.base} (e.g. `{first.key}` -> {first.method} {url})"
