"""What-if analysis: plan the base and each scenario, and report how each plan differs from the base."""

from __future__ import annotations

from ..intake.assessment import Assessment
from ..planning.pipeline import Advisor, PlanOptions, Summary, first_wave, run_batch
from .plan_diff import diff_plans, is_empty
from .scenario import Scenario, apply


class DiffAgainst(Summary):
    """Reduce a scenario's plan to its difference from the base plan (in the worker that made it)."""

    def __init__(self, base):
        self.base = base

    def __call__(self, plan) -> dict:
        return {"first_wave": first_wave(plan), "difference": diff_plans(self.base, plan)}


def base_plan(advisor: Advisor, a: Assessment, options: PlanOptions):
    """The plan scenarios are compared with: lean, as theirs are."""
    return advisor.plan(a, options.lean())


def whatif(advisor: Advisor, a: Assessment, scenarios: list[Scenario], options: PlanOptions, *, jobs: int = 1,
           dirs: dict | None = None, base=None) -> dict:
    """`base`: `base_plan(advisor, a, options)` when it was made already (many what-ifs on one assessment)."""
    applied = [apply(a, sc, advisor.kb) for sc in scenarios]
    if base is None:
        base = base_plan(advisor, a, options)
    results = run_batch(advisor, [(x, options.lean()) for x in applied], jobs=jobs, label="scenarios",
                        reduce=DiffAgainst(base), **(dirs or {}))
    out = []
    for sc, x, res in zip(scenarios, applied, results):
        d = res["difference"]
        out.append({"scenario": sc.as_dict(), "applied": sc.describe(), "input_sha256": x.sha256,
                    "first_wave": res["first_wave"], "difference": d, "unchanged": is_empty(d)})
    return {"schema_version": 1, "country": a.country, "as_of": a.as_of.isoformat(),
            "provenance": base.provenance, "options": options.as_dict(), "base_first_wave": first_wave(base),
            "scenarios": out}
