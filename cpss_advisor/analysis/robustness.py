"""How much a plan depends on its ratings: one-phase sensitivity, and sampling from the raters' confidence.

Sensitivity moves each rated subdomain one phase up and one down, alone, and reports how the top of the plan
changes and which single changes would alter the first wave.

Robustness treats each rating as uncertain according to its confidence: a rating given with high confidence is
taken as it is; one with medium confidence (or none stated) is one phase higher or lower in a quarter of the
samples; one with low confidence in half of them (up and down equally likely; at phase 1 or 4, inward). These shares are the
project's working assumption, not a statistic from the sources. For each step of the base plan it reports the
share of samples in which the step stays in the first wave and in the plan. The same seed gives the same samples.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

from ..intake.assessment import Assessment
from ..planning.pipeline import Advisor, PlanOptions, Summary, first_wave, planned, run_batch
from .scenario import Scenario, apply

#: Probability that a rating is one phase off, by confidence ("unstated": the rating gives none; the name the
#: rule facts use too).
OFF_BY_ONE = {"high": 0.0, "medium": 0.25, "low": 0.5, "unstated": 0.25}


def sensitivity(advisor: Advisor, a: Assessment, options: PlanOptions, *, top: int = 5, jobs: int = 1,
                dirs: dict | None = None) -> dict:
    variants = []
    for sid, r in a.ratings.items():
        for delta in (1, -1):
            phase = r.phase + delta
            if 1 <= phase <= 4:
                variants.append((sid, r.phase, phase, Scenario(f"{sid} {r.phase}->{phase}", ((sid, phase),))))
    assessments = [apply(a, v[3], advisor.kb) for v in variants]
    base = advisor.plan(a, options)
    plans = run_batch(advisor, [(x, options.lean()) for x in assessments], jobs=jobs, label="sensitivity",
                      reduce=Summary(), **(dirs or {}))
    base_first, base_top = set(first_wave(base)), planned(base)[:top]
    rows = []
    for (sid, old, new, _sc), plan in zip(variants, plans):
        fw = set(plan["first_wave"])
        rows.append({"subdomain": sid, "from": old, "to": new, "direction": "up" if new > old else "down",
                     "first_wave_added": sorted(fw - base_first), "first_wave_removed": sorted(base_first - fw),
                     "top_before": base_top, "top_after": plan["planned"][:top],
                     "alters_first_wave": fw != base_first, "alters_top": plan["planned"][:top] != base_top})
    return {"schema_version": 1, "country": a.country, "as_of": a.as_of.isoformat(),
            "provenance": base.provenance, "options": options.as_dict(), "top": top,
            "base_first_wave": sorted(base_first), "base_top": base_top, "changes": rows,
            "alter_first_wave": [f"{r['subdomain']} {r['from']}->{r['to']}" for r in rows if r["alters_first_wave"]]}


def sample_assessment(a: Assessment, rng: random.Random) -> Assessment:
    ratings = {}
    for sid, r in a.ratings.items():
        p = OFF_BY_ONE[r.confidence or "unstated"]
        u = rng.random()
        phase = r.phase
        if u < p:
            # Off by one: up or down with equal chance; at phase 1 or 4 the only way is inward.
            down = phase == 4 or (phase > 1 and u < p / 2)
            phase = phase - 1 if down else phase + 1
        ratings[sid] = r if phase == r.phase else r.model_copy(update={"phase": phase})
    return dataclasses.replace(a, ratings=ratings)


def robustness(advisor: Advisor, a: Assessment, options: PlanOptions, *, samples: int, seed: int, jobs: int = 1,
               dirs: dict | None = None) -> dict:
    rng = random.Random(seed)
    drawn = [sample_assessment(a, rng) for _ in range(samples)]
    base = advisor.plan(a, options)
    plans = run_batch(advisor, [(x, options.lean()) for x in drawn], jobs=jobs, label="samples", reduce=Summary(),
                      **(dirs or {}))
    in_first, in_plan = Counter(), Counter()
    for plan in plans:
        in_first.update(plan["first_wave"])
        in_plan.update(plan["planned"])
    base_ids = planned(base)
    steps = [{"id": r.id, "wave": r.wave, "rank": r.rank,
              "first_wave_share": in_first[r.id] / samples, "plan_share": in_plan[r.id] / samples}
             for r in base.recommendations]
    others = sorted(((sid, n) for sid, n in in_plan.items() if sid not in base_ids and n / samples >= 0.1),
                    key=lambda x: (-x[1], x[0]))
    return {"schema_version": 1, "country": a.country, "as_of": a.as_of.isoformat(),
            "provenance": base.provenance, "options": options.as_dict(), "samples": samples, "seed": seed,
            "off_by_one": dict(OFF_BY_ONE), "steps": steps,
            "other_steps": [{"id": sid, "plan_share": n / samples, "first_wave_share": in_first[sid] / samples}
                            for sid, n in others]}
