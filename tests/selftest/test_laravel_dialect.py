"""The laravel style end to end, with its worked example (examples/laravel/tenants.yaml) unchanged.

Relative `servers`, `{"data": ...}` envelopes and `$ref`'d enums must need no config line: one clean
run against a live reference API shows the canaries planted and everything created removed again
(the API's own object count before and after is equal), and no finding; one run with a defect per
family shows each caught by its intended check, on objects the run found inside envelopes.
`TP_SELFTEST_LARAVEL_ALL=1` runs every scoping, RBAC and contract self-test group in this style too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.harness import LARAVEL, RunOutcome, run_tenantprobe
from tests.robustness.leftovers import DEMO_ENV, Inventory, reference_api, table_counts, take_inventory
from tests.selftest import test_contract, test_rbac, test_scoping

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

STYLE = ("--style", "laravel")
# Every suite that creates objects (the inbound callback's acceptance is test_laravel_webhooks').
SUITES = ("preflight", "contract", "scoping", "rbac", "events", "webhooks")


def staging(data: dict[str, Any]) -> None:
    # Against a target that outlives the run: generated writes create (and the run removes) but never
    # change or delete what was there before, so the inventory compares exactly.
    data["target"]["mode"] = "staging"
    data["target"]["env_file"] = str(DEMO_ENV)  # the out-of-band webhook secrets


@pytest.fixture(scope="module")
def clean_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RunOutcome, Inventory, Inventory, Path]]:
    folder = tmp_path_factory.mktemp("laravel-clean")
    with reference_api(folder, *STYLE, "--rate-limit", "300/5") as url:
        before, counted = take_inventory(url), table_counts(folder / "target.db")
        outcome = run_tenantprobe(
            folder, suites=SUITES, dialect=STYLE, base=LARAVEL, examples=3, edit=staging, target_url=url
        )
        after = take_inventory(url)
        assert table_counts(folder / "target.db") == counted, "the API's own object count changed"
    yield outcome, before, after, folder / "reference_api.log"


def requests_in(log: Path) -> list[dict[str, Any]]:
    lines = log.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_the_clean_laravel_build_gives_no_finding(
    clean_run: tuple[RunOutcome, Inventory, Inventory, Path],
) -> None:
    outcome, _, _, _ = clean_run
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert outcome.summary is not None and outcome.summary["tests"]["passed"] >= 50


def test_requests_go_under_the_specs_server_prefix(
    clean_run: tuple[RunOutcome, Inventory, Inventory, Path],
) -> None:
    routes = [entry["route"] for entry in requests_in(clean_run[3])]
    assert sum(route.startswith("/api/v1/") for route in routes) > 200
    assert "/api/v1/api/v1" not in " ".join(routes)
    assert not any(route in ("/customers", "/invoices", "/me") for route in routes)  # never without it


def test_canaries_are_planted_inside_envelopes_and_removed(
    clean_run: tuple[RunOutcome, Inventory, Inventory, Path],
) -> None:
    entries = requests_in(clean_run[3])
    admin = [e for e in entries if str(e.get("user", "")).startswith("admin@")]
    created = [
        e for e in admin if (e["method"], e["route"], e["status"]) == ("POST", "/api/v1/customers", 201)
    ]
    deleted = [
        e
        for e in admin
        if (e["method"], e["route"], e["status"]) == ("DELETE", "/api/v1/customers/{customer_id}", 204)
    ]
    assert len(created) >= 2, "no canary customer was planted"
    assert len(deleted) >= len(created), "what the admins created was not all deleted"


def test_everything_the_run_created_is_removed_again(
    clean_run: tuple[RunOutcome, Inventory, Inventory, Path],
) -> None:
    outcome, before, after, _ = clean_run
    assert after.objects.keys() == before.objects.keys()
    for key in before.objects:
        tenant, collection = key.split(":")
        assert after.ids(tenant, collection) == before.ids(tenant, collection), key
    # Invoices have no DELETE operation. In staging mode nothing creates one: the contract suite's
    # per-operation and hostile-body tests and the granted permission cells say why they were not sent.
    assert outcome.summary is not None
    assert outcome.summary["left_behind"] == []
    skipped = outcome.summary["skipped"]
    why = "the spec has no DELETE for what `POST /invoices` creates"
    contract = "suites/contract/test_contract.py::test_operation_honours_its_contract[POST /invoices]"
    hostile = "suites/contract/test_hostile_input.py::test_hostile_strings_in_bodies_cause_no_server_error"
    assert why in skipped[contract] and why in skipped[f"{hostile}[/invoices]"]
    cells = json.loads((outcome.reports / "rbac-matrix.json").read_text(encoding="utf-8"))
    granted = [c for c in cells if c["operation"] == "POST /invoices" and c["expected"] == "allowed"]
    assert granted and all(c["verdict"] == "unproven" and why in c["why"] for c in granted), granted


# defect -> (family, intended check, operation as the laravel spec writes it)
ONE_PER_FAMILY = {
    "cross_tenant_delete_by_id": (
        "scoping",
        "cross_tenant_access_refused",
        "DELETE /customers/{customer_id}",
    ),
    "member_role_escalation": ("rbac", "role_escalation_refused", "PATCH /members/{member_id}"),
}


def test_defects_are_caught_on_objects_read_through_envelopes_and_refs(tmp_path: Path) -> None:
    outcome = run_tenantprobe(
        tmp_path, suites=("scoping", "rbac"), defects=tuple(ONE_PER_FAMILY), dialect=STYLE, base=LARAVEL,
        examples=3,
    )  # fmt: skip
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["suite"], f["check"], f["operation"]) for f in outcome.findings}
    assert set(ONE_PER_FAMILY.values()) <= found, found
    assert {f["check"] for f in outcome.findings} == {check for _, check, _ in ONE_PER_FAMILY.values()}, found


Intended = dict[str, tuple[str, str | None]]  # defect -> (check, operation; None: any)


def _laravel_groups() -> list[tuple[str, tuple[str, ...], Intended, tuple[str, ...]]]:
    def relative(operation: str) -> str:
        return operation.replace(" /api/v1/", " /", 1)

    groups: list[tuple[str, tuple[str, ...], Intended, tuple[str, ...]]] = []
    for module, family in ((test_scoping, "scoping"), (test_rbac, "rbac")):
        for defects, _, _ in module.GROUPS:
            intended = {d: (module.INTENDED[d][0], relative(module.INTENDED[d][1])) for d in defects}
            groups.append((family, defects, intended, ()))
    for defect, (selection, check) in test_contract.CONTRACT_DEFECTS.items():
        groups.append(("contract", (defect,), {defect: (check, None)}, ("--", "-k", selection)))
    return groups


@pytest.mark.skipif(
    not os.environ.get("TP_SELFTEST_LARAVEL_ALL"), reason="the full sweep: TP_SELFTEST_LARAVEL_ALL=1"
)
@pytest.mark.parametrize(
    ("family", "defects", "intended", "extra"),
    _laravel_groups(),
    ids=["+".join(g[1]) for g in _laravel_groups()],
)
def test_every_scoping_rbac_and_contract_defect_is_caught_in_the_laravel_style(
    family: str, defects: tuple[str, ...], intended: Intended, extra: tuple[str, ...], tmp_path: Path
) -> None:
    outcome = run_tenantprobe(
        tmp_path, suites=(family,), defects=defects, dialect=STYLE, base=LARAVEL,
        examples=5 if family == "contract" else 3, extra=extra,
    )  # fmt: skip
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["check"], f["operation"]) for f in outcome.findings}
    for check, operation in intended.values():
        assert any(c == check and operation in (None, o) for c, o in found), found


def test_an_envelope_that_fits_no_real_response_is_a_config_error_naming_its_key(tmp_path: Path) -> None:
    def wrong_envelope(data: dict[str, Any]) -> None:
        data["envelope"] = {"operations": {"POST /customers": {"object": "/result"}}}

    outcome = run_tenantprobe(
        tmp_path, suites=("scoping",), dialect=STYLE, base=LARAVEL, examples=1, edit=wrong_envelope
    )
    assert outcome.exit_code == 2, outcome.output[-3000:]
    assert (
        "`envelope.operations.POST /customers.object` is `/result`, which matches nothing" in outcome.output
    )
    assert outcome.findings == []
