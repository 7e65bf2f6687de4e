"""From an evaluation to a plan: scored steps, sequenced into waves, each with its full rationale.

- A step's **score** is the sum of the `priority` facts the rules derived for it; each term names its rule.
- **Waves** are six-month periods of the horizon (two per year). A step starts in a wave later than every step it
  requires: the previous step of the same subdomain, and the step of each hard prerequisite that reaches the
  needed phase. A rule may also hold a step back (`not_before`). At most `capacity` steps start per wave.
- **Scheduling** fills wave after wave with the eligible steps of highest score; ties go to the step from the
  lower phase, then to the subdomain id. A step that cannot start within the horizon is **deferred**, with the
  reason (capacity, a prerequisite deferred, a prerequisite that is not rated, or a hold past the horizon).
- **Warnings** flag a plan that piles one intermediate outcome or one action type into a wave or the whole plan,
  as the best planning tools do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .evaluation import AssessmentEvaluation
from .fact_schema import fact_key
from .knowledge_base import KnowledgeBase
from .rulebook import Names, Rulebook

#: Default number of steps that can start in one wave.
DEFAULT_CAPACITY = 4
#: Months per wave.
WAVE_MONTHS = 6
#: A wave is overloaded when one intermediate outcome takes more than this share of it (and at least 3 steps).
OUTCOME_SHARE = 0.5
#: A plan is unbalanced when one action type leads more than this share of its steps (and at least 4 steps).
ACTION_TYPE_SHARE = 0.5


def step_id(subdomain: str, from_phase: int) -> str:
    return f"{subdomain}:{from_phase}-{from_phase + 1}"


@dataclass
class Step:
    subdomain: str
    from_phase: int
    to_phase: int
    outcome: str
    score: float = 0.0
    terms: list[dict] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    not_before: int = 1
    holds: list[dict] = field(default_factory=list)
    wave: int | None = None
    deferred_reason: str | None = None

    @property
    def id(self) -> str:
        return step_id(self.subdomain, self.from_phase)


@dataclass
class Plan:
    evaluation: AssessmentEvaluation
    horizon_years: int
    capacity: int
    waves: int
    steps: dict[str, Step]
    order: list[str]          # scheduled step ids, plan order
    deferred: list[str]       # deferred step ids, in score order
    warnings: list[dict]

    def unblocks(self, sid: str) -> list[str]:
        return sorted((s.id for s in self.steps.values() if sid in s.requires), key=self._sort_key)

    def _sort_key(self, sid: str):
        s = self.steps[sid]
        return (s.wave or 99, -s.score, s.from_phase, s.subdomain)


def _steps_from(ev: AssessmentEvaluation) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    for c in ev.result.of_type("candidate"):
        s = Step(c["subdomain"], c["from_phase"], c["to_phase"], c["outcome"])
        steps[s.id] = s
    for p in ev.result.of_type("priority"):
        s = steps.get(step_id(p["subdomain"], p["from_phase"]))
        if s is not None:
            s.terms.append({"rule": p["rule"], "weight": p["weight"], "label": p["label"]})
    for s in steps.values():
        s.terms.sort(key=lambda t: (-t["weight"], t["rule"], t["label"]))
        s.score = float(sum(t["weight"] for t in s.terms))
    for h in ev.result.of_type("not_before"):
        s = steps.get(step_id(h["subdomain"], h["from_phase"]))
        if s is not None:
            s.not_before = max(s.not_before, h["wave"])
            s.holds.append({"wave": h["wave"], "reason": h["reason"]})
    for s in steps.values():
        prev = step_id(s.subdomain, s.from_phase - 1)
        if prev in steps:
            s.requires.append(prev)
    for b in ev.result.of_type("block"):
        s = steps.get(step_id(b["subdomain"], b["to_phase"] - 1))
        pre = step_id(b["needs"], b["min_phase"] - 1)
        if s is not None and pre in steps and pre not in s.requires:
            s.requires.append(pre)
    for s in steps.values():
        s.requires.sort()
    return steps


def make_plan(ev: AssessmentEvaluation, kb: KnowledgeBase, *, horizon_years: int = 1,
              capacity: int = DEFAULT_CAPACITY) -> Plan:
    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    steps = _steps_from(ev)
    waves = max(1, horizon_years * 12 // WAVE_MONTHS)
    scheduled: dict[str, int] = {}
    order: list[str] = []

    def priority(s: Step):
        return (-s.score, s.from_phase, s.subdomain)

    for wave in range(1, waves + 1):
        eligible = [s for s in steps.values() if s.id not in scheduled and s.not_before <= wave
                    and all(scheduled.get(r, waves + 1) < wave for r in s.requires)]
        for s in sorted(eligible, key=priority)[:capacity]:
            scheduled[s.id] = wave
            s.wave = wave
            order.append(s.id)

    unscheduled = [s for s in steps.values() if s.id not in scheduled]
    for s in unscheduled:
        s.deferred_reason = _deferral_reason(s, steps, scheduled, waves)
    deferred = [s.id for s in sorted(unscheduled, key=priority)]
    order.sort(key=lambda sid: (steps[sid].wave, priority(steps[sid])))
    plan = Plan(ev, horizon_years, capacity, waves, steps, order, deferred, [])
    plan.warnings = _warnings(plan, kb)
    return plan


def _deferral_reason(s: Step, steps: dict[str, Step], scheduled: dict[str, int], waves: int) -> str:
    missing = [r for r in s.requires if r not in scheduled]
    if missing:
        return f"waits for {', '.join(missing)}, which does not fit in the horizon"
    last = max((scheduled[r] for r in s.requires), default=0)
    if last >= waves:
        return f"its prerequisite {', '.join(r for r in s.requires if scheduled[r] == last)} starts in the last wave"
    if s.not_before > waves:
        return f"held until wave {s.not_before}, after the horizon: " + "; ".join(h["reason"] for h in s.holds)
    first = max(last + 1, s.not_before)
    span = f"wave {waves} is" if first == waves else f"waves {first} to {waves} are"
    return (f"capacity: {span} full with steps of higher priority; raise --capacity or lengthen "
            "--horizon-years to fit it")


def _primary_action_type(kb: KnowledgeBase, s: Step) -> str | None:
    ivs = kb.general_interventions(s.subdomain, s.from_phase)
    return ivs[0].action_type if ivs else None


def _warnings(plan: Plan, kb: KnowledgeBase) -> list[dict]:
    out = []
    for wave in range(1, plan.waves + 1):
        in_wave = [plan.steps[i] for i in plan.order if plan.steps[i].wave == wave]
        counts = Counter(s.outcome for s in in_wave)
        for outcome, n in sorted(counts.items()):
            if n >= 3 and n > OUTCOME_SHARE * len(in_wave):
                out.append({"code": "outcome-overload", "subdomain": "",
                            "text": f"Wave {wave} puts {n} of its {len(in_wave)} steps on intermediate outcome "
                                    f"{outcome} ({kb.outcomes[outcome].title}); the same teams and partners may "
                                    "not carry them all at once.",
                            "source": "planner"})
    scheduled = [plan.steps[i] for i in plan.order]
    types = Counter(t for t in (_primary_action_type(kb, s) for s in scheduled) if t)
    for t, n in sorted(types.items()):
        if n >= 4 and n > ACTION_TYPE_SHARE * len(scheduled):
            title = next(a.title for a in kb.vocabulary.action_types if a.id == t)
            out.append({"code": "action-type-overload", "subdomain": "",
                        "text": f"{n} of the plan's {len(scheduled)} steps are led by the same kind of action "
                                f"({title}); check that the plan does not lean on one way of working.",
                        "source": "planner"})
    return out


# --- the rationale of a step ------------------------------------------------------------------------------------

class TraceIndex:
    """The trace of one evaluation, indexed once for explaining every step of its plan: which firings derived
    each fact, each firing's rendered reason, and the derived facts by (subdomain, step)."""

    def __init__(self, ev: AssessmentEvaluation, book: Rulebook, names: Names, *, render: bool = True):
        self.ev = ev
        self.book = book
        self.names = names
        self.render = render  # False: reasons carry rule, facts and source, not the rendered text
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for i, firing in enumerate(ev.result.trace):
            for key in firing.derived:
                self.by_key[key].append(i)
        self.derived = [(f, fact_key(f)) for f in ev.result.derived]
        self._entries: dict[int, dict] = {}

    def rule_of(self, key: str) -> str | None:
        """The rule of the first firing that derived the fact with this key."""
        firings = self.by_key.get(key)
        return self.ev.result.trace[firings[0]].rule if firings else None

    def entry(self, i: int) -> dict:
        if i not in self._entries:
            firing = self.ev.result.trace[i]
            rule = self.book.rules[firing.rule]
            entry = {"rule": firing.rule, "facts": firing.facts, "source": rule.source.label()}
            if self.render:
                entry["text"] = " ".join(rule.rationale.render(firing.facts, self.names).split())
            else:  # lean plans are compared, not read: they carry the firing's identity instead of its text
                entry["text"] = None
                entry["key"] = firing.rule + "|" + ";".join(f"{a}={fact_key(f)}" for a, f in sorted(firing.facts.items()))
            self._entries[i] = entry
        return self._entries[i]

    def relevant_keys(self, s: Step) -> set[str]:
        """Keys of the derived facts that shaped a step: its goal and candidate, its blocks and holds,
        priorities, added interventions and checklist actions, qualifiers, risks, and blocks it resolves as a
        prerequisite."""
        keys = set()
        for f, key in self.derived:
            t = f["type"]
            sd = f.get("subdomain")
            if t in {"candidate", "priority", "not_before", "intervention", "qualifier", "checklist_action"}:
                if sd == s.subdomain and f.get("from_phase") == s.from_phase:
                    keys.add(key)
            elif t == "goal":
                if sd == s.subdomain and f["phase"] >= s.to_phase:
                    keys.add(key)
            elif t == "block":
                if (sd == s.subdomain and f["to_phase"] == s.to_phase) or \
                   (f["needs"] == s.subdomain and f["min_phase"] >= s.to_phase):
                    keys.add(key)
            elif t in {"risk", "finding"} and sd == s.subdomain:
                keys.add(key)
        return keys

    def rationale(self, s: Step) -> list[dict]:
        """Every firing that derived a fact shaping the step, in firing order, each with its reason."""
        firings = sorted({i for key in self.relevant_keys(s) for i in self.by_key.get(key, ())})
        return [self.entry(i) for i in firings]


def step_edges(kb: KnowledgeBase, plan: Plan, s: Step) -> list[dict]:
    """The dependency edges behind a step: what it needs to reach its phase, and what needs it."""
    out = []
    for e in kb.edges:
        involved = (e.subdomain == s.subdomain and e.to_phase == s.to_phase) or \
                   (e.needs == s.subdomain and e.min_phase == s.to_phase and
                    step_id(e.subdomain, e.to_phase - 1) in plan.steps)
        if involved:
            out.append({"id": e.id, "strength": e.strength, "text": e.describe(),
                        "rationale": " ".join(e.rationale.split()), "source": e.source.label()})
    return sorted(out, key=lambda x: x["id"])


def step_interventions(kb: KnowledgeBase, index: TraceIndex, s: Step) -> list[dict]:
    """The step's general interventions, then those rules added for the context (with the rule)."""
    ev = index.ev
    out = []
    for iv in kb.general_interventions(s.subdomain, s.from_phase):
        out.append({"id": iv.id, "title": iv.title, "action_type": iv.action_type,
                    "lead_actors": list(iv.lead_actors), "duration": iv.duration, "added_by": None,
                    "source": iv.source.label()})
    for f in ev.result.of_type("intervention"):
        if f["subdomain"] == s.subdomain and f["from_phase"] == s.from_phase:
            iv = kb.interventions[f["intervention"]]
            present = [c for c in iv.contexts if c in ev.assessment.context]
            out.append({"id": iv.id, "title": iv.title, "action_type": iv.action_type,
                        "lead_actors": list(iv.lead_actors), "duration": iv.duration,
                        "added_by": index.rule_of(fact_key(f)),
                        "contexts": present, "source": iv.source.label()})
    return out


def step_criteria(kb: KnowledgeBase, s: Step) -> dict:
    def one(phase: int) -> dict:
        c = kb.criteria.get((s.subdomain, phase))
        return {"phase": phase, "name": kb.phases[phase].name, "summary": c.summary if c else None,
                "criteria": list(c.criteria) if c else [], "source": c.source.label() if c else None}
    return {"current": one(s.from_phase), "next": one(s.to_phase)}
