"""Switch the harness on for one pytest process: configuration, target, spec, preflight, session."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tenantprobe.core.config import ConfigError, load_config
from tenantprobe.core.profile import Profile, profile_named
from tenantprobe.core.redact import install_secrets
from tenantprobe.core.seed import run_seed, spec_seed
from tenantprobe.core.shared_ids import SHARED_IDS
from tenantprobe.core.state import RunState, set_state
from tenantprobe.core.target import EmbeddedTarget, TargetUnavailable, load_spec, spec_location
from tenantprobe.families import load_passive_checks
from tenantprobe.families.preflight.probes import preflight_report
from tenantprobe.families.preflight.table import render_fatal
from tenantprobe.openapi.reader import SpecReadError, read_spec
from tenantprobe.plugin.session import HarnessSession
from tenantprobe.reporting.compare import start_fresh
from tenantprobe.tenancy.carrier import bind_carrier
from tenantprobe.tenancy.cleanup import remove_created_at_exit
from tenantprobe.tenancy.login import adopt_tokens, log_in_everyone

EXIT_CONFIG = 2
EXIT_TARGET = 3


def activate(config: pytest.Config) -> None:
    worker_input = getattr(config, "workerinput", None)
    config_path = config.getoption("tp_config") or str(Path(config.rootpath) / "tenants.yaml")
    try:
        tp_config = load_config(config_path, target_url=config.getoption("tp_target_url"))
    except ConfigError as error:
        pytest.exit(error.render(), returncode=EXIT_CONFIG)
    if tp_config.target.mode == "production" and not tp_config.target.confirm_production:
        pytest.exit(
            f"{config_path}: target.mode is production but target.confirm_production is not true — "
            "set it to confirm that a run against production is intended (only safe methods are sent).",
            returncode=EXIT_CONFIG,
        )
    reports = Path(config.getoption("tp_reports"))
    if worker_input is None:
        start_fresh(reports)
    embedded: EmbeddedTarget | None = None
    if worker_input is not None:
        base_url = worker_input["tp_base_url"]
    elif tp_config.target.embedded:
        try:
            embedded = EmbeddedTarget.start(tp_config.target.embedded_args, log_dir=reports)
        except TargetUnavailable as error:
            pytest.exit(f"target unreachable: {error}", returncode=EXIT_TARGET)
        base_url = embedded.url
    else:
        base_url = tp_config.target.base_url
    location = spec_location(base_url, tp_config.target.spec, tp_config.root)
    try:
        spec, sha = load_spec(location, tp_config.target.timeout_s)
    except TargetUnavailable as error:
        if embedded:
            embedded.stop()
        pytest.exit(f"target unreachable or spec unloadable: {error}", returncode=EXIT_TARGET)
    try:
        reading = read_spec(spec, location, tp_config, base_url)
    except SpecReadError as error:
        if embedded:
            embedded.stop()
        pytest.exit(f"{config_path}: {error}", returncode=EXIT_CONFIG)
    install_secrets(tp_config.secrets)
    load_passive_checks()
    # The command line's profile, else tenants.yaml's (validated there), else the default.
    profile = profile_named(config.getoption("tp_profile") or tp_config.profile)
    state = RunState(
        config=tp_config,
        base_url=base_url,
        spec=reading.spec,
        spec_sha256=sha,
        reports=str(reports.resolve()),
        routes=reading.routes,
        envelopes=reading.envelopes,
        examples=config.getoption("tp_examples") or profile.examples,
        # One seed for the whole run: the controller's, chosen once, is every worker's too.
        seed=worker_input["tp_seed"] if worker_input is not None else _seed(config, profile, sha),
        profile=profile,
    )
    bind_carrier(state)
    set_state(state)
    # One file for the whole run: what any process created on purpose, spared by generated writes.
    share = Path(worker_input["tp_shared_ids"]) if worker_input is not None else _new_share_file()
    SHARED_IDS.attach(share)
    remove_created_at_exit(state)  # at session finish, or at exit if the run ends before
    if worker_input is not None:
        adopt_tokens(state, worker_input.get("tp_tokens", {}))
    login_problems = [] if worker_input is not None else log_in_everyone(state)
    if login_problems:
        if embedded:
            embedded.stop()
        pytest.exit("principals cannot log in:\n  " + "\n  ".join(login_problems), returncode=EXIT_TARGET)
    if worker_input is None:
        # Preflight first, once: an unusable target or principal stops the run before any suite.
        preflight = preflight_report(state)
        if preflight.fatal:
            if embedded:
                embedded.stop()
            # A pointer of tenants.yaml that matches nothing is the config's fault, not the target's.
            config_fault = all(result.probe == "pointers" for result in preflight.fatal)
            pytest.exit(render_fatal(preflight), returncode=EXIT_CONFIG if config_fault else EXIT_TARGET)
    session = HarnessSession(config, state, embedded, reports, share)
    config.pluginmanager.register(session, "tenantprobe-session")


def _seed(config: pytest.Config, profile: Profile, spec_sha256: str) -> int:
    given = config.getoption("tp_seed")
    if given is None and profile.fixed_seed:
        return spec_seed(spec_sha256)  # the same spec, the same cases: a build's verdict is stable
    return run_seed(given)


def _new_share_file() -> Path:
    return Path(tempfile.mkdtemp(prefix="tenantprobe-run-")) / "created-ids"
