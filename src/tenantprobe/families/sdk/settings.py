"""The ``sdk`` block of tenants.yaml, with its defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantprobe.core.config import Config
from tenantprobe.core.target import TargetUnavailable, load_spec, spec_location
from tenantprobe.openapi.diff import SpecDiff, diff_specs


class BaselineUnreadable(Exception):
    """``sdk.baseline_spec`` names a file or URL that cannot be loaded as an OpenAPI document."""


@dataclass(frozen=True)
class SdkSettings:
    baseline_spec: str | None = None
    generate_client: bool = True
    generator_timeout_s: float = 120.0
    list_operation: str | None = None
    principal: str | None = None
    lint_ignore: tuple[str, ...] = ()
    skip_operations: tuple[str, ...] = ()


def sdk_settings(config: Config) -> SdkSettings:
    block = config.block("sdk")
    return SdkSettings(
        baseline_spec=block.get("baseline_spec") or None,
        generate_client=bool(block.get("generate_client", True)),
        generator_timeout_s=float(block.get("generator_timeout_s", 120.0)),
        list_operation=block.get("list_operation") or None,
        principal=block.get("principal") or None,
        lint_ignore=tuple(block.get("lint_ignore", ())),
        skip_operations=tuple(block.get("skip_operations", ())),
    )


def baseline_diff(config: Config, base_url: str, current: dict[str, Any]) -> tuple[str, SpecDiff] | None:
    """Changes from ``sdk.baseline_spec`` to the target's spec; ``None`` when no baseline is set.

    Raises :class:`BaselineUnreadable` when the baseline cannot be read (the message names it).
    """
    settings = sdk_settings(config)
    if settings.baseline_spec is None:
        return None
    location = spec_location(base_url, settings.baseline_spec, config.root)
    try:
        baseline, _ = load_spec(location, config.target.timeout_s)
    except TargetUnavailable as error:
        raise BaselineUnreadable(f"sdk.baseline_spec in {config.source.name}: {error}") from None
    return location, diff_specs(baseline, current)
