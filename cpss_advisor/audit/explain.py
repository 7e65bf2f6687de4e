"""Explaining a decision record: why each step is in the plan, why it starts when it does, why not earlier, and
what would change that (`cpss explain`), built only from what the record holds. Each section has its facts as
data and the same content as sentences (`text`); `cpss_advisor.render.audit_text` lays them out for people."""

from __future__ import annotations

from ..core.errors import InputError, Problem, did_you_mean
from ..core.text import number, signed, term_text
from ..planning.plan_model import Plan, Recommendation

#: Two scores this close (or closer) are "close": one term of one rule can reverse their order.
CLOSE_MARGIN = 1.0

class _PlanView:
    """Lookups over a recorded plan (read back as a typed `Plan`): steps and deferred steps by id."""

    def __init__(self, record: dict):
        self.plan = Plan.model_validate(record["plan"])
        self.steps = {r.id: r for r in self.plan.recommendations}
        self.deferred = {d.id: d for d in self.plan.deferred}
        self.months = {w.wave: w.months for w in self.plan.waves}

    def ids(self) -> list[str]:
        return list(self.steps) + list(self.deferred)

    def label(self, rid: str) -> str:
        r = self.steps.get(rid)
        return rid if r is None else f"{rid} (months {r.start_month}-{r.end_month})"


def explain_step(record: dict, rec_id: str) -> dict:
    """Why one step is in the plan, why it starts when it does, why not earlier, and what would change that.

    Each section has its facts as data and the same content as sentences (`text`), built only from the record:
    what the scheduler recorded for the step (its placement, holds, prerequisites, terms counted and not counted).
    """
    view = _PlanView(record)
    if rec_id in view.deferred:
        return _explain_deferred(record, view, view.deferred[rec_id])
    if rec_id not in view.steps:
        hint = did_you_mean(rec_id, view.ids())
        raise InputError(Problem("<command line>", None, None, "unknown-step",
                                 f"no step '{rec_id}' in the record",
                                 hint or "the record's steps are " + (", ".join(view.ids()) or "none")))
    r = view.steps[rec_id]
    return {"kind": "step", **_heading(record), "step": _step_head(r),
            "why_this_step": _why_this_step(r), "why_now": _why_now(view, r),
            "why_not_earlier": _why_not_earlier(view, r), "what_would_change_it": _what_would_change(view, r)}


def explain_plan(record: dict) -> dict:
    """A short paragraph per step in plan order, then the deferred steps and why."""
    view = _PlanView(record)
    steps = []
    for r in view.plan.recommendations:
        head = _step_head(r)
        terms = "; ".join(term_text(t) for t in r.score_terms) or "no score terms"
        score = f", score {number(r.score)}: {terms}" if r.kind in ("climb", "restore") else ""
        steps.append({**head, "why_not_earlier": r.placement.code,
                      "text": f"{r.rank}. {head['label']}. Months {r.start_month}-{r.end_month} (period {r.wave}, "
                              f"{r.track} track){score}. When: {r.placement.text}."})
    deferred = [{"id": d.id, "score": d.score, "requires": d.requires, "reason": d.reason,
                 "text": f"{d.id} (score {number(d.score)}): {d.reason}"} for d in view.plan.deferred]
    return {"kind": "plan", **_heading(record), "steps": steps, "deferred": deferred}


def _heading(record: dict) -> dict:
    plan = record["plan"]
    return {"country": plan["country"], "as_of": plan["as_of"], "created": record["created"],
            "input": record["input"]["file"], "horizon_years": plan["horizon_years"], "capacity": plan["capacity"],
            "setting": plan["setting"]["title"]}


def _step_head(r: Recommendation) -> dict:
    if r.kind in ("climb", "restore"):
        cur, nxt = r.criteria["current"], r.criteria["next"]
        verb = "restore " if r.kind == "restore" else ""
        label = f"{r.id} {r.subdomain_title}: {verb}{r.from_phase} {cur['name']} -> {r.to_phase} {nxt['name']}"
    else:
        label = f"{r.id} {r.title} ({r.kind}, for {r.subdomain} {r.subdomain_title})"
    return {"id": r.id, "rank": r.rank, "wave": r.wave, "start_month": r.start_month, "end_month": r.end_month,
            "track": r.track, "kind": r.kind, "score": r.score, "label": label}


def _why_this_step(r: Recommendation) -> dict:
    reasons, seen = [], set()
    for x in r.rationale:
        if (x["rule"], x["text"]) not in seen:
            seen.add((x["rule"], x["text"]))
            reasons.append({"rule": x["rule"], "text": x["text"], "source": x["source"]})
    text = [f"{x['text']} [{x['rule']}]" for x in reasons]
    out = {"reasons": reasons, "text": text}
    if r.criteria:
        nxt = r.criteria["next"]
        text.append(f"Reaching {nxt['name']} means: {nxt['summary'] or 'the benchmarks give no summary'}"
                    + "".join(f"\n- {c}" for c in nxt["criteria"]))
        out["next_phase"] = {k: nxt[k] for k in ("phase", "name", "summary", "criteria")}
    return out


def _why_now(view: _PlanView, r: Recommendation) -> dict:
    requires = [{"id": q, "end_month": view.steps[q].end_month} for q in r.requires if q in view.steps]
    text = [f"It starts at month {r.start_month} (period {r.wave}, months {view.months.get(r.wave, '?')}) and is "
            f"expected to be reached by month {r.end_month}, the end of its longest work."]
    if r.kind in ("climb", "restore"):
        text.append(f"Its score is {number(r.score)}" + (": " + "; ".join(term_text(t) for t in r.score_terms) + "."
                                                         if r.score_terms else ": no rule added to its score."))
    else:
        text.append(f"It is a {r.kind} action on the {r.track} track: it runs beside the phase steps and is not "
                    "scored against them.")
    for t in r.unpaid_terms:
        text.append(f"Not counted: {term_text(t.model_dump())}, because {t.reason}.")
    if requires:
        text.append("It requires " + ", ".join(f"{q['id']} (reached by month {q['end_month']})" for q in requires)
                    + ": it starts only once they are reached.")
    elif r.kind in ("climb", "restore"):
        text.append("It requires no other step of the plan to be reached first.")
    if r.co_requisites:
        text.append("It is one workstream with " + ", ".join(r.co_requisites) + ": they start in the same period.")
    for c in r.checks:
        text.append(f"Check first: {c.text}.")
    return {"start_month": r.start_month, "end_month": r.end_month, "wave": r.wave, "score": r.score,
            "terms": [t.model_dump() for t in r.score_terms], "unpaid_terms": [t.model_dump() for t in r.unpaid_terms],
            "requires": requires, "co_requisites": list(r.co_requisites), "text": text}


def _why_not_earlier(view: _PlanView, r: Recommendation) -> dict:
    """What the scheduler recorded about the step's start: the prerequisites it waited for, a hold, or no room."""
    p = r.placement
    out = {"reason": p.code, "waited_for": [{"id": q, "end_month": view.steps[q].end_month}
                                            for q in p.waited_for if q in view.steps],
           "holds": [h.model_dump() for h in r.holds], "text": []}
    if p.code in ("first-period", "beside"):
        out["text"].append("It starts at once, in the first period." if p.code == "first-period" else
                           f"It {p.text}.")
    else:
        out["text"].append(p.text[0].upper() + p.text[1:] + ".")
    held = [iv for iv in r.interventions if iv.held is not None]
    if held:
        out["text"].append(f"{len(held)} of its interventions start later than the step: "
                           + "; ".join(f"{iv.title} (from month {iv.start_month}: {iv.held.reason})" for iv in held[:3])
                           + ("; ..." if len(held) > 3 else "") + ".")
    ties = [t for t in view.plan.ties if r.id in (t.first, t.second)]
    out["text"] += [t.text for t in ties]
    return out


def _what_would_change(view: _PlanView, r: Recommendation) -> dict:
    items = []
    for q in r.placement.waited_for:
        pre = view.steps.get(q)
        if pre is None:
            continue
        items.append({"kind": "prerequisite", "id": q, "end_month": pre.end_month,
                      "text": f"It waits for {q}, expected by month {pre.end_month}: if {pre.subdomain} were already "
                              f"at phase {pre.to_phase} (or reached it sooner), it could start sooner, capacity "
                              "permitting."})
    for h in r.holds:
        items.append({"kind": "hold", "until_month": h.until_month, "reason": h.reason, "rule": h.rule,
                      "text": f"A plan-wide rule ({h.rule}) holds it until month {h.until_month}: {h.reason}."})
    if r.placement.code == "capacity":
        items.append({"kind": "capacity", "capacity": view.plan.capacity, "per_lead": view.plan.per_lead_capacity,
                      "text": f"More room (--capacity above {view.plan.capacity}, --per-lead above "
                              f"{view.plan.per_lead_capacity}) or a higher score than the steps running before it "
                              "could start it sooner."})
    terms = {}
    for t in r.score_terms:
        terms.setdefault(t.rule, []).append(t)
    for rule, ts in sorted(terms.items()):
        contexts, figures = _depends_on(r, rule)
        weight = sum(t.weight for t in ts)
        if contexts:
            items.append({"kind": "context", "rule": rule, "contexts": contexts, "weight": weight,
                          "text": f"{signed(weight)} of its score comes from rule {rule}, which depends on the "
                                  f"context {', '.join(contexts)}: without it the score would be "
                                  f"{number(r.score - weight)}."})
        if figures:
            items.append({"kind": "figure", "rule": rule, "figures": figures, "weight": weight,
                          "text": f"{signed(weight)} of its score comes from rule {rule}, which depends on the "
                                  f"figures {', '.join(figures)}: with the figures within the standard the score "
                                  f"would be {number(r.score - weight)}."})
    if r.kind in ("climb", "restore"):
        items.append(_margin(view, r))
    return {"items": items, "text": [x["text"] for x in items]}


def _depends_on(r: Recommendation, rule: str) -> tuple[list[str], list[str]]:
    """The contexts and case management figures the firings of `rule` for this step matched (from the trace of
    the step's rationale): facts with a context (context, exposure, risk, offer), and findings on figures."""
    contexts, figures = set(), set()
    for x in r.rationale:
        if x["rule"] != rule:
            continue
        for fact in x["facts"].values():
            if "context" in fact:
                contexts.add(fact["context"])
            if fact.get("type") == "finding":
                figures.add(f"{fact['metric']} {number(fact['value'])} (standard {number(fact['limit'])})")
    return sorted(contexts), sorted(figures)


def _margin(view: _PlanView, r: Recommendation) -> dict:
    """How far the step's score is from the first deferred step (the closest step left out)."""
    first_deferred = next((d for d in view.plan.deferred if d.kind in ("climb", "restore")), None)
    if first_deferred is None:
        text = f"Its score is {number(r.score)}; no step is deferred, so the score does not decide whether it is in."
        close = False
    else:
        gap = r.score - first_deferred.score
        close = gap <= CLOSE_MARGIN
        text = (f"Its score {number(r.score)} is {number(abs(gap))} {'above' if gap >= 0 else 'below'} "
                f"{first_deferred.id} ({number(first_deferred.score)}), the first step left out.")
        if close:
            text += (f" The margin is small ({number(CLOSE_MARGIN)} point or less): one term more or less could "
                     "change what fits.")
    return {"kind": "margin", "score": r.score, "close": close,
            "first_deferred": None if first_deferred is None else
            {"id": first_deferred.id, "score": first_deferred.score}, "text": text}


def _explain_deferred(record: dict, view: _PlanView, d) -> dict:
    waiting = [q for q in d.requires if q not in view.steps]
    changes = []
    if waiting:
        changes.append(f"It waits for {', '.join(waiting)}, which {'is' if len(waiting) == 1 else 'are'} not "
                       "scheduled either: whatever brings them into the plan brings it closer.")
    if d.reason_code == "capacity":
        changes.append(f"It scores {number(d.score)}: more room (--capacity, --per-lead), a longer horizon "
                       "(--horizon-years), or a higher score than the steps that took the places would fit it.")
    elif d.reason_code == "handed-over":
        changes.append("A partner that can resource a longer-term response can carry it.")
    else:
        changes.append("A longer horizon (--horizon-years) gives it later periods to start in.")
    for t in d.unpaid_terms:
        changes.append(f"Not counted in its score: {term_text(t.model_dump())}, because {t.reason}.")
    return {"kind": "deferred", **_heading(record),
            "step": {"id": d.id, "score": d.score, "requires": d.requires,
                     "label": f"{d.id} (subdomain {d.subdomain}: {d.from_phase} -> {d.to_phase})"},
            "why_deferred": {"reason": d.reason, "code": d.reason_code,
                             "text": [f"The plan has this step but does not schedule it: {d.reason}."]},
            "what_would_change_it": {"text": changes}}
