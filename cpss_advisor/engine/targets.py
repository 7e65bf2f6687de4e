"""Targets: the phase each subdomain should reach over the planning horizon.

A target the assessment gives for a subdomain overrides that subdomain only; every other rated subdomain below
Maturity keeps its default: one phase up over a horizon of up to two years, two phases up over three to four
years, three beyond. A target of `keep` leaves a subdomain where it is (no default, no step planned for it,
though a rule may still bring a step in as a prerequisite). The plan says which targets were defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..intake.assessment import Assessment


@dataclass(frozen=True)
class Target:
    subdomain: str
    phase: int
    explicit: bool


def phases_per_horizon(horizon_years: int) -> int:
    if horizon_years <= 2:
        return 1
    if horizon_years <= 4:
        return 2
    return 3


def plan_targets(a: Assessment, horizon_years: int = 1) -> dict[str, Target]:
    climb = phases_per_horizon(horizon_years)
    out: dict[str, Target] = {sid: Target(sid, phase, True) for sid, phase in a.targets.items()}
    for sid, r in a.ratings.items():
        if sid not in out and sid not in a.kept and r.phase < 4:
            out[sid] = Target(sid, min(4, r.phase + climb), False)
    return dict(sorted(out.items()))
