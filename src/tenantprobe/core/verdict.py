"""A verdict carries its proof: passed, failed, or unproven with the precondition that was not shown.

A judge that could not show its precondition (the genuine callback accepted, the victim's object
read by its owner, the operation reached) returns :class:`Unproven` instead of passing; a test
ends with :func:`conclude`, which raises the failures, or skips with an ``unproven:`` reason that
every report (junit, Allure, summary.json, summary.html, the closing line) counts on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pytest

from tenantprobe.core.failures import ProbeFailure, raise_all

UNPROVEN_PREFIX = "unproven: "
Outcome = Literal["passed", "failed", "unproven"]


class Unproven(LookupError):
    """A precondition was not shown, so the check has no verdict; ``reason`` says which, for a person.

    A ``LookupError``: "no object of `acme` is known" is the commonest reason, and older callers
    catch that.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Verdict:
    """What one probe showed: its outcome, the precondition it checked, and the failures or the reason."""

    outcome: Outcome
    precondition: str = ""  # what had to be shown first ("`acme`'s admin reads the object: 200")
    reason: str = ""  # why it is unproven
    failures: tuple[ProbeFailure, ...] = field(default=())

    @classmethod
    def judged(cls, failures: Sequence[ProbeFailure], precondition: str = "") -> Verdict:
        return cls("failed" if failures else "passed", precondition, "", tuple(failures))

    @classmethod
    def unproven(cls, reason: str) -> Verdict:
        return cls("unproven", "", reason)


def is_unproven_reason(reason: str) -> bool:
    """Whether a skip reason (as pytest, junit or Allure keep it) marks an unproven check."""
    text = reason.removeprefix("Skipped: ")
    return text.startswith(UNPROVEN_PREFIX)


def unproven_text(reasons: Iterable[str]) -> str:
    unique = list(dict.fromkeys(reason for reason in reasons if reason))
    shown = "; ".join(unique[:5]) + (f"; and {len(unique) - 5} more" if len(unique) > 5 else "")
    return UNPROVEN_PREFIX + (shown or "no precondition was shown")


def declare_unproven(reason: str) -> None:
    """End the test as unproven (a pytest skip whose reason says so)."""
    pytest.skip(unproven_text([reason]))


def conclude(verdicts: Sequence[Verdict]) -> None:
    """End a test from its verdicts: failures are raised; otherwise any unproven one makes it unproven.

    A test passes only when every probe in it showed its precondition and passed.
    """
    raise_all([failure for verdict in verdicts for failure in verdict.failures])
    unproven = [verdict.reason for verdict in verdicts if verdict.outcome == "unproven"]
    if unproven:
        pytest.skip(unproven_text(unproven))
