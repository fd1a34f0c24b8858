"""Run profiles: how much a run generates and how it seeds, named for when it runs.

``ci`` runs on every build: a seed fixed by the spec's hash (the same build gives the same
verdict), every family, few examples per operation, short link sequences. ``full`` runs before
go-live: many examples, longer sequences, hostile strings drawn more often. ``default`` is an
exploring run: a fresh seed each time. ``--examples`` and ``--seed`` override a profile's choice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    examples: int  # generated examples per operation
    fixed_seed: bool  # seed from the spec's hash when none is given, else a fresh one
    sequences: int  # link sequences walked per stateful principal (at least this many)
    sequence_steps: int  # steps per link sequence
    hostile_probability: float  # how often a generated string is one of the hostile strings


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile(
            "default", examples=10, fixed_seed=False, sequences=2, sequence_steps=6, hostile_probability=0.1
        ),
        Profile("ci", examples=3, fixed_seed=True, sequences=2, sequence_steps=4, hostile_probability=0.1),
        Profile(
            "full", examples=50, fixed_seed=False, sequences=20, sequence_steps=10, hostile_probability=0.25
        ),
    )
}
DEFAULT_PROFILE = PROFILES["default"]


def profile_named(name: str | None) -> Profile:
    """The profile of that name (``None``: the default); an unknown name is a usage error."""
    if name is None:
        return DEFAULT_PROFILE
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile `{name}`; choose one of: {', '.join(PROFILES)}") from None
