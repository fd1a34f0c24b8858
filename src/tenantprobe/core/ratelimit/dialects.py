"""Rate-limit header dialects: which headers a target promises, how to read them, how to recognise them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.ratelimit import ietf
from tenantprobe.core.ratelimit.reading import HeaderView, Reading

Reader = Callable[[HeaderView, float], Reading]


@dataclass(frozen=True)
class Dialect:
    """A header dialect: its header names, the sets of them that count as "announced", a reader."""

    name: str
    names: tuple[str, ...]
    required: tuple[tuple[str, ...], ...]  # any one complete set satisfies "headers present"
    reader: Reader = field(repr=False)

    def read(self, headers: Mapping[str, str], now: float | None = None) -> Reading:
        return self.reader(HeaderView(headers), time.time() if now is None else now)

    def missing(self, headers: Mapping[str, str]) -> tuple[str, ...]:
        """The headers of the closest required set that the response lacks (empty: all there)."""
        view = HeaderView(headers)
        gaps = [tuple(name for name in names if not view.has(name)) for names in self.required]
        return min(gaps, key=len) if gaps else ()


@dataclass(frozen=True)
class CustomNames:
    """Header names of a target that follows none of the known dialects."""

    limit: str
    remaining: str
    reset: str | None = None
    used: str | None = None
    reset_format: str = "seconds"  # "seconds" until reset, or a "unix" time


def _laravel(view: HeaderView, now: float) -> Reading:
    limit = view.integer("X-RateLimit-Limit")
    remaining = view.integer("X-RateLimit-Remaining")
    reset = view.unix_time_as_delay("X-RateLimit-Reset", now)  # sent on 429 only
    return Reading(tuple(view.present), limit, remaining, reset_after=reset, problems=tuple(view.problems))


def _github(view: HeaderView, now: float) -> Reading:
    limit = view.integer("x-ratelimit-limit")
    remaining = view.integer("x-ratelimit-remaining")
    used = view.integer("x-ratelimit-used")
    reset = view.unix_time_as_delay("x-ratelimit-reset", now)
    resource = view.get("x-ratelimit-resource") or ""
    return Reading(
        tuple(view.present), limit, remaining, used, reset, policy=resource, problems=tuple(view.problems)
    )


def _ietf_reader(view: HeaderView, now: float) -> Reading:
    return ietf.read_ietf(view)


LARAVEL = Dialect(
    "laravel", ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"),
    (("X-RateLimit-Limit", "X-RateLimit-Remaining"),), _laravel,
)  # fmt: skip
GITHUB = Dialect(
    "github",
    (
        "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used",
        "x-ratelimit-reset", "x-ratelimit-resource",
    ),
    (("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"),),
    _github,
)  # fmt: skip
IETF = Dialect("ietf", ietf.NAMES, ietf.REQUIRED, _ietf_reader)
KNOWN = {dialect.name: dialect for dialect in (LARAVEL, IETF, GITHUB)}


def custom_dialect(names: CustomNames) -> Dialect:
    def read(view: HeaderView, now: float) -> Reading:
        limit = view.integer(names.limit)
        remaining = view.integer(names.remaining)
        used = view.integer(names.used) if names.used else None
        reset: float | None = None
        if names.reset and names.reset_format == "unix":
            reset = view.unix_time_as_delay(names.reset, now)
        elif names.reset:
            seconds = view.integer(names.reset)
            reset = None if seconds is None else float(seconds)
        return Reading(tuple(view.present), limit, remaining, used, reset, problems=tuple(view.problems))

    every = tuple(name for name in (names.limit, names.remaining, names.reset, names.used) if name)
    return Dialect("custom", every, ((names.limit, names.remaining),), read)


def detect(header_names: Iterable[str]) -> Dialect | None:
    """The dialect these header names belong to (response headers, or those a spec declares)."""
    lowered = {name.lower() for name in header_names}
    if lowered & {name.lower() for name in IETF.names}:
        return IETF
    if lowered & {"x-ratelimit-used", "x-ratelimit-resource"}:
        return GITHUB
    if "x-ratelimit-limit" in lowered or "x-ratelimit-remaining" in lowered:
        return LARAVEL
    return None


def configured_dialect(block: Mapping[str, Any]) -> Dialect | None:
    """The dialect a ``rate_limits`` block names (None for ``auto``: detect it from the spec or traffic)."""
    name = block.get("dialect", "auto")
    if name == "custom":
        names = block["headers"]
        return custom_dialect(
            CustomNames(
                limit=names["limit"],
                remaining=names["remaining"],
                reset=names.get("reset"),
                used=names.get("used"),
                reset_format=names.get("reset_format", "seconds"),
            )
        )
    return None if name == "auto" else KNOWN[name]
