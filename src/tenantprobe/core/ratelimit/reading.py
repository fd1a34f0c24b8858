"""What one response's rate-limit headers say, whatever dialect carried them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reading:
    """The limit, what is left of it and when it resets; ``problems`` lists malformed values."""

    present: tuple[str, ...] = ()  # rate-limit header names the response carried
    limit: int | None = None
    remaining: int | None = None
    used: int | None = None
    reset_after: float | None = None  # seconds from the response until the window resets
    window: float | None = None  # the window length, where the dialect announces it
    policy: str = ""  # the policy or resource name: separate limits are separate counters
    problems: tuple[str, ...] = field(default=())

    @property
    def announced(self) -> bool:
        return self.limit is not None or self.remaining is not None


class HeaderView:
    """Case-insensitive, read-only access to response headers, collecting problems as it reads."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self._headers = {name.lower(): value for name, value in headers.items()}
        self.problems: list[str] = []
        self.present: list[str] = []

    def get(self, name: str) -> str | None:
        value = self._headers.get(name.lower())
        if value is not None and name not in self.present:
            self.present.append(name)
        return value

    def has(self, name: str) -> bool:
        return name.lower() in self._headers

    def integer(self, name: str) -> int | None:
        """A non-negative integer header, or None (absent, or malformed: a problem is noted)."""
        value = self.get(name)
        if value is None:
            return None
        text = value.strip()
        if not text.isdigit():
            self.problems.append(f"`{name}: {value}` is not a non-negative integer")
            return None
        return int(text)

    def unix_time_as_delay(self, name: str, now: float) -> float | None:
        """A header holding a unix time, as seconds from ``now`` (a past time is a problem)."""
        moment = self.integer(name)
        if moment is None:
            return None
        if moment < now - 2:  # two seconds of clock skew between the target and us
            self.problems.append(f"`{name}: {moment}` lies in the past (now is {int(now)})")
        return max(0.0, moment - now)
