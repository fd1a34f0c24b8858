"""Generated writes by id never land on an object the run knows and did not create to fuzz.

The reference API runs in process (header and path tenancy); the harness plants its canaries and
lists every tenant's data as a run does, then the contract runner sends a generated DELETE for each
id its admins listed or planted, the worst draw a generator can make. Each known object must still
be there afterwards, and the writes must still reach the handler: on an object the contract suite
created itself, or on an id no object has.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from tenantprobe import (
    CanarySet,
    ContractRunner,
    Principal,
    RunState,
    TargetClient,
    contract_schema,
    load_config,
)
from tenantprobe.cli.run import print_kept_off
from tenantprobe.core.ledger import CREATED
from tenantprobe.core.state import set_state
from tenantprobe.families.contract.aim import (
    KEPT_OFF,
    LISTED,
    MADE_UP,
    OWN,
    REACH,
    REACH_TRIES,
    WriteAim,
    id_parameters,
    made_up_id,
)
from tenantprobe.openapi.reader import read_spec
from tenantprobe.reporting.coverage import coverage_section
from tenantprobe.tenancy.canaries import plant_canaries
from tenantprobe.tenancy.carrier import bind_carrier

ROOT = Path(__file__).resolve().parents[2]
UNLIMITED = (100_000, 60)
# dialect -> (tenants.yaml, the reference API's tenancy, the prefix of tenant-scoped paths)
DIALECTS = {
    "header": (ROOT / "tenants.yaml", "header", "/api/v1"),
    "path": (ROOT / "examples" / "path" / "tenants.yaml", "path", "/api/v1/orgs/{org}"),
}


def test_each_path_id_is_read_against_the_collection_before_it() -> None:
    found = id_parameters("/v1/orgs/{org}/boards/{board_id}/cards/{card_id}", "org")
    assert found == {"board_id": "/v1/orgs/{org}/boards", "card_id": "/v1/orgs/{org}/boards/{board_id}/cards"}


def test_a_made_up_id_keeps_the_shape_of_the_generated_one() -> None:
    assert made_up_id("7", 3).isdigit() and int(made_up_id("7", 3)) < 2**31
    assert made_up_id("3f2b8c1e-0000-4000-8000-0123456789ab", 5).count("-") == 4
    assert made_up_id("acme-widget", 1) != "acme-widget"


@contextmanager
def harness_against(dialect: str) -> Iterator[tuple[RunState, CanarySet, dict[str, TargetClient]]]:
    config_path, tenancy, _ = DIALECTS[dialect]
    with BackgroundServer(replace(Settings(), rate_limit=UNLIMITED, tenancy=tenancy)) as server:
        config = load_config(config_path, target_url=server.url)
        location = f"{server.url}/api/v1/openapi.json"
        spec = httpx.get(location, timeout=10).json()
        reading = read_spec(spec, location, config, server.url)
        state = RunState(
            config=config, base_url=server.url, spec=reading.spec, spec_sha256="",
            routes=reading.routes, envelopes=reading.envelopes,
        )  # fmt: skip
        bind_carrier(state)
        set_state(state)
        CREATED.items.clear()
        KEPT_OFF.counts.clear()
        clients: dict[str, TargetClient] = {}

        def client_for(principal: Principal) -> TargetClient:
            if principal.id not in clients:
                clients[principal.id] = TargetClient(config, state.routes, principal)
            return clients[principal.id]

        try:
            canaries = plant_canaries(state, client_for)
            admins = {name: client_for(tenant.admin) for name, tenant in config.tenants.items()}
            yield state, canaries, admins
        finally:
            for client in clients.values():
                client.close()
            CREATED.items.clear()
            set_state(None)


def delete_case(schema: Any, template: str, value: str) -> Any:
    """The generated DELETE a generator may draw: ``value`` as the id (the tenant is set per sender)."""
    tenant = {"org": "acme"} if "{org}" in template else {}
    return schema[template]["DELETE"].Case(path_parameters={"customer_id": int(value), **tenant})


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_generated_deletes_by_id_spare_every_known_object_and_still_reach_the_handler(dialect: str) -> None:
    prefix = DIALECTS[dialect][2]
    collection, template = f"{prefix}/customers", f"{prefix}/customers/{{customer_id}}"
    with harness_against(dialect) as (state, canaries, admins):
        known = {value: tenant for tenant in canaries.ids for value in canaries.ids_of(tenant, collection)}
        assert len(known) >= 4, f"the seed and the canaries give customers to spare: {canaries.ids}"
        runner = ContractRunner(state, state.config.principals(), canaries)
        schema = contract_schema(state)
        try:
            # A generated POST first: what the contract suite creates, its writes by id may aim at.
            tenant = {"org": "acme"} if "{org}" in collection else {}
            body = {"name": "Fuzz target", "email": "fuzz@example.test"}
            runner.run(schema[collection]["POST"].Case(path_parameters=tenant or None, body=body))
            own = CREATED.generated_in(collection)
            assert own, "the generated POST created customers"
            for value in sorted(known, key=int):
                runner.run(delete_case(schema, template, value))
            unknown = delete_case(schema, template, "987654")
            runner.run(unknown)
        finally:
            runner.close()

        gone = [
            v for v, tenant in known.items() if admins[tenant].get(f"{collection}/{v}").status_code != 200
        ]
        assert gone == [], f"generated DELETEs removed objects the run knew: {gone}"
        # Each re-aimed DELETE went to a fresh object of the contract suite's own, and removed it.
        fresh = [v for v in CREATED.generated_in(collection) if v not in own]
        assert len(fresh) == len(known), fresh
        still = [
            v for v in fresh if any(a.get(f"{collection}/{v}").status_code == 200 for a in admins.values())
        ]
        assert still == [], "the re-aimed writes never reached the handler"
        assert unknown.path_parameters["customer_id"] == 987654, "an id no object has is fuzzed as generated"
        rows = KEPT_OFF.rows()
        assert sum(row["writes"] for row in rows) == len(known)
        assert {row["swapped_for"] for row in rows} == {OWN}
        assert {row["operation"] for row in rows} == {f"DELETE {template}"}
        assert LISTED in {row["why"] for row in rows}


def test_a_write_without_an_object_of_its_own_gets_a_fresh_one_or_an_id_no_object_has() -> None:
    with harness_against("header") as (state, canaries, admins):
        aim = WriteAim(state, canaries)
        listed = canaries.ids_of("globex", "/api/v1/customers")[0]
        try:
            patch = _FakeCase("PATCH", "/api/v1/customers/{customer_id}", {"customer_id": int(listed)})
            assert aim.aim(patch) == [LISTED]
            fresh = str(patch.path_parameters["customer_id"])
            assert fresh in CREATED.generated_in("/api/v1/customers"), "made for fuzzing, not spared"
            owner = next(t for t in admins if admins[t].get(f"/api/v1/customers/{fresh}").status_code == 200)
            assert owner in state.config.tenants
            aim.targets.enabled = False  # as in production mode, or where the spec cannot create one
            CREATED.items.clear()
            delete = _FakeCase("DELETE", "/api/v1/customers/{customer_id}", {"customer_id": int(listed)})
            assert aim.aim(delete) == [LISTED]
            assert str(delete.path_parameters["customer_id"]) not in canaries.ids_of(
                "globex", "/api/v1/customers"
            )
            swaps = {(row["operation"].split()[0], row["swapped_for"]) for row in KEPT_OFF.rows()}
            assert swaps == {("PATCH", OWN), ("DELETE", MADE_UP)}
            reading = _FakeCase("GET", "/api/v1/customers/{customer_id}", {"customer_id": int(listed)})
            assert aim.aim(reading) == [] and reading.path_parameters["customer_id"] == int(listed)
        finally:
            aim.close()


def test_writes_whose_drawn_id_names_nothing_reach_a_real_object_until_one_succeeds() -> None:
    """Random UUIDs never name an object: without this, no generated DELETE would reach success."""
    with harness_against("header") as (state, canaries, admins):
        aim = WriteAim(state, canaries)
        try:
            first = _FakeCase("DELETE", "/api/v1/customers/{customer_id}", {"customer_id": 987654})
            assert aim.aim(first, "globex") == [REACH]
            fresh = str(first.path_parameters["customer_id"])
            assert fresh in CREATED.generated_in("/api/v1/customers")
            assert admins["globex"].get(f"/api/v1/customers/{fresh}").status_code == 200  # the sender's
            aim.answered(first, 404)  # not reached yet (another tenant's sender): aimed again
            second = _FakeCase("DELETE", "/api/v1/customers/{customer_id}", {"customer_id": 987655})
            assert aim.aim(second, "acme") == [REACH]
            aim.answered(second, 204)
            third = _FakeCase("DELETE", "/api/v1/customers/{customer_id}", {"customer_id": 987656})
            assert aim.aim(third, "acme") == [] and third.path_parameters["customer_id"] == 987656
            # Each operation is reached on its own, and at most REACH_TRIES times without a 2xx.
            tries = []
            for draw in range(REACH_TRIES + 2):
                patch = _FakeCase("PATCH", "/api/v1/customers/{customer_id}", {"customer_id": 900 + draw})
                tries.append(aim.aim(patch, "acme"))
                aim.answered(patch, 422)
            assert tries == [[REACH]] * REACH_TRIES + [[], []]
            # A negative case's id may be the very value meant to be refused (above a maximum): kept.
            invalid = _FakeCase("PUT", "/api/v1/webhooks/{webhook_id}", {"webhook_id": 2**40}, "negative")
            assert aim.aim(invalid, "acme") == [] and invalid.path_parameters["webhook_id"] == 2**40
        finally:
            aim.close()


class _FakeOperation:
    def __init__(self, method: str, path: str) -> None:
        self.method, self.path = method, path


class _FakeCase:
    """What the aim reads of a schemathesis case: its operation and path parameters."""

    def __init__(
        self, method: str, path: str, path_parameters: dict[str, Any], mode: str = "positive"
    ) -> None:
        self.operation = _FakeOperation(method, path)
        self.path_parameters = path_parameters
        self.meta = SimpleNamespace(generation=SimpleNamespace(mode=mode))


def test_the_kept_off_writes_of_every_process_are_summed_and_said(capsys: pytest.CaptureFixture[str]) -> None:
    row = {"operation": "DELETE /boards/{board_id}", "why": LISTED, "swapped_for": OWN, "writes": 3}
    coverage = coverage_section({}, [], [], [row, {**row, "writes": 4}, {**row, "swapped_for": MADE_UP}])
    assert coverage["writes_kept_off"] == [
        {**row, "swapped_for": MADE_UP, "writes": 3},
        {**row, "swapped_for": OWN, "writes": 7},
    ]
    print_kept_off({"coverage": coverage})
    printed = capsys.readouterr().out
    assert "[kept off known objects: 10 generated write(s) by id re-aimed" in printed
    assert f"id {LISTED}: 3 to {MADE_UP}, 7 to {OWN}" in printed
