"""The run's seed: the one given is kept, a run without one draws one, a spec fixes one."""

from __future__ import annotations

import hashlib

from tenantprobe.core.seed import random_seed, run_seed, spec_seed


def test_a_given_seed_is_kept_even_zero() -> None:
    assert run_seed(7) == 7 and run_seed(0) == 0


def test_a_run_without_a_seed_draws_a_fresh_short_one() -> None:
    drawn = {run_seed(None) for _ in range(20)}
    assert len(drawn) > 1, "every run without --seed drew the same seed"
    assert all(0 <= seed < 1_000_000_000 for seed in drawn | {random_seed()})


def test_the_same_spec_gives_the_same_seed_and_another_spec_another() -> None:
    first = hashlib.sha256(b"openapi: 3.1.0 #1").hexdigest()
    second = hashlib.sha256(b"openapi: 3.1.0 #2").hexdigest()
    assert spec_seed(first) == spec_seed(first)
    assert spec_seed(first) != spec_seed(second)
    assert 0 <= spec_seed(first) < 1_000_000_000
