"""find_leaks: canaries, tenant ids and recorded object ids of other tenants, with their JSON path."""

from __future__ import annotations

from tenantprobe import Knowledge, find_leaks
from tenantprobe.core.config import Tenancy
from tenantprobe.tenancy.leaks import record_typed_ids

TENANCY = Tenancy(tenant_field="owner_tenant")


def knowledge() -> Knowledge:
    known = Knowledge(tenant_ids={"red": "1", "blue": "2"})
    known.add_canary("red", "tp-red-aaaa1111")
    known.add_canary("blue", "tp-blue-bbbb2222")
    record_typed_ids(known, "red", "/widgets", {"1", "2", "3", "7"})
    record_typed_ids(known, "blue", "/widgets", {"4", "5", "6", "7"})
    record_typed_ids(known, "blue", "/gadgets", {"9", "b7c1e0de-0000-4000-8000-000000000001"})
    return known


def test_own_data_is_no_leak() -> None:
    payload = {"data": [{"id": 1, "owner_tenant": 1, "name": "tp-red-aaaa1111 Ltd", "parent_id": 3}]}
    assert find_leaks(knowledge(), "red", payload, tenancy=TENANCY) == []


def test_other_tenants_canary_is_found_with_its_path() -> None:
    payload = {"data": [{"notes": "see tp-blue-bbbb2222@example.test"}]}
    assert find_leaks(knowledge(), "red", payload, tenancy=TENANCY) == [
        "`blue`'s canary `tp-blue-bbbb2222` at `$.data[0].notes`"
    ]


def test_other_tenants_identifier_in_the_tenant_field_is_found() -> None:
    leaks = find_leaks(knowledge(), "red", {"owner_tenant": 2}, tenancy=TENANCY)
    assert leaks == ["`blue`'s tenant id `2` in `owner_tenant` at `$.owner_tenant`"]


def test_other_tenants_id_in_an_id_field_is_found_but_not_in_other_fields() -> None:
    payload = {"id": 5, "amount": 4, "items": [{"thing_id": "b7c1e0de-0000-4000-8000-000000000001"}]}
    leaks = find_leaks(knowledge(), "red", payload, tenancy=TENANCY, collection="/widgets")
    assert leaks == [
        "`blue`'s id `5` in `id` at `$.id`",
        "`blue`'s id `b7c1e0de-0000-4000-8000-000000000001` in `thing_id` at `$.items[0].thing_id`",
    ]


def test_a_numeric_id_counts_only_in_its_own_collection() -> None:
    known = knowledge()
    assert find_leaks(known, "red", {"id": 9}, tenancy=TENANCY, collection="/widgets") == []
    assert find_leaks(known, "red", {"id": 9}, tenancy=TENANCY) == []
    assert find_leaks(known, "red", {"data": [{"gadget_id": 9}]}, tenancy=TENANCY) == [
        "`blue`'s id `9` in `gadget_id` at `$.data[0].gadget_id`"
    ]
    assert find_leaks(known, "red", {"data": [{"gadget": {"id": 9}}]}, tenancy=TENANCY) == [
        "`blue`'s id `9` in `id` at `$.data[0].gadget.id`"
    ]


def test_an_id_both_tenants_know_counts_as_own() -> None:
    assert find_leaks(knowledge(), "red", {"id": 7}, tenancy=TENANCY, collection="/widgets") == []


def test_shared_ids_and_booleans_are_ignored() -> None:
    known = knowledge()
    known.shared_ids.add("5")
    assert find_leaks(known, "red", {"id": 5, "flag_id": True}, tenancy=TENANCY, collection="/widgets") == []


def test_configured_id_fields_replace_the_defaults() -> None:
    tenancy = Tenancy(tenant_field="owner_tenant", id_fields=("ref",))
    assert find_leaks(knowledge(), "red", {"id": 5, "ref": 6}, tenancy=tenancy, collection="/widgets") == [
        "`blue`'s id `6` in `ref` at `$.ref`"
    ]


def test_json_text_and_plain_text_payloads_are_scanned() -> None:
    assert find_leaks(knowledge(), "red", b'{"owner_tenant": "2"}', tenancy=TENANCY)
    assert find_leaks(knowledge(), "red", "oops tp-blue-bbbb2222", tenancy=TENANCY) == [
        "`blue`'s canary `tp-blue-bbbb2222` at `$`"
    ]


def test_a_tenant_unknown_to_the_knowledge_sees_every_known_tenant_as_foreign() -> None:
    assert find_leaks(knowledge(), "green", {"owner_tenant": 1}, tenancy=TENANCY)
