"""The ``sdk`` block of tenants.yaml, with its defaults."""

from __future__ import annotations

from dataclasses import dataclass

from tenantprobe.core.config import Config


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
