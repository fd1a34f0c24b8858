"""The pytest plugin (``pytest11`` entry point).

It registers tenantprobe's options everywhere, but switches the harness on only for runs of the
suites (``pytest suites``, ``tenantprobe run``) or when ``--tp-config`` is given: then it loads
tenants.yaml, reaches the target (starting the embedded reference API when none is configured)
before collection — every xdist worker loads the spec — and turns test outcomes into findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe.core.profile import PROFILES

SUITES_DIR = "suites"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tenantprobe", "tenantprobe: multi-tenant API testing")
    group.addoption("--tp-config", default=None, help="tenants.yaml to use (default: ./tenants.yaml)")
    group.addoption(
        "--tp-target-url", default=None, help="base URL of the target (overrides target.base_url)"
    )
    group.addoption("--tp-examples", type=int, default=None, help="generated examples per operation")
    group.addoption("--tp-reports", default="reports", help="folder for summary.json and friends")
    group.addoption(
        "--tp-profile",
        default=None,
        choices=sorted(PROFILES),
        help="ci (every build: fixed seed, few examples) or full (before go-live); default: explore",
    )
    group.addoption(
        "--tp-seed", type=int, default=None, help="seed for generated data (same seed, same cases)"
    )
    group.addoption(
        "--tp-test",
        action="append",
        default=[],
        metavar="NODEID",
        help="run exactly this test (its node id as reports name it); repeatable; every other is deselected",
    )


def _harness_requested(config: pytest.Config) -> bool:
    if config.getoption("tp_config"):
        return True
    suites = (Path(config.rootpath) / SUITES_DIR).resolve()
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path == suites or suites in path.parents:
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if not _harness_requested(config):
        return
    # Imported here: a pytest run that is not a run of the suites pays nothing for the harness.
    from tenantprobe.plugin.activate import activate

    activate(config)
