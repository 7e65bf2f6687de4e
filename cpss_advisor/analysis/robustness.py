"""How sure is the plan? Ratings sampled from their raters' confidence, and how often each milestone keeps its place.

A *milestone* is a subdomain reaching a phase (3.3 reaching System Enhancement): what a step of the plan achieves.
Stability is counted by milestone, not by step id, so that a milestone planned from another phase in a sample (its
rating came out lower) is still the same milestone.

**The perturbation model** (`PERTURBATION`, shown in every output): each rating is uncertain according to its
confidence. A rating given with high confidence is taken as it is; one with medium confidence (or none stated) is one
phase higher or lower in a quarter of the samples; one with low confidence in half of them (up and down equally
likely; at phase 1 or 4, inward). Ratings vary independently. The benchmark's phase texts are indicative, not a
checklist (seed 000, line 110), so a rating can be a phase off; the shares themselves are the project's working
assumption, not a statistic from the sources.

For each milestone of the base plan the report gives the share of samples in which it is in the plan, starts in the
first period, comes first among the steps, and is already reached (its subdomain sampled at or above that phase).
A milestone already reached in a sample is a question about its own rating, not about the order of the plan (which
rating to verify, below, answers it); so a milestone counts as **robust** when, among the samples in which it is
still to be done, it keeps its place (the first period for a milestone planned there, the plan for the others) in
at least `ROBUST_SHARE` of them. The threshold is the project's choice (`ROBUSTNESS_RULE`). Counted over all
samples, the shares of a milestone whose own rating may be off would mostly restate the perturbation rate. The
report also gives how often the first two steps tie on score (their order then comes from the stated tie rule).

**Which rating to verify first** (value of information): ratings are sampled independently, so the samples in
which one rating came out as stated are samples of the same model with that rating verified, held at its stated
value while the others vary. For each rating that may be off, the share of those samples whose first period holds
the same milestones as the plan's is set against the share over all samples; the rating whose verification raises
it most is the one to verify first. This needs no plan beyond the samples'.

Speed: each distinct sample is planned once, on the lean path (the planner's schedule, without plan data, rationale
or text), in worker processes when asked; the result is the same whatever the number of workers. The same seed
gives the same samples and the same report.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
from collections import Counter

from ..core.i18n import N_
from ..intake.assessment import Assessment
from ..planning.pipeline import Advisor, PlanOptions, Summary, run_batch

#: Probability that a rating is one phase off, by confidence ("unstated": the rating gives none; the name the
#: rule facts use too).
OFF_BY_ONE = {"high": 0.0, "medium": 0.25, "low": 0.5, "unstated": 0.25}

PERTURBATION = {
    "off_by_one": OFF_BY_ONE,
    "direction": "one phase up or down, equally likely; at phase 1 or 4, inward",
    "independent": True,
    "inferred": True,
    "reason": N_("The phase texts are indicative, not a checklist (seed 000, line 110), so a rating may be a phase "
                 "off; the sources give no error rates: these shares are the project's working assumption."),
}

#: A milestone is robust when it keeps its place in at least this share of the samples in which it is still to do.
ROBUST_SHARE = 0.8

ROBUSTNESS_RULE = {
    "share": ROBUST_SHARE,
    "inferred": True,
    "reason": N_("The sources give no threshold. Four samples in five is the project's choice: a place that holds "
                 "in four of five plausible readings of the ratings is one a planning workshop can commit to; below "
                 "it, verify the ratings that move it before committing."),
}

#: Milestones outside the base plan are listed when they are in at least this share of the samples' plans.
OTHER_SHARE = 0.1

_STEP_KINDS = ("climb", "restore")


class Milestones(Summary):
    """A sample's plan as its milestones in plan order, (subdomain, phase, period), whether its first two steps
    tie on score, and its actions. Reads the schedule: no plan data, rationale or text is made."""

    reads = "schedule"

    def __call__(self, sched) -> tuple:
        steps = [sched.drafts[i] for i in sched.order if sched.drafts[i].kind in _STEP_KINDS]
        marks = tuple((d.subdomain, d.to_phase, sched.wave_of(d.item.start)) for d in steps)
        # as the plan reports its ties: the same score, and the stated tie rule put one first
        tie = len(steps) > 1 and any(t["first"] == steps[0].id and t["second"] == steps[1].id for t in sched.ties)
        actions = tuple(i for i in sched.order if sched.drafts[i].kind not in _STEP_KINDS)
        return marks, tie, actions


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


#: A worker process costs about half a second to start (its own rule engine); below this many samples a second
#: worker does not pay for itself (measured: 1,000 samples of an example, 7.5 s on one worker, 4.1 s on two).
SAMPLES_PER_WORKER = 250


def workers_for(samples: int) -> int:
    """The worker processes a run of `samples` uses by default: one per SAMPLES_PER_WORKER samples, at most the
    processors this process may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, samples // SAMPLES_PER_WORKER))


def plan_samples(advisor: Advisor, drawn: list[Assessment], options: PlanOptions, *, jobs: int = 1,
                 dirs: dict | None = None) -> list[tuple]:
    """`Milestones` of each sample, in order; samples with the same ratings are planned once."""
    index: dict[tuple, int] = {}
    unique = []
    keys = []
    for x in drawn:
        key = tuple((s, r.phase) for s, r in x.ratings.items())
        if key not in index:
            index[key] = len(unique)
            unique.append(x)
        keys.append(index[key])
    results = run_batch(advisor, [(x, options.lean()) for x in unique], jobs=jobs, label="samples",
                        reduce=Milestones(), **(dirs or {}))
    return [results[k] for k in keys]


def robustness(advisor: Advisor, a: Assessment, options: PlanOptions, *, samples: int, seed: int, jobs: int = 1,
               top: int = 10, dirs: dict | None = None) -> dict:
    """The report: `samples` readings of the ratings drawn with `seed`, each planned; `top` is how many of the
    plan's milestones a report for people lists (the data holds them all)."""
    rng = random.Random(seed)
    drawn = [sample_assessment(a, rng) for _ in range(samples)]
    base_sched = advisor.schedule(a, options)
    base = Milestones()(base_sched)
    outcomes = plan_samples(advisor, drawn, options, jobs=jobs, dirs=dirs)
    phases = [{s: r.phase for s, r in x.ratings.items()} for x in drawn]
    tally = _Tally(base, outcomes, phases)
    steps = [base_sched.drafts[i] for i in base_sched.order if base_sched.drafts[i].kind in _STEP_KINDS]
    ranks = {d: n for n, d in enumerate(base_sched.order, 1)}
    return {"schema_version": 2, "country": a.country, "as_of": a.as_of.isoformat(),
            "provenance": base_sched.evaluation.provenance.as_dict(), "options": options.as_dict(),
            "samples": samples, "seed": seed, "distinct_samples": len({tuple(p.items()) for p in phases}),
            "perturbation": {**PERTURBATION, "off_by_one": dict(OFF_BY_ONE)}, "robustness_rule": dict(ROBUSTNESS_RULE),
            "top": top,
            "milestones": [tally.milestone(d, ranks[d.id], base_sched.wave_of(d.item.start)) for d in steps],
            "first_period": tally.first_period(), "ties": {"base": base[1], "share": tally.share(tally.ties)},
            "other_milestones": tally.others(), "actions": tally.actions(base[2]),
            **_verification(a, tally)}


class _Tally:
    """Counts over the samples' outcomes against the base plan's."""

    def __init__(self, base: tuple, outcomes: list[tuple], phases: list[dict]):
        self.n = len(outcomes)
        self.phases = phases
        self.base_plan = frozenset((s, p) for s, p, _w in base[0])
        self.base_first = frozenset((s, p) for s, p, w in base[0] if w == 1)
        self.in_plan, self.in_first, self.ranked_first, self.with_actions = Counter(), Counter(), Counter(), Counter()
        self.same: list[bool] = []
        self.overlap: list[float] = []
        self.ties = 0
        for marks, tie, actions in outcomes:
            plan = {(s, p) for s, p, _w in marks}
            first = frozenset((s, p) for s, p, w in marks if w == 1)
            self.in_plan.update(plan)
            self.in_first.update(first)
            if marks:
                self.ranked_first[marks[0][:2]] += 1
            self.with_actions.update(set(actions))
            self.ties += tie
            self.same.append(first == self.base_first)
            union = first | self.base_first
            self.overlap.append(len(first & self.base_first) / len(union) if union else 1.0)

    def share(self, count: float) -> float:
        return count / self.n if self.n else 0.0

    def milestone(self, d, rank: int, wave: int) -> dict:
        m = (d.subdomain, d.to_phase)
        reached = sum(p.get(d.subdomain, 0) >= d.to_phase for p in self.phases)
        kept = self.in_first[m] if wave == 1 else self.in_plan[m]
        to_do = self.n - reached
        kept_to_do = kept / to_do if to_do else 0.0
        return {"subdomain": d.subdomain, "phase": d.to_phase, "step": d.id, "kind": d.kind, "rank": rank,
                "wave": wave, "in_plan": self.share(self.in_plan[m]), "in_first_period": self.share(self.in_first[m]),
                "ranked_first": self.share(self.ranked_first[m]), "already_reached": self.share(reached),
                "measure": "in_first_period" if wave == 1 else "in_plan", "samples_to_do": to_do,
                "kept_when_to_do": kept_to_do, "robust": kept_to_do >= ROBUST_SHARE}

    def first_period(self) -> dict:
        return {"milestones": [{"subdomain": s, "phase": p} for s, p in sorted(self.base_first)],
                "same": self.share(sum(self.same)), "overlap": self.share(math.fsum(self.overlap))}

    def others(self) -> list[dict]:
        return [{"subdomain": s, "phase": p, "in_plan": self.share(n),
                 "in_first_period": self.share(self.in_first[(s, p)])}
                for (s, p), n in sorted(self.in_plan.items(), key=lambda x: (-x[1], x[0]))
                if (s, p) not in self.base_plan and self.share(n) >= OTHER_SHARE]

    def actions(self, base_actions: tuple) -> list[dict]:
        return [{"id": i, "in_plan": self.share(self.with_actions[i])} for i in base_actions]


def _verification(a: Assessment, tally: _Tally) -> dict:
    """For each rating that may be off: how often the first period is the plan's in the samples where it came out
    as stated (it verified) and where it did not; the rating whose verification raises that share most."""
    overall = tally.share(sum(tally.same))
    rows = []
    for sid, r in a.ratings.items():
        confidence = r.confidence or "unstated"
        if OFF_BY_ONE[confidence] == 0:
            continue
        stated = [i for i, p in enumerate(tally.phases) if p[sid] == r.phase]
        n_off = tally.n - len(stated)
        same_stated = sum(tally.same[i] for i in stated)
        same_off = sum(tally.same) - same_stated
        p1 = same_stated / len(stated) if stated else overall
        p0 = same_off / n_off if n_off else overall
        # Two standard errors of the difference between the two shares: a difference within them may be chance.
        spread = 2 * math.sqrt(p1 * (1 - p1) / max(1, len(stated)) + p0 * (1 - p0) / max(1, n_off))
        rows.append({"subdomain": sid, "phase": r.phase, "confidence": confidence,
                     "off_by_one": OFF_BY_ONE[confidence], "samples_as_stated": len(stated), "samples_off": n_off,
                     "same_first_period_as_stated": p1, "same_first_period_off": p0, "gain": p1 - overall,
                     "clear": bool(stated) and n_off > 0 and p1 - p0 > spread})
    best = max(enumerate(rows), key=lambda x: (x[1]["gain"], -x[0]), default=None)
    first = best[1]["subdomain"] if best is not None and best[1]["gain"] > 0 else None
    return {"verification": {"same_first_period": overall, "ratings": rows, "verify_first": first}}
