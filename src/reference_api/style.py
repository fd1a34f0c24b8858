"""API conventions beyond auth, ids and headers: envelopes, servers, $refs, inbound tenant, secrets.

``--style laravel`` switches every axis to what a Laravel app with API Resources and a
scribe/scramble-generated spec does; each axis also has its own flag, which wins over the style.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields, replace
from typing import Literal

# none: single objects bare, lists {data, meta{page, per_page, total}};
# data: Laravel API Resources, {data} and {data, links, meta}; items: {items, next_cursor}.
Envelope = Literal["none", "data", "items"]
# root: servers "/" and absolute paths; relative: servers "/api/v1" and paths relative to it.
Servers = Literal["root", "relative"]
# inline: every schema written out; refs: enums and shared objects behind $ref, lists as allOf.
SchemaStyle = Literal["inline", "refs"]
# path: /payments/{team_id}/events; header: /payments/events with the team in X-Team-Id.
InboundTenant = Literal["path", "header"]
# endpoint: a fresh secret per endpoint, returned once by the registration;
# tenant: one secret per team, known out of band (the team's dashboard), never returned.
WebhookSecrets = Literal["endpoint", "tenant"]


@dataclass(frozen=True)
class Style:
    envelope: Envelope = "none"
    servers: Servers = "root"
    schemas: SchemaStyle = "inline"
    inbound_tenant: InboundTenant = "path"
    webhook_secrets: WebhookSecrets = "endpoint"


STYLES: dict[str, Style] = {
    "default": Style(),
    "laravel": Style(
        envelope="data", servers="relative", schemas="refs", inbound_tenant="header", webhook_secrets="tenant"
    ),
}

# flag -> (Style field, choices); every Literal above, spelled as the CLI spells it
AXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "--envelope": ("envelope", ("none", "data", "items")),
    "--servers": ("servers", ("root", "relative")),
    "--schemas": ("schemas", ("inline", "refs")),
    "--inbound-tenant": ("inbound_tenant", ("path", "header")),
    "--webhook-secrets": ("webhook_secrets", ("endpoint", "tenant")),
}


def add_style_arguments(parser: argparse.ArgumentParser) -> None:
    """``--style NAME`` and one flag per axis (default: the style's value)."""
    parser.add_argument(
        "--style", choices=tuple(STYLES), default="default", help="a bundle of the axes below"
    )
    for flag, (name, choices) in AXES.items():
        parser.add_argument(flag, dest=f"style_{name}", choices=choices, help="overrides --style")


def style_from_args(args: argparse.Namespace) -> Style:
    """The named style with every axis flag given on the command line applied over it."""
    chosen = {
        spec.name: value
        for spec in fields(Style)
        if (value := getattr(args, f"style_{spec.name}", None)) is not None
    }
    return replace(STYLES[args.style], **chosen)
