"""A check family's record: the one place its names live; every list of families is made from these."""

from __future__ import annotations

from dataclasses import dataclass

from tenantprobe.core.report_files import ReportFile


@dataclass(frozen=True)
class Family:
    """One check family: its suite folder, its tenants.yaml block, how reports name its findings,
    and the names of the checks it can fail (each also a constant of the family's package)."""

    name: str  # the folder under suites/, the `suite` of its findings, a `--suite` choice
    category: str  # the finding category every report shows (Allure, summary.html, summary.json)
    anchor: str  # its section of docs/runbook.md
    order: int  # its place in the run: suites run, and reports list families, by ascending order
    config_block: str | None = None  # its tenants.yaml block, schema families/<name>/<block>.schema.json
    checks: tuple[str, ...] = ()  # every check name its findings may carry
    reports: tuple[ReportFile, ...] = ()  # files of its own under reports/, written once per run
    # Whether its checks judge 429 answers (rate limits); no other family's check ever sees one.
    judges_throttling: bool = False

    def __post_init__(self) -> None:
        repeated = sorted({check for check in self.checks if self.checks.count(check) > 1})
        if repeated:
            raise ValueError(f"family {self.name!r} declares the check(s) {', '.join(repeated)} twice")


class UnknownFamily(LookupError):
    """A name that no family record carries: a typo, or a package under families/ without a FAMILY."""
