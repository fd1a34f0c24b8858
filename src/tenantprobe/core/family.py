"""A check family's record: the one place its names live; every list of families is made from these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """One check family: its suite folder, its tenants.yaml block, and how reports name its findings."""

    name: str  # the folder under suites/, the `suite` of its findings, a `--suite` choice
    category: str  # the finding category every report shows (Allure, summary.html, summary.json)
    anchor: str  # its section of docs/runbook.md
    config_block: str | None = None  # its tenants.yaml block; the schema is <block>.schema.json
    # Whether its checks judge 429 answers (rate limits); no other family's check ever sees one.
    judges_throttling: bool = False


class UnknownFamily(LookupError):
    """A name that no family record carries: a typo or a family not listed in ``families.FAMILIES``."""
