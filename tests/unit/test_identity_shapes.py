"""Roles and memberships read by pointer from every shape an identity answer gives them."""

from __future__ import annotations

from tenantprobe.tenancy.identity_shapes import (
    memberships_by_tenant,
    resolve_pointer,
    role_names,
    unmatched_pointers,
)

MEMBERSHIPS = {"items": "/memberships", "tenant": "/org", "role": "/role"}


def test_roles_as_a_list_of_strings() -> None:
    assert role_names(resolve_pointer({"roles": ["viewer", "billing"]}, "/roles")) == ["viewer", "billing"]


def test_roles_as_a_list_of_objects_by_name_or_role() -> None:
    answer = {"roles": [{"name": "viewer", "guard": "web"}, {"role": "billing"}]}
    assert role_names(resolve_pointer(answer, "/roles")) == ["viewer", "billing"]


def test_a_role_as_a_single_string() -> None:
    assert role_names(resolve_pointer({"user": {"role": "manager"}}, "/user/role")) == ["manager"]


def test_memberships_keyed_by_tenant_gather_every_role_of_each_tenant() -> None:
    answer = {
        "memberships": [
            {"org": "acme", "role": "member"},
            {"org": "globex", "role": "viewer"},
            {"org": "acme", "role": "billing"},
        ]
    }
    assert memberships_by_tenant(answer, MEMBERSHIPS) == {"acme": ["member", "billing"], "globex": ["viewer"]}


def test_memberships_with_role_objects_and_numeric_tenant_ids() -> None:
    answer = {"teams": [{"team": {"id": 7}, "roles": [{"name": "admin"}]}]}
    pointers = {"items": "/teams", "tenant": "/team/id", "role": "/roles"}
    assert memberships_by_tenant(answer, pointers) == {"7": ["admin"]}


def test_a_pointer_that_matches_nothing_is_named_not_read_as_no_roles() -> None:
    answer = {"user": {"id": 1}, "roles": []}
    pointers = {"identity.roles": "/roles", "identity.permissions": "/perms", "identity.user_id": "/user/id"}
    assert unmatched_pointers(answer, pointers) == ["identity.permissions"]


def test_an_empty_role_list_matches_and_means_no_roles() -> None:
    assert unmatched_pointers({"roles": []}, {"identity.roles": "/roles"}) == []
    assert role_names([]) == []
