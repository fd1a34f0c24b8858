"""The run's seed: the one given, else one chosen for the run, so every run can be reproduced.

Generated data (contract cases, stateful sequences, forged webhooks) comes from this seed; the
summary records it and replays pass it on. A run without ``--seed`` explores: it draws a fresh seed.
A run that must give the same result for the same build takes ``spec_seed`` of its spec instead.
"""

from __future__ import annotations

import secrets

_SEED_BOUND = 1_000_000_000  # nine digits at most: easy to read off a console and type back


def random_seed() -> int:
    """A fresh seed for an exploring run."""
    return secrets.randbelow(_SEED_BOUND)


def spec_seed(spec_sha256: str) -> int:
    """A seed fixed by the spec's hash: the same spec, the same generated cases."""
    return int(spec_sha256[:15], 16) % _SEED_BOUND


def run_seed(given: int | None) -> int:
    """The seed a run uses: ``given`` when there is one, else a fresh one."""
    return given if given is not None else random_seed()
