"""What-if analysis: plan the base and each scenario, and report how each plan differs from the base."""

from __future__ import annotations

from ..intake.assessment import Assessment
from ..core.escape import terminal
from ..planning.pipeline import Advisor, PlanOptions, Summary, first_wave, run_batch
from .plan_diff import diff_plans, is_empty
from .scenario import Scenario, apply
from ..render.text_table import wrap


class DiffAgainst(Summary):
    """Reduce a scenario's plan to its difference from the base plan (in the worker that made it)."""

    def __init__(self, base):
        self.base = base

    def __call__(self, plan) -> dict:
        return {"first_wave": first_wave(plan), "difference": diff_plans(self.base, plan)}


def whatif(advisor: Advisor, a: Assessment, scenarios: list[Scenario], options: PlanOptions, *, jobs: int = 1,
           dirs: dict | None = None) -> dict:
    applied = [apply(a, sc, advisor.kb) for sc in scenarios]
    base = advisor.plan(a, options.lean())  # compared with lean scenario plans, so lean too
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


def render_whatif(report: dict) -> str:
    out = [f"What-if for {terminal(report['country'])} (assessment as of {report['as_of']})",
           f"Base plan, steps starting in the first period: {', '.join(report['base_first_wave']) or 'none'}"]
    if not report["scenarios"]:
        out.append("")
        out.append("No scenario given: the plan is unchanged. Use --set, --context, --shock or --scenarios.")
    for s in report["scenarios"]:
        out.append("")
        out.append(f"Scenario '{terminal(s['scenario']['name'])}': {terminal(s['applied'])}")
        d = s["difference"]
        if s["unchanged"]:
            out.append("  The plan does not change.")
            continue
        out.append(f"  Steps starting in the first period: {', '.join(s['first_wave']) or 'none'}")
        for c in d["changes"]:
            out.append(f"  {c['step']} {c['change']}: {_where(c['base'])} -> {_where(c['scenario'])}")
            rules = "; ".join(f"{r['rule']} {r['change']}" for r in c["rules_changed"])
            out.append(wrap(f"rules: {rules}" if rules else c["note"], indent="      ", hang="  "))
        for key, label in (("advice_added", "new advice"), ("advice_removed", "advice no longer given"),
                           ("warnings_added", "new warning"), ("warnings_removed", "warning gone")):
            for text in d[key]:
                out.append(wrap(f"{label}: {text}", indent="  ", hang="  "))
    return "\n".join(out) + "\n"


def _where(w: dict | None) -> str:
    if w is None:
        return "not in the plan"
    if w["status"] == "planned":
        return f"month {w['start_month']}, rank {w['rank']}, score {w['score']:g}"
    return f"deferred, score {w['score']:g}"
