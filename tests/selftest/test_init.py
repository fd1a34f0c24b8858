"""`tenantprobe init` end to end: the draft it writes for each dialect of the reference API, with only
the matrix and credentials answered, finds what the hand-written worked config finds.

Cheap by design: the preflight and scoping suites, `--examples 2`, one defect (`cross_tenant_read_by_id`)
and, for the default dialect, the clean build. Each draft is written against a live reference API
(spec and identity answers), then run against a fresh embedded one like the worked config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.harness import PATH_CONFIG, ROOT, RunOutcome, run_tenantprobe
from tenantprobe.cli.main import main
from tenantprobe.core.target import EmbeddedTarget

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

DEMO_ENV = ROOT / "src" / "reference_api" / "demo.env"
DEFECT = "cross_tenant_read_by_id"
SUITES = ("preflight", "scoping")
MATRIX = {
    "acme": {
        "principals": {
            "manager": {"role": "manager"},
            "member": {"role": "member"},
            "viewer": {"role": "viewer"},
            "billing": {"role": "billing"},
            "consultant": {
                "role": "member",
                "token": "${CONSULTANT_TOKEN}",
                "roles_in": {"globex": "viewer"},
            },
        }
    },
    "globex": {"principals": {name: {"role": name} for name in ("manager", "member", "viewer", "billing")}},
}
# The path dialect's identity answer lists memberships, not permissions: what each role holds is an
# answer only the user can give (init asks for it), so the path answers carry it.
PATH_PERMISSIONS = {"roles": yaml.safe_load(PATH_CONFIG.read_text(encoding="utf-8"))["permissions"]["roles"]}
DIALECTS = {
    "default": ((), ROOT / "tenants.yaml", {}),
    "path": (("--tenancy", "path"), PATH_CONFIG, PATH_PERMISSIONS),
    "laravel": (("--style", "laravel"), ROOT / "examples" / "laravel" / "tenants.yaml", {}),
}


def draft_for(folder: Path, dialect: tuple[str, ...], permissions: dict[str, Any]) -> Path:
    answers = folder / "answers.yaml"
    document: dict[str, Any] = {"tenants": MATRIX, **({"permissions": permissions} if permissions else {})}
    answers.write_text(yaml.safe_dump(document), encoding="utf-8")
    target = EmbeddedTarget.start(("--rate-limit", "300/5", *dialect))
    try:
        out = folder / "tenants.yaml"
        code = main([
            "init", "--spec", f"{target.url}/api/v1/openapi.json", "--answers", str(answers),
            "--env-file", str(DEMO_ENV), "--out", str(out),
        ])  # fmt: skip
    finally:
        target.stop()
    assert code == 0
    return out


def run(folder: Path, config: Path, dialect: tuple[str, ...], defects: tuple[str, ...]) -> RunOutcome:
    # Only the credentials filled in: the demo env file (write_config points env_file at it), and the
    # run's own embedded target instead of the one init read.
    return run_tenantprobe(
        folder, suites=SUITES, defects=defects, dialect=dialect, examples=2, base=config,
        edit=lambda data: data["target"].update(base_url=""),
    )  # fmt: skip


def found(outcome: RunOutcome) -> set[tuple[str, str, str, str]]:
    return {(f["suite"], f["check"], f["operation"], f"{f['tenant']}/{f['role']}") for f in outcome.findings}


@pytest.fixture(scope="module", params=list(DIALECTS))
def compared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    name = request.param
    dialect, hand_written, permissions = DIALECTS[name]
    folder = tmp_path_factory.mktemp(f"init-{name}")
    draft = draft_for(folder, dialect, permissions)
    (folder / "hand").mkdir()
    (folder / "draft").mkdir()
    return {
        "name": name,
        "draft": draft,
        "hand": run(folder / "hand", hand_written, dialect, (DEFECT,)),
        "drafted": run(folder / "draft", draft, dialect, (DEFECT,)),
        "folder": folder,
        "dialect": dialect,
    }


def test_the_draft_finds_what_the_hand_written_config_finds(compared: dict[str, Any]) -> None:
    hand, drafted = compared["hand"], compared["drafted"]
    assert hand.exit_code == 1, hand.output[-2000:]
    assert found(hand), "the defect must be caught by the hand-written config"
    assert found(drafted) == found(hand), drafted.output[-2000:]
    assert drafted.exit_code == 1


def test_the_draft_is_silent_on_the_clean_build(compared: dict[str, Any]) -> None:
    if compared["name"] != "default":
        pytest.skip("the clean build is run once, in the default dialect")
    (compared["folder"] / "clean").mkdir()
    clean = run(compared["folder"] / "clean", compared["draft"], compared["dialect"], ())
    assert clean.exit_code == 0, clean.output[-2000:]
    assert clean.findings == []


def test_the_draft_carries_no_credential_and_names_what_it_read(compared: dict[str, Any]) -> None:
    text = compared["draft"].read_text(encoding="utf-8")
    secrets = [line.partition("=")[2].strip("'") for line in DEMO_ENV.read_text().splitlines() if "=" in line]
    assert not [secret for secret in secrets if secret and secret in text]
    assert "Found by calling" in text
    assert "from the spec:" in text
