"""Requests that try to escape a spent budget: forged client addresses, header-case variants and
alternate credential carriers. Each is the probe principal's own request, changed in one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tenantprobe.core.client import auth_headers
from tenantprobe.core.config import Config, Principal
from tenantprobe.families.rate_limits.settings import Carrier, ProbeSettings

_DOCUMENTATION_NET = "203.0.113"  # RFC 5737: never a real client


@dataclass(frozen=True)
class Variant:
    label: str  # what was changed, for the finding's message
    headers: dict[str, str]  # the complete headers to send (credentials included)
    params: dict[str, str] = field(default_factory=dict)


def bypass_variants(config: Config, principal: Principal, probe: ProbeSettings) -> list[Variant]:
    base = auth_headers(config, principal)
    variants = [_spoofed(base, name, index) for index, name in enumerate(probe.spoof_headers, start=7)]
    variants += _case_variants(config, base)
    token = principal.credentials.token
    if token:
        variants += [_carried(base, carrier, token) for carrier in _carriers(config, probe)]
    return variants


def _spoofed(base: dict[str, str], name: str, index: int) -> Variant:
    address = f"{_DOCUMENTATION_NET}.{index}"
    value = f"for={address}" if name.lower() == "forwarded" else address
    return Variant(f"`{name}: {value}`", {**base, name: value})


def _case_variants(config: Config, base: dict[str, str]) -> list[Variant]:
    variants = []
    for name, value in base.items():
        others = {key: item for key, item in base.items() if key != name}
        variants.append(Variant(f"header name `{name.lower()}`", {**others, name.lower(): value}))
        variants.append(Variant(f"header name `{name.upper()}`", {**others, name.upper(): value}))
        scheme, _, credential = value.partition(" ")
        if credential and scheme.isalpha():
            for changed in (scheme.lower(), scheme.upper()):
                if changed != scheme:
                    headers = {**others, name: f"{changed} {credential}"}
                    variants.append(Variant(f"scheme `{changed}` in `{name}`", headers))
    return variants


def _carriers(config: Config, probe: ProbeSettings) -> list[Carrier]:
    carriers = list(probe.carriers)
    if config.auth.carrier != "bearer":  # RFC 6750: the bearer header is the standard carrier
        carriers.append(Carrier("header", "Authorization", "Bearer "))
    return carriers


def _carried(base: dict[str, str], carrier: Carrier, token: str) -> Variant:
    # The configured carrier is dropped: the credential travels only the alternate way.
    credential_names = {name.lower() for name in base}
    if carrier.location == "query":
        return Variant(f"credential in query parameter `{carrier.name}`", {}, {carrier.name: token})
    headers = {name: value for name, value in base.items() if name.lower() not in credential_names}
    headers[carrier.name] = f"{carrier.prefix}{token}"
    return Variant(f"credential in header `{carrier.name}`", headers)
