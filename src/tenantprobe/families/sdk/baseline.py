"""Breaking changes against ``sdk.baseline_spec``: findings, and the whole diff for the reports folder."""

from __future__ import annotations

from typing import Any

import pytest

from tenantprobe.core.config import Config
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.report_files import record_report_rows
from tenantprobe.core.target import TargetUnavailable, load_spec, spec_location
from tenantprobe.families.sdk import BASELINE_DIFF, FAMILY, NO_BREAKING_CHANGES
from tenantprobe.families.sdk.settings import sdk_settings
from tenantprobe.openapi.diff import SpecDiff, diff_specs, render_text


class BaselineUnreadable(Exception):
    """``sdk.baseline_spec`` names a file or URL that cannot be loaded as an OpenAPI document."""


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


def breaking_changes(
    test: pytest.Item, config: Config, base_url: str, spec: dict[str, Any]
) -> list[ProbeFailure]:
    """One failure per breaking change from the baseline; every change, additive ones too, goes on
    ``test``'s report as the run's diff file. Nothing when no baseline is set.

    Raises :class:`BaselineUnreadable` when the baseline cannot be read.
    """
    found = baseline_diff(config, base_url, spec)
    if found is None:
        return []
    location, diff = found
    record_report_rows(test, BASELINE_DIFF, [render_text(diff, location, base_url)])
    return [
        ProbeFailure(
            family=FAMILY.name,
            check=NO_BREAKING_CHANGES,
            message=f"{change.rule}{f' at {change.location}' if change.location else ''}: "
            f"{change.message} (compared with {location})",
            operation=change.operation,
        )
        for change in diff.breaking
    ]
