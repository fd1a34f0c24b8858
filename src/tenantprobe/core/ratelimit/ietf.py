"""The IETF dialect (draft-ietf-httpapi-ratelimit-headers), read with a structured-field parser.

Three generations are in use: ``RateLimit-Policy: "p";q=100;w=60`` with ``RateLimit: "p";r=42;t=30``
(lists of items, drafts 08+), ``RateLimit: limit=100, remaining=42, reset=30`` (a dictionary, draft 07),
and the separate ``RateLimit-Limit`` / ``RateLimit-Remaining`` / ``RateLimit-Reset`` fields (drafts 00-06).
"""

from __future__ import annotations

from typing import Any

from http_sfv.dictionary import Dictionary
from http_sfv.item import Item
from http_sfv.list import List as StructuredList

from tenantprobe.core.ratelimit.reading import HeaderView, Reading

POLICY, STATE = "RateLimit-Policy", "RateLimit"
LEGACY = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
NAMES = (POLICY, STATE, *LEGACY)
REQUIRED = ((POLICY, STATE), (STATE,), LEGACY)


def read_ietf(view: HeaderView) -> Reading:
    state, policy = view.get(STATE), view.get(POLICY)
    if state is None and policy is None:
        return _read_legacy(view)
    limit = remaining = None
    reset = window = None
    name = ""
    if state is not None:
        items = _parse_list(view, STATE, state)
        if items is None:
            remaining, reset, limit = _read_dictionary_form(view, state)
        elif items:
            name = str(items[0].value)
            remaining = _integer_parameter(view, STATE, items[0], "r")
            reset = _integer_parameter(view, STATE, items[0], "t")
    if policy is not None:
        policies = _parse_list(view, POLICY, policy) or []
        chosen = next((item for item in policies if str(item.value) == name), None)
        if chosen is None and policies and not name:
            chosen = policies[0]
        if chosen is None and policies and name:
            view.problems.append(f"`{STATE}` names policy `{name}`, which `{POLICY}: {policy}` does not list")
        if chosen is not None:
            limit = _integer_parameter(view, POLICY, chosen, "q")
            window = _integer_parameter(view, POLICY, chosen, "w")
            name = name or str(chosen.value)
    elif state is not None and limit is None:
        view.problems.append(f"`{STATE}` is sent without `{POLICY}`, so the quota is not announced")
    return Reading(
        present=tuple(view.present),
        limit=limit,
        remaining=remaining,
        reset_after=None if reset is None else float(reset),
        window=None if window is None else float(window),
        policy=name,
        problems=tuple(view.problems),
    )


def _read_legacy(view: HeaderView) -> Reading:
    limit_text = view.get(LEGACY[0])
    limit = None
    if limit_text is not None:
        # Drafts 01-03 allow `10, 10;w=1, 50;w=60`: the first member is the limit that applies now.
        items = _parse_list(view, LEGACY[0], limit_text)
        if items:
            limit = _as_count(view, LEGACY[0], items[0].value)
    remaining = view.integer(LEGACY[1])
    reset = view.integer(LEGACY[2])
    return Reading(
        present=tuple(view.present),
        limit=limit,
        remaining=remaining,
        reset_after=None if reset is None else float(reset),
        problems=tuple(view.problems),
    )


def _read_dictionary_form(view: HeaderView, value: str) -> tuple[int | None, int | None, int | None]:
    fields = Dictionary()
    try:
        fields.parse(value.encode())
    except ValueError:
        view.problems.append(f"`{STATE}: {value}` is not a valid structured field (RFC 8941)")
        return None, None, None
    found = {key: _as_count(view, STATE, member.value) for key, member in fields.items()}
    return found.get("remaining"), found.get("reset"), found.get("limit")


def _parse_list(view: HeaderView, header: str, value: str) -> list[Any] | None:
    members = StructuredList()
    try:
        members.parse(value.encode())
    except ValueError:
        if header != STATE:  # RateLimit may be a dictionary instead (draft 07)
            view.problems.append(f"`{header}: {value}` is not a valid structured field list (RFC 8941)")
        return None
    return [member for member in members if isinstance(member, Item)]


def _integer_parameter(view: HeaderView, header: str, item: Any, key: str) -> int | None:
    if key not in item.params:
        view.problems.append(f"`{header}` policy `{item.value}` lacks the `{key}` parameter")
        return None
    return _as_count(view, header, item.params[key], key)


def _as_count(view: HeaderView, header: str, value: Any, key: str = "") -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        where = f"parameter `{key}` of `{header}`" if key else f"`{header}`"
        view.problems.append(f"{where} is `{value}`, not a non-negative integer")
        return None
    return value
