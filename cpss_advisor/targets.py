"""Targets: the phase each subdomain should reach over the planning horizon.

An assessment's own `targets` are used as they are: subdomains without one get no target (rules may still bring
them into the plan, e.g. as prerequisites or lagging areas). An assessment without targets gets defaults: every
rated subdomain below Maturity aims one phase up over a horizon of up to two years, two phases up over three to
four years, three beyond.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assessment import Assessment


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
    if a.targets:
        return {sid: Target(sid, phase, True) for sid, phase in sorted(a.targets.items())}
    climb = phases_per_horizon(horizon_years)
    return {sid: Target(sid, min(4, r.phase + climb), False)
            for sid, r in sorted(a.ratings.items()) if r.phase < 4}
