"""How much the plan depends on each rating alone: every rated subdomain one phase up and one down.

Each change is planned on the lean path and compared with the base plan by milestone (a subdomain reaching a
phase, as in `cpss_advisor.analysis.robustness`): the milestones that enter or leave the first period, whether the
top of the plan changes, and whether the change itself reaches a planned milestone (a rating one phase higher can
mean the step is already done). For each milestone of the base plan it gives the share of the single changes under
which it keeps its place (the first period for one planned there, the plan for the others), leaving out the changes
that reach it (a question for its rating, not for the order of the plan); it is robust at `ROBUST_SHARE` or more,
the same stated threshold as robustness.
"""

from __future__ import annotations

from collections import Counter

from ..intake.assessment import Assessment
from ..planning.pipeline import Advisor, PlanOptions, run_batch
from .robustness import ROBUST_SHARE, ROBUSTNESS_RULE, Milestones
from .scenario import Scenario, apply


def _mark(m: tuple) -> dict:
    return {"subdomain": m[0], "phase": m[1]}


def sensitivity(advisor: Advisor, a: Assessment, options: PlanOptions, *, top: int = 5, jobs: int = 1,
                dirs: dict | None = None) -> dict:
    """The report: every one-phase change of a single rating, planned and compared with the base plan; `top` is how
    many of the plan's first milestones count as its top."""
    variants = []
    for sid, r in a.ratings.items():
        for delta in (1, -1):
            phase = r.phase + delta
            if 1 <= phase <= 4:
                variants.append((sid, r.phase, phase))
    assessments = [apply(a, Scenario(f"{sid} {old}->{new}", ((sid, new),)), advisor.kb) for sid, old, new in variants]
    base_sched = advisor.schedule(a, options)
    base = Milestones()(base_sched)
    outcomes = run_batch(advisor, [(x, options.lean()) for x in assessments], jobs=jobs, label="sensitivity",
                         reduce=Milestones(), **(dirs or {}))
    base_first = [m[:2] for m in base[0] if m[2] == 1]
    base_top = [m[:2] for m in base[0][:top]]
    rows = []
    movers: dict[tuple, list[dict]] = {m[:2]: [] for m in base[0]}
    reached: Counter = Counter()
    for (sid, old, new), (marks, _tie, _actions) in zip(variants, outcomes):
        first = [m[:2] for m in marks if m[2] == 1]
        plan = {m[:2] for m in marks}
        for m in base[0]:
            if m[0] == sid and new >= m[1]:
                reached[m[:2]] += 1  # the change itself reaches it: a question for the rating, not the order
            elif m[:2] not in (first if m[2] == 1 else plan):
                movers[m[:2]].append({"subdomain": sid, "from": old, "to": new})
        after = [m[:2] for m in marks[:top]]
        rows.append({"subdomain": sid, "from": old, "to": new, "direction": "up" if new > old else "down",
                     "first_period_added": [_mark(m) for m in sorted(set(first) - set(base_first))],
                     "first_period_removed": [_mark(m) for m in sorted(set(base_first) - set(first))],
                     "reaches": [_mark(m) for m in base_first if m[0] == sid and new >= m[1]],
                     "top_before": [_mark(m) for m in base_top], "top_after": [_mark(m) for m in after],
                     "alters_first_wave": set(first) != set(base_first), "alters_top": after != base_top})
    n = len(rows)
    ranks = {d: i for i, d in enumerate(base_sched.order, 1)}
    steps = [base_sched.drafts[i] for i in base_sched.order if base_sched.drafts[i].kind in ("climb", "restore")]
    milestones = []
    for d, m in zip(steps, base[0]):
        counted = n - reached[m[:2]]
        share = (counted - len(movers[m[:2]])) / counted if counted else 1.0
        milestones.append({"subdomain": d.subdomain, "phase": d.to_phase, "step": d.id, "rank": ranks[d.id],
                           "wave": m[2], "measure": "in_first_period" if m[2] == 1 else "in_plan",
                           "changes_counted": counted, "kept": share, "robust": share >= ROBUST_SHARE,
                           "moved_by": movers[m[:2]]})
    return {"schema_version": 2, "country": a.country, "as_of": a.as_of.isoformat(),
            "provenance": base_sched.evaluation.provenance.as_dict(), "options": options.as_dict(), "top": top,
            "robustness_rule": dict(ROBUSTNESS_RULE), "base_first_period": [_mark(m) for m in sorted(base_first)],
            "base_top": [_mark(m) for m in base_top], "milestones": milestones, "changes": rows,
            "alter_first_wave": [f"{r['subdomain']} {r['from']}->{r['to']}" for r in rows if r["alters_first_wave"]]}

