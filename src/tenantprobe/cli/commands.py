"""Sub-commands: each module gives ``register(parser)``, which sets ``handler`` on the parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tenantprobe.cli import diff, doctor, init, replay, report, run

Register = Callable[[argparse.ArgumentParser], None]

COMMANDS: dict[str, tuple[Register, str]] = {
    "init": (init.register, "draft a commented tenants.yaml from the spec and the target"),
    "run": (run.register, "run the suites against a target (the embedded reference API when none is set)"),
    "replay": (replay.register, "send a finding's failing request again and say whether it still fails"),
    "report": (report.register, "build the Allure HTML report from reports/allure-results"),
    "doctor": (doctor.register, "run only the preflight and print a table principal × probe (exit 0 or 3)"),
    "diff": (diff.register, "list breaking changes between two OpenAPI documents (files or URLs)"),
}
