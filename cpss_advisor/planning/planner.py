"""From an evaluation to a scheduled plan: steps and actions, scored, placed in time, each with what held it.

- **Steps and actions.** A *step* moves a subdomain up one phase (`climb`), or back up to a phase a shock took
  away (`restore`). An *action* is not a phase climb: a response action (`respond`, `protect`, `surge`) or an
  enabling action (`enable`) from knowledge/response.yaml, brought in by a rule. At acute onset the response
  track holds the response actions and the restore steps; they run beside the phase steps, from the first period
  they may start (a restore step after the restore below it).
- **Work.** Each step's interventions are its work: the step's own, those rules add for the context, interim
  measures of interim dependencies, and case management checklist actions. Each intervention lasts the months of
  its duration band (knowledge/vocabulary.yaml). Interventions are listed in the order to start them: work that
  may start at once before held work, shorter before longer, assessment and mapping before other work of the same
  length, then by id. The first one is the one to start with.
- **Score.** A step's score is the sum of the `priority` facts the rules derived for it, each naming its rule. A
  dependency term counts only while the step it serves (its dependant) is in the plan: the plan is scheduled, the
  terms whose dependant did not fit are dropped, and it is scheduled again until nothing more is dropped.
- **Holds** apply per intervention: at acute onset the system track's reforms wait until the first period has
  passed; without an experienced partner the phase steps wait for the partnership; without long-term capacity,
  long work is handed to a partner (and a step with nothing else is deferred).
- **Order.** Steps are taken by score; equal scores go to a restore step before a climb, then to the step from
  the lower phase, then to the lower subdomain number. Such ties are reported in the plan. The plan lists the
  response track first, then the enabling actions, then the steps, each by start month.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from ..core.i18n import translator
from ..engine.evaluation import AssessmentEvaluation
from ..engine.fact_schema import fact_key
from ..engine.facts import serves
from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import PlanningSetting
from .schedule import Item, Work, periods, schedule

#: A period is overloaded when one intermediate outcome takes more than this share of the steps starting in it
#: (and at least 3 steps).
OUTCOME_SHARE = 0.5
#: A plan is unbalanced when one action type leads more than this share of its steps (and at least 4 steps).
ACTION_TYPE_SHARE = 0.5
#: Rounds of dropping dependency terms whose dependant did not fit (each round drops at least one term).
MAX_ROUNDS = 12

_KIND_RANK = {"restore": 0, "climb": 1}


def step_id(subdomain: str, from_phase: int) -> str:
    return f"{subdomain}:{from_phase}-{from_phase + 1}"


def setting_for(kb: KnowledgeBase, context) -> PlanningSetting:
    """The planning setting of an assessment's context: its stage's, or the stable one."""
    stage = kb.stage_of(context)
    settings = kb.planning.settings
    return next((s for s in settings if s.context == stage), None) or next(s for s in settings if s.context is None)


@dataclass
class Draft:
    """One step or action as the planner sees it, before and after scheduling."""

    id: str
    subdomain: str
    from_phase: int
    to_phase: int
    outcome: str
    track: str
    kind: str
    title: str
    counts: bool
    group: int                          # 0 response track, 1 system-track action, 2 step
    order: int = 0                      # catalogue order of an action
    action: str | None = None
    terms: list[dict] = field(default_factory=list)
    score: float = 0.0
    paid: list[dict] = field(default_factory=list)
    unpaid: list[dict] = field(default_factory=list)
    interventions: list[dict] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    holds: list[dict] = field(default_factory=list)
    not_before: int = 0
    blocked: tuple[str, str] | None = None
    checks: list[dict] = field(default_factory=list)
    item: Item | None = None

    def sort_key(self) -> tuple:
        if self.group < 2:
            return (self.group, self.order, 0, 0, self.subdomain)
        return (2, -self.score, _KIND_RANK.get(self.kind, 1), self.from_phase, self.subdomain)


@dataclass
class Schedule:
    evaluation: AssessmentEvaluation
    setting: PlanningSetting
    horizon_years: int
    spans: list[tuple[int, int]]
    capacity: int
    per_lead: int
    lead_limits: dict[str, int]
    defaults: list[str]
    drafts: dict[str, Draft]
    order: list[str]                    # scheduled, in plan order
    deferred: list[str]                 # in priority order
    policies: list[dict]
    plan_kind: str
    warnings: list[dict] = field(default_factory=list)
    ties: list[dict] = field(default_factory=list)

    @property
    def horizon_months(self) -> int:
        return self.horizon_years * 12

    def wave_of(self, month: int) -> int:
        for i, (s, e) in enumerate(self.spans, 1):
            if s <= month < e:
                return i
        raise ValueError(f"month {month} is outside the horizon")

    def unblocks(self, did: str) -> list[str]:
        return sorted((d.id for d in self.drafts.values() if did in d.requires), key=self._key)

    def _key(self, did: str):
        d = self.drafts[did]
        return (d.item.start if d.item and d.item.start is not None else 10**6, d.sort_key())


def make_plan(ev: AssessmentEvaluation, kb: KnowledgeBase, *, horizon_years: int | None = None,
              capacity: int | None = None, per_lead: int | None = None, index: RuleOf | None = None) -> Schedule:
    """Schedule the steps and actions of an evaluation. `index`: which rule derived each fact, when the caller has
    one already (a `cpss_advisor.planning.rationale.TraceIndex`)."""
    setting = setting_for(kb, ev.assessment.context)
    defaults = [name for name, value in (("horizon_years", horizon_years), ("capacity", capacity),
                                         ("per_lead_capacity", per_lead)) if value is None]
    horizon_years = horizon_years if horizon_years is not None else setting.horizon_years
    capacity = capacity if capacity is not None else kb.planning.capacity.concurrent
    per_lead = per_lead if per_lead is not None else kb.planning.capacity.per_lead
    if capacity < 1 or per_lead < 1 or horizon_years < 1:
        raise ValueError("horizon, capacity and per-lead capacity must be at least 1")
    spans = periods(setting.periods, setting.then, horizon_years * 12)
    rules_of = _RuleOf(ev) if index is None else index
    policies = [{"policy": f["policy"], "reason": f["reason"], "rule": rules_of.rule_of(fact_key(f))}
                for f in ev.result.of_type("policy")]
    active = {p["policy"]: p for p in policies}
    lead_limits = {}
    if "lead_ministry_stretched" in active:
        lead_limits["lead_ministry"] = max(1, per_lead - 1)

    drafts = _drafts(ev, kb, rules_of, spans, active)
    rounds = 0
    while True:
        for d in drafts.values():
            _score(d)
        items = {d.id: _item(d) for d in drafts.values()}
        names = _Describe(kb, drafts)
        placed = schedule(items, spans, capacity=capacity, per_lead=per_lead, lead_limits=lead_limits,
                          describe=names, tr=translator(kb.language))
        placed_set = set(placed)
        dropped = False
        for d in drafts.values():
            keep = []
            for t in d.paid:
                if t.get("dependant") and t["dependant"] not in placed_set:
                    d.unpaid.append({**t, "reason": translator(kb.language).gettext(
                        "{step} is not in the plan").format(step=t["dependant"])})
                    dropped = True
                else:
                    keep.append(t)
            d.paid = keep
        rounds += 1
        if not dropped or rounds >= MAX_ROUNDS:
            break
    for d in drafts.values():
        d.item = items[d.id]
    order = sorted(placed, key=lambda i: (items[i].start, drafts[i].sort_key()))
    deferred = sorted((i for i in drafts if i not in placed_set), key=lambda i: drafts[i].sort_key())
    plan = Schedule(ev, setting, horizon_years, spans, capacity, per_lead, lead_limits, defaults, drafts, order,
                    deferred, policies, "supportive" if "hand_over_long_work" in active else "full")
    _attach_checks(plan, kb, rules_of)
    plan.ties = _ties(plan, kb)
    plan.warnings = _warnings(plan, kb)
    return plan


class RuleOf(Protocol):
    def rule_of(self, key: str) -> str | None: ...


class _RuleOf:
    """Which rule derived a fact (the first firing that did), without the rest of the trace index."""

    def __init__(self, ev: AssessmentEvaluation):
        self.ev = ev
        self.first: dict[str, str] = {}
        for firing in ev.result.trace:
            for key in firing.derived:
                self.first.setdefault(key, firing.rule)

    def rule_of(self, key: str) -> str | None:
        return self.first.get(key)


class _Describe:
    """Names for items and lead actors in the scheduler's reasons."""

    def __init__(self, kb: KnowledgeBase, drafts: dict[str, Draft]):
        self.kb = kb
        self.drafts = drafts

    def __call__(self, ref: str) -> str:
        if ref.startswith("lead:"):
            actor = ref[5:]
            return next((a.title for a in self.kb.vocabulary.actors if a.id == actor), actor)
        d = self.drafts.get(ref)
        if d is not None and d.kind in ("climb", "restore"):
            return self._reaching(d.subdomain, d.to_phase)
        if d is not None:
            return d.title
        sid, _sep, phases = ref.partition(":")
        if sid in self.kb.subdomains and phases[-1:].isdigit():
            return self._reaching(sid, int(phases[-1]))
        return ref

    def _reaching(self, sid: str, phase: int) -> str:
        return translator(self.kb.language).gettext("{subdomain} reaching {phase}").format(
            subdomain=f"{sid} {self.kb.subdomains[sid].short}", phase=self.kb.phases[phase].name)


# --- drafts ------------------------------------------------------------------------------------------------------

def _drafts(ev: AssessmentEvaluation, kb: KnowledgeBase, rules_of, spans, active: dict) -> dict[str, Draft]:
    bands = {b.id: b.months for b in kb.vocabulary.duration_bands}
    drafts = _action_drafts(ev, kb, rules_of, bands)
    in_response = {iv["id"] for d in drafts.values() if d.track == "response" for iv in d.interventions}
    drafts.update(_step_drafts(ev, kb, bands))
    for f in ev.result.of_type("intervention"):
        d = drafts.get(step_id(f["subdomain"], f["from_phase"]))
        iv = kb.interventions.get(f["intervention"])
        if d is None or iv is None or iv.id in in_response or any(x["id"] == iv.id for x in d.interventions):
            continue
        entry = _iv_entry(kb, iv, bands, rules_of.rule_of(fact_key(f)))
        entry["contexts"] = [c for c in iv.contexts if c in ev.assessment.context]
        d.interventions.append(entry)
    _checklist_work(ev, kb, drafts, rules_of)
    for p in ev.result.of_type("priority"):
        d = drafts.get(step_id(p["subdomain"], p["from_phase"]))
        if d is not None:
            term = {"rule": p["rule"], "weight": p["weight"], "label": p["label"]}
            if p.get("dependant"):
                term["dependant"] = p["dependant"]
            d.terms.append(term)
    _links(ev, drafts, rules_of)
    _apply_policies(kb, drafts, spans, active)
    for d in drafts.values():
        if d.action is None:  # an action's interventions keep the catalogue's order, which names the first
            d.interventions.sort(key=_work_order)
    return drafts


def _action_drafts(ev: AssessmentEvaluation, kb: KnowledgeBase, rules_of, bands: dict) -> dict[str, Draft]:
    """The actions rules brought in, in catalogue order; an intervention joins the first action that lists it."""
    a = ev.assessment
    present = set(a.context)
    actions = list(kb.response_actions)
    drafts: dict[str, Draft] = {}
    used: set[str] = set()
    for f in sorted(ev.result.of_type("response"), key=lambda f: actions.index(f["action"])
                    if f["action"] in kb.response_actions else len(actions)):
        ra = kb.response_actions.get(f["action"])
        if ra is None:
            continue
        sid = ra.subdomain
        phase = a.ratings[sid].phase if sid in a.ratings else 1
        ivs = [_iv_entry(kb, kb.interventions[i], bands, rules_of.rule_of(fact_key(f)))
               for i in ra.interventions
               if i in kb.interventions and i not in used and serves(kb.interventions[i], present, kb)]
        used.update(iv["id"] for iv in ivs)
        d = Draft(f"{sid}:{ra.id}", sid, phase, phase, kb.subdomains[sid].outcome, ra.track, ra.kind, ra.title,
                  counts=False, group=0 if ra.track == "response" else 1, order=actions.index(ra.id), action=ra.id,
                  interventions=ivs)
        drafts[d.id] = d
    return drafts


def _step_drafts(ev: AssessmentEvaluation, kb: KnowledgeBase, bands: dict) -> dict[str, Draft]:
    """The phase steps of the candidates: climbs, and restores (on the response track at acute onset)."""
    acute = setting_for(kb, ev.assessment.context).context == "acute_onset"
    restores = {(f["subdomain"], f["from_phase"]) for f in ev.result.of_type("restore")}
    restore_actions = {ra.subdomain: ra for ra in kb.response_actions.values() if ra.kind == "restore"}
    drafts: dict[str, Draft] = {}
    for c in ev.result.of_type("candidate"):
        sid, p = c["subdomain"], c["from_phase"]
        restore = (sid, p) in restores
        kind = "restore" if restore else "climb"
        track = "response" if restore and acute else "system"
        if restore and sid in restore_actions:
            ivs = [_iv_entry(kb, kb.interventions[i], bands, None) for i in restore_actions[sid].interventions
                   if i in kb.interventions]
        else:
            ivs = [_iv_entry(kb, iv, bands, None) for iv in kb.general_interventions(sid, p)]
        d = Draft(step_id(sid, p), sid, p, p + 1, c["outcome"] or kb.subdomains[sid].outcome, track, kind,
                  kb.step_label(sid, p, p + 1, short=False),
                  counts=track == "system", group=0 if track == "response" else 2,
                  order=len(kb.response_actions) + p, interventions=ivs)
        drafts[d.id] = d
    return drafts


def _links(ev: AssessmentEvaluation, drafts: dict[str, Draft], rules_of) -> None:
    """What each step waits for (the step below it, finish-to-start prerequisites) and starts with
    (co-requisites), from the blocks the rules derived."""
    for d in drafts.values():
        d.terms.sort(key=lambda t: (-t["weight"], t["rule"], t["label"], t.get("dependant", "")))
        prev = step_id(d.subdomain, d.from_phase - 1)
        if d.kind in ("climb", "restore") and prev in drafts:
            d.requires.append(prev)
    for b in ev.result.of_type("block"):
        d = drafts.get(b["step"])
        if d is None:
            continue
        pre = step_id(b["needs"], b["min_phase"] - 1)
        d.blocks.append({**b, "rule": rules_of.rule_of(fact_key(b))})
        if b["kind"] == "finish_to_start" and pre not in d.requires:
            d.requires.append(pre)
        elif b["kind"] == "co_requisite" and pre not in d.co and pre != d.id:
            d.co.append(pre)
    for d in drafts.values():
        d.requires.sort()
        d.co.sort()


def _iv_entry(kb: KnowledgeBase, iv, bands: dict, added_by: str | None) -> dict:
    return {"id": iv.id, "title": iv.title, "description": " ".join(iv.description.split()),
            "action_type": iv.action_type, "lead_actors": list(iv.lead_actors), "duration": iv.duration,
            "months": bands.get(iv.duration), "added_by": added_by, "contexts": [],
            "source": iv.source.label(), "held": None, "handover": False, "_iv": iv}


def _checklist_work(ev: AssessmentEvaluation, kb: KnowledgeBase, drafts: dict[str, Draft], rules_of) -> None:
    """Case management checklist actions the rules added to steps: they run alongside the step's work."""
    facts = ev.result.of_type("checklist_action")
    if not facts:
        return
    actions = kb.checklist.actions
    names = kb.checklist.level_names
    for f in sorted(facts, key=lambda x: actions[x["action"]].order):
        d = drafts.get(step_id(f["subdomain"], f["from_phase"]))
        if d is None:
            continue
        act = actions[f["action"]]
        d.interventions.append({
            "id": act.id, "title": act.text, "description": None,
            "action_type": kb.cm_dimension(act.dimension).action_type, "lead_actors": [], "duration": None,
            "months": None, "added_by": rules_of.rule_of(fact_key(f)), "contexts": [], "source": act.source.label(),
            "held": None, "handover": False, "checklist": True, "dimension": act.dimension, "unit": act.unit,
            "from_level": act.from_level, "to_level": act.from_level + 1, "to_level_name": names.get(act.from_level + 1),
            "_order": act.order})


def _work_order(iv: dict) -> tuple:
    """The order to start a step's work in (see the module docstring); checklist actions after the rest."""
    if iv.get("checklist"):
        return (1, 0, 0, 0, iv.get("_order", 0), iv["id"])
    held = iv["held"]["until_month"] if iv["held"] else 0
    return (0, held, iv["months"] or 0, 0 if iv["action_type"] == "assessment" else 1, 0, iv["id"])


def _apply_policies(kb: KnowledgeBase, drafts: dict[str, Draft], spans, active: dict) -> None:
    first_end = spans[0][1]
    reforms = kb.planning.reforms_wait_at_acute_onset
    if "reforms_wait_first_period" in active:
        pol = active["reforms_wait_first_period"]
        for d in drafts.values():
            if d.track != "system" or d.kind not in ("climb", "restore"):
                continue
            for iv in d.interventions:
                if iv.get("checklist") or "acute_onset" in iv["_iv"].contexts:
                    continue
                if iv["action_type"] in reforms.action_types or iv["duration"] in reforms.durations:
                    iv["held"] = {"code": "reforms-wait", "reason": pol["reason"], "rule": pol["rule"],
                                  "until_month": first_end}
    if "hand_over_long_work" in active:
        for d in drafts.values():
            timed = [iv for iv in d.interventions if not iv.get("checklist")]
            for iv in timed:
                if iv["duration"] == "long":
                    iv["handover"] = True
            if d.counts and timed and all(iv["handover"] for iv in timed):
                d.blocked = ("handed-over", translator(kb.language).gettext(
                    "all of its work is long: hand the step to a partner that can resource a longer-term response"))
    if "partner_first" in active:
        pol = active["partner_first"]
        enable = [d for d in drafts.values() if d.kind == "enable"]
        until = max((max((iv["months"] or 0) for iv in d.interventions) for d in enable), default=0) or first_end
        for d in drafts.values():
            if d.counts:
                d.not_before = max(d.not_before, until)
                d.holds.append({"code": "partner-first", "reason": pol["reason"], "rule": pol["rule"],
                                "until_month": until})


def _score(d: Draft) -> None:
    """The score from the terms still paid (all of them in the first round)."""
    if not d.paid and not d.unpaid:
        d.paid = list(d.terms)
    d.score = float(sum(t["weight"] for t in d.paid))


def _item(d: Draft) -> Item:
    work = []
    for iv in d.interventions:
        held = iv["held"]
        work.append(Work(iv["id"], iv["months"], held["until_month"] if held else 0, held, iv["handover"]))
    lead = next((iv["lead_actors"][0] for iv in d.interventions
                 if iv["lead_actors"] and not iv["handover"] and not iv.get("checklist")), None)
    # a step whose every piece of timed work is held starts when the first of it may
    timed = [w.not_before for w in work if w.months is not None]
    not_before = max(d.not_before, min(timed)) if timed else d.not_before
    return Item(d.id, d.sort_key(), d.counts, lead, work, list(d.requires), list(d.co), not_before,
                list(d.holds), d.blocked)


# --- after scheduling --------------------------------------------------------------------------------------------

def _attach_checks(plan: Schedule, kb: KnowledgeBase, rules_of) -> None:
    a = plan.evaluation.assessment
    for f in plan.evaluation.result.of_type("check"):
        d = plan.drafts.get(step_id(f["subdomain"], f["from_phase"]))
        if d is None or f["rated"] not in a.ratings:
            continue
        r = a.ratings[f["rated"]]
        d.checks.append({"rated": f["rated"], "phase": r.phase, "rule": rules_of.rule_of(fact_key(f)),
                         "text": translator(kb.language).gettext(
                             "verify the rating of {subdomain} ({phase}, held with low confidence) before committing"
                             " to this step: it decides it").format(
                                 subdomain=f"{f['rated']} {kb.subdomains[f['rated']].short}",
                                 phase=f"{r.phase} {kb.phases[r.phase].name}")})
    for d in plan.drafts.values():
        d.checks.sort(key=lambda c: c["rated"])


def _ties(plan: Schedule, kb: KnowledgeBase) -> list[dict]:
    """Pairs of steps with the same score where the stated order decided which came first."""
    steps = [plan.drafts[i] for i in plan.order if plan.drafts[i].group == 2]
    out, seen = [], set()
    _ = translator(kb.language).gettext

    def tie(a: Draft, b: Draft, where: str) -> None:
        if (a.id, b.id) in seen:
            return
        seen.add((a.id, b.id))
        if a.kind != b.kind:
            by, why = "kind", _("{step} restores a phase lost to a shock").format(step=a.id)
        elif a.from_phase != b.from_phase:
            by, why = "from_phase", _("{step} starts from a lower phase").format(step=a.id)
        else:
            by, why = "subdomain", _("by subdomain number, the last resort of the stated order")
        out.append({"first": a.id, "second": b.id, "score": a.score, "broken_by": by,
                    "text": _("{first} and {second} have the same score ({score}); {where}: {why}.").format(
                        first=a.id, second=b.id, score=_num(a.score), where=where, why=why)})

    for rank, (x, y) in enumerate(zip(steps, steps[1:]), 1):
        if rank <= 5 and x.score == y.score and x.item.start == y.item.start:
            tie(x, y, _("{step} is listed first").format(step=x.id))
    pulled = {x for d in plan.drafts.values() for x in d.co} | {d.id for d in plan.drafts.values() if d.co}
    for d in plan.drafts.values():
        if not d.item.capacity_misses:
            continue
        month, why = d.item.capacity_misses[0]
        lead = why[5:] if why.startswith("lead:") else None
        rival = next((o for o in steps if o.item.start == month and o.score == d.score and o.id != d.id
                      and o.id not in pulled and (lead is None or o.item.lead == lead)), None)
        if rival is not None:
            tie(rival, d, _("{step} took the place at month {month}").format(step=rival.id, month=month))
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _warnings(plan: Schedule, kb: KnowledgeBase) -> list[dict]:
    out = []
    _ = translator(kb.language).gettext
    steps = [plan.drafts[i] for i in plan.order if plan.drafts[i].group == 2]
    for w, (start, end) in enumerate(plan.spans, 1):
        starting = [d for d in steps if d.item.start == start]
        counts = Counter(d.outcome for d in starting)
        for outcome, n in sorted(counts.items()):
            if n >= 3 and n > OUTCOME_SHARE * len(starting):
                out.append({"code": "outcome-overload", "subdomain": "",
                            "text": _("The period of months {start}-{end} starts {n} of its {total} steps on "
                                      "intermediate outcome {outcome} ({title}); the same teams and partners may "
                                      "not carry them all at once.").format(
                                          start=start, end=end, n=n, total=len(starting), outcome=outcome,
                                          title=kb.outcomes[outcome].title),
                            "source": "planner"})
    types = Counter(d.interventions[0]["action_type"] for d in steps if d.interventions)
    for t, n in sorted(types.items()):
        if n >= 4 and n > ACTION_TYPE_SHARE * len(steps):
            title = next(a.title for a in kb.vocabulary.action_types if a.id == t)
            out.append({"code": "action-type-overload", "subdomain": "",
                        "text": _("{n} of the plan's {total} steps start with the same kind of action ({kind}); "
                                  "check that the plan does not lean on one way of working.").format(
                                      n=n, total=len(steps), kind=title),
                        "source": "planner"})
    a = plan.evaluation.assessment
    planned = {plan.drafts[i].subdomain for i in plan.order if plan.drafts[i].group == 2}
    legal_planned = any(plan.drafts[i].group == 2 and any(iv["action_type"] == "legislation"
                                                          for iv in plan.drafts[i].interventions)
                        for i in plan.order)
    for cid in a.context:
        ctx = kb.contexts[cid]
        if ctx.category != "opportunity" or not ctx.affects:
            continue
        used = planned & set(ctx.affects) or (cid == "law_reform_window" and legal_planned)
        if not used:
            out.append({"code": "opportunity-unused", "subdomain": "",
                        "text": _("{context} is an opening, but no step in the plan uses it (it bears on "
                                  "{subdomains}): set a target for one of them, or check their ratings.").format(
                                      context=ctx.title, subdomains=", ".join(ctx.affects)),
                        "source": "planner"})
    verify: dict[str, list[str]] = defaultdict(list)
    for i in plan.order:
        for c in plan.drafts[i].checks:
            verify[c["rated"]].append(i)
    for rated, ids in sorted(verify.items()):
        r = a.ratings[rated]
        out.append({"code": "verify-rating", "subdomain": rated,
                    "text": _("Verify the rating of {subdomain} ({phase}, low confidence) before committing: "
                              "it decides {steps}.").format(subdomain=f"{rated} {kb.subdomains[rated].short}",
                                                            phase=f"{r.phase} {kb.phases[r.phase].name}",
                                                            steps=", ".join(ids)),
                    "source": "planner"})
    return out
