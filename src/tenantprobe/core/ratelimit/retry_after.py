"""``Retry-After`` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, both read as seconds to wait."""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryAfter:
    seconds: float  # how long to wait from the moment the response arrived (never negative)
    form: str  # "delta-seconds" or "http-date"


class RetryAfterError(ValueError):
    """The value is neither delta-seconds nor an HTTP-date."""


def parse_retry_after(value: str, now: float | None = None) -> RetryAfter:
    """Seconds to wait; ``now`` (unix time) anchors an HTTP-date. Raises :class:`RetryAfterError`."""
    text = value.strip()
    if text.isdigit():
        return RetryAfter(float(int(text)), "delta-seconds")
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise RetryAfterError(
            f"`Retry-After: {value}` is neither delta-seconds (e.g. `30`) nor an HTTP-date "
            "(e.g. `Wed, 21 Oct 2015 07:28:00 GMT`)"
        )
    now = time.time() if now is None else now
    return RetryAfter(max(0.0, moment.timestamp() - now), "http-date")
